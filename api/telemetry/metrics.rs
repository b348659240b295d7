//! Prometheus metrics (`GET /metrics`, text format): requests by route and status, latency, the
//! connection pool, the response cache, rate-limit and GraphQL refusals. One registry for the
//! process, from the `prometheus-client` crate.

use std::sync::atomic::AtomicI64;
use std::sync::OnceLock;
use std::time::Instant;

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::middleware::Next;
use actix_web::{web, HttpResponse};
use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::Histogram;
use prometheus_client::registry::Registry;

use crate::http::ratelimit::Budget;
use crate::state::AppState;

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RequestLabels {
    route: String,
    method: String,
    status: u16,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RouteLabel {
    route: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct NameLabel {
    name: String,
}

struct Metrics {
    registry: Registry,
    requests: Family<RequestLabels, Counter>,
    latency: Family<RouteLabel, Histogram>,
    pool_in_use: Gauge,
    pool_idle: Gauge,
    pool_max: Gauge,
    pool_waiting: Gauge<i64, AtomicI64>,
    cache: Family<NameLabel, Counter>,
    rate_limited: Family<NameLabel, Counter>,
    graphql_refused: Family<NameLabel, Counter>,
}

fn metrics() -> &'static Metrics {
    static METRICS: OnceLock<Metrics> = OnceLock::new();
    METRICS.get_or_init(|| {
        let mut registry = Registry::with_prefix("openpledges");
        let requests = Family::<RequestLabels, Counter>::default();
        registry.register(
            "http_requests",
            "HTTP requests answered, by route pattern, method and status",
            requests.clone(),
        );
        let latency = Family::<RouteLabel, Histogram>::new_with_constructor(|| {
            Histogram::new([
                0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 10.0,
            ])
        });
        registry.register(
            "http_request_duration_seconds",
            "Time to the response's head, by route pattern",
            latency.clone(),
        );
        let pool_in_use = Gauge::default();
        registry.register(
            "db_pool_in_use",
            "Pooled database connections in use",
            pool_in_use.clone(),
        );
        let pool_idle = Gauge::default();
        registry.register(
            "db_pool_idle",
            "Pooled database connections open and idle",
            pool_idle.clone(),
        );
        let pool_max = Gauge::default();
        registry.register(
            "db_pool_max",
            "Most connections the pool opens",
            pool_max.clone(),
        );
        let pool_waiting = Gauge::<i64, AtomicI64>::default();
        registry.register(
            "db_pool_waiting",
            "Tasks waiting for a pooled connection",
            pool_waiting.clone(),
        );
        let cache = Family::<NameLabel, Counter>::default();
        registry.register(
            "response_cache",
            "Reads the response cache answered (hit) or passed on (miss), label name",
            cache.clone(),
        );
        let rate_limited = Family::<NameLabel, Counter>::default();
        registry.register(
            "rate_limited",
            "Requests refused with 429, by budget (label name)",
            rate_limited.clone(),
        );
        let graphql_refused = Family::<NameLabel, Counter>::default();
        registry.register(
            "graphql_refused",
            "GraphQL requests refused before execution, by error code (label name)",
            graphql_refused.clone(),
        );
        Metrics {
            registry,
            requests,
            latency,
            pool_in_use,
            pool_idle,
            pool_max,
            pool_waiting,
            cache,
            rate_limited,
            graphql_refused,
        }
    })
}

fn count(family: &Family<NameLabel, Counter>, name: &str) {
    family
        .get_or_create(&NameLabel {
            name: name.to_owned(),
        })
        .inc();
}

pub fn cache_hit(hit: bool) {
    count(&metrics().cache, if hit { "hit" } else { "miss" });
}

pub fn rate_limited(budget: Budget) {
    count(&metrics().rate_limited, budget.name());
}

pub fn graphql_refused(code: &str) {
    count(&metrics().graphql_refused, code);
}

/// Counts every request by its route pattern (never the raw path: ids would make unbounded labels).
pub async fn middleware(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let started = Instant::now();
    let method = req.method().as_str().to_owned();
    let res = next.call(req).await?;
    let route = res
        .request()
        .match_pattern()
        .unwrap_or_else(|| "unmatched".to_owned());
    let m = metrics();
    m.latency
        .get_or_create(&RouteLabel {
            route: route.clone(),
        })
        .observe(started.elapsed().as_secs_f64());
    m.requests
        .get_or_create(&RequestLabels {
            route,
            method,
            status: res.status().as_u16(),
        })
        .inc();
    Ok(res)
}

/// `GET /metrics`
pub async fn serve(state: web::Data<AppState>) -> HttpResponse {
    let m = metrics();
    let pool = state.db.pool();
    let now = pool.state();
    m.pool_max.set(i64::from(pool.max_size()));
    m.pool_waiting.set(crate::db::waiting());
    m.pool_idle.set(i64::from(now.idle_connections));
    m.pool_in_use.set(i64::from(
        now.connections.saturating_sub(now.idle_connections),
    ));
    let mut text = String::new();
    match prometheus_client::encoding::text::encode(&mut text, &m.registry) {
        Ok(()) => HttpResponse::Ok()
            .insert_header((
                "Content-Type",
                "application/openmetrics-text; version=1.0.0; charset=utf-8",
            ))
            .insert_header(("Cache-Control", "no-store"))
            .body(text),
        Err(e) => HttpResponse::InternalServerError().body(e.to_string()),
    }
}
