//! Shared checks for list endpoints: walking every page, reading CSV back, ids of a page.
#![allow(dead_code)]

use std::collections::HashMap;

use serde_json::Value;

use crate::common::TestApp;

/// The `id`s of a list body's `data`, in order.
pub fn ids(body: &Value) -> Vec<String> {
    body["data"]
        .as_array()
        .unwrap_or_else(|| panic!("no data in {body}"))
        .iter()
        .map(|r| r["id"].as_str().unwrap().to_owned())
        .collect()
}

/// GET `path` (a list URL with a query string) and return its ids.
pub async fn list_ids(app: &TestApp, path: &str) -> Vec<String> {
    ids(&app.json(path).await)
}

/// Follows `next_cursor` from `path` with `limit`, checking `total` and the `Link` header on every
/// page; returns the ids in the order seen.
pub async fn walk(app: &TestApp, path: &str, limit: u32) -> Vec<String> {
    let sep = if path.contains('?') { '&' } else { '?' };
    let first = format!("{path}{sep}limit={limit}");
    let mut url = first.clone();
    let mut seen = Vec::new();
    let mut total = None;
    for _ in 0..1000 {
        let res = app.get(&url).await;
        assert_eq!(res.status(), 200, "GET {url}");
        let link = res
            .headers()
            .get("link")
            .map(|l| l.to_str().unwrap().to_owned());
        let body: Value = res.json().await.unwrap();
        let page = ids(&body);
        assert!(
            page.len() <= limit as usize,
            "{url}: page longer than limit"
        );
        match total {
            None => total = Some(body["total"].as_i64().unwrap()),
            Some(t) => assert_eq!(body["total"], t, "{url}: total changed between pages"),
        }
        seen.extend(page);
        match body["next_cursor"].as_str() {
            Some(cursor) => {
                let link = link.unwrap_or_else(|| panic!("{url}: next_cursor without Link"));
                assert!(
                    link.contains(cursor) && link.ends_with("rel=\"next\""),
                    "{link}"
                );
                url = format!("{first}&cursor={cursor}");
            }
            None => {
                assert!(link.is_none(), "{url}: Link on the last page");
                break;
            }
        }
    }
    let mut unique = seen.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(
        unique.len(),
        seen.len(),
        "{path}: a record seen twice: {seen:?}"
    );
    assert_eq!(seen.len() as i64, total.unwrap(), "{path}: walked {seen:?}");
    seen
}

/// Walks `path` with limit 1 and limit 2 and checks both give exactly the unpaged order.
pub async fn walks_like_one_page(app: &TestApp, path: &str) -> Vec<String> {
    let all = list_ids(app, path).await;
    for limit in [1, 2] {
        assert_eq!(
            walk(app, path, limit).await,
            all,
            "{path} with limit={limit}"
        );
    }
    all
}

/// CSV text as rows of column → value, checking the header is `headers`.
pub fn csv_rows(text: &str, delimiter: u8, headers: &[&str]) -> Vec<HashMap<String, String>> {
    let mut r = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let head: Vec<String> = r.headers().unwrap().iter().map(str::to_owned).collect();
    assert_eq!(head, headers, "CSV columns");
    r.records()
        .map(|rec| {
            let rec = rec.unwrap();
            head.iter()
                .cloned()
                .zip(rec.iter().map(str::to_owned))
                .collect()
        })
        .collect()
}

/// A JSON value as its CSV cell: null → empty, lists `|`-joined, numbers and strings as text.
pub fn cell(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        Value::Array(a) => a.iter().map(cell).collect::<Vec<_>>().join("|"),
        other => other.to_string(),
    }
}

/// GET `path` as CSV (optionally for Excel); returns the body text without a BOM, and whether it had one.
pub async fn get_csv(app: &TestApp, path: &str) -> (String, bool) {
    let res = app.get(path).await;
    assert_eq!(res.status(), 200, "GET {path}");
    assert_eq!(res.headers()["content-type"], "text/csv; charset=utf-8");
    let bytes = res.bytes().await.unwrap();
    let text = String::from_utf8(bytes.to_vec()).expect("UTF-8 CSV");
    match text.strip_prefix('\u{feff}') {
        Some(rest) => (rest.to_owned(), true),
        None => (text, false),
    }
}

/// Asserts a 400 problem whose first field error names `field`.
pub async fn bad(app: &TestApp, path: &str, field: &str) {
    let body = crate::common::problem(app.get(path).await, 400).await;
    assert_eq!(body["errors"][0]["field"], field, "GET {path}: {body}");
}
