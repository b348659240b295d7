//! `GET /v1`, the API's index (the DataService endpoint DCAT names), and `GET /problems/{type}`, a
//! page for each problem `type` URI, so that the URIs in error responses resolve (RFC 9457 §3.1.1).

use actix_web::{get, web, HttpRequest, HttpResponse};
use serde::Serialize;
use utoipa::ToSchema;

use super::params::Params;
use super::problem::{ApiError, Problem};
use crate::state::AppState;

/// Where everything is: absolute links under the service's public URL.
#[derive(Debug, Serialize, ToSchema)]
pub struct Index {
    /// The contract's version (the README's changelog, `info.version` of the OpenAPI document).
    #[schema(example = "0.6.0")]
    pub api_version: String,
    /// Every REST collection, by name.
    pub collections: std::collections::BTreeMap<String, String>,
    /// The other ways in: OpenAPI, documentation, GraphQL, bulk files, catalogue, feeds.
    pub links: std::collections::BTreeMap<String, String>,
}

const COLLECTIONS: &[&str] = &[
    "municipalities",
    "agreements",
    "pledges",
    "focus-areas",
    "activities",
    "themes",
    "sources",
    "people",
    "events",
    "statements",
];

/// The API's index
///
/// Links to every collection and to the other ways into the data.
#[utoipa::path(
    operation_id = "getIndex",
    tag = "meta",
    responses(
        (status = 200, description = "Links to every collection, OpenAPI, GraphQL, exports and DCAT.", body = Index),
        (status = 304, description = "Not modified (`If-None-Match`)."),
        (status = 400, description = "A query parameter was given; this endpoint takes none.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/v1")]
pub async fn index(req: HttpRequest, state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    answer_index(req, state)
}

/// `/v1/` answers as `/v1`.
#[get("/v1/")]
pub async fn index_slash(
    req: HttpRequest,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    answer_index(req, state)
}

fn answer_index(req: HttpRequest, state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    Params::parse(req.query_string(), &[])?;
    let base = state.base_url(&req);
    let collections = COLLECTIONS
        .iter()
        .map(|c| (c.replace('-', "_"), format!("{base}/v1/{c}")))
        .collect();
    let links = [
        ("openapi", "/openapi.json"),
        ("docs", "/docs/"),
        ("graphql", "/graphql"),
        ("graphiql", "/graphiql"),
        ("graphql_schema", "/graphql/schema.graphql"),
        ("search", "/v1/search"),
        ("compare", "/v1/compare"),
        ("meta", "/v1/meta"),
        ("changes", "/v1/changes"),
        ("feed", "/feed.atom"),
        ("exports", "/v1/exports/"),
        ("dcat", "/dcat.jsonld"),
        ("widget", "/widget.js"),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), format!("{base}{v}")))
    .collect();
    super::json_ok(
        &req,
        &Index {
            api_version: env!("CARGO_PKG_VERSION").to_owned(),
            collections,
            links,
        },
    )
}

/// Each problem `type` this service answers with: (type, status, title, what it means and what to do).
pub const PROBLEM_TYPES: &[(&str, u16, &str, &str)] = &[
    ("bad-request", 400, "Bad Request", "A parameter is unknown, given twice, or has a value the endpoint does not accept. `errors` names each field and says what is wrong; nothing was changed. Correct the request and send it again."),
    ("not-found", 404, "Not Found", "No record has this id, or no resource is at this path. Ids are stable once published; check the spelling, or find the record through its collection or `/v1/search`."),
    ("unknown-municipality", 404, "Not Found", "No municipality has this slug or kommunkod. `/v1/municipalities` lists them."),
    ("no-pledge", 404, "Not Found", "The municipality exists, but the dataset records no pledge for it yet."),
    ("method-not-allowed", 405, "Method Not Allowed", "The API is read-only: only GET, HEAD and OPTIONS are answered."),
    ("request-timeout", 408, "Request Timeout", "The request's line and header fields did not arrive within 5 seconds of the connection, or its body within 10 seconds of its headers. Send the request whole and promptly."),
    ("payload-too-large", 413, "Payload Too Large", "The request's body is over 64 KiB. GraphQL queries are at most 16 KiB; use variables, not literal lists, for large inputs."),
    ("request-header-fields-too-large", 431, "Request Header Fields Too Large", "The request has more than 96 header fields, or its line and header fields together are over 128 KiB. Long GraphQL queries belong in a POST body, not in the URL."),
    ("rate-limited", 429, "Too Many Requests", "This client has used one of its budgets (`RateLimit-Policy` names them). Wait the seconds `Retry-After` gives. For bulk work, download `/v1/exports/` instead of paging through the API."),
    ("range-not-satisfiable", 416, "Range Not Satisfiable", "The `Range` of a download lies outside the file; `Content-Range` gives the file's length. Ask again within it, or without `Range`."),
    ("internal", 500, "Internal Server Error", "Something went wrong on our side; it has been logged with the request id (`X-Request-Id`). Quote that id if you report it."),
    ("not-implemented", 501, "Not Implemented", "The request asks for something this service does not offer, such as oEmbed as XML: only JSON is served."),
    ("unavailable", 503, "Service Unavailable", "The database is unreachable, or the service is starting or shutting down. Try again after the seconds `Retry-After` gives."),
];

/// A problem type
///
/// What a problem `type` means and what to do about it, as a page for people.
#[utoipa::path(
    operation_id = "getProblemType",
    tag = "meta",
    params(("type" = String, Path, description = "The last part of a problem's `type` URI.", example = "bad-request")),
    responses(
        (status = 200, description = "The problem type described.", content_type = "text/html"),
        (status = 304, description = "Not modified (`If-None-Match`)."),
        (status = 400, description = "A query parameter was given; this page takes none.", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such problem type.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/problems/{type}")]
pub async fn problem_type(
    req: HttpRequest,
    kind: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    Params::parse(req.query_string(), &[])?;
    let kind = kind.into_inner();
    let Some((name, status, title, meaning)) = PROBLEM_TYPES.iter().find(|p| p.0 == kind) else {
        return Err(ApiError::not_found(format!("no problem type `{kind}`; see /problems/bad-request and the others in the OpenAPI document")));
    };
    let page = format!(
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>{title} ({status}) — OpenPledges problem types</title></head>\n\
         <body><main><h1>{title}</h1><p>HTTP status <strong>{status}</strong>, problem type <code>/problems/{name}</code>, code <code>{code}</code>.</p>\n\
         <p>{meaning}</p><p>Every error of this API is an RFC 9457 problem document (<code>application/problem+json</code>) with <code>type</code>, <code>title</code>, <code>status</code>, <code>detail</code> and <code>code</code>.</p>\n\
         <p><a href=\"/v1\">The API's index</a> · <a href=\"/docs/\">Documentation</a></p></main></body></html>\n",
        meaning = html_escape(meaning),
        code = name.replace('-', "_"),
    );
    Ok(super::cached(
        &req,
        "text/html; charset=utf-8",
        page.into_bytes(),
    ))
}

fn html_escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('`', "")
}
