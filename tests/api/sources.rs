use crate::common;

use common::pages::{cell, csv, ids, walk};
use common::{problem, TestApp};
use serde_json::{json, Value};

/// Every source in `data/sources.toml`, by id.
const ALL: [&str; 6] = [
    "falkenberg-2020-pressinbjudan-samverkan",
    "falkenberg-medborgarlofte-nyhet",
    "lansstyrelsen-halland-konferens-brottsforebyggande",
    "scb-lan-och-kommuner",
    "solvesborg-2022-medborgarlofte-nyhet",
    "trelleborg-2019-samverkansoverenskommelse-nyhet",
];

#[actix_web::test]
async fn lists_every_source_by_id() {
    let app = TestApp::spawn().await;
    let body = app.json("/v1/sources").await;
    assert_eq!(body["total"], 6);
    assert_eq!(body["next_cursor"], Value::Null);
    assert_eq!(ids(&body), ALL);
    let invitation = &body["data"][0];
    assert_eq!(
        invitation["title"],
        "Samverkan med fokus på ökad trygghet i Falkenberg"
    );
    assert_eq!(invitation["publisher"], "Falkenbergs kommun");
    assert_eq!(invitation["kind"], "press_invitation");
    assert_eq!(invitation["published_on"], "2020-01-15");
    assert!(invitation["url"]
        .as_str()
        .unwrap()
        .starts_with("https://kommun.falkenberg.se/"));
    assert_eq!(invitation["language"], "sv");
    assert!(invitation["note"]
        .as_str()
        .unwrap()
        .starts_with("En sparad kopia av sidan"));
    assert!(
        invitation.get("cited_by").is_none(),
        "cited_by is for the single source"
    );
    app.stop().await;
}

#[actix_web::test]
async fn filters_by_kind() {
    let app = TestApp::spawn().await;
    let register = app.json("/v1/sources?kind=register").await;
    assert_eq!(register["total"], 1);
    assert_eq!(ids(&register), ["scb-lan-och-kommuner"]);
    assert_eq!(
        ids(&app.json("/v1/sources?kind=register,press_invitation").await),
        [
            "falkenberg-2020-pressinbjudan-samverkan",
            "scb-lan-och-kommuner"
        ]
    );
    let news = app.json("/v1/sources?kind=news_article").await;
    assert_eq!(news["total"], 4);
    assert!(news["data"]
        .as_array()
        .unwrap()
        .iter()
        .all(|s| s["kind"] == "news_article"));
    // A valid kind no source has.
    let none = app.json("/v1/sources?kind=follow_up_report").await;
    assert_eq!((none["total"].as_i64(), ids(&none).len()), (Some(0), 0));
    app.stop().await;
}

#[actix_web::test]
async fn filters_by_the_municipalities_whose_records_cite_them() {
    let app = TestApp::spawn().await;
    // Hylte's only record is the municipality itself.
    assert_eq!(
        ids(&app.json("/v1/sources?municipality=hylte").await),
        [
            "lansstyrelsen-halland-konferens-brottsforebyggande",
            "scb-lan-och-kommuner"
        ]
    );
    assert_eq!(
        ids(&app.json("/v1/sources?municipality=1287").await),
        [
            "scb-lan-och-kommuner",
            "trelleborg-2019-samverkansoverenskommelse-nyhet"
        ]
    );
    assert_eq!(
        ids(&app.json("/v1/sources?municipality=falkenberg").await),
        [
            "falkenberg-2020-pressinbjudan-samverkan",
            "falkenberg-medborgarlofte-nyhet",
            "scb-lan-och-kommuner"
        ]
    );
    let two = app
        .json("/v1/sources?municipality=trelleborg,solvesborg")
        .await;
    assert_eq!(two["total"], 3);
    assert_eq!(
        ids(&two),
        [
            "scb-lan-och-kommuner",
            "solvesborg-2022-medborgarlofte-nyhet",
            "trelleborg-2019-samverkansoverenskommelse-nyhet"
        ]
    );
    // With the kind filter too.
    assert_eq!(
        ids(&app
            .json("/v1/sources?municipality=trelleborg&kind=news_article")
            .await),
        ["trelleborg-2019-samverkansoverenskommelse-nyhet"]
    );
    app.stop().await;
}

#[actix_web::test]
async fn records_of_a_municipality_lead_to_its_sources() {
    let app = TestApp::spawn().await;
    // A source only an activity cites is found through the activity's pledge's municipality.
    let mut conn = app.db.conn();
    use diesel::connection::SimpleConnection;
    conn.batch_execute(
        "INSERT INTO sources (public_id, title, publisher, kind, language, no_url_reason)
         VALUES ('solvesborg-uppfoljning', 'Uppföljning', 'Sölvesborgs kommun', 'follow_up_report', 'sv',
                 'Testdata.');
         INSERT INTO citations (source_id, activity_id)
         SELECT s.id, x.id FROM sources s, activities x
         WHERE s.public_id = 'solvesborg-uppfoljning' AND x.public_id = 'solvesborg-2022-2023/a2';
         INSERT INTO sources (public_id, title, publisher, kind, language, no_url_reason)
         VALUES ('falkenberg-uppfoljning', 'Uppföljning', 'Falkenbergs kommun', 'follow_up_report', 'sv',
                 'Testdata.');
         INSERT INTO activity_status_events (activity_id, status, effective_on, source_id)
         SELECT x.id, 'completed', '2021-06-30', s.id FROM sources s, activities x
         WHERE s.public_id = 'falkenberg-uppfoljning' AND x.public_id = 'falkenberg-undated-1/a4'",
    )
    .unwrap();
    let solvesborg = ids(&app.json("/v1/sources?municipality=solvesborg").await);
    assert!(solvesborg.contains(&"solvesborg-uppfoljning".to_owned()));
    assert!(!solvesborg.contains(&"falkenberg-uppfoljning".to_owned()));
    // A source only a status report cites is found through the activity's municipality too.
    let falkenberg = ids(&app.json("/v1/sources?municipality=falkenberg").await);
    assert!(!falkenberg.contains(&"solvesborg-uppfoljning".to_owned()));
    assert!(falkenberg.contains(&"falkenberg-uppfoljning".to_owned()));
    let one = app.json("/v1/sources/solvesborg-uppfoljning").await;
    assert_eq!(one["cited_by"]["activities"], 1);
    let other = app.json("/v1/sources/falkenberg-uppfoljning").await;
    assert_eq!(other["cited_by"]["activity_status_events"], 1);
    assert_eq!(other["cited_by"]["activities"], 0);
    app.stop().await;
}

#[actix_web::test]
async fn filters_by_text_in_title_or_publisher_ignoring_case() {
    let app = TestApp::spawn().await;
    // In the title of one source and the publisher of another.
    assert_eq!(
        ids(&app.json("/v1/sources?q=halland").await),
        ["lansstyrelsen-halland-konferens-brottsforebyggande"]
    );
    // Publisher only.
    assert_eq!(
        ids(&app.json("/v1/sources?q=scb").await),
        ["scb-lan-och-kommuner"]
    );
    // Non-ASCII capitals fold too.
    assert_eq!(
        ids(&app.json("/v1/sources?q=S%C3%96LVESBORG").await),
        ["solvesborg-2022-medborgarlofte-nyhet"]
    );
    assert_eq!(
        ids(&app.json("/v1/sources?q=medborgarl%C3%B6fte").await),
        [
            "falkenberg-medborgarlofte-nyhet",
            "solvesborg-2022-medborgarlofte-nyhet"
        ]
    );
    // Taken as plain text, not as a pattern.
    assert_eq!(app.json("/v1/sources?q=%25").await["total"], 0);
    assert_eq!(
        app.json("/v1/sources?q=nothing-like-this").await["total"],
        0
    );
    app.stop().await;
}

#[actix_web::test]
async fn sorts_by_id_published_on_and_title() {
    let app = TestApp::spawn().await;
    let mut reversed = ALL.to_vec();
    reversed.reverse();
    assert_eq!(ids(&app.json("/v1/sources?sort=id").await), ALL);
    assert_eq!(ids(&app.json("/v1/sources?sort=-id").await), reversed);
    // Undated sources first (by id), then by date.
    let by_date = ids(&app.json("/v1/sources?sort=published_on").await);
    let dated_last = [
        "falkenberg-medborgarlofte-nyhet",
        "scb-lan-och-kommuner",
        "trelleborg-2019-samverkansoverenskommelse-nyhet",
        "falkenberg-2020-pressinbjudan-samverkan", // 2020-01-15
        "solvesborg-2022-medborgarlofte-nyhet",    // 2022-05-04
        "lansstyrelsen-halland-konferens-brottsforebyggande", // 2023-10-19
    ];
    assert_eq!(by_date, dated_last);
    let mut by_date_desc = ids(&app.json("/v1/sources?sort=-published_on").await);
    by_date_desc.reverse();
    assert_eq!(by_date_desc, dated_last);
    let by_title = ids(&app.json("/v1/sources?sort=title").await);
    assert_eq!(
        by_title,
        [
            "scb-lan-och-kommuner",                               // Län och kommuner …
            "falkenberg-medborgarlofte-nyhet",                    // Medborgarlöfte …
            "falkenberg-2020-pressinbjudan-samverkan",            // Samverkan …
            "solvesborg-2022-medborgarlofte-nyhet",               // Sölvesborgs …
            "lansstyrelsen-halland-konferens-brottsforebyggande", // Tillsammans …
            "trelleborg-2019-samverkansoverenskommelse-nyhet",    // Trelleborgs …
        ]
    );
    app.stop().await;
}

#[actix_web::test]
async fn pagination_walks_every_source_once() {
    let app = TestApp::spawn().await;
    for limit in [1, 2] {
        assert_eq!(walk(&app, "/v1/sources", limit).await, ALL);
        let by_date = ids(&app.json("/v1/sources?sort=-published_on").await);
        assert_eq!(
            walk(&app, "/v1/sources?sort=-published_on", limit).await,
            by_date
        );
        let by_title = ids(&app.json("/v1/sources?sort=title").await);
        assert_eq!(walk(&app, "/v1/sources?sort=title", limit).await, by_title);
        assert_eq!(
            walk(&app, "/v1/sources?kind=news_article", limit)
                .await
                .len(),
            4
        );
    }
    app.stop().await;
}

#[actix_web::test]
async fn one_source_with_what_cites_it() {
    let app = TestApp::spawn().await;
    let scb = app.json("/v1/sources/scb-lan-och-kommuner").await;
    assert_eq!(scb["kind"], "register");
    assert_eq!(scb["publisher"], "Statistiska centralbyrån (SCB)");
    assert_eq!(
        scb["cited_by"],
        json!({"organizations": 8, "agreements": 0, "pledges": 0, "focus_areas": 0, "activities": 0,
               "person_roles": 0, "events": 0, "activity_status_events": 0, "statements": 0})
    );
    let solvesborg = app
        .json("/v1/sources/solvesborg-2022-medborgarlofte-nyhet")
        .await;
    // Sölvesborg and LPO Karlshamn; the agreement (4 focus areas) and the pledge (3 focus areas,
    // 3 activities); four people's roles; four statements.
    assert_eq!(
        solvesborg["cited_by"],
        json!({"organizations": 2, "agreements": 1, "pledges": 1, "focus_areas": 7, "activities": 3,
               "person_roles": 4, "events": 0, "activity_status_events": 0, "statements": 4})
    );
    let halland = app
        .json("/v1/sources/lansstyrelsen-halland-konferens-brottsforebyggande")
        .await;
    assert_eq!(halland["cited_by"]["events"], 1);
    assert_eq!(halland["cited_by"]["person_roles"], 5);
    // The list record and the single record agree apart from `cited_by`.
    let list = app.json("/v1/sources?kind=register").await;
    let mut single = scb.clone();
    single.as_object_mut().unwrap().remove("cited_by");
    assert_eq!(list["data"][0], single);
    app.stop().await;
}

#[actix_web::test]
async fn csv_has_the_same_records_as_json() {
    let app = TestApp::spawn().await;
    let json = app.json("/v1/sources?sort=title").await;
    let (headers, rows) = csv(&app, "/v1/sources?sort=title&format=csv", false).await;
    assert_eq!(
        headers,
        [
            "id",
            "title",
            "publisher",
            "kind",
            "published_on",
            "url",
            "language",
            "note",
            "no_url_reason",
            "inferred"
        ]
    );
    let data = json["data"].as_array().unwrap();
    assert_eq!(rows.len(), data.len());
    for (row, source) in rows.iter().zip(data) {
        for (h, v) in headers.iter().zip(row) {
            // CSV names the inferred fields; the reasons are in the JSON and the exports.
            let expected = if h == "inferred" {
                let fields: Vec<String> = source["inferred"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|i| cell(&i["field"]))
                    .collect();
                fields.join("|")
            } else {
                cell(&source[h.as_str()])
            };
            assert_eq!(*v, expected, "{h} of {}", source["id"]);
        }
    }
    let (_, excel) = csv(&app, "/v1/sources?sort=title&format=csv&excel=true", true).await;
    assert_eq!(excel, rows);
    app.stop().await;
}

#[actix_web::test]
async fn errors_are_problems() {
    let app = TestApp::spawn().await;
    let body = problem(app.get("/v1/sources?kind=bogus").await, 400).await;
    assert_eq!(body["errors"][0]["field"], "kind");
    assert!(body["errors"][0]["message"]
        .as_str()
        .unwrap()
        .contains("register"));
    for (query, field) in [
        ("kind=register,", "kind"),
        ("kind=Register", "kind"),
        ("municipality=S%C3%B6lvesborg", "municipality"),
        ("q=", "q"),
        ("theme=port", "theme"),
        ("include=sources", "include"),
        ("sort=publisher", "sort"),
        ("limit=0", "limit"),
        ("limit=501", "limit"),
        ("cursor=bogus", "cursor"),
        ("format=xml", "format"),
        ("excel=yes", "excel"),
    ] {
        let body = problem(app.get(&format!("/v1/sources?{query}")).await, 400).await;
        assert_eq!(body["errors"][0]["field"], field, "{query}: {body}");
    }
    let body = problem(app.get("/v1/sources/no-such-source").await, 404).await;
    assert!(body["detail"].as_str().unwrap().contains("no-such-source"));
    let body = problem(app.get("/v1/sources/Not_A_Source").await, 400).await;
    assert_eq!(body["errors"][0]["field"], "id");
    let body = problem(
        app.get("/v1/sources/scb-lan-och-kommuner?include=sources")
            .await,
        400,
    )
    .await;
    assert_eq!(body["errors"][0]["field"], "include");
    let res = app
        .client
        .post(app.url("/v1/sources"))
        .send()
        .await
        .unwrap();
    problem(res, 405).await;
    app.stop().await;
}
