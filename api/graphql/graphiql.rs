//! The GraphiQL page at `/graphiql` and its vendored assets: every script from this service.

use actix_web::http::header::{self, HeaderValue};
use actix_web::{web, HttpRequest, HttpResponse};

use crate::http::problem::ApiError;
use crate::http::respond;

/// Our page around GraphiQL: every script from this service, none inline.
const CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; \
    img-src 'self' data:; font-src 'self' data:; connect-src 'self'; base-uri 'self'; \
    form-action 'none'; frame-ancestors 'none'";

pub(super) async fn graphiql(req: HttpRequest) -> HttpResponse {
    let mut res = respond::cached(
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

pub(super) async fn asset(
    req: HttpRequest,
    file: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    match asset_bytes(&file) {
        Some((content_type, bytes)) => Ok(respond::cached(&req, content_type, bytes.to_vec())),
        None => Err(ApiError::not_found(format!("no GraphiQL asset `{file}`"))),
    }
}
