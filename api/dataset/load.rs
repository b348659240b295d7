//! Finding and parsing the dataset's files. Parse errors become problems with file, line and column.

use std::fmt;
use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;
use sha2::{Digest, Sha256};

use super::files::*;

/// One thing wrong with the dataset, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub file: PathBuf,
    /// 1-based line and column, when the problem has a place inside the file.
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file.display())?;
        if let (Some(l), Some(c)) = (self.line, self.column) {
            write!(f, ":{l}:{c}")?;
        }
        write!(f, ": {}", self.message)
    }
}

/// Every problem found; the dataset is refused as a whole.
#[derive(Debug, Clone, thiserror::Error)]
pub struct DatasetErrors(pub Vec<Problem>);

impl fmt::Display for DatasetErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.0.len();
        write!(
            f,
            "the dataset has {n} problem{}:",
            if n == 1 { "" } else { "s" }
        )?;
        for p in &self.0 {
            write!(f, "\n  {p}")?;
        }
        Ok(())
    }
}

/// A file's text, kept to turn byte offsets into lines and columns.
pub struct SourceText {
    pub path: PathBuf,
    pub text: String,
}

impl SourceText {
    pub fn problem_at(&self, offset: Option<usize>, message: impl Into<String>) -> Problem {
        let (line, column) = match offset {
            Some(o) => {
                let before = &self.text[..o.min(self.text.len())];
                let line = before.matches('\n').count() + 1;
                let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
                (Some(line), Some(column))
            }
            None => (None, None),
        };
        Problem {
            file: self.path.clone(),
            line,
            column,
            message: message.into(),
        }
    }
}

/// The parsed files, each with its text.
pub struct Files {
    pub dataset: Option<(SourceText, DatasetFile)>,
    pub themes: Vec<(SourceText, ThemesFile)>,
    pub sources: Vec<(SourceText, SourcesFile)>,
    pub organizations: Vec<(SourceText, OrganizationsFile)>,
    pub people: Vec<(SourceText, PeopleFile)>,
    pub events: Vec<(SourceText, EventsFile)>,
    pub statements: Vec<(SourceText, StatementsFile)>,
    pub municipalities: Vec<(SourceText, MunicipalityFile)>,
    pub digest: String,
}

enum Kind {
    Dataset,
    Themes,
    Sources,
    Organizations,
    People,
    Events,
    Statements,
    Municipality,
}

fn kind_of(path: &Path) -> Option<Kind> {
    let name = path.file_name()?.to_str()?;
    let in_municipalities = path
        .parent()
        .and_then(|p| p.file_name())
        .is_some_and(|n| n == "municipalities");
    match name {
        "dataset.toml" => Some(Kind::Dataset),
        "themes.toml" => Some(Kind::Themes),
        "sources.toml" => Some(Kind::Sources),
        "organizations.toml" => Some(Kind::Organizations),
        "people.toml" => Some(Kind::People),
        "events.toml" => Some(Kind::Events),
        "statements.toml" => Some(Kind::Statements),
        _ if in_municipalities && name.ends_with(".toml") => Some(Kind::Municipality),
        _ => None,
    }
}

/// The files a path stands for: a file itself, or a dataset folder's known files.
fn expand(path: &Path, problems: &mut Vec<Problem>) -> Vec<PathBuf> {
    let problem = |message: String| Problem {
        file: path.to_owned(),
        line: None,
        column: None,
        message,
    };
    if path.is_file() {
        return vec![path.to_owned()];
    }
    if !path.is_dir() {
        problems.push(problem("no such file or folder".into()));
        return vec![];
    }
    let mut out = Vec::new();
    for dir in [path.to_owned(), path.join("municipalities")] {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let p = entry.path();
            if p.extension().is_some_and(|e| e == "toml") {
                out.push(p);
            }
        }
    }
    if out.is_empty() {
        problems.push(problem("the folder holds no dataset files (*.toml)".into()));
    }
    out.sort();
    out
}

/// The name a file has inside the dataset, independent of where the dataset lies.
fn dataset_name(path: &Path, kind: &Kind) -> String {
    let file = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    match kind {
        Kind::Municipality => format!("municipalities/{file}"),
        _ => file,
    }
}

fn parse<T: DeserializeOwned>(src: &SourceText, problems: &mut Vec<Problem>) -> Option<T> {
    match toml::from_str::<T>(&src.text) {
        Ok(v) => Some(v),
        Err(e) => {
            problems.push(src.problem_at(e.span().map(|s| s.start), e.message().trim().to_owned()));
            None
        }
    }
}

/// A dataset file found: its name inside the dataset, where it is, and its text when already known.
struct Named {
    name: String,
    path: PathBuf,
    kind: Kind,
    text: Option<String>,
}

/// Reads the dataset files that `paths` (files or dataset folders) stand for.
pub fn read(paths: &[PathBuf], problems: &mut Vec<Problem>) -> Files {
    let mut named = Vec::new();
    for path in paths {
        for file in expand(path, problems) {
            match kind_of(&file) {
                Some(kind) => named.push(Named {
                    name: dataset_name(&file, &kind),
                    path: file,
                    kind,
                    text: None,
                }),
                None => problems.push(Problem {
                    file,
                    line: None,
                    column: None,
                    message:
                        "not a dataset file: expected dataset.toml, themes.toml, sources.toml, \
                              organizations.toml, people.toml, events.toml, statements.toml or \
                              municipalities/<id>.toml"
                            .into(),
                }),
            }
        }
    }
    parse_all(named, problems)
}

/// Reads files given as (name inside the dataset, text): the dataset built into the binary. Problems
/// name them as `data/<name>`, where they lie in the repository.
pub fn read_embedded(embedded: &[(&str, &str)], problems: &mut Vec<Problem>) -> Files {
    let mut named = Vec::new();
    for (name, text) in embedded {
        let path = Path::new("data").join(name);
        match kind_of(&path) {
            Some(kind) => named.push(Named {
                name: dataset_name(&path, &kind),
                path,
                kind,
                text: Some((*text).to_owned()),
            }),
            None => problems.push(Problem {
                file: path,
                line: None,
                column: None,
                message: "not a dataset file".into(),
            }),
        }
    }
    parse_all(named, problems)
}

fn parse_all(mut named: Vec<Named>, problems: &mut Vec<Problem>) -> Files {
    let mut files = Files {
        dataset: None,
        themes: vec![],
        sources: vec![],
        organizations: vec![],
        people: vec![],
        events: vec![],
        statements: vec![],
        municipalities: vec![],
        digest: String::new(),
    };
    named.sort_by(|a, b| a.name.cmp(&b.name));
    let mut hasher = Sha256::new();
    for Named {
        name,
        path,
        kind,
        text,
    } in named
    {
        let text = match text.map_or_else(|| std::fs::read_to_string(&path), Ok) {
            Ok(t) => t,
            Err(e) => {
                problems.push(Problem {
                    file: path,
                    line: None,
                    column: None,
                    message: format!("cannot read: {e}"),
                });
                continue;
            }
        };
        hasher.update(name.as_bytes());
        hasher.update([0]);
        hasher.update(text.as_bytes());
        hasher.update([0]);
        let src = SourceText { path, text };
        match kind {
            Kind::Dataset => {
                if files.dataset.is_some() {
                    problems.push(src.problem_at(None, "a second dataset.toml"));
                } else if let Some(v) = parse(&src, problems) {
                    files.dataset = Some((src, v));
                }
            }
            Kind::Themes => {
                if let Some(v) = parse(&src, problems) {
                    files.themes.push((src, v))
                }
            }
            Kind::Sources => {
                if let Some(v) = parse(&src, problems) {
                    files.sources.push((src, v))
                }
            }
            Kind::Organizations => {
                if let Some(v) = parse(&src, problems) {
                    files.organizations.push((src, v))
                }
            }
            Kind::People => {
                if let Some(v) = parse(&src, problems) {
                    files.people.push((src, v))
                }
            }
            Kind::Events => {
                if let Some(v) = parse(&src, problems) {
                    files.events.push((src, v))
                }
            }
            Kind::Statements => {
                if let Some(v) = parse(&src, problems) {
                    files.statements.push((src, v))
                }
            }
            Kind::Municipality => {
                if let Some(v) = parse(&src, problems) {
                    files.municipalities.push((src, v))
                }
            }
        }
    }
    files.digest = hex::encode(hasher.finalize());
    files
}
