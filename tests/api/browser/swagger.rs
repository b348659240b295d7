//! Swagger UI as a new user meets it: "Try it out" on every operation, with the values the UI
//! prefills from the document's examples, then "Execute". Every one must answer 200 on the bundled
//! data: an example that needs another parameter, or one that conflicts with another, fails here.

use serde_json::{json, Value};

use super::{require_tools, run_script};
use crate::common::{project_dir, TestApp};

/// The GET operations of the served document, as `GET /path`.
fn documented_operations(doc: &Value) -> Vec<String> {
    let mut ops: Vec<String> = doc["paths"]
        .as_object()
        .expect("paths")
        .iter()
        .filter(|(_, item)| item.get("get").is_some())
        .map(|(path, _)| format!("GET {path}"))
        .collect();
    ops.sort();
    ops
}

#[actix_web::test]
async fn try_it_out_answers_200_for_every_operation() {
    let dir = project_dir().join("tests/browser");
    let chromium = require_tools(&dir);
    let artifacts = project_dir().join("target/browser-artifacts-swagger");
    let _ = std::fs::remove_dir_all(&artifacts);
    std::fs::create_dir_all(&artifacts).expect("artifacts dir");

    let app = TestApp::spawn().await;
    let doc = app.json("/openapi.json").await;
    let config = json!({ "chromium": chromium, "app": app.base });
    let result = run_script(&dir, "try-it-out.mjs", &artifacts, &config).await;
    app.stop().await;

    let operations = result["operations"].as_array().expect("operations");
    let mut shown: Vec<String> = operations
        .iter()
        .map(|o| {
            format!(
                "{} {}",
                o["method"].as_str().unwrap_or("?"),
                o["path"].as_str().unwrap_or("?")
            )
        })
        .collect();
    shown.sort();
    assert_eq!(
        shown,
        documented_operations(&doc),
        "Swagger UI shows every operation once"
    );

    let failures: Vec<String> = operations
        .iter()
        .filter(|o| o["status"] != "200")
        .map(|o| {
            format!(
                "{} {}: {} (sent {})",
                o["method"].as_str().unwrap_or("?"),
                o["path"].as_str().unwrap_or("?"),
                o.get("status").or(o.get("error")).unwrap_or(&Value::Null),
                o["url"].as_str().unwrap_or("?")
            )
        })
        .collect();
    assert_eq!(
        result["pageErrors"].as_array().map(Vec::len),
        Some(0),
        "errors in the docs page: {}",
        result["pageErrors"]
    );
    assert!(
        failures.is_empty(),
        "{} operation(s) answered otherwise than 200 with the prefilled values:\n- {}",
        failures.len(),
        failures.join("\n- ")
    );
}
