//! Every CSV and `datapackage.json` in one zip, written as a stream: each entry's sizes and CRC
//! follow its data, so the archive never needs to seek back and never sits whole in memory.

use std::io::Write;

use diesel::PgConnection;
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipWriter};

use super::rows::write_csv;
use super::tables::TABLES;
use crate::queries::meta::VersionRow;

pub fn write_zip(
    conn: &mut PgConnection,
    version: Option<&VersionRow>,
    out: impl Write,
) -> anyhow::Result<()> {
    let mut zip = ZipWriter::new_stream(out);
    let options = SimpleFileOptions::default().compression_method(CompressionMethod::Deflated);
    for table in TABLES {
        zip.start_file(format!("{}.csv", table.name), options)?;
        write_csv(conn, table, false, &mut zip)?;
    }
    zip.start_file(super::PACKAGE, options)?;
    let descriptor = super::package::descriptor(conn, version)?;
    serde_json::to_writer_pretty(&mut zip, &descriptor)?;
    zip.finish()?.flush()?;
    Ok(())
}
