//! Syncing a table's rows with the wanted ones, and the helpers every table's writer uses.

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;
use diesel::prelude::*;

use super::rows::CitationRow;

/// What a table's sync wrote, and the rows the files no longer hold, deleted after all writes.
pub(super) struct Stale {
    pub(super) table: &'static str,
    pub(super) ids: Vec<i64>,
    /// For the change log.
    pub(super) inserted: Vec<i64>,
    pub(super) updated: Vec<i64>,
}

/// Syncs a table that has a surrogate `id`: returns natural key → id, and the ids no longer wanted.
macro_rules! sync_table {
    ($conn:expr, $report:expr, $table:ident, $row:ty, $key:expr, $plan:expr) => {{
        let key_of = $key;
        let existing: Vec<(i64, $row)> = $table::table
            .select(($table::id, <$row>::as_select()))
            .load($conn)?;
        let mut by_key: HashMap<_, (i64, $row)> = existing
            .into_iter()
            .map(|(id, r)| (key_of(&r), (id, r)))
            .collect();
        let mut updated = Vec::new();
        let mut inserted = Vec::new();
        let mut ids = HashMap::new();
        let mut new_rows: Vec<$row> = Vec::new();
        for row in $plan {
            let key = key_of(&row);
            match by_key.remove(&key) {
                Some((id, old)) if old == row => {
                    ids.insert(key, id);
                }
                Some((id, _)) => {
                    diesel::update($table::table.find(id))
                        .set(&row)
                        .execute($conn)?;
                    updated.push(id);
                    ids.insert(key, id);
                }
                None => new_rows.push(row),
            }
        }
        // New rows go in batches; each comes back whole with its id, so keys match by value, not order.
        for chunk in new_rows.chunks(CHUNK) {
            let written: Vec<(i64, $row)> = diesel::insert_into($table::table)
                .values(chunk)
                .returning(($table::id, <$row>::as_select()))
                .get_results($conn)?;
            for (id, r) in written {
                inserted.push(id);
                ids.insert(key_of(&r), id);
            }
        }
        $report
            .tables
            .push((stringify!($table), new_rows.len(), updated.len(), 0));
        let stale: Vec<i64> = by_key.into_values().map(|(id, _)| id).collect();
        (
            ids,
            Stale {
                table: stringify!($table),
                ids: stale,
                inserted,
                updated,
            },
        )
    }};
}

pub(super) use sync_table;

/// Syncs a link table keyed by its columns `$k1, $k2`: inserts, updates and deletes in place.
/// Evaluates to the `$k1`s whose links changed.
macro_rules! sync_links {
    ($conn:expr, $report:expr, $table:ident, $row:ty, $k1:ident, $k2:ident, $plan:expr) => {{
        let existing: Vec<$row> = $table::table.select(<$row>::as_select()).load($conn)?;
        let mut by_key: HashMap<(i64, i64), $row> =
            existing.into_iter().map(|r| ((r.$k1, r.$k2), r)).collect();
        let (mut updated, mut deleted) = (0, 0);
        let mut new_rows: Vec<$row> = Vec::new();
        let mut touched: HashSet<i64> = HashSet::new();
        for row in $plan {
            match by_key.remove(&(row.$k1, row.$k2)) {
                Some(old) if old == row => {}
                Some(_) => {
                    touched.insert(row.$k1);
                    diesel::update($table::table.find((row.$k1, row.$k2)))
                        .set(&row)
                        .execute($conn)?;
                    updated += 1;
                }
                None => new_rows.push(row),
            }
        }
        let inserted = new_rows.len();
        touched.extend(new_rows.iter().map(|r| r.$k1));
        for chunk in new_rows.chunks(CHUNK) {
            diesel::insert_into($table::table)
                .values(chunk)
                .execute($conn)?;
        }
        let (k1s, k2s): (Vec<i64>, Vec<i64>) = by_key.into_keys().unzip();
        touched.extend(&k1s);
        if !k1s.is_empty() {
            // Pairs as two arrays: one statement however many links go.
            deleted = diesel::sql_query(concat!(
                "DELETE FROM ",
                stringify!($table),
                " WHERE (",
                stringify!($k1),
                ", ",
                stringify!($k2),
                ") IN (SELECT * FROM unnest($1::int8[], $2::int8[]))"
            ))
            .bind::<diesel::sql_types::Array<diesel::sql_types::BigInt>, _>(&k1s)
            .bind::<diesel::sql_types::Array<diesel::sql_types::BigInt>, _>(&k2s)
            .execute($conn)?;
        }
        $report
            .tables
            .push((stringify!($table), inserted, updated, deleted));
        touched
    }};
}

pub(super) use sync_links;

pub(super) fn ids_of(map: &HashMap<String, i64>, key: &str) -> QueryResult<i64> {
    // Validation resolved every reference; a miss here is a bug, reported rather than panicking.
    map.get(key).copied().ok_or_else(|| {
        diesel::result::Error::QueryBuilderError(
            format!("dataset reference `{key}` did not resolve").into(),
        )
    })
}

pub(super) fn opt_id(map: &HashMap<String, i64>, key: &Option<String>) -> QueryResult<Option<i64>> {
    key.as_deref().map(|k| ids_of(map, k)).transpose()
}

pub(super) fn position(i: usize) -> i32 {
    i32::try_from(i + 1).unwrap_or(i32::MAX)
}

pub(super) fn period_cols(
    p: &Option<crate::domain::Period>,
) -> (Option<NaiveDate>, Option<NaiveDate>, Option<String>) {
    match p {
        Some(p) => (
            Some(p.start),
            Some(p.end),
            Some(p.precision.as_str().to_owned()),
        ),
        None => (None, None, None),
    }
}

/// Wants a citation of each of `sources` by the record `row` points at.
pub(super) fn cite(
    citations: &mut HashSet<CitationRow>,
    source_ids: &HashMap<String, i64>,
    sources: &[String],
    row: CitationRow,
) -> QueryResult<()> {
    for s in sources {
        citations.insert(CitationRow {
            source_id: ids_of(source_ids, s)?,
            ..row.clone()
        });
    }
    Ok(())
}
