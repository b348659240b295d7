//! `openpledges export DIR`: every file of the catalog written into a directory, all or nothing.
//! The files go into a temporary directory beside DIR, which is renamed to DIR once all are written.

use std::fs;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use anyhow::{anyhow, bail, Context};
use diesel::PgConnection;

use super::Kind;
use crate::queries;

/// What an export wrote.
#[derive(Debug)]
pub struct Written {
    pub files: Vec<String>,
    /// The dataset version exported.
    pub version: String,
}

/// Writes every export file into `dir`, which must not exist or be empty. On failure nothing is left.
pub fn export(conn: &mut PgConnection, dir: &Path) -> anyhow::Result<Written> {
    if dir.exists() {
        let mut entries = fs::read_dir(dir)
            .with_context(|| format!("{} exists and is not a readable directory", dir.display()))?;
        if entries.next().is_some() {
            bail!(
                "{} exists and is not empty; export into a new or empty directory",
                dir.display()
            );
        }
    }
    let name = dir
        .file_name()
        .ok_or_else(|| anyhow!("{} does not name a directory", dir.display()))?;
    let parent = match dir.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    fs::create_dir_all(&parent).with_context(|| format!("creating {}", parent.display()))?;
    let tmp = parent.join(format!(
        ".{}.partial-{}",
        name.to_string_lossy(),
        std::process::id()
    ));
    if tmp.exists() {
        fs::remove_dir_all(&tmp).with_context(|| format!("removing {}", tmp.display()))?;
    }
    fs::create_dir(&tmp).with_context(|| format!("creating {}", tmp.display()))?;
    let result = write_all(conn, &tmp).and_then(|written| {
        if dir.exists() {
            fs::remove_dir(dir).with_context(|| format!("replacing empty {}", dir.display()))?;
        }
        fs::rename(&tmp, dir).with_context(|| format!("renaming into {}", dir.display()))?;
        Ok(written)
    });
    if result.is_err() {
        let _ = fs::remove_dir_all(&tmp);
    }
    result
}

fn write_all(conn: &mut PgConnection, tmp: &Path) -> anyhow::Result<Written> {
    queries::exports::snapshot(conn, |conn| {
        let version = queries::meta::version(conn)
            .context(
                "reading the dataset version (is the database migrated? `openpledges migrate`)",
            )?
            .ok_or_else(|| {
                anyhow!("the database holds no dataset; import one first (`openpledges import`)")
            })?;
        let mut files = Vec::new();
        for kind in Kind::all() {
            let name = kind.file_name();
            let path = tmp.join(&name);
            let file =
                fs::File::create(&path).with_context(|| format!("creating {}", path.display()))?;
            let mut out = BufWriter::new(file);
            super::write(conn, kind, false, Some(&version), &mut out)
                .with_context(|| format!("writing {name}"))?;
            out.flush()?;
            out.into_inner()
                .map_err(|e| e.into_error())?
                .sync_all()
                .with_context(|| format!("writing {name}"))?;
            files.push(name);
        }
        Ok(Written {
            files,
            version: version.version,
        })
    })
}
