//! The dataset: files in `data/` → a validated `Dataset` → one transaction in the database.

pub mod changelog;
pub mod files;
pub mod import;
pub mod load;
pub mod model;
pub mod synthetic;
pub mod validate;

use std::path::PathBuf;

pub use load::{DatasetErrors, Problem};
pub use model::Dataset;

/// Reads and validates a dataset from files and folders; every problem is reported, not just the first.
pub fn load(paths: &[PathBuf]) -> Result<Dataset, DatasetErrors> {
    let mut problems = Vec::new();
    let files = load::read(paths, &mut problems);
    let dataset = validate::validate(&files, &mut problems);
    match dataset {
        Some(d) if problems.is_empty() => Ok(d),
        _ => Err(DatasetErrors(problems)),
    }
}

/// The dataset shipped with the service, in the repository's `data/` folder.
pub fn bundled_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("data")
}
