//! The link tables (parties, themes, status events, roles, citations) hold exactly the links the API shows.

use std::collections::{BTreeMap, BTreeSet};

use diesel::prelude::*;
use serde_json::{json, Value};

use crate::common::TestApp;
use crate::exports::parity::N;
use crate::exports::{all, table};

/// The bundled dataset reports no statuses yet: a history of three events on two activities, made
/// in the test's own database.
pub fn add_status_events(db: &crate::common::TestDb) {
    diesel::sql_query(
        "INSERT INTO activity_status_events (activity_id, status, effective_on, note, source_id)
         SELECT x.id, e.status, e.day::date, e.note, (SELECT id FROM sources ORDER BY public_id LIMIT 1)
         FROM (SELECT id, row_number() OVER (ORDER BY public_id) AS n FROM activities) x
         JOIN (VALUES (1, 'planned', '2022-02-01', 'Planerad i testet'),
                      (1, 'in_progress', '2022-06-01', NULL),
                      (2, 'completed', '2023-01-15', 'Klar')) e(n, status, day, note) ON e.n = x.n",
    )
    .execute(&mut db.conn())
    .expect("status events");
}

#[actix_web::test]
async fn link_tables_match_the_api() {
    let app = TestApp::spawn().await;
    add_status_events(&app.db);

    // Agreement parties, in the order the agreement lists them.
    let agreements = all(&app, "/v1/agreements").await;
    let mut want: BTreeMap<String, Vec<Value>> = BTreeMap::new();
    for a in &agreements {
        let ids = a["parties"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|p| p["id"].clone())
            .collect();
        want.insert(crate::exports::cell(&a["id"]), ids);
    }
    want.retain(|_, v| !v.is_empty());
    let mut got: BTreeMap<String, Vec<Value>> = BTreeMap::new();
    for r in table(&app, "agreement-parties").await {
        got.entry(crate::exports::cell(&r["agreement_id"]))
            .or_default()
            .push(r["organization_id"].clone());
    }
    assert!(!want.is_empty());
    assert_eq!(got, want, "agreement-parties");

    // Focus area themes.
    let focus_areas = all(&app, "/v1/focus-areas").await;
    let want: BTreeSet<(String, String)> = focus_areas
        .iter()
        .flat_map(|f| {
            f["themes"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|t| (crate::exports::cell(&f["id"]), crate::exports::cell(t)))
                .collect::<Vec<_>>()
        })
        .collect();
    let rows = table(&app, "focus-area-themes").await;
    let got: BTreeSet<(String, String)> = rows
        .iter()
        .map(|r| {
            (
                crate::exports::cell(&r["focus_area_id"]),
                crate::exports::cell(&r["theme_code"]),
            )
        })
        .collect();
    assert_eq!(rows.len(), got.len(), "focus-area-themes: no duplicates");
    assert!(!want.is_empty());
    assert_eq!(got, want, "focus-area-themes");

    // Status events, oldest first, as each activity's history gives them.
    let mut want = Vec::new();
    for a in all(&app, "/v1/activities").await {
        let id = crate::exports::cell(&a["id"]);
        let history = app.json(&format!("/v1/activities/{id}/history")).await;
        for (i, e) in history["events"]
            .as_array()
            .into_iter()
            .flatten()
            .enumerate()
        {
            want.push(json!({"activity_id": id, "sequence": i + 1, "status": e["status"], "effective_on": e["effective_on"], "note": e["note"], "source_id": e["source"]}));
        }
    }
    let got: Vec<Value> = table(&app, "activity-status-events")
        .await
        .into_iter()
        .map(Value::Object)
        .collect();
    assert_eq!(want.len(), 3, "the status events the test made");
    let sort = |v: &mut Vec<Value>| {
        v.sort_by_key(|e| {
            (
                crate::exports::cell(&e["activity_id"]),
                e["sequence"].as_u64(),
            )
        })
    };
    let (mut got, mut want) = (got, want);
    sort(&mut got);
    sort(&mut want);
    assert_eq!(got, want, "activity-status-events");

    // Roles, in each person's order; their ids feed the citations below.
    let people = all(&app, "/v1/people").await;
    let mut want: BTreeMap<String, Vec<Value>> = BTreeMap::new();
    for p in &people {
        for r in p["roles"].as_array().into_iter().flatten() {
            let role = json!([r["title"], r["organization"]["id"], r["party"], r["as_of"]]);
            want.entry(crate::exports::cell(&p["id"]))
                .or_default()
                .push(role);
        }
    }
    let roles = table(&app, "roles").await;
    let mut got: BTreeMap<String, Vec<Value>> = BTreeMap::new();
    let mut role_ids: BTreeMap<(String, usize), String> = BTreeMap::new();
    for r in &roles {
        let list = got
            .entry(crate::exports::cell(&r["person_id"]))
            .or_default();
        role_ids.insert(
            (crate::exports::cell(&r["person_id"]), list.len()),
            crate::exports::cell(&r["id"]),
        );
        list.push(json!([
            r["title"],
            r["organization_id"],
            r["party"],
            r["as_of"]
        ]));
    }
    assert_eq!(got, want, "roles");

    // Citations: every record's `sources` as the API lists them.
    let mut want: BTreeSet<(String, String, String)> = BTreeSet::new();
    let mut cite = |kind: &str, records: &[Value]| {
        for r in records {
            for s in r["sources"].as_array().into_iter().flatten() {
                want.insert((
                    crate::exports::cell(s),
                    kind.to_owned(),
                    crate::exports::cell(&r["id"]),
                ));
            }
        }
    };
    cite("organization", &all(&app, "/v1/municipalities").await);
    cite("agreement", &agreements);
    cite("pledge", &all(&app, "/v1/pledges").await);
    cite("focus_area", &focus_areas);
    cite("activity", &all(&app, "/v1/activities").await);
    cite("event", &all(&app, "/v1/events").await);
    for p in &people {
        for (i, r) in p["roles"].as_array().into_iter().flatten().enumerate() {
            let id = role_ids[&(crate::exports::cell(&p["id"]), i)].clone();
            for s in r["sources"].as_array().into_iter().flatten() {
                want.insert((crate::exports::cell(s), "role".into(), id.clone()));
            }
        }
    }
    let municipality_ids: BTreeSet<String> = all(&app, "/v1/municipalities")
        .await
        .iter()
        .map(|m| crate::exports::cell(&m["id"]))
        .collect();
    let rows = table(&app, "citations").await;
    let everything: BTreeSet<(String, String, String)> = rows
        .iter()
        .map(|r| {
            (
                crate::exports::cell(&r["source_id"]),
                crate::exports::cell(&r["record_type"]),
                crate::exports::cell(&r["record_id"]),
            )
        })
        .collect();
    assert_eq!(everything.len(), rows.len(), "citations: no duplicates");
    // Organizations other than municipalities have no REST resource: checked by count below.
    let got: BTreeSet<_> = everything
        .iter()
        .filter(|(_, t, id)| t != "organization" || municipality_ids.contains(id))
        .cloned()
        .collect();
    assert_eq!(got, want, "citations");
    let n = diesel::sql_query("SELECT count(*) AS n FROM citations")
        .get_result::<N>(&mut app.db.conn())
        .expect("count")
        .n;
    assert_eq!(
        rows.len() as i64,
        n,
        "citations: one row per citation in the database"
    );
}
