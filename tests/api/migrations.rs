use crate::common;

use common::TestDb;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Text};
use diesel_migrations::MigrationHarness;
use openpledges::db::{self, MIGRATIONS};

#[derive(QueryableByName)]
struct Name {
    #[diesel(sql_type = Text)]
    name: String,
}

fn tables(conn: &mut PgConnection) -> Vec<String> {
    diesel::sql_query(
        "SELECT table_name::text AS name FROM information_schema.tables
         WHERE table_schema = 'public' AND table_name <> '__diesel_schema_migrations' ORDER BY 1",
    )
    .load::<Name>(conn)
    .unwrap()
    .into_iter()
    .map(|n| n.name)
    .collect()
}

#[test]
fn migrations_go_up_down_and_up_again() {
    let db = TestDb::empty();
    let mut conn = db.conn();
    assert!(!db::is_migrated(&mut conn).unwrap());
    assert!(db::migrate(&mut conn).unwrap() >= 1);
    assert!(db::is_migrated(&mut conn).unwrap());
    let created = tables(&mut conn);
    for t in [
        "organizations",
        "municipalities",
        "agreements",
        "agreement_parties",
        "signatories",
        "pledges",
        "focus_areas",
        "focus_area_themes",
        "themes",
        "activities",
        "activity_status_events",
        "people",
        "person_roles",
        "events",
        "sources",
        "citations",
        "dataset_versions",
        "changes",
    ] {
        assert!(created.iter().any(|c| c == t), "no table {t}: {created:?}");
    }
    conn.revert_all_migrations(MIGRATIONS).unwrap();
    assert_eq!(
        tables(&mut conn),
        Vec::<String>::new(),
        "down migrations leave tables behind"
    );
    db::migrate(&mut conn).unwrap();
    assert_eq!(tables(&mut conn), created);
}

/// The database itself refuses what the model forbids, whatever writes to it.
#[test]
fn the_schema_refuses_bad_data() {
    let db = TestDb::loaded();
    let mut conn = db.conn();
    let refuse = |conn: &mut PgConnection, sql: &str, why: &str| {
        let err = conn
            .transaction(|c| diesel::sql_query(sql).execute(c))
            .expect_err(&format!("accepted: {sql}"));
        assert!(err.to_string().contains(why), "{sql}: {err}");
    };
    let org = "(SELECT id FROM organizations WHERE public_id = 'trelleborg')";
    refuse(
        &mut conn,
        &format!("UPDATE municipalities SET code = '123' WHERE organization_id = {org}"),
        "check",
    );
    refuse(
        &mut conn,
        &format!("UPDATE municipalities SET code = '12a7' WHERE organization_id = {org}"),
        "check",
    );
    refuse(
        &mut conn,
        "UPDATE municipalities SET code = '1384' WHERE organization_id = \
         (SELECT id FROM organizations WHERE public_id = 'falkenberg')",
        "unique",
    );
    refuse(
        &mut conn,
        &format!("UPDATE municipalities SET county_code = '13' WHERE organization_id = {org}"),
        "check",
    );
    refuse(
        &mut conn,
        "UPDATE agreements SET period_end = '2018-12-31' WHERE public_id = 'trelleborg-2019-2022'",
        "check",
    );
    refuse(
        &mut conn,
        "UPDATE focus_areas SET pledge_id = (SELECT id FROM pledges LIMIT 1) WHERE public_id = 'trelleborg-2019-2022/f1'",
        "check",
    );
    refuse(
        &mut conn,
        "UPDATE focus_areas SET agreement_id = NULL WHERE public_id = 'trelleborg-2019-2022/f1'",
        "check",
    );
    refuse(
        &mut conn,
        "INSERT INTO activity_status_events (activity_id, status, effective_on, source_id)
        SELECT a.id, 'done', '2023-01-01', s.id FROM activities a, sources s LIMIT 1",
        "check",
    );
    refuse(&mut conn, "UPDATE pledges SET public_id = 'solvesborg-2022-2023' WHERE public_id = 'falkenberg-undated-1'", "unique");
    refuse(
        &mut conn,
        "UPDATE pledges SET public_id = 'Falkenberg 2020' WHERE public_id = 'falkenberg-undated-1'",
        "check",
    );
    refuse(
        &mut conn,
        "DELETE FROM sources WHERE public_id = 'scb-lan-och-kommuner'",
        "foreign key",
    );
    refuse(
        &mut conn,
        "INSERT INTO citations (source_id) SELECT id FROM sources LIMIT 1",
        "check",
    );
    // A start time needs its day; an organization holds each role at an event once.
    refuse(
        &mut conn,
        "UPDATE events SET held_on = NULL WHERE public_id = 'falkenberg-2020-undertecknande'",
        "check",
    );
    refuse(
        &mut conn,
        "INSERT INTO event_participants (event_id, organization_id, role)
         SELECT event_id, organization_id, role FROM event_participants LIMIT 1",
        "duplicate key",
    );
}

#[derive(QueryableByName)]
struct Hit {
    #[diesel(sql_type = BigInt)]
    n: i64,
}

#[test]
fn full_text_search_is_swedish() {
    let db = TestDb::loaded();
    let mut conn = db.conn();
    // `narkotikaklassade`/`narkotika` and the inflected query share a Swedish stem.
    for (table, query) in [
        ("focus_areas", "droger"),
        ("focus_areas", "trafiksäkerheten"),
        ("agreements", "samverkansöverenskommelsen"),
    ] {
        let hits = diesel::sql_query(format!(
            "SELECT count(*) AS n FROM {table} WHERE search @@ plainto_tsquery('swedish', $1)"
        ))
        .bind::<Text, _>(query)
        .get_result::<Hit>(&mut conn)
        .unwrap();
        assert!(hits.n > 0, "no {table} match `{query}`");
    }
}
