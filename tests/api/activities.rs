use crate::common;
use crate::support::lists;

use common::{problem, TestApp};
use diesel::RunQueryDsl;
use lists::{bad, cell, csv_rows, get_csv, list_ids, walks_like_one_page};
use serde_json::{json, Value};

const F: [&str; 4] = [
    "falkenberg-undated-1/a1",
    "falkenberg-undated-1/a2",
    "falkenberg-undated-1/a3",
    "falkenberg-undated-1/a4",
];
const S: [&str; 3] = [
    "solvesborg-2022-2023/a1",
    "solvesborg-2022-2023/a2",
    "solvesborg-2022-2023/a3",
];
const SOURCE: &str = "solvesborg-2022-medborgarlofte-nyhet";

fn all() -> Vec<&'static str> {
    F.iter().chain(S.iter()).copied().collect()
}

/// The bundled data reports no status (no source states one), so these tests write their own events.
/// Inserted out of date order, and with two events on one day, to show that the current status is
/// the latest by date, then by insertion.
fn insert_status_events(app: &TestApp) {
    let mut conn = app.db.conn();
    for (activity, status, day, note) in [
        (
            "solvesborg-2022-2023/a1",
            "completed",
            "2023-05-01",
            Some("Genomförd enligt uppföljningen."),
        ),
        ("solvesborg-2022-2023/a1", "planned", "2022-03-01", None),
        ("solvesborg-2022-2023/a2", "in_progress", "2022-06-01", None),
        ("solvesborg-2022-2023/a3", "planned", "2022-09-01", None),
        (
            "solvesborg-2022-2023/a3",
            "in_progress",
            "2022-09-01",
            Some("Påbörjad samma dag."),
        ),
    ] {
        diesel::sql_query(
            "INSERT INTO activity_status_events (activity_id, status, effective_on, note, source_id)
             SELECT x.id, $2, $3::date, $4, s.id FROM activities x, sources s
             WHERE x.public_id = $1 AND s.public_id = $5",
        )
        .bind::<diesel::sql_types::Text, _>(activity)
        .bind::<diesel::sql_types::Text, _>(status)
        .bind::<diesel::sql_types::Text, _>(day)
        .bind::<diesel::sql_types::Nullable<diesel::sql_types::Text>, _>(note)
        .bind::<diesel::sql_types::Text, _>(SOURCE)
        .execute(&mut conn)
        .expect("insert status event");
    }
}

#[actix_web::test]
async fn an_activity_in_full() {
    let app = TestApp::spawn().await;
    let a = app.json("/v1/activities/solvesborg-2022-2023/a2").await;
    assert_eq!(
        a,
        json!({
            "id": "solvesborg-2022-2023/a2",
            "pledge_id": "solvesborg-2022-2023",
            "focus_area_id": "solvesborg-2022-2023/f2",
            "municipality": {"id": "solvesborg", "name": "Sölvesborg", "code": "1083"},
            "position": 2,
            "title": "Grannsamverkan",
            "description": "Grannsamverkan som ett av sätten att motverka tillgreppsbrott.",
            "status": "unknown",
            "status_since": null,
            "responsible": [
                {"id": "lpo-karlshamn", "name": "Lokalpolisområde Karlshamn"},
                {"id": "solvesborg", "name": "Sölvesborgs kommun"},
            ],
            "planned_start": null,
            "planned_end": null,
            "due_on": null,
            "note": a["note"].clone(),
            "sources": [SOURCE],
        })
    );
    assert!(a["note"]
        .as_str()
        .unwrap()
        .contains("Ingen tidplan eller status"));
    let escaped = app.json("/v1/activities/solvesborg-2022-2023%2Fa2").await;
    assert_eq!(escaped, a);

    let f = app.json("/v1/activities/falkenberg-undated-1/a4").await;
    assert_eq!(f["title"], "Rekrytera en SSPF-samordnare");
    assert_eq!(
        f["focus_area_id"],
        Value::Null,
        "the source names no focus area"
    );
    assert_eq!(
        f["responsible"],
        json!([{"id": "falkenberg", "name": "Falkenbergs kommun"}])
    );
    app.stop().await;
}

#[actix_web::test]
async fn solvesborg_pledge_activities_are_a1_to_a3_under_f2() {
    let app = TestApp::spawn().await;
    let body = app.json("/v1/activities?municipality=solvesborg").await;
    assert_eq!(lists::ids(&body), S);
    assert_eq!(body["total"], 3);
    for a in body["data"].as_array().unwrap() {
        assert_eq!(a["focus_area_id"], "solvesborg-2022-2023/f2");
        assert_eq!(a["pledge_id"], "solvesborg-2022-2023");
    }
    let titles: Vec<&str> = body["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["title"].as_str().unwrap())
        .collect();
    assert_eq!(
        titles,
        ["Medborgardialog", "Grannsamverkan", "Närvaro och synlighet"]
    );

    let everything = app.json("/v1/activities").await;
    assert_eq!(everything["total"], 7);
    assert_eq!(lists::ids(&everything), all());
    assert!(everything["data"]
        .as_array()
        .unwrap()
        .iter()
        .all(|a| a["status"] == "unknown" && a["status_since"].is_null()));
    app.stop().await;
}

#[actix_web::test]
async fn status_comes_from_the_latest_event_and_history_lists_them_oldest_first() {
    let app = TestApp::spawn().await;
    insert_status_events(&app);
    let a1 = app.json("/v1/activities/solvesborg-2022-2023/a1").await;
    assert_eq!(a1["status"], "completed");
    assert_eq!(a1["status_since"], "2023-05-01");
    let a3 = app.json("/v1/activities/solvesborg-2022-2023/a3").await;
    assert_eq!(
        a3["status"], "in_progress",
        "same day: the later event wins"
    );
    assert_eq!(a3["status_since"], "2022-09-01");

    let h = app
        .json("/v1/activities/solvesborg-2022-2023/a1/history")
        .await;
    assert_eq!(
        h,
        json!({
            "activity_id": "solvesborg-2022-2023/a1",
            "current_status": "completed",
            "events": [
                {"status": "planned", "effective_on": "2022-03-01", "note": null, "source": SOURCE},
                {"status": "completed", "effective_on": "2023-05-01",
                 "note": "Genomförd enligt uppföljningen.", "source": SOURCE},
            ],
        })
    );
    let h3 = app
        .json("/v1/activities/solvesborg-2022-2023%2Fa3/history")
        .await;
    let statuses: Vec<&str> = h3["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["status"].as_str().unwrap())
        .collect();
    assert_eq!(statuses, ["planned", "in_progress"]);
    assert_eq!(h3["current_status"], "in_progress");

    let none = app
        .json("/v1/activities/falkenberg-undated-1/a1/history")
        .await;
    assert_eq!(
        none,
        json!({"activity_id": "falkenberg-undated-1/a1", "current_status": "unknown", "events": []})
    );
    app.stop().await;
}

#[actix_web::test]
async fn the_status_filter_uses_the_current_status() {
    let app = TestApp::spawn().await;
    // Before any event, everything is unknown.
    assert_eq!(list_ids(&app, "/v1/activities?status=unknown").await, all());
    assert!(list_ids(&app, "/v1/activities?status=completed")
        .await
        .is_empty());
    insert_status_events(&app);
    for (query, expected) in [
        ("status=completed", vec![S[0]]),
        ("status=in_progress", vec![S[1], S[2]]),
        // a1 and a3 were planned once, but are not now.
        ("status=planned", vec![]),
        ("status=cancelled", vec![]),
        ("status=unknown", F.to_vec()),
        ("status=planned,completed", vec![S[0]]),
        (
            "status=completed,unknown",
            vec![F[0], F[1], F[2], F[3], S[0]],
        ),
        ("status=in_progress&theme=property_crime", vec![S[1], S[2]]),
        ("status=unknown&municipality=solvesborg", vec![]),
        ("status=completed&year=2023", vec![S[0]]),
    ] {
        let body = app.json(&format!("/v1/activities?{query}")).await;
        assert_eq!(lists::ids(&body), expected, "{query}");
        assert_eq!(body["total"], expected.len(), "{query}");
    }
    app.stop().await;
}

#[actix_web::test]
async fn every_other_filter_filters() {
    let app = TestApp::spawn().await;
    for (query, expected) in [
        ("municipality=falkenberg", F.to_vec()),
        ("municipality=1083", S.to_vec()),
        ("municipality=1382,solvesborg", all()),
        ("municipality=trelleborg", vec![]),
        ("theme=property_crime", S.to_vec()),
        // Falkenberg's activities name no focus area, so no theme reaches them.
        ("theme=youth_at_risk,vulnerable_areas", vec![]),
        ("year=2022", S.to_vec()),
        ("year=2021,2024", vec![]),
        ("active_on=2023-12-31", S.to_vec()),
        ("active_on=2024-01-01", vec![]),
        // Swedish stemming: `utbildning` finds `Utbildningar`.
        ("q=utbildning", vec![F[0]]),
        ("q=grannsamverkan", vec![S[1]]),
        ("q=närvaro", vec![F[1], S[2]]),
        ("q=\"polisiär närvaro\"", vec![F[1]]),
        ("q=närvaro -polisiär", vec![S[2]]),
        ("theme=property_crime&q=dialog", vec![]),
    ] {
        let body = app.json(&format!("/v1/activities?{query}")).await;
        assert_eq!(lists::ids(&body), expected, "{query}");
        assert_eq!(body["total"], expected.len(), "{query}");
    }
    app.stop().await;
}

#[actix_web::test]
async fn include_sources() {
    let app = TestApp::spawn().await;
    let a = app
        .json("/v1/activities/falkenberg-undated-1/a2?include=sources")
        .await;
    let details = a["source_details"].as_array().unwrap();
    assert_eq!(details.len(), 1);
    assert_eq!(details[0]["id"], "falkenberg-medborgarlofte-nyhet");
    assert_eq!(details[0]["id"], a["sources"][0]);
    assert!(details[0]["title"].as_str().is_some_and(|t| !t.is_empty()));
    let page = app.json("/v1/activities?include=sources").await;
    for a in page["data"].as_array().unwrap() {
        let ids: Vec<&Value> = a["source_details"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| &s["id"])
            .collect();
        let own: Vec<&Value> = a["sources"].as_array().unwrap().iter().collect();
        assert_eq!(ids, own, "{}", a["id"]);
    }
    assert!(app.json("/v1/activities").await["data"][0]
        .get("source_details")
        .is_none());
    app.stop().await;
}

#[actix_web::test]
async fn each_sort_orders_and_reverses() {
    let app = TestApp::spawn().await;
    insert_status_events(&app);
    let rev = |v: Vec<&'static str>| v.into_iter().rev().collect::<Vec<_>>();
    let by_status = vec![S[1], S[2], S[0], F[0], F[1], F[2], F[3]];
    let by_since = vec![F[0], F[1], F[2], F[3], S[1], S[2], S[0]];
    // Grannsamverkan, Medborgardialog, Närvaro…, Rekrytera…, Riktad…, Utbildningar…, Utveckla…
    let by_title = vec![S[1], S[0], S[2], F[3], F[1], F[0], F[2]];
    for (sort, expected) in [
        ("id", all()),
        ("-id", rev(all())),
        // Lifecycle order: in_progress before completed before unknown; ties by id.
        ("status", by_status.clone()),
        ("-status", rev(by_status)),
        // Unknown first, then by date.
        ("status_since", by_since.clone()),
        ("-status_since", rev(by_since)),
        ("title", by_title.clone()),
        ("-title", rev(by_title)),
        ("municipality", all()),
        ("-municipality", rev(all())),
    ] {
        assert_eq!(
            list_ids(&app, &format!("/v1/activities?sort={sort}")).await,
            expected,
            "sort={sort}"
        );
    }
    app.stop().await;
}

#[actix_web::test]
async fn pagination_walks_every_activity_once() {
    let app = TestApp::spawn().await;
    insert_status_events(&app);
    for sort in [
        "id",
        "-id",
        "title",
        "status",
        "-status",
        "status_since",
        "-status_since",
        "municipality",
    ] {
        let all = walks_like_one_page(&app, &format!("/v1/activities?sort={sort}")).await;
        assert_eq!(all.len(), 7, "sort={sort}");
    }
    let filtered = walks_like_one_page(
        &app,
        "/v1/activities?status=unknown,in_progress&sort=-status",
    )
    .await;
    assert_eq!(filtered, [F[3], F[2], F[1], F[0], S[2], S[1]]);
    app.stop().await;
}

#[actix_web::test]
async fn unknown_activity_is_404_and_bad_input_400() {
    let app = TestApp::spawn().await;
    for path in [
        "/v1/activities/solvesborg-2022-2023/a9",
        "/v1/activities/solvesborg-2022-2023%2Fa9",
        "/v1/activities/atlantis-2020/a1/history",
        "/v1/activities/solvesborg-2022-2023%2Fa9/history",
    ] {
        let body = problem(app.get(path).await, 404).await;
        assert!(body["detail"].as_str().unwrap().contains("/a9") || path.contains("atlantis"));
    }
    for path in [
        "/v1/activities/solvesborg-2022-2023/f1",
        "/v1/activities/Solvesborg-2022-2023/a1",
        "/v1/activities/solvesborg-2022-2023/a1x",
        "/v1/activities/solvesborg-2022-2023",
        "/v1/activities/solvesborg-2022-2023/f2/history",
    ] {
        bad(&app, path, "id").await;
    }
    bad(
        &app,
        "/v1/activities/solvesborg-2022-2023/a1/history?limit=1",
        "limit",
    )
    .await;
    bad(
        &app,
        "/v1/activities/solvesborg-2022-2023/a1?include=activities",
        "include",
    )
    .await;
    for (query, field) in [
        ("status=done", "status"),
        ("status=completed,", "status"),
        ("status=Completed", "status"),
        ("focus_area=solvesborg-2022-2023/f2", "focus_area"),
        ("municipality=Falkenberg", "municipality"),
        ("theme=property-crime", "theme"),
        ("year=2022.5", "year"),
        ("active_on=2022-02-29", "active_on"),
        ("q=", "q"),
        ("include=focus_areas", "include"),
        ("include=sources&format=csv", "include"),
        ("sort=due_on", "sort"),
        ("limit=0", "limit"),
        ("limit=501", "limit"),
        ("cursor=c2.abc", "cursor"),
        ("excel=1&format=csv", "excel"),
    ] {
        bad(&app, &format!("/v1/activities?{query}"), field).await;
    }
    let first = app.json("/v1/activities?limit=1&sort=status").await;
    let cursor = first["next_cursor"].as_str().unwrap();
    bad(
        &app,
        &format!("/v1/activities?limit=1&sort=-status&cursor={cursor}"),
        "cursor",
    )
    .await;
    let res = app
        .client
        .put(app.url("/v1/activities/solvesborg-2022-2023/a1/history"))
        .send()
        .await
        .unwrap();
    problem(res, 405).await;
    app.stop().await;
}

#[actix_web::test]
async fn csv_reads_back_to_the_json_records() {
    let app = TestApp::spawn().await;
    insert_status_events(&app);
    let json_body = app.json("/v1/activities?sort=-status_since").await;
    let (text, bom) = get_csv(&app, "/v1/activities?sort=-status_since&format=csv").await;
    assert!(!bom);
    let headers = [
        "id",
        "pledge_id",
        "focus_area_id",
        "municipality_id",
        "municipality_code",
        "position",
        "title",
        "description",
        "status",
        "status_since",
        "responsible",
        "planned_start",
        "planned_end",
        "due_on",
        "note",
        "sources",
    ];
    let rows = csv_rows(&text, b',', &headers);
    let records = json_body["data"].as_array().unwrap();
    assert_eq!(rows.len(), 7);
    for (row, a) in rows.iter().zip(records) {
        let responsible: Vec<Value> = a["responsible"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["id"].clone())
            .collect();
        for (column, value) in [
            ("id", a["id"].clone()),
            ("pledge_id", a["pledge_id"].clone()),
            ("focus_area_id", a["focus_area_id"].clone()),
            ("municipality_id", a["municipality"]["id"].clone()),
            ("municipality_code", a["municipality"]["code"].clone()),
            ("position", a["position"].clone()),
            ("title", a["title"].clone()),
            ("description", a["description"].clone()),
            ("status", a["status"].clone()),
            ("status_since", a["status_since"].clone()),
            ("responsible", Value::Array(responsible)),
            ("planned_start", a["planned_start"].clone()),
            ("planned_end", a["planned_end"].clone()),
            ("due_on", a["due_on"].clone()),
            ("note", a["note"].clone()),
            ("sources", a["sources"].clone()),
        ] {
            assert_eq!(row[column], cell(&value), "{} {column}", a["id"]);
        }
    }
    assert_eq!(rows[0]["id"], S[0]);
    assert_eq!(rows[0]["status"], "completed");
    assert_eq!(rows[0]["status_since"], "2023-05-01");
    assert_eq!(rows[0]["responsible"], "lpo-karlshamn|solvesborg");

    let (excel, bom) = get_csv(&app, "/v1/activities?status=unknown&format=csv&excel=true").await;
    assert!(bom);
    assert!(excel.starts_with("id;pledge_id;"));
    let rows = csv_rows(&excel, b';', &headers);
    let ids: Vec<&str> = rows.iter().map(|r| r["id"].as_str()).collect();
    assert_eq!(ids, F);
    assert_eq!(
        rows[0]["title"],
        "Utbildningar för unga vuxna med MBU – människan bakom uniformen"
    );
    app.stop().await;
}

#[actix_web::test]
async fn history_revalidates_with_etags() {
    let app = TestApp::spawn().await;
    let path = "/v1/activities/solvesborg-2022-2023/a1/history";
    let res = app.get(path).await;
    assert_eq!(
        res.headers()["cache-control"],
        "public, max-age=60, stale-while-revalidate=300"
    );
    let etag = res.headers()["etag"].to_str().unwrap().to_owned();
    let again = app
        .client
        .get(app.url(path))
        .header("If-None-Match", &etag)
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), 304);
    insert_status_events(&app);
    let changed = app
        .client
        .get(app.url(path))
        .header("If-None-Match", &etag)
        .send()
        .await
        .unwrap();
    assert_eq!(changed.status(), 200, "new events, new tag");
    app.stop().await;
}
