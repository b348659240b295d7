//! What people said (statements) and which values are the dataset's judgement (inferences): in the
//! bundled data, over REST, in search, in the exports and on a pledge's page.

use openpledges::dataset::{self, model, Dataset};
use serde_json::Value;

use crate::common::pages::{csv, ids};
use crate::common::{problem, TestApp};
use crate::support::datasets::{copy_of_data, edit};

fn data() -> Dataset {
    dataset::bundled().unwrap_or_else(|e| panic!("{e}"))
}

fn said_by<'d>(d: &'d Dataset, person: &str) -> Vec<&'d model::Statement> {
    d.statements.iter().filter(|s| s.person == person).collect()
}

#[test]
fn the_sources_statements_are_recorded_with_their_speakers() {
    let d = data();
    assert!(d.statements.len() >= 12, "{}", d.statements.len());
    // Trelleborg's police chief: young people and narcotics first, more police in the centre.
    let chief = said_by(&d, "lars-gunnar-bjornqvist");
    assert!(chief.iter().all(|s| s.role == "lokalpolisområdeschef"));
    assert!(chief
        .iter()
        .any(|s| s.quote.contains("prioritera våra ungdomar") && s.quote.contains("narkotika")));
    let centre = chief
        .iter()
        .find(|s| s.quote.contains("fler poliser på stan"))
        .expect("more police in central Trelleborg");
    assert!(centre.quote.contains("centrala delarna av Trelleborg"));
    assert_eq!(centre.about.1, "trelleborg-2019-2022/f2");
    assert_eq!(
        centre.source,
        "trelleborg-2019-samverkansoverenskommelse-nyhet"
    );
    // The KSO of Sölvesborg and of Falkenberg, and Sölvesborg's säkerhetschef.
    for (person, role, municipality) in [
        ("louise-erixon", "kommunstyrelsens ordförande", "solvesborg"),
        ("per-svensson", "kommunstyrelsens ordförande", "falkenberg"),
        ("henrik-johnsson", "säkerhetschef", "solvesborg"),
    ] {
        let said = said_by(&d, person);
        assert!(
            said.iter()
                .any(|s| s.role == role && s.municipality == municipality),
            "{person}: {said:?}"
        );
    }
    // A quotation, not a copy: every quote is short.
    for s in &d.statements {
        assert!(
            s.quote.chars().count() <= dataset::validate::QUOTE_MAX_CHARS,
            "{}",
            s.id
        );
    }
}

#[test]
fn judgements_are_marked_with_their_reasons() {
    let d = data();
    let pledge = d
        .pledges
        .iter()
        .find(|p| p.id == "falkenberg-undated-1")
        .unwrap();
    assert!(pledge
        .inferred
        .iter()
        .any(|i| i.field == "agreement" && !i.reason.is_empty()));
    let news = d
        .sources
        .iter()
        .find(|s| s.id == "falkenberg-medborgarlofte-nyhet")
        .unwrap();
    assert_eq!(news.publisher, "Polismyndigheten");
    assert!(news.inferred.iter().any(|i| i.field == "publisher"));
    let conference = d
        .events
        .iter()
        .find(|e| e.id == "halland-konferens-brottsforebyggande")
        .unwrap();
    assert!(conference.inferred.iter().any(|i| i.field == "invited"));
}

/// Breaks a copy of the data; the first problem that mentions `expect`, as (file, message).
fn refused(break_it: impl FnOnce(&std::path::Path), expect: &str) -> (String, String) {
    let dir = copy_of_data();
    break_it(dir.path());
    let errors = dataset::load(&[dir.path().to_owned()]).unwrap_err();
    errors
        .0
        .iter()
        .find(|p| p.message.contains(expect))
        .map(|p| (p.file.display().to_string(), p.message.clone()))
        .unwrap_or_else(|| panic!("no `{expect}` in {errors}"))
}

#[test]
fn bad_statements_and_marks_are_refused_with_file_and_record() {
    let at = |dir: &std::path::Path| dir.join("statements.toml");
    let (file, msg) = refused(
        |d| {
            edit(
                &at(d),
                "about = \"trelleborg-2019-2022/f2\"",
                "about = \"trelleborg-2019-2022/f9\"",
            );
        },
        "`about` names `trelleborg-2019-2022/f9`",
    );
    assert!(
        file.ends_with("statements.toml") && msg.contains("statement `"),
        "{file}: {msg}"
    );
    let (_, msg) = refused(
        |d| {
            edit(
                &at(d),
                "role = \"lokalpolisområdeschef\"",
                "role = \"polischef\"",
            );
        },
        "is not a title people.toml gives",
    );
    assert!(msg.contains("`polischef`"), "{msg}");
    let (_, msg) = refused(
        |d| {
            edit(
                &at(d),
                "quote = \"",
                &format!("quote = \"{} ", "ord ".repeat(80)),
            );
        },
        "longer than 300 characters",
    );
    assert!(msg.contains("statement `"), "{msg}");
    let (file, msg) = refused(
        |d| {
            edit(
                &d.join("sources.toml"),
                "url = \"https://www.scb.se/",
                "inferred = { title = \"Vår rubrik.\" }\nurl = \"https://www.scb.se/",
            );
        },
        "`inferred` names `title`",
    );
    assert!(
        file.ends_with("sources.toml") && msg.contains("source `"),
        "{file}: {msg}"
    );
}

#[actix_web::test]
async fn statements_are_served_filtered_and_included() {
    let app = TestApp::spawn().await;
    let d = data();
    let all = app.json("/v1/statements?limit=500").await;
    assert_eq!(all["total"], d.statements.len());
    let one = &all["data"].as_array().unwrap()[0];
    for key in ["person", "role", "about", "municipality", "quote", "source"] {
        assert!(!one[key].is_null(), "{key}: {one}");
    }

    let chief = app
        .json("/v1/statements?person=lars-gunnar-bjornqvist")
        .await;
    assert_eq!(chief["total"], 2);
    let centre = app
        .json("/v1/statements?about=trelleborg-2019-2022/f2&sort=about")
        .await;
    let quotes: Vec<&str> = centre["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["quote"].as_str().unwrap())
        .collect();
    assert!(
        quotes.iter().any(|q| q.contains("fler poliser på stan")),
        "{quotes:?}"
    );
    let narcotics = app.json("/v1/statements?q=narkotikan").await;
    assert_eq!(
        ids(&narcotics),
        ["trelleborg-2019-bjornqvist-unga-narkotika"]
    );
    let solvesborg = app.json("/v1/statements?municipality=1083").await;
    assert!(solvesborg["data"]
        .as_array()
        .unwrap()
        .iter()
        .all(|s| s["municipality"]["id"] == "solvesborg"));
    assert!(solvesborg["total"].as_i64().unwrap() >= 3);

    let got = app
        .json("/v1/statements/trelleborg-2019-bjornqvist-unga-narkotika")
        .await;
    assert_eq!(got["person"]["name"], "Lars Gunnar Björnqvist");
    assert_eq!(got["about"]["type"], "focus_area");
    assert_eq!(got["about"]["id"], "trelleborg-2019-2022/f1");
    problem(app.get("/v1/statements/ingen-sadan").await, 404).await;
    let bad = problem(
        app.get("/v1/statements?person=nobody&about=trelleborg")
            .await,
        400,
    )
    .await;
    let fields: Vec<&str> = bad["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["person", "about"], "{bad}");
    let bad = problem(app.get("/v1/statements?municipality=atlantis").await, 400).await;
    assert_eq!(bad["errors"][0]["field"], "municipality", "{bad}");

    // include=statements on each kind a statement can be about.
    for (path, expected) in [
        (
            "/v1/focus-areas/trelleborg-2019-2022/f2?include=statements",
            2,
        ),
        ("/v1/agreements/falkenberg-2020-2023?include=statements", 3),
        ("/v1/pledges/solvesborg-2022-2023?include=statements", 2),
        (
            "/v1/activities/falkenberg-undated-1/a4?include=statements",
            1,
        ),
    ] {
        let r = app.json(path).await;
        let n = r["statements"].as_array().map(Vec::len);
        assert_eq!(n, Some(expected), "{path}: {}", r["statements"]);
    }
    let plain = app.json("/v1/pledges/solvesborg-2022-2023").await;
    assert!(plain.get("statements").is_none());

    let (headers, rows) = csv(&app, "/v1/statements?format=csv&limit=500", false).await;
    assert_eq!(headers[0], "id");
    assert!(headers.contains(&"quote".to_owned()) && headers.contains(&"person_id".to_owned()));
    assert_eq!(rows.len(), d.statements.len());
}

#[actix_web::test]
async fn search_finds_statements() {
    let app = TestApp::spawn().await;
    let hits = app.json("/v1/search?q=poliser%20stan&type=statement").await;
    let found: Vec<&Value> = hits["data"].as_array().unwrap().iter().collect();
    assert!(!found.is_empty(), "{hits}");
    assert!(found.iter().all(|h| h["type"] == "statement"));
    let first = found[0];
    assert_eq!(
        first["id"],
        "trelleborg-2019-bjornqvist-polisnarvaro-centrum"
    );
    assert_eq!(
        first["url"],
        "/v1/statements/trelleborg-2019-bjornqvist-polisnarvaro-centrum"
    );
    assert!(first["title"]
        .as_str()
        .unwrap()
        .starts_with("Lars Gunnar Björnqvist"));
}

#[actix_web::test]
async fn judgements_and_new_facts_are_served() {
    let app = TestApp::spawn().await;
    let news = app
        .json("/v1/sources/falkenberg-medborgarlofte-nyhet")
        .await;
    assert_eq!(news["inferred"][0]["field"], "publisher");
    assert!(news["no_url_reason"].is_null() && news["url"].is_string());
    let pledge = app.json("/v1/pledges/falkenberg-undated-1").await;
    let fields: Vec<&str> = pledge["inferred"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["field"].as_str().unwrap())
        .collect();
    assert!(fields.contains(&"agreement"), "{pledge}");
    let agreement = app.json("/v1/agreements/falkenberg-2020-2023").await;
    assert_eq!(
        agreement["signatories"][0]["inferred"][0]["field"],
        "person"
    );
    let solvesborg = app.json("/v1/municipalities/solvesborg").await;
    assert_eq!(solvesborg["inferred"][0]["field"], "local_police_area");
    let signing = app.json("/v1/events/falkenberg-2020-undertecknande").await;
    assert_eq!(signing["starts_at"], "08:30");
    assert_eq!(signing["held_on"], "2020-01-17");

    let page = app
        .get("/pledges/falkenberg-undated-1")
        .await
        .text()
        .await
        .unwrap();
    assert!(page.contains("Vad som sagts"), "statements heading");
    assert!(
        page.contains("Hindrar vi en ung person"),
        "a quote on the page"
    );
    assert!(page.contains("Datasetets bedömningar") && page.contains("<code>agreement</code>"));
}

#[actix_web::test]
async fn statements_and_inferences_are_exported() {
    let app = TestApp::spawn().await;
    let (headers, rows) = csv(&app, "/v1/exports/statements.csv", false).await;
    assert_eq!(headers[..3], ["id", "person_id", "role"]);
    assert_eq!(rows.len(), data().statements.len());
    let (headers, rows) = csv(&app, "/v1/exports/inferences.csv", false).await;
    assert_eq!(headers, ["record_type", "record_id", "field", "reason"]);
    assert!(rows
        .iter()
        .any(|r| r[0] == "pledge" && r[1] == "falkenberg-undated-1" && r[2] == "agreement"));
    assert!(rows
        .iter()
        .any(|r| r[0] == "signatory" && r[1] == "falkenberg-2020-2023/per-svensson"));
    let package = app.json("/v1/exports/datapackage.json").await;
    let names: Vec<&str> = package["resources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["name"].as_str().unwrap())
        .collect();
    assert!(
        names.contains(&"statements") && names.contains(&"inferences"),
        "{names:?}"
    );
}
