//! Absolute links cannot be poisoned: forwarded headers count only from a trusted proxy, an invalid
//! `Host` is refused, and the response cache keeps one copy per origin.

use std::net::IpAddr;

use openpledges::http::client::TrustedProxies;

use crate::common::{problem, TestApp, TestDb};

async fn text(app: &TestApp, path: &str, headers: &[(&str, &str)]) -> (u16, String) {
    let mut req = app.client.get(app.url(path));
    for (k, v) in headers {
        req = req.header(*k, *v);
    }
    let res = req.send().await.expect("request");
    (res.status().as_u16(), res.text().await.expect("body"))
}

const FORGED: &[(&str, &str)] = &[
    ("X-Forwarded-Host", "evil.example"),
    ("X-Forwarded-Proto", "javascript"),
    ("Forwarded", "for=1.2.3.4;host=evil.example;proto=https"),
];

#[actix_web::test]
async fn forwarded_headers_from_anyone_change_no_link() {
    let app = TestApp::spawn_cached().await;
    let page = format!("{}/pledges/solvesborg-2022-2023", app.base);
    let oembed = format!(
        "/oembed?url={}",
        page.replace(':', "%3A").replace('/', "%2F")
    );
    for path in [
        "/v1/changes?limit=5",
        "/v1/exports/",
        "/feed.atom",
        "/v1/municipalities/solvesborg/feed.atom",
        "/dcat.jsonld",
        oembed.as_str(),
        "/pledges/solvesborg-2022-2023",
    ] {
        // Twice: the second may come from the response cache, which must not hold the forgery.
        for _ in 0..2 {
            let (status, body) = text(&app, path, FORGED).await;
            assert_eq!(status, 200, "{path}: {body}");
            assert!(
                !body.contains("evil.example") && !body.contains("javascript:"),
                "{path} took a forwarded header: {}",
                &body[..body.len().min(400)]
            );
        }
        let (_, clean) = text(&app, path, &[]).await;
        assert!(!clean.contains("evil.example"), "{path} cached a forgery");
    }
}

#[actix_web::test]
async fn a_trusted_proxy_sets_the_origin_and_the_cache_keeps_origins_apart() {
    let loopback: IpAddr = "127.0.0.1".parse().unwrap();
    let app = TestApp::spawn_configured(TestDb::loaded(), true, |s| {
        s.with_trusted_proxies(TrustedProxies(vec![loopback]))
    })
    .await;
    let via = |host: &'static str| [("X-Forwarded-Host", host), ("X-Forwarded-Proto", "https")];
    let (_, a) = text(&app, "/v1/changes?limit=3", &via("a.example")).await;
    let (_, b) = text(&app, "/v1/changes?limit=3", &via("b.example")).await;
    assert!(a.contains("https://a.example/"), "{a}");
    assert!(
        b.contains("https://b.example/") && !b.contains("a.example"),
        "{b}"
    );
    // Still no scheme but http and https, even from the proxy.
    let (status, js) = text(
        &app,
        "/v1/changes?limit=3",
        &[
            ("X-Forwarded-Host", "c.example"),
            ("X-Forwarded-Proto", "javascript"),
        ],
    )
    .await;
    assert_eq!(status, 200);
    assert!(!js.contains("javascript:"), "{js}");
}

#[actix_web::test]
async fn an_invalid_host_is_a_bad_request() {
    let app = TestApp::spawn_cached().await;
    for host in ["evil.example/x", "a b", "javascript:alert(1)", "\"x\""] {
        let res = app
            .client
            .get(app.url("/v1/changes"))
            .header("Host", host)
            .send()
            .await
            .unwrap();
        problem(res, 400).await;
    }
    // A valid Host of another name is served with links under it, and kept apart in the cache.
    let (_, other) = text(
        &app,
        "/v1/changes?limit=3",
        &[("Host", "mirror.example:8080")],
    )
    .await;
    assert!(other.contains("http://mirror.example:8080/"), "{other}");
    let (_, own) = text(&app, "/v1/changes?limit=3", &[]).await;
    assert!(!own.contains("mirror.example"), "{own}");
}
