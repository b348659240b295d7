//! The response cache's middleware in front of `/v1/` reads (the store is `crate::cache`). It lives
//! with the guards, not the store: a miss spends the client's `uncached` budget, and it reads
//! `AppState`, which holds the store.

use std::sync::OnceLock;

use actix_web::body::{to_bytes, BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header;
use actix_web::http::StatusCode;
use actix_web::middleware::Next;
use actix_web::web::Data;

use crate::cache::{key, respond, Entry};
use crate::http::encode::Encoding;
use crate::http::ratelimit::Budget;
use crate::state::AppState;
use crate::telemetry::metrics;

/// A file under `/v1/exports/` (not the listing itself).
fn is_export_file(path: &str) -> bool {
    path.strip_prefix(crate::exports::BASE_PATH)
        .is_some_and(|rest| !rest.is_empty())
}

pub async fn middleware(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    let state = req.app_data::<Data<AppState>>().cloned();
    // Export files are streamed and large; only their listing is kept.
    let cacheable = req.method() == actix_web::http::Method::GET
        && req.path().starts_with("/v1/")
        && !is_export_file(req.path());
    // A read the cache does not answer costs the database: it spends the client's uncached budget.
    let spend_uncached = |req: ServiceRequest| match super::spend(&req, Budget::Uncached) {
        Ok(()) => Ok(req),
        Err(e) => Err(Box::new(req.error_response(e))),
    };
    let Some((state, cache)) = state
        .and_then(|s| s.cache.clone().map(|c| (s, c)))
        .filter(|_| cacheable)
    else {
        if cacheable {
            return match spend_uncached(req) {
                Ok(req) => Ok(next.call(req).await?.map_into_boxed_body()),
                Err(refused) => Ok(*refused),
            };
        }
        return Ok(next.call(req).await?.map_into_boxed_body());
    };
    // Without a public URL, absolute links in the body follow the request's origin.
    let origin = match state.public_url {
        Some(_) => String::new(),
        None => state.base_url(req.request()),
    };
    let k = key(&req, &origin);
    let if_none_match = req
        .headers()
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let encoding = Encoding::negotiate(
        req.headers()
            .get(header::ACCEPT_ENCODING)
            .and_then(|v| v.to_str().ok()),
    );
    if let Some(entry) = cache.get(&k) {
        metrics::cache_hit(true);
        let res = respond(&entry, if_none_match.as_deref(), encoding);
        return Ok(req.into_response(res));
    }
    metrics::cache_hit(false);
    let mut req = match spend_uncached(req) {
        Ok(req) => req,
        Err(refused) => return Ok(*refused),
    };
    // Fill the cache with the full response even when the client revalidates, then answer it.
    req.headers_mut().remove(header::IF_NONE_MATCH);
    let res = next.call(req).await?;
    if res.status() != StatusCode::OK {
        return Ok(res.map_into_boxed_body());
    }
    let (req, res) = res.into_parts();
    let status = res.status();
    let headers = res.headers().clone();
    let body = to_bytes(res.into_body())
        .await
        .map_err(|_| actix_web::error::ErrorInternalServerError("body"))?;
    let etag = headers
        .get(header::ETAG)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    let entry = Entry {
        status,
        headers,
        body,
        etag,
        gzip: OnceLock::new(),
        br: OnceLock::new(),
    };
    // Sent as it is: `http::encode` compresses it for this one response; the size-tuned encoding
    // is made on the first hit, so that a read nobody repeats never pays for it.
    let res = respond(&entry, if_none_match.as_deref(), Encoding::Identity);
    if !entry.etag.is_empty() {
        cache.put(k, entry);
    }
    Ok(ServiceResponse::new(req, res))
}
