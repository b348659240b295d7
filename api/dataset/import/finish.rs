//! The end of an import: citations, the change log, and deleting what the files no longer hold.

use std::collections::HashSet;

use diesel::pg::PgConnection;
use diesel::prelude::*;

use super::rows::CitationRow;
use super::sync::Stale;
use super::{Report, CHUNK};
use crate::dataset::changelog::Touched;
use crate::dataset::model::*;
use crate::db::schema::*;

pub(super) fn write(
    conn: &mut PgConnection,
    data: &Dataset,
    report: &mut Report,
    mut citations: HashSet<CitationRow>,
    stale: Vec<Stale>,
    mut touched: Touched,
) -> QueryResult<()> {
    // Citations have no natural key of their own beyond all their columns.
    let existing: Vec<(i64, CitationRow)> = citations::table
        .select((citations::id, CitationRow::as_select()))
        .load(conn)?;
    let mut gone = Vec::new();
    let cited = |r: &CitationRow| [r.agreement_id, r.pledge_id, r.focus_area_id, r.activity_id];
    for (id, row) in existing {
        if !citations.remove(&row) {
            touched.cited(cited(&row));
            gone.push(id);
        }
    }
    for row in &citations {
        touched.cited(cited(row));
    }
    let inserted = citations.len();
    let wanted: Vec<CitationRow> = citations.into_iter().collect();
    for chunk in wanted.chunks(CHUNK) {
        diesel::insert_into(citations::table)
            .values(chunk)
            .execute(conn)?;
    }
    let deleted =
        diesel::delete(citations::table.filter(citations::id.eq_any(&gone))).execute(conn)?;
    report.tables.push(("citations", inserted, 0, deleted));

    for s in &stale {
        touched.table(s.table, &s.inserted, &s.updated, &s.ids);
    }
    let mut logged = touched.log_before_deletions(conn, &data.version)?;
    // Deletions last, children first, so that nothing still points at a row being removed.
    for s in stale.into_iter().rev() {
        if s.ids.is_empty() {
            continue;
        }
        let deleted = delete_ids(conn, s.table, &s.ids)?;
        if let Some(entry) = report.tables.iter_mut().find(|(t, ..)| *t == s.table) {
            entry.3 += deleted;
        }
    }
    logged += touched.log_after_deletions(conn, &data.version)?;
    report.tables.push(("changes", logged, 0, 0));
    Ok(())
}

fn delete_ids(conn: &mut PgConnection, table: &str, ids: &[i64]) -> QueryResult<usize> {
    match table {
        "sources" => diesel::delete(sources::table.filter(sources::id.eq_any(ids))).execute(conn),
        "themes" => diesel::delete(themes::table.filter(themes::id.eq_any(ids))).execute(conn),
        "organizations" => {
            // Children of a removed parent may be removed too: delete the deepest first.
            let mut left: Vec<i64> = ids.to_vec();
            let mut total = 0;
            while !left.is_empty() {
                let parents: HashSet<i64> = organizations::table
                    .filter(organizations::parent_id.eq_any(&left))
                    .select(organizations::parent_id.assume_not_null())
                    .load::<i64>(conn)?
                    .into_iter()
                    .collect();
                let leaves: Vec<i64> = left
                    .iter()
                    .copied()
                    .filter(|id| !parents.contains(id))
                    .collect();
                if leaves.is_empty() {
                    break;
                }
                diesel::delete(
                    municipalities::table.filter(municipalities::organization_id.eq_any(&leaves)),
                )
                .execute(conn)?;
                total +=
                    diesel::delete(organizations::table.filter(organizations::id.eq_any(&leaves)))
                        .execute(conn)?;
                left.retain(|id| parents.contains(id));
            }
            Ok(total)
        }
        "people" => diesel::delete(people::table.filter(people::id.eq_any(ids))).execute(conn),
        "person_roles" => {
            diesel::delete(person_roles::table.filter(person_roles::id.eq_any(ids))).execute(conn)
        }
        "agreements" => {
            diesel::delete(agreements::table.filter(agreements::id.eq_any(ids))).execute(conn)
        }
        "pledges" => diesel::delete(pledges::table.filter(pledges::id.eq_any(ids))).execute(conn),
        "focus_areas" => {
            diesel::delete(focus_areas::table.filter(focus_areas::id.eq_any(ids))).execute(conn)
        }
        "activities" => {
            diesel::delete(activities::table.filter(activities::id.eq_any(ids))).execute(conn)
        }
        "activity_status_events" => diesel::delete(
            activity_status_events::table.filter(activity_status_events::id.eq_any(ids)),
        )
        .execute(conn),
        "events" => diesel::delete(events::table.filter(events::id.eq_any(ids))).execute(conn),
        "statements" => {
            diesel::delete(statements::table.filter(statements::id.eq_any(ids))).execute(conn)
        }
        other => Err(diesel::result::Error::QueryBuilderError(
            format!("no deletion for table {other}").into(),
        )),
    }
}
