//! REST and GraphQL are two doors to one record layer: for every filter both offer, a REST list
//! and its GraphQL connection answer the same records, in the same order, with the same total —
//! over the bundled data and over a synthetic database.

use serde_json::{json, Value};

use crate::common::{TestApp, TestDb};

/// A REST collection, its GraphQL connection and filter type, and the filters both offer.
struct Door {
    rest: &'static str,
    field: &'static str,
    filter_type: &'static str,
    filters: &'static [&'static str],
}

const DOORS: &[Door] = &[
    Door {
        rest: "municipalities",
        field: "municipalities",
        filter_type: "MunicipalityFilter",
        filters: &["municipality"],
    },
    Door {
        rest: "agreements",
        field: "agreements",
        filter_type: "AgreementFilter",
        filters: &["municipality", "theme", "year", "active_on", "q"],
    },
    Door {
        rest: "pledges",
        field: "pledges",
        filter_type: "PledgeFilter",
        filters: &["municipality", "theme", "year", "active_on", "q"],
    },
    Door {
        rest: "focus-areas",
        field: "focusAreas",
        filter_type: "FocusAreaFilter",
        filters: &["municipality", "theme", "q"],
    },
    Door {
        rest: "activities",
        field: "activities",
        filter_type: "ActivityFilter",
        filters: &["municipality", "theme", "status", "year", "active_on", "q"],
    },
];

const WORDS: &[&str] = &[
    "narkotikan",
    "narkotika",
    "trygghet",
    "ungdomar",
    "trafik",
    "brottet",
    "skola",
];

/// A filter as REST parameters and as a GraphQL input object.
#[derive(Clone, Debug)]
struct Case {
    rest: Vec<(&'static str, String)>,
    graphql: Value,
}

fn case(pairs: &[(&'static str, Value)]) -> Case {
    let mut graphql = json!({});
    let mut rest = Vec::new();
    for (name, value) in pairs {
        let text = match value {
            Value::Array(items) => items
                .iter()
                .map(|v| {
                    v.as_str()
                        .map(str::to_owned)
                        .unwrap_or_else(|| v.to_string())
                })
                .collect::<Vec<_>>()
                .join(","),
            Value::String(s) => s.clone(),
            other => other.to_string(),
        };
        rest.push((*name, text));
        let key = match *name {
            "active_on" => "activeOn",
            "as_of" => "asOf",
            other => other,
        };
        let value = if *name == "status" {
            json!(value
                .as_array()
                .unwrap()
                .iter()
                .map(|s| s.as_str().unwrap().to_ascii_uppercase())
                .collect::<Vec<_>>())
        } else {
            value.clone()
        };
        graphql[key] = value;
    }
    Case { rest, graphql }
}

/// The filters to try on this data: each alone, and pairs.
async fn cases(app: &TestApp) -> Vec<Case> {
    let munis: Vec<String> = app.json("/v1/municipalities?limit=3").await["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["id"].as_str().unwrap().to_owned())
        .collect();
    let themes: Vec<String> = app.json("/v1/themes?limit=4").await["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["code"].as_str().unwrap().to_owned())
        .collect();
    assert!(munis.len() >= 2 && themes.len() >= 2);
    let mut out = vec![case(&[])];
    for m in &munis {
        out.push(case(&[("municipality", json!([m]))]));
    }
    out.push(case(&[("municipality", json!(munis))]));
    for t in &themes {
        out.push(case(&[("theme", json!([t]))]));
    }
    for s in [
        "planned",
        "in_progress",
        "completed",
        "cancelled",
        "unknown",
    ] {
        out.push(case(&[("status", json!([s]))]));
        out.push(case(&[
            ("status", json!([s])),
            ("as_of", json!("2021-06-30")),
        ]));
    }
    for y in [2019, 2020, 2022, 2024] {
        out.push(case(&[("year", json!([y]))]));
    }
    out.push(case(&[("year", json!([2020, 2023]))]));
    for d in ["2020-06-01", "2023-01-15"] {
        out.push(case(&[("active_on", json!(d))]));
    }
    for w in WORDS {
        out.push(case(&[("q", json!(w))]));
    }
    out.push(case(&[("q", json!("trygghet narkotika"))]));
    out.push(case(&[
        ("municipality", json!([munis[0]])),
        ("theme", json!([themes[0]])),
    ]));
    out.push(case(&[
        ("theme", json!([themes[1]])),
        ("year", json!([2022])),
    ]));
    out.push(case(&[
        ("status", json!(["unknown"])),
        ("q", json!("trygghet")),
    ]));
    out
}

async fn rest(app: &TestApp, door: &Door, c: &Case) -> (Vec<String>, i64) {
    let query: String = c
        .rest
        .iter()
        .map(|(k, v)| format!("&{k}={}", v.replace(' ', "+")))
        .collect();
    let body = app
        .json(&format!("/v1/{}?limit=50{query}", door.rest))
        .await;
    let ids = body["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap().to_owned())
        .collect();
    (ids, body["total"].as_i64().unwrap())
}

async fn graphql(app: &TestApp, door: &Door, c: &Case) -> (Vec<String>, i64) {
    let query = format!(
        "query($f: {}) {{ {}(filter: $f, first: 50) {{ totalCount edges {{ node {{ id }} }} }} }}",
        door.filter_type, door.field
    );
    let res = app
        .client
        .post(app.url("/graphql"))
        .json(&json!({ "query": query, "variables": { "f": c.graphql } }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let body: Value = res.json().await.unwrap();
    assert!(
        body.get("errors").is_none(),
        "{query} {}: {body}",
        c.graphql
    );
    let conn = &body["data"][door.field];
    let ids = conn["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["node"]["id"].as_str().unwrap().to_owned())
        .collect();
    (ids, conn["totalCount"].as_i64().unwrap())
}

/// Compares every door under every case it supports; returns (REST path, total) of each comparison.
async fn compare_all(app: &TestApp) -> Vec<(String, i64)> {
    let mut seen = Vec::new();
    for c in cases(app).await {
        for door in DOORS {
            if !c
                .rest
                .iter()
                .all(|(k, _)| door.filters.contains(k) || *k == "as_of")
            {
                continue;
            }
            if c.rest.iter().any(|(k, _)| *k == "as_of") && door.rest != "activities" {
                continue;
            }
            let (rest_ids, rest_total) = rest(app, door, &c).await;
            let (gql_ids, gql_total) = graphql(app, door, &c).await;
            let at = format!("/v1/{} {:?}", door.rest, c.rest);
            assert_eq!(rest_total, gql_total, "totals differ for {at}");
            assert_eq!(rest_ids, gql_ids, "records differ for {at}");
            seen.push((at, rest_total));
        }
    }
    seen
}

fn assert_not_trivial(seen: &[(String, i64)]) {
    let narrowed = seen
        .iter()
        .filter(|(at, n)| *n > 0 && at.contains('('))
        .count();
    assert!(narrowed > 20, "too few filters found anything: {seen:?}");
    assert!(
        seen.iter().any(|(at, n)| at.contains("\"q\"") && *n > 0),
        "no search found anything: {seen:?}"
    );
}

#[actix_web::test]
async fn rest_and_graphql_agree_over_the_bundled_data() {
    let app = TestApp::spawn().await;
    let seen = compare_all(&app).await;
    assert_not_trivial(&seen);
    // The disagreements this layer ended: a definite form, and a stem that prefixes compounds.
    let (ids, _) = graphql(&app, &DOORS[3], &case(&[("q", json!("narkotikan"))])).await;
    assert!(
        ids.contains(&"solvesborg-2022-2023/f1".to_owned()),
        "{ids:?}"
    );
    let (_, n) = graphql(&app, &DOORS[1], &case(&[("q", json!("trygghet"))])).await;
    assert!(n >= 3, "trygghet finds {n} agreements");
}

#[actix_web::test]
async fn rest_and_graphql_agree_over_a_synthetic_database() {
    let db = TestDb::synthetic(6, 4, 11);
    let app = TestApp::spawn_on(db).await;
    let seen = compare_all(&app).await;
    assert_not_trivial(&seen);
    assert!(
        seen.iter()
            .any(|(at, n)| at.contains("\"status\"") && !at.contains("unknown") && *n > 0),
        "no activity with a known status: {seen:?}"
    );
}
