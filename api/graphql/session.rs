//! What one GraphQL request reaches the database with: the pool, behind a budget of SQL
//! statements and a bound on the pooled connections it holds at once.
//!
//! Resolvers and DataLoaders run concurrently; without a bound, a request with many root fields
//! takes every connection of the pool, and everyone else waits or gets 503. With one, the
//! request's own fields wait for each other instead.

use std::cell::Cell;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use async_graphql::dataloader::{DataLoader, HashMapCache};
use async_graphql::Result;
use diesel::connection::{Instrumentation, InstrumentationEvent};
use diesel::pg::PgConnection;
use diesel::{Connection, QueryResult};
use tokio::sync::Semaphore;

use super::errors::{code, coded, from_api};
use super::limits::Limits;
use super::loaders::GraphLoader;
use crate::db::Db;
use crate::http::problem::ApiError;

thread_local! {
    /// Statements started on this thread; a closure on the pool reads it before and after.
    static STATEMENTS: Cell<u64> = const { Cell::new(0) };
}

/// Counts the statements a connection starts.
struct CountStatements;

impl Instrumentation for CountStatements {
    fn on_connection_event(&mut self, event: InstrumentationEvent<'_>) {
        if matches!(event, InstrumentationEvent::StartQuery { .. }) {
            STATEMENTS.with(|n| n.set(n.get() + 1));
        }
    }
}

/// What a GraphQL request reaches the database with, and its tally of SQL statements.
#[derive(Clone)]
pub struct Session {
    db: Db,
    statements: Arc<AtomicU64>,
    max_statements: u64,
    permits: Arc<Semaphore>,
    held: Arc<Held>,
    /// Runs that passed the statement check and have not yet added their statements to the tally.
    pending: Arc<AtomicU64>,
    /// Set when the database was found unavailable: the request's other reads fail at once
    /// instead of each waiting out the pool's timeout in turn.
    unavailable: Arc<AtomicBool>,
}

/// Connections held now, and the most held at once.
#[derive(Default)]
struct Held {
    now: AtomicUsize,
    peak: AtomicUsize,
}

/// Gives a connection's place back however the work ends, cancelled futures included.
struct Holding<'a>(&'a Held);

impl<'a> Holding<'a> {
    fn new(held: &'a Held) -> Holding<'a> {
        let now = held.now.fetch_add(1, Ordering::SeqCst) + 1;
        held.peak.fetch_max(now, Ordering::SeqCst);
        Holding(held)
    }
}

impl Drop for Holding<'_> {
    fn drop(&mut self) {
        self.0.now.fetch_sub(1, Ordering::SeqCst);
    }
}

/// A run counted as pending until its statements are tallied, or until it is dropped unrun.
struct Pending(Arc<AtomicU64>);

impl Pending {
    fn new(counter: Arc<AtomicU64>) -> Pending {
        counter.fetch_add(1, Ordering::SeqCst);
        Pending(counter)
    }
}

impl Drop for Pending {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

impl Session {
    /// A session within these limits' SQL statements and connections.
    pub fn new(db: Db, limits: &Limits) -> Session {
        Session {
            db,
            statements: Arc::new(AtomicU64::new(0)),
            max_statements: limits.max_sql_statements,
            permits: Arc::new(Semaphore::new(limits.max_connections.max(1))),
            held: Arc::new(Held::default()),
            pending: Arc::new(AtomicU64::new(0)),
            unavailable: Arc::new(AtomicBool::new(false)),
        }
    }

    /// SQL statements this request has run so far.
    pub fn statements(&self) -> u64 {
        self.statements.load(Ordering::SeqCst)
    }

    /// The most pooled connections this request has held at once.
    pub fn peak_connections(&self) -> usize {
        self.held.peak.load(Ordering::SeqCst)
    }

    /// Runs diesel work on the pool, off the async threads, counting its statements. Refused once
    /// the request has spent its statements; waits while it holds its share of connections.
    pub async fn run<T, F>(&self, f: F) -> Result<T>
    where
        F: FnOnce(&mut PgConnection) -> QueryResult<T> + Send + 'static,
        T: Send + 'static,
    {
        let _permit = self.permits.acquire().await.map_err(|_| {
            coded(
                code::INTERNAL,
                "an unexpected error occurred; it has been logged",
            )
        })?;
        if self.unavailable.load(Ordering::SeqCst) {
            return Err(from_api(ApiError::unavailable(
                "an earlier read of this request found the database unavailable",
            )));
        }
        // Checked with the permit in hand, counting a statement for each run not yet tallied: work
        // that waited sees what the work before it spent, and runs side by side cannot both
        // take the last statement. (A run that is tallied but not yet returned counts once.)
        let spent = self.statements();
        let going = self.pending.load(Ordering::SeqCst);
        if spent + going >= self.max_statements {
            return Err(coded(
                code::SQL_STATEMENT_LIMIT,
                format!(
                    "the request has run {spent} SQL statements; at most {} are allowed per request: ask for fewer root fields or differing arguments",
                    self.max_statements
                ),
            ));
        }
        let _holding = Holding::new(&self.held);
        let tally = self.statements.clone();
        let pending = Pending::new(self.pending.clone());
        self.db
            .run(move |conn| {
                conn.set_instrumentation(CountStatements);
                let before = STATEMENTS.with(Cell::get);
                let out = f(conn);
                tally.fetch_add(STATEMENTS.with(Cell::get) - before, Ordering::SeqCst);
                drop(pending);
                Ok(out?)
            })
            .await
            .map_err(|e| {
                if matches!(e, ApiError::Unavailable(_)) {
                    self.unavailable.store(true, Ordering::SeqCst);
                }
                from_api(e)
            })
    }

    /// The request's loader: batches without a size limit, started as soon as the worker is free.
    /// Its cache holds what the request read, so a key asked for again (or fed by `prefetch`)
    /// costs no statement.
    pub fn loader(&self) -> DataLoader<GraphLoader, HashMapCache> {
        let spawn = |task| actix_web::rt::spawn(task);
        DataLoader::with_cache(GraphLoader(self.clone()), spawn, HashMapCache::default())
            .delay(Duration::ZERO)
            .max_batch_size(usize::MAX)
    }
}
