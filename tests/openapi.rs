mod common;

use common::TestApp;

/// `openapi/openapi.json` is what the service serves; regenerate it with
/// `cargo run -- openapi > openapi/openapi.json`.
#[actix_web::test]
async fn the_committed_document_is_current() {
    let app = TestApp::spawn().await;
    let served = app.get("/openapi.json").await.text().await.unwrap();
    let committed = std::fs::read_to_string(common::project_dir().join("openapi/openapi.json"))
        .unwrap_or_default();
    assert!(
        served == committed,
        "openapi/openapi.json is stale: run `cargo run -- openapi > openapi/openapi.json`"
    );
    let doc: serde_json::Value = serde_json::from_str(&served).unwrap();
    assert!(doc["openapi"].as_str().unwrap().starts_with("3.1"));
    for path in [
        "/v1/municipalities",
        "/v1/municipalities/{id}",
        "/healthz",
        "/readyz",
    ] {
        assert!(doc["paths"][path].is_object(), "{path} undocumented");
    }
    app.stop().await;
}
