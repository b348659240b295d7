use crate::common;

use std::process::Command;

use common::TestDb;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Bool, Date, Text};
use openpledges::dataset::{self, import, synthetic, Dataset};
use openpledges::db;

const SMALL: synthetic::Params = synthetic::Params {
    municipalities: 5,
    years: 3,
    seed: 7,
    first_year: 2020,
};

fn small() -> Dataset {
    let themes = dataset::bundled().unwrap().themes;
    synthetic::generate(&SMALL, themes).unwrap()
}

/// An empty database, migrated, with the small instance written into it.
fn generated() -> (TestDb, PgConnection) {
    let db = TestDb::empty();
    let mut conn = db.conn();
    db::migrate(&mut conn).unwrap();
    let report = import::import(&mut conn, &small()).unwrap();
    assert!(report.new_version);
    (db, conn)
}

fn cli(args: &[&str], db: &TestDb) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_openpledges"))
        .args(args)
        .env("DATABASE_URL", &db.url)
        .env("RUST_LOG", "warn")
        .output()
        .unwrap()
}

#[derive(QueryableByName, Debug)]
struct Range {
    #[diesel(sql_type = BigInt)]
    lo: i64,
    #[diesel(sql_type = BigInt)]
    hi: i64,
}

/// The smallest and largest of a per-row count.
fn range(conn: &mut PgConnection, counts: &str) -> (i64, i64) {
    let r: Range = diesel::sql_query(format!(
        "SELECT coalesce(min(n), 0)::int8 AS lo, coalesce(max(n), 0)::int8 AS hi FROM ({counts}) x"
    ))
    .get_result(conn)
    .unwrap();
    (r.lo, r.hi)
}

fn count(conn: &mut PgConnection, table: &str) -> i64 {
    range(conn, &format!("SELECT count(*) AS n FROM {table}")).0
}

#[test]
fn sizes_are_in_the_stated_ranges() {
    let (_db, mut conn) = generated();
    assert_eq!(count(&mut conn, "municipalities"), 5);
    // One four-year agreement covers three years; a pledge a year, or every other year for some.
    assert_eq!(count(&mut conn, "agreements"), 5);
    let pledges = count(&mut conn, "pledges");
    assert!((5 * 2..=5 * 3).contains(&pledges), "{pledges} pledges");
    let (lo, hi) = range(
        &mut conn,
        "SELECT count(f.id) AS n FROM pledges p LEFT JOIN focus_areas f ON f.pledge_id = p.id GROUP BY p.id",
    );
    assert!(lo >= 2 && hi <= 5, "focus areas per pledge {lo}–{hi}");
    let (lo, hi) = range(
        &mut conn,
        "SELECT count(t.theme_id) AS n FROM focus_areas f LEFT JOIN focus_area_themes t ON t.focus_area_id = f.id GROUP BY f.id",
    );
    assert!(lo >= 1 && hi <= 3, "themes per focus area {lo}–{hi}");
    // 3–10 activities for each focus area of the pledge.
    let (lo, hi) = range(
        &mut conn,
        "SELECT (SELECT count(*) FROM activities a WHERE a.pledge_id = p.id)
              - 3 * (SELECT count(*) FROM focus_areas f WHERE f.pledge_id = p.id) AS n FROM pledges p",
    );
    assert!(
        lo >= 0,
        "a pledge with fewer than 3 activities a focus area"
    );
    assert!(hi > 0);
    let (_, over) = range(
        &mut conn,
        "SELECT (SELECT count(*) FROM activities a WHERE a.pledge_id = p.id)
              - 10 * (SELECT count(*) FROM focus_areas f WHERE f.pledge_id = p.id) AS n FROM pledges p",
    );
    assert!(
        over <= 0,
        "a pledge with more than 10 activities a focus area"
    );
    let (lo, hi) = range(
        &mut conn,
        "SELECT count(e.id) AS n FROM activities a LEFT JOIN activity_status_events e ON e.activity_id = a.id GROUP BY a.id",
    );
    assert!(
        lo == 0 && (3..=4).contains(&hi),
        "status events per activity {lo}–{hi}"
    );
    let with_focus = range(
        &mut conn,
        "SELECT (100 * count(focus_area_id) / count(*)) AS n FROM activities",
    )
    .0;
    assert!(
        (70..100).contains(&with_focus),
        "{with_focus}% with a focus area"
    );
    for table in ["people", "person_roles", "events", "organizations"] {
        assert!(count(&mut conn, table) > 0, "no {table}");
    }
    assert_eq!(
        count(&mut conn, "organizations"),
        5 + 2 + 2,
        "five municipalities, two local police areas, two regions"
    );
}

#[test]
fn everything_is_marked_and_cited_as_synthetic() {
    let (_db, mut conn) = generated();
    let (_, _, is_synthetic) = import::current_version(&mut conn).unwrap().unwrap();
    assert!(is_synthetic);
    assert_eq!(count(&mut conn, "sources"), 1);
    assert_eq!(
        range(
            &mut conn,
            "SELECT count(*) AS n FROM citations c JOIN sources s ON s.id = c.source_id WHERE s.public_id <> 'synthetic'"
        ),
        (0, 0)
    );
    // Every record cites the source.
    for (table, column) in [
        ("organizations", "organization_id"),
        ("agreements", "agreement_id"),
        ("pledges", "pledge_id"),
        ("focus_areas", "focus_area_id"),
        ("activities", "activity_id"),
        ("person_roles", "person_role_id"),
        ("events", "event_id"),
    ] {
        let uncited = count(
            &mut conn,
            &format!(
                "{table} t WHERE NOT EXISTS (SELECT 1 FROM citations c WHERE c.{column} = t.id)"
            ),
        );
        assert_eq!(uncited, 0, "{table} without a citation");
    }
    let titles: Vec<String> = openpledges::db::schema::pledges::table
        .select(openpledges::db::schema::pledges::title)
        .load(&mut conn)
        .unwrap();
    assert!(titles
        .iter()
        .all(|t| t.starts_with("Syntetiskt medborgarlöfte")));
    let names: Vec<String> = openpledges::db::schema::municipalities::table
        .select(openpledges::db::schema::municipalities::name)
        .load(&mut conn)
        .unwrap();
    assert!(names.iter().all(|n| n.starts_with("Syntetisk kommun ")));
}

#[derive(QueryableByName)]
struct StatusRow {
    #[diesel(sql_type = Text)]
    activity: String,
    #[diesel(sql_type = Text)]
    status: String,
    #[diesel(sql_type = Date)]
    effective_on: chrono::NaiveDate,
    #[diesel(sql_type = Bool)]
    in_period: bool,
}

#[test]
fn status_histories_run_forward_in_date_order() {
    let (_db, mut conn) = generated();
    let rows: Vec<StatusRow> = diesel::sql_query(
        "SELECT a.public_id AS activity, e.status, e.effective_on,
                (e.effective_on BETWEEN p.period_start AND p.period_end) AS in_period
         FROM activity_status_events e
         JOIN activities a ON a.id = e.activity_id
         JOIN pledges p ON p.id = a.pledge_id
         ORDER BY a.public_id, e.id",
    )
    .load(&mut conn)
    .unwrap();
    assert!(rows.len() > 50, "{} status events", rows.len());
    let mut seen_end = 0;
    for history in rows.chunk_by(|a, b| a.activity == b.activity) {
        let id = &history[0].activity;
        assert!(
            history.iter().all(|e| e.in_period),
            "{id}: outside the pledge"
        );
        assert!(
            history
                .windows(2)
                .all(|w| w[0].effective_on < w[1].effective_on),
            "{id}: not in date order"
        );
        let statuses: Vec<&str> = history.iter().map(|e| e.status.as_str()).collect();
        assert_eq!(statuses[0], "planned", "{id}: {statuses:?}");
        for w in statuses.windows(2) {
            let forward = matches!(
                (w[0], w[1]),
                ("planned", "in_progress" | "cancelled")
                    | ("in_progress", "in_progress" | "completed" | "cancelled")
            );
            assert!(forward, "{id}: {statuses:?}");
        }
        if matches!(statuses.last(), Some(&"completed")) {
            seen_end += 1;
        }
    }
    assert!(seen_end > 0, "no activity was completed");
}

#[test]
fn generating_again_changes_nothing() {
    let (db, mut conn) = generated();
    let report = import::import(&mut conn, &small()).unwrap();
    assert_eq!(report.changed_rows(), 0, "{report}");
    assert!(!report.new_version);

    // The CLI with the same arguments is the same data.
    let args = [
        "generate",
        "--municipalities",
        "5",
        "--years",
        "3",
        "--seed",
        "7",
        "--first-year",
        "2020",
    ];
    let out = cli(&args, &db);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("no changes"), "{stdout}");
}

#[test]
fn real_data_is_never_written_over_synthetic() {
    let (db, mut conn) = generated();
    let real = dataset::bundled().unwrap();
    let err = import::import(&mut conn, &real).unwrap_err().to_string();
    assert!(err.contains("synthetic"), "{err}");
    assert_eq!(count(&mut conn, "municipalities"), 5);

    let out = cli(&["import"], &db);
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("holds synthetic data"), "{stderr}");
}

#[test]
fn synthetic_data_is_never_written_over_real() {
    let db = TestDb::loaded();
    let mut conn = db.conn();
    let before = count(&mut conn, "municipalities");
    let err = import::import(&mut conn, &small()).unwrap_err().to_string();
    assert!(err.contains("real dataset"), "{err}");
    assert_eq!(count(&mut conn, "municipalities"), before);

    let out = cli(&["generate", "--municipalities", "2", "--years", "1"], &db);
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("holds the real dataset"), "{stderr}");
    assert_eq!(count(&mut conn, "municipalities"), before);
    assert!(!import::current_version(&mut conn).unwrap().unwrap().2);
}
