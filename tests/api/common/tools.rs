//! What the suite needs beyond Rust and PostgreSQL, installed on first use, so that `cargo test`
//! alone passes on a fresh machine: Debian's Chromium, Node.js and npm, PostgreSQL's server, the
//! browser tests' npm packages (from their lock file) and the Python tools (in a venv under
//! `target/tools/`). Each step holds a file lock, since test binaries run in parallel, and does
//! nothing when its tool is already there.

use std::fs::File;
use std::path::{Path, PathBuf};
use std::process::Command;

use sha2::{Digest, Sha256};

use super::project_dir;

/// The Python tools (PyPI), pinned for repeatable runs: `frictionless` validates the exported data
/// package, `openapi-spec-validator` the OpenAPI document, `graphql-core` (GraphQL's reference
/// implementation) reads and validates against the served schema, `openapi-python-client` generates
/// a client from the committed OpenAPI document (and brings the `httpx` and `attrs` it runs on).
const PYTHON_TOOLS: &[&str] = &[
    "frictionless==5.21.0",
    "openapi-spec-validator==0.9.0",
    "graphql-core==3.2.6",
    "openapi-python-client==0.29.1",
];

fn tools_dir() -> PathBuf {
    let dir = project_dir().join("target/tools");
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("creating {}: {e}", dir.display()));
    dir
}

/// Held while one test binary installs; the others wait, then find the tool there.
fn lock(name: &str) -> File {
    let path = tools_dir().join(format!("{name}.lock"));
    let file = File::create(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    file.lock()
        .unwrap_or_else(|e| panic!("locking {}: {e}", path.display()));
    file
}

/// Straight to the process's stderr: the test harness would hold back `eprintln!` until a failure.
fn say(what: &str) {
    use std::io::Write;
    let _ = writeln!(std::io::stderr().lock(), "[openpledges tests] {what}");
}

fn run(command: &mut Command, what: &str) {
    say(what);
    let status = command
        .status()
        .unwrap_or_else(|e| panic!("{what}: cannot run {command:?}: {e}"));
    assert!(status.success(), "{what}: {command:?} failed ({status})");
}

fn is_root() -> bool {
    // SAFETY: geteuid has no preconditions.
    unsafe { libc::geteuid() == 0 }
}

fn on_path(program: &str) -> bool {
    Command::new(program)
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

/// Installs Debian packages, as root; anyone else is told the command to run.
pub fn apt_install(packages: &[&str], why: &str) {
    let _lock = lock("apt");
    let list = packages.join(" ");
    assert!(
        is_root() && on_path("apt-get"),
        "the tests need the Debian packages {list} ({why}); install them as root: \
         apt-get install {list}"
    );
    run(
        Command::new("apt-get").args(["update", "-qq"]),
        &format!("apt-get update, to install {list} ({why})"),
    );
    run(
        Command::new("apt-get")
            .args(["install", "-y", "-qq", "--no-install-recommends"])
            .args(packages)
            .env("DEBIAN_FRONTEND", "noninteractive"),
        &format!("installing {list} (Debian) for {why}"),
    );
}

/// Headless Chromium for the browser tests: `OPENPLEDGES_CHROMIUM`, else Debian's `/usr/bin/chromium`,
/// installed when missing (npm's own browser downloads do not reach this kind of machine).
pub fn chromium() -> PathBuf {
    if let Some(path) = std::env::var_os("OPENPLEDGES_CHROMIUM") {
        return PathBuf::from(path);
    }
    let path = PathBuf::from("/usr/bin/chromium");
    if !path.exists() {
        apt_install(&["chromium"], "the widget tests in a real browser");
        assert!(path.exists(), "{} is still missing", path.display());
    }
    path
}

/// Node.js and npm, which drive the browser (playwright-core) and check pages (axe-core).
pub fn node() {
    if !(on_path("node") && on_path("npm")) {
        apt_install(&["nodejs", "npm"], "the browser tests' driver script");
    }
}

/// The npm packages of a folder with a `package-lock.json`, installed with `npm ci` when
/// `node_modules` does not match the lock file.
pub fn npm_packages(dir: &Path) {
    node();
    let _lock = lock("npm");
    let lockfile = dir.join("package-lock.json");
    let want = hex::encode(Sha256::digest(
        std::fs::read(&lockfile).unwrap_or_else(|e| panic!("{}: {e}", lockfile.display())),
    ));
    let marker = dir.join("node_modules/.installed-from-lock");
    if std::fs::read_to_string(&marker).is_ok_and(|have| have == want) {
        return;
    }
    run(
        Command::new("npm")
            .args(["ci", "--no-audit", "--no-fund", "--prefix"])
            .arg(dir),
        &format!(
            "npm ci in {} (its lock file changed or was never installed)",
            dir.display()
        ),
    );
    std::fs::write(&marker, want).unwrap_or_else(|e| panic!("{}: {e}", marker.display()));
}

/// `frictionless`, in a Python venv of the suite's own under `target/tools/venv`.
pub fn frictionless() -> PathBuf {
    python_tool("frictionless")
}

/// `openapi-spec-validator`, in the same venv.
pub fn openapi_spec_validator() -> PathBuf {
    python_tool("openapi-spec-validator")
}

/// `openapi-python-client`, in the same venv.
pub fn openapi_python_client() -> PathBuf {
    python_tool("openapi-python-client")
}

/// The venv's Python, with `graphql-core` importable.
pub fn python() -> PathBuf {
    python_tool("python")
}

fn python_tool(name: &str) -> PathBuf {
    let venv = tools_dir().join("venv");
    let bin = venv.join("bin").join(name);
    let marker = venv.join(".installed");
    let want = PYTHON_TOOLS.join(" ");
    let _lock = lock("venv");
    if std::fs::read_to_string(&marker).is_ok_and(|m| m == want) && bin.exists() {
        return bin;
    }
    let venv_works = |venv: &Path| {
        Command::new("python3")
            .args(["-m", "venv", "--clear"])
            .arg(venv)
            .status()
            .is_ok_and(|s| s.success())
    };
    if !venv_works(&venv) {
        apt_install(
            &["python3-venv"],
            "a Python venv for the suite's Python tools",
        );
        assert!(
            venv_works(&venv),
            "python3 -m venv {} failed",
            venv.display()
        );
    }
    run(
        Command::new(venv.join("bin/pip"))
            .args(["install", "-q", "--disable-pip-version-check"])
            .args(PYTHON_TOOLS),
        &format!("installing {want} (PyPI) into {}", venv.display()),
    );
    std::fs::write(&marker, &want).unwrap_or_else(|e| panic!("{}: {e}", marker.display()));
    bin
}

/// PostgreSQL's server binaries, for a private cluster when no server answers and no
/// `DATABASE_URL` is set.
pub fn postgresql_binaries() {
    let installed = std::fs::read_dir("/usr/lib/postgresql")
        .into_iter()
        .flatten()
        .flatten()
        .any(|e| e.path().join("bin/initdb").exists());
    if !installed {
        apt_install(
            &["postgresql"],
            "a private PostgreSQL cluster for the tests",
        );
    }
}
