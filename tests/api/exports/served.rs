//! The files served from disk: lengths, ranges and HEAD; clients that never read starve no one; a
//! new dataset version gives new files.

use std::io::{BufRead, BufReader, Write};
use std::net::TcpStream;
use std::time::Duration;

use diesel::RunQueryDsl;
use openpledges::dataset::{self, import, synthetic};
use openpledges::db;

use crate::common::{problem, TestApp, TestDb};
use crate::exports::{bytes, datasets};

async fn get_with(app: &TestApp, path: &str, headers: &[(&str, &str)]) -> reqwest::Response {
    let mut req = app.client.get(app.url(path));
    for (k, v) in headers {
        req = req.header(*k, *v);
    }
    req.send().await.expect("request")
}

#[actix_web::test]
async fn files_have_a_length_and_answer_ranges_and_head() {
    let app = TestApp::spawn().await;
    for path in [
        "/v1/exports/activities.csv",
        "/v1/exports/activities.csv?excel=true",
        "/v1/exports/openpledges.zip",
        "/v1/exports/pledges.ndjson",
    ] {
        let whole = app.get(path).await;
        assert_eq!(whole.status(), 200, "{path}");
        assert_eq!(whole.headers()["accept-ranges"], "bytes", "{path}");
        let length: usize = whole.headers()["content-length"]
            .to_str()
            .unwrap()
            .parse()
            .unwrap();
        let tag = whole.headers()["etag"].clone();
        let type_ = whole.headers()["content-type"].clone();
        let body = whole.bytes().await.unwrap();
        assert_eq!(body.len(), length, "{path}: Content-Length is the body's");
        assert!(length > 10, "{path}");

        let part = get_with(&app, path, &[("Range", "bytes=0-9")]).await;
        assert_eq!(part.status(), 206, "{path}");
        assert_eq!(
            part.headers()["content-range"],
            format!("bytes 0-9/{length}").as_str(),
            "{path}"
        );
        assert_eq!(part.headers()["content-length"], "10", "{path}");
        assert_eq!(
            part.headers()["etag"],
            tag,
            "{path}: a range has the file's tag"
        );
        assert_eq!(part.headers()["content-type"], type_, "{path}");
        assert!(part.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .starts_with("attachment; filename="));
        assert_eq!(part.bytes().await.unwrap(), body[..10], "{path}");

        let tail = get_with(&app, path, &[("Range", "bytes=-5")]).await;
        assert_eq!(tail.status(), 206, "{path}");
        assert_eq!(tail.bytes().await.unwrap(), body[length - 5..], "{path}");

        let past = get_with(&app, path, &[("Range", "bytes=999999999-")]).await;
        assert_eq!(
            past.headers()["content-range"],
            format!("bytes */{length}").as_str(),
            "{path}"
        );
        let p = problem(past, 416).await;
        assert_eq!(p["code"], "range_not_satisfiable", "{path}");

        let head = app.client.head(app.url(path)).send().await.unwrap();
        assert_eq!(head.status(), 200, "{path}");
        assert_eq!(
            head.headers()["content-length"],
            length.to_string().as_str(),
            "{path}"
        );
        assert_eq!(head.headers()["etag"], tag, "{path}");
        assert!(
            head.bytes().await.unwrap().is_empty(),
            "{path}: HEAD has no body"
        );

        // A revalidation is a 304 whatever the range.
        let tag = tag.to_str().unwrap();
        let again = get_with(
            &app,
            path,
            &[("If-None-Match", tag), ("Range", "bytes=0-9")],
        )
        .await;
        assert_eq!(again.status(), 304, "{path}");
    }
}

/// A database with synthetic data large enough that an export outlasts every socket buffer
/// between the service and a client that does not read.
fn large() -> TestDb {
    let db = TestDb::empty();
    let mut conn = db.conn();
    db::migrate(&mut conn).unwrap();
    let params = synthetic::Params {
        municipalities: 120,
        years: 10,
        seed: 3,
        first_year: 2016,
    };
    let themes = dataset::bundled().unwrap().themes;
    let data = synthetic::generate(&params, themes).unwrap();
    import::import(&mut conn, &data).unwrap();
    db
}

/// The status line of the answer on `stream`.
fn status_line(stream: TcpStream) -> String {
    stream
        .set_read_timeout(Some(Duration::from_secs(120)))
        .unwrap();
    let mut line = String::new();
    BufReader::new(stream).read_line(&mut line).unwrap();
    line
}

#[actix_web::test]
async fn sixteen_clients_that_never_read_starve_nothing() {
    // The pool has 4 connections: each slow download used to hold one for as long as it lasted.
    let app = TestApp::spawn_on(large()).await;
    let path = "/v1/exports/activities.ndjson";
    let head = app.client.head(app.url(path)).send().await.unwrap();
    assert_eq!(head.status(), 200);
    let length: u64 = head.headers()["content-length"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!(
        length > 8 << 20,
        "{length} bytes: too small to outlast the socket buffers"
    );

    let addr = app.base.trim_start_matches("http://").to_owned();
    let mut idle = Vec::new();
    for file in [path, "/v1/exports/openpledges.zip"].repeat(8) {
        let mut s = TcpStream::connect(&addr).unwrap();
        write!(s, "GET {file} HTTP/1.1\r\nHost: {addr}\r\n\r\n").unwrap();
        idle.push(s);
    }
    // While they hang, everyone else is served: each of these needs a pooled connection.
    for _ in 0..3 {
        for path in [
            "/v1/activities",
            "/v1/pledges?limit=5",
            "/readyz",
            "/v1/exports/themes.csv",
        ] {
            let res = app.get(path).await;
            assert_eq!(res.status(), 200, "{path} while 16 downloads hang");
        }
        let res = app
            .client
            .post(app.url("/graphql"))
            .json(&serde_json::json!({ "query": "{ themes(first: 3) { totalCount } }" }))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200, "GraphQL while 16 downloads hang");
        let body: serde_json::Value = res.json().await.unwrap();
        assert!(body["errors"].is_null(), "{body}");
    }
    // Each of them was answered, and is only waiting for its client to read.
    for s in idle {
        let line = actix_web::rt::task::spawn_blocking(move || status_line(s))
            .await
            .unwrap();
        assert!(line.starts_with("HTTP/1.1 200"), "{line}");
    }
}

#[actix_web::test]
async fn a_new_dataset_version_serves_new_files() {
    let app = TestApp::spawn().await;
    let path = "/v1/exports/focus-areas.csv";
    let before = app.get(path).await;
    let tag = before.headers()["etag"].clone();
    let old = before.bytes().await.unwrap();
    let old_zip = bytes(&app, "/v1/exports/openpledges.zip").await;
    let folders = || -> Vec<String> {
        std::fs::read_dir(app.exports_dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect()
    };
    assert_eq!(folders().len(), 1, "one folder: {:?}", folders());

    let dir = datasets::copy_of_data();
    datasets::edit(
        &dir.path().join("municipalities/solvesborg.toml"),
        "title = \"Ökad trafiksäkerhet\"",
        "title = \"Ökad trafiksäkerhet och trygghet\"",
    );
    let data = dataset::load(&[dir.path().to_owned()]).unwrap();
    import::import(&mut app.db.conn(), &data).unwrap();

    let after = app.get(path).await;
    assert_eq!(after.status(), 200);
    assert_ne!(after.headers()["etag"], tag, "a new version, a new tag");
    let new = after.bytes().await.unwrap();
    assert_ne!(new, old);
    assert!(std::str::from_utf8(&new)
        .unwrap()
        .contains("Ökad trafiksäkerhet och trygghet"));
    assert_ne!(bytes(&app, "/v1/exports/openpledges.zip").await, old_zip);
    // The old tag no longer revalidates, and the old version's folder is gone.
    let again = get_with(&app, path, &[("If-None-Match", tag.to_str().unwrap())]).await;
    assert_eq!(again.status(), 200);
    assert_eq!(
        folders().len(),
        1,
        "the old folder removed: {:?}",
        folders()
    );
}

#[actix_web::test]
async fn concurrent_first_requests_share_one_write() {
    let app = TestApp::spawn().await;
    let handles: Vec<_> = (0..8)
        .map(|i| {
            let file = ["activities.csv", "openpledges.xlsx"][i % 2];
            let (client, url) = (app.client.clone(), app.url(&format!("/v1/exports/{file}")));
            actix_web::rt::spawn(async move { client.get(url).send().await.unwrap().status() })
        })
        .collect();
    for h in handles {
        assert_eq!(h.await.unwrap(), 200);
    }
    let entries: Vec<String> = std::fs::read_dir(app.exports_dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(entries.len(), 1, "one folder, no leftovers: {entries:?}");
}

#[actix_web::test]
async fn a_failed_write_serves_nothing_and_leaves_nothing() {
    let app = TestApp::spawn().await;
    // Behind the service's back: the write fails part-way, after the tables before `citations`.
    diesel::sql_query("DROP TABLE citations")
        .execute(&mut app.db.conn())
        .unwrap();
    for path in ["/v1/exports/themes.csv", "/v1/exports/themes.csv"] {
        let p = problem(app.get(path).await, 500).await;
        assert_eq!(p["code"], "internal", "{p}");
        let left: Vec<String> = std::fs::read_dir(app.exports_dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert!(left.is_empty(), "nothing half-written is left: {left:?}");
    }
    // The rest of the service is unaffected.
    assert_eq!(app.get("/readyz").await.status(), 200);
}
