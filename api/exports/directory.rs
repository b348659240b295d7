//! `openpledges export DIR`: every file of the catalog written into a directory, all or nothing.
//! The files go into a temporary directory beside DIR, which is renamed to DIR once all are written.
//! The service's file store (`store`) writes its folders the same way, with the Excel dialect too.

use std::fs;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use anyhow::{anyhow, bail, Context};
use diesel::PgConnection;

use super::Kind;
use crate::queries;
use crate::queries::meta::VersionRow;

/// The folder inside an export directory that holds the CSV files in Excel's dialect, under the
/// same names (written by the service's store only).
pub const EXCEL_DIR: &str = "excel";

/// What an export wrote.
#[derive(Debug)]
pub struct Written {
    /// The files' paths relative to the directory.
    pub files: Vec<String>,
    /// The dataset version exported.
    pub version: String,
    /// The dataset the snapshot held: what every file of the directory is of.
    pub dataset: VersionRow,
}

/// Writes every export file into `dir`, which must not exist or be empty. On failure nothing is left.
pub fn export(conn: &mut PgConnection, dir: &Path) -> anyhow::Result<Written> {
    export_with(conn, dir, false)
}

/// As `export`; with `excel`, also each CSV in Excel's dialect under `EXCEL_DIR/`.
pub fn export_with(conn: &mut PgConnection, dir: &Path, excel: bool) -> anyhow::Result<Written> {
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
    let result = write_all(conn, &tmp, excel).and_then(|written| {
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

/// The path of file `kind` inside an export directory; `excel` for the CSV files' Excel dialect.
pub fn relative_path(kind: Kind, excel: bool) -> PathBuf {
    match (kind, excel) {
        (Kind::Csv(_), true) => Path::new(EXCEL_DIR).join(kind.file_name()),
        _ => PathBuf::from(kind.file_name()),
    }
}

fn write_all(conn: &mut PgConnection, tmp: &Path, excel: bool) -> anyhow::Result<Written> {
    queries::exports::snapshot(conn, |conn| {
        let version = queries::meta::version(conn)
            .context(
                "reading the dataset version (is the database migrated? `openpledges migrate`)",
            )?
            .ok_or_else(|| {
                anyhow!("the database holds no dataset; import one first (`openpledges import`)")
            })?;
        let mut files = Vec::new();
        let excel_csv = Kind::all()
            .into_iter()
            .filter(|k| excel && matches!(k, Kind::Csv(_)));
        if excel {
            let sub = tmp.join(EXCEL_DIR);
            fs::create_dir(&sub).with_context(|| format!("creating {}", sub.display()))?;
        }
        let every = Kind::all()
            .into_iter()
            .map(|k| (k, false))
            .chain(excel_csv.map(|k| (k, true)));
        for (kind, excel) in every {
            let name = relative_path(kind, excel);
            let path = tmp.join(&name);
            let file =
                fs::File::create(&path).with_context(|| format!("creating {}", path.display()))?;
            let mut out = BufWriter::new(file);
            super::write(conn, kind, excel, Some(&version), &mut out)
                .with_context(|| format!("writing {}", name.display()))?;
            out.flush()?;
            out.into_inner()
                .map_err(|e| e.into_error())?
                .sync_all()
                .with_context(|| format!("writing {}", name.display()))?;
            files.push(name.to_string_lossy().into_owned());
        }
        Ok(Written {
            files,
            version: version.version.clone(),
            dataset: version,
        })
    })
}
