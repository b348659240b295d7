use std::sync::atomic::{AtomicI64, Ordering};
use std::time::Duration;

use actix_web::web;
use diesel::connection::SimpleConnection;
use diesel::pg::PgConnection;
use diesel::r2d2::{ConnectionManager, CustomizeConnection, PooledConnection};

/// Why `Db::blocking` could not run its work; the doors turn it into their own error.
#[derive(Debug, thiserror::Error)]
pub enum PoolError {
    /// No connection to be had: the database is down or the pool stayed exhausted.
    #[error("{0}")]
    Unavailable(String),
    /// The blocking task panicked or was cancelled.
    #[error("blocking task failed: {0}")]
    Blocking(String),
}

/// Blocking tasks waiting for a pooled connection now (for the metrics).
static WAITING: AtomicI64 = AtomicI64::new(0);

pub fn waiting() -> i64 {
    WAITING.load(Ordering::Relaxed)
}

pub type Pool = diesel::r2d2::Pool<ConnectionManager<PgConnection>>;

/// Session settings for every pooled connection. The API's queries are short: PostgreSQL's JIT
/// compiler spent longer compiling the counting queries (20–60 ms) than running them, and starting
/// parallel workers for one (10 ms) cost more than the scan they shared, on cores that the other
/// requests were using anyway.
#[derive(Debug)]
struct Session;

impl CustomizeConnection<PgConnection, diesel::r2d2::Error> for Session {
    fn on_acquire(&self, conn: &mut PgConnection) -> Result<(), diesel::r2d2::Error> {
        conn.batch_execute(&format!(
            "SET jit = off; SET max_parallel_workers_per_gather = 0; {}",
            super::statement::SESSION_PLANS
        ))
        .map_err(diesel::r2d2::Error::QueryError)
    }
}

/// The connection pool, and the one way handlers reach the database: `run`, on the blocking pool.
#[derive(Clone)]
pub struct Db {
    pool: Pool,
}

impl Db {
    /// Builds the pool without connecting: the service starts even while the database is down,
    /// answering 503 until it is back.
    pub fn new(url: &str, size: u32) -> Db {
        let manager = ConnectionManager::<PgConnection>::new(url);
        let pool = diesel::r2d2::Pool::builder()
            .max_size(size)
            .min_idle(Some(0))
            .connection_timeout(Duration::from_secs(2))
            .test_on_check_out(false)
            .connection_customizer(Box::new(Session))
            .build_unchecked(manager);
        Db { pool }
    }

    pub fn pool(&self) -> &Pool {
        &self.pool
    }

    /// Runs blocking diesel work off the async threads. The connection never crosses an `.await`.
    /// Generic over the error so that this layer needs no HTTP type (handlers use `Db::run`).
    pub async fn blocking<T, E, F>(&self, f: F) -> Result<T, E>
    where
        F: FnOnce(&mut PgConnection) -> Result<T, E> + Send + 'static,
        T: Send + 'static,
        E: From<PoolError> + Send + 'static,
    {
        let pool = self.pool.clone();
        web::block(move || {
            WAITING.fetch_add(1, Ordering::Relaxed);
            let conn = pool.get();
            WAITING.fetch_sub(1, Ordering::Relaxed);
            let mut conn: PooledConnection<_> =
                conn.map_err(|e| PoolError::Unavailable(e.to_string()))?;
            f(&mut conn)
        })
        .await
        .map_err(|e| PoolError::Blocking(e.to_string()))?
    }
}
