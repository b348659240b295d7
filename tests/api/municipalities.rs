use crate::common;

use common::{problem, TestApp};
use serde_json::Value;

#[actix_web::test]
async fn lists_the_seed_municipalities_with_their_codes() {
    let app = TestApp::spawn().await;
    let body = app.json("/v1/municipalities").await;
    assert_eq!(body["total"], 8);
    assert_eq!(body["next_cursor"], Value::Null);
    let data = body["data"].as_array().unwrap();
    let codes: Vec<(&str, &str)> = data
        .iter()
        .map(|m| (m["id"].as_str().unwrap(), m["code"].as_str().unwrap()))
        .collect();
    for expected in [
        ("falkenberg", "1382"),
        ("trelleborg", "1287"),
        ("solvesborg", "1083"),
    ] {
        assert!(
            codes.contains(&expected),
            "{expected:?} missing from {codes:?}"
        );
    }
    let ids: Vec<&str> = codes.iter().map(|(id, _)| *id).collect();
    let mut sorted = ids.clone();
    sorted.sort();
    assert_eq!(ids, sorted, "default order is by id");
    app.stop().await;
}

#[actix_web::test]
async fn one_municipality_by_slug_and_by_kommunkod() {
    let app = TestApp::spawn().await;
    let by_slug = app.json("/v1/municipalities/solvesborg").await;
    let by_code = app.json("/v1/municipalities/1083").await;
    assert_eq!(by_slug, by_code);
    assert_eq!(by_slug["id"], "solvesborg");
    assert_eq!(by_slug["name"], "Sölvesborg");
    assert_eq!(by_slug["organization_name"], "Sölvesborgs kommun");
    assert_eq!(by_slug["code"], "1083");
    assert_eq!(by_slug["county_code"], "10");
    assert_eq!(by_slug["county_name"], "Blekinge län");
    assert_eq!(by_slug["local_police_area"]["id"], "lpo-karlshamn");
    assert_eq!(by_slug["agreement_count"], 1);
    assert_eq!(by_slug["pledge_count"], 1);
    assert!(by_slug["sources"]
        .as_array()
        .unwrap()
        .iter()
        .any(|s| s == "scb-lan-och-kommuner"));
    let trelleborg = app.json("/v1/municipalities/1287").await;
    assert_eq!(
        (
            trelleborg["id"].as_str(),
            trelleborg["county_code"].as_str()
        ),
        (Some("trelleborg"), Some("12"))
    );
    app.stop().await;
}

#[actix_web::test]
async fn unknown_municipality_is_a_404_problem() {
    let app = TestApp::spawn().await;
    let body = problem(app.get("/v1/municipalities/atlantis").await, 404).await;
    assert_eq!(body["code"], "not_found");
    assert!(body["detail"].as_str().unwrap().contains("atlantis"));
    problem(app.get("/v1/municipalities/9999").await, 404).await;
    problem(app.get("/v1/municipalities/S%C3%B6lvesborg").await, 400).await;
    problem(app.get("/v1/nothing-here").await, 404).await;
    app.stop().await;
}

#[actix_web::test]
async fn bad_parameters_are_400_problems_naming_the_parameter() {
    let app = TestApp::spawn().await;
    for (query, field) in [
        ("limt=5", "limt"),
        ("limit=0", "limit"),
        ("limit=501", "limit"),
        ("limit=ten", "limit"),
        ("cursor=bogus", "cursor"),
        ("limit=5&limit=6", "limit"),
    ] {
        let body = problem(app.get(&format!("/v1/municipalities?{query}")).await, 400).await;
        assert_eq!(body["errors"][0]["field"], field, "{query}: {body}");
    }
    let body = problem(
        app.get("/v1/municipalities/falkenberg?include=x").await,
        400,
    )
    .await;
    assert_eq!(body["errors"][0]["field"], "include");
    let res = app
        .client
        .post(app.url("/v1/municipalities"))
        .send()
        .await
        .unwrap();
    assert!(res.headers().contains_key("allow"));
    problem(res, 405).await;
    app.stop().await;
}

#[actix_web::test]
async fn pagination_walks_every_municipality_once() {
    let app = TestApp::spawn().await;
    let mut seen = Vec::new();
    let mut path = "/v1/municipalities?limit=4".to_owned();
    loop {
        let res = app.get(&path).await;
        assert_eq!(res.status(), 200);
        let link = res
            .headers()
            .get("link")
            .map(|l| l.to_str().unwrap().to_owned());
        let body: Value = res.json().await.unwrap();
        assert_eq!(body["total"], 8);
        seen.extend(
            body["data"]
                .as_array()
                .unwrap()
                .iter()
                .map(|m| m["id"].as_str().unwrap().to_owned()),
        );
        match body["next_cursor"].as_str() {
            Some(cursor) => {
                let link = link.expect("a Link header beside next_cursor");
                assert!(
                    link.ends_with("rel=\"next\"") && link.contains(cursor),
                    "{link}"
                );
                path = format!("/v1/municipalities?limit=4&cursor={cursor}");
            }
            None => break,
        }
    }
    let mut unique = seen.clone();
    unique.dedup();
    assert_eq!(seen.len(), 8);
    assert_eq!(unique, seen);
    app.stop().await;
}

#[actix_web::test]
async fn etag_revalidation_answers_304() {
    let app = TestApp::spawn().await;
    let res = app.get("/v1/municipalities/falkenberg").await;
    assert_eq!(res.status(), 200);
    assert_eq!(
        res.headers()["cache-control"],
        "public, max-age=60, stale-while-revalidate=300"
    );
    let etag = res.headers()["etag"].to_str().unwrap().to_owned();
    assert!(etag.starts_with('"'), "strong ETag: {etag}");
    let again = app
        .client
        .get(app.url("/v1/municipalities/falkenberg"))
        .header("If-None-Match", &etag)
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), 304);
    assert_eq!(again.headers()["etag"].to_str().unwrap(), etag);
    let other = app
        .client
        .get(app.url("/v1/municipalities/falkenberg"))
        .header("If-None-Match", "\"x\"")
        .send()
        .await
        .unwrap();
    assert_eq!(other.status(), 200);
    app.stop().await;
}

#[actix_web::test]
async fn request_ids_are_kept_or_made() {
    let app = TestApp::spawn().await;
    let res = app
        .client
        .get(app.url("/healthz"))
        .header("X-Request-Id", "abc-123")
        .send()
        .await
        .unwrap();
    assert_eq!(res.headers()["x-request-id"], "abc-123");
    let res = app.get("/healthz").await;
    assert_eq!(res.headers()["x-request-id"].len(), 36);
    app.stop().await;
}
