//! The widget in a real browser: Debian's Chromium, driven by playwright-core from
//! `tests/browser/check.mjs`, over the app and a host page on another origin. The script reports
//! what it saw; this test asserts. It installs Debian's `/usr/bin/chromium` and
//! `tests/browser/node_modules` on first use (`common::tools`). Screenshots go to `target/browser-artifacts/`; with
//! `OPENPLEDGES_UPDATE_SCREENSHOTS=1` the README's four are copied to `docs/screenshots/`.

use crate::common;

mod case;
mod expect;
mod host;
mod scenarios;
mod swagger;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use case::judge;
use common::{project_dir, TestApp};
use diesel::RunQueryDsl;
use expect::Pledge;
use host::HostSite;
use scenarios::{cases, readme_cases};
use serde_json::{json, Value};

/// The whole browser run; it takes well under a minute on an idle machine.
const BUDGET: Duration = Duration::from_secs(300);

/// The browser and the npm packages, installed on first use (see `common::tools`).
fn require_tools(dir: &Path) -> PathBuf {
    let chromium = common::tools::chromium();
    common::tools::npm_packages(dir);
    chromium
}

/// The bundled data reports no status, so statuses are written here: every one of the five words
/// shows up across Sölvesborg (three) and Falkenberg (two, one by having no event).
fn insert_status_events(app: &TestApp) {
    let mut conn = app.db.conn();
    for (activity, status, day, source) in [
        (
            "solvesborg-2022-2023/a1",
            "planned",
            "2022-03-01",
            "solvesborg-2022-medborgarlofte-nyhet",
        ),
        (
            "solvesborg-2022-2023/a1",
            "in_progress",
            "2022-09-01",
            "solvesborg-2022-medborgarlofte-nyhet",
        ),
        (
            "solvesborg-2022-2023/a2",
            "completed",
            "2023-05-01",
            "solvesborg-2022-medborgarlofte-nyhet",
        ),
        (
            "solvesborg-2022-2023/a3",
            "cancelled",
            "2023-02-01",
            "solvesborg-2022-medborgarlofte-nyhet",
        ),
        (
            "falkenberg-undated-1/a1",
            "planned",
            "2021-01-15",
            "falkenberg-medborgarlofte-nyhet",
        ),
    ] {
        let n = diesel::sql_query(
            "INSERT INTO activity_status_events (activity_id, status, effective_on, source_id)
             SELECT x.id, $2, $3::date, s.id FROM activities x, sources s
             WHERE x.public_id = $1 AND s.public_id = $4",
        )
        .bind::<diesel::sql_types::Text, _>(activity)
        .bind::<diesel::sql_types::Text, _>(status)
        .bind::<diesel::sql_types::Text, _>(day)
        .bind::<diesel::sql_types::Text, _>(source)
        .execute(&mut conn)
        .expect("insert status event");
        assert_eq!(
            n, 1,
            "no activity {activity} or source {source} in the test database"
        );
    }
}

/// Runs the browser script over the cases and returns its JSON result; its log goes to the artifacts.
async fn run_script(dir: &Path, script: &str, artifacts: &Path, config: &Value) -> Value {
    let log = artifacts.join(format!("{script}.log"));
    let out = artifacts.join(format!("{script}.json"));
    let mut child = Command::new("node")
        .arg(dir.join(script))
        .arg(config.to_string())
        .stdout(std::fs::File::create(&out).expect("stdout file"))
        .stderr(std::fs::File::create(&log).expect("log file"))
        .stdin(Stdio::null())
        .spawn()
        .expect("start node");
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait for node") {
            break status;
        }
        if started.elapsed() > BUDGET {
            let _ = child.kill();
            let _ = child.wait();
            panic!(
                "the browser script ran over {BUDGET:?}; see {}",
                log.display()
            );
        }
        actix_web::rt::time::sleep(Duration::from_millis(100)).await;
    };
    let log_text = std::fs::read_to_string(&log).unwrap_or_default();
    assert!(
        status.success(),
        "the browser script failed ({status}):\n{log_text}"
    );
    let text = std::fs::read_to_string(&out).expect("script output");
    serde_json::from_str(&text)
        .unwrap_or_else(|e| panic!("script output is no JSON ({e}):\n{log_text}"))
}

/// Error texts must be in the chosen language: Swedish and English ones differ.
fn alert_text(result: &Value, name: &str) -> String {
    result["cases"]
        .as_array()
        .and_then(|cs| cs.iter().find(|c| c["name"] == name))
        .and_then(|c| c["widths"][0]["hooks"]["alerts"][0]["text"].as_str())
        .unwrap_or_default()
        .to_owned()
}

fn copy_readme_shots(artifacts: &Path) {
    if std::env::var("OPENPLEDGES_UPDATE_SCREENSHOTS").as_deref() != Ok("1") {
        return;
    }
    let docs = project_dir().join("docs/screenshots");
    std::fs::create_dir_all(&docs).expect("docs/screenshots");
    for file in [
        "embed-light.png",
        "embed-dark.png",
        "component-light.png",
        "component-dark.png",
    ] {
        std::fs::copy(artifacts.join("readme").join(file), docs.join(file))
            .unwrap_or_else(|e| panic!("copy {file} to docs/screenshots: {e}"));
    }
}

#[actix_web::test]
async fn the_widget_in_chromium() {
    let dir = project_dir().join("tests/browser");
    let chromium = require_tools(&dir);
    let artifacts = project_dir().join("target/browser-artifacts");
    let _ = std::fs::remove_dir_all(&artifacts);
    std::fs::create_dir_all(&artifacts).expect("artifacts dir");

    let app = TestApp::spawn().await;
    insert_status_events(&app);
    let site = HostSite::spawn(&app.base);
    let solvesborg =
        Pledge::from_widget_json(&app.json("/v1/municipalities/solvesborg/pledge").await);
    let falkenberg =
        Pledge::from_widget_json(&app.json("/v1/municipalities/falkenberg/pledge").await);
    let mut seen: Vec<&str> = solvesborg.statuses();
    seen.extend(falkenberg.statuses());
    for status in [
        "planned",
        "in_progress",
        "completed",
        "cancelled",
        "unknown",
    ] {
        assert!(
            seen.contains(&status),
            "no activity is {status} in the API after the inserts: {seen:?}"
        );
    }

    let bundled = TestApp::spawn().await;
    let bundled_site = HostSite::spawn(&bundled.base);
    let as_bundled =
        Pledge::from_widget_json(&bundled.json("/v1/municipalities/solvesborg/pledge").await);

    let mut cases = cases(&app, &site, &solvesborg, &falkenberg);
    cases.extend(readme_cases(&bundled, &bundled_site, &as_bundled));
    let config = json!({
        "chromium": chromium,
        "app": app.base,
        "host": site.base,
        "artifacts": artifacts,
        "words": expect::words_json(),
        "cases": cases,
    });
    let started = Instant::now();
    let result = run_script(&dir, "check.mjs", &artifacts, &config).await;
    eprintln!(
        "browser: Chromium {} over {} cases in {:.1} s; artifacts in {}",
        result["chromium"],
        cases.len(),
        started.elapsed().as_secs_f64(),
        artifacts.display()
    );

    let results = result["cases"].as_array().expect("cases in the result");
    assert_eq!(results.len(), cases.len(), "one result per case");
    let mut failures = Vec::new();
    for (c, r) in cases.iter().zip(results) {
        assert_eq!(r["name"], c.name.as_str(), "results in case order");
        let found = judge(c, r);
        if c.name == "control" {
            for expected in [
                "axe image-alt",
                "request to another host",
                "Set-Cookie on",
                "cookies in the browser",
            ] {
                assert!(
                    found.iter().any(|f| f.contains(expected)),
                    "the control page should fail with {expected:?}, but the checks found: {found:#?}"
                );
            }
            continue;
        }
        failures.extend(found);
    }
    for kind in ["unknown", "offline"] {
        let (sv, en) = (
            alert_text(&result, &format!("component-{kind}-sv")),
            alert_text(&result, &format!("component-{kind}-en")),
        );
        if !sv.is_empty() && sv == en {
            failures.push(format!(
                "component-{kind}: the same error text in sv and en: {sv:?}"
            ));
        }
    }
    for s in [site, bundled_site] {
        s.stop().await;
    }
    for a in [app, bundled] {
        a.stop().await;
    }
    // Before the verdict: a failure elsewhere should not keep the images from being looked at.
    copy_readme_shots(&artifacts);
    assert!(
        failures.is_empty(),
        "{} problem(s) in the browser (screenshots and result.json in {}):\n- {}",
        failures.len(),
        artifacts.display(),
        failures.join("\n- ")
    );
}
