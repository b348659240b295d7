//! Finding the installed PostgreSQL server binaries.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use super::BootstrapError;

/// Directory holding `initdb` and `pg_ctl`: one matching the data folder's version if it has one,
/// else the newest. Looks at `pg_config --bindir`, `/usr/lib/postgresql/*/bin`, then `PATH`.
pub(super) fn find_binaries(
    dir: &Path,
    data_version: Option<&str>,
) -> Result<PathBuf, BootstrapError> {
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
