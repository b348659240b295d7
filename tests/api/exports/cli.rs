//! `openpledges export DIR`.

use std::process::Command;

use crate::common::{TestApp, TestDb};
use crate::exports::bytes;

fn export(db: &TestDb, dir: &std::path::Path) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_openpledges"))
        .arg("export")
        .arg(dir)
        .env("DATABASE_URL", &db.url)
        .env("RUST_LOG", "warn")
        .output()
        .expect("run openpledges")
}

#[actix_web::test]
async fn export_writes_the_served_files() {
    let app = TestApp::spawn().await;
    let parent = tempfile::tempdir().unwrap();
    let dir = parent.path().join("out");
    let out = export(&app.db, &dir);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut written: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    written.sort();
    let mut want: Vec<String> = openpledges::exports::catalog()
        .into_iter()
        .map(|f| f.name)
        .collect();
    want.sort();
    assert_eq!(written, want);
    for name in ["activities.csv", "themes.ndjson", "citations.csv"] {
        assert_eq!(
            std::fs::read(dir.join(name)).unwrap(),
            bytes(&app, &format!("/v1/exports/{name}")).await,
            "{name}"
        );
    }
    let package: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("datapackage.json")).unwrap()).unwrap();
    let served: serde_json::Value =
        serde_json::from_slice(&bytes(&app, "/v1/exports/datapackage.json").await).unwrap();
    assert_eq!(package, served);
    assert_eq!(
        std::fs::read_dir(parent.path()).unwrap().count(),
        1,
        "no temporary directory left"
    );

    // A directory that holds something is refused and left as it was.
    let again = export(&app.db, &dir);
    assert!(!again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("not empty"));
    assert_eq!(std::fs::read_dir(&dir).unwrap().count(), want.len());
}

#[test]
fn a_failed_export_leaves_nothing() {
    // A database without the schema: the export fails part-way.
    let db = TestDb::empty();
    let parent = tempfile::tempdir().unwrap();
    let dir = parent.path().join("out");
    let out = export(&db, &dir);
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("export to") && stderr.contains("nothing written"),
        "{stderr}"
    );
    assert_eq!(
        std::fs::read_dir(parent.path()).unwrap().count(),
        0,
        "nothing left: {stderr}"
    );
}
