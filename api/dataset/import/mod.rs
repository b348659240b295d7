//! Writes a validated dataset in one transaction, as a sync: rows are inserted, updated only where a
//! value differs, and deleted when the files no longer hold them. Importing the same data twice
//! changes nothing, not even a row version.

use std::collections::{HashMap, HashSet};

use diesel::pg::PgConnection;
use diesel::prelude::*;

use super::changelog::Touched;
use super::model::*;
use crate::db::schema::*;

mod commitments;
mod events;
mod finish;
mod reference;
mod rows;
mod statements;
mod sync;

use rows::CitationRow;
use sync::Stale;

/// What an import did, table by table.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Report {
    /// (table, inserted, updated, deleted), in write order.
    pub tables: Vec<(&'static str, usize, usize, usize)>,
    /// False when the database already held exactly this dataset.
    pub new_version: bool,
}

impl Report {
    pub fn changed_rows(&self) -> usize {
        self.tables.iter().map(|(_, i, u, d)| i + u + d).sum()
    }
}

impl std::fmt::Display for Report {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let changed: Vec<String> = self
            .tables
            .iter()
            .filter(|(_, i, u, d)| i + u + d > 0)
            .map(|(t, i, u, d)| format!("{t}: +{i} ~{u} -{d}"))
            .collect();
        if changed.is_empty() {
            write!(f, "no changes")
        } else {
            write!(f, "{}", changed.join(", "))
        }
    }
}

/// Serialises imports across processes (two services starting at once, say).
const IMPORT_LOCK: i64 = 0x6f70_656e_706c_6467;

/// The latest imported dataset version, if any: (version, digest, synthetic).
pub fn current_version(conn: &mut PgConnection) -> QueryResult<Option<(String, String, bool)>> {
    dataset_versions::table
        .order(dataset_versions::id.desc())
        .select((
            dataset_versions::version,
            dataset_versions::digest,
            dataset_versions::synthetic,
        ))
        .first(conn)
        .optional()
}

pub fn import(conn: &mut PgConnection, data: &Dataset) -> QueryResult<Report> {
    conn.transaction(|conn| {
        diesel::sql_query(format!("SELECT pg_advisory_xact_lock({IMPORT_LOCK})")).execute(conn)?;
        if let Some((version, _, synthetic)) = current_version(conn)? {
            if synthetic != data.synthetic {
                return Err(mixing_refused(synthetic, &version));
            }
        }
        let mut report = Report::default();
        write_all(conn, data, &mut report)?;
        // The words "did you mean" offers follow the text just written (migration search_words).
        diesel::sql_query("SELECT refresh_search_words()").execute(conn)?;
        let unchanged =
            current_version(conn)?.is_some_and(|(v, d, _)| v == data.version && d == data.digest);
        if !unchanged {
            diesel::insert_into(dataset_versions::table)
                .values((
                    dataset_versions::version.eq(&data.version),
                    dataset_versions::released_on.eq(data.released_on),
                    dataset_versions::digest.eq(&data.digest),
                    dataset_versions::synthetic.eq(data.synthetic),
                ))
                .execute(conn)?;
            report.new_version = true;
        }
        Ok(report)
    })
}

fn mixing_refused(database_synthetic: bool, version: &str) -> diesel::result::Error {
    let msg = if database_synthetic {
        format!("the database holds synthetic data (version {version}); the real dataset is never imported into it: use another database")
    } else {
        format!("the database holds the real dataset (version {version}); synthetic data is never written into it: use another database")
    };
    diesel::result::Error::QueryBuilderError(msg.into())
}

/// Rows per INSERT: at most 10 columns a row keeps a statement under PostgreSQL's 65,535 parameters.
const CHUNK: usize = 5_000;

/// Ids by natural key of the rows that later tables point at.
struct Ids {
    source_ids: HashMap<String, i64>,
    theme_ids: HashMap<String, i64>,
    org_ids: HashMap<String, i64>,
    person_ids: HashMap<String, i64>,
}

fn write_all(conn: &mut PgConnection, data: &Dataset, report: &mut Report) -> QueryResult<()> {
    let mut stale: Vec<Stale> = Vec::new();
    let mut touched = Touched::default();
    let mut citations: HashSet<CitationRow> = HashSet::new();

    // Each part writes tables that point only at tables written before them.
    let ids = reference::write(conn, data, report, &mut stale, &mut citations)?;
    let commitments = commitments::write(
        conn,
        data,
        report,
        &ids,
        &mut stale,
        &mut touched,
        &mut citations,
    )?;
    events::write(conn, data, report, &ids, &mut stale, &mut citations)?;
    statements::write(conn, data, report, &ids, &commitments, &mut stale)?;
    finish::write(conn, data, report, citations, stale, touched)
}
