use crate::common;

use std::time::{Duration, Instant};

use common::TestApp;
use diesel::prelude::*;

const PATH: &str = "/v1/pledges/solvesborg-2022-2023?include=focus_areas,activities";

async fn title(app: &TestApp) -> String {
    app.json(PATH).await["title"].as_str().unwrap().to_owned()
}

#[actix_web::test]
async fn responses_are_served_from_memory_until_the_dataset_version_moves() {
    let app = TestApp::spawn_cached().await;
    let first = app.get(PATH).await;
    let etag = first.headers()["etag"].to_str().unwrap().to_owned();
    let original: serde_json::Value = first.json().await.unwrap();
    let original_title = original["title"].as_str().unwrap().to_owned();

    // Written behind the service's back: the cache keeps answering with what it served.
    let mut conn = app.db.conn();
    diesel::sql_query(
        "UPDATE pledges SET title = 'Ändrad titel' WHERE public_id = 'solvesborg-2022-2023'",
    )
    .execute(&mut conn)
    .unwrap();
    assert_eq!(title(&app).await, original_title);
    let revalidated = app
        .client
        .get(app.url(PATH))
        .header("If-None-Match", &etag)
        .send()
        .await
        .unwrap();
    assert_eq!(revalidated.status(), 304);
    assert_eq!(revalidated.headers()["etag"].to_str().unwrap(), etag);

    // An import records a new dataset version; within the watch interval the cache starts over.
    diesel::sql_query(
        "INSERT INTO dataset_versions (version, released_on, digest) VALUES ('9.9.9', '2026-11-25', repeat('a', 64))",
    )
    .execute(&mut conn)
    .unwrap();
    let deadline = Instant::now() + Duration::from_secs(5);
    while title(&app).await != "Ändrad titel" {
        assert!(
            Instant::now() < deadline,
            "the cache never noticed the new dataset version"
        );
        actix_web::rt::time::sleep(Duration::from_millis(50)).await;
    }
    let fresh = app
        .client
        .get(app.url(PATH))
        .header("If-None-Match", &etag)
        .send()
        .await
        .unwrap();
    assert_eq!(fresh.status(), 200, "the old ETag no longer matches");
    app.stop().await;
}

#[actix_web::test]
async fn the_cache_keeps_representations_and_errors_apart() {
    let app = TestApp::spawn_cached().await;
    let json = app.get("/v1/pledges").await;
    assert_eq!(json.headers()["content-type"], "application/json");
    let csv = app
        .client
        .get(app.url("/v1/pledges"))
        .header("Accept", "text/csv")
        .send()
        .await
        .unwrap();
    assert_eq!(csv.headers()["content-type"], "text/csv; charset=utf-8");
    let json_again = app.get("/v1/pledges").await;
    assert_eq!(json_again.headers()["content-type"], "application/json");
    // Errors are never cached: a 404 stays a problem, a later 200 is unaffected.
    common::problem(app.get("/v1/pledges/nope-2020").await, 404).await;
    common::problem(app.get("/v1/pledges/nope-2020").await, 404).await;
    app.stop().await;
}

#[actix_web::test]
async fn cached_bodies_are_compressed_once_and_decompress_to_the_original() {
    use std::io::Read;
    let app = TestApp::spawn_cached().await;
    let identity = app.get(PATH).await.bytes().await.unwrap();
    for round in 0..2 {
        for encoding in ["gzip", "br"] {
            let res = app
                .client
                .get(app.url(PATH))
                .header("Accept-Encoding", encoding)
                .send()
                .await
                .unwrap();
            assert_eq!(res.status(), 200);
            assert_eq!(res.headers()["content-encoding"], encoding, "round {round}");
            assert!(res.headers()["vary"]
                .to_str()
                .unwrap()
                .to_ascii_lowercase()
                .contains("accept-encoding"));
            let body = res.bytes().await.unwrap();
            assert!(body.len() < identity.len(), "{encoding} is not smaller");
            let mut plain = Vec::new();
            if encoding == "gzip" {
                flate2::read::GzDecoder::new(&body[..])
                    .read_to_end(&mut plain)
                    .unwrap();
            } else {
                brotli::Decompressor::new(&body[..], 4096)
                    .read_to_end(&mut plain)
                    .unwrap();
            }
            assert_eq!(plain, identity, "{encoding} round {round}");
        }
    }
    let refused = app
        .client
        .get(app.url(PATH))
        .header("Accept-Encoding", "br;q=0, gzip;q=0")
        .send()
        .await
        .unwrap();
    assert!(refused.headers().get("content-encoding").is_none());
    assert_eq!(refused.bytes().await.unwrap(), identity);
    app.stop().await;
}
