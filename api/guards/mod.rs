//! What every request passes before any door: a valid `Host`, the client's budgets, and a bounded
//! body (declared size and time to arrive). Refusals are problem documents.

pub mod cache;

use std::future::Future;
use std::net::IpAddr;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::task::{Context, Poll};

use actix_web::body::{EitherBody, MessageBody};
use actix_web::dev::{Payload, ServiceRequest, ServiceResponse};
use actix_web::error::PayloadError;
use actix_web::http::header::{self, HeaderValue};
use actix_web::middleware::Next;
use actix_web::web::{Bytes, Data};
use actix_web::HttpMessage;
use futures_util::Stream;

use crate::http::client::valid_host;
use crate::http::problem::ApiError;
use crate::http::ratelimit::{Budget, Decision};
use crate::state::AppState;

/// The largest request body accepted: GraphQL queries are at most 16 KiB, with room for variables.
pub const MAX_BODY: usize = 64 * 1024;

/// The client's address as the limits see it (the peer's, or behind a trusted proxy the client's).
#[derive(Debug, Clone, Copy)]
pub struct ClientIp(pub Option<IpAddr>);

/// The budgets checked for this request, for the `RateLimit` fields of the answer.
#[derive(Debug, Default, Clone)]
pub struct Checked(pub Vec<Decision>);

/// The budget a request spends before the response cache is asked; `None` for probes.
fn budget_of(path: &str) -> Option<Budget> {
    match path {
        "/healthz" | "/readyz" | "/metrics" => None,
        "/graphql" => Some(Budget::Graphql),
        p if p
            .strip_prefix(crate::exports::BASE_PATH)
            .is_some_and(|rest| !rest.is_empty()) =>
        {
            Some(Budget::Exports)
        }
        // Pages and feeds outside `/v1/` are built from the database on every request (under
        // `/v1/` the response cache decides, and a miss spends `uncached` there).
        p if crate::embed::is_page(p) || matches!(p, "/oembed" | "/feed.atom" | "/dcat.jsonld") => {
            Some(Budget::Uncached)
        }
        // `/v1/` reads the cache answers, and static files; a cache miss also spends `uncached`.
        _ => Some(Budget::Cached),
    }
}

/// Spends one request of `budget`; the decision is kept for the answer's headers.
pub fn spend(req: &ServiceRequest, budget: Budget) -> Result<(), ApiError> {
    let Some(limits) = req
        .app_data::<Data<AppState>>()
        .and_then(|s| s.rate_limits.clone())
    else {
        return Ok(());
    };
    let client = req.extensions().get::<ClientIp>().and_then(|c| c.0);
    let decision = limits.check(budget, client);
    if let Some(checked) = req.extensions_mut().get_mut::<Checked>() {
        checked.0.push(decision);
    }
    if decision.allowed {
        Ok(())
    } else {
        crate::telemetry::metrics::rate_limited(budget);
        Err(ApiError::RateLimited {
            detail: format!(
                "this client has used its {} budget of {} requests a minute; try again in {} s",
                budget.name(),
                decision.per_minute,
                decision.seconds
            ),
            retry_after: decision.seconds,
        })
    }
}

pub async fn middleware(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<EitherBody<impl MessageBody>>, actix_web::Error> {
    let refused = |req: ServiceRequest, err: ApiError| {
        let res = if req.path() == "/graphql" {
            let res = graphql_refusal(&err);
            req.into_response(res)
        } else {
            req.error_response(err)
        };
        Ok(with_rate_headers(res).map_into_right_body())
    };
    let state = req.app_data::<Data<AppState>>().cloned();
    if let Some(host) = req.headers().get(header::HOST) {
        if !host.to_str().is_ok_and(valid_host) {
            return refused(
                req,
                ApiError::BadRequest {
                    detail: "the Host header is not a valid host name or address".into(),
                    errors: vec![],
                },
            );
        }
    }
    let client = state
        .as_ref()
        .map(|s| {
            s.trusted_proxies
                .client_ip(req.peer_addr().map(|a| a.ip()), req.headers())
        })
        .unwrap_or_else(|| req.peer_addr().map(|a| a.ip()));
    req.extensions_mut().insert(ClientIp(client));
    req.extensions_mut().insert(Checked::default());
    let budget = budget_of(req.path());
    // Until the database is migrated and loaded, only the probes answer.
    if budget.is_some() && state.as_ref().is_some_and(|s| !s.lifecycle.is_prepared()) {
        return refused(
            req,
            ApiError::unavailable("the database is not prepared yet"),
        );
    }
    if let Some(budget) = budget {
        if let Err(e) = spend(&req, budget) {
            return refused(req, e);
        }
    }
    let declared = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > MAX_BODY as u64) {
        return refused(
            req,
            ApiError::TooLarge(format!(
                "the request body is {} bytes; at most {MAX_BODY} are accepted",
                declared.unwrap_or_default()
            )),
        );
    }
    let mut req = req;
    let timed_out = Arc::new(AtomicBool::new(false));
    let timeout = state
        .as_ref()
        .map_or(crate::state::DEFAULT_BODY_TIMEOUT, |s| s.body_timeout);
    if declared.is_some_and(|n| n > 0) || req.headers().contains_key(header::TRANSFER_ENCODING) {
        let inner = req.take_payload();
        req.set_payload(Payload::Stream {
            payload: Box::pin(Bounded {
                inner,
                read: 0,
                timed_out: timed_out.clone(),
                deadline: Box::pin(actix_web::rt::time::sleep(timeout)),
            }),
        });
    }
    let res = next.call(req).await?;
    // Whatever the handler made of a body cut off, the client is told why.
    if timed_out.load(Ordering::SeqCst) {
        let (req, _) = res.into_parts();
        let err = ApiError::Timeout(
            "the request body did not arrive in time; send it whole, promptly".into(),
        );
        let res = if req.path() == "/graphql" {
            graphql_refusal(&err)
        } else {
            actix_web::ResponseError::error_response(&err)
        };
        let res = ServiceResponse::new(req, res);
        return Ok(with_rate_headers(res).map_into_right_body());
    }
    Ok(with_rate_headers(res).map_into_left_body())
}

/// GraphQL clients read errors in GraphQL's shape, with the code in `extensions`; the status and
/// headers are the problem's.
fn graphql_refusal(err: &ApiError) -> actix_web::HttpResponse {
    let mut res = actix_web::ResponseError::error_response(err);
    let problem = err.to_problem();
    let code = match problem.code.as_str() {
        "payload_too_large" => "QUERY_TOO_LARGE".to_owned(),
        other => other.to_ascii_uppercase(),
    };
    let body = serde_json::json!({
        "errors": [{"message": problem.detail, "extensions": {"code": code}}]
    });
    res.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    res.set_body(actix_web::body::BoxBody::new(body.to_string()))
}

fn with_rate_headers<B>(mut res: ServiceResponse<B>) -> ServiceResponse<B> {
    let checked = res.request().extensions().get::<Checked>().cloned();
    let Some(Checked(decisions)) = checked.filter(|c| !c.0.is_empty()) else {
        return res;
    };
    let join = |f: fn(&Decision) -> String| decisions.iter().map(f).collect::<Vec<_>>().join(", ");
    let headers = res.headers_mut();
    for (name, value) in [
        ("ratelimit-policy", join(Decision::policy)),
        ("ratelimit", join(Decision::state)),
    ] {
        if let Ok(v) = HeaderValue::from_str(&value) {
            headers.insert(header::HeaderName::from_static(name), v);
        }
    }
    res
}

/// A request body with a size and a deadline: a client that sends less than it announced, or
/// slowly, is cut off instead of holding a worker.
struct Bounded {
    inner: Payload,
    read: usize,
    timed_out: Arc<AtomicBool>,
    deadline: Pin<Box<actix_web::rt::time::Sleep>>,
}

impl Stream for Bounded {
    type Item = Result<Bytes, PayloadError>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        if self.deadline.as_mut().poll(cx).is_ready() {
            self.timed_out.store(true, Ordering::SeqCst);
            return Poll::Ready(Some(Err(PayloadError::Io(std::io::Error::new(
                std::io::ErrorKind::TimedOut,
                "the request body did not arrive in time",
            )))));
        }
        match Pin::new(&mut self.inner).poll_next(cx) {
            Poll::Ready(Some(Ok(chunk))) => {
                self.read += chunk.len();
                if self.read > MAX_BODY {
                    return Poll::Ready(Some(Err(PayloadError::Overflow)));
                }
                Poll::Ready(Some(Ok(chunk)))
            }
            other => other,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn budgets_by_path() {
        assert_eq!(budget_of("/readyz"), None);
        assert_eq!(budget_of("/graphql"), Some(Budget::Graphql));
        assert_eq!(budget_of("/v1/exports/themes.csv"), Some(Budget::Exports));
        assert_eq!(budget_of("/v1/exports/"), Some(Budget::Cached));
        assert_eq!(budget_of("/v1/pledges"), Some(Budget::Cached));
        assert_eq!(budget_of("/embed/solvesborg"), Some(Budget::Uncached));
        assert_eq!(budget_of("/feed.atom"), Some(Budget::Uncached));
        // Under /v1/ the response cache decides: a miss spends `uncached` there.
        assert_eq!(
            budget_of("/v1/municipalities/solvesborg/feed.atom"),
            Some(Budget::Cached)
        );
    }
}
