//! The service's binary as a separate process, as users and operators run it.

use std::net::TcpListener;
use std::path::Path;
use std::process::{Child, Command};
use std::time::{Duration, Instant};

use serde_json::Value;

pub fn free_addr() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    listener.local_addr().expect("addr").to_string()
}

/// A running `openpledges` with only the given environment (plus PATH), killed when dropped.
pub struct Running {
    pub child: Child,
    log: tempfile::NamedTempFile,
    pub base: String,
    pub client: reqwest::Client,
}

impl Running {
    /// Starts it and waits until `/readyz` answers 200.
    pub async fn start(binary: &Path, cwd: &Path, env: &[(&str, &str)], addr: &str) -> Running {
        let running = Running::spawn(binary, cwd, env, addr);
        running.wait_ready(Duration::from_secs(60)).await;
        running
    }

    /// The service's own binary with `env`, listening on `addr`; not waited for.
    pub fn service(env: &[(&str, &str)], addr: &str) -> Running {
        let cwd = std::env::temp_dir();
        Running::spawn(
            Path::new(env!("CARGO_BIN_EXE_openpledges")),
            &cwd,
            env,
            addr,
        )
    }

    pub fn spawn(binary: &Path, cwd: &Path, env: &[(&str, &str)], addr: &str) -> Running {
        let log = tempfile::NamedTempFile::new().expect("log file");
        let child = Command::new(binary)
            .current_dir(cwd)
            .env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .envs(env.iter().copied())
            .stdout(log.reopen().expect("log"))
            .stderr(log.reopen().expect("log"))
            .spawn()
            .unwrap_or_else(|e| panic!("starting {}: {e}", binary.display()));
        Running {
            child,
            log,
            base: format!("http://{addr}"),
            client: reqwest::Client::new(),
        }
    }

    /// The status of `GET path`, or `None` when nothing answers.
    pub async fn status(&self, path: &str) -> Option<u16> {
        let res = self.client.get(self.url(path)).send().await.ok()?;
        Some(res.status().as_u16())
    }

    pub async fn wait_ready(&self, within: Duration) {
        let deadline = Instant::now() + within;
        while self.status("/readyz").await != Some(200) {
            assert!(
                Instant::now() < deadline,
                "the service never answered /readyz on {}: {}",
                self.base,
                self.log()
            );
            actix_web::rt::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// What it has logged so far.
    pub fn log(&self) -> String {
        std::fs::read_to_string(self.log.path()).unwrap_or_default()
    }

    pub fn signal(&self, signal: i32) {
        // SAFETY: kill with a child's pid we own.
        unsafe { libc::kill(self.child.id() as i32, signal) };
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// GET expecting 200.
    async fn ok(&self, path: &str) -> reqwest::Response {
        let res = self
            .client
            .get(self.url(path))
            .send()
            .await
            .expect("request");
        assert_eq!(res.status(), 200, "GET {path}");
        res
    }

    pub async fn json(&self, path: &str) -> Value {
        self.ok(path).await.json().await.expect("json")
    }

    pub async fn text(&self, path: &str) -> String {
        self.ok(path).await.text().await.expect("text")
    }

    /// Stops it with SIGTERM and returns what it logged.
    pub fn stop(mut self) -> String {
        // SAFETY: kill with a child's pid we own.
        unsafe { libc::kill(self.child.id() as i32, libc::SIGTERM) };
        let status = self.child.wait().expect("wait");
        let log = std::fs::read_to_string(self.log.path()).expect("log");
        assert!(status.success(), "stopped with {status}: {log}");
        log
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Runs a helper script (Python, Node) that calls an app served on this test's own thread: waits
/// for it without blocking that thread, at most `budget`. Its exit status, stdout and stderr.
pub async fn run_beside_app(
    mut command: Command,
    budget: Duration,
) -> (std::process::ExitStatus, String, String) {
    let dir = tempfile::tempdir().expect("temp dir");
    let (out, err) = (dir.path().join("stdout"), dir.path().join("stderr"));
    let mut child = command
        .stdout(std::fs::File::create(&out).expect("stdout file"))
        .stderr(std::fs::File::create(&err).expect("stderr file"))
        .stdin(std::process::Stdio::null())
        .spawn()
        .unwrap_or_else(|e| panic!("starting {command:?}: {e}"));
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait for the script") {
            break status;
        }
        if started.elapsed() > budget {
            let _ = child.kill();
            let _ = child.wait();
            panic!("{command:?} ran over {budget:?}");
        }
        actix_web::rt::time::sleep(Duration::from_millis(50)).await;
    };
    let read = |p: &Path| std::fs::read_to_string(p).unwrap_or_default();
    (status, read(&out), read(&err))
}
