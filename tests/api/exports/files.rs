//! The workbook, the zip and the data package.

use std::io::{Cursor, Read};

use std::process::Command;

use calamine::{Data, Reader, Xlsx};
use serde_json::Value;

use crate::common::TestApp;
use crate::exports::{bytes, parse_csv};

const TABLES: usize = 17;

#[actix_web::test]
async fn the_workbook_has_a_sheet_per_table_with_the_csv_rows() {
    let app = TestApp::spawn().await;
    let body = bytes(&app, "/v1/exports/openpledges.xlsx").await;
    let mut book: Xlsx<_> = Xlsx::new(Cursor::new(body)).expect("an xlsx workbook");
    let sheets = book.sheet_names();
    let tables: Vec<&str> = openpledges::exports::TABLES
        .iter()
        .map(|t| t.name)
        .collect();
    assert_eq!(sheets, tables);
    assert_eq!(sheets.len(), TABLES);
    for name in sheets {
        let range = book.worksheet_range(&name).expect("sheet");
        let csv = bytes(&app, &format!("/v1/exports/{name}.csv")).await;
        let (header, rows) = parse_csv(&csv, b',');
        let mut sheet_rows = range.rows();
        let head: Vec<String> = sheet_rows
            .next()
            .expect("header row")
            .iter()
            .map(|c| c.to_string())
            .collect();
        assert_eq!(head, header, "{name}: header");
        let cells: Vec<Vec<String>> = sheet_rows
            .map(|r| {
                let mut cells: Vec<String> = r
                    .iter()
                    .map(|c| match c {
                        Data::Empty => String::new(),
                        Data::Float(f) if f.fract() == 0.0 => format!("{}", *f as i64),
                        other => other.to_string(),
                    })
                    .collect();
                cells.resize(header.len(), String::new());
                cells
            })
            .collect();
        let want: Vec<Vec<String>> = rows
            .iter()
            .map(|r| header.iter().map(|h| r[h].clone()).collect())
            .collect();
        assert_eq!(cells.len(), want.len(), "{name}: rows");
        assert_eq!(cells, want, "{name}: cells");
    }
}

#[actix_web::test]
async fn the_zip_holds_every_csv_and_the_descriptor() {
    let app = TestApp::spawn().await;
    let body = bytes(&app, "/v1/exports/openpledges.zip").await;
    let mut zip = zip::ZipArchive::new(Cursor::new(body)).expect("a zip archive");
    let mut names: Vec<String> = zip.file_names().map(str::to_owned).collect();
    names.sort();
    let mut want: Vec<String> = openpledges::exports::TABLES
        .iter()
        .map(|t| format!("{}.csv", t.name))
        .collect();
    want.push("datapackage.json".into());
    want.sort();
    assert_eq!(names, want);
    for name in names {
        let mut inside = Vec::new();
        zip.by_name(&name)
            .expect("entry")
            .read_to_end(&mut inside)
            .expect("read");
        let served = bytes(&app, &format!("/v1/exports/{name}")).await;
        if name.ends_with(".json") {
            let a: Value = serde_json::from_slice(&inside).unwrap();
            let b: Value = serde_json::from_slice(&served).unwrap();
            assert_eq!(a, b, "{name}");
        } else {
            assert_eq!(inside, served, "{name}: the same bytes as the single file");
        }
    }
}

#[actix_web::test]
async fn the_descriptor_describes_every_table() {
    let app = TestApp::spawn().await;
    let package: Value =
        serde_json::from_slice(&bytes(&app, "/v1/exports/datapackage.json").await).unwrap();
    let meta = app.json("/v1/meta").await;
    assert_eq!(package["version"], meta["dataset"]["version"]);
    assert_eq!(package["licenses"][0]["name"], "CC0-1.0");
    assert!(package["licenses"][0]["path"]
        .as_str()
        .unwrap()
        .starts_with("https://"));
    let sources = app.json("/v1/sources?limit=500").await;
    assert_eq!(
        package["sources"].as_array().unwrap().len() as u64,
        sources["total"].as_u64().unwrap()
    );
    let resources = package["resources"].as_array().unwrap();
    assert_eq!(resources.len(), TABLES);
    for r in resources {
        let name = r["name"].as_str().unwrap();
        assert_eq!(r["path"], format!("{name}.csv"));
        assert_eq!(r["mediatype"], "text/csv");
        assert_eq!(r["encoding"], "utf-8");
        let csv = bytes(&app, &format!("/v1/exports/{name}.csv")).await;
        let (header, _) = parse_csv(&csv, b',');
        let fields: Vec<&str> = r["schema"]["fields"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|f| f["name"].as_str())
            .collect();
        assert_eq!(fields, header, "{name}: fields are the CSV's columns");
        assert!(
            !r["schema"]["primaryKey"].as_array().unwrap().is_empty(),
            "{name}"
        );
        for fk in r["schema"]["foreignKeys"].as_array().unwrap() {
            let target = fk["reference"]["resource"].as_str().unwrap();
            assert!(
                target.is_empty() || resources.iter().any(|o| o["name"] == target),
                "{name} → {target}"
            );
        }
    }
    let activities = resources
        .iter()
        .find(|r| r["name"] == "activities")
        .unwrap();
    let fks = activities["schema"]["foreignKeys"].to_string();
    assert!(
        fks.contains("municipality_code") && !fks.contains("\"pk\""),
        "joins by kommunkod: {fks}"
    );
}

#[actix_web::test]
async fn the_data_package_validates_with_frictionless() {
    let app = TestApp::spawn().await;
    crate::exports::links::add_status_events(&app.db);
    let dir = tempfile::tempdir().unwrap();
    let body = bytes(&app, "/v1/exports/openpledges.zip").await;
    zip::ZipArchive::new(Cursor::new(body))
        .unwrap()
        .extract(dir.path())
        .unwrap();
    let out = Command::new(crate::common::tools::frictionless())
        .args(["validate", "--json", "datapackage.json"])
        .current_dir(dir.path())
        .output()
        .expect("run frictionless");
    let report: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|_| {
        panic!(
            "frictionless said: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    });
    assert_eq!(report["valid"], true, "frictionless: {report:#}");
    assert!(out.status.success());
    let tasks = report["tasks"].as_array().unwrap();
    assert_eq!(tasks.len(), TABLES, "every resource validated");
}
