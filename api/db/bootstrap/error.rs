//! What can go wrong in finding or starting a server.

use std::io;
use std::path::PathBuf;

use super::ANSWER_TIMEOUT;

/// Why no database server could be had. Messages say what was tried and what to do.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum BootstrapError {
    /// `DATABASE_URL` could not be understood.
    #[error("DATABASE_URL `{url}` is not usable: {reason}")]
    InvalidDatabaseUrl { url: String, reason: String },
    /// Neither a local server nor a private cluster could be had.
    #[error(
        "DATABASE_URL is not set; no server answered on 127.0.0.1:{port} ({local}); \
         starting a private cluster in {} failed: {cause}",
        dir.display()
    )]
    NoServer {
        port: u16,
        local: String,
        dir: PathBuf,
        cause: Box<BootstrapError>,
    },
    /// No initdb/pg_ctl pair was found.
    #[error(
        "initdb not found: looked in {looked} — install PostgreSQL's server binaries \
         (Debian: apt-get install postgresql)"
    )]
    BinariesNotFound { looked: String },
    /// The data folder was made by a PostgreSQL version that is not installed.
    #[error(
        "{} holds a PostgreSQL {data_version} data folder, but only PostgreSQL {found} is installed: \
         install PostgreSQL {data_version}'s server binaries, or remove the folder to start afresh",
        dir.display()
    )]
    VersionMismatch {
        dir: PathBuf,
        data_version: String,
        found: String,
    },
    /// Running as root, and there is no `postgres` OS user to run the cluster as.
    #[error(
        "running as root, which PostgreSQL refuses, and there is no `postgres` OS user to run it as: \
         create one (Debian: adduser --system --group postgres) or set DATABASE_URL"
    )]
    NoPostgresUser,
    /// A parent of the data folder cannot be traversed by the OS user that runs PostgreSQL.
    #[error(
        "the `{user}` OS user that runs PostgreSQL cannot reach {}: {} is not traversable by it \
         (mode {mode:o}, owner uid {owner}); make it traversable (chmod o+x {}), \
         put the project somewhere else, or set DATABASE_URL",
        dir.display(), blocked.display(), blocked.display()
    )]
    NotTraversable {
        user: String,
        dir: PathBuf,
        blocked: PathBuf,
        mode: u32,
        owner: u32,
    },
    /// The folder has content but no cluster.
    #[error(
        "{} is not empty and is not a PostgreSQL data folder (no PG_VERSION): remove it or choose another folder",
        dir.display()
    )]
    NotADataFolder { dir: PathBuf },
    /// The data folder belongs to root, which PostgreSQL refuses to run as.
    #[error(
        "{} belongs to root, and PostgreSQL refuses to run as root: chown -R postgres: {} (or remove it)",
        dir.display(), dir.display()
    )]
    OwnedByRoot { dir: PathBuf },
    /// initdb or pg_ctl failed; `output` is the tail of what it printed.
    #[error("{what} failed ({status}); {where_}:\n{output}")]
    CommandFailed {
        what: String,
        status: String,
        where_: String,
        output: String,
    },
    /// A postmaster runs in the folder but does not answer.
    #[error(
        "PostgreSQL (PID {pid}) runs in {} but did not answer on 127.0.0.1:{port} within {} s: \
         stop it (pg_ctl stop -D {}) and try again",
        dir.display(), ANSWER_TIMEOUT.as_secs(), dir.display()
    )]
    NotAnswering { dir: PathBuf, pid: i32, port: u16 },
    /// A file system or process operation failed.
    #[error("{what}: {error}")]
    Io { what: String, error: io::Error },
    /// Connecting to the server failed.
    #[error("connecting to {url} failed: {error}")]
    Connect {
        url: String,
        error: diesel::ConnectionError,
    },
    /// A statement failed.
    #[error("`{sql}` on {url} failed: {error}")]
    Query {
        sql: String,
        url: String,
        error: diesel::result::Error,
    },
    /// A database name that cannot be used.
    #[error("invalid database name {name:?}: {reason}")]
    InvalidName { name: String, reason: &'static str },
}

pub(super) fn io_error(what: impl Into<String>) -> impl FnOnce(io::Error) -> BootstrapError {
    let what = what.into();
    move |error| BootstrapError::Io { what, error }
}
