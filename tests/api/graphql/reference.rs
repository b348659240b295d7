//! GraphQL's reference implementation (graphql-core, PyPI) beside the server
//! (`tests/graphql-core/conformance.py`): the schema read by introspection equals the committed
//! SDL, and every query of the set below is refused by the server exactly when graphql-core finds
//! it invalid.
//!
//! Known difference, left out of the set: async-graphql 7.2 counts a variable used only in a
//! directive (`query($b: Boolean!) { __typename @skip(if: $b) }`) as unused and refuses the query,
//! which graphql-core accepts.

use serde_json::{json, Value};

use std::time::Duration;

use crate::common::process::run_beside_app;
use crate::common::{project_dir, tools, TestApp};

/// Queries graphql-core accepts; the server must answer each with data and no error.
const VALID: &[(&str, &str)] = &[
    (
        "query($id: ID!) { pledge(id: $id) { id title } }",
        r#"{"id": "solvesborg-2022-2023"}"#,
    ),
    (
        "{ node(id: \"solvesborg\") { __typename id ... on Municipality { name } } }",
        "{}",
    ),
    (
        "{ nodes(ids: [\"traffic_safety\", \"solvesborg-2022-2023/a1\"]) { id } }",
        "{}",
    ),
    (
        "{ pledges(first: 2) { totalCount edges { cursor node { id } } } }",
        "{}",
    ),
    (
        "query { ...Q } fragment Q on Query { themes(first: 1) { edges { node { code } } } }",
        "{}",
    ),
    (
        "query($f: ActivityFilter) { activities(filter: $f, first: 1) { totalCount } }",
        r#"{"f": {"status": ["PLANNED"]}}"#,
    ),
    ("{ theme(code: \"traffic_safety\") { id code } }", "{}"),
    (
        "query($s: [Status!]) { activities(filter: {status: $s}, first: 1) { totalCount } }",
        r#"{"s": ["PLANNED"]}"#,
    ),
];

/// Queries graphql-core refuses, each for another rule of the specification.
const INVALID: &[&str] = &[
    // A String variable where an ID is expected, and the other way round.
    "query($id: String!) { pledge(id: $id) { id } }",
    "query($code: ID!) { theme(code: $code) { code } }",
    "{ pledge(id: \"solvesborg-2022-2023\") { nosuchfield } }",
    "{ pledge { id } }",
    "query($unused: Int) { themes(first: 1) { totalCount } }",
    "{ themes(first: 1) { totalCount } } fragment Unused on Theme { code }",
    "{ node(id: \"solvesborg\") { name } }",
    "{ themes(first: \"ten\") { totalCount } }",
    "query A { themes(first: 1) { totalCount } } query A { themes(first: 1) { totalCount } }",
    "{ pledge(id: \"solvesborg-2022-2023\") }",
    "{ pledge(id: \"solvesborg-2022-2023\") { id(x: 1) } }",
    "{ __typename @skip }",
    "{ themes(first: 1) { totalCount } ... on Pledge { id } }",
    "query($id: ID!) { pledge(id: $undefined) { id } }",
    // Inside an input object.
    "query($s: [String!]) { activities(filter: {status: $s}, first: 1) { totalCount } }",
];

#[actix_web::test]
async fn the_reference_implementation_agrees_with_the_server() {
    let python = tools::python();
    let app = TestApp::spawn().await;
    let mut cases: Vec<Value> = VALID
        .iter()
        .map(|(q, v)| json!({ "query": q, "variables": serde_json::from_str::<Value>(v).unwrap() }))
        .collect();
    cases.extend(INVALID.iter().map(|q| json!({ "query": q })));
    let dir = tempfile::tempdir().unwrap();
    let queries = dir.path().join("queries.json");
    std::fs::write(&queries, serde_json::to_vec(&cases).unwrap()).unwrap();

    let mut command = std::process::Command::new(python);
    command
        .arg(project_dir().join("tests/graphql-core/conformance.py"))
        .arg(&app.base)
        .arg(project_dir().join("schema/schema.graphql"))
        .arg(&queries);
    let (status, out, err) = run_beside_app(command, Duration::from_secs(120)).await;
    app.stop().await;
    assert!(status.success(), "conformance.py failed: {err}");
    let out: Value = serde_json::from_str(&out).unwrap();

    // async-graphql lists `@oneOf` (a built-in of the newer specification draft) among the
    // directives of introspection; SDL printers leave built-ins out, and graphql-core 3.2, which
    // predates it, prints it as the schema's own. The rest must be the same, character for character.
    let one_of = "\"\"\"\nIndicates that an Input Object is a OneOf Input Object (and thus requires exactly one of its field be provided)\n\"\"\"\ndirective @oneOf on INPUT_OBJECT\n\n";
    let served = out["served_sdl"].as_str().unwrap();
    assert!(
        served.starts_with(one_of),
        "the served schema's directives changed"
    );
    assert_eq!(
        &served[one_of.len()..],
        out["committed_sdl"].as_str().unwrap(),
        "the schema read by introspection differs from schema/schema.graphql"
    );
    assert!(
        out["served_sdl"]
            .as_str()
            .unwrap()
            .contains("interface Node"),
        "the reference reads the Node interface"
    );
    let results = out["cases"].as_array().expect("cases");
    assert_eq!(results.len(), VALID.len() + INVALID.len());
    let mut disagreements = Vec::new();
    for (i, r) in results.iter().enumerate() {
        let reference_refuses = !r["reference_errors"].as_array().unwrap().is_empty();
        let server_refuses =
            !r["server_errors"].as_array().unwrap().is_empty() && r["server_data"] == false;
        let server_answers =
            r["server_errors"].as_array().unwrap().is_empty() && r["server_data"] == true;
        let expected_invalid = i >= VALID.len();
        assert_eq!(reference_refuses, expected_invalid, "graphql-core on {r}");
        if (reference_refuses && !server_refuses) || (!reference_refuses && !server_answers) {
            disagreements.push(r.to_string());
        }
    }
    assert!(
        disagreements.is_empty(),
        "the server and graphql-core disagree:\n{}",
        disagreements.join("\n")
    );
}
