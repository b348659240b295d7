//! `GET /v1/meta`: versions, licence, counts and the sources' attribution.

use crate::common;

use common::{problem, TestApp, TestDb};
use openpledges::dataset;
use serde_json::{json, Value};

#[actix_web::test]
async fn versions_and_licence() {
    let app = TestApp::spawn().await;
    let data = dataset::bundled().unwrap();
    let body = app.json("/v1/meta").await;
    assert_eq!(body["api_version"], env!("CARGO_PKG_VERSION"));
    let d = &body["dataset"];
    assert_eq!(d["version"], "1.2.0");
    assert_eq!(d["version"], data.version.as_str());
    assert_eq!(d["released_on"], "2026-12-01");
    assert_eq!(d["released_on"], data.released_on.to_string());
    assert_eq!(d["digest"], data.digest.as_str());
    assert_eq!(d["synthetic"], false);
    let imported = chrono::DateTime::parse_from_rfc3339(d["imported_at"].as_str().unwrap())
        .expect("imported_at is RFC 3339");
    assert!(imported.timestamp() > 1_700_000_000);
    assert_eq!(
        body["licence"],
        json!({
            "id": "CC0-1.0",
            "name": "CC0 1.0 Universal",
            "url": "https://creativecommons.org/publicdomain/zero/1.0/"
        })
    );
    app.stop().await;
}

#[actix_web::test]
async fn counts_match_the_dataset_files() {
    let app = TestApp::spawn().await;
    let d = dataset::bundled().unwrap();
    let c = app.json("/v1/meta").await["counts"].clone();
    let focus_areas = d
        .agreements
        .iter()
        .map(|a| a.focus_areas.len())
        .sum::<usize>()
        + d.pledges.iter().map(|p| p.focus_areas.len()).sum::<usize>();
    let activities = d.pledges.iter().map(|p| p.activities.len()).sum::<usize>();
    let events = d
        .pledges
        .iter()
        .flat_map(|p| &p.activities)
        .map(|a| a.status_events.len())
        .sum::<usize>();
    assert_eq!(
        c,
        json!({
            "municipalities": d.municipalities.len(),
            "organizations": d.organizations.len(),
            "agreements": d.agreements.len(),
            "pledges": d.pledges.len(),
            "focus_areas": focus_areas,
            "activities": activities,
            "activity_status_events": events,
            "themes": d.themes.len(),
            "sources": d.sources.len(),
            "people": d.people.len(),
            "events": d.events.len(),
            "statements": d.statements.len(),
        })
    );
    // The facts of data/: 1.0.0's, plus Halmstad and Varberg, invited to the Halland conference.
    assert_eq!(
        (
            &c["municipalities"],
            &c["agreements"],
            &c["pledges"],
            &c["focus_areas"],
            &c["activities"],
            &c["themes"]
        ),
        (
            &json!(8),
            &json!(3),
            &json!(2),
            &json!(12),
            &json!(7),
            &json!(11)
        )
    );
    app.stop().await;
}

#[actix_web::test]
async fn attribution_credits_every_source() {
    let app = TestApp::spawn().await;
    let d = dataset::bundled().unwrap();
    let a = app.json("/v1/meta").await["attribution"].clone();
    let sources = a["sources"].as_array().unwrap();
    let mut expected: Vec<&str> = d.sources.iter().map(|s| s.id.as_str()).collect();
    expected.sort();
    let ids: Vec<&str> = sources.iter().map(|s| s["id"].as_str().unwrap()).collect();
    assert_eq!(ids, expected, "every source, by id");
    let scb = sources
        .iter()
        .find(|s| s["id"] == "scb-lan-och-kommuner")
        .unwrap();
    assert_eq!(
        scb,
        &json!({
            "id": "scb-lan-och-kommuner",
            "title": "Län och kommuner i kodnummerordning",
            "publisher": "Statistiska centralbyrån (SCB)"
        })
    );
    let sv = a["text_sv"].as_str().unwrap();
    let en = a["text_en"].as_str().unwrap();
    assert!(
        sv.contains("sammanställda ur 6 källor") && sv.contains("CC0"),
        "{sv}"
    );
    assert!(
        en.contains("compiled from 6 sources") && en.contains("CC0"),
        "{en}"
    );
    app.stop().await;
}

#[actix_web::test]
async fn before_any_import_the_dataset_is_null() {
    let db = TestDb::empty();
    openpledges::db::migrate(&mut db.conn()).unwrap();
    let app = TestApp::spawn_on(db).await;
    let body = app.json("/v1/meta").await;
    assert_eq!(body["dataset"], Value::Null);
    assert_eq!(body["counts"]["pledges"], 0);
    assert_eq!(body["attribution"]["sources"], json!([]));
    assert!(body["attribution"]["text_en"]
        .as_str()
        .unwrap()
        .contains("0 sources"));
    app.stop().await;
}

#[actix_web::test]
async fn parameters_are_refused_and_etags_revalidate() {
    let app = TestApp::spawn().await;
    let body = problem(app.get("/v1/meta?format=csv").await, 400).await;
    assert_eq!(body["errors"][0]["field"], "format");
    let res = app.get("/v1/meta").await;
    let etag = res.headers()["etag"].to_str().unwrap().to_owned();
    let again = app
        .client
        .get(app.url("/v1/meta"))
        .header("If-None-Match", &etag)
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), 304);
    problem(
        app.client.delete(app.url("/v1/meta")).send().await.unwrap(),
        405,
    )
    .await;
    app.stop().await;
}
