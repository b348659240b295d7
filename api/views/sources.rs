//! Sources as every door shows them.

use std::collections::{BTreeSet, HashMap};

use chrono::NaiveDate;
use diesel::{PgConnection, QueryResult};
use serde::Serialize;
use utoipa::ToSchema;

use super::types::inferred_fields;
use crate::domain::Inference;
use crate::http::csv::{opt, CsvRecord};
use crate::queries::sources::{self, CitedByRow, SourceRow};

/// A document facts were taken from. Every record cites at least one.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Source {
    #[schema(example = "solvesborg-2022-medborgarlofte-nyhet")]
    pub id: String,
    /// The document's headline, as published.
    pub title: String,
    #[schema(example = "Sölvesborgs kommun")]
    pub publisher: String,
    /// `press_release`, `press_invitation`, `news_article`, `pledge_document`, `agreement_document`,
    /// `follow_up_report`, `web_page` or `register`.
    #[schema(example = "news_article")]
    pub kind: String,
    pub published_on: Option<NaiveDate>,
    pub url: Option<String>,
    /// Why no address is known; set exactly when `url` is null, so that a missing address is said.
    pub no_url_reason: Option<String>,
    /// ISO 639-1.
    #[schema(example = "sv")]
    pub language: String,
    pub note: Option<String>,
    /// The values (`publisher`, `published_on`, `kind`) that are the dataset's judgement rather
    /// than the source's words, with the reason.
    pub inferred: Vec<Inference>,
}

impl From<SourceRow> for Source {
    fn from(r: SourceRow) -> Source {
        Source {
            id: r.id,
            title: r.title,
            publisher: r.publisher,
            kind: r.kind,
            published_on: r.published_on,
            url: r.url,
            no_url_reason: r.no_url_reason,
            language: r.language,
            note: r.note,
            inferred: r.inferred.0,
        }
    }
}

impl CsvRecord for Source {
    const HEADERS: &'static [&'static str] = &[
        "id",
        "title",
        "publisher",
        "kind",
        "published_on",
        "url",
        "language",
        "note",
        "no_url_reason",
        "inferred",
    ];
    fn fields(&self) -> Vec<String> {
        vec![
            self.id.clone(),
            self.title.clone(),
            self.publisher.clone(),
            self.kind.clone(),
            opt(&self.published_on),
            opt(&self.url),
            self.language.clone(),
            opt(&self.note),
            opt(&self.no_url_reason),
            inferred_fields(&self.inferred),
        ]
    }
}

/// How many records of each kind cite a source. Municipalities count as organizations.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CitedBy {
    /// Organizations, municipalities included.
    #[schema(example = 6)]
    pub organizations: i64,
    /// Cooperation agreements.
    #[schema(example = 1)]
    pub agreements: i64,
    /// Citizen pledges.
    #[schema(example = 1)]
    pub pledges: i64,
    /// Focus areas of pledges and agreements.
    #[schema(example = 7)]
    pub focus_areas: i64,
    /// Activities (their status history is counted apart).
    #[schema(example = 3)]
    pub activities: i64,
    /// People's titles at organizations.
    #[schema(example = 4)]
    pub person_roles: i64,
    /// Meetings and conferences.
    #[schema(example = 0)]
    pub events: i64,
    /// Entries of activities' status history that cite it.
    #[schema(example = 0)]
    pub activity_status_events: i64,
    /// Statements quoted from it.
    #[schema(example = 2)]
    pub statements: i64,
}

impl From<CitedByRow> for CitedBy {
    fn from(r: CitedByRow) -> CitedBy {
        CitedBy {
            organizations: r.organizations,
            agreements: r.agreements,
            pledges: r.pledges,
            focus_areas: r.focus_areas,
            activities: r.activities,
            person_roles: r.person_roles,
            events: r.events,
            activity_status_events: r.activity_status_events,
            statements: r.statements,
        }
    }
}

/// A source with what cites it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SourceDetail {
    /// The source itself, as lists show it.
    #[serde(flatten)]
    pub source: Source,
    /// The records that cite it, counted by kind.
    pub cited_by: CitedBy,
}

/// `source_details` of many records at once: the sources each record cites (`cited`: itself and
/// what is included with it), read in one query, handed to `set` in id order.
pub fn attach<T>(
    conn: &mut PgConnection,
    records: &mut [T],
    cited: impl Fn(&T) -> BTreeSet<String>,
    mut set: impl FnMut(&mut T, Vec<Source>),
) -> QueryResult<()> {
    let each: Vec<BTreeSet<String>> = records.iter().map(&cited).collect();
    let all: Vec<String> = each
        .iter()
        .flatten()
        .cloned()
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let found: HashMap<String, Source> = sources::by_ids(conn, &all)?
        .into_iter()
        .map(|r| (r.id.clone(), Source::from(r)))
        .collect();
    for (record, mine) in records.iter_mut().zip(each) {
        set(
            record,
            mine.iter()
                .filter_map(|id| found.get(id).cloned())
                .collect(),
        );
    }
    Ok(())
}
