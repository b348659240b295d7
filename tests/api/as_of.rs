//! `as_of`: activity statuses as they stood on a day, from the status history (REST and GraphQL).

use crate::common;

use common::{problem, TestApp};
use diesel::RunQueryDsl;
use serde_json::{json, Value};

const PLEDGE: &str = "solvesborg-2022-2023";
const A1: &str = "solvesborg-2022-2023/a1";
const A2: &str = "solvesborg-2022-2023/a2";
const A3: &str = "solvesborg-2022-2023/a3";
const SOURCE: &str = "solvesborg-2022-medborgarlofte-nyhet";

/// The bundled data reports no status, so the test writes a history into its own database: a1 is
/// planned, started and completed; a2 starts once; a3 has no events. Inserted out of date order,
/// so that the order of insertion cannot stand in for the order of dates.
fn insert_history(app: &TestApp) {
    let mut conn = app.db.conn();
    for (activity, status, day) in [
        (A1, "completed", "2023-05-01"),
        (A1, "planned", "2022-03-01"),
        (A2, "in_progress", "2022-06-01"),
        (A1, "in_progress", "2022-09-01"),
    ] {
        diesel::sql_query(
            "INSERT INTO activity_status_events (activity_id, status, effective_on, source_id)
             SELECT x.id, $2, $3::date, s.id FROM activities x, sources s
             WHERE x.public_id = $1 AND s.public_id = $4",
        )
        .bind::<diesel::sql_types::Text, _>(activity)
        .bind::<diesel::sql_types::Text, _>(status)
        .bind::<diesel::sql_types::Text, _>(day)
        .bind::<diesel::sql_types::Text, _>(SOURCE)
        .execute(&mut conn)
        .expect("insert status event");
    }
}

/// Days around a1's events, with the status and the day it took effect that `as_of` should give.
const A1_TIMELINE: [(&str, &str, Option<&str>); 7] = [
    ("2022-02-28", "unknown", None),
    ("2022-03-01", "planned", Some("2022-03-01")),
    ("2022-08-31", "planned", Some("2022-03-01")),
    ("2022-09-01", "in_progress", Some("2022-09-01")),
    ("2023-04-30", "in_progress", Some("2022-09-01")),
    ("2023-05-01", "completed", Some("2023-05-01")),
    ("2031-01-01", "completed", Some("2023-05-01")),
];

async fn post(app: &TestApp, query: &str) -> (Value, u64) {
    let res = app
        .client
        .post(app.url("/graphql"))
        .json(&json!({ "query": query }))
        .send()
        .await
        .expect("request");
    assert_eq!(res.status(), 200);
    let statements = res
        .headers()
        .get("x-sql-statements")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse().ok())
        .expect("X-SQL-Statements");
    (res.json().await.expect("json body"), statements)
}

/// The data of a GraphQL query that must succeed.
async fn gql(app: &TestApp, query: &str) -> Value {
    let (body, _) = post(app, query).await;
    assert!(body.get("errors").is_none(), "errors: {body}");
    body["data"].clone()
}

fn nodes(connection: &Value) -> Vec<Value> {
    connection["edges"]
        .as_array()
        .unwrap_or_else(|| panic!("not a connection: {connection}"))
        .iter()
        .map(|e| e["node"].clone())
        .collect()
}

/// `(id, status)` of each activity of a REST list.
fn statuses(list: &Value) -> Vec<(String, String)> {
    list.as_array()
        .unwrap_or_else(|| panic!("not a list: {list}"))
        .iter()
        .map(|a| {
            (
                a["id"].as_str().unwrap().to_owned(),
                a["status"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

fn pairs(expected: &[(&str, &str)]) -> Vec<(String, String)> {
    expected
        .iter()
        .map(|(a, s)| ((*a).to_owned(), (*s).to_owned()))
        .collect()
}

#[actix_web::test]
async fn an_activity_has_the_status_of_the_day_before_between_and_after_its_events() {
    let app = TestApp::spawn().await;
    insert_history(&app);
    for (day, status, since) in A1_TIMELINE {
        let a = app.json(&format!("/v1/activities/{A1}?as_of={day}")).await;
        assert_eq!(a["status"], status, "as_of={day}");
        assert_eq!(a["status_since"], json!(since), "as_of={day}");
        assert_eq!(a["status_as_of"], day);
        let escaped = app
            .json(&format!(
                "/v1/activities/solvesborg-2022-2023%2Fa1?as_of={day}"
            ))
            .await;
        assert_eq!(escaped, a);

        let g = gql(
            &app,
            &format!("{{ activity(id: \"{A1}\", asOf: \"{day}\") {{ status statusSince }} }}"),
        )
        .await;
        assert_eq!(
            g["activity"]["status"],
            status.to_ascii_uppercase(),
            "asOf {day}"
        );
        assert_eq!(g["activity"]["statusSince"], json!(since));
    }
    // Without an event, every day is `unknown`.
    let a3 = app
        .json(&format!("/v1/activities/{A3}?as_of=2031-01-01"))
        .await;
    assert_eq!(a3["status"], "unknown");
    assert_eq!(a3["status_since"], Value::Null);
    app.stop().await;
}

#[actix_web::test]
async fn without_as_of_the_latest_status_is_given_as_before() {
    let app = TestApp::spawn().await;
    insert_history(&app);
    let latest = app.json(&format!("/v1/activities/{A1}")).await;
    assert_eq!(latest["status"], "completed");
    assert_eq!(latest["status_since"], "2023-05-01");
    assert!(
        latest.get("status_as_of").is_none(),
        "no date is echoed without as_of: {latest}"
    );
    // The latest is what a day after every event gives, apart from the echoed day.
    let mut after = app
        .json(&format!("/v1/activities/{A1}?as_of=2031-01-01"))
        .await;
    after.as_object_mut().unwrap().remove("status_as_of");
    assert_eq!(after, latest);

    let list = app.json("/v1/activities?municipality=solvesborg").await;
    assert_eq!(
        statuses(&list["data"]),
        pairs(&[(A1, "completed"), (A2, "in_progress"), (A3, "unknown")])
    );
    let pledge = app.json(&format!("/v1/pledges/{PLEDGE}")).await;
    assert_eq!(
        pledge["status_counts"],
        json!({"planned": 0, "in_progress": 1, "completed": 1, "cancelled": 0, "unknown": 1})
    );
    assert!(pledge.get("status_as_of").is_none());
    let g = gql(
        &app,
        &format!("{{ activity(id: \"{A1}\") {{ status }} pledge(id: \"{PLEDGE}\") {{ statusCounts {{ completed }} }} }}"),
    )
    .await;
    assert_eq!(g["activity"]["status"], "COMPLETED");
    assert_eq!(g["pledge"]["statusCounts"]["completed"], 1);
    app.stop().await;
}

#[actix_web::test]
async fn lists_give_and_filter_on_the_status_of_the_day() {
    let app = TestApp::spawn().await;
    insert_history(&app);
    let base = "/v1/activities?municipality=solvesborg";
    let list = app.json(&format!("{base}&as_of=2022-07-01")).await;
    assert_eq!(
        statuses(&list["data"]),
        pairs(&[(A1, "planned"), (A2, "in_progress"), (A3, "unknown")])
    );
    for a in list["data"].as_array().unwrap() {
        assert_eq!(a["status_as_of"], "2022-07-01");
    }
    // `status` filters on the status of the day, and `total` counts the same.
    for (day, status, ids) in [
        ("2022-07-01", "planned", vec![A1]),
        ("2022-07-01", "in_progress", vec![A2]),
        ("2022-10-01", "in_progress", vec![A1, A2]),
        ("2022-07-01", "completed", vec![]),
        ("2023-06-01", "completed", vec![A1]),
        ("2022-01-01", "unknown", vec![A1, A2, A3]),
        ("2022-01-01", "planned,in_progress", vec![]),
    ] {
        let body = app
            .json(&format!("{base}&as_of={day}&status={status}"))
            .await;
        let got: Vec<&str> = body["data"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| a["id"].as_str().unwrap())
            .collect();
        assert_eq!(got, ids, "as_of={day}&status={status}");
        assert_eq!(body["total"], ids.len(), "as_of={day}&status={status}");
    }
    // Sorting by status uses the status of the day too (planned before in_progress before unknown).
    let sorted = app
        .json(&format!("{base}&as_of=2022-07-01&sort=-status"))
        .await;
    assert_eq!(
        statuses(&sorted["data"]),
        pairs(&[(A3, "unknown"), (A2, "in_progress"), (A1, "planned")])
    );
    // CSV carries the status of the day.
    let csv = app
        .get(&format!("{base}&as_of=2022-07-01&format=csv"))
        .await
        .text()
        .await
        .unwrap();
    let a1_row = csv.lines().find(|l| l.starts_with(A1)).expect("a1 row");
    assert!(a1_row.contains(",planned,2022-03-01,"), "{a1_row}");
    app.stop().await;
}

#[actix_web::test]
async fn pledges_and_focus_areas_count_and_embed_the_status_of_the_day() {
    let app = TestApp::spawn().await;
    insert_history(&app);
    let want =
        json!({"planned": 1, "in_progress": 1, "completed": 0, "cancelled": 0, "unknown": 1});
    let one = app
        .json(&format!(
            "/v1/pledges/{PLEDGE}?as_of=2022-07-01&include=activities"
        ))
        .await;
    assert_eq!(one["status_counts"], want);
    assert_eq!(one["status_as_of"], "2022-07-01");
    assert_eq!(
        statuses(&one["activities"]),
        pairs(&[(A1, "planned"), (A2, "in_progress"), (A3, "unknown")])
    );
    let list = app
        .json("/v1/pledges?municipality=solvesborg&as_of=2022-07-01&include=activities")
        .await;
    assert_eq!(list["data"][0]["id"], PLEDGE);
    assert_eq!(list["data"][0]["status_counts"], want);
    assert_eq!(list["data"][0]["activities"], one["activities"]);

    let area = app
        .json(&format!(
            "/v1/focus-areas/{PLEDGE}/f2?as_of=2022-02-01&include=activities"
        ))
        .await;
    assert_eq!(
        statuses(&area["activities"]),
        pairs(&[(A1, "unknown"), (A2, "unknown"), (A3, "unknown")])
    );
    let areas = app
        .json("/v1/focus-areas?municipality=solvesborg&as_of=2023-06-01&include=activities")
        .await;
    let f2 = areas["data"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["id"] == format!("{PLEDGE}/f2"))
        .expect("f2");
    assert_eq!(
        statuses(&f2["activities"]),
        pairs(&[(A1, "completed"), (A2, "in_progress"), (A3, "unknown")])
    );

    let g = gql(
        &app,
        &format!(
            "{{ pledge(id: \"{PLEDGE}\", asOf: \"2022-07-01\") {{ statusCounts {{ planned inProgress completed cancelled unknown }} }}
               pledges(filter: {{municipality: [\"solvesborg\"], asOf: \"2022-07-01\"}}) {{ edges {{ node {{ id statusCounts {{ planned inProgress unknown }} }} }} }} }}"
        ),
    )
    .await;
    assert_eq!(
        g["pledge"]["statusCounts"],
        json!({"planned": 1, "inProgress": 1, "completed": 0, "cancelled": 0, "unknown": 1})
    );
    assert_eq!(
        nodes(&g["pledges"])[0]["statusCounts"],
        json!({"planned": 1, "inProgress": 1, "unknown": 1})
    );
    app.stop().await;
}

#[actix_web::test]
async fn graphql_lists_give_what_rest_gives_on_each_day() {
    let app = TestApp::spawn().await;
    insert_history(&app);
    for (day, _, _) in A1_TIMELINE {
        let rest = app
            .json(&format!(
                "/v1/activities?municipality=solvesborg&as_of={day}"
            ))
            .await;
        let g = gql(
            &app,
            &format!(
                "{{ activities(filter: {{municipality: [\"solvesborg\"], asOf: \"{day}\"}}) {{ edges {{ node {{ id status statusSince }} }} }} }}"
            ),
        )
        .await;
        let got: Vec<Value> = nodes(&g["activities"])
            .iter()
            .map(|n| {
                json!({
                    "id": n["id"],
                    "status": n["status"].as_str().unwrap().to_ascii_lowercase(),
                    "status_since": n["statusSince"],
                })
            })
            .collect();
        let want: Vec<Value> = rest["data"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| json!({"id": a["id"], "status": a["status"], "status_since": a["status_since"]}))
            .collect();
        assert_eq!(got, want, "asOf {day}");
    }
    // Nested lists filter on the status of the day, in one batch for every parent.
    let nested = |as_of: &str| {
        format!(
            "{{ pledges(filter: {{municipality: [\"solvesborg\", \"falkenberg\"]}}) {{ edges {{ node {{ id
                activities(filter: {{status: [IN_PROGRESS]{as_of}}}) {{ totalCount edges {{ node {{ id status }} }} }} }} }} }} }}"
        )
    };
    let (then, with_day) = post(&app, &nested(", asOf: \"2022-10-01\"")).await;
    let (now, without) = post(&app, &nested("")).await;
    let solvesborg = |body: &Value| {
        nodes(&body["data"]["pledges"])
            .into_iter()
            .find(|p| p["id"] == PLEDGE)
            .expect("the Sölvesborg pledge")["activities"]
            .clone()
    };
    let then = solvesborg(&then);
    assert_eq!(then["totalCount"], 2);
    assert_eq!(
        nodes(&then),
        vec![
            json!({"id": A1, "status": "IN_PROGRESS"}),
            json!({"id": A2, "status": "IN_PROGRESS"})
        ]
    );
    let now = solvesborg(&now);
    assert_eq!(now["totalCount"], 1);
    assert_eq!(
        nodes(&now),
        vec![json!({"id": A2, "status": "IN_PROGRESS"})]
    );
    assert_eq!(
        with_day, without,
        "asOf costs no extra SQL statement ({with_day} vs {without})"
    );
    app.stop().await;
}

#[actix_web::test]
async fn bad_days_are_refused_and_change_nothing() {
    let app = TestApp::spawn().await;
    insert_history(&app);
    for path in [
        "/v1/activities?as_of=",
        "/v1/activities?as_of=2022-02-30",
        "/v1/activities?as_of=2022-6-1",
        "/v1/activities?as_of=yesterday",
        "/v1/activities?as_of=2022-06-01T00:00:00Z",
        "/v1/activities?as_of=2022-06-01&as_of=2022-07-01",
        "/v1/activities/solvesborg-2022-2023/a1?as_of=2022-13-01",
        "/v1/pledges?as_of=20220601",
        "/v1/pledges/solvesborg-2022-2023?as_of=1.6.2022",
        "/v1/focus-areas?as_of=2022-06",
        "/v1/focus-areas/solvesborg-2022-2023/f2?as_of=x",
    ] {
        let body = problem(app.get(path).await, 400).await;
        assert_eq!(body["errors"][0]["field"], "as_of", "{path}: {body}");
    }
    // Where statuses are not given, `as_of` is an unknown parameter.
    for path in [
        "/v1/agreements?as_of=2022-06-01",
        "/v1/activities/solvesborg-2022-2023/a1/history?as_of=2022-06-01",
        "/v1/municipalities?as_of=2022-06-01",
    ] {
        let body = problem(app.get(path).await, 400).await;
        assert_eq!(body["errors"][0]["field"], "as_of", "{path}: {body}");
    }
    // The history and the latest status are as they were.
    let h = app.json(&format!("/v1/activities/{A1}/history")).await;
    assert_eq!(h["current_status"], "completed");
    assert_eq!(h["events"].as_array().unwrap().len(), 3);

    for q in [
        format!("{{ activity(id: \"{A1}\", asOf: \"2022-02-30\") {{ status }} }}"),
        format!("{{ pledge(id: \"{PLEDGE}\", asOf: \"tomorrow\") {{ id }} }}"),
        "{ activities(filter: {asOf: \"2022-6-1\"}) { totalCount } }".to_owned(),
        "{ pledges(filter: {asOf: 20220601}) { totalCount } }".to_owned(),
    ] {
        let (body, _) = post(&app, &q).await;
        let errors = body["errors"]
            .as_array()
            .unwrap_or_else(|| panic!("{q}: {body}"));
        assert!(!errors.is_empty(), "{q}");
        assert_eq!(body["data"], Value::Null, "{q}: {body}");
    }
    app.stop().await;
}
