//! Activities filtered by their pledge (municipality, year, active_on) are paged pledge by pledge in
//! id order; the reverse order (`sort=-id`) is read by another statement. Walked in small pages by
//! REST and GraphQL cursors, every such list must give what the reverse gives reversed.

use serde_json::{json, Value};

use crate::common::pages::{ids, walk};
use crate::common::{TestApp, TestDb};
use crate::graphql::post_query;

async fn graphql_walk(app: &TestApp, filter: &Value) -> Vec<String> {
    let query = "query($f: ActivityFilter, $after: String) {
        activities(filter: $f, first: 4, after: $after) {
          pageInfo { hasNextPage endCursor } edges { node { id } } } }";
    let (mut out, mut after) = (Vec::new(), Value::Null);
    loop {
        let variables = json!({ "f": filter, "after": after });
        let (status, body, _) = post_query(&app.base, &app.client, query, variables).await;
        assert_eq!(status, 200, "{filter}: {body}");
        assert!(body.get("errors").is_none(), "{filter}: {body}");
        let conn = &body["data"]["activities"];
        for e in conn["edges"].as_array().unwrap() {
            out.push(e["node"]["id"].as_str().unwrap().to_owned());
        }
        if !conn["pageInfo"]["hasNextPage"].as_bool().unwrap() {
            return out;
        }
        after = conn["pageInfo"]["endCursor"].clone();
    }
}

#[actix_web::test]
async fn pages_under_a_pledge_filter_keep_the_id_order_across_cursors() {
    let app = TestApp::spawn_on(TestDb::synthetic(6, 4, 11)).await;
    let munis: Vec<String> = ids(&app.json("/v1/municipalities?limit=2").await);
    let theme = app.json("/v1/themes?limit=1").await["data"][0]["code"]
        .as_str()
        .unwrap()
        .to_owned();
    let (m0, m1) = (&munis[0], &munis[1]);
    let cases: Vec<(String, Value)> = vec![
        (
            format!("municipality={m0}"),
            json!({ "municipality": [m0] }),
        ),
        (
            format!("municipality={m0},{m1}"),
            json!({ "municipality": [m0, m1] }),
        ),
        ("year=2020".into(), json!({ "year": [2020] })),
        ("year=2019,2021".into(), json!({ "year": [2019, 2021] })),
        (
            "active_on=2021-03-01".into(),
            json!({ "activeOn": "2021-03-01" }),
        ),
        (
            format!("year=2020&theme={theme}"),
            json!({ "year": [2020], "theme": [theme] }),
        ),
        (
            "year=2021&status=planned".into(),
            json!({ "year": [2021], "status": ["PLANNED"] }),
        ),
        (
            format!("municipality={m1}&theme={theme}&status=unknown"),
            json!({ "municipality": [m1], "theme": [theme], "status": ["UNKNOWN"] }),
        ),
        (
            format!("municipality={m0}&year=2022"),
            json!({ "municipality": [m0], "year": [2022] }),
        ),
        (
            "year=2020&status=completed&as_of=2021-06-30".into(),
            json!({ "year": [2020], "status": ["COMPLETED"], "asOf": "2021-06-30" }),
        ),
    ];
    let mut long = 0;
    for (query, filter) in &cases {
        let path = format!("/v1/activities?{query}");
        let forward = walk(&app, &path, 3).await;
        let body = app.json(&format!("{path}&sort=-id&limit=500")).await;
        let mut backward = ids(&body);
        backward.reverse();
        assert_eq!(forward, backward, "{query}");
        assert_eq!(
            body["total"].as_u64().unwrap() as usize,
            forward.len(),
            "{query}"
        );
        let mut sorted = forward.clone();
        sorted.sort();
        assert_eq!(forward, sorted, "{query}: not in id order");
        assert_eq!(graphql_walk(&app, filter).await, forward, "GraphQL {query}");
        if forward.len() > 6 {
            long += 1;
        }
    }
    // Walks of three pages or more, so cursors inside and between pledges are crossed.
    assert!(
        long >= 6,
        "only {long} of {} lists span three pages",
        cases.len()
    );
}
