//! A private cluster: starting or joining it, and stopping it when its last user leaves.

use std::fs::{self, File};
use std::io;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, Once};
use std::time::{Duration, Instant};

use diesel::pg::PgConnection;
use diesel::prelude::*;

use super::account::{account_to_run_as, check_traversable, Account};
use super::binaries::find_binaries;
use super::commands::{init_cluster, pg_command, run_logged, start_server};
use super::error::io_error;
use super::locks::{lock, try_lock};
use super::pg_url::percent_encode;
use super::{BootstrapError, ANSWER_TIMEOUT, LOCAL_HOST, LOG_FILE, SUPERUSER, USERS_LOCK};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Durability {
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
    pub(super) port: u16,
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

    pub(super) fn start_with(
        dir: &Path,
        durability: Durability,
    ) -> Result<PrivateCluster, BootstrapError> {
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
        let Some(_alone) = try_lock_briefly(&users_path)? else {
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

/// The exclusive lock on the users file, tried for up to a second: a process forked elsewhere in
/// this program holds a copy of our descriptor (and so our shared lock) until it execs.
fn try_lock_briefly(path: &Path) -> Result<Option<File>, BootstrapError> {
    for _ in 0..20 {
        if let Some(file) = try_lock(path, libc::LOCK_EX)? {
            return Ok(Some(file));
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    Ok(None)
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
