//! Dataset rules the importer enforces, shown on broken copies of the bundled data: every problem
//! names the file and the record. No database is needed: validation comes first.

use crate::support::datasets::{copy_of_data, edit};

use std::path::Path;

use openpledges::dataset;

/// Breaks a copy of the data and returns the problems that mention `expect`, with their files.
fn problems(break_it: impl FnOnce(&Path), expect: &str) -> Vec<(String, String)> {
    let dir = copy_of_data();
    break_it(dir.path());
    let errors = dataset::load(&[dir.path().to_owned()]).unwrap_err();
    let found: Vec<(String, String)> = errors
        .0
        .iter()
        .filter(|p| p.message.contains(expect))
        .map(|p| (p.file.display().to_string(), p.message.clone()))
        .collect();
    assert!(!found.is_empty(), "no `{expect}` in {errors}");
    found
}

#[test]
fn a_source_without_url_or_reason_is_refused() {
    let found = problems(
        |dir| {
            edit(
                &dir.join("sources.toml"),
                "url = \"https://www.trelleborg.se/",
                "# url = \"https://www.trelleborg.se/",
            );
        },
        "no_url_reason",
    );
    assert_eq!(found.len(), 1, "{found:?}");
    let (file, message) = &found[0];
    assert!(file.ends_with("sources.toml"), "{file}");
    assert!(
        message.contains("source `trelleborg-2019-samverkansoverenskommelse-nyhet`"),
        "{message}"
    );
}

#[test]
fn a_source_with_both_url_and_reason_is_refused() {
    let found = problems(
        |dir| {
            edit(
                &dir.join("sources.toml"),
                "url = \"https://www.scb.se/",
                "no_url_reason = \"Ingen adress.\"\nurl = \"https://www.scb.se/",
            );
        },
        "not both",
    );
    assert!(
        found[0].1.contains("source `scb-lan-och-kommuner`"),
        "{found:?}"
    );
}

#[test]
fn an_id_whose_years_disagree_with_its_period_is_refused() {
    let found = problems(
        |dir| {
            let file = dir.join("municipalities/solvesborg.toml");
            // The pledge's period moves, its id stays `solvesborg-2022-2023`.
            edit(
                &file,
                "period = { start = \"2022\", end = \"2023\" }",
                "period = { start = \"2022\", end = \"2024\" }",
            );
        },
        "`id` names 2022–2023, but `period` is 2022–2024",
    );
    let (file, message) = &found[0];
    assert!(file.ends_with("municipalities/solvesborg.toml"), "{file}");
    assert!(
        message.contains("pledge `solvesborg-2022-2023`"),
        "{message}"
    );
}

#[test]
fn an_agreement_id_without_a_period_to_agree_with_is_refused() {
    let found = problems(
        |dir| {
            edit(
                &dir.join("municipalities/trelleborg.toml"),
                "period = { start = \"2019\", end = \"2022\" }",
                "",
            );
        },
        "no `period` to agree with it",
    );
    assert!(
        found[0].1.contains("agreement `trelleborg-2019-2022`"),
        "{found:?}"
    );
}

#[test]
fn an_undated_pledge_with_a_period_is_refused() {
    let found = problems(
        |dir| {
            edit(
                &dir.join("municipalities/falkenberg.toml"),
                "agreement = \"falkenberg-2020-2023\"\ntitle = \"Medborgarlöfte",
                "agreement = \"falkenberg-2020-2023\"\nperiod = { start = \"2021\", end = \"2021\" }\ntitle = \"Medborgarlöfte",
            );
        },
        "`id` says undated",
    );
    assert!(
        found[0].1.contains("pledge `falkenberg-undated-1`"),
        "{found:?}"
    );
}

#[test]
fn an_event_time_needs_a_day_and_a_role_is_listed_once() {
    problems(
        |dir| {
            edit(&dir.join("events.toml"), "held_on = \"2020-01-17\"\n", "");
        },
        "`starts_at` needs `held_on`",
    );
    problems(
        |dir| {
            edit(
                &dir.join("events.toml"),
                "invited = [\"region-halland\",",
                "invited = [\"region-halland\", \"region-halland\",",
            );
        },
        "organization `region-halland` is listed twice as invited",
    );
}

#[test]
fn an_id_shared_by_two_kinds_of_record_is_refused() {
    // A person given the id of a source: GraphQL's `node(id:)` could not tell them apart.
    let found = problems(
        |dir| {
            edit(
                &dir.join("people.toml"),
                "id = \"per-svensson\"",
                "id = \"solvesborg-2022-medborgarlofte-nyhet\"",
            );
        },
        "ids are unique across kinds",
    );
    assert_eq!(found.len(), 1, "{found:?}");
    let (file, message) = &found[0];
    assert!(file.ends_with("people.toml"), "{file}");
    assert!(
        message.contains("person `solvesborg-2022-medborgarlofte-nyhet` has the id of a source"),
        "{message}"
    );
}
