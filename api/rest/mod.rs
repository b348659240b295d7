//! The REST interface under `/v1`: thin handlers over `queries`, one module per resource.

pub mod health;
pub mod municipalities;
pub mod openapi;
pub mod params;
pub mod problem;

use actix_web::http::header::{self, EntityTag};
use actix_web::{HttpRequest, HttpResponse};
use serde::Serialize;
use sha2::{Digest, Sha256};
use utoipa::ToSchema;

use params::{encode_cursor, Page, Params};
use problem::ApiError;

pub const CACHE_CONTROL: &str = "public, max-age=60, stale-while-revalidate=300";

/// A page of a collection.
#[derive(Debug, Serialize, ToSchema)]
pub struct List<T> {
    pub data: Vec<T>,
    /// How many records match, over all pages.
    pub total: i64,
    /// Pass as `cursor` for the next page; null on the last page.
    pub next_cursor: Option<String>,
}

/// A JSON 200 with a strong ETag over its bytes, or a 304 when the client already has them.
pub fn json_ok<T: Serialize>(req: &HttpRequest, body: &T) -> Result<HttpResponse, ApiError> {
    let bytes = serde_json::to_vec(body).map_err(ApiError::internal)?;
    Ok(cached(req, "application/json", bytes))
}

pub fn cached(req: &HttpRequest, content_type: &str, bytes: Vec<u8>) -> HttpResponse {
    let tag = EntityTag::new_strong(hex::encode(&Sha256::digest(&bytes)[..16]));
    // If-None-Match compares weakly (RFC 9110 13.1.2): `W/"x"` matches `"x"`.
    let fresh = req
        .headers()
        .get_all(header::IF_NONE_MATCH)
        .filter_map(|v| v.to_str().ok())
        .any(|v| {
            v.split(',')
                .map(str::trim)
                .any(|t| t == "*" || t.trim_start_matches("W/") == tag.to_string())
        });
    let mut res = if fresh {
        HttpResponse::NotModified()
    } else {
        HttpResponse::Ok()
    };
    res.insert_header(header::ETag(tag))
        .insert_header((header::CACHE_CONTROL, CACHE_CONTROL));
    if fresh {
        res.finish()
    } else {
        res.content_type(content_type).body(bytes)
    }
}

/// A page as JSON, with `next_cursor` and an RFC 8288 `Link` header to the next page.
pub fn list_ok<T: Serialize>(
    req: &HttpRequest,
    params: &Params,
    page: &Page,
    rows: Vec<T>,
    total: i64,
    key: impl Fn(&T) -> String,
) -> Result<HttpResponse, ApiError> {
    let next_cursor = if rows.len() == page.limit as usize {
        rows.last().map(|r| encode_cursor(&key(r)))
    } else {
        None
    };
    let link = next_cursor.as_ref().map(|c| {
        format!(
            "<{}?{}>; rel=\"next\"",
            req.path(),
            params.with("cursor", c)
        )
    });
    let mut res = json_ok(
        req,
        &List {
            data: rows,
            total,
            next_cursor,
        },
    )?;
    if let Some(link) = link {
        if let Ok(v) = header::HeaderValue::from_str(&link) {
            res.headers_mut().insert(header::LINK, v);
        }
    }
    Ok(res)
}
