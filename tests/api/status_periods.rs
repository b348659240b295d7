//! The days each status event held are kept in `activity_status_periods` (migration
//! `activity_status_periods`), and `status` filters on a past day (`as_of`) read them. The periods
//! must equal what the events say after an import and through every kind of write, and the lists
//! must answer what the events say, day by day, as SQL written here reads them one activity at a
//! time.

use diesel::prelude::*;
use diesel::sql_types::{Date, Text};
use serde_json::Value;

use crate::common::{count, Count, TestApp, TestDb};

/// Periods that differ from the events, both ways: each event holds from its day until the day of
/// the next event of its activity (by day, then id), found here by a lookup rather than a window.
fn drift(conn: &mut PgConnection) -> i64 {
    count(
        conn,
        "WITH expected AS (
             SELECT e.id, e.activity_id, e.status, e.effective_on AS held_from,
                    (SELECT n.effective_on FROM activity_status_events n
                     WHERE n.activity_id = e.activity_id
                       AND (n.effective_on, n.id) > (e.effective_on, e.id)
                     ORDER BY n.effective_on, n.id LIMIT 1) AS held_until
             FROM activity_status_events e)
         SELECT count(*) AS n FROM expected x
         FULL JOIN activity_status_periods sp ON sp.event_id = x.id
         WHERE (x.activity_id, x.status, x.held_from, x.held_until)
               IS DISTINCT FROM (sp.activity_id, sp.status, sp.held_from, sp.held_until)",
    )
}

fn run(conn: &mut PgConnection, sql: &str) {
    diesel::sql_query(sql).execute(conn).unwrap();
}

#[test]
fn periods_equal_the_events_through_every_write() {
    let db = TestDb::synthetic(3, 2, 7);
    let mut conn = db.conn();
    assert!(
        count(
            &mut conn,
            "SELECT count(*) AS n FROM activity_status_periods"
        ) > 100
    );
    assert_eq!(drift(&mut conn), 0, "after the import");
    let first = "(SELECT min(id) FROM activities)";
    let source = "(SELECT min(id) FROM sources)";
    let writes = [
        // Two events on one day: the later written takes over that same day.
        format!(
            "INSERT INTO activity_status_events (activity_id, status, effective_on, source_id)
             VALUES ({first}, 'planned', '2001-01-01', {source}),
                    ({first}, 'in_progress', '2001-06-01', {source}),
                    ({first}, 'cancelled', '2001-06-01', {source})"
        ),
        // A day moved past the activity's other events.
        format!(
            "UPDATE activity_status_events SET effective_on = '2099-01-01'
             WHERE activity_id = {first} AND status = 'planned' AND effective_on = '2001-01-01'"
        ),
        // An event moved to another activity.
        format!(
            "UPDATE activity_status_events SET activity_id = {first} + 1
             WHERE activity_id = {first} AND effective_on = '2099-01-01'"
        ),
        format!(
            "DELETE FROM activity_status_events WHERE activity_id = {first} AND status = 'cancelled'"
        ),
        // Every event of many activities at once, as a re-import does.
        "DELETE FROM activity_status_events WHERE activity_id IN (SELECT id FROM activities ORDER BY id DESC LIMIT 40)".into(),
    ];
    // The tie: on its day the activity is cancelled, not in progress.
    let tied = || {
        let on = |status: &str, day: &str| {
            diesel::sql_query(format!(
                "SELECT count(*) AS n FROM activity_status_periods
                 WHERE activity_id = (SELECT min(id) FROM activities) AND status = $1
                   AND held_from <= '{day}' AND (held_until IS NULL OR held_until > '{day}')"
            ))
            .bind::<Text, _>(status)
            .get_result::<Count>(&mut db.conn())
            .unwrap()
            .n
        };
        assert_eq!(
            (
                on("in_progress", "2001-06-01"),
                on("cancelled", "2001-06-01")
            ),
            (0, 1)
        );
        assert_eq!(
            (on("in_progress", "2001-05-31"), on("planned", "2001-05-31")),
            (0, 1)
        );
    };
    for (i, sql) in writes.iter().enumerate() {
        run(&mut conn, sql);
        assert_eq!(drift(&mut conn), 0, "after {sql}");
        if i == 0 {
            tied();
        }
    }
    run(
        &mut conn,
        "DELETE FROM activities WHERE id = (SELECT min(x.id) FROM activities x
           WHERE NOT EXISTS (SELECT 1 FROM statements s WHERE s.activity_id = x.id))",
    );
    assert_eq!(drift(&mut conn), 0, "after an activity was deleted");
}

#[derive(QueryableByName)]
struct Id {
    #[diesel(sql_type = Text)]
    id: String,
}

/// The activities with a status among `statuses` on `day`, each decided by its latest event by
/// then, in id order; `and`: further SQL conditions on `x`.
fn expected(conn: &mut PgConnection, day: &str, statuses: &[&str], and: &str) -> Vec<String> {
    diesel::sql_query(format!(
        "SELECT x.public_id AS id FROM activities x
         WHERE coalesce((SELECT e.status FROM activity_status_events e
                         WHERE e.activity_id = x.id AND e.effective_on <= $1
                         ORDER BY e.effective_on DESC, e.id DESC LIMIT 1), 'unknown') = ANY($2::text[])
           {and}
         ORDER BY x.public_id"
    ))
    .bind::<Date, _>(day.parse::<chrono::NaiveDate>().unwrap())
    .bind::<diesel::sql_types::Array<Text>, _>(statuses)
    .load::<Id>(conn)
    .unwrap()
    .into_iter()
    .map(|r| r.id)
    .collect()
}

#[actix_web::test]
async fn lists_on_a_day_answer_what_the_events_say() {
    let app = TestApp::spawn_on(TestDb::synthetic(4, 3, 7)).await;
    let mut conn = app.db.conn();
    let year = count(
        &mut conn,
        "SELECT min(extract(year FROM period_start))::int8 AS n FROM pledges",
    );
    let muni = "(SELECT p.municipality_id FROM pledges p ORDER BY p.id LIMIT 1)";
    let muni_id = diesel::sql_query(format!(
        "SELECT o.public_id AS id FROM organizations o WHERE o.id = {muni}"
    ))
    .get_result::<Id>(&mut conn)
    .unwrap()
    .id;
    let mut nonempty = 0;
    for day in [
        "2015-01-01",
        &format!("{year}-07-01"),
        &format!("{}-02-15", year + 1),
        "2040-01-01",
    ] {
        for statuses in [
            &["completed"][..],
            &["planned", "in_progress"],
            &["unknown"],
            &["cancelled", "unknown"],
        ] {
            for (query, and) in [
                (String::new(), String::new()),
                (
                    format!("&municipality={muni_id}"),
                    format!("AND x.pledge_id IN (SELECT id FROM pledges WHERE municipality_id = {muni})"),
                ),
            ] {
                let want = expected(&mut conn, day, statuses, &and);
                let path = format!(
                    "/v1/activities?as_of={day}&status={}{query}&limit=100",
                    statuses.join(",")
                );
                let body: Value = app.json(&path).await;
                let got: Vec<&str> = body["data"]
                    .as_array()
                    .unwrap_or_else(|| panic!("{path}: {body}"))
                    .iter()
                    .map(|a| a["id"].as_str().unwrap())
                    .collect();
                let head: Vec<&str> = want.iter().take(100).map(String::as_str).collect();
                assert_eq!(got, head, "{path}");
                assert_eq!(body["total"], want.len(), "{path}");
                if !want.is_empty() && !statuses.contains(&"unknown") {
                    nonempty += 1;
                }
            }
        }
    }
    assert!(
        nonempty >= 4,
        "some days have activities with known statuses: {nonempty}"
    );
    app.stop().await;
}
