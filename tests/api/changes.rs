//! The change log: filled by the importer in its transaction, read through `GET /v1/changes`.

use crate::common;
use crate::support::datasets;

use std::collections::BTreeSet;
use std::path::Path;

use common::pages;
use common::{problem, TestApp, TestDb};
use datasets::{copy_of_data, edit};
use diesel::prelude::*;
use openpledges::dataset::{self, import, synthetic};
use openpledges::db;
use serde_json::Value;

const SOLVESBORG: &str = "municipalities/solvesborg.toml";

/// Every change matching `query` (a query string, maybe empty), oldest first, following
/// `next_cursor` and `Link` page by page.
async fn all_changes(app: &TestApp, query: &str, limit: u32) -> Vec<Value> {
    pages::walk_records(app, &format!("/v1/changes?{query}"), limit).await
}

fn ids(changes: &[Value]) -> Vec<i64> {
    changes.iter().map(|c| c["id"].as_i64().unwrap()).collect()
}

fn last_id(changes: &[Value]) -> i64 {
    ids(changes).into_iter().max().unwrap_or(0)
}

fn import_dir(db: &TestDb, dir: &Path) -> import::Report {
    let data = dataset::load(&[dir.to_owned()]).unwrap();
    import::import(&mut db.conn(), &data).unwrap()
}

/// The changes after `after`, as the API gives them.
async fn changes_after(app: &TestApp, after: i64) -> Vec<Value> {
    all_changes(app, &format!("after={after}"), 500).await
}

#[actix_web::test]
async fn the_first_import_logs_every_record_as_created() {
    let app = TestApp::spawn().await;
    let version = dataset::bundled().unwrap().version;
    let changes = all_changes(&app, "", 500).await;
    assert!(!changes.is_empty());
    let mut previous = 0;
    for c in &changes {
        assert_eq!(c["action"], "created", "{c}");
        assert_eq!(c["dataset_version"], version.as_str(), "{c}");
        let id = c["id"].as_i64().unwrap();
        assert!(id > previous, "ids must grow: {id} after {previous}");
        previous = id;
    }
    for (kind, collection) in [
        ("agreement", "/v1/agreements"),
        ("pledge", "/v1/pledges"),
        ("focus_area", "/v1/focus-areas"),
        ("activity", "/v1/activities"),
    ] {
        let logged: BTreeSet<String> = changes
            .iter()
            .filter(|c| c["type"] == kind)
            .map(|c| c["record_id"].as_str().unwrap().to_owned())
            .collect();
        let live: BTreeSet<String> = pages::walk(&app, collection, 500)
            .await
            .into_iter()
            .collect();
        assert!(!live.is_empty(), "{collection} is empty");
        assert_eq!(logged, live, "{kind}: created entries ≠ records");
    }
    assert_eq!(
        changes.len(),
        changes
            .iter()
            .filter(|c| c["type"] != "activity_status")
            .count(),
        "a first import logs records, not status changes"
    );
    // Each entry names its record as the record itself says it is, and links to it.
    for c in &changes {
        let url = c["url"].as_str().unwrap();
        let path = url
            .strip_prefix(&app.base)
            .unwrap_or_else(|| panic!("{url} is not absolute on this service"));
        let record = app.json(path).await;
        assert_eq!(record["id"], c["record_id"], "{url}");
        assert_eq!(record["title"], c["title"], "{url}");
        assert_eq!(record["municipality"]["id"], c["municipality"], "{url}");
        assert_eq!(
            record["municipality"]["code"], c["municipality_code"],
            "{url}"
        );
        if c["type"] == "activity" {
            assert_eq!(record["status"], c["status"], "{url}");
        }
    }
}

#[test]
fn reimporting_unchanged_data_logs_nothing() {
    let db = TestDb::loaded();
    let mut conn = db.conn();
    let count = |conn: &mut PgConnection| -> i64 {
        diesel::sql_query("SELECT count(*) AS n FROM changes")
            .get_result::<Count>(conn)
            .unwrap()
            .n
    };
    let before = count(&mut conn);
    assert!(before > 0, "the template's import logged nothing");
    let data = dataset::bundled().unwrap();
    let report = import::import(&mut conn, &data).unwrap();
    assert_eq!(report.changed_rows(), 0, "{report}");
    assert_eq!(count(&mut conn), before);
}

#[derive(QueryableByName)]
struct Count {
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    n: i64,
}

#[actix_web::test]
async fn a_changed_record_is_logged_once_as_updated() {
    let app = TestApp::spawn().await;
    let last = last_id(&all_changes(&app, "", 500).await);
    let dir = copy_of_data();
    edit(
        &dir.path().join(SOLVESBORG),
        "title = \"Ökad trafiksäkerhet\"",
        "title = \"Ökad trafiksäkerhet och trygghet\"",
    );
    let report = import_dir(&app.db, dir.path());
    assert!(report.to_string().contains("changes: +1"), "{report}");

    let new = changes_after(&app, last).await;
    assert_eq!(new.len(), 1, "{new:?}");
    let c = &new[0];
    assert_eq!(c["action"], "updated");
    assert_eq!(c["type"], "focus_area");
    assert_eq!(c["record_id"], "solvesborg-2022-2023/f3");
    assert_eq!(c["title"], "Ökad trafiksäkerhet och trygghet");
    assert_eq!(c["municipality"], "solvesborg");
    assert_eq!(c["municipality_code"], "1083");
    let url = c["url"].as_str().unwrap();
    let record = app.json(url.strip_prefix(&app.base).unwrap()).await;
    assert_eq!(record["title"], "Ökad trafiksäkerhet och trygghet");

    // A changed theme is a change of the focus area too, though its own row stays as it was.
    let last = c["id"].as_i64().unwrap();
    edit(
        &dir.path().join(SOLVESBORG),
        "themes = [\"traffic_safety\"]",
        "themes = [\"traffic_safety\", \"public_space\"]",
    );
    import_dir(&app.db, dir.path());
    let new = changes_after(&app, last).await;
    let what: Vec<(&str, &str, &str)> = new
        .iter()
        .map(|c| {
            (
                c["action"].as_str().unwrap(),
                c["type"].as_str().unwrap(),
                c["record_id"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(what, [("updated", "focus_area", "solvesborg-2022-2023/f3")]);
}

#[actix_web::test]
async fn a_removed_record_is_logged_as_deleted_with_its_id_and_type_only() {
    let app = TestApp::spawn().await;
    let last = last_id(&all_changes(&app, "", 500).await);
    let dir = copy_of_data();
    let file = dir.path().join(SOLVESBORG);
    // Drop the pledge's last activity: everything from its header on.
    let text = std::fs::read_to_string(&file).unwrap();
    let cut = text.rfind("[[pledge.activity]]").unwrap();
    std::fs::write(&file, &text[..cut]).unwrap();
    import_dir(&app.db, dir.path());

    let new = changes_after(&app, last).await;
    assert_eq!(new.len(), 1, "{new:?}");
    let c = &new[0];
    assert_eq!(c["action"], "deleted");
    assert_eq!(c["type"], "activity");
    assert_eq!(c["record_id"], "solvesborg-2022-2023/a3");
    assert_eq!(c["municipality"], "solvesborg");
    assert_eq!(c["municipality_code"], "1083");
    for field in ["title", "summary", "status", "status_since", "url"] {
        assert!(c[field].is_null(), "a deletion keeps no `{field}`: {c}");
    }
    assert_eq!(
        app.get("/v1/activities/solvesborg-2022-2023/a3")
            .await
            .status(),
        404
    );
    // Its creation stays in the log, no longer linking to a record that is gone.
    let created: Vec<Value> = all_changes(&app, "type=activity", 500)
        .await
        .into_iter()
        .filter(|c| c["record_id"] == "solvesborg-2022-2023/a3" && c["action"] == "created")
        .collect();
    assert_eq!(created.len(), 1);
    assert!(created[0]["url"].is_null(), "{}", created[0]);
    assert_eq!(created[0]["title"], "Närvaro och synlighet");
}

#[actix_web::test]
async fn a_status_event_is_logged_as_a_status_change() {
    let app = TestApp::spawn().await;
    let last = last_id(&all_changes(&app, "", 500).await);
    let dir = copy_of_data();
    let file = dir.path().join(SOLVESBORG);
    // A status event made up for the test, in the copy only.
    edit(
        &file,
        "[[pledge.activity]]\nid = \"a2\"",
        "[[pledge.activity.status]]\nstatus = \"in_progress\"\neffective_on = \"2023-03-01\"\n\
         source = \"solvesborg-2022-medborgarlofte-nyhet\"\n\n[[pledge.activity]]\nid = \"a2\"",
    );
    import_dir(&app.db, dir.path());
    let new = changes_after(&app, last).await;
    assert_eq!(new.len(), 1, "{new:?}");
    let c = &new[0];
    assert_eq!(c["action"], "updated");
    assert_eq!(c["type"], "activity_status");
    assert_eq!(c["record_id"], "solvesborg-2022-2023/a1");
    assert_eq!(c["title"], "Medborgardialog");
    assert_eq!(c["status"], "in_progress");
    assert_eq!(c["status_since"], "2023-03-01");
    let url = c["url"].as_str().unwrap();
    let activity = app.json(url.strip_prefix(&app.base).unwrap()).await;
    assert_eq!(activity["status"], "in_progress");

    // Taking the event back is a status change too, to the status the activity is left with.
    let last = c["id"].as_i64().unwrap();
    import_dir(&app.db, &datasets::bundled_dir());
    let new = changes_after(&app, last).await;
    assert_eq!(new.len(), 1, "{new:?}");
    assert_eq!(new[0]["type"], "activity_status");
    assert_eq!(new[0]["record_id"], "solvesborg-2022-2023/a1");
    assert_eq!(new[0]["status"], "unknown");
    assert!(new[0]["status_since"].is_null());
}

#[actix_web::test]
async fn pages_by_after_and_by_since_walk_every_change_once() {
    let app = TestApp::spawn().await;
    let first_import = all_changes(&app, "", 500).await;
    // A second import, later, so that `since` has two times to tell apart.
    std::thread::sleep(std::time::Duration::from_millis(20));
    let dir = copy_of_data();
    let file = dir.path().join(SOLVESBORG);
    edit(
        &file,
        "title = \"Medborgardialog\"",
        "title = \"Dialog med invånarna\"",
    );
    edit(
        &file,
        "title = \"Grannsamverkan\"",
        "title = \"Grannsamverkan i bostadsområden\"",
    );
    import_dir(&app.db, dir.path());
    let every = all_changes(&app, "", 500).await;
    assert_eq!(every.len(), first_import.len() + 2);
    let every_id = ids(&every);

    // By cursor, small pages.
    assert_eq!(ids(&all_changes(&app, "", 7).await), every_id);

    // By `after`, as a client that keeps the last id it saw.
    let mut seen: Vec<i64> = Vec::new();
    let mut after = 0;
    loop {
        let page = app
            .json(&format!("/v1/changes?after={after}&limit=9"))
            .await;
        let page = ids(page["data"].as_array().unwrap());
        let Some(&last) = page.last() else { break };
        seen.extend(page);
        after = last;
    }
    assert_eq!(seen, every_id);

    // By `since`: the second import's time gives its changes only; the first's gives all.
    let second_time = every.last().unwrap()["time"].as_str().unwrap().to_owned();
    let first_time = every[0]["time"].as_str().unwrap().to_owned();
    assert_ne!(first_time, second_time);
    let enc = |t: &str| t.replace('+', "%2B");
    let later = all_changes(&app, &format!("since={}", enc(&second_time)), 1).await;
    assert_eq!(ids(&later), every_id[every_id.len() - 2..]);
    let all = all_changes(&app, &format!("since={}", enc(&first_time)), 50).await;
    assert_eq!(ids(&all), every_id);
    // The same instant in another offset, its `+` sent unencoded (arriving as a space).
    let t = chrono::DateTime::parse_from_rfc3339(&second_time).unwrap();
    let in_stockholm = t
        .with_timezone(&chrono::FixedOffset::east_opt(3600).unwrap())
        .to_rfc3339();
    let loose = app.json(&format!("/v1/changes?since={in_stockholm}")).await;
    assert_eq!(ids(loose["data"].as_array().unwrap()), ids(&later));
    // Both together: after a change and since a time.
    let both = all_changes(
        &app,
        &format!(
            "since={}&after={}",
            enc(&second_time),
            every_id[every_id.len() - 2]
        ),
        5,
    )
    .await;
    assert_eq!(ids(&both), every_id[every_id.len() - 1..]);
    let none = app.json("/v1/changes?since=2999-01-01T00:00:00Z").await;
    assert_eq!(none["total"], 0);
    assert!(none["next_cursor"].is_null());
}

#[actix_web::test]
async fn filters_by_type_and_municipality() {
    let app = TestApp::spawn().await;
    let every = all_changes(&app, "", 500).await;
    let only = |pred: &dyn Fn(&Value) -> bool| -> Vec<i64> {
        every
            .iter()
            .filter(|c| pred(c))
            .map(|c| c["id"].as_i64().unwrap())
            .collect()
    };
    let pledges = all_changes(&app, "type=pledge,agreement", 500).await;
    assert!(!pledges.is_empty());
    assert_eq!(
        ids(&pledges),
        only(&|c| c["type"] == "pledge" || c["type"] == "agreement")
    );
    let by_slug = all_changes(&app, "municipality=solvesborg", 500).await;
    assert!(!by_slug.is_empty());
    assert_eq!(ids(&by_slug), only(&|c| c["municipality"] == "solvesborg"));
    let by_code = all_changes(&app, "municipality=1083", 500).await;
    assert_eq!(ids(&by_code), ids(&by_slug));
    let both = all_changes(&app, "municipality=solvesborg&type=activity", 500).await;
    assert_eq!(
        ids(&both),
        only(&|c| c["municipality"] == "solvesborg" && c["type"] == "activity")
    );
}

#[actix_web::test]
async fn bad_parameters_are_refused() {
    let app = TestApp::spawn().await;
    for (query, field) in [
        ("since=yesterday", "since"),
        ("since=2026-01-01", "since"),
        ("since=2026-13-01T00:00:00Z", "since"),
        ("since=2026-01-01T00:00:00", "since"),
        ("since=", "since"),
        ("after=-1", "after"),
        ("after=abc", "after"),
        ("after=1.5", "after"),
        ("after=%2B5", "after"),
        ("after=99999999999999999999", "after"),
        ("type=pledges", "type"),
        ("type=activity,", "type"),
        ("municipality=atlantis", "municipality"),
        ("municipality=9999", "municipality"),
        ("limit=0", "limit"),
        ("limit=501", "limit"),
        ("cursor=bogus", "cursor"),
        ("sort=-id", "sort"),
        ("after=1&after=2", "after"),
    ] {
        let body = problem(app.get(&format!("/v1/changes?{query}")).await, 400).await;
        let fields: Vec<&str> = body["errors"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|e| e["field"].as_str())
            .collect();
        assert!(fields.contains(&field), "{query}: {body}");
    }
}

#[actix_web::test]
async fn changes_are_also_csv() {
    let app = TestApp::spawn().await;
    let json = app.json("/v1/changes?limit=20").await;
    let (headers, rows) = pages::csv(&app, "/v1/changes?limit=20&format=csv", false).await;
    let data = json["data"].as_array().unwrap();
    assert_eq!(rows.len(), data.len());
    for (row, c) in rows.iter().zip(data) {
        for (h, cell) in headers.iter().zip(row) {
            assert_eq!(*cell, pages::cell(&c[h.as_str()]), "{h} of {c}");
        }
    }
    let (_, excel) = pages::csv(&app, "/v1/changes?limit=20&format=csv&excel=true", true).await;
    assert_eq!(excel, rows);
}

/// `openpledges generate` writes through the importer, so synthetic data is logged as created.
#[test]
fn generated_data_is_logged_as_created() {
    let db = TestDb::empty();
    let mut conn = db.conn();
    db::migrate(&mut conn).unwrap();
    let themes = dataset::bundled().unwrap().themes;
    let params = synthetic::Params {
        municipalities: 2,
        years: 2,
        seed: 3,
        first_year: 2021,
    };
    let data = synthetic::generate(&params, themes).unwrap();
    import::import(&mut conn, &data).unwrap();
    let mut n = |sql: &str| {
        diesel::sql_query(sql)
            .get_result::<Count>(&mut conn)
            .unwrap()
            .n
    };
    let records = n("SELECT ((SELECT count(*) FROM agreements) + (SELECT count(*) FROM pledges)
                  + (SELECT count(*) FROM focus_areas) + (SELECT count(*) FROM activities))::int8 AS n");
    assert!(records > 0);
    assert_eq!(
        n("SELECT count(*) AS n FROM changes WHERE action = 'created'"),
        records
    );
    assert_eq!(n("SELECT count(*) AS n FROM changes"), records);
}
