//! The listing, the CSV dialects, ETags, problems, and the response cache leaving files alone.

use diesel::prelude::*;

use crate::common::{problem, TestApp};
use crate::exports::{bytes, parse_csv};

#[actix_web::test]
async fn the_listing_names_every_file_and_each_downloads() {
    let app = TestApp::spawn().await;
    let listing = app.json("/v1/exports/").await;
    let files = listing["files"].as_array().expect("files");
    let names: Vec<&str> = files.iter().filter_map(|f| f["name"].as_str()).collect();
    let catalog = openpledges::exports::catalog();
    assert_eq!(
        names,
        catalog.iter().map(|f| f.name.as_str()).collect::<Vec<_>>()
    );
    assert_eq!(files.len(), 17 * 2 + 3);
    for table in [
        "municipalities",
        "organizations",
        "agreements",
        "agreement-parties",
        "pledges",
        "focus-areas",
        "focus-area-themes",
        "activities",
        "activity-status-events",
        "themes",
        "sources",
        "citations",
        "people",
        "roles",
        "events",
        "statements",
        "inferences",
    ] {
        for ext in ["csv", "ndjson"] {
            assert!(
                names.contains(&format!("{table}.{ext}").as_str()),
                "{table}.{ext}"
            );
        }
    }
    assert_eq!(
        app.json("/v1/exports").await,
        listing,
        "with or without the slash"
    );
    for f in files {
        let path = f["path"].as_str().expect("path");
        assert_eq!(f["url"].as_str(), Some(app.url(path).as_str()));
        let res = app.get(path).await;
        assert_eq!(res.status(), 200, "{path}");
        let ct = res.headers()["content-type"].to_str().unwrap().to_owned();
        assert!(
            ct.starts_with(f["media_type"].as_str().unwrap()),
            "{path}: {ct}"
        );
        let disposition = res.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .to_owned();
        assert_eq!(
            disposition,
            format!("attachment; filename=\"{}\"", f["name"].as_str().unwrap())
        );
        assert!(res.headers().contains_key("etag"), "{path}");
        // Served from a file written once: its length is known.
        let length: usize = res.headers()["content-length"]
            .to_str()
            .unwrap()
            .parse()
            .unwrap();
        assert_eq!(
            res.headers()["cache-control"],
            openpledges::rest::CACHE_CONTROL
        );
        let body = res.bytes().await.unwrap();
        assert_eq!(body.len(), length, "{path}");
        // An NDJSON file of an empty table is empty (the bundled dataset has no status events yet).
        assert!(!body.is_empty() || path.ends_with(".ndjson"), "{path}");
    }
}

#[actix_web::test]
async fn excel_dialect_has_a_bom_and_semicolons_and_the_same_cells() {
    let app = TestApp::spawn().await;
    let plain = bytes(&app, "/v1/exports/activities.csv").await;
    let excel = bytes(&app, "/v1/exports/activities.csv?excel=true").await;
    assert!(!plain.starts_with("\u{feff}".as_bytes()));
    let body = excel.strip_prefix("\u{feff}".as_bytes()).expect("a BOM");
    assert!(body.starts_with(b"id;pledge_id;"));
    assert_eq!(parse_csv(body, b';'), parse_csv(&plain, b','));
    assert!(
        std::str::from_utf8(body).unwrap().contains('ö'),
        "å, ä, ö intact"
    );
    let res = app.get("/v1/exports/activities.csv?excel=true").await;
    let plain_tag = app.get("/v1/exports/activities.csv").await.headers()["etag"].clone();
    assert_ne!(
        res.headers()["etag"],
        plain_tag,
        "each dialect its own ETag"
    );
}

#[actix_web::test]
async fn a_revalidation_is_a_304_with_the_same_tag() {
    let app = TestApp::spawn().await;
    for path in [
        "/v1/exports/pledges.ndjson",
        "/v1/exports/openpledges.zip",
        "/v1/exports/",
    ] {
        let first = app.get(path).await;
        let tag = first.headers()["etag"].to_str().unwrap().to_owned();
        let again = app
            .client
            .get(app.url(path))
            .header("If-None-Match", &tag)
            .send()
            .await
            .unwrap();
        assert_eq!(again.status(), 304, "{path}");
        assert_eq!(again.headers()["etag"].to_str().unwrap(), tag);
        assert!(again.bytes().await.unwrap().is_empty());
    }
    // A new dataset version gives new tags.
    let before = app.get("/v1/exports/pledges.ndjson").await.headers()["etag"].clone();
    diesel::sql_query("INSERT INTO dataset_versions (version, released_on, digest) VALUES ('9.9.9', '2026-11-25', repeat('b', 64))")
        .execute(&mut app.db.conn())
        .unwrap();
    assert_ne!(
        app.get("/v1/exports/pledges.ndjson").await.headers()["etag"],
        before
    );
}

#[actix_web::test]
async fn unknown_files_are_404_and_bad_parameters_400() {
    let app = TestApp::spawn().await;
    for path in [
        "/v1/exports/nothing.csv",
        "/v1/exports/activities.json",
        "/v1/exports/activities",
        "/v1/exports/openpledges.tar",
    ] {
        let body = problem(app.get(path).await, 404).await;
        assert_eq!(body["code"], "not_found", "{path}");
    }
    for path in [
        "/v1/exports/activities.csv?limit=5",
        "/v1/exports/activities.csv?excel=yes",
        "/v1/exports/activities.ndjson?excel=true",
        "/v1/exports/openpledges.xlsx?excel=true",
        "/v1/exports/?format=csv",
    ] {
        let body = problem(app.get(path).await, 400).await;
        assert_eq!(body["code"], "bad_request", "{path}");
    }
}

#[actix_web::test]
async fn files_follow_the_dataset_version_not_writes_behind_its_back() {
    let app = TestApp::spawn_cached().await;
    let path = "/v1/exports/pledges.csv";
    let first = bytes(&app, path).await;
    bytes(&app, "/v1/exports/").await;
    // Written behind the service's back, without a new version: the files are the version's,
    // written once, and do not change.
    diesel::sql_query(
        "UPDATE pledges SET title = 'Ändrad titel' WHERE public_id = 'solvesborg-2022-2023'",
    )
    .execute(&mut app.db.conn())
    .unwrap();
    assert_eq!(bytes(&app, path).await, first);
    // A new version: new files.
    diesel::sql_query("INSERT INTO dataset_versions (version, released_on, digest) VALUES ('9.9.9', '2026-11-25', repeat('c', 64))")
        .execute(&mut app.db.conn())
        .unwrap();
    let second = bytes(&app, path).await;
    assert_ne!(first, second);
    assert!(String::from_utf8(second).unwrap().contains("Ändrad titel"));
}
