//! The database: pool, embedded migrations, table definitions, and how a server is found.

pub mod bootstrap;
pub mod pool;
pub mod schema;
pub mod statement;

use diesel::pg::PgConnection;
use diesel_migrations::{embed_migrations, EmbeddedMigrations, MigrationHarness};

pub use pool::{waiting, Db, Pool, PoolError};

pub const MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations");

type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// Applies pending migrations; returns how many ran.
pub fn migrate(conn: &mut PgConnection) -> Result<usize, BoxError> {
    Ok(conn.run_pending_migrations(MIGRATIONS)?.len())
}

/// True when every embedded migration has been applied.
pub fn is_migrated(conn: &mut PgConnection) -> Result<bool, BoxError> {
    Ok(!conn.has_pending_migration(MIGRATIONS)?)
}
