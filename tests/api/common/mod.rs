//! The test harness: the app on a random port, over a database of its own, cloned from a template
//! that is migrated and loaded once per test run.
#![allow(dead_code)]

pub mod pages;
pub mod process;
pub mod tools;

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use diesel::prelude::*;
use diesel::PgConnection;
use openpledges::app::AppState;
use openpledges::dataset;
use openpledges::db::bootstrap::Server;
use openpledges::db::{self, Db};
use sha2::{Digest, Sha256};

/// The server every test of this process uses, and the template's name.
pub struct Shared {
    pub server: Server,
    pub template: String,
}

pub fn project_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Resolved like the service (DATABASE_URL, else 127.0.0.1:5432, else a private cluster under
/// `target/`), once per test binary.
pub fn shared() -> &'static Shared {
    static SHARED: OnceLock<Shared> = OnceLock::new();
    SHARED.get_or_init(|| {
        let url = std::env::var("DATABASE_URL").ok();
        let cluster = project_dir().join("target/test-pgdata");
        let mut server = Server::resolve_for_tests(url.as_deref(), &cluster)
            .or_else(|first| {
                // Nothing answers and no binaries: install the server's binaries and try once more.
                if url.is_some() {
                    return Err(first);
                }
                tools::postgresql_binaries();
                Server::resolve_for_tests(None, &cluster)
            })
            .unwrap_or_else(|e| panic!("no PostgreSQL for the tests: {e}"));
        // A static is never dropped: stop a private cluster when the test binary exits.
        server.stop_at_exit();
        let template = ensure_template(&server);
        Shared { server, template }
    })
}

/// A digest of the migrations, the bundled dataset and the importer's code: the template is rebuilt
/// when any of them changes.
fn fingerprint() -> String {
    let mut h = Sha256::new();
    let mut files = Vec::new();
    collect(&project_dir().join("migrations"), &mut files);
    collect(&project_dir().join("data"), &mut files);
    // The importer decides what the template holds (the change log, for one), so its code counts too.
    collect(&project_dir().join("api/dataset"), &mut files);
    collect(&project_dir().join("api/queries"), &mut files);
    files.sort();
    for f in files {
        h.update(f.to_string_lossy().as_bytes());
        h.update(std::fs::read(&f).unwrap_or_default());
    }
    hex::encode(&h.finalize()[..6])
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let p = entry.path();
        if p.is_dir() {
            collect(&p, out);
        } else {
            out.push(p);
        }
    }
}

fn ensure_template(server: &Server) -> String {
    let name = format!("openpledges_tpl_{}", fingerprint());
    let mut admin =
        PgConnection::establish(&server.database_url("postgres")).expect("admin connection");
    // Test binaries run in parallel: one builds the template, the others wait for it.
    diesel::sql_query("SELECT pg_advisory_lock(7010)")
        .execute(&mut admin)
        .expect("lock");
    let exists: i64 = diesel::sql_query(format!(
        "SELECT 1::int8 AS n FROM pg_database WHERE datname = '{name}'"
    ))
    .load::<Count>(&mut admin)
    .expect("pg_database")
    .len() as i64;
    if exists == 0 {
        let building = format!("{name}_building");
        server
            .drop_database(&building)
            .expect("drop stale template");
        server
            .ensure_database(&building, None)
            .expect("create template");
        {
            let mut conn = PgConnection::establish(&server.database_url(&building))
                .expect("template connection");
            db::migrate(&mut conn).expect("migrate template");
            let data = dataset::bundled().expect("bundled dataset");
            dataset::import::import(&mut conn, &data).expect("import into template");
        }
        diesel::sql_query(format!("ALTER DATABASE {building} RENAME TO {name}"))
            .execute(&mut admin)
            .expect("rename");
    }
    diesel::sql_query("SELECT pg_advisory_unlock(7010)")
        .execute(&mut admin)
        .expect("unlock");
    name
}

#[derive(QueryableByName)]
pub struct Count {
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    pub n: i64,
}

/// The `n` of a statement that answers one row with a bigint column `n`.
pub fn count(conn: &mut PgConnection, sql: &str) -> i64 {
    diesel::sql_query(sql)
        .get_result::<Count>(conn)
        .unwrap_or_else(|e| panic!("{e}: {sql}"))
        .n
}

/// A database of the test's own, dropped when the test ends.
pub struct TestDb {
    pub name: String,
    pub url: String,
}

impl TestDb {
    /// A copy of the template: migrated and loaded with the bundled dataset.
    pub fn loaded() -> TestDb {
        let s = shared();
        let name = unique_name();
        s.server
            .ensure_database(&name, Some(&s.template))
            .expect("clone template");
        TestDb {
            url: s.server.database_url(&name),
            name,
        }
    }

    /// An empty database: no tables, no data.
    pub fn empty() -> TestDb {
        let s = shared();
        let name = unique_name();
        s.server
            .ensure_database(&name, None)
            .expect("create database");
        TestDb {
            url: s.server.database_url(&name),
            name,
        }
    }

    /// A migrated database holding a small synthetic dataset (`generate` with these parameters).
    pub fn synthetic(municipalities: u32, years: u32, seed: u64) -> TestDb {
        use openpledges::dataset::{self, import, synthetic};
        let db = TestDb::empty();
        let mut conn = db.conn();
        openpledges::db::migrate(&mut conn).expect("migrate");
        let params = synthetic::Params {
            municipalities,
            years,
            seed,
            first_year: 2019,
        };
        let data = synthetic::generate(&params, dataset::bundled().expect("bundled").themes)
            .expect("generate");
        import::import(&mut conn, &data).expect("import");
        db
    }

    pub fn conn(&self) -> PgConnection {
        PgConnection::establish(&self.url).expect("test database connection")
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        let _ = shared().server.drop_database(&self.name);
    }
}

fn unique_name() -> String {
    format!("op_test_{}", uuid::Uuid::new_v4().simple())
}

/// The app serving a database of its own on 127.0.0.1 and a random port.
pub struct TestApp {
    pub base: String,
    pub client: reqwest::Client,
    pub db: TestDb,
    /// The export files' folder, removed with the app.
    pub exports_dir: tempfile::TempDir,
    server: actix_web::dev::ServerHandle,
}

impl TestApp {
    pub async fn spawn() -> TestApp {
        Self::spawn_on(TestDb::loaded()).await
    }

    pub async fn spawn_on(db: TestDb) -> TestApp {
        Self::spawn_with(db, false).await
    }

    /// With the response cache of the real service, watching the dataset version every 50 ms.
    pub async fn spawn_cached() -> TestApp {
        Self::spawn_with(TestDb::loaded(), true).await
    }

    async fn spawn_with(db: TestDb, cached: bool) -> TestApp {
        Self::spawn_configured(db, cached, |s| s).await
    }

    /// With the state changed by `configure` (rate limits, trusted proxies, time limits).
    pub async fn spawn_configured(
        db: TestDb,
        cached: bool,
        configure: impl FnOnce(AppState) -> AppState,
    ) -> TestApp {
        let pool = Db::new(&db.url, 4);
        let exports_dir = tempfile::tempdir().expect("exports folder");
        let state = configure(if cached {
            AppState::cached(pool, std::time::Duration::from_millis(50))
        } else {
            AppState::new(pool)
        })
        .with_exports_dir(exports_dir.path().to_path_buf());
        // A cache keeps nothing until it knows the dataset version: wait for its first look.
        if let Some(cache) = state.cache.clone() {
            let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
            while !cache.is_ready() {
                assert!(
                    std::time::Instant::now() < deadline,
                    "the response cache never saw a dataset version"
                );
                actix_web::rt::time::sleep(std::time::Duration::from_millis(10)).await;
            }
        }
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
        let port = listener.local_addr().expect("addr").port();
        let server = openpledges::listener::server(
            listener,
            state,
            openpledges::listener::Options {
                workers: Some(1),
                max_blocking_threads: None,
                shutdown_timeout: 30,
            },
        )
        .expect("listen");
        let handle = server.handle();
        actix_web::rt::spawn(server);
        TestApp {
            base: format!("http://127.0.0.1:{port}"),
            client: reqwest::Client::builder().build().expect("client"),
            db,
            exports_dir,
            server: handle,
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client
            .get(self.url(path))
            .send()
            .await
            .expect("request")
    }

    /// GET expecting 200 JSON.
    pub async fn json(&self, path: &str) -> serde_json::Value {
        let res = self.get(path).await;
        assert_eq!(res.status(), 200, "GET {path}");
        res.json().await.expect("json body")
    }

    pub async fn stop(self) {
        self.server.stop(true).await;
    }
}

/// Asserts an RFC 9457 problem response and returns its body.
pub async fn problem(res: reqwest::Response, status: u16) -> serde_json::Value {
    assert_eq!(res.status(), status);
    assert_eq!(res.headers()["content-type"], "application/problem+json");
    let body: serde_json::Value = res.json().await.expect("problem body");
    assert_eq!(body["status"], status);
    for field in ["type", "title", "detail", "code"] {
        assert!(body[field].is_string(), "problem without `{field}`: {body}");
    }
    body
}
