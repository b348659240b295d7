//! Each table's export holds exactly the records the API returns, with the same values.

use std::collections::{BTreeMap, BTreeSet};

use diesel::prelude::*;
use diesel::sql_types::{BigInt, Nullable, Text};
use serde_json::{json, Value};

use crate::common::TestApp;
use crate::{all, table, Row};

/// The value at JSON pointer `ptr` of `v`; null when absent.
fn at(v: &Value, ptr: &str) -> Value {
    v.pointer(ptr).cloned().unwrap_or(Value::Null)
}

/// Rows built from API records by (column, pointer) pairs.
fn project(records: &[Value], columns: &[(&str, &str)]) -> Vec<Row> {
    records
        .iter()
        .map(|r| {
            columns
                .iter()
                .map(|(c, p)| ((*c).to_owned(), at(r, p)))
                .collect()
        })
        .collect()
}

/// The export's rows restricted to `columns`, and the expected rows, equal as sets keyed by `key`.
fn same(name: &str, got: &[Row], want: Vec<Row>, key: &str) {
    assert!(
        !want.is_empty(),
        "{name}: the API returned nothing to compare"
    );
    assert_eq!(got.len(), want.len(), "{name}: row count");
    let columns: Vec<String> = want[0].keys().cloned().collect();
    let by_key = |rows: Vec<Row>| -> BTreeMap<String, Row> {
        rows.into_iter()
            .map(|r| (crate::cell(&r[key]), r))
            .collect()
    };
    let got = by_key(
        got.iter()
            .map(|r| {
                columns
                    .iter()
                    .map(|c| (c.clone(), r.get(c).cloned().unwrap_or(Value::Null)))
                    .collect()
            })
            .collect(),
    );
    let want = by_key(want);
    assert_eq!(got.len(), want.len(), "{name}: keys are unique");
    for (k, w) in &want {
        assert_eq!(got.get(k), Some(w), "{name}: row {k}");
    }
}

const MUNI: [(&str, &str); 2] = [
    ("municipality_id", "/municipality/id"),
    ("municipality_code", "/municipality/code"),
];

/// A table, the REST collection with its records, and (column, JSON pointer) pairs.
type Case = (
    &'static str,
    &'static str,
    Vec<(&'static str, &'static str)>,
);

#[actix_web::test]
async fn record_tables_match_the_api() {
    let app = TestApp::spawn().await;
    add_status_events(&app.db);
    let cases: Vec<Case> = vec![
        (
            "municipalities",
            "/v1/municipalities",
            vec![
                ("id", "/id"),
                ("code", "/code"),
                ("name", "/name"),
                ("organization_name", "/organization_name"),
                ("county_code", "/county_code"),
                ("county_name", "/county_name"),
                ("police_region_id", "/police_region/id"),
                ("local_police_area_id", "/local_police_area/id"),
                ("note", "/note"),
            ],
        ),
        (
            "agreements",
            "/v1/agreements",
            [
                ("id", "/id"),
                ("title", "/title"),
                ("signed_on", "/signed_on"),
                ("period_start", "/period/start"),
                ("period_end", "/period/end"),
                ("period_precision", "/period/precision"),
                ("summary", "/summary"),
                ("follow_up", "/follow_up"),
                ("note", "/note"),
            ]
            .into_iter()
            .chain(MUNI)
            .collect(),
        ),
        (
            "pledges",
            "/v1/pledges",
            [
                ("id", "/id"),
                ("agreement_id", "/agreement_id"),
                ("title", "/title"),
                ("period_start", "/period/start"),
                ("period_end", "/period/end"),
                ("period_precision", "/period/precision"),
                ("published_on", "/published_on"),
                ("summary", "/summary"),
                ("note", "/note"),
            ]
            .into_iter()
            .chain(MUNI)
            .collect(),
        ),
        (
            "focus-areas",
            "/v1/focus-areas",
            [
                ("id", "/id"),
                ("parent_type", "/parent/type"),
                ("position", "/position"),
                ("title", "/title"),
                ("description", "/description"),
                ("goals", "/goals"),
            ]
            .into_iter()
            .chain(MUNI)
            .collect(),
        ),
        (
            "activities",
            "/v1/activities",
            [
                ("id", "/id"),
                ("pledge_id", "/pledge_id"),
                ("focus_area_id", "/focus_area_id"),
                ("position", "/position"),
                ("title", "/title"),
                ("description", "/description"),
                ("status", "/status"),
                ("status_since", "/status_since"),
                ("planned_start", "/planned_start"),
                ("planned_end", "/planned_end"),
                ("due_on", "/due_on"),
                ("note", "/note"),
            ]
            .into_iter()
            .chain(MUNI)
            .collect(),
        ),
        (
            "themes",
            "/v1/themes",
            vec![
                ("code", "/code"),
                ("label_sv", "/label_sv"),
                ("label_en", "/label_en"),
                ("description", "/description"),
            ],
        ),
        (
            "sources",
            "/v1/sources",
            vec![
                ("id", "/id"),
                ("title", "/title"),
                ("publisher", "/publisher"),
                ("kind", "/kind"),
                ("published_on", "/published_on"),
                ("url", "/url"),
                ("language", "/language"),
                ("note", "/note"),
            ],
        ),
        (
            "people",
            "/v1/people",
            vec![("id", "/id"), ("name", "/name")],
        ),
        (
            "events",
            "/v1/events",
            vec![
                ("id", "/id"),
                ("kind", "/kind"),
                ("title", "/title"),
                ("held_on", "/held_on"),
                ("location", "/location"),
                ("summary", "/summary"),
                ("note", "/note"),
            ],
        ),
    ];
    for (name, path, columns) in cases {
        let got = table(&app, name).await;
        let records = all(&app, path).await;
        let key = columns[0].0;
        same(name, &got, project(&records, &columns), key);
    }

    // What the projection cannot express: the parent split in two columns, responsible organizations.
    let focus_areas = all(&app, "/v1/focus-areas").await;
    let want: Vec<Row> = focus_areas
        .iter()
        .map(|f| {
            let parent = |t: &str| if f["parent"]["type"] == t { f["parent"]["id"].clone() } else { Value::Null };
            json!({"id": f["id"], "pledge_id": parent("pledge"), "agreement_id": parent("agreement")})
                .as_object().cloned().unwrap_or_default()
        })
        .collect();
    same(
        "focus-areas (parents)",
        &table(&app, "focus-areas").await,
        want,
        "id",
    );
    let activities = all(&app, "/v1/activities").await;
    let want: Vec<Row> = activities
        .iter()
        .map(|a| {
            let ids: Vec<&str> = a["responsible"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|r| r["id"].as_str())
                .collect();
            let responsible = if ids.is_empty() {
                Value::Null
            } else {
                Value::from(ids.join("|"))
            };
            json!({"id": a["id"], "responsible": responsible})
                .as_object()
                .cloned()
                .unwrap_or_default()
        })
        .collect();
    same(
        "activities (responsible)",
        &table(&app, "activities").await,
        want,
        "id",
    );
}

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
        want.insert(crate::cell(&a["id"]), ids);
    }
    want.retain(|_, v| !v.is_empty());
    let mut got: BTreeMap<String, Vec<Value>> = BTreeMap::new();
    for r in table(&app, "agreement-parties").await {
        got.entry(crate::cell(&r["agreement_id"]))
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
                .map(|t| (crate::cell(&f["id"]), crate::cell(t)))
                .collect::<Vec<_>>()
        })
        .collect();
    let rows = table(&app, "focus-area-themes").await;
    let got: BTreeSet<(String, String)> = rows
        .iter()
        .map(|r| {
            (
                crate::cell(&r["focus_area_id"]),
                crate::cell(&r["theme_code"]),
            )
        })
        .collect();
    assert_eq!(rows.len(), got.len(), "focus-area-themes: no duplicates");
    assert!(!want.is_empty());
    assert_eq!(got, want, "focus-area-themes");

    // Status events, oldest first, as each activity's history gives them.
    let mut want = Vec::new();
    for a in all(&app, "/v1/activities").await {
        let id = crate::cell(&a["id"]);
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
        v.sort_by_key(|e| (crate::cell(&e["activity_id"]), e["sequence"].as_u64()))
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
            want.entry(crate::cell(&p["id"])).or_default().push(role);
        }
    }
    let roles = table(&app, "roles").await;
    let mut got: BTreeMap<String, Vec<Value>> = BTreeMap::new();
    let mut role_ids: BTreeMap<(String, usize), String> = BTreeMap::new();
    for r in &roles {
        let list = got.entry(crate::cell(&r["person_id"])).or_default();
        role_ids.insert(
            (crate::cell(&r["person_id"]), list.len()),
            crate::cell(&r["id"]),
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
                want.insert((crate::cell(s), kind.to_owned(), crate::cell(&r["id"])));
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
            let id = role_ids[&(crate::cell(&p["id"]), i)].clone();
            for s in r["sources"].as_array().into_iter().flatten() {
                want.insert((crate::cell(s), "role".into(), id.clone()));
            }
        }
    }
    let municipality_ids: BTreeSet<String> = all(&app, "/v1/municipalities")
        .await
        .iter()
        .map(|m| crate::cell(&m["id"]))
        .collect();
    let rows = table(&app, "citations").await;
    let everything: BTreeSet<(String, String, String)> = rows
        .iter()
        .map(|r| {
            (
                crate::cell(&r["source_id"]),
                crate::cell(&r["record_type"]),
                crate::cell(&r["record_id"]),
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

#[derive(QueryableByName)]
struct N {
    #[diesel(sql_type = BigInt)]
    n: i64,
}

#[derive(QueryableByName, Debug, PartialEq)]
struct OrgRow {
    #[diesel(sql_type = Text)]
    id: String,
    #[diesel(sql_type = Text)]
    kind: String,
    #[diesel(sql_type = Text)]
    name: String,
    #[diesel(sql_type = Nullable<Text>)]
    code: Option<String>,
}

/// What no REST resource shows: organizations, themes' order, parties' roles.
#[actix_web::test]
async fn tables_without_a_resource_match_the_database() {
    let app = TestApp::spawn().await;
    let mut conn = app.db.conn();
    let want: Vec<OrgRow> = diesel::sql_query(
        "SELECT o.public_id AS id, o.kind, o.name, m.code FROM organizations o
         LEFT JOIN municipalities m ON m.organization_id = o.id ORDER BY o.public_id",
    )
    .load(&mut conn)
    .expect("organizations");
    let got: Vec<OrgRow> = table(&app, "organizations")
        .await
        .iter()
        .map(|r| OrgRow {
            id: crate::cell(&r["id"]),
            kind: crate::cell(&r["kind"]),
            name: crate::cell(&r["name"]),
            code: r["municipality_code"].as_str().map(str::to_owned),
        })
        .collect();
    assert!(want.len() > 3);
    assert_eq!(got, want, "organizations, in id order");

    let n = |sql: &str| {
        diesel::sql_query(sql)
            .get_result::<N>(&mut app.db.conn())
            .expect("count")
            .n
    };
    let themes = table(&app, "themes").await;
    let positions: Vec<i64> = themes
        .iter()
        .filter_map(|t| t["position"].as_i64())
        .collect();
    assert_eq!(
        positions.len() as i64,
        n("SELECT count(*) AS n FROM themes")
    );
    assert!(
        positions.windows(2).all(|w| w[0] <= w[1]),
        "themes in position order"
    );
    let parties = table(&app, "agreement-parties").await;
    assert_eq!(
        parties.len() as i64,
        n("SELECT count(*) AS n FROM agreement_parties")
    );
    assert!(parties
        .iter()
        .all(|p| p["role"].as_str().is_some_and(|r| !r.is_empty())));
}
