//! An in-process cache of whole GET responses under `/v1/`. The data changes only through imports,
//! which record a new dataset version; a background task watches that version and empties the
//! cache when it moves. A hot read then costs a hash lookup, and a revalidation never reaches
//! the database. The middleware that answers from it is `guards::cache`, above `state`.

use std::collections::HashMap;
use std::sync::atomic::{AtomicI64, AtomicUsize, Ordering};
use std::sync::{Arc, OnceLock, RwLock};
use std::time::Duration;

use actix_web::dev::ServiceRequest;
use actix_web::http::header::{self, HeaderMap};
use actix_web::http::StatusCode;
use actix_web::web::Bytes;
use actix_web::HttpResponse;

use crate::db::Db;
use crate::http::encode::{encode, Effort, Encoding};
use crate::http::respond::etag_matches;

/// Bodies above this size are served but not kept.
const MAX_BODY: usize = 1 << 20;
/// All kept bodies together; past it the cache starts over.
const MAX_TOTAL: usize = 64 << 20;

pub(crate) struct Entry {
    pub(crate) status: StatusCode,
    pub(crate) headers: HeaderMap,
    pub(crate) body: Bytes,
    pub(crate) etag: String,
    /// Compressed once, on first demand, instead of on every response.
    pub(crate) gzip: OnceLock<Bytes>,
    pub(crate) br: OnceLock<Bytes>,
}

impl Entry {
    /// The body in `encoding`, compressed for size once, on first demand.
    fn encoded(&self, encoding: Encoding) -> Option<Bytes> {
        let kept = match encoding {
            Encoding::Identity => return None,
            Encoding::Gzip => &self.gzip,
            Encoding::Br => &self.br,
        };
        let body = kept.get_or_init(|| {
            encode(&self.body, encoding, Effort::Small).unwrap_or_else(|| self.body.clone())
        });
        Some(body.clone())
    }
}

pub struct ResponseCache {
    entries: RwLock<HashMap<String, Arc<Entry>>>,
    bytes: AtomicUsize,
    /// The dataset version the entries were made from (-1: unknown yet).
    generation: AtomicI64,
}

impl Default for ResponseCache {
    fn default() -> Self {
        ResponseCache {
            entries: RwLock::new(HashMap::new()),
            bytes: AtomicUsize::new(0),
            generation: AtomicI64::new(-1),
        }
    }
}

impl ResponseCache {
    pub fn clear(&self) {
        if let Ok(mut e) = self.entries.write() {
            e.clear();
        }
        self.bytes.store(0, Ordering::Relaxed);
    }

    /// Notes the current dataset version; a change empties the cache.
    pub fn observe(&self, generation: i64) {
        if self.generation.swap(generation, Ordering::AcqRel) != generation {
            self.clear();
        }
    }

    /// True once the dataset version is known; until then nothing is kept, since an entry could not
    /// be told apart from one made before an import.
    pub fn is_ready(&self) -> bool {
        self.generation.load(Ordering::Acquire) >= 0
    }

    pub(crate) fn get(&self, key: &str) -> Option<Arc<Entry>> {
        self.entries.read().ok()?.get(key).cloned()
    }

    pub(crate) fn put(&self, key: String, entry: Entry) {
        let size = entry.body.len() + key.len();
        if entry.body.len() > MAX_BODY || !self.is_ready() {
            return;
        }
        if self.bytes.fetch_add(size, Ordering::Relaxed) + size > MAX_TOTAL {
            self.clear();
            self.bytes.store(size, Ordering::Relaxed);
        }
        if let Ok(mut e) = self.entries.write() {
            e.insert(key, Arc::new(entry));
        }
    }

    /// Keeps the generation current by asking the database every `every`; runs until the process ends.
    pub fn watch(self: Arc<Self>, db: Db, every: Duration) {
        actix_web::rt::spawn(async move {
            let mut tick = actix_web::rt::time::interval(every);
            loop {
                tick.tick().await;
                self.look(&db).await;
            }
        });
    }

    /// Asks the database for the dataset's generation once (also right after start-up, so that
    /// the cache keeps answers from the first request on).
    pub async fn look(&self, db: &Db) {
        match db
            .run(|conn| Ok(crate::queries::health::dataset_generation(conn)?))
            .await
        {
            Ok(g) => self.observe(g),
            // Unreachable database: serve what we have; readiness reports the outage.
            Err(e) => tracing::debug!(error = %e, "dataset generation unknown"),
        }
    }
}

/// The key: everything that selects a representation. The day is in it because responses say
/// whether a period is active today; the origin, because links in the body follow it.
pub(crate) fn key(req: &ServiceRequest, origin: &str) -> String {
    let csv = req
        .headers()
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|a| a.to_ascii_lowercase().contains("text/csv"));
    format!(
        "{}|{origin}|{}|{}|{}",
        chrono::Utc::now().date_naive(),
        req.path(),
        normalized_query(req.query_string()),
        csv
    )
}

/// The query string in one form for equivalent requests: parameters sorted (they are unique, or the
/// request is refused), values decoded and encoded again, whole numbers without leading zeros.
fn normalized_query(query: &str) -> String {
    let Ok(mut pairs) = serde_urlencoded::from_str::<Vec<(String, String)>>(query) else {
        return query.to_owned();
    };
    for (name, value) in &mut pairs {
        let numeric = matches!(name.as_str(), "limit" | "after");
        if numeric && value.len() > 1 && value.bytes().all(|b| b.is_ascii_digit()) {
            let trimmed = value.trim_start_matches('0');
            *value = if trimmed.is_empty() { "0" } else { trimmed }.to_owned();
        }
    }
    pairs.sort();
    serde_urlencoded::to_string(&pairs).unwrap_or_else(|_| query.to_owned())
}

pub(crate) fn respond(
    entry: &Entry,
    if_none_match: Option<&str>,
    encoding: Encoding,
) -> HttpResponse {
    if if_none_match.is_some_and(|v| etag_matches(v, &entry.etag)) {
        let mut res = HttpResponse::NotModified();
        for name in [header::ETAG, header::CACHE_CONTROL] {
            if let Some(v) = entry.headers.get(&name) {
                res.insert_header((name, v.clone()));
            }
        }
        return res.finish();
    }
    let mut res = HttpResponse::build(entry.status);
    for (name, value) in entry.headers.iter() {
        res.insert_header((name.clone(), value.clone()));
    }
    // A Content-Encoding set here tells the Compress middleware to leave the body alone.
    res.insert_header((header::VARY, "Accept-Encoding"));
    match (entry.encoded(encoding), encoding.name()) {
        (Some(body), Some(name)) => {
            res.insert_header((header::CONTENT_ENCODING, name));
            res.body(body)
        }
        _ => res.body(entry.body.clone()),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn equivalent_queries_share_a_key() {
        use super::normalized_query as n;
        assert_eq!(n("limit=050&sort=id"), n("sort=id&limit=50"));
        assert_eq!(n("q=tr%C3%A4d"), n("q=träd"));
        assert_ne!(n("q=a+b"), n("q=ab"));
        assert_eq!(n("limit=000"), "limit=0");
        assert_ne!(n("q=007"), n("q=7"), "text stays as written");
    }
}
