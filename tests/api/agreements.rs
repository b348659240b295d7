use crate::common;
use crate::support::lists;

use common::{problem, TestApp};
use lists::{bad, cell, csv_rows, get_csv, list_ids, walks_like_one_page};
use serde_json::{json, Value};

const FALKENBERG: &str = "falkenberg-2020-2023";
const SOLVESBORG: &str = "solvesborg-2022-2026";
const TRELLEBORG: &str = "trelleborg-2019-2022";

fn strs(v: &Value) -> Vec<&str> {
    v.as_array()
        .unwrap_or_else(|| panic!("not an array: {v}"))
        .iter()
        .map(|s| s.as_str().unwrap())
        .collect()
}

#[actix_web::test]
async fn trelleborg_agreement_has_its_parties_signatories_and_focus_areas() {
    let app = TestApp::spawn().await;
    let a = app.json(&format!("/v1/agreements/{TRELLEBORG}")).await;
    assert_eq!(a["id"], TRELLEBORG);
    assert_eq!(
        a["title"],
        "Samverkansöverenskommelse mellan Trelleborgs kommun och polisen 2019-2022"
    );
    assert_eq!(
        a["municipality"],
        json!({"id": "trelleborg", "name": "Trelleborg", "code": "1287"})
    );
    assert_eq!(a["signed_on"], Value::Null, "the source gives no date");
    assert_eq!(
        a["period"],
        json!({"start": "2019-01-01", "end": "2022-12-31", "precision": "year", "label": "2019–2022"})
    );
    assert_eq!(a["phase"], "ended");
    assert!(a["summary"].as_str().unwrap().contains("nulägesbild"));
    assert!(a["follow_up"]
        .as_str()
        .unwrap()
        .starts_with("Varje år tar kommunens säkerhetsenhet"));
    assert!(a["note"].as_str().unwrap().contains("signed_on saknas"));
    assert_eq!(
        a["parties"],
        json!([
            {"id": "trelleborg", "name": "Trelleborgs kommun", "kind": "municipality"},
            {"id": "lpo-trelleborg", "name": "Lokalpolisområde Trelleborg", "kind": "local_police_area"},
        ])
    );
    assert_eq!(
        a["signatories"],
        json!([
            {
                "person": {"id": "lars-gunnar-bjornqvist", "name": "Lars Gunnar Björnqvist"},
                "role": "lokalpolisområdeschef",
                "organization": {"id": "lpo-trelleborg", "name": "Lokalpolisområde Trelleborg"},
                "inferred": [],
            },
            {
                "person": {"id": "mikael-rubin", "name": "Mikael Rubin"},
                "role": "kommunstyrelsens ordförande",
                "organization": {"id": "trelleborg", "name": "Trelleborgs kommun"},
                "inferred": [],
            },
        ])
    );
    assert_eq!(a["pledge_ids"], json!([]));
    assert_eq!(
        strs(&a["themes"]),
        [
            "alcohol_drugs",
            "port",
            "public_space",
            "traffic_safety",
            "youth_at_risk"
        ]
    );
    assert_eq!(a["focus_area_count"], 3);
    assert_eq!(
        strs(&a["sources"]),
        ["trelleborg-2019-samverkansoverenskommelse-nyhet"]
    );
    assert!(a.get("focus_areas").is_none(), "only with include");
    assert!(a.get("source_details").is_none(), "only with include");
    app.stop().await;
}

#[actix_web::test]
async fn falkenberg_and_solvesborg_agreements() {
    let app = TestApp::spawn().await;
    let f = app.json(&format!("/v1/agreements/{FALKENBERG}")).await;
    assert_eq!(f["signed_on"], "2020-01-17");
    assert_eq!(f["period"]["start"], "2020-01-01");
    assert_eq!(f["period"]["end"], "2023-12-31");
    let parties: Vec<&str> = f["parties"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        parties,
        [
            "falkenberg",
            "region-halland-lokala-namnd-falkenberg",
            "lpo-falkenberg"
        ],
        "in the order the source names them"
    );
    assert_eq!(f["parties"][1]["kind"], "regional_committee");
    let signatories: Vec<(&str, &str)> = f["signatories"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["person"]["id"].as_str().unwrap(),
                s["organization"]["id"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        signatories,
        [
            ("per-svensson", "falkenberg"),
            (
                "gunmarie-stenstrom",
                "region-halland-lokala-namnd-falkenberg"
            ),
            ("christer-bartholdsson", "lpo-falkenberg"),
        ]
    );
    assert_eq!(f["pledge_ids"], json!(["falkenberg-undated-1"]));
    assert_eq!(f["focus_area_count"], 0);
    assert_eq!(f["themes"], json!([]));
    assert_eq!(f["follow_up"], Value::Null);

    let s = app.json(&format!("/v1/agreements/{SOLVESBORG}")).await;
    assert_eq!(s["focus_area_count"], 4);
    assert_eq!(s["pledge_ids"], json!(["solvesborg-2022-2023"]));
    assert_eq!(s["signatories"], json!([]), "the source names none");
    assert_eq!(s["municipality"]["code"], "1083");
    assert_eq!(
        strs(&s["themes"]),
        [
            "alcohol_drugs",
            "general_crime_prevention",
            "interagency_cooperation",
            "situational_picture",
            "youth_at_risk"
        ]
    );
    assert_eq!(s["period"]["label"], "2022–2026");
    app.stop().await;
}

#[actix_web::test]
async fn lists_every_agreement_by_id() {
    let app = TestApp::spawn().await;
    let body = app.json("/v1/agreements").await;
    assert_eq!(body["total"], 3);
    assert_eq!(body["next_cursor"], Value::Null);
    assert_eq!(lists::ids(&body), [FALKENBERG, SOLVESBORG, TRELLEBORG]);
    let one = app.json(&format!("/v1/agreements/{TRELLEBORG}")).await;
    assert_eq!(body["data"][2], one, "list and item agree");
    app.stop().await;
}

#[actix_web::test]
async fn every_filter_filters() {
    let app = TestApp::spawn().await;
    for (query, expected) in [
        ("municipality=trelleborg", vec![TRELLEBORG]),
        ("municipality=1382", vec![FALKENBERG]),
        ("municipality=solvesborg,1287", vec![SOLVESBORG, TRELLEBORG]),
        ("municipality=hylte", vec![]),
        ("theme=port", vec![TRELLEBORG]),
        ("theme=youth_at_risk", vec![SOLVESBORG, TRELLEBORG]),
        (
            "theme=port,situational_picture",
            vec![SOLVESBORG, TRELLEBORG],
        ),
        // Only the Falkenberg pledge has this theme, not an agreement's own focus area.
        ("theme=vulnerable_areas", vec![]),
        ("year=2019", vec![TRELLEBORG]),
        ("year=2020", vec![FALKENBERG, TRELLEBORG]),
        ("year=2024,2025", vec![SOLVESBORG]),
        ("year=2030", vec![]),
        ("active_on=2019-01-01", vec![TRELLEBORG]),
        ("active_on=2023-06-01", vec![FALKENBERG, SOLVESBORG]),
        ("active_on=2026-12-31", vec![SOLVESBORG]),
        // Swedish stemming: `lägesbilden` finds `lägesbild`.
        ("q=lägesbilden", vec![SOLVESBORG]),
        ("q=kommunstyrelsen", vec![TRELLEBORG]),
        (
            "q=samverkans%C3%B6verenskommelse -Trelleborgs",
            vec![FALKENBERG, SOLVESBORG],
        ),
        ("municipality=trelleborg&year=2024", vec![]),
        ("theme=youth_at_risk&active_on=2021-01-01", vec![TRELLEBORG]),
    ] {
        let body = app.json(&format!("/v1/agreements?{query}")).await;
        assert_eq!(lists::ids(&body), expected, "{query}");
        assert_eq!(body["total"], expected.len(), "{query}");
    }
    app.stop().await;
}

#[actix_web::test]
async fn include_embeds_focus_areas_and_sources() {
    let app = TestApp::spawn().await;
    let a = app
        .json(&format!(
            "/v1/agreements/{TRELLEBORG}?include=focus_areas,sources"
        ))
        .await;
    let areas = a["focus_areas"].as_array().unwrap();
    let ids: Vec<&str> = areas.iter().map(|f| f["id"].as_str().unwrap()).collect();
    assert_eq!(
        ids,
        [
            "trelleborg-2019-2022/f1",
            "trelleborg-2019-2022/f2",
            "trelleborg-2019-2022/f3"
        ]
    );
    assert_eq!(
        areas[2]["title"],
        "Trelleborgs hamn - brottsförebyggande arbete"
    );
    assert_eq!(areas[2]["themes"], json!(["port"]));
    assert_eq!(
        areas[0]["parent"],
        json!({"type": "agreement", "id": TRELLEBORG})
    );
    let sources = a["source_details"].as_array().unwrap();
    assert_eq!(sources.len(), 1);
    assert_eq!(
        sources[0]["id"],
        "trelleborg-2019-samverkansoverenskommelse-nyhet"
    );
    assert!(sources[0]["title"].as_str().is_some_and(|t| !t.is_empty()));

    let only_areas = app
        .json(&format!("/v1/agreements/{SOLVESBORG}?include=focus_areas"))
        .await;
    assert_eq!(only_areas["focus_areas"].as_array().unwrap().len(), 4);
    assert!(only_areas.get("source_details").is_none());

    // On a page: every record gets the key, an agreement without focus areas an empty list.
    let page = app.json("/v1/agreements?include=focus_areas,sources").await;
    let counts: Vec<usize> = page["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["focus_areas"].as_array().unwrap().len())
        .collect();
    assert_eq!(counts, [0, 4, 3]);
    let falkenberg_sources: Vec<&str> = page["data"][0]["source_details"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        falkenberg_sources,
        strs(&page["data"][0]["sources"]),
        "the agreement's own sources, in id order"
    );
    app.stop().await;
}

#[actix_web::test]
async fn each_sort_orders_and_reverses() {
    let app = TestApp::spawn().await;
    for (sort, expected) in [
        ("id", [FALKENBERG, SOLVESBORG, TRELLEBORG]),
        ("-id", [TRELLEBORG, SOLVESBORG, FALKENBERG]),
        // Unknown signing dates first, then by id.
        ("signed_on", [SOLVESBORG, TRELLEBORG, FALKENBERG]),
        ("-signed_on", [FALKENBERG, TRELLEBORG, SOLVESBORG]),
        ("period_start", [TRELLEBORG, FALKENBERG, SOLVESBORG]),
        ("-period_start", [SOLVESBORG, FALKENBERG, TRELLEBORG]),
        ("title", [FALKENBERG, SOLVESBORG, TRELLEBORG]),
        ("-title", [TRELLEBORG, SOLVESBORG, FALKENBERG]),
        ("municipality", [FALKENBERG, SOLVESBORG, TRELLEBORG]),
        ("-municipality", [TRELLEBORG, SOLVESBORG, FALKENBERG]),
    ] {
        assert_eq!(
            list_ids(&app, &format!("/v1/agreements?sort={sort}")).await,
            expected,
            "sort={sort}"
        );
    }
    app.stop().await;
}

#[actix_web::test]
async fn pagination_walks_every_agreement_once_in_every_order() {
    let app = TestApp::spawn().await;
    for sort in [
        "id",
        "-signed_on",
        "signed_on",
        "period_start",
        "-title",
        "municipality",
    ] {
        let all = walks_like_one_page(&app, &format!("/v1/agreements?sort={sort}")).await;
        assert_eq!(all.len(), 3, "sort={sort}");
    }
    // With a filter, the cursor keeps to the filtered set.
    let filtered = walks_like_one_page(&app, "/v1/agreements?year=2020,2021").await;
    assert_eq!(filtered, [FALKENBERG, TRELLEBORG]);
    app.stop().await;
}

#[actix_web::test]
async fn unknown_agreement_is_404_and_bad_input_400() {
    let app = TestApp::spawn().await;
    let body = problem(app.get("/v1/agreements/atlantis-2019-2022").await, 404).await;
    assert!(body["detail"]
        .as_str()
        .unwrap()
        .contains("atlantis-2019-2022"));
    bad(&app, "/v1/agreements/Trelleborg-2019", "id").await;
    bad(&app, "/v1/agreements/trelleborg-2019-2022?limit=5", "limit").await;
    bad(
        &app,
        "/v1/agreements/trelleborg-2019-2022?include=activities",
        "include",
    )
    .await;
    for (query, field) in [
        ("colour=red", "colour"),
        ("status=completed", "status"),
        ("municipality=Sölvesborg", "municipality"),
        ("municipality=", "municipality"),
        ("theme=Port", "theme"),
        ("year=19", "year"),
        ("year=2020,", "year"),
        ("active_on=2021-02-30", "active_on"),
        ("active_on=yesterday", "active_on"),
        ("q=", "q"),
        ("include=activities", "include"),
        ("include=focus_areas&format=csv", "include"),
        ("sort=signed", "sort"),
        ("sort=--id", "sort"),
        ("limit=0", "limit"),
        ("limit=501", "limit"),
        ("cursor=bogus", "cursor"),
        ("format=xml", "format"),
        ("excel=true", "excel"),
        ("format=csv&excel=yes", "excel"),
        ("year=2020&year=2021", "year"),
    ] {
        bad(&app, &format!("/v1/agreements?{query}"), field).await;
    }
    // A cursor is bound to the sort it was made for.
    let first = app.json("/v1/agreements?limit=1&sort=title").await;
    let cursor = first["next_cursor"].as_str().unwrap();
    bad(
        &app,
        &format!("/v1/agreements?limit=1&sort=id&cursor={cursor}"),
        "cursor",
    )
    .await;
    let res = app
        .client
        .delete(app.url(&format!("/v1/agreements/{TRELLEBORG}")))
        .send()
        .await
        .unwrap();
    problem(res, 405).await;
    app.stop().await;
}

#[actix_web::test]
async fn csv_reads_back_to_the_json_records() {
    let app = TestApp::spawn().await;
    let json_body = app.json("/v1/agreements?sort=-period_start").await;
    let (text, bom) = get_csv(&app, "/v1/agreements?sort=-period_start&format=csv").await;
    assert!(!bom);
    let headers = [
        "id",
        "title",
        "municipality_id",
        "municipality_code",
        "signed_on",
        "period_start",
        "period_end",
        "period_precision",
        "summary",
        "follow_up",
        "note",
        "parties",
        "signatories",
        "pledge_ids",
        "themes",
        "focus_area_count",
        "sources",
        "inferred",
    ];
    let rows = csv_rows(&text, b',', &headers);
    let records = json_body["data"].as_array().unwrap();
    assert_eq!(rows.len(), records.len());
    for (row, a) in rows.iter().zip(records) {
        let party_ids: Vec<Value> = a["parties"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["id"].clone())
            .collect();
        let person_ids: Vec<Value> = a["signatories"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["person"]["id"].clone())
            .collect();
        let expected = [
            ("id", cell(&a["id"])),
            ("title", cell(&a["title"])),
            ("municipality_id", cell(&a["municipality"]["id"])),
            ("municipality_code", cell(&a["municipality"]["code"])),
            ("signed_on", cell(&a["signed_on"])),
            ("period_start", cell(&a["period"]["start"])),
            ("period_end", cell(&a["period"]["end"])),
            ("period_precision", cell(&a["period"]["precision"])),
            ("summary", cell(&a["summary"])),
            ("follow_up", cell(&a["follow_up"])),
            ("note", cell(&a["note"])),
            ("parties", cell(&Value::Array(party_ids))),
            ("signatories", cell(&Value::Array(person_ids))),
            ("pledge_ids", cell(&a["pledge_ids"])),
            ("themes", cell(&a["themes"])),
            ("focus_area_count", cell(&a["focus_area_count"])),
            ("sources", cell(&a["sources"])),
        ];
        for (column, value) in expected {
            assert_eq!(row[column], value, "{} {column}", a["id"]);
        }
    }
    let falkenberg = rows.iter().find(|r| r["id"] == FALKENBERG).unwrap();
    assert_eq!(
        falkenberg["parties"],
        "falkenberg|region-halland-lokala-namnd-falkenberg|lpo-falkenberg"
    );
    assert_eq!(
        falkenberg["signatories"],
        "per-svensson|gunmarie-stenstrom|christer-bartholdsson"
    );

    let (excel, bom) = get_csv(&app, "/v1/agreements?format=csv&excel=true").await;
    assert!(bom, "Excel CSV starts with a BOM");
    assert!(excel.starts_with("id;title;"));
    let rows = csv_rows(&excel, b';', &headers);
    assert_eq!(rows.len(), 3);
    assert_eq!(rows[2]["id"], TRELLEBORG);
    assert_eq!(
        rows[2]["title"],
        "Samverkansöverenskommelse mellan Trelleborgs kommun och polisen 2019-2022"
    );

    // `Accept: text/csv` works as format=csv.
    let res = app
        .client
        .get(app.url("/v1/agreements?municipality=trelleborg"))
        .header("Accept", "text/csv")
        .send()
        .await
        .unwrap();
    assert_eq!(res.headers()["x-total-count"], "1");
    let text = res.text().await.unwrap();
    assert_eq!(csv_rows(&text, b',', &headers)[0]["id"], TRELLEBORG);
    app.stop().await;
}

#[actix_web::test]
async fn agreements_revalidate_with_etags() {
    let app = TestApp::spawn().await;
    let path = format!("/v1/agreements/{SOLVESBORG}?include=focus_areas");
    let res = app.get(&path).await;
    let etag = res.headers()["etag"].to_str().unwrap().to_owned();
    let again = app
        .client
        .get(app.url(&path))
        .header("If-None-Match", &etag)
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), 304);
    let other = app
        .client
        .get(app.url(&format!("/v1/agreements/{SOLVESBORG}")))
        .header("If-None-Match", &etag)
        .send()
        .await
        .unwrap();
    assert_eq!(other.status(), 200, "another representation, another tag");
    app.stop().await;
}
