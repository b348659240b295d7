//! The widget over HTTP: headers (CSP, caching, no cookie, embeddable), nothing loaded from another
//! host, errors as readable pages, and `/widget.js` within its budget.

use crate::common;
use crate::support::html;

use common::TestApp;
use html::{urls, WORDS};

async fn page(app: &TestApp, path: &str) -> (reqwest::header::HeaderMap, String) {
    let res = app.get(path).await;
    assert_eq!(res.status(), 200, "GET {path}");
    let headers = res.headers().clone();
    (headers, res.text().await.expect("body"))
}

fn header<'a>(h: &'a reqwest::header::HeaderMap, name: &str) -> &'a str {
    h.get(name).and_then(|v| v.to_str().ok()).unwrap_or("")
}

#[actix_web::test]
async fn pages_are_private_strict_cached_and_embeddable() {
    let app = TestApp::spawn().await;
    let cases = [
        ("/embed/solvesborg", "text/html; charset=utf-8"),
        (
            "/embed/trelleborg?lang=en&compact=true",
            "text/html; charset=utf-8",
        ),
        ("/municipalities/solvesborg", "text/html; charset=utf-8"),
        ("/pledges/solvesborg-2022-2023", "text/html; charset=utf-8"),
        ("/widget.js", "text/javascript; charset=utf-8"),
        ("/assets/embed.css", "text/css; charset=utf-8"),
    ];
    for (path, content_type) in cases {
        let (h, _) = page(&app, path).await;
        assert_eq!(header(&h, "content-type"), content_type, "{path}");
        assert!(h.get("set-cookie").is_none(), "{path} sets a cookie");
        assert!(h.get("x-frame-options").is_none(), "{path}");
        assert_eq!(
            header(&h, "cache-control"),
            "public, max-age=60, stale-while-revalidate=300",
            "{path}"
        );
        let etag = header(&h, "etag").to_owned();
        assert!(
            etag.starts_with('"') && etag.len() > 2,
            "{path}: strong ETag"
        );
        let again = app
            .client
            .get(app.url(path))
            .header("if-none-match", &etag)
            .send()
            .await
            .unwrap();
        assert_eq!(again.status(), 304, "{path}");
        if content_type.starts_with("text/html") {
            let csp = header(&h, "content-security-policy");
            for part in [
                "default-src 'none'",
                "style-src 'self'",
                "base-uri 'none'",
                "form-action 'none'",
            ] {
                assert!(csp.contains(part), "{path}: CSP {csp}");
            }
            assert!(!csp.contains("unsafe"), "{path}: CSP {csp}");
            if path.starts_with("/embed/") {
                assert!(
                    csp.contains("frame-ancestors *"),
                    "{path}: embeddable anywhere"
                );
            }
        }
    }
    app.stop().await;
}

#[actix_web::test]
async fn pages_load_nothing_from_another_host() {
    let app = TestApp::spawn().await;
    // The only links that leave: to the documents the data is cited from.
    let sources = app.json("/v1/sources?limit=500").await;
    let cited: Vec<String> = sources["data"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|s| s["url"].as_str().map(str::to_owned))
        .collect();
    let own = |u: &str| {
        u.starts_with('/') && !u.starts_with("//")
            || u.starts_with(&format!("{}/", app.base))
            || u.starts_with('#')
    };
    let mut seen = 0;
    for path in [
        "/embed/solvesborg",
        "/embed/falkenberg?lang=en",
        "/embed/trelleborg",
        "/municipalities/solvesborg",
        "/pledges/solvesborg-2022-2023",
        "/pledges/falkenberg-undated-1?lang=en",
        "/embed/atlantis",
    ] {
        let res = app.get(path).await;
        let html = res.text().await.unwrap();
        for (tag, attr, url) in urls(&html) {
            seen += 1;
            if tag == "a" && attr == "href" && !own(&url) {
                assert!(
                    cited.contains(&url),
                    "{path}: a link to {url}, which is no cited source"
                );
            } else {
                assert!(
                    own(&url),
                    "{path}: <{tag} {attr}=\"{url}\"> is not on this service"
                );
            }
        }
        assert!(
            !html.contains("<script"),
            "{path}: the pages need no script"
        );
        assert!(
            !html.contains("style=\""),
            "{path}: no inline style (the CSP forbids it)"
        );
    }
    assert!(seen > 10, "the pages have links to check");
    let js = app.get("/widget.js").await.text().await.unwrap();
    assert!(
        !js.contains("http:") && !js.contains("https:"),
        "widget.js names no host"
    );
    app.stop().await;
}

#[actix_web::test]
async fn errors_are_readable_pages() {
    let app = TestApp::spawn().await;
    for (path, status, words) in [
        ("/embed/atlantis", 404, "Hittades inte"),
        ("/embed/atlantis?lang=en", 404, "Not found"),
        ("/embed/9999?lang=en", 404, "Not found"),
        ("/embed/", 404, "Hittades inte"),
        ("/embed/a/b", 404, "Hittades inte"),
        ("/pledges/nope", 404, "Hittades inte"),
        ("/municipalities/atlantis?lang=en", 404, "Not found"),
        ("/embed/solvesborg?theme=pink", 400, "theme"),
        ("/embed/solvesborg?lang=de", 400, "lang"),
        ("/embed/solvesborg?compact=yes&lang=en", 400, "compact"),
        ("/embed/solvesborg?x=1&lang=en", 400, "Bad request"),
        ("/embed/solvesborg?lang=en&lang=sv", 400, "twice"),
        ("/embed/S%C3%B6lvesborg", 400, "Felaktig förfrågan"),
        ("/pledges/solvesborg-2022-2023?compact=true", 400, "compact"),
    ] {
        let res = app.get(path).await;
        assert_eq!(res.status(), status, "{path}");
        assert_eq!(
            header(res.headers(), "content-type"),
            "text/html; charset=utf-8",
            "{path}"
        );
        assert!(res.headers().get("set-cookie").is_none());
        assert!(header(res.headers(), "content-security-policy").contains("default-src 'none'"));
        let html = res.text().await.unwrap();
        assert!(html.starts_with("<!DOCTYPE html>"), "{path}");
        assert!(
            html.contains("<h1") && html.contains(words),
            "{path}: {html}"
        );
    }
    // Not a page: another method is refused as the API does.
    let res = app
        .client
        .post(app.url("/embed/solvesborg"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 405);
    app.stop().await;
}

#[actix_web::test]
async fn the_web_component_is_small_and_reads_the_json_with_cors() {
    let app = TestApp::spawn().await;
    let res = app
        .client
        .get(app.url("/widget.js"))
        .header("accept-encoding", "gzip")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(header(res.headers(), "content-encoding"), "gzip");
    let gz = res.bytes().await.unwrap();
    assert!(
        gz.len() < 10 * 1024,
        "widget.js is {} bytes gzipped",
        gz.len()
    );
    let plain = app.get("/widget.js").await.text().await.unwrap();
    assert!(
        gz.len() < plain.len(),
        "the gzip size was measured on compressed bytes"
    );
    for hook in [
        "data-pledge-id",
        "data-focus-area-id",
        "data-activity-id",
        "data-status",
        "role: \"alert\"",
        "role: \"status\"",
        "/v1/municipalities/",
        "customElements.define(\"openpledges-pledge\"",
    ] {
        assert!(plain.contains(hook), "widget.js: {hook}");
    }
    for (_, sv, en) in WORDS {
        assert!(
            plain.contains(sv) && plain.contains(en),
            "widget.js: status words {sv}/{en}"
        );
    }
    let res = app
        .client
        .get(app.url("/v1/municipalities/solvesborg/pledge"))
        .header("origin", "https://www.solvesborg.se")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(header(res.headers(), "access-control-allow-origin"), "*");
    app.stop().await;
}
