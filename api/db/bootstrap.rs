//! Finding a PostgreSQL server to run on.
//!
//! Resolution order (see "Running" in the design doc): `DATABASE_URL` if set; otherwise a server on
//! `127.0.0.1:5432` as user `postgres`; otherwise a private cluster started from the installed
//! PostgreSQL binaries in a data folder inside the project, stopped again when its last user is done.

use std::ffi::{CStr, CString};
use std::fmt;
use std::fs::{self, File, OpenOptions};
use std::io::{self, Read, Seek, SeekFrom, Write};
use std::net::{Ipv4Addr, SocketAddr, TcpListener, TcpStream};
use std::os::unix::fs::MetadataExt;
use std::os::unix::io::AsRawFd;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::{Mutex, Once};
use std::time::{Duration, Instant};

use diesel::pg::PgConnection;
use diesel::prelude::*;
use diesel::sql_types::{Bool, Text};

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

fn io_error(what: impl Into<String>) -> impl FnOnce(io::Error) -> BootstrapError {
    let what = what.into();
    move |error| BootstrapError::Io { what, error }
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

#[derive(QueryableByName)]
struct Found {
    #[diesel(sql_type = Bool)]
    found: bool,
}

fn database_exists(conn: &mut PgConnection, name: &str, url: &str) -> Result<bool, BootstrapError> {
    let sql = "SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1) AS found";
    diesel::sql_query(sql)
        .bind::<Text, _>(name)
        .get_result::<Found>(conn)
        .map(|row| row.found)
        .map_err(|error| BootstrapError::Query {
            sql: sql.to_string(),
            url: url.to_string(),
            error,
        })
}

fn check_name(name: &str) -> Result<(), BootstrapError> {
    let reason = if name.is_empty() {
        "empty"
    } else if name.contains('\0') {
        "contains a NUL character"
    } else if name.len() > 63 {
        "longer than PostgreSQL's 63 bytes"
    } else {
        return Ok(());
    };
    Err(BootstrapError::InvalidName {
        name: name.to_string(),
        reason,
    })
}

/// Quote an SQL identifier: `"` doubled inside double quotes.
fn quote_ident(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
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

/// A `postgres://` URL split where the database name goes.
#[derive(Debug, Clone)]
struct PgUrl {
    /// `postgres://user:password@host:port`
    head: String,
    /// Percent-decoded database from the path, if any.
    path_database: Option<String>,
    /// Query string without the `?`.
    query: Option<String>,
}

impl PgUrl {
    fn parse(url: &str) -> Result<PgUrl, &'static str> {
        let scheme_len = ["postgres://", "postgresql://"]
            .iter()
            .find(|scheme| {
                url.len() >= scheme.len() && url[..scheme.len()].eq_ignore_ascii_case(scheme)
            })
            .map(|scheme| scheme.len())
            .ok_or("expected a URL like postgres://user:password@host:5432/database")?;
        let rest = &url[scheme_len..];
        let (rest, query) = match rest.split_once('?') {
            Some((rest, query)) => (rest, Some(query.to_string())),
            None => (rest, None),
        };
        let (authority, path) = match rest.split_once('/') {
            Some((authority, path)) => (authority, path),
            None => (rest, ""),
        };
        if path.contains('/') {
            return Err("the path must be just the database name");
        }
        let path_database = Some(percent_decode(path)).filter(|name| !name.is_empty());
        Ok(PgUrl {
            head: url[..scheme_len + authority.len()].to_string(),
            path_database,
            query,
        })
    }

    /// The database the URL itself names, as libpq picks it: `dbname` in the query overrides the
    /// path; without either, the user name; without that, `postgres`.
    fn own_database(&self) -> String {
        if let Some(name) = self.query_param("dbname").filter(|name| !name.is_empty()) {
            return name;
        }
        if let Some(name) = &self.path_database {
            return name.clone();
        }
        let authority = &self.head[self.head.find("://").map_or(0, |i| i + 3)..];
        match authority.rsplit_once('@') {
            Some((userinfo, _)) => {
                let user = percent_decode(userinfo.split(':').next().unwrap_or(""));
                if user.is_empty() {
                    SUPERUSER.to_string()
                } else {
                    user
                }
            }
            None => SUPERUSER.to_string(),
        }
    }

    fn query_param(&self, key: &str) -> Option<String> {
        self.query
            .as_deref()?
            .split('&')
            .rev()
            .find_map(|pair| match pair.split_once('=') {
                Some((k, v)) if k == key => Some(percent_decode(v)),
                _ => None,
            })
    }

    fn with_database(&self, name: &str) -> String {
        let encoded = percent_encode(name);
        let mut url = format!("{}/{}", self.head, encoded);
        if let Some(query) = &self.query {
            let query: Vec<String> = query
                .split('&')
                .map(|pair| match pair.split_once('=') {
                    Some(("dbname", _)) => format!("dbname={encoded}"),
                    _ => pair.to_string(),
                })
                .collect();
            url.push('?');
            url.push_str(&query.join("&"));
        }
        url
    }

    /// [`PgUrl::with_database`] with any password hidden, for messages.
    fn redacted(&self, name: &str) -> String {
        redact_url(&self.with_database(name))
    }
}

/// Hide the password of a URL (userinfo and `password=` query parameter).
fn redact_url(url: &str) -> String {
    let mut out = url.to_string();
    if let Some(start) = out.find("://").map(|i| i + 3) {
        let end = out[start..]
            .find(['/', '?'])
            .map_or(out.len(), |i| start + i);
        if let Some(at) = out[start..end].rfind('@').map(|i| start + i) {
            if let Some(colon) = out[start..at].find(':').map(|i| start + i) {
                out.replace_range(colon + 1..at, "***");
            }
        }
    }
    if let Some((head, query)) = out.split_once('?') {
        let query: Vec<String> = query
            .split('&')
            .map(|pair| {
                if pair.starts_with("password=") {
                    "password=***".to_string()
                } else {
                    pair.to_string()
                }
            })
            .collect();
        out = format!("{head}?{}", query.join("&"));
    }
    out
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok());
        match (bytes[i], hex.and_then(|h| u8::from_str_radix(h, 16).ok())) {
            (b'%', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (byte, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn percent_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~".contains(&byte) {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Durability {
    /// The service's data: PostgreSQL defaults.
    Durable,
    /// Throwaway test data: no fsync, for speed.
    Tests,
}

/// A private PostgreSQL cluster in a data folder, listening on a free port of 127.0.0.1 with trust
/// authentication for user `postgres`; unix socket inside the folder.
///
/// Several processes (and guards in one process) may use the same folder: the first starts the
/// cluster, the others reuse it (the port is read from `postmaster.pid`). Each guard counts as a
/// user while it lives; dropping the last one, in whichever process, stops the cluster with
/// `pg_ctl stop -m fast`, so no process stops a cluster that another still uses.
#[derive(Debug)]
pub struct PrivateCluster {
    dir: PathBuf,
    port: u16,
    bin_dir: PathBuf,
    account: Option<Account>,
    started_here: bool,
    /// Our shared lock on [`USERS_LOCK`]; `None` once released.
    users: Option<File>,
}

impl PrivateCluster {
    /// Start (or join) the cluster in `dir`, running `initdb` first if `dir` is missing or empty.
    /// Durable settings: for the service's data.
    pub fn start(dir: &Path) -> Result<PrivateCluster, BootstrapError> {
        Self::start_with(dir, Durability::Durable)
    }

    /// [`PrivateCluster::start`] for tests: if this call starts the server, it runs with `fsync`,
    /// `synchronous_commit` and `full_page_writes` off.
    pub fn start_for_tests(dir: &Path) -> Result<PrivateCluster, BootstrapError> {
        Self::start_with(dir, Durability::Tests)
    }

    /// The data folder (absolute).
    pub fn data_dir(&self) -> &Path {
        &self.dir
    }

    /// The TCP port on 127.0.0.1.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// Whether this guard started the server (rather than joining one already running).
    pub fn started_here(&self) -> bool {
        self.started_here
    }

    /// URL of database `name` on this cluster, as superuser `postgres`.
    pub fn url(&self, name: &str) -> String {
        format!(
            "postgres://{SUPERUSER}@{LOCAL_HOST}:{}/{}",
            self.port,
            percent_encode(name)
        )
    }

    fn start_with(dir: &Path, durability: Durability) -> Result<PrivateCluster, BootstrapError> {
        fs::create_dir_all(dir).map_err(io_error(format!("creating {}", dir.display())))?;
        let dir = dir
            .canonicalize()
            .map_err(io_error(format!("resolving {}", dir.display())))?;
        // Serialises start-up and shutdown among processes; on the folder itself, as initdb wants it empty.
        let _startup = lock(&dir, libc::LOCK_EX)?;
        let data_version = fs::read_to_string(dir.join("PG_VERSION"))
            .ok()
            .map(|v| v.trim().to_string());
        if data_version.is_none() {
            let mut entries =
                fs::read_dir(&dir).map_err(io_error(format!("reading {}", dir.display())))?;
            if entries.next().is_some() {
                return Err(BootstrapError::NotADataFolder { dir });
            }
        }
        let bin_dir = find_binaries(&dir, data_version.as_deref())?;
        let account = account_to_run_as(&dir, data_version.is_some())?;
        if let Some(account) = &account {
            check_traversable(&dir, account)?;
        }
        let (port, started_here) = match running_port(&dir)? {
            Some(port) => {
                tracing::info!(
                    "reusing the PostgreSQL cluster running in {} on port {port}",
                    dir.display()
                );
                (port, false)
            }
            None => {
                let started = Instant::now();
                if data_version.is_none() {
                    init_cluster(&dir, &bin_dir, account.as_ref(), durability)?;
                }
                let port = start_server(&dir, &bin_dir, account.as_ref(), durability)?;
                tracing::info!(
                    "started a PostgreSQL cluster in {} on port {port} in {} ms",
                    dir.display(),
                    started.elapsed().as_millis()
                );
                (port, true)
            }
        };
        let users = lock(&dir.join(USERS_LOCK), libc::LOCK_SH)?;
        Ok(PrivateCluster {
            dir,
            port,
            bin_dir,
            account,
            started_here,
            users: Some(users),
        })
    }

    /// Leave the cluster; stop it if no other guard, here or in another process, still uses it.
    fn release(&mut self) -> Result<(), BootstrapError> {
        let Some(users) = self.users.take() else {
            return Ok(());
        };
        let _startup = lock(&self.dir, libc::LOCK_EX)?;
        drop(users);
        let users_path = self.dir.join(USERS_LOCK);
        let Some(_alone) = try_lock(&users_path, libc::LOCK_EX)? else {
            tracing::debug!(
                "PostgreSQL cluster in {} still in use; leaving it running",
                self.dir.display()
            );
            return Ok(());
        };
        // A server that does not answer is still worth a `pg_ctl stop`.
        if let Ok(None) = running_port(&self.dir) {
            return Ok(());
        }
        let mut command = pg_command(&self.bin_dir.join("pg_ctl"), self.account.as_ref());
        command
            .arg("stop")
            .arg("-D")
            .arg(&self.dir)
            .args(["-m", "fast", "-w", "-t", "60"]);
        run_logged(command, &self.dir.join(LOG_FILE), "pg_ctl stop")?;
        tracing::info!("stopped the PostgreSQL cluster in {}", self.dir.display());
        Ok(())
    }
}

impl Drop for PrivateCluster {
    fn drop(&mut self) {
        if let Err(error) = self.release() {
            tracing::warn!(
                "leaving the PostgreSQL cluster in {}: {error}",
                self.dir.display()
            );
        }
    }
}

static AT_EXIT: Mutex<Vec<PrivateCluster>> = Mutex::new(Vec::new());
static REGISTER_AT_EXIT: Once = Once::new();

extern "C" fn release_clusters_at_exit() {
    let _ = std::panic::catch_unwind(|| {
        let clusters = match AT_EXIT.lock() {
            Ok(mut guard) => std::mem::take(&mut *guard),
            Err(poisoned) => std::mem::take(&mut *poisoned.into_inner()),
        };
        drop(clusters);
    });
}

/// Keep `cluster` until the process exits, then release it as dropping would (stopping the server
/// if no one else uses it). For test binaries, whose statics are never dropped. Uses `atexit`, so
/// it runs on return from `main` and on `std::process::exit`, not when killed by a signal (then
/// the next user of the folder reuses the server and stops it when done).
pub fn stop_at_exit(cluster: PrivateCluster) {
    REGISTER_AT_EXIT.call_once(|| {
        // SAFETY: registering a plain extern "C" function without arguments.
        unsafe {
            libc::atexit(release_clusters_at_exit);
        }
    });
    match AT_EXIT.lock() {
        Ok(mut guard) => guard.push(cluster),
        Err(poisoned) => poisoned.into_inner().push(cluster),
    }
}

/// Open (creating if needed) and flock `path`; the lock lasts as long as the returned file.
fn lock(path: &Path, operation: libc::c_int) -> Result<File, BootstrapError> {
    let file = open_lock_file(path)?;
    loop {
        // SAFETY: flock on a descriptor we own.
        if unsafe { libc::flock(file.as_raw_fd(), operation) } == 0 {
            return Ok(file);
        }
        let error = io::Error::last_os_error();
        if error.kind() != io::ErrorKind::Interrupted {
            return Err(io_error(format!("locking {}", path.display()))(error));
        }
    }
}

/// Like [`lock`] but without waiting: `None` when someone else holds a conflicting lock.
fn try_lock(path: &Path, operation: libc::c_int) -> Result<Option<File>, BootstrapError> {
    let file = open_lock_file(path)?;
    // SAFETY: flock on a descriptor we own.
    if unsafe { libc::flock(file.as_raw_fd(), operation | libc::LOCK_NB) } == 0 {
        return Ok(Some(file));
    }
    let error = io::Error::last_os_error();
    if error.kind() == io::ErrorKind::WouldBlock {
        return Ok(None);
    }
    Err(io_error(format!("locking {}", path.display()))(error))
}

fn open_lock_file(path: &Path) -> Result<File, BootstrapError> {
    let opened = if path.is_dir() {
        File::open(path)
    } else {
        OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(path)
    };
    opened.map_err(io_error(format!("opening {}", path.display())))
}

/// Directory holding `initdb` and `pg_ctl`: one matching the data folder's version if it has one,
/// else the newest. Looks at `pg_config --bindir`, `/usr/lib/postgresql/*/bin`, then `PATH`.
fn find_binaries(dir: &Path, data_version: Option<&str>) -> Result<PathBuf, BootstrapError> {
    let mut candidates = Vec::new();
    if let Ok(output) = Command::new("pg_config")
        .arg("--bindir")
        .stderr(Stdio::null())
        .output()
    {
        if output.status.success() {
            candidates.push(PathBuf::from(
                String::from_utf8_lossy(&output.stdout).trim(),
            ));
        }
    }
    if let Ok(entries) = fs::read_dir("/usr/lib/postgresql") {
        candidates.extend(entries.flatten().map(|entry| entry.path().join("bin")));
    }
    if let Some(path) = std::env::var_os("PATH") {
        candidates.extend(std::env::split_paths(&path));
    }
    let mut found: Vec<(Vec<u32>, String, PathBuf)> = Vec::new();
    for candidate in candidates {
        // Follow symlinks (e.g. /usr/local/bin/pg_ctl) to the folder that also holds `postgres`.
        let Some(real) = candidate
            .join("pg_ctl")
            .canonicalize()
            .ok()
            .and_then(|p| p.parent().map(Path::to_path_buf))
        else {
            continue;
        };
        if !["initdb", "postgres"]
            .iter()
            .all(|program| real.join(program).is_file())
        {
            continue;
        }
        if found.iter().any(|(_, _, seen)| *seen == real) {
            continue;
        }
        if let Some((version, major)) = binaries_version(&real) {
            found.push((version, major, real));
        }
    }
    // Newest first; the sort is stable, so pg_config's pick wins among equals.
    found.sort_by(|a, b| b.0.cmp(&a.0));
    let Some(newest) = found.first() else {
        return Err(BootstrapError::BinariesNotFound {
            looked: "`pg_config --bindir`, /usr/lib/postgresql/*/bin and PATH".to_string(),
        });
    };
    let Some(wanted) = data_version else {
        return Ok(newest.2.clone());
    };
    match found.iter().find(|(_, major, _)| major == wanted) {
        Some((_, _, bin_dir)) => Ok(bin_dir.clone()),
        None => Err(BootstrapError::VersionMismatch {
            dir: dir.to_path_buf(),
            data_version: wanted.to_string(),
            found: {
                let mut majors: Vec<&str> =
                    found.iter().map(|(_, major, _)| major.as_str()).collect();
                majors.dedup();
                majors.join(", ")
            },
        }),
    }
}

/// Full version and major version (as PG_VERSION spells it: "15", "9.6") of `pg_ctl` in `bin_dir`.
fn binaries_version(bin_dir: &Path) -> Option<(Vec<u32>, String)> {
    let output = Command::new(bin_dir.join("pg_ctl"))
        .arg("--version")
        .output()
        .ok()?;
    // "pg_ctl (PostgreSQL) 15.20 (Debian 15.20-0+deb12u1)"
    let text = String::from_utf8_lossy(&output.stdout);
    let number = text.split(')').nth(1)?.split_whitespace().next()?;
    let version: Vec<u32> = number
        .split('.')
        .map(|part| {
            part.chars()
                .take_while(char::is_ascii_digit)
                .collect::<String>()
        })
        .map_while(|digits| digits.parse().ok())
        .collect();
    let major = match version.as_slice() {
        [first, second, ..] if *first < 10 => format!("{first}.{second}"),
        [first, ..] => first.to_string(),
        [] => return None,
    };
    Some((version, major))
}

/// An OS account to run PostgreSQL as.
#[derive(Debug, Clone)]
struct Account {
    name: String,
    uid: libc::uid_t,
    gid: libc::gid_t,
}

impl Account {
    fn by_name(name: &str) -> Option<Account> {
        let c_name = CString::new(name).ok()?;
        lookup_account(|pwd, buf, result| {
            // SAFETY: all pointers are valid for the call; buf's length is passed.
            unsafe { libc::getpwnam_r(c_name.as_ptr(), pwd, buf.as_mut_ptr(), buf.len(), result) }
        })
    }

    fn by_uid(uid: libc::uid_t) -> Option<Account> {
        lookup_account(|pwd, buf, result| {
            // SAFETY: as above.
            unsafe { libc::getpwuid_r(uid, pwd, buf.as_mut_ptr(), buf.len(), result) }
        })
    }

    fn groups(&self) -> Vec<libc::gid_t> {
        let Ok(c_name) = CString::new(self.name.as_str()) else {
            return vec![self.gid];
        };
        let mut count: libc::c_int = 64;
        loop {
            let mut groups = vec![0 as libc::gid_t; count.max(1) as usize];
            let capacity = count;
            // SAFETY: `groups` has room for `count` entries; getgrouplist updates `count`.
            let rc = unsafe {
                libc::getgrouplist(c_name.as_ptr(), self.gid, groups.as_mut_ptr(), &mut count)
            };
            if rc >= 0 {
                groups.truncate(count.max(0) as usize);
                return groups;
            }
            if count <= capacity {
                return vec![self.gid];
            }
        }
    }
}

fn lookup_account(
    call: impl Fn(&mut libc::passwd, &mut [libc::c_char], &mut *mut libc::passwd) -> libc::c_int,
) -> Option<Account> {
    // SAFETY: passwd is plain data; all-zero is a valid value to be filled in.
    let mut pwd: libc::passwd = unsafe { std::mem::zeroed() };
    let mut buf = vec![0 as libc::c_char; 16 * 1024];
    let mut result: *mut libc::passwd = std::ptr::null_mut();
    if call(&mut pwd, &mut buf, &mut result) != 0 || result.is_null() {
        return None;
    }
    // SAFETY: on success pw_name points to a NUL-terminated string inside `buf`.
    let name = unsafe { CStr::from_ptr(pwd.pw_name) }
        .to_string_lossy()
        .into_owned();
    Some(Account {
        name,
        uid: pwd.pw_uid,
        gid: pwd.pw_gid,
    })
}

/// Whom to run PostgreSQL as: ourselves unless we are root (which PostgreSQL refuses). As root,
/// the owner of an existing data folder, else the `postgres` user, who then gets the folder.
fn account_to_run_as(dir: &Path, initialised: bool) -> Result<Option<Account>, BootstrapError> {
    // SAFETY: geteuid has no preconditions.
    if unsafe { libc::geteuid() } != 0 {
        return Ok(None);
    }
    let meta = fs::metadata(dir).map_err(io_error(format!("reading {}", dir.display())))?;
    if initialised {
        if meta.uid() == 0 {
            return Err(BootstrapError::OwnedByRoot {
                dir: dir.to_path_buf(),
            });
        }
        let account = Account::by_uid(meta.uid()).unwrap_or(Account {
            name: format!("uid {}", meta.uid()),
            uid: meta.uid(),
            gid: meta.gid(),
        });
        return Ok(Some(account));
    }
    let account = Account::by_name(SUPERUSER).ok_or(BootstrapError::NoPostgresUser)?;
    if meta.uid() != account.uid {
        let c_dir = CString::new(dir.as_os_str().as_encoded_bytes()).map_err(|_| {
            io_error(format!("chown {}", dir.display()))(io::ErrorKind::InvalidInput.into())
        })?;
        // SAFETY: c_dir is a valid NUL-terminated path.
        if unsafe { libc::chown(c_dir.as_ptr(), account.uid, account.gid) } != 0 {
            return Err(io_error(format!(
                "chown {} to {}",
                dir.display(),
                account.name
            ))(io::Error::last_os_error()));
        }
    }
    Ok(Some(account))
}

/// Every parent of `dir` must be searchable by `account`, or initdb/postgres fail cryptically.
fn check_traversable(dir: &Path, account: &Account) -> Result<(), BootstrapError> {
    let groups = account.groups();
    for parent in dir.ancestors().skip(1) {
        let meta =
            fs::metadata(parent).map_err(io_error(format!("reading {}", parent.display())))?;
        let mode = meta.mode();
        let searchable = if meta.uid() == account.uid {
            mode & 0o100 != 0
        } else if groups.contains(&meta.gid()) {
            mode & 0o010 != 0
        } else {
            mode & 0o001 != 0
        };
        if !searchable {
            return Err(BootstrapError::NotTraversable {
                user: account.name.clone(),
                dir: dir.to_path_buf(),
                blocked: parent.to_path_buf(),
                mode: mode & 0o7777,
                owner: meta.uid(),
            });
        }
    }
    Ok(())
}

/// Port of a postmaster already serving `dir`, waiting for one that is starting. Removes a
/// `postmaster.pid` left by a dead process (or one whose PID now belongs to something else).
fn running_port(dir: &Path) -> Result<Option<u16>, BootstrapError> {
    let pid_file = dir.join("postmaster.pid");
    let deadline = Instant::now() + ANSWER_TIMEOUT;
    loop {
        let Ok(text) = fs::read_to_string(&pid_file) else {
            return Ok(None);
        };
        let lines: Vec<&str> = text.lines().collect();
        let pid = lines
            .first()
            .and_then(|line| line.trim().parse::<i32>().ok())
            .filter(|pid| *pid > 0);
        let Some(pid) = pid.filter(|pid| is_postgres_process(*pid)) else {
            tracing::info!("removing stale {}", pid_file.display());
            fs::remove_file(&pid_file).or_else(|error| match error.kind() {
                io::ErrorKind::NotFound => Ok(()),
                _ => Err(io_error(format!("removing stale {}", pid_file.display()))(
                    error,
                )),
            })?;
            return Ok(None);
        };
        let port = lines
            .get(3)
            .and_then(|line| line.trim().parse::<u16>().ok())
            .unwrap_or(0);
        let ready = lines.get(7).map_or("ready", |status| status.trim()) == "ready";
        if port != 0 && ready && cluster_answers(port) {
            return Ok(Some(port));
        }
        if Instant::now() >= deadline {
            return Err(BootstrapError::NotAnswering {
                dir: dir.to_path_buf(),
                pid,
                port,
            });
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}

fn is_postgres_process(pid: i32) -> bool {
    // SAFETY: signal 0 only checks for existence and permission.
    let alive = unsafe { libc::kill(pid, 0) } == 0
        || io::Error::last_os_error().raw_os_error() == Some(libc::EPERM);
    if !alive {
        return false;
    }
    match fs::read_to_string(format!("/proc/{pid}/comm")) {
        Ok(comm) => matches!(comm.trim(), "postgres" | "postmaster"),
        Err(_) => true, // no /proc to tell: assume it is what the pid file says
    }
}

fn cluster_answers(port: u16) -> bool {
    PgConnection::establish(&format!(
        "postgres://{SUPERUSER}@{LOCAL_HOST}:{port}/postgres?connect_timeout=2"
    ))
    .is_ok()
}

/// A command run as `account` (if any) from `/`, so that an unreadable working directory does not
/// trouble it.
fn pg_command(program: &Path, account: Option<&Account>) -> Command {
    let mut command = Command::new(program);
    command
        .current_dir("/")
        .env_remove("PGDATA")
        .env_remove("PGPORT");
    if let Some(account) = account {
        command.uid(account.uid).gid(account.gid);
    }
    command
}

fn init_cluster(
    dir: &Path,
    bin_dir: &Path,
    account: Option<&Account>,
    durability: Durability,
) -> Result<(), BootstrapError> {
    let mut command = pg_command(&bin_dir.join("initdb"), account);
    command.arg("-D").arg(dir).args([
        "-U",
        SUPERUSER,
        "--auth=trust",
        "--encoding=UTF8",
        "--locale=C",
    ]);
    if durability == Durability::Tests {
        command.arg("--no-sync");
    }
    // initdb wants an empty folder, so its output is kept in memory until it is done.
    let output = command.output().map_err(io_error(format!(
        "running {}",
        bin_dir.join("initdb").display()
    )))?;
    let mut text = String::from_utf8_lossy(&output.stdout).into_owned();
    text.push_str(&String::from_utf8_lossy(&output.stderr));
    if !output.status.success() {
        return Err(BootstrapError::CommandFailed {
            what: format!("initdb -D {}", dir.display()),
            status: output.status.to_string(),
            where_: "it printed".to_string(),
            output: tail(&text),
        });
    }
    let log = dir.join(LOG_FILE);
    open_log(&log)?
        .write_all(text.as_bytes())
        .map_err(io_error(format!("writing {}", log.display())))?;
    Ok(())
}

/// `pg_ctl start` on a free port; a few tries in case another process takes the port meanwhile.
fn start_server(
    dir: &Path,
    bin_dir: &Path,
    account: Option<&Account>,
    durability: Durability,
) -> Result<u16, BootstrapError> {
    let log = dir.join(LOG_FILE);
    // The server logs here for ever; start afresh now and then rather than fill the disk.
    if fs::metadata(&log).is_ok_and(|meta| meta.len() > 64 << 20) {
        let _ = File::create(&log);
    }
    let mut attempt = 0;
    loop {
        attempt += 1;
        let port = free_port()?;
        // Relative socket directory: the server runs in its data folder, and this dodges both
        // quoting and the 107-byte limit on socket paths.
        let mut options =
            format!("-c port={port} -c listen_addresses={LOCAL_HOST} -c unix_socket_directories=.");
        if durability == Durability::Tests {
            options.push_str(" -c fsync=off -c synchronous_commit=off -c full_page_writes=off");
        }
        let mut command = pg_command(&bin_dir.join("pg_ctl"), account);
        command.arg("start").arg("-D").arg(dir).args([
            "-w",
            "-t",
            &START_TIMEOUT_SECS.to_string(),
            "-o",
            &options,
        ]);
        match run_logged(command, &log, "pg_ctl start") {
            Ok(()) => return Ok(port),
            Err(BootstrapError::CommandFailed { output, .. })
                if attempt < 3
                    && (output.contains("could not bind") || output.contains("already in use")) =>
            {
                tracing::info!(
                    "port {port} was taken before PostgreSQL could bind it; trying another"
                );
            }
            Err(error) => return Err(error),
        }
    }
}

fn free_port() -> Result<u16, BootstrapError> {
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
        .map_err(io_error("finding a free port on 127.0.0.1"))?;
    let port = listener
        .local_addr()
        .map_err(io_error("finding a free port on 127.0.0.1"))?
        .port();
    Ok(port)
}

/// Run `command` with its output appended to `log` (a file, not a pipe: the postmaster that
/// pg_ctl leaves behind keeps writing to it). On failure, the error carries the log's new tail.
fn run_logged(mut command: Command, log: &Path, what: &str) -> Result<(), BootstrapError> {
    let mut file = open_log(log)?;
    let start = file
        .seek(SeekFrom::End(0))
        .map_err(io_error(format!("reading {}", log.display())))?;
    let stderr = file
        .try_clone()
        .map_err(io_error(format!("opening {}", log.display())))?;
    command.stdin(Stdio::null()).stdout(file).stderr(stderr);
    let status = command
        .status()
        .map_err(io_error(format!("running {what}")))?;
    if status.success() {
        return Ok(());
    }
    let mut text = String::new();
    if let Ok(mut file) = File::open(log) {
        if file.seek(SeekFrom::Start(start)).is_ok() {
            let mut bytes = Vec::new();
            let _ = file.read_to_end(&mut bytes);
            text = String::from_utf8_lossy(&bytes).into_owned();
        }
    }
    Err(BootstrapError::CommandFailed {
        what: what.to_string(),
        status: status.to_string(),
        where_: format!("end of {}", log.display()),
        output: tail(&text),
    })
}

fn open_log(path: &Path) -> Result<File, BootstrapError> {
    OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)
        .map_err(io_error(format!("opening {}", path.display())))
}

/// The last lines of `text`, enough to see why something failed.
fn tail(text: &str) -> String {
    let lines: Vec<&str> = text.trim_end().lines().collect();
    lines[lines.len().saturating_sub(20)..].join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn url_database_is_replaced_and_query_kept() {
        let url =
            PgUrl::parse("postgres://u:p%40ss@db.example:6543/app?sslmode=require&dbname=app")
                .unwrap();
        assert_eq!(url.own_database(), "app");
        assert_eq!(
            url.with_database("t_1"),
            "postgres://u:p%40ss@db.example:6543/t_1?sslmode=require&dbname=t_1"
        );
        assert_eq!(
            url.redacted("x"),
            "postgres://u:***@db.example:6543/x?sslmode=require&dbname=x"
        );
    }

    #[test]
    fn url_without_database_falls_back_to_user() {
        assert_eq!(
            PgUrl::parse("postgresql://alice@host")
                .unwrap()
                .own_database(),
            "alice"
        );
        assert_eq!(
            PgUrl::parse("postgres://host:5432/")
                .unwrap()
                .own_database(),
            "postgres"
        );
        assert_eq!(
            PgUrl::parse("postgres://host/My%20Db")
                .unwrap()
                .own_database(),
            "My Db"
        );
        assert!(PgUrl::parse("host=localhost dbname=x").is_err());
    }

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

    #[test]
    fn identifiers_are_quoted() {
        assert_eq!(quote_ident("a\"b"), "\"a\"\"b\"");
    }
}
