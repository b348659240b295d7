//! `GET /v1/compare`: the researchers' matrix of municipalities × themes, by year or by day.

use crate::common;

use common::{problem, TestApp};
use serde_json::{json, Value};

fn row<'a>(body: &'a Value, id: &str) -> &'a Value {
    body["data"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["municipality"]["id"] == id)
        .unwrap_or_else(|| panic!("no row for {id}: {body}"))
}

const NO_ACTIVITIES: &str =
    r#"{"planned":0,"in_progress":0,"completed":0,"cancelled":0,"unknown":0}"#;

#[actix_web::test]
async fn a_year_shows_what_is_active_in_it_per_municipality() {
    let app = TestApp::spawn().await;
    let body = app.json("/v1/compare?year=2022").await;
    assert_eq!(body["year"], 2022);
    assert_eq!(body["active_on"], Value::Null);
    assert_eq!(body["total"], 8);
    let ids: Vec<&str> = body["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["municipality"]["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        ids,
        [
            "falkenberg",
            "halmstad",
            "hylte",
            "kungsbacka",
            "laholm",
            "solvesborg",
            "trelleborg",
            "varberg"
        ],
        "every municipality, by id"
    );

    let s = row(&body, "solvesborg");
    assert_eq!(
        s["municipality"],
        json!({"id": "solvesborg", "name": "Sölvesborg", "code": "1083", "county_code": "10"})
    );
    assert_eq!(s["agreements"], json!(["solvesborg-2022-2026"]));
    assert_eq!(s["pledges"], json!(["solvesborg-2022-2023"]));
    // 4 focus areas of the agreement and 3 of the pledge; f1 of each has two themes, or one.
    assert_eq!(
        s["themes"],
        json!({
            "alcohol_drugs": 2, "youth_at_risk": 2, "property_crime": 1, "traffic_safety": 1,
            "situational_picture": 1, "interagency_cooperation": 1, "general_crime_prevention": 1
        })
    );
    assert_eq!(s["focus_area_count"], 7);
    assert_eq!(s["activity_count"], 3);
    assert_eq!(
        s["status_counts"],
        json!({"planned": 0, "in_progress": 0, "completed": 0, "cancelled": 0, "unknown": 3})
    );

    let t = row(&body, "trelleborg");
    assert_eq!(t["agreements"], json!(["trelleborg-2019-2022"]));
    assert_eq!(t["pledges"], json!([]));
    assert_eq!(
        t["themes"],
        json!({"alcohol_drugs": 1, "youth_at_risk": 1, "public_space": 1, "traffic_safety": 1, "port": 1})
    );
    assert_eq!(t["focus_area_count"], 3);
    assert_eq!(t["activity_count"], 0);

    // Falkenberg's agreement (2020–2023) is active; its pledge has no period, so it never is.
    let f = row(&body, "falkenberg");
    assert_eq!(f["agreements"], json!(["falkenberg-2020-2023"]));
    assert_eq!(f["pledges"], json!([]));
    assert_eq!(f["undated_pledges"], json!(["falkenberg-undated-1"]));
    assert_eq!(f["undated_agreements"], json!([]));
    assert_eq!(f["themes"], json!({}), "the agreement names no focus areas");
    assert_eq!(
        f["activity_count"], 0,
        "the undated pledge's 4 activities are not counted"
    );
    assert_eq!(
        f["status_counts"],
        serde_json::from_str::<Value>(NO_ACTIVITIES).unwrap()
    );

    let h = row(&body, "hylte");
    assert_eq!(
        (
            &h["agreements"],
            &h["pledges"],
            &h["themes"],
            &h["activity_count"]
        ),
        (&json!([]), &json!([]), &json!({}), &json!(0))
    );
    app.stop().await;
}

#[actix_web::test]
async fn other_years_and_days() {
    let app = TestApp::spawn().await;
    let y2021 = app.json("/v1/compare?year=2021").await;
    assert_eq!(
        row(&y2021, "falkenberg")["agreements"],
        json!(["falkenberg-2020-2023"])
    );
    assert_eq!(
        row(&y2021, "trelleborg")["agreements"],
        json!(["trelleborg-2019-2022"])
    );
    assert_eq!(row(&y2021, "solvesborg")["agreements"], json!([]));
    assert_eq!(row(&y2021, "solvesborg")["pledges"], json!([]));

    let day = app.json("/v1/compare?active_on=2024-06-01").await;
    assert_eq!(day["year"], Value::Null);
    assert_eq!(day["active_on"], "2024-06-01");
    let active: Vec<(&str, &Value)> = day["data"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["agreements"] != json!([]) || r["pledges"] != json!([]))
        .map(|r| (r["municipality"]["id"].as_str().unwrap(), &r["agreements"]))
        .collect();
    assert_eq!(active, [("solvesborg", &json!(["solvesborg-2022-2026"]))]);
    let s = row(&day, "solvesborg");
    assert_eq!(s["pledges"], json!([]), "the pledge ended in 2023");
    assert_eq!(
        s["themes"],
        json!({"situational_picture": 1, "interagency_cooperation": 1, "youth_at_risk": 1,
               "alcohol_drugs": 1, "general_crime_prevention": 1})
    );
    assert_eq!(s["activity_count"], 0);
    // A period's last day is inside it; the day after is not.
    let last = app
        .json("/v1/compare?active_on=2023-12-31&municipalities=solvesborg")
        .await;
    assert_eq!(last["data"][0]["pledges"], json!(["solvesborg-2022-2023"]));
    let after = app
        .json("/v1/compare?active_on=2024-01-01&municipalities=solvesborg")
        .await;
    assert_eq!(after["data"][0]["pledges"], json!([]));
    let none = app.json("/v1/compare?year=1990").await;
    assert!(none["data"]
        .as_array()
        .unwrap()
        .iter()
        .all(|r| r["agreements"] == json!([])
            && r["pledges"] == json!([])
            && r["focus_area_count"] == 0));
    app.stop().await;
}

#[actix_web::test]
async fn the_theme_header_lists_every_theme_in_order() {
    let app = TestApp::spawn().await;
    let body = app.json("/v1/compare?year=2022").await;
    let themes = body["themes"].as_array().unwrap();
    let codes: Vec<&str> = themes.iter().map(|t| t["code"].as_str().unwrap()).collect();
    assert_eq!(
        codes,
        [
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
            "general_crime_prevention"
        ],
        "the order of data/themes.toml"
    );
    assert_eq!(
        themes[4],
        json!({"code": "traffic_safety", "label_sv": "Trafiksäkerhet", "label_en": "Traffic safety"})
    );
    // Every theme a row names is in the header.
    for r in body["data"].as_array().unwrap() {
        for code in r["themes"].as_object().unwrap().keys() {
            assert!(codes.contains(&code.as_str()), "{code}");
        }
    }
    app.stop().await;
}

#[actix_web::test]
async fn chosen_municipalities_by_id_or_kommunkod() {
    let app = TestApp::spawn().await;
    let body = app
        .json("/v1/compare?municipalities=solvesborg,1382&year=2022")
        .await;
    assert_eq!(body["total"], 2);
    let ids: Vec<&str> = body["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["municipality"]["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["falkenberg", "solvesborg"]);
    // Naming one twice, by slug and by code, gives one row.
    let twice = app
        .json("/v1/compare?municipalities=trelleborg,1287,trelleborg&year=2022")
        .await;
    assert_eq!(twice["total"], 1);
    app.stop().await;
}

#[actix_web::test]
async fn bad_requests_name_the_parameter() {
    let app = TestApp::spawn().await;
    // Without a year or a day, the matrix is for today.
    let today = chrono::Utc::now().date_naive().to_string();
    let implicit = app.json("/v1/compare?municipalities=solvesborg").await;
    assert_eq!(implicit["active_on"], today.as_str());
    assert_eq!(
        implicit,
        app.json(&format!(
            "/v1/compare?municipalities=solvesborg&active_on={today}"
        ))
        .await
    );
    for query in ["year=2022&active_on=2022-06-01"] {
        let body = problem(app.get(&format!("/v1/compare?{query}")).await, 400).await;
        let fields: Vec<&str> = body["errors"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["field"].as_str().unwrap())
            .collect();
        assert_eq!(fields, ["year", "active_on"], "{query}: {body}");
    }
    for (query, field) in [
        ("year=22", "year"),
        ("year=2022,2023", "year"),
        ("year=twenty", "year"),
        ("active_on=2024-13-01", "active_on"),
        ("active_on=2024-6-1", "active_on"),
        ("year=2022&municipalities=", "municipalities"),
        ("year=2022&municipalities=S%C3%B6lvesborg", "municipalities"),
        ("year=2022&municipality=solvesborg", "municipality"),
        ("year=2022&format=xml", "format"),
        ("year=2022&excel=true", "excel"),
        ("year=2022&limit=5", "limit"),
    ] {
        let body = problem(app.get(&format!("/v1/compare?{query}")).await, 400).await;
        assert_eq!(body["errors"][0]["field"], field, "{query}: {body}");
    }
    let body = problem(
        app.get("/v1/compare?year=2022&municipalities=atlantis,falkenberg,9999")
            .await,
        400,
    )
    .await;
    assert_eq!(body["errors"][0]["field"], "municipalities");
    let detail = body["detail"].as_str().unwrap();
    assert!(
        detail.contains("`atlantis`")
            && detail.contains("`9999`")
            && !detail.contains("falkenberg"),
        "{detail}"
    );
    app.stop().await;
}

#[actix_web::test]
async fn csv_is_one_row_per_municipality_and_one_column_per_theme() {
    let app = TestApp::spawn().await;
    let json = app.json("/v1/compare?year=2022").await;
    let res = app.get("/v1/compare?year=2022&format=csv").await;
    assert_eq!(res.status(), 200);
    assert!(res.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/csv"));
    assert!(res.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .contains("compare-2022.csv"));
    let text = res.text().await.unwrap();
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let headers: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_owned)
        .collect();
    assert_eq!(
        &headers[..15],
        [
            "municipality_id",
            "municipality_name",
            "municipality_code",
            "county_code",
            "agreements",
            "pledges",
            "undated_agreements",
            "undated_pledges",
            "focus_area_count",
            "activity_count",
            "planned",
            "in_progress",
            "completed",
            "cancelled",
            "unknown"
        ]
    );
    let theme_columns: Vec<String> = json["themes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| format!("theme:{}", t["code"].as_str().unwrap()))
        .collect();
    assert_eq!(&headers[15..], &theme_columns[..]);
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let data = json["data"].as_array().unwrap();
    assert_eq!(rows.len(), data.len());
    let joined = |v: &Value| {
        v.as_array()
            .unwrap()
            .iter()
            .map(|s| s.as_str().unwrap())
            .collect::<Vec<_>>()
            .join("|")
    };
    for (r, j) in rows.iter().zip(data) {
        assert_eq!(r[0], *j["municipality"]["id"].as_str().unwrap());
        assert_eq!(r[1], *j["municipality"]["name"].as_str().unwrap());
        assert_eq!(r[2], *j["municipality"]["code"].as_str().unwrap());
        assert_eq!(r[3], *j["municipality"]["county_code"].as_str().unwrap());
        assert_eq!(r[4], joined(&j["agreements"]));
        assert_eq!(r[5], joined(&j["pledges"]));
        assert_eq!(r[6], joined(&j["undated_agreements"]));
        assert_eq!(r[7], joined(&j["undated_pledges"]));
        assert_eq!(r[8], j["focus_area_count"].to_string());
        assert_eq!(r[9], j["activity_count"].to_string());
        for (i, s) in [
            "planned",
            "in_progress",
            "completed",
            "cancelled",
            "unknown",
        ]
        .iter()
        .enumerate()
        {
            assert_eq!(r[10 + i], j["status_counts"][s].to_string());
        }
        for (i, t) in json["themes"].as_array().unwrap().iter().enumerate() {
            let n = j["themes"][t["code"].as_str().unwrap()]
                .as_i64()
                .unwrap_or(0);
            assert_eq!(r[15 + i], n.to_string());
        }
    }
    let solvesborg = rows.iter().find(|r| &r[0] == "solvesborg").unwrap();
    assert_eq!(&solvesborg[15], "2", "alcohol_drugs");
    let excel = app
        .get("/v1/compare?year=2022&format=csv&excel=true")
        .await
        .bytes()
        .await
        .unwrap();
    assert!(excel.starts_with("\u{feff}municipality_id;municipality_name;".as_bytes()));
    let accept = app
        .client
        .get(app.url("/v1/compare?active_on=2024-06-01"))
        .header("Accept", "text/csv")
        .send()
        .await
        .unwrap();
    assert!(accept.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .contains("compare-2024-06-01.csv"));
    app.stop().await;
}

#[actix_web::test]
async fn etag_revalidation() {
    let app = TestApp::spawn().await;
    let res = app.get("/v1/compare?year=2022").await;
    let etag = res.headers()["etag"].to_str().unwrap().to_owned();
    let again = app
        .client
        .get(app.url("/v1/compare?year=2022"))
        .header("If-None-Match", &etag)
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), 304);
    app.stop().await;
}
