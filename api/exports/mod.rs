//! Bulk exports: every table as CSV and NDJSON, one workbook, one zip with a Frictionless data
//! package. The same code writes `openpledges export DIR` and the folders of `store`, from which
//! `/v1/exports/` serves the files; `catalog()` lists the files for the listing, the CLI and DCAT.

pub mod archive;
mod columns;
pub mod directory;
pub mod package;
pub mod rows;
pub mod store;
mod tables;
pub mod workbook;

use std::io::Write;

use diesel::PgConnection;
use sha2::{Digest, Sha256};

use crate::queries::meta::VersionRow;

use serde::Serialize;
use utoipa::ToSchema;

pub use store::ExportStore;
pub use tables::{Table, TABLES};

/// Where the files are served.
pub const BASE_PATH: &str = "/v1/exports/";
pub const WORKBOOK: &str = "openpledges.xlsx";
pub const ARCHIVE: &str = "openpledges.zip";
pub const PACKAGE: &str = "datapackage.json";

pub const CSV_TYPE: &str = "text/csv";
pub const NDJSON_TYPE: &str = "application/x-ndjson";
pub const XLSX_TYPE: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
pub const ZIP_TYPE: &str = "application/zip";
pub const PACKAGE_TYPE: &str = "application/json";

/// What a file holds.
#[derive(Debug, Clone, Copy)]
pub enum Kind {
    /// One table as CSV (UTF-8, `,`; the Excel dialect on request).
    Csv(&'static Table),
    /// One table as newline-delimited JSON, one object per row.
    Ndjson(&'static Table),
    /// Every table, one sheet each.
    Workbook,
    /// Every CSV and `datapackage.json`.
    Archive,
    /// The Frictionless data package descriptor.
    Package,
}

impl Kind {
    /// The file this name names; none for anything else.
    pub fn parse(name: &str) -> Option<Kind> {
        match name {
            WORKBOOK => return Some(Kind::Workbook),
            ARCHIVE => return Some(Kind::Archive),
            PACKAGE => return Some(Kind::Package),
            _ => {}
        }
        if let Some(stem) = name.strip_suffix(".csv") {
            return tables::by_name(stem).map(Kind::Csv);
        }
        name.strip_suffix(".ndjson")
            .and_then(tables::by_name)
            .map(Kind::Ndjson)
    }

    pub fn file_name(self) -> String {
        match self {
            Kind::Csv(t) => format!("{}.csv", t.name),
            Kind::Ndjson(t) => format!("{}.ndjson", t.name),
            Kind::Workbook => WORKBOOK.to_owned(),
            Kind::Archive => ARCHIVE.to_owned(),
            Kind::Package => PACKAGE.to_owned(),
        }
    }

    pub fn media_type(self) -> &'static str {
        match self {
            Kind::Csv(_) => CSV_TYPE,
            Kind::Ndjson(_) => NDJSON_TYPE,
            Kind::Workbook => XLSX_TYPE,
            Kind::Archive => ZIP_TYPE,
            Kind::Package => PACKAGE_TYPE,
        }
    }

    pub fn format(self) -> &'static str {
        match self {
            Kind::Csv(_) => "csv",
            Kind::Ndjson(_) => "ndjson",
            Kind::Workbook => "xlsx",
            Kind::Archive => "zip",
            Kind::Package => "json",
        }
    }

    pub fn table(self) -> Option<&'static Table> {
        match self {
            Kind::Csv(t) | Kind::Ndjson(t) => Some(t),
            _ => None,
        }
    }

    /// Every file, tables first (CSV, then NDJSON), then the workbook, the zip and the descriptor.
    pub fn all() -> Vec<Kind> {
        TABLES
            .iter()
            .map(Kind::Csv)
            .chain(TABLES.iter().map(Kind::Ndjson))
            .chain([Kind::Workbook, Kind::Archive, Kind::Package])
            .collect()
    }
}

/// One downloadable file.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ExportFile {
    /// The file name, also the last segment of its path.
    #[schema(example = "activities.csv")]
    pub name: String,
    #[schema(example = "Activities (CSV)")]
    pub title: String,
    #[schema(example = "text/csv")]
    pub media_type: String,
    /// The path under this service: `/v1/exports/<name>`.
    #[schema(example = "/v1/exports/activities.csv")]
    pub path: String,
    /// `csv`, `ndjson`, `xlsx`, `zip` or `json` (the data package descriptor).
    #[schema(example = "csv")]
    pub format: String,
    /// The table the file holds; null for the workbook, the zip and the descriptor, which hold all.
    #[schema(example = "activities")]
    pub table: Option<String>,
}

impl ExportFile {
    fn of(kind: Kind) -> ExportFile {
        let name = kind.file_name();
        let title = match kind {
            Kind::Csv(t) => format!("{} (CSV)", t.title),
            Kind::Ndjson(t) => format!("{} (NDJSON)", t.title),
            Kind::Workbook => "Every table as an Excel workbook, one sheet per table".to_owned(),
            Kind::Archive => {
                "Every table as CSV with the Frictionless data package, zipped".to_owned()
            }
            Kind::Package => "Frictionless data package descriptor (datapackage.json)".to_owned(),
        };
        ExportFile {
            path: format!("{BASE_PATH}{name}"),
            name,
            title,
            media_type: kind.media_type().to_owned(),
            format: kind.format().to_owned(),
            table: kind.table().map(|t| t.name.to_owned()),
        }
    }
}

/// Every export file, in a stable order: the listing, `openpledges export` and DCAT use this.
pub fn catalog() -> Vec<ExportFile> {
    Kind::all().into_iter().map(ExportFile::of).collect()
}

/// Writes file `kind` from what `conn` sees. Call it inside one snapshot (`queries::exports::snapshot`)
/// so that several files agree; `version` is the dataset that snapshot holds.
pub fn write(
    conn: &mut PgConnection,
    kind: Kind,
    excel: bool,
    version: Option<&VersionRow>,
    mut out: impl Write + Send,
) -> anyhow::Result<()> {
    match kind {
        Kind::Csv(t) => rows::write_csv(conn, t, excel, out),
        Kind::Ndjson(t) => rows::write_ndjson(conn, t, out),
        Kind::Workbook => workbook::write_xlsx(conn, out),
        Kind::Archive => archive::write_zip(conn, version, out),
        Kind::Package => {
            let descriptor = package::descriptor(conn, version)?;
            serde_json::to_writer_pretty(&mut out, &descriptor)?;
            out.write_all(b"\n")?;
            out.flush()?;
            Ok(())
        }
    }
}

/// A strong ETag for file `kind` of dataset `version`: the API release (the files' layout), the
/// dataset's version and digest, the file and the CSV dialect. It costs one read of the version.
pub fn etag(version: Option<&VersionRow>, kind: Kind, excel: bool) -> String {
    let mut h = Sha256::new();
    h.update(env!("CARGO_PKG_VERSION"));
    if let Some(v) = version {
        h.update([0]);
        h.update(&v.version);
        h.update([0]);
        h.update(&v.digest);
    }
    h.update([0]);
    h.update(kind.file_name());
    h.update([u8::from(excel)]);
    hex::encode(&h.finalize()[..16])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_file_name_parses_back() {
        let files = catalog();
        assert_eq!(files.len(), TABLES.len() * 2 + 3);
        for f in &files {
            let kind = Kind::parse(&f.name).unwrap_or_else(|| panic!("{} does not parse", f.name));
            assert_eq!(kind.file_name(), f.name);
        }
        for bad in [
            "",
            "activities",
            "activities.json",
            "nothing.csv",
            ".csv",
            "openpledges.tar",
        ] {
            assert!(Kind::parse(bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn keys_name_columns_that_exist() {
        for t in TABLES {
            let has = |table: &Table, c: &str| table.columns.iter().any(|col| col.name == c);
            for k in t.primary_key {
                assert!(has(t, k), "{}: primary key {k}", t.name);
            }
            for f in t.foreign_keys {
                let other = tables::by_name(f.resource).unwrap_or_else(|| panic!("{}", f.resource));
                assert_eq!(f.fields.len(), f.reference.len());
                assert!(f.fields.iter().all(|c| has(t, c)), "{}", t.name);
                assert!(f.reference.iter().all(|c| has(other, c)), "{}", t.name);
            }
        }
    }
}
