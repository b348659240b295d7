use crate::common;

use common::{pages, problem, TestApp};
use serde_json::Value;

#[actix_web::test]
async fn a_pledge_with_everything_included() {
    let app = TestApp::spawn().await;
    let p = app
        .json("/v1/pledges/solvesborg-2022-2023?include=focus_areas,activities,sources")
        .await;
    assert_eq!(
        p["title"],
        "Medborgarlöfte för Sölvesborgs kommun 2022-2023"
    );
    assert_eq!(p["municipality"]["code"], "1083");
    assert_eq!(p["agreement_id"], "solvesborg-2022-2026");
    assert_eq!(p["period"]["start"], "2022-01-01");
    assert_eq!(p["period"]["end"], "2023-12-31");
    assert_eq!(p["period"]["precision"], "year");
    assert_eq!(p["period"]["label"], "2022–2023");
    assert_eq!(p["phase"], "ended");
    assert_eq!(p["focus_area_count"], 3);
    assert_eq!(p["activity_count"], 3);
    assert_eq!(p["status_counts"]["unknown"], 3);
    let titles: Vec<&str> = p["focus_areas"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["title"].as_str().unwrap())
        .collect();
    assert_eq!(
        titles,
        [
            "Minskad tillgång till- och konsumtion av alkohol, narkotikaklassade läkemedel och droger",
            "Minskad tillgreppsbrottslighet",
            "Ökad trafiksäkerhet"
        ]
    );
    let activities = p["activities"].as_array().unwrap();
    assert_eq!(activities.len(), 3);
    assert!(activities
        .iter()
        .all(|a| a["focus_area_id"] == "solvesborg-2022-2023/f2" && a["status"] == "unknown"));
    let sources: Vec<&str> = p["source_details"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_str().unwrap())
        .collect();
    assert_eq!(sources, ["solvesborg-2022-medborgarlofte-nyhet"]);
    assert_eq!(p["source_details"][0]["publisher"], "Sölvesborgs kommun");

    // Without include, none of the embedded fields appear.
    let bare = app.json("/v1/pledges/solvesborg-2022-2023").await;
    for field in ["focus_areas", "activities", "source_details"] {
        assert!(bare.get(field).is_none(), "{field} without include");
    }
    // The undated pledge has no period and so no phase.
    let f = app.json("/v1/pledges/falkenberg-undated-1").await;
    assert_eq!(
        (f["period"].clone(), f["phase"].clone()),
        (Value::Null, Value::Null)
    );
    app.stop().await;
}

#[actix_web::test]
async fn filters_filter() {
    let app = TestApp::spawn().await;
    for (query, expected) in [
        ("", vec!["falkenberg-undated-1", "solvesborg-2022-2023"]),
        ("municipality=1083", vec!["solvesborg-2022-2023"]),
        (
            "municipality=falkenberg,trelleborg",
            vec!["falkenberg-undated-1"],
        ),
        ("theme=property_crime", vec!["solvesborg-2022-2023"]),
        ("theme=vulnerable_areas,port", vec!["falkenberg-undated-1"]),
        ("year=2023", vec!["solvesborg-2022-2023"]),
        ("year=2021", vec![]),
        ("active_on=2022-06-30", vec!["solvesborg-2022-2023"]),
        ("active_on=2024-01-01", vec![]),
        (
            "q=lägesbilden",
            vec!["falkenberg-undated-1", "solvesborg-2022-2023"],
        ),
        ("q=trafik", vec!["solvesborg-2022-2023"]),
    ] {
        let body = app.json(&format!("/v1/pledges?{query}")).await;
        assert_eq!(pages::ids(&body), expected, "{query}");
        assert_eq!(body["total"], expected.len(), "{query}");
    }
    app.stop().await;
}

#[actix_web::test]
async fn sorting_and_pagination() {
    let app = TestApp::spawn().await;
    let ids = |b: &Value| pages::ids(b);
    assert_eq!(
        ids(&app.json("/v1/pledges?sort=-id").await),
        ["solvesborg-2022-2023", "falkenberg-undated-1"]
    );
    // A pledge without a period sorts first by period_start (its key is empty).
    assert_eq!(
        ids(&app.json("/v1/pledges?sort=-period_start").await),
        ["solvesborg-2022-2023", "falkenberg-undated-1"]
    );
    for limit in [1, 2] {
        assert_eq!(
            pages::walk(&app, "/v1/pledges", limit).await,
            ["falkenberg-undated-1", "solvesborg-2022-2023"]
        );
        assert_eq!(
            pages::walk(&app, "/v1/pledges?sort=-title", limit)
                .await
                .len(),
            2
        );
    }
    app.stop().await;
}

#[actix_web::test]
async fn csv_reads_back_as_the_json_records() {
    let app = TestApp::spawn().await;
    let json = app.json("/v1/pledges").await;
    for excel in [false, true] {
        let path = if excel {
            "/v1/pledges?format=csv&excel=true"
        } else {
            "/v1/pledges?format=csv"
        };
        let (headers, rows) = pages::csv(&app, path, excel).await;
        assert_eq!(headers[0], "id");
        assert_eq!(rows.len(), 2);
        for (row, record) in rows.iter().zip(json["data"].as_array().unwrap()) {
            let col = |name: &str| &row[headers.iter().position(|h| h == name).unwrap()];
            assert_eq!(col("id"), record["id"].as_str().unwrap());
            assert_eq!(col("title"), record["title"].as_str().unwrap());
            assert_eq!(
                col("municipality_code"),
                record["municipality"]["code"].as_str().unwrap()
            );
            assert_eq!(
                col("period_start"),
                &pages::cell(&record["period"]["start"])
            );
            assert_eq!(col("themes"), &pages::cell(&record["themes"]));
            assert_eq!(col("sources"), &pages::cell(&record["sources"]));
            assert_eq!(
                col("unknown"),
                &record["status_counts"]["unknown"].to_string()
            );
        }
    }
    let accept = app
        .client
        .get(app.url("/v1/pledges"))
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
    problem(app.get("/v1/pledges/solvesborg-1999").await, 404).await;
    for (query, field) in [
        ("colour=red", "colour"),
        ("year=twenty", "year"),
        ("active_on=2022-02-30", "active_on"),
        ("status=completed", "status"),
        ("sort=popularity", "sort"),
        ("include=people", "include"),
        ("format=xml", "format"),
        ("excel=true", "excel"),
        ("include=focus_areas&format=csv", "include"),
        ("cursor=abc", "cursor"),
        ("limit=1000", "limit"),
    ] {
        let body = problem(app.get(&format!("/v1/pledges?{query}")).await, 400).await;
        assert_eq!(body["errors"][0]["field"], field, "{query}: {body}");
    }
    let body = problem(app.get("/v1/pledges/Not%20An%20Id").await, 400).await;
    assert_eq!(body["errors"][0]["field"], "id");
    app.stop().await;
}

#[actix_web::test]
async fn filter_values_that_name_nothing_are_400() {
    let app = TestApp::spawn().await;
    for path in [
        "/v1/pledges?theme=weather",
        "/v1/activities?theme=alcohol_drugs,weather",
        "/v1/focus-areas?theme=weather",
        "/v1/agreements?theme=weather",
    ] {
        let body = problem(app.get(path).await, 400).await;
        assert_eq!(body["errors"][0]["field"], "theme", "{path}");
        assert!(body["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("weather"));
    }
    for path in [
        "/v1/pledges?municipality=atlantis",
        "/v1/municipalities?municipality=1083,9999",
        "/v1/search?q=trygghet&municipality=atlantis",
    ] {
        let body = problem(app.get(path).await, 400).await;
        assert_eq!(body["errors"][0]["field"], "municipality", "{path}");
    }
    app.stop().await;
}
