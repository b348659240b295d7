//! `/graphql` over HTTP (GET and POST, `application/json`), its SDL at `/graphql/schema.graphql`,
//! and the GraphiQL page at `/graphiql`.
//!
//! GET responses carry the same strong ETag and `Cache-Control` as REST reads and answer
//! `If-None-Match` with 304; POST responses are not cached. Every response says in
//! `X-SQL-Statements` how many SQL statements it cost and in `X-SQL-Connections` how many pooled
//! connections it held at once. When every error of an answer is the database's absence, the
//! status is 503 with `Retry-After`, as in REST.

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderValue};
use actix_web::http::{Method, StatusCode};
use actix_web::middleware::Next;
use actix_web::{web, HttpRequest, HttpResponse};
use async_graphql::futures_util::StreamExt;
use serde_json::json;

use super::errors::code;
use super::graph::Graph;
use super::graphiql;
use super::limits::{nesting_refusal, Limits};
use super::nesting;
use super::schema::shared;
use super::session::Session;
use crate::http::problem::ApiError;
use crate::http::respond;
use crate::state::AppState;

/// How many SQL statements a GraphQL response cost.
pub const SQL_STATEMENTS: &str = "x-sql-statements";
/// The most pooled connections the request held at once.
pub const SQL_CONNECTIONS: &str = "x-sql-connections";

/// Seconds to wait before asking again when the database is unavailable, as REST says.
const RETRY_AFTER_SECONDS: &str = "5";

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
            .route(web::get().to(graphiql::graphiql))
            .default_service(web::to(read_only)),
    )
    .service(
        web::resource("/graphiql/assets/{file}")
            .route(web::get().to(graphiql::asset))
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

/// What running a request gave: the JSON body, how it went, and what it cost.
struct Outcome {
    body: Vec<u8>,
    kind: Kind,
    statements: u64,
    connections: usize,
}

/// How a request went, for its status and caching.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// No errors.
    Ok,
    /// Errors, at least one of them not an outage.
    Errors,
    /// Every error says the database is unavailable.
    Unavailable,
}

/// Runs a request within the schema's limits.
async fn execute(
    req: &HttpRequest,
    request: async_graphql::Request,
) -> Result<Outcome, HttpResponse> {
    let Some(state) = req.app_data::<web::Data<AppState>>() else {
        return Err(rejection(
            StatusCode::INTERNAL_SERVER_ERROR,
            code::INTERNAL,
            "no application state",
        ));
    };
    let graph = schema(req);
    let limits = *graph.limits();
    let session = Session::new(state.db.clone(), &limits);
    let request = request.data(session.clone()).data(session.loader());
    let response = graph.execute(request).await;
    let kind = if response.errors.is_empty() {
        Kind::Ok
    } else if response.errors.iter().all(|e| {
        e.extensions.as_ref().and_then(|x| x.get("code"))
            == Some(&async_graphql::Value::from(code::UNAVAILABLE))
    }) {
        Kind::Unavailable
    } else {
        Kind::Errors
    };
    let body = match bounded_json(&response, limits.max_response_bytes) {
        Ok(body) => body,
        Err(Unwritten::TooLarge) => {
            let refusal = json!({ "data": null, "errors": [{
                "message": format!(
                    "the answer is larger than {} bytes; at most {} are sent: ask for fewer records or fields",
                    limits.max_response_bytes, limits.max_response_bytes
                ),
                "extensions": { "code": code::RESPONSE_TOO_LARGE },
            }] });
            return Ok(Outcome {
                body: refusal.to_string().into_bytes(),
                kind: Kind::Errors,
                statements: session.statements(),
                connections: session.peak_connections(),
            });
        }
        Err(Unwritten::Failed(e)) => {
            tracing::error!(error = %e, "serializing a GraphQL response");
            return Err(rejection(
                StatusCode::INTERNAL_SERVER_ERROR,
                code::INTERNAL,
                "the response could not be written",
            ));
        }
    };
    Ok(Outcome {
        body,
        kind,
        statements: session.statements(),
        connections: session.peak_connections(),
    })
}

/// Why a response was not written.
enum Unwritten {
    TooLarge,
    Failed(serde_json::Error),
}

/// A buffer that refuses to grow past its limit, so that an answer over it stops being written
/// at the limit instead of being written whole and then thrown away.
struct Bounded {
    buf: Vec<u8>,
    max: usize,
    over: bool,
}

impl std::io::Write for Bounded {
    fn write(&mut self, data: &[u8]) -> std::io::Result<usize> {
        if self.buf.len() + data.len() > self.max {
            self.over = true;
            return Err(std::io::Error::other("the answer is over its size limit"));
        }
        self.buf.extend_from_slice(data);
        Ok(data.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn bounded_json(response: &async_graphql::Response, max: usize) -> Result<Vec<u8>, Unwritten> {
    let mut out = Bounded {
        buf: Vec::new(),
        max,
        over: false,
    };
    match serde_json::to_writer(&mut out, response) {
        Ok(()) => Ok(out.buf),
        Err(_) if out.over => Err(Unwritten::TooLarge),
        Err(e) => Err(Unwritten::Failed(e)),
    }
}

/// The response to an outcome: 503 with `Retry-After` when only the database's absence went
/// wrong, like REST; otherwise 200 with the GraphQL body. Errors are never cached: they may pass.
fn respond(req: &HttpRequest, outcome: Outcome, cacheable: bool) -> HttpResponse {
    let mut res = match outcome.kind {
        Kind::Ok if cacheable => respond::cached(req, "application/json", outcome.body),
        Kind::Unavailable => HttpResponse::ServiceUnavailable()
            .content_type("application/json")
            .insert_header((header::CACHE_CONTROL, "no-store"))
            .insert_header((header::RETRY_AFTER, RETRY_AFTER_SECONDS))
            .body(outcome.body),
        _ => HttpResponse::Ok()
            .content_type("application/json")
            .insert_header((header::CACHE_CONTROL, "no-store"))
            .body(outcome.body),
    };
    for (name, value) in [
        (SQL_STATEMENTS, outcome.statements.to_string()),
        (SQL_CONNECTIONS, outcome.connections.to_string()),
    ] {
        if let Ok(v) = HeaderValue::from_str(&value) {
            res.headers_mut()
                .insert(header::HeaderName::from_static(name), v);
        }
    }
    res
}

/// A refusal of JSON that nests deeper than the limits allow, before it is parsed.
fn too_deep(limits: &Limits, what: &str) -> HttpResponse {
    let e = nesting_refusal(limits.max_nesting, what);
    rejection(StatusCode::BAD_REQUEST, code::NESTING_LIMIT, e.message)
}

/// `GET /graphql?query=…&variables=…&operationName=…`: cacheable like any REST read.
async fn get(req: HttpRequest) -> HttpResponse {
    let limits = *schema(&req).limits();
    // `variables` and `extensions` are JSON: measured before they are parsed.
    if let Ok(pairs) = serde_urlencoded::from_str::<Vec<(String, String)>>(req.query_string()) {
        for (name, value) in &pairs {
            if (name == "variables" || name == "extensions")
                && nesting::json_depth(value.as_bytes(), limits.max_nesting) > limits.max_nesting
            {
                return too_deep(&limits, &format!("`{name}`"));
            }
        }
    }
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
    match execute(&req, request).await {
        Ok(outcome) => respond(&req, outcome, true),
        Err(res) => res,
    }
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
    let limits = *schema(&req).limits();
    // The body's own nesting: `{"query", "variables": {…}}` is two levels around a variable.
    if nesting::json_depth(&body, limits.max_nesting) > limits.max_nesting {
        return too_deep(&limits, "the request's JSON");
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
    match execute(&req, request).await {
        Ok(outcome) => respond(&req, outcome, false),
        Err(res) => res,
    }
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
    respond::cached(
        &req,
        "text/plain; charset=utf-8",
        schema(&req).sdl().into_bytes(),
    )
}
