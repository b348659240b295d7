//! The export files on disk, one folder per dataset version, so that a download holds no pooled
//! connection while the client reads (a client that never reads used to hold one for ever).
//!
//! A version's folder is written once, on its first request, by `directory::export_with` (all
//! files from one snapshot, into a temporary folder renamed into place, so nothing half-written is
//! ever served); writing holds one pooled connection for as long as the writing takes. Requests
//! that arrive meanwhile wait for that write rather than start their own. Once a new version's
//! folder is in place, the older folders are removed: a download in progress keeps reading its
//! open file.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{Duration, SystemTime};

use sha2::{Digest, Sha256};

use super::directory;
use crate::db::Db;
use crate::http::problem::ApiError;
use crate::queries::meta::VersionRow;

/// Every folder of the store starts so; nothing else in the store's root is ever removed.
const PREFIX: &str = "openpledges-";

/// A temporary folder older than this is left over from a process that died while writing.
const STALE_PARTIAL: Duration = Duration::from_secs(3600);

/// The folder of files of one dataset version.
#[derive(Debug, Clone)]
pub struct Folder {
    pub path: PathBuf,
    /// The dataset the files are of: the one asked for, unless an import landed first.
    pub dataset: VersionRow,
}

/// The export files of the current dataset version, in folders under `root`.
#[derive(Debug)]
pub struct ExportStore {
    root: PathBuf,
    /// One write at a time: requests for a version being written wait for it.
    writing: tokio::sync::Mutex<()>,
}

impl ExportStore {
    /// A store in `root`, created on the first write. Only folders named by the store are ever removed.
    pub fn new(root: impl Into<PathBuf>) -> ExportStore {
        ExportStore {
            root: root.into(),
            writing: tokio::sync::Mutex::new(()),
        }
    }

    /// A store of its own under the system's temporary folder, for tools and tests that set none;
    /// the service sets its folder from `--exports-dir`.
    pub fn temporary() -> ExportStore {
        static N: AtomicU32 = AtomicU32::new(0);
        let n = N.fetch_add(1, Ordering::Relaxed);
        ExportStore::new(
            std::env::temp_dir().join(format!("openpledges-exports-{}-{n}", std::process::id())),
        )
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The folder of `dataset`'s files, written first if it is not there yet. If an import
    /// committed in between, the folder written is of the newer dataset, and `Folder::dataset` says so.
    pub async fn folder(&self, db: &Db, dataset: &VersionRow) -> Result<Folder, ApiError> {
        let path = self.root.join(folder_name(dataset));
        if is_dir(&path).await {
            return Ok(Folder {
                path,
                dataset: dataset.clone(),
            });
        }
        let _writing = self.writing.lock().await;
        // Another request may have written it while this one waited.
        if is_dir(&path).await {
            return Ok(Folder {
                path,
                dataset: dataset.clone(),
            });
        }
        let root = self.root.clone();
        let written = db
            .run(move |conn| {
                let tmp = root.join(format!(".{PREFIX}writing-{}", std::process::id()));
                let _ = fs::remove_dir_all(&tmp);
                let written = directory::export_with(conn, &tmp, true)
                    .map_err(|e| ApiError::internal(format!("writing the export files: {e:#}")))?;
                let path = root.join(folder_name(&written.dataset));
                let placed = match fs::rename(&tmp, &path) {
                    Ok(()) => Ok(()),
                    // Another process sharing the folder was first: its files are the same.
                    Err(_) if path.is_dir() => fs::remove_dir_all(&tmp),
                    Err(e) => Err(e),
                };
                if let Err(e) = placed {
                    let _ = fs::remove_dir_all(&tmp);
                    return Err(ApiError::internal(format!(
                        "placing the export files in {}: {e}",
                        path.display()
                    )));
                }
                remove_others(&root, &path);
                Ok(Folder {
                    path,
                    dataset: written.dataset,
                })
            })
            .await;
        if let Err(e) = &written {
            tracing::error!(error = %e, root = %self.root.display(), "export files not written");
        } else {
            tracing::info!(root = %self.root.display(), "export files written");
        }
        written
    }

    /// Removes `folder`, which lacked a file it should hold (removed by hand, or by a newer
    /// version's write): the next request writes it again, whole.
    pub async fn discard(&self, folder: &Folder) {
        let _writing = self.writing.lock().await;
        let path = folder.path.clone();
        let _ = actix_web::web::block(move || fs::remove_dir_all(path)).await;
    }
}

/// The folder of `dataset`'s files: its version (for people looking at the disk) and a digest of
/// what decides the files' bytes, the API release (their layout), the version and its contents.
pub fn folder_name(dataset: &VersionRow) -> String {
    let mut h = Sha256::new();
    h.update(env!("CARGO_PKG_VERSION"));
    h.update([0]);
    h.update(&dataset.version);
    h.update([0]);
    h.update(&dataset.digest);
    let version: String = dataset
        .version
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '.' || c == '-' {
                c
            } else {
                '_'
            }
        })
        .take(40)
        .collect();
    format!("{PREFIX}{version}-{}", hex::encode(&h.finalize()[..8]))
}

async fn is_dir(path: &Path) -> bool {
    let path = path.to_path_buf();
    actix_web::web::block(move || path.is_dir())
        .await
        .unwrap_or(false)
}

/// Removes the store's other folders (older versions), and temporary folders that a process
/// left behind when it died while writing. Failures are logged, never fatal: the files served are
/// in `keep`.
fn remove_others(root: &Path, keep: &Path) {
    let entries = match fs::read_dir(root) {
        Ok(entries) => entries,
        Err(e) => {
            tracing::warn!(root = %root.display(), error = %e, "old export folders not removed");
            return;
        }
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        // Temporary folders start with a dot (`directory` adds another for its own).
        let old = if name.starts_with('.') {
            name.trim_start_matches('.')
                .starts_with(&format!("{PREFIX}writing-"))
                && is_stale(&path).unwrap_or(false)
        } else {
            name.starts_with(PREFIX) && path != keep
        };
        if old && path.is_dir() {
            if let Err(e) = fs::remove_dir_all(&path) {
                tracing::warn!(folder = %path.display(), error = %e, "old export folder not removed");
            }
        }
    }
}

fn is_stale(path: &Path) -> io::Result<bool> {
    let modified = fs::metadata(path)?.modified()?;
    Ok(SystemTime::now()
        .duration_since(modified)
        .is_ok_and(|age| age > STALE_PARTIAL))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn version(v: &str, digest: &str) -> VersionRow {
        VersionRow {
            version: v.into(),
            released_on: chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(),
            imported_at: chrono::Utc::now(),
            digest: digest.into(),
            synthetic: false,
        }
    }

    #[test]
    fn each_dataset_has_a_folder_of_its_own() {
        let a = folder_name(&version("1.2.0", "aa"));
        assert!(a.starts_with("openpledges-1.2.0-"), "{a}");
        assert_eq!(a, folder_name(&version("1.2.0", "aa")));
        assert_ne!(a, folder_name(&version("1.2.0", "bb")));
        assert_ne!(a, folder_name(&version("1.2.1", "aa")));
        let odd = folder_name(&version("../x y", "aa"));
        assert!(!odd.contains('/') && !odd.contains(' '), "{odd}");
    }
}
