//! Totals of activity lists come from tallies the database keeps (migration `activity_tallies`).
//! They must equal a count of the rows for every filter, and stay equal through every kind of
//! write: status events, moved and deleted activities, a focus area's themes, a deleted pledge.

use std::collections::HashMap;

use diesel::prelude::*;
use diesel::sql_types::{Array, BigInt, Date, Int4, Nullable, Text};
use openpledges::domain::Filter;
use openpledges::queries::lists;

use crate::common::TestDb;

#[derive(QueryableByName)]
struct N {
    #[diesel(sql_type = BigInt)]
    n: i64,
}

/// Rows where the kept tallies and totals differ from a recount of the activities.
fn drift(conn: &mut PgConnection) -> i64 {
    // The years a pledge's period touches, written apart from the migration's arithmetic.
    let years = "generate_series(1900, 2200) y
                 WHERE p.period_start <= make_date(y, 12, 31) AND p.period_end >= make_date(y, 1, 1)";
    diesel::sql_query(format!(
        "SELECT (
           (SELECT count(*) FROM (SELECT pledge_id, status, count(*) AS n FROM activities GROUP BY 1, 2) a
              FULL JOIN activity_tallies t USING (pledge_id, status) WHERE a.n IS DISTINCT FROM t.n)
         + (SELECT count(*) FROM (SELECT x.pledge_id, ft.theme_id, x.status, count(*) AS n
                                  FROM activities x JOIN focus_area_themes ft ON ft.focus_area_id = x.focus_area_id
                                  GROUP BY 1, 2, 3) a
              FULL JOIN activity_theme_tallies t USING (pledge_id, theme_id, status)
              WHERE a.n IS DISTINCT FROM t.n)
         + (SELECT count(*) FROM (SELECT status, count(*) AS n FROM activities GROUP BY 1) a
              FULL JOIN activity_totals t USING (status) WHERE coalesce(a.n, 0) <> coalesce(t.n, 0))
         + (SELECT count(*) FROM (SELECT ft.theme_id, x.status, count(*) AS n
                                  FROM activities x JOIN focus_area_themes ft ON ft.focus_area_id = x.focus_area_id
                                  GROUP BY 1, 2) a
              FULL JOIN activity_theme_totals t USING (theme_id, status)
              WHERE coalesce(a.n, 0) <> coalesce(t.n, 0))
         + (SELECT count(*) FROM (SELECT y AS year, x.status, count(*) AS n
                                  FROM activities x JOIN pledges p ON p.id = x.pledge_id, {years} GROUP BY 1, 2) a
              FULL JOIN activity_year_totals t USING (year, status)
              WHERE coalesce(a.n, 0) <> coalesce(t.n, 0))
         + (SELECT count(*) FROM (SELECT y AS year, ft.theme_id, x.status, count(*) AS n
                                  FROM activities x JOIN pledges p ON p.id = x.pledge_id
                                  JOIN focus_area_themes ft ON ft.focus_area_id = x.focus_area_id, {years}
                                  GROUP BY 1, 2, 3) a
              FULL JOIN activity_year_theme_totals t USING (year, theme_id, status)
              WHERE coalesce(a.n, 0) <> coalesce(t.n, 0))
         )::int8 AS n"
    ))
    .get_result::<N>(conn)
    .unwrap()
    .n
}

/// The filter of these parameters, as REST reads them.
fn filter(params: &[(&str, &str)]) -> Filter {
    let map: HashMap<&str, &str> = params.iter().copied().collect();
    Filter::parse(|k| map.get(k).copied()).unwrap()
}

/// The activities matching `params`, counted row by row with SQL written here, apart from the
/// service's.
fn counted(conn: &mut PgConnection, params: &[(&str, &str)]) -> i64 {
    let get = |k: &str| {
        params
            .iter()
            .find(|(name, _)| *name == k)
            .map(|(_, v)| v.split(',').map(str::to_owned).collect::<Vec<_>>())
    };
    let years: Option<Vec<i32>> =
        get("year").map(|v| v.iter().map(|y| y.parse().unwrap()).collect());
    let day =
        get("active_on").map(|v| chrono::NaiveDate::parse_from_str(&v[0], "%Y-%m-%d").unwrap());
    diesel::sql_query(
        "SELECT count(*)::int8 AS n FROM activities x
         JOIN pledges p ON p.id = x.pledge_id
         JOIN organizations o ON o.id = p.municipality_id
         JOIN municipalities m ON m.organization_id = o.id
         WHERE ($1::text[] IS NULL OR o.public_id = ANY($1) OR m.code = ANY($1))
           AND ($2::text[] IS NULL OR EXISTS (
                 SELECT 1 FROM focus_area_themes ft JOIN themes t ON t.id = ft.theme_id
                 WHERE ft.focus_area_id = x.focus_area_id AND t.code = ANY($2)))
           AND ($3::text[] IS NULL OR x.status = ANY($3))
           AND ($4::int4[] IS NULL OR EXISTS (
                 SELECT 1 FROM unnest($4) y
                 WHERE p.period_start <= make_date(y, 12, 31) AND p.period_end >= make_date(y, 1, 1)))
           AND ($5::date IS NULL OR (p.period_start <= $5 AND p.period_end >= $5))",
    )
    .bind::<Nullable<Array<Text>>, _>(get("municipality"))
    .bind::<Nullable<Array<Text>>, _>(get("theme"))
    .bind::<Nullable<Array<Text>>, _>(get("status"))
    .bind::<Nullable<Array<Int4>>, _>(years)
    .bind::<Nullable<Date>, _>(day)
    .get_result::<N>(conn)
    .unwrap()
    .n
}

fn first_municipality(conn: &mut PgConnection) -> String {
    #[derive(QueryableByName)]
    struct Id {
        #[diesel(sql_type = Text)]
        id: String,
    }
    diesel::sql_query(
        "SELECT o.public_id AS id FROM municipalities m JOIN organizations o ON o.id = m.organization_id
         ORDER BY o.public_id LIMIT 1",
    )
    .get_result::<Id>(conn)
    .unwrap()
    .id
}

#[test]
fn totals_equal_a_count_of_the_rows_for_every_filter() {
    let db = TestDb::synthetic(6, 4, 11);
    let mut conn = db.conn();
    assert_eq!(drift(&mut conn), 0, "tallies after the import");
    let muni = first_municipality(&mut conn);
    let singles: Vec<(&str, String)> = vec![
        ("municipality", muni.clone()),
        ("theme", "public_space".into()),
        ("theme", "youth_at_risk".into()),
        ("status", "planned".into()),
        ("status", "unknown".into()),
        ("year", "2020".into()),
        ("year", "2019,2021".into()),
        ("year", "2020,2021".into()),
        ("active_on", "2021-06-30".into()),
    ];
    let mut cases: Vec<Vec<(&str, String)>> = vec![vec![]];
    for (i, a) in singles.iter().enumerate() {
        cases.push(vec![a.clone()]);
        for b in &singles[i + 1..] {
            if a.0 != b.0 {
                cases.push(vec![a.clone(), b.clone()]);
            }
        }
    }
    // More than one theme, and statuses on a past day: answered by counting instead.
    cases.push(vec![("theme", "public_space,youth_at_risk".into())]);
    cases.push(vec![
        ("status", "planned,completed".into()),
        ("year", "2020".into()),
    ]);
    let mut nonzero = 0;
    for case in &cases {
        let params: Vec<(&str, &str)> = case.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let expected = counted(&mut conn, &params);
        let total = lists::count(&mut conn, &lists::ACTIVITIES, &filter(&params)).unwrap();
        assert_eq!(total, expected, "total for {params:?}");
        nonzero += usize::from(expected > 0);
    }
    assert!(
        nonzero * 2 > cases.len(),
        "most cases match some activities"
    );
}

#[test]
fn tallies_follow_every_kind_of_write() {
    let db = TestDb::synthetic(3, 2, 5);
    let mut conn = db.conn();
    let writes = [
        // A status event changes an activity's status (through the events' own trigger).
        "INSERT INTO activity_status_events (activity_id, status, effective_on, source_id)
         SELECT id, 'cancelled', DATE '2099-01-01', (SELECT min(id) FROM sources)
         FROM activities ORDER BY id LIMIT 5",
        "DELETE FROM activity_status_events WHERE effective_on = DATE '2099-01-01'",
        // An activity moved to another focus area, and one left without any.
        "UPDATE activities SET focus_area_id = (SELECT max(id) FROM focus_areas)
         WHERE id = (SELECT min(id) FROM activities)",
        "UPDATE activities SET focus_area_id = NULL WHERE id = (SELECT max(id) FROM activities)",
        // A focus area's themes changed.
        "DELETE FROM focus_area_themes WHERE focus_area_id = (SELECT min(focus_area_id) FROM focus_area_themes)",
        "INSERT INTO focus_area_themes (focus_area_id, theme_id)
         SELECT f.id, t.id FROM focus_areas f CROSS JOIN themes t
         WHERE f.id = (SELECT min(id) FROM focus_areas) ON CONFLICT DO NOTHING",
        // A pledge's period moved and widened: its activities count in other years.
        "UPDATE pledges SET period_start = period_start - 400, period_end = period_end + 800
         WHERE id = (SELECT max(id) FROM pledges)",
        // A period whose end is not known touches no year.
        "UPDATE pledges SET period_end = NULL WHERE id = (SELECT max(id) - 1 FROM pledges)",
        // Activities and a whole pledge deleted.
        "DELETE FROM activities WHERE id IN (SELECT id FROM activities ORDER BY id DESC LIMIT 3)",
        "DELETE FROM pledges WHERE id = (SELECT min(id) FROM pledges)",
    ];
    for sql in writes {
        let changed = diesel::sql_query(sql).execute(&mut conn).unwrap();
        assert!(changed > 0, "the write changed nothing: {sql}");
        assert_eq!(drift(&mut conn), 0, "tallies after: {sql}");
    }
    let total = lists::count(&mut conn, &lists::ACTIVITIES, &Filter::default()).unwrap();
    assert_eq!(total, counted(&mut conn, &[]));
}
