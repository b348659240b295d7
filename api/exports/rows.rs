//! A table's rows as values in the table's column order, and the two text formats: CSV and NDJSON.

use std::borrow::Cow;
use std::io::Write;

use anyhow::{anyhow, Context};
use diesel::PgConnection;
use serde_json::{Map, Value};

use super::tables::Table;
use crate::queries;

/// Calls `each` with every row of `table`, its values in the order of `table.columns`: JSON values
/// as the API gives them (strings, numbers, ISO dates, null).
pub fn each_row(
    conn: &mut PgConnection,
    table: &Table,
    mut each: impl FnMut(&[Value]) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    let mut values = Vec::with_capacity(table.columns.len());
    let found = queries::exports::for_each_row(conn, table.name, |json| {
        let mut row: Map<String, Value> =
            serde_json::from_str(json).with_context(|| format!("a row of {}", table.name))?;
        // The query and the table of tables must name the same columns: a mismatch is a bug.
        if row.len() != table.columns.len() {
            return Err(anyhow!(
                "the query of {} gives {} columns, the table has {}",
                table.name,
                row.len(),
                table.columns.len()
            ));
        }
        values.clear();
        for c in table.columns {
            let v = row
                .remove(c.name)
                .ok_or_else(|| anyhow!("the query of {} lacks column {}", table.name, c.name))?;
            values.push(v);
        }
        each(&values)
    })?;
    if !found {
        return Err(anyhow!("no query for table {}", table.name));
    }
    Ok(())
}

/// A value as a CSV cell: null is empty, strings as they are, numbers and booleans as JSON writes them.
pub fn cell(v: &Value) -> Cow<'_, str> {
    match v {
        Value::Null => Cow::Borrowed(""),
        Value::String(s) => Cow::Borrowed(s),
        other => Cow::Owned(other.to_string()),
    }
}

/// `table` as CSV: a header row of column names, then the rows. `excel`: BOM and `;`, as the REST CSV.
pub fn write_csv(
    conn: &mut PgConnection,
    table: &Table,
    excel: bool,
    out: impl Write,
) -> anyhow::Result<()> {
    let mut w = crate::http::csv::writer(out, excel)?;
    w.write_record(table.columns.iter().map(|c| c.name))?;
    each_row(conn, table, |row| {
        w.write_record(row.iter().map(|v| cell(v).into_owned()))?;
        Ok(())
    })?;
    w.flush()?;
    Ok(())
}

/// `table` as NDJSON: one JSON object per line, its keys in column order.
pub fn write_ndjson(
    conn: &mut PgConnection,
    table: &Table,
    mut out: impl Write,
) -> anyhow::Result<()> {
    each_row(conn, table, |row| {
        out.write_all(b"{")?;
        for (i, (c, v)) in table.columns.iter().zip(row).enumerate() {
            if i > 0 {
                out.write_all(b",")?;
            }
            serde_json::to_writer(&mut out, c.name)?;
            out.write_all(b":")?;
            serde_json::to_writer(&mut out, v)?;
        }
        out.write_all(b"}\n")?;
        Ok(())
    })?;
    out.flush()?;
    Ok(())
}
