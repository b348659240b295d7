//! Every table in one Excel workbook, a sheet per table, the header row bold and frozen.
//!
//! rust_xlsxwriter's constant-memory sheets spool their rows to temporary files as they are written,
//! so memory stays bounded; the workbook is zipped to `out` at the end.

use std::io::Write;

use diesel::PgConnection;
use rust_xlsxwriter::{Format, Workbook};
use serde_json::Value;

use super::rows::{cell, each_row};
use super::tables::{FieldType, TABLES};

pub fn write_xlsx(conn: &mut PgConnection, out: impl Write + Send) -> anyhow::Result<()> {
    let mut book = Workbook::new();
    let bold = Format::new().set_bold();
    for table in TABLES {
        let sheet = book.add_worksheet_with_constant_memory();
        sheet.set_name(table.name)?;
        for (col, c) in (0u16..).zip(table.columns) {
            sheet.write_string_with_format(0, col, c.name, &bold)?;
        }
        sheet.set_freeze_panes(1, 0)?;
        let mut row_no: u32 = 0;
        each_row(conn, table, |row| {
            row_no += 1;
            for ((col, c), v) in (0u16..).zip(table.columns).zip(row) {
                match (c.kind, v) {
                    (_, Value::Null) => {}
                    (FieldType::Integer, Value::Number(n)) => {
                        if let Some(n) = n.as_f64() {
                            sheet.write_number(row_no, col, n)?;
                        }
                    }
                    (FieldType::Boolean, Value::Bool(b)) => {
                        sheet.write_boolean(row_no, col, *b)?;
                    }
                    // Dates stay ISO 8601 text: the same value as the CSV, and sortable.
                    _ => {
                        sheet.write_string(row_no, col, cell(v))?;
                    }
                }
            }
            Ok(())
        })?;
    }
    book.save_to_writer(out)?;
    Ok(())
}
