//! Relay's Global Object Identification: `node(id:)` returns every kind of record by its id, with
//! its type; `nodes(ids:)` keeps the order asked, with null for ids that name nothing.

use serde_json::{json, Value};

use super::{post_query, query};
use crate::common::TestApp;

/// One record of each kind in the bundled data, with the type `node` must answer.
const RECORDS: &[(&str, &str)] = &[
    ("solvesborg", "Municipality"),
    ("lpo-falkenberg", "Organization"),
    ("trelleborg-2019-2022", "Agreement"),
    ("solvesborg-2022-2023", "Pledge"),
    ("solvesborg-2022-2023/f1", "FocusArea"),
    ("solvesborg-2022-2023/a1", "Activity"),
    ("traffic_safety", "Theme"),
    ("solvesborg-2022-medborgarlofte-nyhet", "Source"),
    ("per-svensson", "Person"),
    ("halland-konferens-brottsforebyggande", "Event"),
];

#[actix_web::test]
async fn node_returns_every_kind_of_record_by_its_id() {
    let app = TestApp::spawn().await;
    for (id, typename) in RECORDS {
        let (status, body, _) = post_query(
            &app.base,
            &app.client,
            "query($id: ID!) { node(id: $id) { __typename id
               ... on Pledge { title } ... on Theme { code } ... on Municipality { code } } }",
            json!({ "id": id }),
        )
        .await;
        assert_eq!(status, 200, "{body}");
        assert!(body.get("errors").is_none(), "{id}: {body}");
        let node = &body["data"]["node"];
        assert_eq!(node["__typename"], *typename, "{id}: {body}");
        assert_eq!(node["id"], *id, "{id}: {body}");
    }
    // The same record through its own root field and through `node`.
    let own = query(
        &app,
        "{ pledge(id: \"solvesborg-2022-2023\") { id title } }",
    )
    .await;
    let by_node = query(
        &app,
        "{ node(id: \"solvesborg-2022-2023\") { ... on Pledge { id title } } }",
    )
    .await;
    assert_eq!(own["pledge"], by_node["node"]);
    assert!(own["pledge"]["title"].is_string(), "{own}");
    app.stop().await;
}

#[actix_web::test]
async fn nodes_keep_the_order_and_answer_null_for_unknown_ids() {
    let app = TestApp::spawn().await;
    let body = query(
        &app,
        "{ nodes(ids: [\"traffic_safety\", \"no-such-record\", \"solvesborg-2022-2023/a1\", \"traffic_safety\"])
           { __typename id } }",
    )
    .await;
    let got: Vec<Value> = body["nodes"].as_array().expect("nodes").clone();
    assert_eq!(
        got,
        vec![
            json!({ "__typename": "Theme", "id": "traffic_safety" }),
            Value::Null,
            json!({ "__typename": "Activity", "id": "solvesborg-2022-2023/a1" }),
            json!({ "__typename": "Theme", "id": "traffic_safety" }),
        ]
    );
    let missing = query(&app, "{ node(id: \"no-such-record\") { id } }").await;
    assert_eq!(missing["node"], Value::Null, "{missing}");

    let many: Vec<String> = (0..101).map(|i| format!("\"id-{i}\"")).collect();
    let (_, over, _) = post_query(
        &app.base,
        &app.client,
        &format!("{{ nodes(ids: [{}]) {{ id }} }}", many.join(",")),
        json!({}),
    )
    .await;
    let message = over["errors"][0]["message"].as_str().unwrap_or_default();
    assert!(message.contains("at most 100"), "{over}");
    app.stop().await;
}

#[actix_web::test]
async fn a_string_variable_is_refused_where_an_id_is_expected() {
    let app = TestApp::spawn().await;
    let (_, body, statements) = post_query(
        &app.base,
        &app.client,
        "query($id: String!) { pledge(id: $id) { id } }",
        json!({ "id": "solvesborg-2022-2023" }),
    )
    .await;
    let message = body["errors"][0]["message"].as_str().unwrap_or_default();
    assert!(message.contains("Variable \"$id\""), "{body}");
    assert!(
        body["data"].is_null() || body.get("data").is_none(),
        "{body}"
    );
    assert_eq!(statements, 0, "a refused query runs no SQL");
    app.stop().await;
}
