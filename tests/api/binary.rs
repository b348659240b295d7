//! The built binary as a user runs it: copied away from the checkout, started with no subcommand,
//! configured only by the environment variables the README documents.

use crate::common;
use crate::support::datasets;

use std::path::Path;

use common::process::{free_addr, Running};
use common::TestDb;
use diesel::RunQueryDsl;
use serde_json::Value;

/// Renames every theme label behind the importer's back: a cached service keeps the old one.
fn relabel_themes(db: &TestDb) {
    diesel::sql_query("UPDATE themes SET label_sv = 'Ändrad bakom ryggen'")
        .execute(&mut db.conn())
        .expect("update themes");
}

fn labels(themes: &Value) -> Vec<String> {
    themes["data"]
        .as_array()
        .expect("data")
        .iter()
        .map(|t| t["label_sv"].as_str().expect("label_sv").to_owned())
        .collect()
}

#[actix_web::test]
async fn a_copied_binary_serves_the_bundled_dataset_with_no_files_around() {
    let bundled = openpledges::dataset::bundled().expect("bundled dataset");
    let dir = tempfile::tempdir().unwrap();
    let binary = dir.path().join("openpledges");
    std::fs::copy(env!("CARGO_BIN_EXE_openpledges"), &binary).expect("copy binary");
    let contents = std::fs::read(&binary).unwrap();
    for place in ["data", ".pgdata"] {
        let path = common::project_dir().join(place);
        let path = path.to_string_lossy();
        assert!(
            !contents.windows(path.len()).any(|w| w == path.as_bytes()),
            "the binary names {path} of the machine it was built on"
        );
    }
    assert!(std::fs::read_dir(dir.path()).unwrap().count() == 1);

    let db = TestDb::empty();
    let addr = free_addr();
    let app = Running::start(
        &binary,
        dir.path(),
        &[("DATABASE_URL", &db.url), ("OPENPLEDGES_ADDR", &addr)],
        &addr,
    )
    .await;
    let meta = app.json("/v1/meta").await;
    assert_eq!(meta["dataset"]["version"], bundled.version, "{meta}");
    // The embedded files are the repository's `data/`, byte for byte.
    let from_files = openpledges::dataset::load(&[common::project_dir().join("data")]).unwrap();
    assert_eq!(meta["dataset"]["digest"], from_files.digest, "{meta}");
    let municipalities = app.json("/v1/municipalities").await;
    assert_eq!(
        municipalities["total"],
        bundled.municipalities.len(),
        "{municipalities}"
    );
    let themes = app.json("/v1/themes").await;
    // The response cache is on by default: a change behind the importer's back is not seen.
    relabel_themes(&db);
    assert_eq!(labels(&app.json("/v1/themes").await), labels(&themes));
    app.stop();
}

#[actix_web::test]
async fn every_configuration_variable_takes_effect_without_a_subcommand() {
    let db = TestDb::empty();
    let addr = free_addr();
    let data = datasets::copy_of_data();
    let themes_file = data.path().join("themes.toml");
    let text = std::fs::read_to_string(&themes_file).unwrap();
    let (from, to) = (
        "label_en = \"Port\"",
        "label_en = \"Harbour (from OPENPLEDGES_DATA)\"",
    );
    assert!(text.contains(from), "themes.toml has no `{from}`");
    std::fs::write(&themes_file, text.replace(from, to)).unwrap();

    let cwd = tempfile::tempdir().unwrap();
    let app = Running::start(
        Path::new(env!("CARGO_BIN_EXE_openpledges")),
        cwd.path(),
        &[
            ("DATABASE_URL", &db.url),
            ("OPENPLEDGES_ADDR", &addr),
            ("OPENPLEDGES_PUBLIC_URL", "https://pledges.example.org/"),
            ("OPENPLEDGES_POOL_SIZE", "3"),
            ("OPENPLEDGES_RESPONSE_CACHE", "false"),
            ("OPENPLEDGES_LOG_JSON", "true"),
            ("OPENPLEDGES_DATA", &data.path().to_string_lossy()),
            ("RUST_LOG", "info"),
        ],
        &addr,
    )
    .await;
    // OPENPLEDGES_ADDR: it answered there. OPENPLEDGES_POOL_SIZE:
    assert_eq!(app.json("/readyz").await["pool"]["max_size"], 3);
    // OPENPLEDGES_DATA: the dataset loaded is the folder's, not the built-in one.
    let port = app.json("/v1/themes/port").await;
    assert_eq!(
        port["label_en"], "Harbour (from OPENPLEDGES_DATA)",
        "{port}"
    );
    // OPENPLEDGES_PUBLIC_URL: absolute links under it.
    let feed = app.text("/feed.atom").await;
    assert!(
        feed.contains("https://pledges.example.org/v1/")
            && !feed.contains(&format!("http://{addr}")),
        "feed links: {}",
        &feed[..feed.len().min(600)]
    );
    // OPENPLEDGES_RESPONSE_CACHE=false: a change in the database is served at once.
    relabel_themes(&db);
    assert!(labels(&app.json("/v1/themes").await)
        .iter()
        .all(|l| l == "Ändrad bakom ryggen"));
    // OPENPLEDGES_LOG_JSON: every log line is a JSON object; requests carry their id.
    let log = app.stop();
    let lines: Vec<&str> = log.lines().collect();
    assert!(!lines.is_empty(), "nothing logged");
    for line in &lines {
        let parsed: Value = serde_json::from_str(line)
            .unwrap_or_else(|e| panic!("not a JSON log line ({e}): {line}"));
        assert!(parsed.is_object(), "{line}");
    }
    assert!(
        lines
            .iter()
            .any(|l| l.contains("request_id") && l.contains("/v1/themes")),
        "no request logged: {lines:?}"
    );
}
