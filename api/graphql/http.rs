//! `/graphql` over HTTP (GET and POST, `application/json`), its SDL at `/graphql/schema.graphql`,
//! and the GraphiQL page at `/graphiql`.
//!
//! GET responses carry the same strong ETag and `Cache-Control` as REST reads and answer
//! `If-None-Match` with 304; POST responses are not cached. Every response says in
//! `X-SQL-Statements` how many SQL statements it cost.

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderValue};
use actix_web::http::{Method, StatusCode};
use actix_web::middleware::Next;
use actix_web::{web, HttpRequest, HttpResponse};
use async_graphql::futures_util::StreamExt;
use serde_json::json;

use super::errors::code;
use super::loaders::Session;
use super::schema::{shared, Graph};
use crate::rest;
use crate::rest::problem::ApiError;
use crate::state::AppState;

/// How many SQL statements a GraphQL response cost.
pub const SQL_STATEMENTS: &str = "x-sql-statements";

/// Room for variables and the JSON around the query; the query itself is limited by the schema.
const MAX_BODY_BYTES: usize = 64 * 1024;

/// `/graphql` (GET, POST) and `/graphiql` with its assets.
pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(
        web::resource("/graphql")
            .route(web::get().to(get))
            .route(web::post().to(post))
            .default_service(web::to(not_allowed)),
    )
    .service(
        web::resource("/graphql/schema.graphql")
            .route(web::get().to(schema_sdl))
            .default_service(web::to(read_only)),
    )
    .service(
        web::resource("/graphiql")
            .route(web::get().to(graphiql))
            .default_service(web::to(read_only)),
    )
    .service(
        web::resource("/graphiql/assets/{file}")
            .route(web::get().to(asset))
            .default_service(web::to(read_only)),
    );
}

/// A GraphQL-shaped error outside execution: the request could not be taken as GraphQL at all.
fn rejection(status: StatusCode, code: &str, message: impl Into<String>) -> HttpResponse {
    HttpResponse::build(status)
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .json(json!({ "errors": [{ "message": message.into(), "extensions": { "code": code } }] }))
}

async fn not_allowed(req: HttpRequest) -> HttpResponse {
    let mut res = rejection(
        StatusCode::METHOD_NOT_ALLOWED,
        code::BAD_REQUEST,
        format!(
            "{} is not allowed on {}; use GET or POST",
            req.method(),
            req.path()
        ),
    );
    res.headers_mut().insert(
        header::ALLOW,
        HeaderValue::from_static("GET, POST, OPTIONS"),
    );
    res
}

/// The pages beside `/graphql` are read-only, and answer like REST: problem+json.
async fn read_only(req: HttpRequest) -> Result<HttpResponse, ApiError> {
    Err(ApiError::MethodNotAllowed(format!(
        "{} is not allowed on {}; it is read-only",
        req.method(),
        req.path()
    )))
}

/// A request without a query is not a GraphQL request.
fn without_query(request: &async_graphql::Request) -> Option<HttpResponse> {
    request.query.trim().is_empty().then(|| {
        rejection(
            StatusCode::BAD_REQUEST,
            code::BAD_REQUEST,
            "no query: give `query` (and optionally `variables` as JSON, `operationName`)",
        )
    })
}

/// The schema to run: the application's own (tests set other limits), else the shared one.
fn schema(req: &HttpRequest) -> Graph {
    req.app_data::<web::Data<Graph>>()
        .map(|s| s.get_ref().clone())
        .unwrap_or_else(|| shared().clone())
}

/// Runs a request; returns the JSON body, whether it holds errors, and its SQL statement count.
async fn execute(
    req: &HttpRequest,
    request: async_graphql::Request,
) -> Result<(Vec<u8>, bool, u64), HttpResponse> {
    let Some(state) = req.app_data::<web::Data<AppState>>() else {
        return Err(rejection(
            StatusCode::INTERNAL_SERVER_ERROR,
            code::INTERNAL,
            "no application state",
        ));
    };
    let session = Session::new(state.db.clone());
    let request = request.data(session.clone()).data(session.loader());
    let response = schema(req).execute(request).await;
    let ok = response.errors.is_empty();
    let body = serde_json::to_vec(&response).map_err(|e| {
        tracing::error!(error = %e, "serializing a GraphQL response");
        rejection(
            StatusCode::INTERNAL_SERVER_ERROR,
            code::INTERNAL,
            "the response could not be written",
        )
    })?;
    Ok((body, ok, session.statements()))
}

fn with_statements(mut res: HttpResponse, statements: u64) -> HttpResponse {
    if let Ok(v) = HeaderValue::from_str(&statements.to_string()) {
        res.headers_mut()
            .insert(header::HeaderName::from_static(SQL_STATEMENTS), v);
    }
    res
}

/// `GET /graphql?query=…&variables=…&operationName=…`: cacheable like any REST read.
async fn get(req: HttpRequest) -> HttpResponse {
    let request = match async_graphql::http::parse_query_string(req.query_string()) {
        Ok(r) => r,
        Err(e) => {
            return rejection(
                StatusCode::BAD_REQUEST,
                code::BAD_REQUEST,
                format!("the query string is not a GraphQL request: {e}; give `query` (and optionally `variables` as JSON, `operationName`)"),
            )
        }
    };
    if let Some(res) = without_query(&request) {
        return res;
    }
    let (body, ok, statements) = match execute(&req, request).await {
        Ok(r) => r,
        Err(res) => return res,
    };
    let res = if ok {
        rest::cached(&req, "application/json", body)
    } else {
        // Errors may be passing (an outage); never let a cache keep them.
        HttpResponse::Ok()
            .content_type("application/json")
            .insert_header((header::CACHE_CONTROL, "no-store"))
            .body(body)
    };
    with_statements(res, statements)
}

/// `POST /graphql` with `Content-Type: application/json` and `{"query", "variables", "operationName"}`.
async fn post(req: HttpRequest, mut payload: web::Payload) -> HttpResponse {
    let json = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|t| t.trim().eq_ignore_ascii_case("application/json"));
    if !json {
        return rejection(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            code::BAD_REQUEST,
            "send the request as Content-Type: application/json",
        );
    }
    let mut body = web::BytesMut::new();
    while let Some(chunk) = payload.next().await {
        let Ok(chunk) = chunk else {
            return rejection(
                StatusCode::BAD_REQUEST,
                code::BAD_REQUEST,
                "the request body could not be read",
            );
        };
        if body.len() + chunk.len() > MAX_BODY_BYTES {
            return rejection(
                StatusCode::PAYLOAD_TOO_LARGE,
                code::QUERY_TOO_LARGE,
                format!("the request body is larger than {MAX_BODY_BYTES} bytes"),
            );
        }
        body.extend_from_slice(&chunk);
    }
    let request: async_graphql::Request = match serde_json::from_slice(&body) {
        Ok(r) => r,
        Err(e) => {
            return rejection(
                StatusCode::BAD_REQUEST,
                code::BAD_REQUEST,
                format!("the body is not a GraphQL request: {e}; send {{\"query\": \"…\", \"variables\": {{…}}}}"),
            )
        }
    };
    if let Some(res) = without_query(&request) {
        return res;
    }
    let (body, _, statements) = match execute(&req, request).await {
        Ok(r) => r,
        Err(res) => return res,
    };
    with_statements(
        HttpResponse::Ok()
            .content_type("application/json")
            .insert_header((header::CACHE_CONTROL, "no-store"))
            .body(body),
        statements,
    )
}

/// Answers CORS preflights for `/graphql`, which unlike the read-only rest also takes POST with a
/// JSON body. Everything else goes on to the application's CORS, which allows reads only; it adds
/// the `Access-Control-Allow-Origin` of the actual request, whatever its method.
pub async fn preflight(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let is_preflight = req.method() == Method::OPTIONS
        && req.path() == "/graphql"
        && req
            .headers()
            .contains_key(header::ACCESS_CONTROL_REQUEST_METHOD);
    let origin = req.headers().get(header::ORIGIN).cloned();
    match (is_preflight, origin) {
        (true, Some(origin)) => {
            let res = HttpResponse::Ok()
                .insert_header((header::ACCESS_CONTROL_ALLOW_ORIGIN, origin))
                .insert_header((header::ACCESS_CONTROL_ALLOW_METHODS, "GET, POST, OPTIONS"))
                .insert_header((header::ACCESS_CONTROL_ALLOW_HEADERS, "content-type"))
                .insert_header((header::ACCESS_CONTROL_MAX_AGE, "86400"))
                .insert_header((
                    header::VARY,
                    "Origin, Access-Control-Request-Method, Access-Control-Request-Headers",
                ))
                .finish();
            Ok(req.into_response(res).map_into_right_body())
        }
        _ => Ok(next.call(req).await?.map_into_left_body()),
    }
}

/// The schema in SDL: what `schema/schema.graphql` holds and `openpledges graphql-schema` prints.
async fn schema_sdl(req: HttpRequest) -> HttpResponse {
    rest::cached(
        &req,
        "text/plain; charset=utf-8",
        schema(&req).sdl().into_bytes(),
    )
}

/// Our page around GraphiQL: every script from this service, none inline.
const CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; \
    img-src 'self' data:; font-src 'self' data:; connect-src 'self'; base-uri 'self'; \
    form-action 'none'; frame-ancestors 'none'";

async fn graphiql(req: HttpRequest) -> HttpResponse {
    let mut res = rest::cached(
        &req,
        "text/html; charset=utf-8",
        include_bytes!("assets/index.html").to_vec(),
    );
    res.headers_mut().insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CSP),
    );
    res
}

/// The vendored GraphiQL files (see `assets/README.md`), and their licences.
fn asset_bytes(name: &str) -> Option<(&'static str, &'static [u8])> {
    Some(match name {
        "graphiql-3.9.0.min.js" => (
            "text/javascript; charset=utf-8",
            include_bytes!("assets/graphiql-3.9.0.min.js"),
        ),
        "graphiql-3.9.0.min.css" => (
            "text/css; charset=utf-8",
            include_bytes!("assets/graphiql-3.9.0.min.css"),
        ),
        "react-18.3.1.production.min.js" => (
            "text/javascript; charset=utf-8",
            include_bytes!("assets/react-18.3.1.production.min.js"),
        ),
        "react-dom-18.3.1.production.min.js" => (
            "text/javascript; charset=utf-8",
            include_bytes!("assets/react-dom-18.3.1.production.min.js"),
        ),
        "boot.js" => (
            "text/javascript; charset=utf-8",
            include_bytes!("assets/boot.js"),
        ),
        "LICENSE.graphiql" => (
            "text/plain; charset=utf-8",
            include_bytes!("assets/LICENSE.graphiql"),
        ),
        "LICENSE.react" => (
            "text/plain; charset=utf-8",
            include_bytes!("assets/LICENSE.react"),
        ),
        "LICENSE.react-dom" => (
            "text/plain; charset=utf-8",
            include_bytes!("assets/LICENSE.react-dom"),
        ),
        "THIRD_PARTY_LICENSES.txt" => (
            "text/plain; charset=utf-8",
            include_bytes!("assets/THIRD_PARTY_LICENSES.txt"),
        ),
        _ => return None,
    })
}

async fn asset(req: HttpRequest, file: web::Path<String>) -> Result<HttpResponse, ApiError> {
    match asset_bytes(&file) {
        Some((content_type, bytes)) => Ok(rest::cached(&req, content_type, bytes.to_vec())),
        None => Err(ApiError::not_found(format!("no GraphiQL asset `{file}`"))),
    }
}
