//! The widget's content: `GET /embed/{municipality}` (the iframe page), the public pages and the
//! JSON they share, `GET /v1/municipalities/{id}/pledge`. Over HTTP, against the seed data, with
//! status events and pledges added by SQL to the test's own database.

use crate::common;
use crate::support::html;

use common::{problem, TestApp};
use diesel::prelude::*;
use diesel::sql_types::Text;
use html::{element, esc, tags, word};
use serde_json::Value;

const SOLVESBORG: &str = "solvesborg-2022-2023";

async fn page(app: &TestApp, path: &str) -> (reqwest::header::HeaderMap, String) {
    let res = app.get(path).await;
    assert_eq!(res.status(), 200, "GET {path}");
    let headers = res.headers().clone();
    (headers, res.text().await.expect("body"))
}

fn add_status(app: &TestApp, activity: &str, status: &str, day: &str) {
    let mut conn = app.db.conn();
    let n = diesel::sql_query(
        "INSERT INTO activity_status_events (activity_id, status, effective_on, source_id)
         SELECT x.id, $2, $3::date, (SELECT min(id) FROM sources) FROM activities x WHERE x.public_id = $1",
    )
    .bind::<Text, _>(activity)
    .bind::<Text, _>(status)
    .bind::<Text, _>(day)
    .execute(&mut conn)
    .expect("insert status event");
    assert_eq!(n, 1, "{activity} exists");
}

fn add_pledge(app: &TestApp, municipality: &str, id: &str, start: Option<&str>, end: Option<&str>) {
    let mut conn = app.db.conn();
    diesel::sql_query(
        "INSERT INTO pledges (public_id, municipality_id, title, period_start, period_end, period_precision)
         SELECT $2, o.id, 'Testlöfte ' || $2, $3::date, $4::date, CASE WHEN $3 IS NULL THEN NULL ELSE 'day' END
         FROM organizations o WHERE o.public_id = $1",
    )
    .bind::<Text, _>(municipality)
    .bind::<Text, _>(id)
    .bind::<diesel::sql_types::Nullable<Text>, _>(start)
    .bind::<diesel::sql_types::Nullable<Text>, _>(end)
    .execute(&mut conn)
    .expect("insert pledge");
}

/// The seed pledge with its focus areas and activities, from the REST API.
async fn seed_pledge(app: &TestApp, id: &str) -> Value {
    app.json(&format!("/v1/pledges/{id}?include=focus_areas,activities"))
        .await
}

/// Every focus area and activity of the pledge is on the page with its hooks, its title and
/// its status in words.
fn assert_shows_pledge(html: &str, pledge: &Value, lang: &str) {
    let root = element(
        html,
        "data-pledge-id",
        pledge["id"].as_str().unwrap(),
        "article",
    );
    assert!(root.contains(&esc(pledge["title"].as_str().unwrap())));
    let areas = pledge["focus_areas"].as_array().unwrap();
    let activities = pledge["activities"].as_array().unwrap();
    assert!(!areas.is_empty() && !activities.is_empty(), "seed data");
    for f in areas {
        let el = element(html, "data-focus-area-id", f["id"].as_str().unwrap(), "h3");
        assert!(
            el.contains(&esc(f["title"].as_str().unwrap())),
            "focus area {} shows its title",
            f["id"]
        );
    }
    for a in activities {
        let id = a["id"].as_str().unwrap();
        let status = a["status"].as_str().unwrap();
        let el = element(html, "data-activity-id", id, "li");
        let tag = &tags(el)[0];
        assert_eq!(tag.attrs["data-status"], status, "{id}");
        assert!(
            el.contains(&esc(a["title"].as_str().unwrap())),
            "{id} title"
        );
        assert!(
            el.contains(word(status, lang)),
            "{id} status in words ({lang})"
        );
        assert!(
            el.contains("aria-hidden=\"true\""),
            "{id}: the icon is hidden from screen readers"
        );
    }
}

#[actix_web::test]
async fn the_iframe_page_shows_the_pledge_in_swedish_and_english() {
    let app = TestApp::spawn().await;
    let pledge = seed_pledge(&app, SOLVESBORG).await;
    for (query, lang) in [
        ("", "sv"),
        ("?lang=sv", "sv"),
        ("?lang=en&theme=dark", "en"),
    ] {
        let (_, html) = page(&app, &format!("/embed/solvesborg{query}")).await;
        assert!(html.contains(&format!("<html lang=\"{lang}\"")), "{query}");
        assert_shows_pledge(&html, &pledge, lang);
        // The Swedish content is marked as such in an English page.
        let title = element(&html, "class", "op-title", "h1");
        assert!(title.contains("lang=\"sv\""), "{title}");
        // Ended, and says so, with its period.
        let ended = if lang == "en" { "Ended" } else { "Avslutat" };
        assert!(
            html.contains(ended) && html.contains("2022–2023"),
            "{query}"
        );
        assert!(html.contains("Data: OpenPledges"));
        assert!(html.contains(&format!("href=\"/pledges/{SOLVESBORG}\"")));
    }
    // By kommunkod too.
    let (_, by_code) = page(&app, "/embed/1083").await;
    assert!(by_code.contains(&format!("data-pledge-id=\"{SOLVESBORG}\"")));
    let (_, dark) = page(&app, "/embed/solvesborg?theme=dark").await;
    assert!(dark.contains("data-theme=\"dark\""));
    app.stop().await;
}

#[actix_web::test]
async fn every_status_is_shown_in_words_in_both_languages() {
    let app = TestApp::spawn().await;
    add_status(&app, "solvesborg-2022-2023/a1", "planned", "2022-02-01");
    add_status(&app, "solvesborg-2022-2023/a1", "in_progress", "2022-05-01");
    add_status(&app, "solvesborg-2022-2023/a2", "completed", "2023-03-01");
    add_status(&app, "solvesborg-2022-2023/a3", "cancelled", "2023-01-01");
    add_status(&app, "falkenberg-undated-1/a1", "planned", "2023-01-01");
    let s = seed_pledge(&app, SOLVESBORG).await;
    let f = seed_pledge(&app, "falkenberg-undated-1").await;
    let shown: Vec<&str> = s["activities"]
        .as_array()
        .unwrap()
        .iter()
        .chain(f["activities"].as_array().unwrap())
        .map(|a| a["status"].as_str().unwrap())
        .collect();
    for st in [
        "planned",
        "in_progress",
        "completed",
        "cancelled",
        "unknown",
    ] {
        assert!(shown.contains(&st), "the test covers {st}");
    }
    for lang in ["sv", "en"] {
        let (_, html) = page(&app, &format!("/embed/solvesborg?lang={lang}")).await;
        assert_shows_pledge(&html, &s, lang);
        let (_, html) = page(&app, &format!("/embed/falkenberg?lang={lang}")).await;
        assert_shows_pledge(&html, &f, lang);
        // The public page shows the same.
        let (_, html) = page(&app, &format!("/pledges/{SOLVESBORG}?lang={lang}")).await;
        assert_shows_pledge(&html, &s, lang);
    }
    // Compact: the hooks stay, plus a count per status.
    let (_, compact) = page(&app, "/embed/solvesborg?compact=true&lang=en").await;
    assert_shows_pledge(&compact, &s, "en");
    let counts = element(&compact, "class", "op-counts", "ul");
    for (st, n) in [("in_progress", 1), ("completed", 1), ("cancelled", 1)] {
        assert!(
            counts.contains(&format!("{}: {n}", word(st, "en"))),
            "{st} counted: {counts}"
        );
    }
    assert!(
        !compact.contains("op-summary"),
        "compact leaves out the summary"
    );
    app.stop().await;
}

#[actix_web::test]
async fn the_pledge_shown_is_the_current_one_else_the_latest_else_an_undated_one() {
    let app = TestApp::spawn().await;
    let w = app.json("/v1/municipalities/solvesborg/pledge").await;
    assert_eq!(w["phase"], "ended");
    assert_eq!(w["pledge"]["id"], SOLVESBORG);
    assert_eq!(w["page"], format!("/pledges/{SOLVESBORG}"));
    let statuses: Vec<&str> = w["pledge"]["activities"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["status"].as_str().unwrap())
        .collect();
    assert_eq!(statuses.len(), 3);
    assert!(w["pledge"]["focus_areas"].as_array().unwrap().len() == 3);
    assert!(!w["pledge"]["source_details"].as_array().unwrap().is_empty());
    assert_eq!(app.json("/v1/municipalities/1083/pledge").await, w);

    let f = app.json("/v1/municipalities/falkenberg/pledge").await;
    assert_eq!(f["phase"], "undated");
    let (_, html) = page(&app, "/embed/falkenberg").await;
    assert!(html.contains("Period ej angiven"));
    let (_, html) = page(&app, "/embed/falkenberg?lang=en").await;
    assert!(html.contains("Period not stated"));

    // An older pledge does not displace the latest; a dated one displaces an undated one;
    // a current one displaces them all.
    add_pledge(
        &app,
        "solvesborg",
        "solvesborg-2018-2019",
        Some("2018-01-01"),
        Some("2019-12-31"),
    );
    assert_eq!(
        app.json("/v1/municipalities/solvesborg/pledge").await["pledge"]["id"],
        SOLVESBORG
    );
    add_pledge(
        &app,
        "falkenberg",
        "falkenberg-2019",
        Some("2019-01-01"),
        Some("2019-12-31"),
    );
    let f = app.json("/v1/municipalities/falkenberg/pledge").await;
    assert_eq!(
        (f["pledge"]["id"].as_str(), f["phase"].as_str()),
        (Some("falkenberg-2019"), Some("ended"))
    );
    let today = chrono::Utc::now().date_naive();
    let (from, to) = (today - chrono::Days::new(30), today + chrono::Days::new(30));
    add_pledge(
        &app,
        "solvesborg",
        "solvesborg-now",
        Some(&from.to_string()),
        Some(&to.to_string()),
    );
    let now = app.json("/v1/municipalities/solvesborg/pledge").await;
    assert_eq!(now["pledge"]["id"], "solvesborg-now");
    assert_eq!(now["phase"], "active");
    assert_eq!(now["pledge"]["activities"], serde_json::json!([]));
    let (_, html) = page(&app, "/embed/solvesborg").await;
    assert!(html.contains("data-pledge-id=\"solvesborg-now\"") && html.contains("Gäller nu"));
    app.stop().await;
}

#[actix_web::test]
async fn without_a_pledge_the_page_says_so_and_points_to_the_agreements() {
    let app = TestApp::spawn().await;
    let agreements = app.json("/v1/agreements?municipality=trelleborg").await;
    let titles: Vec<&str> = agreements["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["title"].as_str().unwrap())
        .collect();
    assert!(!titles.is_empty(), "seed data: Trelleborg has an agreement");
    for (lang, words) in [
        ("sv", "Inget medborgarlöfte registrerat ännu"),
        ("en", "No pledge recorded yet"),
    ] {
        let (_, html) = page(&app, &format!("/embed/trelleborg?lang={lang}")).await;
        assert!(html.contains(words), "{lang}");
        for t in &titles {
            assert!(html.contains(&esc(t)), "{t}");
        }
        assert!(html.contains("href=\"/municipalities/trelleborg#agreements\""));
        let (_, public) = page(&app, "/municipalities/trelleborg").await;
        assert!(public.contains("id=\"agreements\""));
    }
    let p = problem(app.get("/v1/municipalities/trelleborg/pledge").await, 404).await;
    assert_eq!(p["code"], "no_pledge");
    let p = problem(app.get("/v1/municipalities/atlantis/pledge").await, 404).await;
    assert_eq!(p["code"], "unknown_municipality");
    let p = problem(
        app.get("/v1/municipalities/solvesborg/pledge?x=1").await,
        400,
    )
    .await;
    assert_eq!(p["code"], "bad_request");
    app.stop().await;
}

#[actix_web::test]
async fn public_pages_link_pledges_agreements_and_oembed() {
    let app = TestApp::spawn().await;
    let (_, html) = page(&app, "/municipalities/solvesborg").await;
    let pledges = app.json("/v1/pledges?municipality=solvesborg").await;
    for p in pledges["data"].as_array().unwrap() {
        assert!(html.contains(&format!("href=\"/pledges/{}\"", p["id"].as_str().unwrap())));
    }
    let agreements = app.json("/v1/agreements?municipality=solvesborg").await;
    for a in agreements["data"].as_array().unwrap() {
        assert!(html.contains(&esc(a["title"].as_str().unwrap())));
    }
    // The pledge page cites every source of the pledge and of what it holds.
    for id in [SOLVESBORG, "falkenberg-undated-1"] {
        let full = app
            .json(&format!(
                "/v1/pledges/{id}?include=focus_areas,activities,sources"
            ))
            .await;
        let (_, html) = page(&app, &format!("/pledges/{id}")).await;
        let sources = full["source_details"].as_array().unwrap();
        assert!(!sources.is_empty());
        for src in sources {
            assert!(
                html.contains(&esc(src["title"].as_str().unwrap())),
                "{id}: {src}"
            );
        }
    }
    for path in [
        "/municipalities/solvesborg",
        "/pledges/solvesborg-2022-2023",
    ] {
        let (_, html) = page(&app, path).await;
        let link = tags(&html)
            .into_iter()
            .find(|t| {
                t.name == "link"
                    && t.attrs.get("type").map(String::as_str) == Some("application/json+oembed")
            })
            .unwrap_or_else(|| panic!("{path}: no oEmbed discovery link"));
        let href = link.attrs["href"].replace("&#38;", "&");
        assert!(
            href.starts_with(&format!("{}/oembed?url=", app.base)),
            "{href}"
        );
        let res = app.client.get(&href).send().await.unwrap();
        assert_eq!(res.status(), 200, "{href}");
        let o: Value = res.json().await.unwrap();
        assert_eq!(o["type"], "rich");
        // The snippets to copy point to this service.
        assert!(
            html.contains(&esc(&format!(
                "<iframe src=\"{}/embed/solvesborg\"",
                app.base
            ))),
            "{path}"
        );
        assert!(
            html.contains(&esc(&format!("<script src=\"{}/widget.js\"", app.base))),
            "{path}"
        );
    }
    app.stop().await;
}
