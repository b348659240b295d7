//! Walking lists page by page and reading their CSV back, for the collection tests.

use std::collections::HashSet;

use serde_json::Value;

use super::TestApp;

/// The `id`s of a list body's `data`, in order.
pub fn ids(body: &Value) -> Vec<String> {
    body["data"]
        .as_array()
        .expect("data array")
        .iter()
        .map(|r| r["id"].as_str().expect("string id").to_owned())
        .collect()
}

/// Follows `next_cursor` from `path` (a query string may be included) with this `limit` until the
/// last page, checking the `Link` header, the page size and that `total` stays put; returns every
/// id seen, in order, and asserts none is seen twice.
pub async fn walk(app: &TestApp, path: &str, limit: u32) -> Vec<String> {
    let seen: Vec<String> = walk_records(app, path, limit)
        .await
        .iter()
        .map(|r| r["id"].as_str().expect("string id").to_owned())
        .collect();
    let unique: HashSet<&String> = seen.iter().collect();
    assert_eq!(
        unique.len(),
        seen.len(),
        "{path}: a record came twice: {seen:?}"
    );
    seen
}

/// Like [`walk`], returning the records themselves.
pub async fn walk_records(app: &TestApp, path: &str, limit: u32) -> Vec<Value> {
    let sep = if path.contains('?') { '&' } else { '?' };
    let first = format!("{path}{sep}limit={limit}");
    let mut url = first.clone();
    let mut seen: Vec<Value> = Vec::new();
    let mut total = None;
    for _ in 0..1000 {
        let res = app.get(&url).await;
        assert_eq!(res.status(), 200, "GET {url}");
        let link = res
            .headers()
            .get("link")
            .map(|l| l.to_str().unwrap().to_owned());
        let body: Value = res.json().await.unwrap();
        let page = body["data"].as_array().expect("data array").clone();
        assert!(page.len() <= limit as usize, "{url}: page too long");
        match total {
            None => total = body["total"].as_i64(),
            Some(t) => assert_eq!(body["total"].as_i64(), Some(t), "{url}: total changed"),
        }
        seen.extend(page);
        match body["next_cursor"].as_str() {
            Some(cursor) => {
                let link = link.expect("a Link header beside next_cursor");
                assert!(
                    link.ends_with("rel=\"next\"") && link.contains(cursor),
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
    assert_eq!(
        Some(seen.len() as i64),
        total,
        "{path}: walked {} records",
        seen.len()
    );
    seen
}

/// A CSV response's header row and records; `excel` expects the BOM and `;`.
pub async fn csv(app: &TestApp, path: &str, excel: bool) -> (Vec<String>, Vec<Vec<String>>) {
    let res = app.get(path).await;
    assert_eq!(res.status(), 200, "GET {path}");
    assert_eq!(res.headers()["content-type"], "text/csv; charset=utf-8");
    let bytes = res.bytes().await.unwrap();
    let body: &[u8] = if excel {
        assert!(bytes.starts_with("\u{feff}".as_bytes()), "{path}: no BOM");
        &bytes[3..]
    } else {
        assert!(!bytes.starts_with("\u{feff}".as_bytes()), "{path}: a BOM");
        &bytes
    };
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(if excel { b';' } else { b',' })
        .from_reader(body);
    let headers: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_owned)
        .collect();
    let records = reader
        .records()
        .map(|r| r.unwrap().iter().map(str::to_owned).collect())
        .collect();
    (headers, records)
}

/// A JSON list value as the CSV writes it: null → empty, strings as they are, arrays joined by `|`.
pub fn cell(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        Value::Array(a) => a.iter().map(cell).collect::<Vec<_>>().join("|"),
        other => other.to_string(),
    }
}
