//! What the dataset is: its version, its size, and the sources it credits.

use chrono::{DateTime, NaiveDate, Utc};
use diesel::pg::PgConnection;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Bool, Date, Text, Timestamptz};

/// The latest row of `dataset_versions`: the dataset the database holds.
#[derive(Debug, Clone, QueryableByName)]
pub struct VersionRow {
    #[diesel(sql_type = Text)]
    pub version: String,
    #[diesel(sql_type = Date)]
    pub released_on: NaiveDate,
    #[diesel(sql_type = Timestamptz)]
    pub imported_at: DateTime<Utc>,
    #[diesel(sql_type = Text)]
    pub digest: String,
    #[diesel(sql_type = Bool)]
    pub synthetic: bool,
}

/// How many records of each kind the database holds.
#[derive(Debug, Clone, QueryableByName)]
pub struct CountsRow {
    #[diesel(sql_type = BigInt)]
    pub municipalities: i64,
    #[diesel(sql_type = BigInt)]
    pub organizations: i64,
    #[diesel(sql_type = BigInt)]
    pub agreements: i64,
    #[diesel(sql_type = BigInt)]
    pub pledges: i64,
    #[diesel(sql_type = BigInt)]
    pub focus_areas: i64,
    #[diesel(sql_type = BigInt)]
    pub activities: i64,
    #[diesel(sql_type = BigInt)]
    pub activity_status_events: i64,
    #[diesel(sql_type = BigInt)]
    pub themes: i64,
    #[diesel(sql_type = BigInt)]
    pub sources: i64,
    #[diesel(sql_type = BigInt)]
    pub people: i64,
    #[diesel(sql_type = BigInt)]
    pub events: i64,
    #[diesel(sql_type = BigInt)]
    pub statements: i64,
}

/// A source as the attribution names it.
#[derive(Debug, Clone, QueryableByName)]
pub struct CreditRow {
    #[diesel(sql_type = Text)]
    pub id: String,
    #[diesel(sql_type = Text)]
    pub title: String,
    #[diesel(sql_type = Text)]
    pub publisher: String,
}

/// Version, counts and sources read in one snapshot, so that an import committing in between
/// cannot mix two versions.
pub fn snapshot(
    conn: &mut PgConnection,
) -> QueryResult<(Option<VersionRow>, CountsRow, Vec<CreditRow>)> {
    conn.build_transaction()
        .read_only()
        .repeatable_read()
        .run(|c| Ok((version(c)?, counts(c)?, credits(c)?)))
}

pub fn version(conn: &mut PgConnection) -> QueryResult<Option<VersionRow>> {
    crate::db::statement::statement(
        "SELECT version, released_on, imported_at, digest, synthetic
         FROM dataset_versions ORDER BY id DESC LIMIT 1",
    )
    .get_result(conn)
    .optional()
}

pub fn counts(conn: &mut PgConnection) -> QueryResult<CountsRow> {
    crate::db::statement::statement(
        "SELECT (SELECT count(*) FROM municipalities) AS municipalities,
                (SELECT count(*) FROM organizations) AS organizations,
                (SELECT count(*) FROM agreements) AS agreements,
                (SELECT count(*) FROM pledges) AS pledges,
                (SELECT count(*) FROM focus_areas) AS focus_areas,
                (SELECT count(*) FROM activities) AS activities,
                (SELECT count(*) FROM activity_status_events) AS activity_status_events,
                (SELECT count(*) FROM themes) AS themes,
                (SELECT count(*) FROM sources) AS sources,
                (SELECT count(*) FROM people) AS people,
                (SELECT count(*) FROM events) AS events,
                (SELECT count(*) FROM statements) AS statements",
    )
    .get_result(conn)
}

/// Every source of the dataset, by id.
pub fn credits(conn: &mut PgConnection) -> QueryResult<Vec<CreditRow>> {
    crate::db::statement::statement(
        "SELECT public_id AS id, title, publisher FROM sources ORDER BY public_id",
    )
    .load(conn)
}
