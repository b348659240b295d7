//! Statements and inferences in the graph: the same records and totals as REST.

use super::query;
use crate::common::TestApp;

#[actix_web::test]
async fn statements_answer_as_rest_does() {
    let app = TestApp::spawn().await;
    let rest = app.json("/v1/statements?municipality=trelleborg").await;
    let data = query(
        &app,
        r#"{
          statements(filter: {municipality: ["trelleborg"]}, first: 100) {
            totalCount
            edges { node { id role quote person { id } source { id url }
                           about { __typename ... on FocusArea { id } } } }
          }
          focusArea(id: "trelleborg-2019-2022/f2") { statements { id } }
          node(id: "trelleborg-2019-bjornqvist-unga-narkotika") { ... on Statement { quote } }
          narcotics: statements(filter: {q: "narkotikan"}) { edges { node { id } } }
          source(id: "falkenberg-medborgarlofte-nyhet") { noUrlReason inferred { field reason } }
          pledge(id: "falkenberg-undated-1") { inferred { field } }
          event(id: "falkenberg-2020-undertecknande") { startsAt }
          organization(id: "lpo-trelleborg") { inferred { field } }
          municipality(id: "solvesborg") { inferred { field } }
        }"#,
    )
    .await;
    let s = &data["statements"];
    assert_eq!(s["totalCount"], rest["total"]);
    let ids: Vec<&str> = s["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["node"]["id"].as_str().unwrap())
        .collect();
    let rest_ids: Vec<&str> = rest["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, rest_ids);
    let first = &s["edges"][0]["node"];
    assert_eq!(first["person"]["id"], "lars-gunnar-bjornqvist");
    assert_eq!(first["about"]["__typename"], "FocusArea");
    assert_eq!(data["focusArea"]["statements"].as_array().unwrap().len(), 2);
    assert!(data["node"]["quote"]
        .as_str()
        .unwrap()
        .contains("narkotika"));
    assert_eq!(
        data["narcotics"]["edges"][0]["node"]["id"],
        "trelleborg-2019-bjornqvist-unga-narkotika"
    );
    assert_eq!(data["source"]["inferred"][0]["field"], "publisher");
    assert!(data["source"]["noUrlReason"].is_null());
    assert_eq!(data["pledge"]["inferred"][0]["field"], "agreement");
    assert_eq!(data["event"]["startsAt"], "08:30");
    assert_eq!(data["organization"]["inferred"][0]["field"], "name");
    assert_eq!(
        data["municipality"]["inferred"][0]["field"],
        "local_police_area"
    );
}
