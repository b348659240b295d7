//! The GraphQL interface over HTTP: the issue's query against the bundled data, the same values as
//! REST and as the dataset, a fixed number of SQL statements whatever the page sizes, the limits,
//! errors, caching, CORS, the committed SDL and the GraphiQL page.
mod common;

use std::net::TcpListener;

use actix_web::web;
use common::{TestApp, TestDb};
use openpledges::app::{self, AppState};
use openpledges::db::{self, Db};
use openpledges::graphql::{self, Limits};
use serde_json::{json, Value};

/// The query of issue 5, verbatim.
const ISSUE_QUERY: &str = "{ municipalities(first: 10) { totalCount pageInfo { hasNextPage endCursor } edges { node { id name code
  pledges(first: 10) { edges { node { id title periodStart periodEnd municipality { id }
  focusAreas(first: 10) { edges { node { id title themes { code labelSv labelEn }
  activities(first: 20) { edges { node { id title status statusHistory { status effectiveOn } } } } } } }
  sources { id title } } } } } } } }";

/// POSTs a query; returns the status, the body and the SQL statements it cost.
async fn post_query(
    base: &str,
    client: &reqwest::Client,
    query: &str,
    variables: Value,
) -> (u16, Value, u64) {
    let res = client
        .post(format!("{base}/graphql"))
        .json(&json!({ "query": query, "variables": variables }))
        .send()
        .await
        .expect("request");
    let status = res.status().as_u16();
    let statements = res
        .headers()
        .get("x-sql-statements")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    (status, res.json().await.expect("json body"), statements)
}

async fn query(app: &TestApp, q: &str) -> Value {
    let (status, body, _) = post_query(&app.base, &app.client, q, json!({})).await;
    assert_eq!(status, 200);
    assert!(body.get("errors").is_none(), "errors: {body}");
    body["data"].clone()
}

/// The error codes of a response.
fn codes(body: &Value) -> Vec<String> {
    body["errors"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|e| e["extensions"]["code"].as_str().unwrap_or("").to_owned())
                .collect()
        })
        .unwrap_or_default()
}

fn nodes(conn: &Value) -> Vec<Value> {
    conn["edges"]
        .as_array()
        .unwrap_or_else(|| panic!("not a connection: {conn}"))
        .iter()
        .map(|e| e["node"].clone())
        .collect()
}

fn find(list: &[Value], id: &str) -> Value {
    list.iter()
        .find(|n| n["id"] == id)
        .unwrap_or_else(|| panic!("{id} missing"))
        .clone()
}

#[actix_web::test]
async fn the_issue_query_returns_the_seed_data() {
    let app = TestApp::spawn().await;
    let data = query(&app, ISSUE_QUERY).await;
    let munis = &data["municipalities"];
    assert_eq!(munis["totalCount"], 6);
    assert_eq!(munis["pageInfo"]["hasNextPage"], false);
    assert!(munis["pageInfo"]["endCursor"].is_string());
    let list = nodes(munis);
    let ids: Vec<&str> = list.iter().map(|m| m["id"].as_str().unwrap()).collect();
    assert_eq!(
        ids,
        [
            "falkenberg",
            "hylte",
            "kungsbacka",
            "laholm",
            "solvesborg",
            "trelleborg"
        ]
    );

    let solvesborg = find(&list, "solvesborg");
    assert_eq!(solvesborg["name"], "Sölvesborg");
    assert_eq!(solvesborg["code"], "1083");
    let pledges = nodes(&solvesborg["pledges"]);
    assert_eq!(pledges.len(), 1);
    let pledge = &pledges[0];
    assert_eq!(pledge["id"], "solvesborg-2022-2023");
    assert_eq!(
        pledge["title"],
        "Medborgarlöfte för Sölvesborgs kommun 2022-2023"
    );
    assert_eq!(pledge["periodStart"], "2022-01-01");
    assert_eq!(pledge["periodEnd"], "2023-12-31");
    assert_eq!(pledge["municipality"]["id"], "solvesborg");
    assert_eq!(
        pledge["sources"],
        json!([{
            "id": "solvesborg-2022-medborgarlofte-nyhet",
            "title": "Sölvesborgs kommun har tillsammans med polisen tecknat nytt medborgarlöfte för 2022-2023"
        }])
    );
    let areas = nodes(&pledge["focusAreas"]);
    let area_ids: Vec<&str> = areas.iter().map(|f| f["id"].as_str().unwrap()).collect();
    assert_eq!(
        area_ids,
        [
            "solvesborg-2022-2023/f1",
            "solvesborg-2022-2023/f2",
            "solvesborg-2022-2023/f3"
        ]
    );
    assert_eq!(areas[1]["title"], "Minskad tillgreppsbrottslighet");
    assert_eq!(areas[2]["title"], "Ökad trafiksäkerhet");
    assert_eq!(
        areas[0]["themes"],
        json!([
            {"code": "alcohol_drugs", "labelSv": "Alkohol, narkotika, dopning, tobak och spel (ANDTS)",
             "labelEn": "Alcohol, drugs, doping, tobacco and gambling (ANDTS)"},
            {"code": "youth_at_risk", "labelSv": "Barn och unga i riskzon", "labelEn": "Young people at risk"}
        ])
    );
    assert_eq!(
        areas[1]["themes"],
        json!([{"code": "property_crime", "labelSv": "Tillgreppsbrott", "labelEn": "Property crime"}])
    );
    assert_eq!(areas[2]["themes"][0]["code"], "traffic_safety");
    // a1–a3 belong to f2; f1 and f3 have none.
    assert_eq!(nodes(&areas[0]["activities"]), Vec::<Value>::new());
    assert_eq!(nodes(&areas[2]["activities"]), Vec::<Value>::new());
    assert_eq!(
        nodes(&areas[1]["activities"]),
        vec![
            json!({"id": "solvesborg-2022-2023/a1", "title": "Medborgardialog", "status": "UNKNOWN", "statusHistory": []}),
            json!({"id": "solvesborg-2022-2023/a2", "title": "Grannsamverkan", "status": "UNKNOWN", "statusHistory": []}),
            json!({"id": "solvesborg-2022-2023/a3", "title": "Närvaro och synlighet", "status": "UNKNOWN", "statusHistory": []}),
        ]
    );

    // Falkenberg's pledge has no period; its activities have no focus area.
    let falkenberg = find(&list, "falkenberg");
    let fp = nodes(&falkenberg["pledges"]);
    assert_eq!(fp.len(), 1);
    assert_eq!(fp[0]["id"], "falkenberg-undated-1");
    assert_eq!(fp[0]["periodStart"], Value::Null);
    assert_eq!(fp[0]["periodEnd"], Value::Null);
    let fa = nodes(&fp[0]["focusAreas"]);
    assert_eq!(fa.len(), 2);
    assert_eq!(fa[0]["title"], "socialt utsatta bostadsområden");
    assert!(fa.iter().all(|f| nodes(&f["activities"]).is_empty()));
    // Municipalities without pledges have empty connections.
    assert!(nodes(&find(&list, "hylte")["pledges"]).is_empty());
    app.stop().await;
}
