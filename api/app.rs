//! The actix application: shared state, middleware, routes. Used by `main` and by the tests.

use actix_cors::Cors;
use actix_web::body::MessageBody;
use actix_web::dev::{ServiceFactory, ServiceRequest, ServiceResponse};
use actix_web::middleware::{from_fn, Compress};
use actix_web::{web, App, HttpRequest, HttpResponse};

use std::sync::Arc;
use std::time::Duration;

use crate::cache::{self, ResponseCache};
use crate::db::Db;
use crate::graphql;
use crate::rest::{self, problem::ApiError};
use crate::telemetry;

/// What every handler may reach.
#[derive(Clone)]
pub struct AppState {
    pub db: Db,
    /// Whole-response cache for `/v1/` reads; none in tests that write behind the service's back.
    pub cache: Option<Arc<ResponseCache>>,
}

impl AppState {
    /// Without a response cache.
    pub fn new(db: Db) -> AppState {
        AppState { db, cache: None }
    }

    /// With a response cache, emptied whenever a new dataset version appears in the database.
    pub fn cached(db: Db, watch_every: Duration) -> AppState {
        let cache = Arc::new(ResponseCache::default());
        cache.clone().watch(db.clone(), watch_every);
        AppState {
            db,
            cache: Some(cache),
        }
    }
}

/// The whole application, ready for `HttpServer::new`.
pub fn build(
    state: AppState,
) -> App<
    impl ServiceFactory<
        ServiceRequest,
        Response = ServiceResponse<impl MessageBody>,
        Config = (),
        InitError = (),
        Error = actix_web::Error,
    >,
> {
    let cors = Cors::default()
        .allow_any_origin()
        .allowed_methods(["GET", "HEAD", "OPTIONS"])
        .expose_headers(["ETag", "Link", "X-Request-Id"])
        .max_age(86400);
    App::new()
        .app_data(web::Data::new(state))
        .app_data(
            web::QueryConfig::default()
                .error_handler(|e, _| ApiError::bad_param("query", e.to_string()).into()),
        )
        .app_data(
            web::PathConfig::default()
                .error_handler(|e, _| ApiError::bad_param("path", e.to_string()).into()),
        )
        .wrap(from_fn(cache::middleware))
        .wrap(Compress::default())
        .wrap(cors)
        .wrap(from_fn(graphql::http::preflight))
        .wrap(from_fn(telemetry::request_log))
        .configure(rest::routes)
        .configure(graphql::http::routes)
        .route("/openapi.json", web::get().to(openapi_json))
        .default_service(web::to(fallback))
}

async fn openapi_json(req: HttpRequest) -> Result<HttpResponse, ApiError> {
    Ok(rest::cached(
        &req,
        "application/json",
        rest::openapi::document().into_bytes(),
    ))
}

/// No route matched: 405 when the path exists for another method, else 404; always problem+json.
async fn fallback(req: HttpRequest) -> Result<HttpResponse, ApiError> {
    let known = rest::KNOWN_PATHS
        .iter()
        .any(|p| actix_web::dev::ResourceDef::new(*p).is_match(req.path()));
    Err(if known && req.method() != actix_web::http::Method::GET {
        ApiError::MethodNotAllowed(format!(
            "{} is not allowed on {}; this API is read-only",
            req.method(),
            req.path()
        ))
    } else {
        ApiError::not_found(format!("no resource at {}", req.path()))
    })
}

/// Sends responses at once: with Nagle's algorithm a body written after its headers waits for the
/// client's delayed ACK, some 40 ms.
pub fn no_delay(conn: &dyn std::any::Any, _: &mut actix_web::dev::Extensions) {
    if let Some(tcp) = conn.downcast_ref::<actix_web::rt::net::TcpStream>() {
        let _ = tcp.set_nodelay(true);
    }
}
