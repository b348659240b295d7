//! A pledge asked for with whole first pages of its tree is read in one statement and fed to the
//! loaders: its answer equals the loaders' own (the same query with an explicit empty filter
//! takes that path), for every pledge, page size and alias, read whole (the query asks for
//! sources, responsible organizations, counts, goals, an activity's description, note or dates, or
//! the pledge's themes) or lean (it does not), themes named by code alone or read whole; parsed
//! documents are reused without weakening the limits.

use serde_json::{json, Value};

use super::{codes, post_query};
use crate::common::{TestApp, TestDb};

const TREE: &str = "query($id: ID!) { pledge(id: $id) { id title GATHERED
  focusAreas(first: 2FA) { totalCount pageInfo { hasNextPage endCursor }
    edges { cursor node { id title description AREA_MORE themes { code THEME_MORE }
      activities(first: 3FX) { totalCount pageInfo { hasNextPage endCursor }
        edges { node { id title status statusSince ACTIVITY_MORE } } } } } }
  again: focusAreas(first: 1FA) { edges { node { id activities(first: 1FX) { edges { node { id } } } } } }
  activities(first: 4PX) { totalCount pageInfo { hasNextPage } edges { node { id focusArea { id } } } } } }";

/// What a pledge gathers from its contents and citations: read lean when none is asked for.
const GATHERED: &str = "themes { code } focusAreaCount activityCount
  statusCounts { planned inProgress completed cancelled unknown } sources { id }";

/// What a lean focus area, activity or theme leaves out.
const AREA_MORE: &str = "goals activityCount";
const ACTIVITY_MORE: &str =
    "description note plannedStart plannedEnd dueOn responsible { id } sources { id }";
const THEME_MORE: &str = "labelSv labelEn description position";

/// The query with the loaders' path forced: an empty filter is a filter the prefetch leaves alone.
fn queries(tree: &str) -> (String, String) {
    let fed = tree.replace("FA", "").replace("FX", "").replace("PX", "");
    let loaded = tree
        .replace("FA", ", filter: {}")
        .replace("FX", ", filter: {}")
        .replace("PX", ", filter: {}");
    (fed, loaded)
}

#[actix_web::test]
async fn a_fed_tree_answers_what_the_loaders_answer() {
    let app = TestApp::spawn_on(TestDb::synthetic(4, 3, 7)).await;
    let ids: Vec<String> = super::query(&app, "{ pledges(first: 100) { edges { node { id } } } }")
        .await["pledges"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["node"]["id"].as_str().unwrap().to_owned())
        .collect();
    assert!(ids.len() >= 12, "pledges: {}", ids.len());
    let whole = TREE
        .replace("GATHERED", GATHERED)
        .replace("AREA_MORE", AREA_MORE)
        .replace("ACTIVITY_MORE", ACTIVITY_MORE)
        .replace("THEME_MORE", THEME_MORE);
    let lean = TREE
        .replace("GATHERED", "")
        .replace("AREA_MORE", "")
        .replace("ACTIVITY_MORE", "")
        .replace("THEME_MORE", "");
    assert_ne!(lean, whole);
    // What lean rows leave out, asked for through fragments, and on records the tree fed lean but
    // reached by another path (an activity's pledge and focus area), where the prefetch does not
    // look: a lean row must then read the whole record for them.
    let fragment = TREE
        .replace("GATHERED", "...Gathered")
        .replace("AREA_MORE", "...AreaMore")
        .replace("ACTIVITY_MORE", "...ActivityMore")
        .replace("THEME_MORE", "...ThemeMore")
        + &format!(" fragment Gathered on Pledge {{ {GATHERED} }}")
        + &format!(" fragment AreaMore on FocusArea {{ {AREA_MORE} }}")
        + &format!(" fragment ActivityMore on Activity {{ {ACTIVITY_MORE} }}")
        + &format!(" fragment ThemeMore on Theme {{ {THEME_MORE} }}");
    let around = lean.replace(
        "focusArea { id }",
        &format!(
            "focusArea {{ id {AREA_MORE} themes {{ code {THEME_MORE} }}
               activities(first: 3) {{ edges {{ node {{ id {ACTIVITY_MORE} }} }} }} }}
             pledge {{ id {GATHERED} }}"
        ),
    );
    assert_ne!(around, lean);
    let trees = [
        whole.as_str(),
        lean.as_str(),
        fragment.as_str(),
        around.as_str(),
    ];
    let mut with_more = 0;
    let mut lists_read = 0;
    let mut gathered_read = 0;
    let mut outline_read = 0;
    for id in &ids {
        for tree in trees {
            let (fed, loaded) = queries(tree);
            let vars = json!({ "id": id });
            let (s1, a, n_fed) = post_query(&app.base, &app.client, &fed, vars.clone()).await;
            let (s2, b, n_loaded) = post_query(&app.base, &app.client, &loaded, vars).await;
            assert_eq!((s1, s2), (200, 200));
            assert!(a.get("errors").is_none(), "{a}");
            assert_eq!(a, b, "{id}: the fed tree and the loaders disagree");
            assert!(
                n_fed < n_loaded,
                "{id}: {n_fed} statements fed, {n_loaded} loaded"
            );
            let p = &a["data"]["pledge"];
            if p["focusAreas"]["pageInfo"]["hasNextPage"] == true {
                with_more += 1;
            }
            // The lists asked around the prefetch hold something: lean rows (empty lists)
            // would not equal the loaders' answer.
            if tree == around && a.to_string().contains("\"sources\":[{") {
                lists_read += 1;
            }
            if tree == around {
                let node = &p["activities"]["edges"][0]["node"];
                let pledge = &node["pledge"];
                if pledge["focusAreaCount"].as_i64() > Some(0) && pledge["themes"][0].is_object() {
                    gathered_read += 1;
                }
                let area = &node["focusArea"];
                let activity = &area["activities"]["edges"][0]["node"];
                if area["goals"].is_string()
                    && area["themes"][0]["labelSv"].is_string()
                    && activity["description"].is_string()
                    && activity["plannedStart"].is_string()
                {
                    outline_read += 1;
                }
            }
        }
    }
    assert!(
        lists_read > 0,
        "some activity reached around the prefetch has sources"
    );
    assert!(
        gathered_read > 0,
        "some pledge reached around the prefetch has focus areas and themes"
    );
    assert!(
        outline_read > 0,
        "some focus area reached around the prefetch has goals, theme labels and an activity with a description and a planned start"
    );
    assert!(
        with_more > 0,
        "some pledge has more focus areas than a page holds"
    );
    app.stop().await;
}

#[actix_web::test]
async fn the_readme_tree_costs_one_statement() {
    let app = TestApp::spawn().await;
    let q = "query($id: ID!) { pledge(id: $id) { id focusAreas(first: 50) { edges { node { id
      themes { code THEME } activities(first: 100) { edges { node { id status } } } } } } } }";
    // Themes named by code need no row of theme; asked for more, their rows come in the tree.
    for theme in ["", "labelSv position"] {
        let (status, body, statements) = post_query(
            &app.base,
            &app.client,
            &q.replace("THEME", theme),
            json!({ "id": "solvesborg-2022-2023" }),
        )
        .await;
        assert_eq!(status, 200);
        let areas = body["data"]["pledge"]["focusAreas"]["edges"]
            .as_array()
            .unwrap();
        assert!(!areas.is_empty(), "{body}");
        let first = &areas[0]["node"]["themes"][0];
        assert!(first["code"].is_string(), "{body}");
        assert_eq!(first["labelSv"].is_string(), !theme.is_empty(), "{body}");
        assert_eq!(
            statements, 1,
            "the pledge's tree, its themes with it: {theme}"
        );
    }
    let q = q.replace("THEME", "");
    // Not found stays not found, with its error.
    let (_, body, _) = post_query(
        &app.base,
        &app.client,
        &q,
        json!({ "id": "solvesborg-1999" }),
    )
    .await;
    assert_eq!(body["data"]["pledge"], Value::Null);
    assert_eq!(codes(&body), ["NOT_FOUND"]);
    app.stop().await;
}

#[actix_web::test]
async fn a_parsed_document_is_reused_within_the_limits() {
    let app = TestApp::spawn().await;
    let q = "query($n: Int) { municipalities(first: $n) { edges { node { id } } } }";
    for _ in 0..2 {
        let (status, body, _) = post_query(&app.base, &app.client, q, json!({ "n": 2 })).await;
        assert_eq!(status, 200);
        assert_eq!(
            body["data"]["municipalities"]["edges"]
                .as_array()
                .unwrap()
                .len(),
            2
        );
    }
    // The same text, now kept parsed, with a page size over the limit: still refused.
    let (_, body, _) = post_query(&app.base, &app.client, q, json!({ "n": 1000 })).await;
    assert_eq!(codes(&body), ["FIRST_TOO_LARGE"], "{body}");
    let (_, body, _) = post_query(&app.base, &app.client, q, json!({ "n": 3 })).await;
    assert_eq!(
        body["data"]["municipalities"]["edges"]
            .as_array()
            .unwrap()
            .len(),
        3
    );
    app.stop().await;
}
