//! What every door is handed: the database, the response cache, and the settings they need.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use actix_web::HttpRequest;

use crate::cache::ResponseCache;
use crate::db::Db;
use crate::http::client::TrustedProxies;
use crate::http::ratelimit::RateLimits;

/// How long a request body may take to arrive once the headers are in.
pub const DEFAULT_BODY_TIMEOUT: Duration = Duration::from_secs(10);

/// What every handler may reach.
#[derive(Clone)]
pub struct AppState {
    pub db: Db,
    /// Whole-response cache for `/v1/` reads; none in tests that write behind the service's back.
    pub cache: Option<Arc<ResponseCache>>,
    /// `OPENPLEDGES_PUBLIC_URL` without a trailing `/`: the base of absolute links (feeds).
    pub public_url: Option<String>,
    /// Proxies whose `X-Forwarded-*` headers are believed.
    pub trusted_proxies: TrustedProxies,
    /// Per-client budgets; none in tests that do not test them.
    pub rate_limits: Option<Arc<RateLimits>>,
    /// How long a request body may take to arrive.
    pub body_timeout: Duration,
    /// The export files, one folder per dataset version (`--exports-dir`).
    pub exports: Arc<crate::exports::ExportStore>,
    /// Whether the service takes work: false until the database is prepared, and again on shutdown.
    pub lifecycle: Arc<Lifecycle>,
}

/// Readiness as `/readyz` reports it.
#[derive(Debug)]
pub struct Lifecycle {
    prepared: AtomicBool,
    draining: AtomicBool,
}

impl Lifecycle {
    fn new(prepared: bool) -> Lifecycle {
        Lifecycle {
            prepared: AtomicBool::new(prepared),
            draining: AtomicBool::new(false),
        }
    }

    /// The database is migrated and holds the dataset.
    pub fn set_prepared(&self) {
        self.prepared.store(true, Ordering::SeqCst);
    }

    /// Shutting down: readiness fails so that load balancers stop sending, while requests are served.
    pub fn set_draining(&self) {
        self.draining.store(true, Ordering::SeqCst);
    }

    pub fn is_prepared(&self) -> bool {
        self.prepared.load(Ordering::SeqCst)
    }

    /// Why the service is not ready, if it is not.
    pub fn not_ready(&self) -> Option<&'static str> {
        if self.draining.load(Ordering::SeqCst) {
            Some("the service is shutting down")
        } else if !self.prepared.load(Ordering::SeqCst) {
            Some("the database is not prepared yet (migrations and the dataset)")
        } else {
            None
        }
    }
}

impl AppState {
    /// Without a response cache.
    pub fn new(db: Db) -> AppState {
        AppState {
            db,
            cache: None,
            public_url: None,
            trusted_proxies: TrustedProxies::default(),
            rate_limits: None,
            lifecycle: Arc::new(Lifecycle::new(true)),
            body_timeout: DEFAULT_BODY_TIMEOUT,
            exports: Arc::new(crate::exports::ExportStore::temporary()),
        }
    }

    /// With the export files in `dir` (else a temporary folder of its own).
    pub fn with_exports_dir(mut self, dir: std::path::PathBuf) -> AppState {
        self.exports = Arc::new(crate::exports::ExportStore::new(dir));
        self
    }

    pub fn with_body_timeout(mut self, timeout: Duration) -> AppState {
        self.body_timeout = timeout;
        self
    }

    pub fn with_trusted_proxies(mut self, proxies: TrustedProxies) -> AppState {
        self.trusted_proxies = proxies;
        self
    }

    pub fn with_rate_limits(mut self, limits: Option<RateLimits>) -> AppState {
        self.rate_limits = limits.map(Arc::new);
        self
    }

    /// Not ready until [`Lifecycle::set_prepared`]: the service listens before its database is.
    pub fn unprepared(mut self) -> AppState {
        self.lifecycle = Arc::new(Lifecycle::new(false));
        self
    }

    pub fn with_public_url(mut self, url: Option<String>) -> AppState {
        self.public_url = url.map(|u| u.trim_end_matches('/').to_owned());
        self
    }

    /// The base of absolute links to this service: the public URL when set, else the scheme and
    /// host the request came to (forwarded ones only from a trusted proxy; requests with an invalid
    /// `Host` are refused before any handler runs).
    pub fn base_url(&self, req: &HttpRequest) -> String {
        match &self.public_url {
            Some(url) => url.clone(),
            None => self
                .trusted_proxies
                .origin(req.peer_addr().map(|a| a.ip()), req.headers())
                .unwrap_or_else(|| "http://localhost".to_owned()),
        }
    }

    /// With a response cache, emptied whenever a new dataset version appears in the database.
    pub fn cached(db: Db, watch_every: Duration) -> AppState {
        let cache = Arc::new(ResponseCache::default());
        cache.clone().watch(db.clone(), watch_every);
        AppState {
            cache: Some(cache),
            ..AppState::new(db)
        }
    }
}
