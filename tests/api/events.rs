use crate::common;

use common::pages::{cell, csv, ids, walk};
use common::{problem, TestApp};
use diesel::connection::SimpleConnection;
use serde_json::{json, Value};

const HALLAND: &str = "halland-konferens-brottsforebyggande";
const SIGNING: &str = "falkenberg-2020-undertecknande";

/// The bundled data has an undated event and a dated one; two more make years and sorts testable.
fn add_dated_events(app: &TestApp) {
    app.db
        .conn()
        .batch_execute(
            "INSERT INTO events (public_id, kind, title, held_on, summary)
             VALUES ('trelleborg-undertecknande-2019', 'signing',
                     'Undertecknande av samverkansöverenskommelse i Trelleborg', '2019-02-01',
                     'Kommunen och polisen skriver under.'),
                    ('solvesborg-mote-2022', 'meeting', 'Möte om trygghet i Sölvesborg', '2022-05-10',
                     'ÅRLIG genomgång av lägesbilden.');
             INSERT INTO event_participants (event_id, organization_id, role)
             SELECT e.id, o.id, 'organizer' FROM events e, organizations o
             WHERE e.public_id = 'trelleborg-undertecknande-2019' AND o.public_id = 'trelleborg';
             INSERT INTO event_participants (event_id, organization_id, role)
             SELECT e.id, o.id, 'participant' FROM events e, organizations o
             WHERE e.public_id = 'solvesborg-mote-2022' AND o.public_id IN ('solvesborg', 'lpo-karlshamn');",
        )
        .unwrap();
}

#[actix_web::test]
async fn the_halland_conference_as_the_sources_give_it() {
    let app = TestApp::spawn().await;
    let list = app.json("/v1/events").await;
    assert_eq!(list["total"], 2);
    assert_eq!(ids(&list), [SIGNING, HALLAND]);
    let e = app.json(&format!("/v1/events/{HALLAND}")).await;
    assert_eq!(list["data"][1], e);
    assert_eq!(e["kind"], "conference");
    assert_eq!(
        e["title"],
        "Konferens om brottsförebyggande arbete i Hallands län"
    );
    assert_eq!(e["held_on"], Value::Null);
    assert_eq!(e["location"], "Halmstads slott");
    assert!(e["summary"]
        .as_str()
        .unwrap()
        .contains("Kungsbacka och Hylte"));
    assert!(e["note"]
        .as_str()
        .unwrap()
        .starts_with("Källan anger inget datum"));
    let organizations: Vec<(&str, &str)> = e["organizations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| (o["id"].as_str().unwrap(), o["role"].as_str().unwrap()))
        .collect();
    assert_eq!(
        organizations,
        [
            ("lansstyrelsen-halland", "organizer"),
            ("polismyndigheten", "organizer"),
            // Invited, and they met at the castle: one organization in two roles.
            ("falkenberg", "participant"),
            ("halmstad", "participant"),
            ("hylte", "participant"),
            ("kungsbacka", "participant"),
            ("laholm", "participant"),
            ("lpo-falkenberg", "participant"),
            ("polisomrade-halland", "participant"),
            ("region-halland", "participant"),
            ("varberg", "participant"),
            ("falkenberg", "invited"),
            ("halmstad", "invited"),
            ("hylte", "invited"),
            ("kungsbacka", "invited"),
            ("laholm", "invited"),
            ("region-halland", "invited"),
            ("varberg", "invited"),
        ]
    );
    assert_eq!(e["organizations"][1]["name"], "Polismyndigheten");
    assert_eq!(
        e["people"],
        json!([
            {"person": {"id": "anders-borjesson", "name": "Anders Börjesson"}, "role": "inledare"},
            {"person": {"id": "brittis-benzler", "name": "Brittis Benzler"}, "role": "inledare"},
            {"person": {"id": "linda-fetiu", "name": "Linda Fetiu"}, "role": "moderator"},
            {"person": {"id": "anneli-svensson", "name": "Anneli Svensson"}, "role": "talare"},
        ])
    );
    assert_eq!(e["sources"], json!([HALLAND_SOURCE]));
    assert!(e.get("source_details").is_none());
    app.stop().await;
}

const HALLAND_SOURCE: &str = "lansstyrelsen-halland-konferens-brottsforebyggande";

#[actix_web::test]
async fn include_sources_embeds_them() {
    let app = TestApp::spawn().await;
    add_dated_events(&app);
    let one = app
        .json(&format!("/v1/events/{HALLAND}?include=sources"))
        .await;
    let details = one["source_details"].as_array().unwrap();
    assert_eq!(details.len(), 1);
    assert_eq!(details[0]["id"], HALLAND_SOURCE);
    assert_eq!(details[0]["publisher"], "Länsstyrelsen i Hallands län");
    assert_eq!(details[0]["kind"], "news_article");
    let list = app.json("/v1/events?include=sources").await;
    for e in list["data"].as_array().unwrap() {
        let got: Vec<&Value> = e["source_details"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| &s["id"])
            .collect();
        let cited: Vec<&Value> = e["sources"].as_array().unwrap().iter().collect();
        assert_eq!(got, cited, "{}", e["id"]);
    }
    assert_eq!(list["data"][1]["source_details"][0]["id"], HALLAND_SOURCE);
    // The events added without citations embed an empty list, not nothing.
    assert_eq!(list["data"][2]["source_details"], json!([]));
    app.stop().await;
}

#[actix_web::test]
async fn filters_by_municipality_in_any_role() {
    let app = TestApp::spawn().await;
    add_dated_events(&app);
    // All six Halland municipalities are invited to the conference (Falkenberg also signs).
    assert_eq!(
        ids(&app.json("/v1/events?municipality=falkenberg").await),
        [SIGNING, HALLAND]
    );
    for m in ["halmstad", "laholm", "hylte", "1384", "1383"] {
        assert_eq!(
            ids(&app.json(&format!("/v1/events?municipality={m}")).await),
            [HALLAND],
            "{m}"
        );
    }
    assert_eq!(
        ids(&app.json("/v1/events?municipality=trelleborg").await),
        ["trelleborg-undertecknande-2019"]
    );
    assert_eq!(
        ids(&app.json("/v1/events?municipality=1083,falkenberg").await),
        [SIGNING, HALLAND, "solvesborg-mote-2022"]
    );
    // A police area taking part is not a municipality: naming it is a bad value.
    let body = common::problem(app.get("/v1/events?municipality=lpo-falkenberg").await, 400).await;
    assert_eq!(body["errors"][0]["field"], "municipality");
    app.stop().await;
}

#[actix_web::test]
async fn filters_by_year_held() {
    let app = TestApp::spawn().await;
    add_dated_events(&app);
    assert_eq!(
        ids(&app.json("/v1/events?year=2019").await),
        ["trelleborg-undertecknande-2019"]
    );
    assert_eq!(
        ids(&app.json("/v1/events?year=2019,2022").await),
        ["solvesborg-mote-2022", "trelleborg-undertecknande-2019"]
    );
    // The undated conference matches no year.
    assert_eq!(ids(&app.json("/v1/events?year=2020").await), [SIGNING]);
    assert_eq!(app.json("/v1/events?year=2021,2023").await["total"], 0);
    assert_eq!(
        ids(&app
            .json("/v1/events?year=2022&municipality=solvesborg")
            .await),
        ["solvesborg-mote-2022"]
    );
    assert_eq!(
        app.json("/v1/events?year=2022&municipality=trelleborg")
            .await["total"],
        0
    );
    app.stop().await;
}

#[actix_web::test]
async fn filters_by_text_in_title_or_summary() {
    let app = TestApp::spawn().await;
    add_dated_events(&app);
    // Title.
    assert_eq!(ids(&app.json("/v1/events?q=KONFERENS").await), [HALLAND]);
    // Summary only.
    assert_eq!(ids(&app.json("/v1/events?q=kungsbacka").await), [HALLAND]);
    // Non-ASCII capitals fold, both in the data and in the query.
    assert_eq!(
        ids(&app.json("/v1/events?q=%C3%A5rlig").await),
        ["solvesborg-mote-2022"]
    );
    assert_eq!(
        ids(&app.json("/v1/events?q=M%C3%96TE").await),
        ["solvesborg-mote-2022"]
    );
    // The location is not searched.
    assert_eq!(app.json("/v1/events?q=slott").await["total"], 0);
    app.stop().await;
}

#[actix_web::test]
async fn sorts_by_id_date_and_title() {
    let app = TestApp::spawn().await;
    add_dated_events(&app);
    let by_id = [
        SIGNING,
        HALLAND,
        "solvesborg-mote-2022",
        "trelleborg-undertecknande-2019",
    ];
    assert_eq!(ids(&app.json("/v1/events").await), by_id);
    assert_eq!(ids(&app.json("/v1/events?sort=id").await), by_id);
    // Undated first, then by date.
    let by_date = [
        HALLAND,
        "trelleborg-undertecknande-2019",
        SIGNING,
        "solvesborg-mote-2022",
    ];
    assert_eq!(ids(&app.json("/v1/events?sort=held_on").await), by_date);
    let mut reversed = by_date.to_vec();
    reversed.reverse();
    assert_eq!(ids(&app.json("/v1/events?sort=-held_on").await), reversed);
    // Konferens …, Möte …, Undertecknande av samverkansöverenskommelse i …, … -kommelsen i …
    let by_title = [
        HALLAND,
        "solvesborg-mote-2022",
        "trelleborg-undertecknande-2019",
        SIGNING,
    ];
    assert_eq!(ids(&app.json("/v1/events?sort=title").await), by_title);
    let mut titles_back = by_title.to_vec();
    titles_back.reverse();
    assert_eq!(ids(&app.json("/v1/events?sort=-title").await), titles_back);
    app.stop().await;
}

#[actix_web::test]
async fn pagination_walks_every_event_once() {
    let app = TestApp::spawn().await;
    assert_eq!(walk(&app, "/v1/events", 1).await, [SIGNING, HALLAND]);
    add_dated_events(&app);
    for limit in [1, 2] {
        for sort in ["id", "held_on", "-held_on", "title"] {
            let all = ids(&app.json(&format!("/v1/events?sort={sort}")).await);
            assert_eq!(all.len(), 4);
            assert_eq!(
                walk(&app, &format!("/v1/events?sort={sort}"), limit).await,
                all
            );
        }
        assert_eq!(
            walk(&app, "/v1/events?include=sources&year=2019,2022", limit)
                .await
                .len(),
            2
        );
    }
    app.stop().await;
}

#[actix_web::test]
async fn csv_has_the_same_records_as_json() {
    let app = TestApp::spawn().await;
    add_dated_events(&app);
    let json = app.json("/v1/events").await;
    let (headers, rows) = csv(&app, "/v1/events?format=csv", false).await;
    assert_eq!(
        headers,
        [
            "id",
            "kind",
            "title",
            "held_on",
            "location",
            "summary",
            "note",
            "organizers",
            "participants",
            "invited",
            "people",
            "sources",
            "starts_at",
            "inferred"
        ]
    );
    let data = json["data"].as_array().unwrap();
    assert_eq!(rows.len(), data.len());
    for (row, event) in rows.iter().zip(data) {
        for (i, h) in headers.iter().enumerate().take(7) {
            assert_eq!(row[i], cell(&event[h.as_str()]), "{h} of {}", event["id"]);
        }
        assert_eq!(row[11], cell(&event["sources"]));
        let people: Vec<Value> = event["people"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["person"]["id"].clone())
            .collect();
        assert_eq!(row[10], cell(&Value::Array(people)));
    }
    let halland = &rows[1];
    assert_eq!(halland[3], "");
    assert_eq!(halland[7], "lansstyrelsen-halland|polismyndigheten");
    assert_eq!(
        halland[8],
        "falkenberg|halmstad|hylte|kungsbacka|laholm|lpo-falkenberg|polisomrade-halland|region-halland|varberg"
    );
    assert_eq!(
        halland[9],
        "falkenberg|halmstad|hylte|kungsbacka|laholm|region-halland|varberg"
    );
    assert_eq!(rows[0][3], "2020-01-17");
    assert_eq!(rows[0][4], "Stadshuset Falkenberg");
    assert_eq!(rows[2][3], "2022-05-10");
    let (_, excel) = csv(&app, "/v1/events?format=csv&excel=true", true).await;
    assert_eq!(excel, rows);
    let body = problem(app.get("/v1/events?format=csv&include=sources").await, 400).await;
    assert_eq!(body["errors"][0]["field"], "include");
    app.stop().await;
}

#[actix_web::test]
async fn errors_are_problems() {
    let app = TestApp::spawn().await;
    let body = problem(app.get("/v1/events/no-such-event").await, 404).await;
    assert!(body["detail"].as_str().unwrap().contains("no-such-event"));
    let body = problem(app.get("/v1/events/Halland%20konferens").await, 400).await;
    assert_eq!(body["errors"][0]["field"], "id");
    for (query, field) in [
        ("kind=conference", "kind"),
        ("municipality=Falkenberg", "municipality"),
        ("year=20", "year"),
        ("year=2020,", "year"),
        ("year=twenty", "year"),
        ("active_on=2020-01-01", "active_on"),
        ("q=", "q"),
        ("include=people", "include"),
        ("sort=location", "sort"),
        ("limit=0", "limit"),
        ("limit=501", "limit"),
        ("cursor=bogus", "cursor"),
        ("format=html", "format"),
        ("excel=true", "excel"),
    ] {
        let body = problem(app.get(&format!("/v1/events?{query}")).await, 400).await;
        assert_eq!(body["errors"][0]["field"], field, "{query}: {body}");
    }
    let body = problem(
        app.get(&format!("/v1/events/{HALLAND}?year=2020")).await,
        400,
    )
    .await;
    assert_eq!(body["errors"][0]["field"], "year");
    let body = problem(
        app.get(&format!("/v1/events/{HALLAND}?include=organizations"))
            .await,
        400,
    )
    .await;
    assert_eq!(body["errors"][0]["field"], "include");
    let res = app
        .client
        .patch(app.url(&format!("/v1/events/{HALLAND}")))
        .send()
        .await
        .unwrap();
    problem(res, 405).await;
    app.stop().await;
}

/// People's contact details are never published: no response of these collections has an `@`.
#[actix_web::test]
async fn no_response_carries_an_email_address() {
    let app = TestApp::spawn().await;
    let mut paths: Vec<String> = [
        "/v1/themes",
        "/v1/sources",
        "/v1/people",
        "/v1/events?include=sources",
        "/v1/themes?format=csv",
        "/v1/sources?format=csv",
        "/v1/people?format=csv",
        "/v1/events?format=csv",
    ]
    .iter()
    .map(|p| p.to_string())
    .collect();
    for (list, item) in [
        ("/v1/themes", "/v1/themes"),
        ("/v1/sources", "/v1/sources"),
        ("/v1/people", "/v1/people"),
        ("/v1/events", "/v1/events"),
    ] {
        for id in ids(&app.json(list).await) {
            paths.push(format!("{item}/{id}"));
        }
    }
    assert!(paths.len() > 8 + 11 + 6 + 14);
    for path in paths {
        let res = app.get(&path).await;
        assert_eq!(res.status(), 200, "GET {path}");
        let text = res.text().await.unwrap();
        assert!(!text.contains('@'), "{path} contains an @");
    }
    app.stop().await;
}
