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
    validated(files, problems)
}

fn validated(files: load::Files, mut problems: Vec<Problem>) -> Result<Dataset, DatasetErrors> {
    let dataset = validate::validate(&files, &mut problems);
    match dataset {
        Some(d) if problems.is_empty() => Ok(d),
        _ => Err(DatasetErrors(problems)),
    }
}

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/bundled.rs"));
}

/// The dataset shipped with the service: the repository's `data/`, built into the binary so that it
/// runs from anywhere.
pub fn bundled() -> Result<Dataset, DatasetErrors> {
    let mut problems = Vec::new();
    let files = load::read_embedded(embedded::FILES, &mut problems);
    validated(files, problems)
}

/// The dataset in `dir` when given, else the bundled one.
pub fn load_or_bundled(dir: Option<&std::path::Path>) -> Result<Dataset, DatasetErrors> {
    match dir {
        Some(dir) => load(&[dir.to_path_buf()]),
        None => bundled(),
    }
}
