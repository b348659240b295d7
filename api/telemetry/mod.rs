//! Structured logs, one line per request, each with a request id the client can quote.

pub mod metrics;

use std::io::IsTerminal;
use std::time::Instant;

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{HeaderName, HeaderValue};
use actix_web::middleware::Next;
use actix_web::HttpMessage;
use tracing::Instrument;
use tracing_appender::non_blocking::{NonBlockingBuilder, WorkerGuard};
use tracing_subscriber::EnvFilter;

pub const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// Starts logging: `RUST_LOG` filters (default `info`), JSON lines when asked, colours only on a
/// terminal. Lines are written by a thread of their own, in batches, flushed whenever it has
/// nothing more to write: a request never waits on stderr (a write per request halved the cached
/// throughput). None is dropped: when the thread falls far behind, requests wait for it. Keep the
/// guard while the process runs: dropping it flushes.
pub fn init(json: bool) -> Option<WorkerGuard> {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    let (writer, guard) = NonBlockingBuilder::default()
        .lossy(false)
        .thread_name("log")
        .finish(std::io::BufWriter::with_capacity(
            1 << 16,
            std::io::stderr(),
        ));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(std::io::stderr().is_terminal())
        .with_writer(writer);
    // A second init (tests) fails harmlessly; its writer's thread then ends with the guard.
    let set = if json {
        builder.json().flatten_event(true).try_init()
    } else {
        builder.try_init()
    };
    set.is_ok().then_some(guard)
}

/// The request id of the request being served.
#[derive(Debug, Clone)]
pub struct RequestId(pub String);

/// A client's id is kept when it is short and printable; otherwise a new one is made.
fn accepted(v: &HeaderValue) -> Option<String> {
    let s = v.to_str().ok()?;
    (!s.is_empty() && s.len() <= 128 && s.bytes().all(|b| b.is_ascii_graphic()))
        .then(|| s.to_owned())
}

pub async fn request_log(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let id = req
        .headers()
        .get(&REQUEST_ID)
        .and_then(accepted)
        .unwrap_or_else(|| uuid::Uuid::new_v4().to_string());
    req.extensions_mut().insert(RequestId(id.clone()));
    let span = tracing::info_span!("request", request_id = %id, method = %req.method(), path = %req.path());
    let started = Instant::now();
    let result = next.call(req).instrument(span.clone()).await;
    let elapsed_ms = started.elapsed().as_secs_f64() * 1000.0;
    let _enter = span.enter();
    match result {
        Ok(mut res) => {
            tracing::info!(status = res.status().as_u16(), elapsed_ms, "served");
            if let Ok(v) = HeaderValue::from_str(&id) {
                res.headers_mut().insert(REQUEST_ID, v);
            }
            Ok(res)
        }
        Err(e) => {
            tracing::warn!(error = %e, elapsed_ms, "failed");
            Err(e)
        }
    }
}
