//! Finding a PostgreSQL server to run on.
//!
//! Resolution order (see "Running" in the design doc): `DATABASE_URL` if set; otherwise a server on
//! `127.0.0.1:5432` as user `postgres`; otherwise a private cluster started from the installed
//! PostgreSQL binaries in a data folder inside the project, stopped again when its last user is done.

use std::fmt;
use std::io;
use std::net::{Ipv4Addr, SocketAddr, TcpStream};
use std::path::Path;
use std::time::{Duration, Instant};

use diesel::pg::PgConnection;
use diesel::prelude::*;

mod account;
mod binaries;
mod cluster;
mod commands;
mod databases;
mod error;
mod locks;
mod pg_url;

pub use cluster::{stop_at_exit, PrivateCluster};
pub use error::BootstrapError;

use cluster::Durability;
use databases::{check_name, database_exists, quote_ident};
use pg_url::{redact_url, PgUrl};

/// The database the service uses unless `DATABASE_URL` names another.
pub const DEFAULT_DATABASE: &str = "openpledges";

const LOCAL_HOST: &str = "127.0.0.1";
const LOCAL_PORT: u16 = 5432;
const SUPERUSER: &str = "postgres";
/// Held shared by every process using a private cluster; the last one to leave stops it.
const USERS_LOCK: &str = "openpledges-users.lock";
/// initdb and pg_ctl output, and the server's own log (it inherits pg_ctl's stdout).
const LOG_FILE: &str = "server.log";
const START_TIMEOUT_SECS: u64 = 60;
const ANSWER_TIMEOUT: Duration = Duration::from_secs(30);

/// Where a [`Server`] came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// The `DATABASE_URL` environment variable.
    Environment,
    /// A server that answered on `127.0.0.1:5432` as user `postgres`.
    LocalServer,
    /// A cluster in the project's data folder, started from the installed binaries.
    PrivateCluster,
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Origin::Environment => "DATABASE_URL",
            Origin::LocalServer => "local server on 127.0.0.1:5432",
            Origin::PrivateCluster => "private cluster",
        })
    }
}

/// A PostgreSQL server we can create databases on.
pub struct Server {
    origin: Origin,
    url: PgUrl,
    default_database: String,
    cluster: Option<PrivateCluster>,
}

impl fmt::Debug for Server {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Server")
            .field("origin", &self.origin)
            .field("url", &self.url.redacted(&self.default_database))
            .field("cluster", &self.cluster)
            .finish()
    }
}

impl Server {
    /// Resolve the server: `database_url` (the `DATABASE_URL` value) if given and non-empty; else a
    /// server on 127.0.0.1:5432; else a private cluster in `cluster_dir` (the caller passes
    /// `<project>/.pgdata`). For the last two, the `openpledges` database is created if missing.
    pub fn resolve(
        database_url: Option<&str>,
        cluster_dir: &Path,
    ) -> Result<Server, BootstrapError> {
        Self::resolve_with(database_url, cluster_dir, Durability::Durable, LOCAL_PORT)
    }

    /// [`Server::resolve`] for test binaries: a private cluster started here runs without fsync.
    pub fn resolve_for_tests(
        database_url: Option<&str>,
        cluster_dir: &Path,
    ) -> Result<Server, BootstrapError> {
        Self::resolve_with(database_url, cluster_dir, Durability::Tests, LOCAL_PORT)
    }

    fn resolve_with(
        database_url: Option<&str>,
        cluster_dir: &Path,
        durability: Durability,
        local_port: u16,
    ) -> Result<Server, BootstrapError> {
        if let Some(url) = database_url.map(str::trim).filter(|url| !url.is_empty()) {
            return Server::from_database_url(url);
        }
        let local = match probe_local_server(local_port) {
            Ok(()) => {
                let server = Server::on_local_port(Origin::LocalServer, local_port, None);
                server.ensure_database(DEFAULT_DATABASE, None)?;
                return Ok(server);
            }
            Err(reason) => reason,
        };
        tracing::info!(
            "no PostgreSQL on 127.0.0.1:{local_port} ({local}); using a private cluster in {}",
            cluster_dir.display()
        );
        let cluster = PrivateCluster::start_with(cluster_dir, durability).map_err(|cause| {
            BootstrapError::NoServer {
                port: local_port,
                local,
                dir: cluster_dir.to_path_buf(),
                cause: Box::new(cause),
            }
        })?;
        let server = Server::from_cluster(cluster);
        server.ensure_database(DEFAULT_DATABASE, None)?;
        Ok(server)
    }

    /// A server given by a `postgres://` or `postgresql://` URL (origin [`Origin::Environment`]).
    /// Nothing is connected to yet.
    pub fn from_database_url(url: &str) -> Result<Server, BootstrapError> {
        let parsed = PgUrl::parse(url).map_err(|reason| BootstrapError::InvalidDatabaseUrl {
            url: redact_url(url),
            reason: reason.to_string(),
        })?;
        let default_database = parsed.own_database();
        Ok(Server {
            origin: Origin::Environment,
            url: parsed,
            default_database,
            cluster: None,
        })
    }

    /// A server on a private cluster; the server keeps the cluster's guard. Unlike
    /// [`Server::resolve`], this does not create the `openpledges` database.
    pub fn from_cluster(cluster: PrivateCluster) -> Server {
        Server::on_local_port(Origin::PrivateCluster, cluster.port, Some(cluster))
    }

    fn on_local_port(origin: Origin, port: u16, cluster: Option<PrivateCluster>) -> Server {
        let url = PgUrl {
            head: format!("postgres://{SUPERUSER}@{LOCAL_HOST}:{port}"),
            path_database: None,
            query: None,
        };
        Server {
            origin,
            url,
            default_database: DEFAULT_DATABASE.to_string(),
            cluster,
        }
    }

    /// Where this server came from.
    pub fn origin(&self) -> Origin {
        self.origin
    }

    /// URL of database `name` on this server. For [`Origin::Environment`] this is `DATABASE_URL` with
    /// its database replaced, query string kept.
    pub fn database_url(&self, name: &str) -> String {
        self.url.with_database(name)
    }

    /// The database the service uses: `DATABASE_URL`'s own (falling back to its user name, then
    /// `postgres`, as libpq would), else `openpledges`.
    pub fn default_database(&self) -> &str {
        &self.default_database
    }

    /// The private cluster this server runs on, while this value holds its guard.
    pub fn cluster(&self) -> Option<&PrivateCluster> {
        self.cluster.as_ref()
    }

    /// For test binaries, which have no place to drop a guard: hand the private cluster (if any) to
    /// [`stop_at_exit`]. URLs keep working until the process exits.
    pub fn stop_at_exit(&mut self) {
        if let Some(cluster) = self.cluster.take() {
            stop_at_exit(cluster);
        }
    }

    /// `CREATE DATABASE name [TEMPLATE template]` unless `name` exists. Safe against concurrent
    /// callers; retries for a while when the template is briefly in use by another session.
    pub fn ensure_database(
        &self,
        name: &str,
        template: Option<&str>,
    ) -> Result<(), BootstrapError> {
        check_name(name)?;
        if let Some(template) = template {
            check_name(template)?;
        }
        let (mut conn, url) = self.admin_connection()?;
        let mut sql = format!("CREATE DATABASE {}", quote_ident(name));
        if let Some(template) = template {
            sql.push_str(&format!(" TEMPLATE {}", quote_ident(template)));
        }
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            if database_exists(&mut conn, name, &url)? {
                return Ok(());
            }
            let error = match diesel::sql_query(&sql).execute(&mut conn) {
                Ok(_) => return Ok(()),
                Err(error) => error,
            };
            // Another process may have created it meanwhile; then the loop returns above.
            if database_exists(&mut conn, name, &url)? {
                return Ok(());
            }
            let template_busy = error
                .to_string()
                .contains("is being accessed by other users");
            if !template_busy || Instant::now() >= deadline {
                return Err(BootstrapError::Query { sql, url, error });
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// `DROP DATABASE IF EXISTS name WITH (FORCE)`: sessions still connected are ended.
    pub fn drop_database(&self, name: &str) -> Result<(), BootstrapError> {
        check_name(name)?;
        let (mut conn, url) = self.admin_connection()?;
        let sql = format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", quote_ident(name));
        diesel::sql_query(&sql)
            .execute(&mut conn)
            .map_err(|error| BootstrapError::Query { sql, url, error })?;
        Ok(())
    }

    /// A connection for CREATE/DROP DATABASE: to `postgres`, or failing that (hosted servers may not
    /// let us in there) to our own database. Returns the (redacted) URL used, for messages.
    fn admin_connection(&self) -> Result<(PgConnection, String), BootstrapError> {
        let connect = |database: &str| {
            PgConnection::establish(&self.url.with_database(database))
                .map(|conn| (conn, self.url.redacted(database)))
                .map_err(|error| BootstrapError::Connect {
                    url: self.url.redacted(database),
                    error,
                })
        };
        let error = match connect("postgres") {
            Ok(found) => return Ok(found),
            Err(error) => error,
        };
        if self.origin == Origin::Environment && self.default_database != "postgres" {
            if let Ok(found) = connect(&self.default_database) {
                return Ok(found);
            }
        }
        Err(error)
    }
}

/// Quick check for a server on 127.0.0.1:`port` that lets `postgres` in; the error says why not.
fn probe_local_server(port: u16) -> Result<(), String> {
    let address = SocketAddr::from((Ipv4Addr::LOCALHOST, port));
    match TcpStream::connect_timeout(&address, Duration::from_secs(1)) {
        Ok(_) => {}
        Err(error) if error.kind() == io::ErrorKind::ConnectionRefused => {
            return Err("connection refused".into())
        }
        Err(error) if error.kind() == io::ErrorKind::TimedOut => {
            return Err("no answer within 1 s".into())
        }
        Err(error) => return Err(error.to_string()),
    }
    let url = format!("postgres://{SUPERUSER}@{LOCAL_HOST}:{port}/postgres?connect_timeout=2");
    PgConnection::establish(&url).map(drop).map_err(|error| {
        format!(
            "it accepted TCP, but connecting as `postgres` failed: {}",
            error.to_string().trim()
        )
    })
}

#[cfg(test)]
mod tests {
    use super::commands::free_port;
    use super::*;

    /// A port nothing listens on, standing in for a machine without a local server.
    fn closed_port() -> u16 {
        free_port().unwrap()
    }

    #[test]
    fn without_local_server_a_private_cluster_is_started() {
        let tmp = tempfile::tempdir().unwrap();
        let server =
            Server::resolve_with(None, tmp.path(), Durability::Tests, closed_port()).unwrap();
        assert_eq!(server.origin(), Origin::PrivateCluster);
        assert_eq!(server.default_database(), DEFAULT_DATABASE);
        let cluster = server.cluster().unwrap();
        assert!(cluster.started_here());
        let (dir, port) = (cluster.data_dir().to_path_buf(), cluster.port());
        assert!(
            PgConnection::establish(&server.database_url(DEFAULT_DATABASE)).is_ok(),
            "openpledges was created"
        );
        drop(server);
        assert!(!dir.join("postmaster.pid").exists());
        assert!(TcpStream::connect((Ipv4Addr::LOCALHOST, port)).is_err());
    }

    #[test]
    fn failure_says_what_was_tried() {
        let tmp = tempfile::tempdir().unwrap();
        std::fs::write(tmp.path().join("notes.txt"), "mine").unwrap();
        let port = closed_port();
        let error =
            Server::resolve_with(Some("  "), tmp.path(), Durability::Tests, port).unwrap_err();
        let message = error.to_string();
        let expected = format!(
            "DATABASE_URL is not set; no server answered on 127.0.0.1:{port} (connection refused); \
             starting a private cluster in {} failed: {} is not empty",
            tmp.path().display(),
            tmp.path().canonicalize().unwrap().display()
        );
        assert!(message.starts_with(&expected), "{message}");
    }
}
