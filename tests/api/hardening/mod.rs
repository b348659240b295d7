//! The public service under hostile requests: forged links, forged cursors, budgets, bodies that
//! never arrive, the database away at start, shutdown under load. Each answer is a problem document
//! or a correct page, and the service stays up for everyone else.

use crate::common;

mod bodies;
mod codec;
mod lifecycle;
mod limits;
mod links;

use common::{problem, TestApp};

#[actix_web::test]
async fn every_answer_says_nosniff() {
    let app = TestApp::spawn().await;
    for path in [
        "/v1/themes",
        "/v1/nothing-here",
        "/v1/pledges?limit=0",
        "/embed/solvesborg",
        "/widget.js",
        "/healthz",
        "/metrics",
        "/openapi.json",
    ] {
        let res = app.get(path).await;
        assert_eq!(
            res.headers()
                .get("x-content-type-options")
                .map(|v| v.to_str().unwrap()),
            Some("nosniff"),
            "{path} ({})",
            res.status()
        );
    }
}

#[actix_web::test]
async fn tampered_cursors_are_refused_before_the_database() {
    let app = TestApp::spawn().await;
    let first = app.json("/v1/activities?limit=2").await;
    let cursor = first["next_cursor"]
        .as_str()
        .expect("a next cursor")
        .to_owned();
    assert!(
        app.get(&format!("/v1/activities?limit=2&cursor={cursor}"))
            .await
            .status()
            == 200
    );
    // The body with a NUL in its key, keeping the issued signature; a 6,000-character forgery;
    // a cursor of another order.
    use base64::Engine;
    let b64 = base64::engine::general_purpose::URL_SAFE_NO_PAD;
    let (_, tag) = cursor.rsplit_once('.').unwrap();
    let nul = b64.encode(br#"{"o":"id","k":"a\u0000b","i":"x"}"#);
    let long = format!("c2.{}.{tag}", "A".repeat(6000));
    for (query, what) in [
        (format!("cursor=c2.{nul}.{tag}"), "forged"),
        (format!("cursor={long}"), "long"),
        (format!("sort=-title&cursor={cursor}"), "other sort"),
    ] {
        let lists: &[&str] = if what == "other sort" {
            &["/v1/activities", "/v1/pledges", "/v1/sources"]
        } else {
            &[
                "/v1/activities",
                "/v1/pledges",
                "/v1/sources",
                "/v1/search?q=trygghet&",
            ]
        };
        for list in lists {
            let sep = if list.ends_with('&') { "" } else { "?" };
            let body = problem(app.get(&format!("{list}{sep}{query}")).await, 400).await;
            assert!(
                body["detail"].as_str().unwrap().contains("cursor"),
                "{what} on {list}: {body}"
            );
        }
    }
    // GraphQL's `after` takes the same cursors and refuses the same forgeries.
    let res: serde_json::Value = app
        .client
        .post(app.url("/graphql"))
        .json(&serde_json::json!({
            "query": "query($a: String) { activities(first: 2, after: $a) { totalCount } }",
            "variables": {"a": format!("c2.{nul}.{tag}")}
        }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        res["errors"][0]["extensions"]["code"], "BAD_REQUEST",
        "{res}"
    );
}

#[actix_web::test]
async fn numbers_are_written_as_documented() {
    let app = TestApp::spawn().await;
    for q in ["limit=+5", "limit=%205", "limit=5.0", "limit=0x5"] {
        problem(app.get(&format!("/v1/themes?{q}")).await, 400).await;
    }
    assert_eq!(app.get("/v1/themes?limit=05").await.status(), 200);
}

#[actix_web::test]
async fn metrics_parse_as_prometheus_text() {
    let app = TestApp::spawn_cached().await;
    app.json("/v1/themes").await;
    app.json("/v1/themes").await;
    let res = app.get("/metrics").await;
    assert_eq!(res.status(), 200);
    assert!(res.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("application/openmetrics-text"));
    let text = res.text().await.unwrap();
    let lines = text.lines().map(|l| Ok(l.to_owned()));
    let scrape = prometheus_parse::Scrape::parse(lines).expect("Prometheus text format");
    let names: std::collections::BTreeSet<&str> =
        scrape.samples.iter().map(|s| s.metric.as_str()).collect();
    for want in [
        "openpledges_http_requests_total",
        "openpledges_http_request_duration_seconds",
        "openpledges_db_pool_in_use",
        "openpledges_db_pool_idle",
        "openpledges_db_pool_max",
        "openpledges_db_pool_waiting",
        "openpledges_response_cache_total",
    ] {
        assert!(names.contains(want), "no {want} in {names:?}");
    }
    let themes = scrape
        .samples
        .iter()
        .find(|s| {
            s.metric == "openpledges_http_requests_total"
                && s.labels.get("route") == Some("/v1/themes")
                && s.labels.get("status") == Some("200")
        })
        .expect("requests of /v1/themes counted by route pattern");
    // OpenMetrics names a counter's family without `_total`, so this Prometheus-format parser
    // reads the sample as untyped; the number is what counts.
    match themes.value {
        prometheus_parse::Value::Counter(n) | prometheus_parse::Value::Untyped(n) => {
            assert!(n >= 2.0, "{n}")
        }
        ref other => panic!("{other:?}"),
    }
    assert!(
        text.contains("# TYPE openpledges_http_requests counter"),
        "{text}"
    );
    let latency = scrape
        .samples
        .iter()
        .find(|s| s.metric == "openpledges_http_request_duration_seconds")
        .unwrap();
    assert!(
        matches!(latency.value, prometheus_parse::Value::Histogram(ref b) if b.len() >= 10),
        "{:?}",
        latency.value
    );
    assert!(
        !text.contains("solvesborg"),
        "labels are route patterns, never raw paths"
    );
}
