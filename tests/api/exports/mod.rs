//! The bulk exports: every file parses back into exactly the records the API (or, for what the API
//! does not show, the database) holds; the HTTP conventions; the workbook, the zip, the data
//! package (validated by `frictionless`), `openpledges export DIR`, and the files served from disk
//! (lengths, ranges, HEAD, clients that never read).

use crate::common;
use crate::support::datasets;

mod cli;
mod files;
mod http;
mod links;
mod parity;
mod served;

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use common::TestApp;

pub type Row = Map<String, Value>;

/// GET `path` expecting 200, as bytes.
pub async fn bytes(app: &TestApp, path: &str) -> Vec<u8> {
    let res = app.get(path).await;
    assert_eq!(res.status(), 200, "GET {path}");
    res.bytes().await.expect("body").to_vec()
}

/// A CSV export as rows of column → cell, and its header.
pub fn parse_csv(body: &[u8], delimiter: u8) -> (Vec<String>, Vec<BTreeMap<String, String>>) {
    let mut r = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .from_reader(body);
    let header: Vec<String> = r
        .headers()
        .expect("header")
        .iter()
        .map(str::to_owned)
        .collect();
    let rows = r
        .records()
        .map(|rec| {
            let rec = rec.expect("csv record");
            header
                .iter()
                .cloned()
                .zip(rec.iter().map(str::to_owned))
                .collect()
        })
        .collect();
    (header, rows)
}

/// An NDJSON export as objects, with their keys in file order.
pub fn parse_ndjson(body: &[u8]) -> Vec<(Vec<String>, Row)> {
    let text = std::str::from_utf8(body).expect("utf-8");
    assert!(
        text.is_empty() || text.ends_with('\n'),
        "NDJSON ends with a newline"
    );
    text.lines()
        .map(|line| {
            let row: Row = serde_json::from_str(line).expect("one JSON object per line");
            // serde_json's map sorts keys: read their order from the text itself.
            let mut keys: Vec<(usize, String)> = row
                .keys()
                .map(|k| {
                    (
                        line.find(&format!("{}:", Value::from(k.as_str())))
                            .expect("key"),
                        k.clone(),
                    )
                })
                .collect();
            keys.sort();
            (keys.into_iter().map(|(_, k)| k).collect(), row)
        })
        .collect()
}

/// The CSV cell a JSON value becomes.
pub fn cell(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// Every record of a REST collection, following `next_cursor`.
pub async fn all(app: &TestApp, path: &str) -> Vec<Value> {
    let mut out = Vec::new();
    let sep = if path.contains('?') { '&' } else { '?' };
    let mut url = format!("{path}{sep}limit=500");
    loop {
        let page = app.json(&url).await;
        out.extend(page["data"].as_array().expect("data").iter().cloned());
        match page["next_cursor"].as_str() {
            Some(c) => url = format!("{path}{sep}limit=500&cursor={c}"),
            None => break,
        }
    }
    assert_eq!(
        out.len() as i64,
        app.json(path).await["total"].as_i64().unwrap_or(-1),
        "{path}"
    );
    out
}

/// The NDJSON rows of `table`, checked against its CSV (same columns, same order, same cells).
pub async fn table(app: &TestApp, name: &str) -> Vec<Row> {
    let csv_body = bytes(app, &format!("/v1/exports/{name}.csv")).await;
    let nd_body = bytes(app, &format!("/v1/exports/{name}.ndjson")).await;
    let (header, csv_rows) = parse_csv(&csv_body, b',');
    let nd = parse_ndjson(&nd_body);
    assert_eq!(
        csv_rows.len(),
        nd.len(),
        "{name}: CSV and NDJSON row counts"
    );
    for (c, (keys, row)) in csv_rows.iter().zip(&nd) {
        assert_eq!(
            keys, &header,
            "{name}: NDJSON keys in the CSV's column order"
        );
        for k in &header {
            assert_eq!(c[k], cell(&row[k]), "{name}.{k}: CSV and NDJSON differ");
        }
    }
    nd.into_iter().map(|(_, r)| r).collect()
}
