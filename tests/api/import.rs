use crate::common;
use crate::support::datasets;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::TestDb;
use datasets::{copy_of_data, edit};
use diesel::prelude::*;
use diesel::sql_types::Text;
use openpledges::dataset::{self, import};

#[derive(QueryableByName)]
struct Snap {
    #[diesel(sql_type = Text)]
    s: String,
}

const TABLES: &[&str] = &[
    "dataset_versions",
    "sources",
    "themes",
    "organizations",
    "municipalities",
    "people",
    "person_roles",
    "agreements",
    "agreement_parties",
    "signatories",
    "pledges",
    "focus_areas",
    "focus_area_themes",
    "activities",
    "activity_responsibles",
    "activity_status_events",
    "events",
    "event_participants",
    "event_people",
    "citations",
];

/// Every row of every table with its row version (xmin): equal snapshots mean nothing was written.
fn snapshot(conn: &mut PgConnection) -> Vec<String> {
    TABLES
        .iter()
        .map(|t| {
            diesel::sql_query(format!(
                "SELECT '{t}: ' || count(*) || ' ' || coalesce(md5(string_agg(xmin::text || ':' || x::text, ',' ORDER BY x::text)), '') AS s FROM {t} x"
            ))
            .get_result::<Snap>(conn)
            .unwrap()
            .s
        })
        .collect()
}

/// The line of the record (the `[[table]]` header) that holds the text at `line`.
fn header_line_before(path: &Path, line: usize, header: &str) -> usize {
    let text = std::fs::read_to_string(path).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    (0..line)
        .rev()
        .find(|&i| lines[i].trim() == header)
        .map(|i| i + 1)
        .unwrap()
}

fn cli(args: &[&str], db: &TestDb) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_openpledges"))
        .args(args)
        .env("DATABASE_URL", &db.url)
        .env("RUST_LOG", "warn")
        .output()
        .unwrap()
}

#[test]
fn reimporting_the_same_data_changes_nothing() {
    let db = TestDb::loaded();
    let mut conn = db.conn();
    let before = snapshot(&mut conn);
    let data = dataset::bundled().unwrap();
    let report = import::import(&mut conn, &data).unwrap();
    assert_eq!(report.changed_rows(), 0, "{report}");
    assert!(!report.new_version);
    assert_eq!(snapshot(&mut conn), before);

    let out = cli(&["import"], &db);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("no changes"));
    assert_eq!(snapshot(&mut conn), before);
}

#[test]
fn a_changed_record_is_updated_and_a_removed_one_deleted() {
    let db = TestDb::loaded();
    let mut conn = db.conn();
    let dir = copy_of_data();
    let file = dir.path().join("municipalities/solvesborg.toml");
    edit(
        &file,
        "title = \"Ökad trafiksäkerhet\"",
        "title = \"Ökad trafiksäkerhet och trygghet\"",
    );
    // Drop the pledge's last activity: everything from its header on.
    let text = std::fs::read_to_string(&file).unwrap();
    let last = text.rfind("[[pledge.activity]]").unwrap();
    std::fs::write(&file, &text[..last]).unwrap();

    let data = dataset::load(&[dir.path().to_owned()]).unwrap();
    let report = import::import(&mut conn, &data).unwrap();
    assert!(report.new_version);
    let changed: Vec<_> = report
        .tables
        .iter()
        .filter(|(_, i, u, d)| i + u + d > 0)
        .cloned()
        .collect();
    assert!(changed.contains(&("focus_areas", 0, 1, 0)), "{report}");
    assert!(changed.contains(&("activities", 0, 0, 1)), "{report}");

    let title: Vec<String> = openpledges::db::schema::focus_areas::table
        .filter(openpledges::db::schema::focus_areas::public_id.eq("solvesborg-2022-2023/f3"))
        .select(openpledges::db::schema::focus_areas::title)
        .load(&mut conn)
        .unwrap();
    assert_eq!(title, ["Ökad trafiksäkerhet och trygghet"]);
    let gone: i64 = openpledges::db::schema::activities::table
        .filter(openpledges::db::schema::activities::public_id.eq("solvesborg-2022-2023/a3"))
        .count()
        .get_result(&mut conn)
        .unwrap();
    assert_eq!(gone, 0);
    let versions: i64 = openpledges::db::schema::dataset_versions::table
        .count()
        .get_result(&mut conn)
        .unwrap();
    assert_eq!(
        versions, 2,
        "the changed dataset is recorded as a version of its own"
    );
}

/// Breaks a copy of the data; the import must name the file and line and leave the database as it was.
fn refused(break_it: impl FnOnce(&Path) -> (PathBuf, usize), expect: &str) {
    let db = TestDb::loaded();
    let mut conn = db.conn();
    let before = snapshot(&mut conn);
    let dir = copy_of_data();
    let (file, line) = break_it(dir.path());

    let errors = dataset::load(&[dir.path().to_owned()]).unwrap_err();
    let p = errors
        .0
        .iter()
        .find(|p| p.message.contains(expect))
        .unwrap_or_else(|| panic!("no `{expect}` in {errors}"));
    assert_eq!(p.file, file);
    assert_eq!(p.line, Some(line), "{p}");

    let out = cli(&["import", dir.path().to_str().unwrap()], &db);
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(&format!("{}:{line}:", file.display())),
        "{stderr}"
    );
    assert!(stderr.contains(expect), "{stderr}");
    assert_eq!(
        snapshot(&mut conn),
        before,
        "a refused import changed the database"
    );

    let check = cli(&["import", "--check", dir.path().to_str().unwrap()], &db);
    assert!(!check.status.success());
}

#[test]
fn bad_syntax_is_refused_with_file_and_line() {
    refused(
        |dir| {
            let file = dir.join("sources.toml");
            let line = edit(&file, "publisher = \"", "publisher = ");
            (file, line)
        },
        "",
    );
}

#[test]
fn a_dangling_reference_is_refused() {
    refused(
        |dir| {
            let file = dir.join("municipalities/trelleborg.toml");
            let line = edit(&file, "themes = [\"port\"", "themes = [\"harbour\"");
            (
                file.clone(),
                header_line_before(&file, line, "[[agreement.focus_area]]"),
            )
        },
        "`themes` names `harbour`, which is not in themes.toml",
    );
}

#[test]
fn an_invalid_kommunkod_is_refused() {
    refused(
        |dir| {
            let file = dir.join("municipalities/solvesborg.toml");
            let line = edit(&file, "code = \"1083\"", "code = \"108\"");
            (
                file.clone(),
                header_line_before(&file, line, "[municipality]"),
            )
        },
        "a kommunkod is four digits",
    );
}

#[test]
fn a_period_ending_before_it_starts_is_refused() {
    refused(
        |dir| {
            let file = dir.join("municipalities/trelleborg.toml");
            let line = edit(&file, "end = \"2022\"", "end = \"2018\"");
            (
                file.clone(),
                header_line_before(&file, line, "[[agreement]]"),
            )
        },
        "ends before it starts",
    );
}

#[test]
fn a_duplicate_id_is_refused() {
    refused(
        |dir| {
            let file = dir.join("people.toml");
            let text = std::fs::read_to_string(&file).unwrap();
            let first = text.find("[[person]]").unwrap();
            let second = text[first + 1..].find("[[person]]").unwrap() + first + 1;
            let block = &text[first..second];
            std::fs::write(&file, format!("{text}\n{block}")).unwrap();
            let line = text.matches('\n').count() + 2;
            (file, line)
        },
        "is defined twice",
    );
}

#[test]
fn a_failed_write_rolls_back_everything() {
    let db = TestDb::loaded();
    let mut conn = db.conn();
    let before = snapshot(&mut conn);
    let mut data = dataset::bundled().unwrap();
    // Past validation, the database's own CHECK must still refuse it, and nothing may stay written.
    data.sources[0].title.push_str(" (ändrad)");
    data.municipalities[0].code = "12345".into();
    let err = import::import(&mut conn, &data).unwrap_err();
    assert!(err.to_string().contains("check"), "{err}");
    assert_eq!(snapshot(&mut conn), before);
}

#[test]
fn check_validates_without_a_database() {
    let out = Command::new(env!("CARGO_BIN_EXE_openpledges"))
        .args(["import", "--check"])
        .env("DATABASE_URL", "postgres://nobody@127.0.0.1:1/none")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("is valid"));
}
