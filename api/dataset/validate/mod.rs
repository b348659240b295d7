//! Every check of the dataset that can be made before touching the database.
//! All problems are collected, so one run of `import --check` reports everything at once.

use std::collections::{HashMap, HashSet};

use super::load::{Files, Problem, SourceText};
use super::model::*;

mod fields;
mod municipalities;
mod pledges;
mod private;
mod records;
mod references;
mod statements;

pub use statements::QUOTE_MAX_CHARS;

use fields::version_ok;
use references::parents_first;

pub const SOURCE_KINDS: &[&str] = &[
    "press_release",
    "press_invitation",
    "news_article",
    "pledge_document",
    "agreement_document",
    "follow_up_report",
    "web_page",
    "register",
];
pub const ORGANIZATION_KINDS: &[&str] = &[
    "local_police_area",
    "police_area",
    "police_region",
    "police_authority",
    "region",
    "regional_committee",
    "county_administrative_board",
    "municipal_department",
];
pub const EVENT_KINDS: &[&str] = &["conference", "meeting", "signing", "press_conference"];

/// The checks' state: what exists, and what is wrong so far.
struct Checker<'a> {
    problems: &'a mut Vec<Problem>,
    sources: HashSet<String>,
    themes: HashSet<String>,
    /// organization id → kind (municipalities have kind `municipality`)
    organizations: HashMap<String, String>,
    people: HashSet<String>,
    /// agreement id → municipality id
    agreements: HashMap<String, String>,
}

/// Where in a file a record lies, for messages.
struct At<'s> {
    src: &'s SourceText,
    offset: usize,
    what: String,
}

/// Checks the parsed files and builds the dataset. `None` when any problem was found.
pub fn validate(files: &Files, problems: &mut Vec<Problem>) -> Option<Dataset> {
    let mut c = Checker {
        problems,
        sources: HashSet::new(),
        themes: HashSet::new(),
        organizations: HashMap::new(),
        people: HashSet::new(),
        agreements: HashMap::new(),
    };

    // Pass 1: collect ids, so that references can be checked in any order.
    references::collect_ids(&mut c, files);

    // Pass 2: each record.
    let header = match &files.dataset {
        None => {
            c.problems.push(Problem {
                file: "dataset.toml".into(),
                line: None,
                column: None,
                message: "missing: the dataset needs a dataset.toml with its version".into(),
            });
            None
        }
        Some((src, d)) => {
            let at = At {
                src,
                offset: d.version.span().start,
                what: String::new(),
            };
            if !version_ok(d.version.get_ref()) {
                c.report(
                    &at,
                    format!(
                        "`version` is `{}`; expected MAJOR.MINOR.PATCH",
                        d.version.get_ref()
                    ),
                );
            }
            let at = At {
                src,
                offset: d.released_on.span().start,
                what: String::new(),
            };
            let released = c.date(&at, "released_on", &Some(d.released_on.get_ref().clone()));
            released.map(|r| (d.version.get_ref().clone(), r, d.licence.clone()))
        }
    };

    let themes = records::themes(&mut c, files);
    let sources = records::sources(&mut c, files);
    let mut organizations = records::organizations(&mut c, files);
    let (municipalities, agreements, pledges) =
        municipalities::municipalities(&mut c, files, &mut organizations);
    let people = records::people(&mut c, files);
    let events = records::events(&mut c, files);
    let statements = statements::statements(&mut c, files);

    let ordered = match parents_first(organizations) {
        Ok(o) => o,
        Err(cycle) => {
            c.problems.push(Problem {
                file: "organizations.toml".into(),
                line: None,
                column: None,
                message: format!(
                    "organizations form a cycle of parents: {}",
                    cycle.join(" → ")
                ),
            });
            Vec::new()
        }
    };

    let (version, released_on, licence) = header?;
    if !c.problems.is_empty() {
        return None;
    }
    Some(Dataset {
        version,
        released_on,
        licence,
        digest: files.digest.clone(),
        synthetic: false,
        themes,
        sources,
        organizations: ordered,
        municipalities,
        people,
        agreements,
        pledges,
        events,
        statements,
    })
}
