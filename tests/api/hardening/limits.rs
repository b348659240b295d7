//! Budgets per client: a client over its budget gets 429 problems with `Retry-After`, others keep
//! theirs, and every answer says where the client stands.

use std::net::IpAddr;

use openpledges::http::client::TrustedProxies;
use openpledges::http::ratelimit::RateLimits;

use crate::common::{problem, TestApp, TestDb};

/// Clients told apart by `X-Forwarded-For` from a trusted proxy on loopback.
async fn limited(cached: bool, per_minute: [u32; 4]) -> TestApp {
    let loopback: IpAddr = "127.0.0.1".parse().unwrap();
    TestApp::spawn_configured(TestDb::loaded(), cached, move |s| {
        s.with_trusted_proxies(TrustedProxies(vec![loopback]))
            .with_rate_limits(Some(RateLimits::new(per_minute)))
    })
    .await
}

async fn get_as(app: &TestApp, client: &str, path: &str) -> reqwest::Response {
    app.client
        .get(app.url(path))
        .header("X-Forwarded-For", client)
        .send()
        .await
        .expect("request")
}

#[actix_web::test]
async fn a_client_over_its_uncached_budget_gets_429_and_others_do_not() {
    // cached, uncached, graphql, exports
    let app = limited(false, [100, 3, 100, 100]).await;
    for n in 0..3 {
        let res = get_as(
            &app,
            "192.0.2.1",
            &format!("/v1/activities?limit={}", n + 1),
        )
        .await;
        assert_eq!(res.status(), 200);
        let policy = res.headers()["ratelimit-policy"]
            .to_str()
            .unwrap()
            .to_owned();
        assert!(policy.contains("\"uncached\";q=3;w=60"), "{policy}");
        let state = res.headers()["ratelimit"].to_str().unwrap().to_owned();
        assert!(
            state.contains(&format!("\"uncached\";r={}", 2 - n)),
            "{state}"
        );
    }
    let res = get_as(&app, "192.0.2.1", "/v1/activities?limit=9").await;
    let retry: u64 = res.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=60).contains(&retry), "{retry}");
    assert!(res.headers().contains_key("ratelimit"));
    let body = problem(res, 429).await;
    assert_eq!(body["code"], "rate_limited");
    assert!(
        body["detail"].as_str().unwrap().contains("uncached"),
        "{body}"
    );
    // Another client, the probes and the other budgets are untouched.
    assert_eq!(
        get_as(&app, "192.0.2.2", "/v1/activities").await.status(),
        200
    );
    assert_eq!(get_as(&app, "192.0.2.1", "/readyz").await.status(), 200);
    let gql = app
        .client
        .post(app.url("/graphql"))
        .header("X-Forwarded-For", "192.0.2.1")
        .json(&serde_json::json!({"query": "{ themes { totalCount } }"}))
        .send()
        .await
        .unwrap();
    assert_eq!(gql.status(), 200);
    assert!(gql.headers()["ratelimit-policy"]
        .to_str()
        .unwrap()
        .contains("graphql"));
}

#[actix_web::test]
async fn cached_answers_spend_only_the_cheap_budget_and_equivalent_urls_share_them() {
    let app = limited(true, [100, 1, 100, 100]).await;
    assert_eq!(
        get_as(&app, "192.0.2.9", "/v1/pledges?limit=5&sort=id")
            .await
            .status(),
        200
    );
    // The same question written otherwise is the cached answer: no uncached budget left, yet 200.
    for same in [
        "/v1/pledges?sort=id&limit=5",
        "/v1/pledges?limit=05&sort=id",
    ] {
        let res = get_as(&app, "192.0.2.9", same).await;
        assert_eq!(res.status(), 200, "{same}");
        assert!(!res.headers()["ratelimit"]
            .to_str()
            .unwrap()
            .contains("uncached"));
    }
    // A new question is not.
    problem(get_as(&app, "192.0.2.9", "/v1/pledges?limit=6").await, 429).await;
}

#[actix_web::test]
async fn without_a_trusted_proxy_forwarded_for_buys_no_new_budget() {
    let app = TestApp::spawn_configured(TestDb::loaded(), false, |s| {
        s.with_rate_limits(Some(RateLimits::new([100, 2, 100, 100])))
    })
    .await;
    for n in 0..2 {
        assert_eq!(
            get_as(&app, &format!("192.0.2.{n}"), "/v1/themes")
                .await
                .status(),
            200
        );
    }
    problem(get_as(&app, "192.0.2.77", "/v1/themes").await, 429).await;
}
