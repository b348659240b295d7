//! How the record layer talks to PostgreSQL: statements prepared once per connection and reused,
//! a pledge's tree read in one statement that agrees with the per-kind reads, and the session's
//! plan mode restored after a filtered list.

use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Text};
use openpledges::db::statement::{with_value_plans, SESSION_PLANS};
use openpledges::queries::{self, lists};

use crate::common::TestDb;

#[derive(QueryableByName)]
struct Count {
    #[diesel(sql_type = BigInt)]
    n: i64,
}

#[derive(QueryableByName)]
struct Id {
    #[diesel(sql_type = Text)]
    id: String,
}

#[derive(QueryableByName)]
struct Setting {
    #[diesel(sql_type = Text)]
    value: String,
}

fn pledge_ids(conn: &mut PgConnection) -> Vec<String> {
    diesel::sql_query("SELECT public_id AS id FROM pledges ORDER BY id")
        .load::<Id>(conn)
        .unwrap()
        .into_iter()
        .map(|r| r.id)
        .collect()
}

/// Everything a tree can hold.
const ALL: queries::pledges::Branches = queries::pledges::Branches {
    focus_areas: true,
    activities: true,
    themes: true,
    pledge: queries::Detail::Whole,
    focus_area: queries::Detail::Whole,
    activity: queries::Detail::Whole,
};

fn prepared_trees(conn: &mut PgConnection) -> i64 {
    diesel::sql_query(
        "SELECT count(*) AS n FROM pg_prepared_statements WHERE statement LIKE '%json_agg(r ORDER BY%'",
    )
    .get_result::<Count>(conn)
    .unwrap()
    .n
}

#[test]
fn a_statement_is_prepared_once_and_reused() {
    let db = TestDb::loaded();
    let mut conn = db.conn();
    let ids = pledge_ids(&mut conn);
    assert!(ids.len() >= 2, "the bundled data has pledges");
    assert_eq!(prepared_trees(&mut conn), 0);
    for id in ids.iter().chain(&ids) {
        let tree = queries::pledges::tree(&mut conn, id, None, ALL).unwrap();
        assert!(tree.is_some(), "{id} is found");
    }
    assert_eq!(
        prepared_trees(&mut conn),
        1,
        "every call, one prepared statement"
    );
    // With `as_of` the statement differs (it reads the events), and is prepared once more.
    let day = chrono::NaiveDate::from_ymd_opt(2023, 1, 1);
    for id in &ids {
        queries::pledges::tree(&mut conn, id, day, ALL).unwrap();
    }
    assert_eq!(prepared_trees(&mut conn), 2);
}

#[test]
fn the_tree_holds_what_the_per_kind_reads_hold() {
    let db = TestDb::synthetic(3, 3, 7);
    let mut conn = db.conn();
    let ids = pledge_ids(&mut conn);
    assert!(ids.len() >= 3);
    for as_of in [None, chrono::NaiveDate::from_ymd_opt(2017, 6, 1)] {
        for id in &ids {
            let tree = queries::pledges::tree(&mut conn, id, as_of, ALL)
                .unwrap()
                .expect("the pledge exists");
            let one = std::slice::from_ref(id);
            let areas = queries::focus_areas::by_parents(&mut conn, one).unwrap();
            let acts = queries::activities::by_pledges(&mut conn, one, as_of).unwrap();
            let got = tree.focus_areas.expect("asked for");
            // The themes' rows: those the focus areas name, as the theme loader reads them.
            let mut codes: Vec<String> = got.iter().flat_map(|r| r.themes.clone()).collect();
            codes.sort();
            codes.dedup();
            let mut themes = lists::by_ids(&mut conn, &lists::THEMES, &codes, None).unwrap();
            themes.sort_by_key(|t| t.position);
            let row = |t: &lists::ThemeRow| {
                let t = t.clone();
                (t.code, t.label_sv, t.label_en, t.description, t.sort_key)
            };
            assert_eq!(
                tree.themes
                    .expect("asked for")
                    .iter()
                    .map(row)
                    .collect::<Vec<_>>(),
                themes.iter().map(row).collect::<Vec<_>>(),
                "{id}"
            );
            assert_eq!(
                got.iter()
                    .map(|r| (&r.id, &r.themes, r.activity_count, &r.sources))
                    .collect::<Vec<_>>(),
                areas
                    .iter()
                    .map(|r| (&r.id, &r.themes, r.activity_count, &r.sources))
                    .collect::<Vec<_>>(),
                "{id}"
            );
            let got = tree.activities.expect("asked for");
            assert!(!got.is_empty(), "{id} has activities");
            assert_eq!(
                got.iter()
                    .map(|r| (&r.id, &r.status, r.status_since, &r.responsible, &r.sources))
                    .collect::<Vec<_>>(),
                acts.iter()
                    .map(|r| (&r.id, &r.status, r.status_since, &r.responsible, &r.sources))
                    .collect::<Vec<_>>(),
                "{id} on {as_of:?}"
            );
        }
    }
    let bare = queries::pledges::Branches {
        focus_areas: false,
        activities: false,
        themes: false,
        pledge: queries::Detail::Whole,
        focus_area: queries::Detail::Whole,
        activity: queries::Detail::Whole,
    };
    let none = queries::pledges::tree(&mut conn, &ids[0], None, bare)
        .unwrap()
        .unwrap();
    assert!(none.focus_areas.is_none() && none.activities.is_none() && none.themes.is_none());
    assert!(queries::pledges::tree(&mut conn, "nowhere-2020", None, ALL)
        .unwrap()
        .is_none());
}

/// The session's plan mode and whether it may scan tables sequentially.
fn plan_mode(conn: &mut PgConnection) -> String {
    diesel::sql_query(
        "SELECT current_setting('plan_cache_mode') || ' ' || current_setting('enable_seqscan')
                AS value",
    )
    .get_result::<Setting>(conn)
    .unwrap()
    .value
}

#[test]
fn value_plans_are_for_one_piece_of_work_only() {
    let db = TestDb::loaded();
    let mut conn = db.conn();
    conn.batch_execute(SESSION_PLANS).unwrap();
    assert_eq!(plan_mode(&mut conn), "force_generic_plan on");
    let inside = with_value_plans(&mut conn, false, |c| Ok(plan_mode(c))).unwrap();
    assert_eq!(inside, "force_custom_plan on");
    assert_eq!(plan_mode(&mut conn), "force_generic_plan on");
    let text = with_value_plans(&mut conn, true, |c| Ok(plan_mode(c))).unwrap();
    assert_eq!(
        text, "force_custom_plan off",
        "a text query is found through its index"
    );
    assert_eq!(plan_mode(&mut conn), "force_generic_plan on");
    for text in [false, true] {
        let failed = with_value_plans(&mut conn, text, |c| {
            diesel::sql_query("SELECT * FROM no_such_table").execute(c)
        });
        assert!(failed.is_err());
        assert_eq!(
            plan_mode(&mut conn),
            "force_generic_plan on",
            "restored after a failure"
        );
    }
}
