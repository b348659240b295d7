//! Finding or starting PostgreSQL: DATABASE_URL, the local server, private clusters.

use std::fs;
use std::net::{Ipv4Addr, SocketAddr, TcpStream};
use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::Command;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{Duration, Instant};

use diesel::{Connection, PgConnection, RunQueryDsl};
use openpledges::db::bootstrap::{BootstrapError, Origin, PrivateCluster, Server};

const LOCAL_URL: &str = "postgres://postgres@127.0.0.1:5432/postgres";

/// A database name no other test (or test process) uses.
fn unique_name(prefix: &str) -> String {
    static COUNTER: AtomicU32 = AtomicU32::new(0);
    format!(
        "{prefix}_{}_{}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    )
}

fn local_server_answers() -> bool {
    let address = SocketAddr::from((Ipv4Addr::LOCALHOST, 5432));
    TcpStream::connect_timeout(&address, Duration::from_secs(1)).is_ok()
        && PgConnection::establish(&format!("{LOCAL_URL}?connect_timeout=2")).is_ok()
}

fn connects(url: &str) -> bool {
    PgConnection::establish(url).is_ok()
}

/// Gone: no pid file, nothing listening on its port.
fn assert_stopped(dir: &Path, port: u16) {
    assert!(
        !dir.join("postmaster.pid").exists(),
        "postmaster.pid left in {}",
        dir.display()
    );
    let address = SocketAddr::from((Ipv4Addr::LOCALHOST, port));
    assert!(
        TcpStream::connect_timeout(&address, Duration::from_secs(1)).is_err(),
        "port {port} still answers"
    );
}

fn postmaster_pid(dir: &Path) -> i32 {
    let text = fs::read_to_string(dir.join("postmaster.pid")).expect("postmaster.pid");
    text.lines()
        .next()
        .and_then(|line| line.trim().parse().ok())
        .expect("pid on line 1")
}

#[test]
fn environment_url_is_used_and_databases_come_and_go() {
    // The server the suite runs on, whichever it is, named by a URL as DATABASE_URL would.
    let base = crate::common::shared().server.database_url("postgres");
    let tmp = tempfile::tempdir().unwrap();
    let unused = tmp.path().join("pgdata");
    let server = Server::resolve(Some(&base), &unused).unwrap();
    assert_eq!(server.origin(), Origin::Environment);
    assert_eq!(server.default_database(), "postgres");
    assert!(!unused.exists(), "no cluster folder for DATABASE_URL");

    let name = unique_name("bootstrap_env");
    let copy = format!("{name}_copy");
    let url = server.database_url(&name);
    let (head, tail) = base
        .rsplit_once("/postgres")
        .expect("a URL naming the database");
    assert_eq!(url, format!("{head}/{name}{tail}"));
    assert!(!connects(&url));

    server.ensure_database(&name, None).unwrap();
    server.ensure_database(&name, None).unwrap(); // already there: no error
    let mut conn = PgConnection::establish(&url).unwrap();
    diesel::sql_query("CREATE TABLE marker (id int)")
        .execute(&mut conn)
        .unwrap();
    drop(conn);

    server.ensure_database(&copy, Some(&name)).unwrap();
    let mut conn = PgConnection::establish(&server.database_url(&copy)).unwrap();
    diesel::sql_query("SELECT id FROM marker")
        .execute(&mut conn)
        .unwrap();

    // FORCE: our open connection does not stop the drop.
    server.drop_database(&copy).unwrap();
    server.drop_database(&name).unwrap();
    server.drop_database(&name).unwrap(); // already gone: no error
    assert!(!connects(&url));
}

#[test]
fn servers_and_clusters_can_live_in_statics() {
    fn shareable<T: Send + Sync + 'static>() {}
    shareable::<Server>();
    shareable::<PrivateCluster>();
    shareable::<BootstrapError>();
}

#[test]
fn environment_url_keeps_its_query_and_bad_urls_are_refused() {
    let dir = Path::new("/nonexistent/pgdata");
    let server = Server::resolve(
        Some("postgresql://app:s3cret@db.example:6543/pledges?sslmode=require"),
        dir,
    )
    .unwrap();
    assert_eq!(server.origin(), Origin::Environment);
    assert_eq!(server.default_database(), "pledges");
    assert_eq!(
        server.database_url("t_1"),
        "postgresql://app:s3cret@db.example:6543/t_1?sslmode=require"
    );
    assert!(!format!("{server:?}").contains("s3cret"));

    let error = Server::resolve(Some("mysql://root:hunter2@localhost/x"), dir).unwrap_err();
    assert!(
        matches!(error, BootstrapError::InvalidDatabaseUrl { .. }),
        "{error}"
    );
    assert!(!error.to_string().contains("hunter2"), "{error}");
}

#[test]
fn local_server_is_used_when_it_answers() {
    let tmp = tempfile::tempdir().unwrap();
    let unused = tmp.path().join("pgdata");
    if !local_server_answers() {
        // Nothing on 5432: the fallback is a private cluster in the folder given.
        crate::common::shared(); // installs the server's binaries when they are missing
        let server = Server::resolve(None, &unused).unwrap();
        assert_eq!(server.origin(), Origin::PrivateCluster);
        assert!(server.cluster().is_some());
        assert!(connects(&server.database_url("postgres")));
        assert!(unused.join("PG_VERSION").exists());
        return;
    }
    let server = Server::resolve(None, &unused).unwrap();
    assert_eq!(server.origin(), Origin::LocalServer);
    assert_eq!(server.default_database(), "openpledges");
    assert_eq!(
        server.database_url("openpledges"),
        "postgres://postgres@127.0.0.1:5432/openpledges"
    );
    assert!(connects(&server.database_url(server.default_database())));
    assert!(server.cluster().is_none());
    assert!(
        !unused.exists(),
        "no cluster folder when the local server answers"
    );
}

#[test]
fn private_cluster_starts_serves_and_stops() {
    let tmp = tempfile::tempdir().unwrap();
    let started = Instant::now();
    let cluster = PrivateCluster::start(tmp.path()).unwrap();
    eprintln!(
        "initdb + start (durable): {} ms",
        started.elapsed().as_millis()
    );
    assert!(cluster.started_here());
    let port = cluster.port();
    let dir = cluster.data_dir().to_path_buf();
    let server = Server::from_cluster(cluster);
    assert_eq!(server.origin(), Origin::PrivateCluster);
    assert_eq!(server.default_database(), "openpledges");
    assert_eq!(
        server.database_url("x"),
        format!("postgres://postgres@127.0.0.1:{port}/x")
    );

    // Only 127.0.0.1, trust auth, UTF-8, socket inside the folder.
    let mut conn = PgConnection::establish(&server.database_url("postgres")).unwrap();
    #[derive(diesel::QueryableByName)]
    struct Setting {
        #[diesel(sql_type = diesel::sql_types::Text)]
        value: String,
    }
    let setting = |conn: &mut PgConnection, name: &str| {
        diesel::sql_query(format!("SELECT current_setting('{name}') AS value"))
            .get_result::<Setting>(conn)
            .unwrap()
            .value
    };
    assert_eq!(setting(&mut conn, "listen_addresses"), "127.0.0.1");
    assert_eq!(setting(&mut conn, "server_encoding"), "UTF8");
    assert_eq!(setting(&mut conn, "fsync"), "on");
    assert!(dir.join(format!(".s.PGSQL.{port}")).exists());
    drop(conn);

    let name = unique_name("bootstrap_private");
    server.ensure_database(&name, None).unwrap();
    assert!(connects(&server.database_url(&name)));
    server.drop_database(&name).unwrap();
    assert!(!connects(&server.database_url(&name)));

    drop(server);
    assert_stopped(&dir, port);
    assert!(dir.join("server.log").exists());

    // The folder is reused: no initdb the second time.
    let started = Instant::now();
    let again = PrivateCluster::start_for_tests(&dir).unwrap();
    eprintln!(
        "start of an existing cluster: {} ms",
        started.elapsed().as_millis()
    );
    assert!(again.started_here());
    assert!(connects(&again.url("postgres")));
    let port = again.port();
    drop(again);
    assert_stopped(&dir, port);
}

#[test]
fn second_guard_reuses_the_running_cluster() {
    let tmp = tempfile::tempdir().unwrap();
    let started = Instant::now();
    let first = PrivateCluster::start_for_tests(tmp.path()).unwrap();
    eprintln!(
        "initdb + start (tests): {} ms",
        started.elapsed().as_millis()
    );
    let second = PrivateCluster::start_for_tests(tmp.path()).unwrap();
    assert!(first.started_here());
    assert!(!second.started_here());
    assert_eq!(first.port(), second.port());
    let pid = postmaster_pid(first.data_dir());

    drop(second);
    assert!(
        connects(&first.url("postgres")),
        "dropping the second guard must not stop the cluster"
    );
    assert_eq!(postmaster_pid(first.data_dir()), pid);

    let (dir, port) = (first.data_dir().to_path_buf(), first.port());
    drop(first);
    assert_stopped(&dir, port);
}

#[test]
fn concurrent_starts_share_one_cluster_until_the_last_user_leaves() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().to_path_buf();
    let threads: Vec<_> = (0..3)
        .map(|_| {
            let dir = dir.clone();
            std::thread::spawn(move || PrivateCluster::start_for_tests(&dir))
        })
        .collect();
    let mut clusters: Vec<PrivateCluster> = threads
        .into_iter()
        .map(|t| t.join().unwrap().unwrap())
        .collect();
    assert_eq!(
        clusters.iter().filter(|c| c.started_here()).count(),
        1,
        "exactly one starts it"
    );
    let port = clusters[0].port();
    assert!(clusters.iter().all(|c| c.port() == port));

    // The starter leaves first: the others still use the cluster, so it keeps running.
    clusters.sort_by_key(|c| !c.started_here());
    let starter = clusters.remove(0);
    assert!(starter.started_here());
    drop(starter);
    assert!(connects(&clusters[0].url("postgres")));
    drop(clusters.remove(0));
    assert!(connects(&clusters[0].url("postgres")));
    drop(clusters);
    assert_stopped(&dir, port);
}

#[test]
fn stale_pid_files_do_not_block_a_start() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let cluster = PrivateCluster::start_for_tests(dir).unwrap();

    // A postmaster killed outright leaves its pid file; wait for its children to notice and go.
    let pid = postmaster_pid(dir);
    unsafe { libc::kill(pid, libc::SIGKILL) };
    let deadline = Instant::now() + Duration::from_secs(15);
    while server_processes_in(dir) > 0 {
        assert!(
            Instant::now() < deadline,
            "postgres processes linger in {}",
            dir.display()
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    let leftover = fs::read_to_string(dir.join("postmaster.pid")).unwrap();
    drop(cluster); // finds nothing to stop
    fs::write(dir.join("postmaster.pid"), leftover).unwrap();
    let restarted = PrivateCluster::start_for_tests(dir).unwrap();
    assert!(restarted.started_here());
    assert!(connects(&restarted.url("postgres")));
    assert_ne!(postmaster_pid(dir), pid);
    let port = restarted.port();
    drop(restarted);
    assert_stopped(dir, port);

    // A pid file whose PID now belongs to another program.
    let mut sleeper = Command::new("sleep").arg("30").spawn().unwrap();
    fs::write(
        dir.join("postmaster.pid"),
        format!(
            "{}\n{}\n0\n5999\n.\n127.0.0.1\n 0 0\nready   \n",
            sleeper.id(),
            dir.display()
        ),
    )
    .unwrap();
    let restarted = PrivateCluster::start_for_tests(dir).unwrap();
    assert!(restarted.started_here());
    assert!(connects(&restarted.url("postgres")));
    let port = restarted.port();
    drop(restarted);
    assert_stopped(dir, port);
    let _ = sleeper.kill();
    let _ = sleeper.wait();
}

/// Processes whose working directory is `dir` (postgres backends run in their data folder).
fn server_processes_in(dir: &Path) -> usize {
    let Ok(entries) = fs::read_dir("/proc") else {
        return 0;
    };
    entries
        .flatten()
        .filter(|entry| {
            entry
                .file_name()
                .to_string_lossy()
                .chars()
                .all(|c| c.is_ascii_digit())
        })
        .filter(|entry| fs::read_link(entry.path().join("cwd")).is_ok_and(|cwd| cwd == dir))
        .count()
}

#[test]
fn a_folder_with_other_content_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    fs::write(tmp.path().join("notes.txt"), "mine").unwrap();
    let error = PrivateCluster::start_for_tests(tmp.path()).unwrap_err();
    assert!(
        matches!(error, BootstrapError::NotADataFolder { .. }),
        "{error}"
    );
    assert!(error.to_string().contains("PG_VERSION"), "{error}");
}

#[test]
fn an_untraversable_parent_is_reported_plainly() {
    let tmp = tempfile::tempdir().unwrap();
    fs::set_permissions(tmp.path(), fs::Permissions::from_mode(0o700)).unwrap();
    let dir = tmp.path().join("project").join(".pgdata");
    if unsafe { libc::geteuid() } != 0 {
        // Only root runs the cluster as another user; for anyone else the folder is their own.
        crate::common::shared();
        let cluster = PrivateCluster::start_for_tests(&dir).unwrap();
        assert!(connects(&cluster.url("postgres")));
        return;
    }
    let error = PrivateCluster::start_for_tests(&dir).unwrap_err();
    let message = error.to_string();
    assert!(
        matches!(error, BootstrapError::NotTraversable { .. }),
        "{message}"
    );
    assert!(
        message.contains("`postgres` OS user") && message.contains("chmod o+x"),
        "{message}"
    );
    assert!(
        message.contains(&tmp.path().display().to_string()),
        "{message}"
    );
}

const AT_EXIT_DIR: &str = "OPENPLEDGES_TEST_AT_EXIT_DIR";

/// Not a test on its own: the body of a child process for `stop_at_exit_releases_at_process_exit`,
/// which runs it by name.
#[test]
#[ignore = "the body of a child process; run by stop_at_exit_releases_at_process_exit"]
fn helper_for_stop_at_exit() {
    let dir = std::env::var(AT_EXIT_DIR).expect("run as a child process");
    let cluster = PrivateCluster::start_for_tests(Path::new(&dir)).unwrap();
    println!(
        "started_here={} port={}",
        cluster.started_here(),
        cluster.port()
    );
    let mut server = Server::from_cluster(cluster);
    server.stop_at_exit();
    assert!(server.cluster().is_none());
    assert!(connects(&server.database_url("postgres")));
}

fn run_helper(dir: &Path) -> String {
    let output = Command::new(std::env::current_exe().unwrap())
        .args([
            "db_bootstrap::helper_for_stop_at_exit",
            "--exact",
            "--ignored",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(AT_EXIT_DIR, dir)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    assert!(
        output.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    stdout
}

#[test]
fn stop_at_exit_releases_at_process_exit() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();

    // Alone: the child's exit stops the cluster it started.
    let stdout = run_helper(dir);
    assert!(stdout.contains("started_here=true"), "{stdout}");
    assert!(
        !dir.join("postmaster.pid").exists(),
        "stopped at the child's exit"
    );

    // Shared: the child joins ours, and its exit leaves it running.
    let ours = PrivateCluster::start_for_tests(dir).unwrap();
    let stdout = run_helper(dir);
    assert!(
        stdout.contains(&format!("started_here=false port={}", ours.port())),
        "{stdout}"
    );
    assert!(connects(&ours.url("postgres")));
    let port = ours.port();
    drop(ours);
    assert_stopped(dir, port);
}
