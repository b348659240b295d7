//! Running initdb and pg_ctl, with their output in the cluster's log.

use std::fs::{self, File, OpenOptions};
use std::io::{Read, Seek, SeekFrom, Write};
use std::net::{Ipv4Addr, TcpListener};
use std::os::unix::process::CommandExt;
use std::path::Path;
use std::process::{Command, Stdio};

use super::account::Account;
use super::cluster::Durability;
use super::error::io_error;
use super::{BootstrapError, LOCAL_HOST, LOG_FILE, START_TIMEOUT_SECS, SUPERUSER};

/// A command run as `account` (if any) from `/`, so that an unreadable working directory does not
/// trouble it.
pub(super) fn pg_command(program: &Path, account: Option<&Account>) -> Command {
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

pub(super) fn init_cluster(
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
pub(super) fn start_server(
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

pub(super) fn free_port() -> Result<u16, BootstrapError> {
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
pub(super) fn run_logged(
    mut command: Command,
    log: &Path,
    what: &str,
) -> Result<(), BootstrapError> {
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
