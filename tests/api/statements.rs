//! How the record layer talks to PostgreSQL: statements prepared once per connection and reused,
//! a pledge's tree read in one statement that agrees with the per-kind reads, and the session's
//! plan mode restored after a filtered list.

use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Text};
use openpledges::db::statement::{with_value_plans, SESSION_PLANS};
use openpledges::queries;

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
    plan_cache_mode: String,
}

fn pledge_ids(conn: &mut PgConnection) -> Vec<String> {
    diesel::sql_query("SELECT public_id AS id FROM pledges ORDER BY id")
        .load::<Id>(conn)
        .unwrap()
        .into_iter()
        .map(|r| r.id)
        .collect()
}

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
        let tree = queries::pledges::tree(&mut conn, id, None, true, true, queries::Detail::Whole)
            .unwrap();
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
        queries::pledges::tree(&mut conn, id, day, true, true, queries::Detail::Whole).unwrap();
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
            let tree =
                queries::pledges::tree(&mut conn, id, as_of, true, true, queries::Detail::Whole)
                    .unwrap()
                    .expect("the pledge exists");
            let one = std::slice::from_ref(id);
            let areas = queries::focus_areas::by_parents(&mut conn, one).unwrap();
            let acts = queries::activities::by_pledges(&mut conn, one, as_of).unwrap();
            let got = tree.focus_areas.expect("asked for");
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
    let none = queries::pledges::tree(
        &mut conn,
        &ids[0],
        None,
        false,
        false,
        queries::Detail::Whole,
    )
    .unwrap()
    .unwrap();
    assert!(none.focus_areas.is_none() && none.activities.is_none());
    assert!(queries::pledges::tree(
        &mut conn,
        "nowhere-2020",
        None,
        true,
        true,
        queries::Detail::Whole
    )
    .unwrap()
    .is_none());
}

fn plan_mode(conn: &mut PgConnection) -> String {
    diesel::sql_query("SELECT current_setting('plan_cache_mode') AS plan_cache_mode")
        .get_result::<Setting>(conn)
        .unwrap()
        .plan_cache_mode
}

#[test]
fn value_plans_are_for_one_piece_of_work_only() {
    let db = TestDb::loaded();
    let mut conn = db.conn();
    conn.batch_execute(SESSION_PLANS).unwrap();
    assert_eq!(plan_mode(&mut conn), "force_generic_plan");
    let inside = with_value_plans(&mut conn, |c| Ok(plan_mode(c))).unwrap();
    assert_eq!(inside, "force_custom_plan");
    assert_eq!(plan_mode(&mut conn), "force_generic_plan");
    let failed = with_value_plans(&mut conn, |c| {
        diesel::sql_query("SELECT * FROM no_such_table").execute(c)
    });
    assert!(failed.is_err());
    assert_eq!(
        plan_mode(&mut conn),
        "force_generic_plan",
        "restored after a failure"
    );
}
