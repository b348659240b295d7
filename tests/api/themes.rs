use crate::common;

use common::pages::{cell, csv, ids, walk};
use common::{problem, TestApp};
use serde_json::Value;

/// `data/themes.toml` in file order.
const IN_FILE_ORDER: [&str; 11] = [
    "alcohol_drugs",
    "youth_at_risk",
    "vulnerable_areas",
    "public_space",
    "traffic_safety",
    "property_crime",
    "port",
    "situational_picture",
    "interagency_cooperation",
    "illegal_housing",
    "general_crime_prevention",
];

#[actix_web::test]
async fn lists_the_vocabulary_in_its_own_order() {
    let app = TestApp::spawn().await;
    let body = app.json("/v1/themes").await;
    assert_eq!(body["total"], 11);
    assert_eq!(body["next_cursor"], Value::Null);
    assert_eq!(ids(&body), IN_FILE_ORDER);
    let first = &body["data"][0];
    assert_eq!(first["id"], "alcohol_drugs");
    assert_eq!(first["code"], "alcohol_drugs");
    assert_eq!(
        first["label_sv"],
        "Alkohol, narkotika, dopning, tobak och spel (ANDTS)"
    );
    assert_eq!(
        first["label_en"],
        "Alcohol, drugs, doping, tobacco and gambling (ANDTS)"
    );
    assert!(first["description"]
        .as_str()
        .unwrap()
        .starts_with("Förebyggande arbete"));
    app.stop().await;
}

#[actix_web::test]
async fn counts_how_the_themes_are_used() {
    let app = TestApp::spawn().await;
    // (code, focus areas, pledges, agreements, municipalities), counted by hand from data/.
    for (code, f, p, a, m) in [
        // Sölvesborg agreement f3 and pledge f1, Trelleborg agreement f1.
        ("alcohol_drugs", 3, 1, 2, 2),
        // Sölvesborg agreement f2 and pledge f1, Trelleborg agreement f1, Falkenberg pledge f2.
        ("youth_at_risk", 4, 2, 2, 3),
        ("vulnerable_areas", 1, 1, 0, 1),
        ("port", 1, 0, 1, 1),
        ("traffic_safety", 2, 1, 1, 2),
        ("illegal_housing", 0, 0, 0, 0),
    ] {
        let t = app.json(&format!("/v1/themes/{code}")).await;
        assert_eq!(t["id"], code);
        assert_eq!(
            [
                &t["focus_area_count"],
                &t["pledge_count"],
                &t["agreement_count"],
                &t["municipality_count"]
            ],
            [f, p, a, m],
            "{code}"
        );
    }
    let port = app.json("/v1/themes/port").await;
    assert_eq!(port["label_sv"], "Hamn");
    assert_eq!(port["label_en"], "Port");
    app.stop().await;
}

#[actix_web::test]
async fn sorts_by_position_and_code() {
    let app = TestApp::spawn().await;
    let by_code = ids(&app.json("/v1/themes?sort=code").await);
    let mut expected = IN_FILE_ORDER.to_vec();
    expected.sort_unstable();
    assert_eq!(by_code, expected);
    let reversed = ids(&app.json("/v1/themes?sort=-code").await);
    expected.reverse();
    assert_eq!(reversed, expected);
    let by_position = ids(&app.json("/v1/themes?sort=position").await);
    assert_eq!(by_position, IN_FILE_ORDER);
    let mut backwards = IN_FILE_ORDER.to_vec();
    backwards.reverse();
    assert_eq!(ids(&app.json("/v1/themes?sort=-position").await), backwards);
    app.stop().await;
}

#[actix_web::test]
async fn pagination_walks_every_theme_once() {
    let app = TestApp::spawn().await;
    for limit in [1, 2] {
        assert_eq!(walk(&app, "/v1/themes", limit).await, IN_FILE_ORDER);
        let mut by_code = IN_FILE_ORDER.to_vec();
        by_code.sort_unstable();
        by_code.reverse();
        assert_eq!(walk(&app, "/v1/themes?sort=-code", limit).await, by_code);
    }
    // The cursor after the first theme continues with the second, whatever the page size.
    let first = app.json("/v1/themes?limit=1").await;
    let cursor = first["next_cursor"].as_str().expect("a cursor");
    let body = app
        .json(&format!("/v1/themes?limit=2&cursor={cursor}"))
        .await;
    assert_eq!(ids(&body), ["youth_at_risk", "vulnerable_areas"]);
    // A cursor is signed: the pre-0.5 unsigned form is refused.
    let old = "c1.eyJzIjoicG9zaXRpb24iLCJrIjoiMDAwMDAwMDAwMSIsImkiOiJhbGNvaG9sX2RydWdzIn0";
    assert_eq!(
        app.get(&format!("/v1/themes?cursor={old}")).await.status(),
        400
    );
    app.stop().await;
}

#[actix_web::test]
async fn csv_has_the_same_records_as_json() {
    let app = TestApp::spawn().await;
    let json = app.json("/v1/themes").await;
    let (headers, rows) = csv(&app, "/v1/themes?format=csv", false).await;
    assert_eq!(
        headers,
        [
            "id",
            "code",
            "label_sv",
            "label_en",
            "description",
            "focus_area_count",
            "pledge_count",
            "agreement_count",
            "municipality_count"
        ]
    );
    let data = json["data"].as_array().unwrap();
    assert_eq!(rows.len(), data.len());
    for (row, theme) in rows.iter().zip(data) {
        for (h, v) in headers.iter().zip(row) {
            assert_eq!(*v, cell(&theme[h.as_str()]), "{h} of {}", theme["id"]);
        }
    }
    let (excel_headers, excel_rows) = csv(&app, "/v1/themes?format=csv&excel=true", true).await;
    assert_eq!(excel_headers, headers);
    assert_eq!(excel_rows, rows);
    let accept = app
        .client
        .get(app.url("/v1/themes"))
        .header("Accept", "text/csv")
        .send()
        .await
        .unwrap();
    assert_eq!(accept.headers()["content-type"], "text/csv; charset=utf-8");
    app.stop().await;
}

#[actix_web::test]
async fn errors_are_problems() {
    let app = TestApp::spawn().await;
    let body = problem(app.get("/v1/themes/weather").await, 404).await;
    assert!(body["detail"].as_str().unwrap().contains("weather"));
    let body = problem(app.get("/v1/themes/Traffic-Safety").await, 400).await;
    assert_eq!(body["errors"][0]["field"], "code");
    for (query, field) in [
        ("theme=port", "theme"),
        ("municipality=falkenberg", "municipality"),
        ("sort=name", "sort"),
        ("limit=0", "limit"),
        ("limit=501", "limit"),
        ("cursor=bogus", "cursor"),
        ("format=xml", "format"),
        ("excel=true", "excel"),
        ("include=sources", "include"),
    ] {
        let body = problem(app.get(&format!("/v1/themes?{query}")).await, 400).await;
        assert_eq!(body["errors"][0]["field"], field, "{query}: {body}");
    }
    let body = problem(app.get("/v1/themes/port?sort=code").await, 400).await;
    assert_eq!(body["errors"][0]["field"], "sort");
    let res = app
        .client
        .delete(app.url("/v1/themes/port"))
        .send()
        .await
        .unwrap();
    problem(res, 405).await;
    app.stop().await;
}
