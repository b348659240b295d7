use crate::common;

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

/// `openapi-spec-validator` (PyPI) accepts the served document as OpenAPI 3.1, and every operation
/// has an id of its own (code generators key on them).
#[actix_web::test]
async fn the_document_is_valid_openapi_with_unique_operation_ids() {
    let app = TestApp::spawn().await;
    let served = app.get("/openapi.json").await.text().await.unwrap();
    let doc: serde_json::Value = serde_json::from_str(&served).unwrap();
    let mut ids = std::collections::BTreeMap::<String, Vec<String>>::new();
    for (path, ops) in doc["paths"].as_object().unwrap() {
        for (method, op) in ops.as_object().unwrap() {
            if let Some(id) = op.get("operationId").and_then(|v| v.as_str()) {
                ids.entry(id.to_owned())
                    .or_default()
                    .push(format!("{method} {path}"));
                assert!(
                    id.chars().next().unwrap().is_ascii_lowercase()
                        && id.chars().all(|c| c.is_ascii_alphanumeric()),
                    "operationId `{id}` is not camelCase"
                );
            } else {
                panic!("{method} {path} has no operationId");
            }
        }
    }
    let repeated: Vec<_> = ids.iter().filter(|(_, at)| at.len() > 1).collect();
    assert!(repeated.is_empty(), "operationIds used twice: {repeated:?}");
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("openapi.json");
    std::fs::write(&file, &served).unwrap();
    let out = std::process::Command::new(common::tools::openapi_spec_validator())
        .arg(&file)
        .output()
        .expect("run openapi-spec-validator");
    assert!(
        out.status.success(),
        "openapi-spec-validator: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    app.stop().await;
}

/// One version: the README changelog's latest entry, `info.version`, `/v1/meta`, `/v1` and the
/// `API-Version` header of every answer.
#[actix_web::test]
async fn one_contract_version_everywhere() {
    let app = TestApp::spawn().await;
    let readme = std::fs::read_to_string(common::project_dir().join("README.md")).unwrap();
    let changelog = readme
        .split("## Changelog of contract changes")
        .nth(1)
        .expect("a changelog section");
    let latest = changelog
        .lines()
        .filter_map(|l| l.strip_prefix("- "))
        .filter_map(|l| l.split_whitespace().next())
        .rfind(|v| v.split('.').count() == 3 && v.split('.').all(|p| p.parse::<u32>().is_ok()))
        .expect("a version in the changelog")
        .to_owned();
    let doc = app.json("/openapi.json").await;
    assert_eq!(doc["info"]["version"], latest.as_str());
    assert_eq!(app.json("/v1/meta").await["api_version"], latest.as_str());
    assert_eq!(app.json("/v1").await["api_version"], latest.as_str());
    for path in ["/v1/themes", "/healthz", "/v1/nothing"] {
        let res = app.get(path).await;
        assert_eq!(res.headers()["api-version"], latest.as_str(), "{path}");
    }
    app.stop().await;
}

/// `/v1` links every collection and the other doors; every problem `type` URI the service uses
/// answers a page.
#[actix_web::test]
async fn the_index_and_the_problem_types_resolve() {
    let app = TestApp::spawn().await;
    let index = app.json("/v1").await;
    for (name, url) in index["collections"].as_object().unwrap() {
        let path = url.as_str().unwrap().strip_prefix(&app.base).unwrap();
        assert_eq!(app.get(path).await.status(), 200, "{name}: {path}");
    }
    for key in [
        "openapi",
        "graphql_schema",
        "exports",
        "dcat",
        "feed",
        "meta",
    ] {
        let url = index["links"][key].as_str().unwrap();
        let path = url.strip_prefix(&app.base).unwrap();
        assert_eq!(app.get(path).await.status(), 200, "{key}: {path}");
    }
    assert_eq!(index["collections"].as_object().unwrap().len(), 10);
    // Problems the service answers, each with a type URI that resolves.
    for path in [
        "/v1/themes?limit=0",
        "/v1/themes/nope",
        "/v1/municipalities/nope/pledge",
        "/v1/municipalities/trelleborg/pledge",
    ] {
        let problem: serde_json::Value = app.get(path).await.json().await.unwrap();
        let kind = problem["type"].as_str().unwrap();
        let page = app.get(kind).await;
        assert_eq!(page.status(), 200, "{kind} (from {path})");
        assert!(page
            .text()
            .await
            .unwrap()
            .contains(problem["title"].as_str().unwrap()));
    }
    for kind in openpledges::rest::index::PROBLEM_TYPES.iter().map(|p| p.0) {
        assert_eq!(
            app.get(&format!("/problems/{kind}")).await.status(),
            200,
            "{kind}"
        );
    }
    assert_eq!(app.get("/problems/nope").await.status(), 404);
    app.stop().await;
}

/// Every value the document lists for a parameter (its `enum`, or the single statuses its
/// `pattern` allows) is accepted by the server, alone, on every operation without path parameters;
/// and a value outside the enum is refused by name.
#[actix_web::test]
async fn every_listed_value_is_accepted_and_others_are_refused() {
    let app = TestApp::spawn().await;
    let doc = app.json("/openapi.json").await;
    let mut tried = 0;
    for (path, item) in doc["paths"].as_object().unwrap() {
        if path.contains('{') || !path.starts_with("/v1/") {
            continue;
        }
        let params = item["get"]["parameters"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        // Required parameters (the search's `q`) go along with their documented example.
        let required: String = params
            .iter()
            .filter(|p| p["required"] == true)
            .map(|p| {
                let example = p["example"]
                    .as_str()
                    .unwrap_or_else(|| panic!("{path}: {p}"));
                format!("&{}={example}", p["name"].as_str().unwrap())
            })
            .collect();
        for param in &params {
            let name = param["name"].as_str().unwrap();
            let schema = &param["schema"];
            let values: Vec<String> = match (&schema["enum"], &schema["pattern"]) {
                (serde_json::Value::Array(v), _) => {
                    v.iter().map(|x| x.as_str().unwrap().to_owned()).collect()
                }
                // Comma-separated lists: `^(a|b)(,(a|b))*$`; each value alone, and all together.
                (_, serde_json::Value::String(p)) => {
                    let one = p
                        .strip_prefix("^(")
                        .and_then(|r| r.split_once(')'))
                        .map(|(alts, _)| alts)
                        .unwrap_or_else(|| panic!("{path} {name}: pattern {p}"));
                    assert_eq!(p, &comma_list(one), "{path} {name}");
                    let mut v: Vec<String> = one.split('|').map(str::to_owned).collect();
                    v.push(v.join(","));
                    v
                }
                _ => continue,
            };
            for v in &values {
                let url = format!("{path}?{name}={v}{required}");
                assert_eq!(app.get(&url).await.status(), 200, "GET {url}");
                tried += 1;
            }
            if schema["enum"].is_array() {
                let url = format!("{path}?{name}=not-listed{required}");
                let body = common::problem(app.get(&url).await, 400).await;
                assert_eq!(body["errors"][0]["field"], name, "GET {url}: {body}");
            }
        }
    }
    assert!(tried > 60, "only {tried} listed values tried");
}

fn comma_list(alternatives: &str) -> String {
    format!("^({alternatives})(,({alternatives}))*$")
}

/// Every problem response of the document has an example of its own status, whose `type` is a
/// problem type the service describes at that URI.
#[actix_web::test]
async fn problem_examples_match_their_status() {
    let app = TestApp::spawn().await;
    let doc = app.json("/openapi.json").await;
    let mut seen = 0;
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (status, response) in item["get"]["responses"].as_object().into_iter().flatten() {
            let content = &response["content"]["application/problem+json"];
            if content.is_null() {
                continue;
            }
            let example = &content["example"];
            assert_eq!(
                example["status"].to_string(),
                *status,
                "{path} {status}: {example}"
            );
            let kind = example["type"].as_str().unwrap();
            assert_eq!(
                kind,
                format!(
                    "/problems/{}",
                    example["code"].as_str().unwrap().replace('_', "-")
                )
            );
            assert_eq!(app.get(kind).await.status(), 200, "{kind}");
            seen += 1;
        }
    }
    assert!(seen > 60, "only {seen} problem responses");
}

/// Each path parameter's `pattern` is the server's rule for that kind of id: a value outside it
/// is refused with a 400 problem, and one inside it that names nothing is a 404, never a 400.
#[actix_web::test]
async fn id_patterns_are_the_rules_the_server_keeps() {
    let app = TestApp::spawn().await;
    let doc: serde_json::Value = app.get("/openapi.json").await.json().await.unwrap();
    let mut checked = 0;
    for (path, item) in doc["paths"].as_object().unwrap() {
        let Some(params) = item["get"]["parameters"].as_array() else {
            continue;
        };
        let in_path: Vec<&serde_json::Value> =
            params.iter().filter(|p| p["in"] == "path").collect();
        let example = |p: &serde_json::Value| p["example"].as_str().unwrap_or_default().to_owned();
        for p in &in_path {
            let Some(pattern) = p["schema"]["pattern"].as_str() else {
                continue;
            };
            // A value that fits the pattern and names no record.
            let fitting = match pattern {
                "^a[0-9]+$" => "a999999",
                "^f[0-9]+$" => "f999999",
                "^[a-z]+(_[a-z]+)*$" => "no_such_code",
                "^[a-z0-9]+(-[a-z0-9]+)*$" => "no-such-record",
                other => panic!("{path}: a pattern this test does not know: {other}"),
            };
            let with = |value: &str| {
                in_path.iter().fold(path.clone(), |url, q| {
                    let v = if q["name"] == p["name"] {
                        value.to_owned()
                    } else {
                        example(q)
                    };
                    url.replace(&format!("{{{}}}", q["name"].as_str().unwrap()), &v)
                })
            };
            let outside = app.get(&with("Not-An-Id!")).await;
            assert_eq!(
                outside.status(),
                400,
                "{path} with {} outside {pattern}",
                p["name"]
            );
            let problem: serde_json::Value = outside.json().await.unwrap();
            assert_eq!(problem["status"], 400, "{problem}");
            let inside = app.get(&with(fitting)).await.status();
            assert_eq!(
                inside, 404,
                "{path} with {} = {fitting}, which fits {pattern}",
                p["name"]
            );
            checked += 1;
        }
    }
    assert!(checked >= 13, "path parameters with patterns: {checked}");
}
