//! `GET /oembed` per oEmbed 1.0: the required fields of a `rich` response, `maxwidth` and
//! `maxheight` honoured, 404 for what is not a page of this service, 501 for XML.

use crate::common;

use actix_web::test as atest;
use common::{problem, TestApp, TestDb};
use openpledges::app::{self, AppState};
use openpledges::db::Db;
use serde_json::Value;

/// A query value, percent-encoded.
fn enc(s: &str) -> String {
    serde_urlencoded::to_string([("", s)])
        .expect("encodable")
        .trim_start_matches('=')
        .to_owned()
}

/// The spec's required fields for `type: rich`, and the optional ones we promise.
fn assert_rich(o: &Value, base: &str) {
    assert_eq!(o["type"], "rich", "{o}");
    assert_eq!(o["version"], "1.0", "{o}");
    let html = o["html"].as_str().expect("html");
    assert!(
        html.starts_with("<iframe src=\"") && html.ends_with("</iframe>"),
        "{html}"
    );
    assert!(html.contains(&format!("src=\"{base}/embed/")), "{html}");
    let (w, h) = (
        o["width"].as_u64().expect("width"),
        o["height"].as_u64().expect("height"),
    );
    assert!(w > 0 && h > 0);
    assert!(
        html.contains(&format!("width=\"{w}\"")) && html.contains(&format!("height=\"{h}\"")),
        "{html}"
    );
    assert!(!o["title"].as_str().expect("title").is_empty());
    assert_eq!(o["provider_name"], "OpenPledges");
    assert_eq!(o["provider_url"], format!("{base}/"));
    assert!(o["cache_age"].as_u64().expect("cache_age") > 0);
}

async fn oembed(app: &TestApp, query: &str) -> reqwest::Response {
    app.get(&format!("/oembed?{query}")).await
}

#[actix_web::test]
async fn public_pages_and_embed_pages_have_oembed() {
    let app = TestApp::spawn().await;
    let pledge = app.json("/v1/pledges/solvesborg-2022-2023").await;
    for url in [
        format!("{}/pledges/solvesborg-2022-2023", app.base),
        format!("{}/municipalities/solvesborg", app.base),
        format!("{}/embed/solvesborg", app.base),
        format!("{}/embed/1083#top", app.base),
        "/pledges/solvesborg-2022-2023".to_owned(),
    ] {
        let res = oembed(&app, &format!("url={}&format=json", enc(&url))).await;
        assert_eq!(res.status(), 200, "{url}");
        assert_eq!(res.headers()["content-type"], "application/json");
        assert!(res.headers().get("etag").is_some());
        let o: Value = res.json().await.unwrap();
        assert_rich(&o, &app.base);
        assert_eq!(o["title"], pledge["title"], "{url}");
        assert!(
            o["html"].as_str().unwrap().contains("/embed/solvesborg\""),
            "{o}"
        );
    }
    // The embed URL's display options are kept; a municipality without pledge still embeds.
    let url = format!("{}/embed/falkenberg?lang=en&theme=dark", app.base);
    let o: Value = oembed(&app, &format!("url={}", enc(&url)))
        .await
        .json()
        .await
        .unwrap();
    assert_rich(&o, &app.base);
    assert!(
        o["html"]
            .as_str()
            .unwrap()
            .contains("/embed/falkenberg?lang=en&amp;theme=dark\""),
        "{o}"
    );
    let o: Value = oembed(
        &app,
        &format!("url={}", enc(&format!("{}/embed/trelleborg", app.base))),
    )
    .await
    .json()
    .await
    .unwrap();
    assert_rich(&o, &app.base);
    app.stop().await;
}

#[actix_web::test]
async fn maxwidth_and_maxheight_are_honoured() {
    let app = TestApp::spawn().await;
    let url = enc(&format!("{}/pledges/solvesborg-2022-2023", app.base));
    let free: Value = oembed(&app, &format!("url={url}"))
        .await
        .json()
        .await
        .unwrap();
    let (w, h) = (
        free["width"].as_u64().unwrap(),
        free["height"].as_u64().unwrap(),
    );
    for (mw, mh) in [(w - 100, h - 50), (280, 200), (w + 500, h + 500), (1, 1)] {
        let o: Value = oembed(&app, &format!("url={url}&maxwidth={mw}&maxheight={mh}"))
            .await
            .json()
            .await
            .unwrap();
        assert_rich(&o, &app.base);
        assert_eq!(o["width"].as_u64().unwrap(), mw.min(w), "maxwidth={mw}");
        assert_eq!(o["height"].as_u64().unwrap(), mh.min(h), "maxheight={mh}");
    }
    app.stop().await;
}

#[actix_web::test]
async fn what_is_no_page_here_is_a_404_and_xml_a_501() {
    let app = TestApp::spawn().await;
    for url in [
        format!("{}/pledges/nope", app.base),
        format!("{}/municipalities/atlantis", app.base),
        format!("{}/embed/9999", app.base),
        format!("{}/v1/pledges/solvesborg-2022-2023", app.base),
        "https://www.solvesborg.se/pledges/solvesborg-2022-2023".to_owned(),
        "http://127.0.0.1.evil.example/pledges/solvesborg-2022-2023".to_owned(),
        "//evil.example/pledges/solvesborg-2022-2023".to_owned(),
        format!("{}/embed/solvesborg?theme=pink", app.base),
        "solvesborg".to_owned(),
    ] {
        let p = problem(oembed(&app, &format!("url={}", enc(&url))).await, 404).await;
        assert_eq!(p["code"], "not_found", "{url}");
    }
    let url = enc(&format!("{}/pledges/solvesborg-2022-2023", app.base));
    let p = problem(oembed(&app, &format!("url={url}&format=xml")).await, 501).await;
    assert_eq!(p["code"], "not_implemented");
    for query in [
        String::new(),
        "url=".to_owned(),
        format!("url={url}&format=yaml"),
        format!("url={url}&maxwidth=0"),
        format!("url={url}&maxwidth=wide"),
        format!("url={url}&maxheight=-5"),
        format!("url={url}&callback=x"),
        format!("url={url}&url={url}"),
    ] {
        problem(oembed(&app, &query).await, 400).await;
    }
    app.stop().await;
}

#[actix_web::test]
async fn absolute_links_follow_the_configured_public_url() {
    let db = TestDb::loaded();
    let state = AppState::new(Db::new(&db.url, 2))
        .with_public_url(Some("https://pledges.example.se/".into()));
    let svc = atest::init_service(app::build(state)).await;
    let req = atest::TestRequest::get()
        .uri("/oembed?url=https%3A%2F%2Fpledges.example.se%2Fpledges%2Fsolvesborg-2022-2023")
        .to_request();
    let o: Value = atest::call_and_read_body_json(&svc, req).await;
    assert_rich(&o, "https://pledges.example.se");
    // The service's own request origin is not its public address then.
    let req = atest::TestRequest::get()
        .uri("/oembed?url=http%3A%2F%2Flocalhost%3A8080%2Fpledges%2Fsolvesborg-2022-2023")
        .to_request();
    let res = atest::call_service(&svc, req).await;
    assert_eq!(res.status(), 404);
    let req = atest::TestRequest::get()
        .uri("/pledges/solvesborg-2022-2023")
        .to_request();
    let html = String::from_utf8(atest::call_and_read_body(&svc, req).await.to_vec()).unwrap();
    assert!(html.contains("href=\"https://pledges.example.se/oembed?url=https%3A%2F%2Fpledges.example.se%2Fpledges%2Fsolvesborg-2022-2023"), "{html}");
}
