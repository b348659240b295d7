//! The actix application: shared state, middleware, routes. Used by `main` and by the tests.

use std::sync::{Arc, OnceLock};

use actix_cors::Cors;
use actix_web::body::{self, BoxBody, EitherBody, MessageBody};
use actix_web::dev::{ServiceFactory, ServiceRequest, ServiceResponse};
use actix_web::http::{header, Method, StatusCode};
use actix_web::middleware::{from_fn, Compress, Next};
use actix_web::{web, App, HttpRequest, HttpResponse};

use crate::embed;
use crate::graphql;
use crate::http::problem::{ApiError, Problem};
use crate::rest;
use crate::telemetry;

pub use crate::state::AppState;

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
    // Public, read-only data: `*` rather than the echoed origin, so shared caches keep one copy.
    let cors = Cors::default()
        .allow_any_origin()
        .send_wildcard()
        .allowed_methods(["GET", "HEAD", "OPTIONS"])
        .expose_headers([
            "ETag",
            "Link",
            "X-Request-Id",
            "X-Total-Count",
            "Retry-After",
            "RateLimit",
            "RateLimit-Policy",
            "API-Version",
        ])
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
        // Innermost first: the outer layers see (and log) the request as the client sent it.
        .wrap(from_fn(crate::guards::cache::middleware))
        .wrap(from_fn(head_as_get))
        .wrap(from_fn(reject_malformed))
        .wrap(cors)
        .wrap(from_fn(graphql::http::preflight))
        .wrap(from_fn(crate::guards::middleware))
        .wrap(from_fn(errors_as_problems))
        .wrap(from_fn(crate::http::encode::middleware))
        .wrap(Compress::default())
        .wrap(from_fn(telemetry::metrics::middleware))
        .wrap(from_fn(telemetry::request_log))
        .wrap(
            actix_web::middleware::DefaultHeaders::new()
                .add((header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
                // The contract's version, as in the OpenAPI document, /v1/meta and the changelog.
                .add(("API-Version", env!("CARGO_PKG_VERSION"))),
        )
        .configure(rest::routes)
        .configure(embed::routes)
        .configure(graphql::http::routes)
        .route("/metrics", web::get().to(telemetry::metrics::serve))
        .route("/openapi.json", web::get().to(openapi_json))
        .route("/docs", web::get().to(docs_redirect))
        .route("/docs/{file:.*}", web::get().to(docs))
        .default_service(web::to(fallback))
}

async fn openapi_json(req: HttpRequest) -> Result<HttpResponse, ApiError> {
    Ok(rest::cached(
        &req,
        "application/json",
        rest::openapi::document().into_bytes(),
    ))
}

/// Swagger UI reads `/openapi.json` from this origin. The validator is off: by default the UI would
/// ask validator.swagger.io, and the docs must make no request to any other host.
fn swagger_config() -> Arc<utoipa_swagger_ui::Config<'static>> {
    static CONFIG: OnceLock<Arc<utoipa_swagger_ui::Config<'static>>> = OnceLock::new();
    CONFIG
        .get_or_init(|| {
            Arc::new(utoipa_swagger_ui::Config::new(["/openapi.json"]).validator_url("none"))
        })
        .clone()
}

/// The browser may block anything but this origin; Swagger UI needs inline styles and data: images.
const DOCS_CSP: &str = "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; \
                        object-src 'none'; frame-ancestors 'self'; base-uri 'none'; form-action 'none'";

async fn docs_redirect() -> HttpResponse {
    HttpResponse::PermanentRedirect()
        .insert_header((header::LOCATION, "/docs/"))
        .finish()
}

/// Swagger UI's files, built into the binary (utoipa-swagger-ui's `vendored` feature), with the same
/// ETag and caching as the API.
async fn docs(req: HttpRequest, file: web::Path<String>) -> Result<HttpResponse, ApiError> {
    let file = file.into_inner();
    let found = utoipa_swagger_ui::serve(&file, swagger_config()).map_err(ApiError::internal)?;
    let Some(found) = found else {
        return Err(ApiError::not_found(format!(
            "no resource at {}",
            req.path()
        )));
    };
    let mut res = rest::cached(&req, &found.content_type, found.bytes.into_owned());
    res.headers_mut().insert(
        header::CONTENT_SECURITY_POLICY,
        header::HeaderValue::from_static(DOCS_CSP),
    );
    Ok(res)
}

/// HEAD is answered by the GET handler; the HTTP layer, which saw HEAD, sends no body.
async fn head_as_get(
    mut req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    if req.method() == Method::HEAD {
        req.head_mut().method = Method::GET;
    }
    next.call(req).await
}

/// Under `/v1`, a query string or path that is not well-formed percent-encoded UTF-8, or that
/// holds a NUL (which PostgreSQL text cannot), is a 400 before any handler sees it: decoders
/// further in would quietly turn it into something else. (Probes and docs take no parameters.)
async fn reject_malformed(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<EitherBody<impl MessageBody>>, actix_web::Error> {
    if !req.path().starts_with("/v1/") {
        return Ok(next.call(req).await?.map_into_left_body());
    }
    let problem = percent_decoded(req.query_string())
        .map_err(|e| format!("the query string is malformed: {e}"))
        .and_then(|_| {
            percent_decoded(req.path()).map_err(|e| format!("the path is malformed: {e}"))
        });
    match problem {
        Ok(()) => Ok(next.call(req).await?.map_into_left_body()),
        Err(detail) => {
            let err = ApiError::BadRequest {
                detail,
                errors: vec![],
            };
            Ok(req.error_response(err).map_into_right_body())
        }
    }
}

/// Checks that `s` percent-decodes to UTF-8 without NUL.
fn percent_decoded(s: &str) -> Result<(), String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = bytes
                .get(i + 1..i + 3)
                .filter(|h| h.iter().all(u8::is_ascii_hexdigit));
            let Some(hex) = hex else {
                return Err(format!("`%` at {i} is not followed by two hex digits"));
            };
            let hex = std::str::from_utf8(hex).unwrap_or("00");
            out.push(u8::from_str_radix(hex, 16).unwrap_or(0));
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    let text = String::from_utf8(out).map_err(|_| "percent-encoded bytes that are not UTF-8")?;
    if text.contains('\0') {
        return Err("a NUL character (%00)".into());
    }
    Ok(())
}

/// Every error is a problem document: errors made by middleware and by actix itself (CORS
/// refusals, for one) arrive as plain text or bare statuses and are rewritten here, with their
/// text as the detail.
async fn errors_as_problems(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<EitherBody<impl MessageBody, BoxBody>>, actix_web::Error> {
    // Handlers' and extractors' errors arrive here as responses; an `Err` could only come from a
    // middleware, and actix renders it with its own `error_response` (ours are problems).
    let res = next.call(req).await?;
    let is_problem = res
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(b"application/problem+json"));
    // GraphQL answers its errors in its own format, with `extensions.code`.
    let is_graphql = res
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(b"application/json"))
        && res.request().path().starts_with("/graphql");
    // Pages for people answer their errors as readable HTML pages.
    let is_page = res
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(b"text/html"))
        && embed::is_page(res.request().path());
    if res.status().as_u16() < 400 || is_problem || is_graphql || is_page {
        return Ok(res.map_into_left_body());
    }
    Ok(as_problem(res).await.map_into_right_body())
}

async fn as_problem(res: ServiceResponse<impl MessageBody>) -> ServiceResponse<BoxBody> {
    let status = res.status();
    let (req, res) = res.into_parts();
    let mut headers = res.headers().clone();
    let encoded = headers.contains_key(header::CONTENT_ENCODING);
    let text = match body::to_bytes_limited(res.into_body(), 2048).await {
        Ok(Ok(bytes)) if !encoded => String::from_utf8(bytes.to_vec()).unwrap_or_default(),
        _ => String::new(),
    };
    let reason = status.canonical_reason().unwrap_or("Error");
    let code = match status {
        StatusCode::BAD_REQUEST => "bad_request".to_owned(),
        StatusCode::NOT_FOUND => "not_found".to_owned(),
        StatusCode::METHOD_NOT_ALLOWED => "method_not_allowed".to_owned(),
        StatusCode::SERVICE_UNAVAILABLE => "unavailable".to_owned(),
        StatusCode::INTERNAL_SERVER_ERROR => "internal".to_owned(),
        _ => reason.to_ascii_lowercase().replace([' ', '-'], "_"),
    };
    // A 5xx's text may hold internals; only client errors keep theirs.
    let detail = if status.is_client_error() && !text.trim().is_empty() {
        text.trim().to_owned()
    } else {
        reason.to_owned()
    };
    let problem = Problem {
        kind: format!("/problems/{}", code.replace('_', "-")),
        title: reason.to_owned(),
        status: status.as_u16(),
        detail,
        code,
        errors: vec![],
    };
    for h in [
        header::CONTENT_TYPE,
        header::CONTENT_LENGTH,
        header::CONTENT_ENCODING,
        header::TRANSFER_ENCODING,
        header::ETAG,
    ] {
        headers.remove(h);
    }
    let mut out = HttpResponse::build(status);
    for (k, v) in headers.iter() {
        out.append_header((k.clone(), v.clone()));
    }
    let out = out
        .insert_header((header::CONTENT_TYPE, "application/problem+json"))
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .body(serde_json::to_string(&problem).unwrap_or_default());
    ServiceResponse::new(req, out)
}

/// No route matched: 405 when the path exists for another method (OPTIONS lists the methods),
/// else 404; always problem+json.
async fn fallback(req: HttpRequest) -> Result<HttpResponse, ApiError> {
    let known = rest::KNOWN_PATHS
        .iter()
        .chain(embed::KNOWN_PATHS)
        .any(|p| actix_web::dev::ResourceDef::new(*p).is_match(req.path()));
    if known && req.method() == Method::OPTIONS {
        return Ok(HttpResponse::NoContent()
            .insert_header((header::ALLOW, "GET, HEAD, OPTIONS"))
            .finish());
    }
    if !known && embed::is_page(req.path()) {
        return Ok(embed::not_found(&req));
    }
    Err(if known && req.method() != Method::GET {
        ApiError::MethodNotAllowed(format!(
            "{} is not allowed on {}; this API is read-only",
            req.method(),
            req.path()
        ))
    } else {
        ApiError::not_found(format!("no resource at {}", req.path()))
    })
}

#[cfg(test)]
mod tests {
    use super::percent_decoded;

    #[test]
    fn percent_encoding_must_be_utf8_without_nul() {
        for ok in [
            "",
            "a=1&b=2",
            "q=trafiks%C3%A4kerhet",
            "q=a+b",
            "x=%2F%2f",
            "/v1/a%2Fb",
        ] {
            assert_eq!(percent_decoded(ok), Ok(()), "{ok}");
        }
        for bad in [
            "%", "a=%2", "%zz=1", "a=%+1", "a=%FF", "a=%C0%AF", "a=%E2%82", "a=%00", "/v1/x%00",
        ] {
            assert!(percent_decoded(bad).is_err(), "{bad}");
        }
    }
}
