//! Statements as every door shows them, and a record's statements for `include=statements`.

use std::collections::HashMap;

use diesel::{PgConnection, QueryResult};
use serde::Serialize;
use utoipa::ToSchema;

use super::types::{MunicipalityRef, Ref};
use crate::http::csv::{opt, CsvRecord};
use crate::queries::statements::{self, StatementRow};

/// The record a statement is about.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct About {
    /// `agreement`, `pledge`, `focus_area` or `activity`.
    #[serde(rename = "type")]
    #[schema(example = "focus_area")]
    pub kind: String,
    #[schema(example = "trelleborg-2019-2022/f1")]
    pub id: String,
    pub title: String,
}

/// What a named person said, in a source, about one record: the words quoted exactly, as short
/// as the point needs.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Statement {
    #[schema(example = "trelleborg-2019-bjornqvist-unga-narkotika")]
    pub id: String,
    /// The speaker (see `/v1/people`).
    pub person: Ref,
    /// The speaker's title at the time, as the source gives it.
    #[schema(example = "lokalpolisområdeschef")]
    pub role: String,
    /// The organization of that role, where known.
    pub organization: Option<Ref>,
    pub about: About,
    /// The municipality of the record it is about.
    pub municipality: MunicipalityRef,
    /// The speaker's words, exactly as the source prints them.
    pub quote: String,
    /// The source the words are quoted from (see `/v1/sources`).
    #[schema(example = "trelleborg-2019-samverkansoverenskommelse-nyhet")]
    pub source: String,
    /// Our notes: what was left out, and why the statement is about that record.
    pub note: Option<String>,
}

impl From<StatementRow> for Statement {
    fn from(r: StatementRow) -> Statement {
        Statement {
            id: r.id,
            person: Ref {
                id: r.person_id,
                name: r.person_name,
            },
            role: r.role,
            organization: Ref::from_parts(r.organization_id, r.organization_name),
            about: About {
                kind: r.about_type,
                id: r.about_id,
                title: r.about_title,
            },
            municipality: MunicipalityRef {
                id: r.municipality_id,
                name: r.municipality_name,
                code: r.municipality_code,
            },
            quote: r.quote,
            source: r.source_id,
            note: r.note,
        }
    }
}

impl CsvRecord for Statement {
    const HEADERS: &'static [&'static str] = &[
        "id",
        "person_id",
        "person_name",
        "role",
        "organization_id",
        "about_type",
        "about_id",
        "municipality_id",
        "municipality_code",
        "quote",
        "source",
        "note",
    ];
    fn fields(&self) -> Vec<String> {
        vec![
            self.id.clone(),
            self.person.id.clone(),
            self.person.name.clone(),
            self.role.clone(),
            opt(&self.organization.as_ref().map(|o| o.id.clone())),
            self.about.kind.clone(),
            self.about.id.clone(),
            self.municipality.id.clone(),
            self.municipality.code.clone(),
            self.quote.clone(),
            self.source.clone(),
            opt(&self.note),
        ]
    }
}

/// The statements about each record (its id: `id`), read in one query, handed to `set` in the
/// order the dataset gives them.
pub fn attach<T>(
    conn: &mut PgConnection,
    records: &mut [T],
    id: impl Fn(&T) -> String,
    mut set: impl FnMut(&mut T, Vec<Statement>),
) -> QueryResult<()> {
    let ids: Vec<String> = records.iter().map(&id).collect();
    let mut by_record: HashMap<String, Vec<Statement>> = HashMap::new();
    for row in statements::about(conn, &ids)? {
        by_record
            .entry(row.about_id.clone())
            .or_default()
            .push(Statement::from(row));
    }
    for r in records.iter_mut() {
        let mine = by_record.remove(&id(r)).unwrap_or_default();
        set(r, mine);
    }
    Ok(())
}
