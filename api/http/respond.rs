//! Conditional GET: strong ETags over response bytes, answered with 304 when the client has them.

use actix_web::http::header::{self, EntityTag};
use actix_web::{HttpRequest, HttpResponse};
use serde::Serialize;
use sha2::{Digest, Sha256};

use super::problem::ApiError;

pub const CACHE_CONTROL: &str = "public, max-age=60, stale-while-revalidate=300";

/// A JSON 200 with a strong ETag over its bytes, or a 304 when the client already has them.
pub fn json_ok<T: Serialize>(req: &HttpRequest, body: &T) -> Result<HttpResponse, ApiError> {
    let bytes = serde_json::to_vec(body).map_err(ApiError::internal)?;
    Ok(cached(req, "application/json", bytes))
}

pub fn cached(req: &HttpRequest, content_type: &str, bytes: Vec<u8>) -> HttpResponse {
    let tag = EntityTag::new_strong(hex::encode(&Sha256::digest(&bytes)[..16]));
    let (mut res, fresh) = revalidated(req, tag);
    if fresh {
        res.finish()
    } else {
        res.content_type(content_type).body(bytes)
    }
}

/// A 200 builder, or a 304 one when `If-None-Match` names `tag` (then true), with the ETag and
/// `Cache-Control` set.
pub fn revalidated(req: &HttpRequest, tag: EntityTag) -> (actix_web::HttpResponseBuilder, bool) {
    let fresh = req
        .headers()
        .get_all(header::IF_NONE_MATCH)
        .filter_map(|v| v.to_str().ok())
        .any(|v| etag_matches(v, &tag.to_string()));
    let mut res = if fresh {
        HttpResponse::NotModified()
    } else {
        HttpResponse::Ok()
    };
    res.insert_header(header::ETag(tag))
        .insert_header((header::CACHE_CONTROL, CACHE_CONTROL));
    (res, fresh)
}

/// Whether an `If-None-Match` value names this ETag (weak comparison, RFC 9110 13.1.2).
pub fn etag_matches(if_none_match: &str, etag: &str) -> bool {
    if_none_match
        .split(',')
        .map(str::trim)
        .any(|t| t == "*" || t.trim_start_matches("W/") == etag)
}
