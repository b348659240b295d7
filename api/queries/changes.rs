//! The change log: which agreements, pledges, focus areas and activities were created, updated
//! or deleted, and when. Written by [`record`] in the writer's own transaction; read in the order
//! of its ids, which only grow.

use chrono::{DateTime, NaiveDate, Utc};
use diesel::pg::PgConnection;
use diesel::prelude::*;
use diesel::sql_types::{Array, BigInt, Bool, Date, Nullable, Text, Timestamptz};

use super::sql;
pub use crate::domain::change::{Action, RecordType};

/// The records of `kind` as rows of (id, public_id, municipality_id, title, summary, status,
/// status_since); `x` is the activity where there is one, for `sql::status_join`.
fn rows(kind: RecordType) -> String {
    let no_status = "NULL::text AS status, NULL::date AS status_since";
    match kind {
        RecordType::Agreement => format!(
            "SELECT a.id, a.public_id, a.municipality_id, a.title, a.summary, {no_status} FROM agreements a"
        ),
        RecordType::Pledge => format!(
            "SELECT p.id, p.public_id, p.municipality_id, p.title, p.summary, {no_status} FROM pledges p"
        ),
        RecordType::FocusArea => format!(
            "SELECT f.id, f.public_id, coalesce(p.municipality_id, a.municipality_id) AS municipality_id,
                    f.title, f.description AS summary, {no_status}
             FROM focus_areas f LEFT JOIN pledges p ON p.id = f.pledge_id
             LEFT JOIN agreements a ON a.id = f.agreement_id"
        ),
        RecordType::Activity | RecordType::ActivityStatus => format!(
            "SELECT x.id, x.public_id, p.municipality_id, x.title, x.description AS summary,
                    coalesce(cur.status, 'unknown') AS status, cur.effective_on AS status_since
             FROM activities x JOIN pledges p ON p.id = x.pledge_id {latest}",
            latest = sql::status_join("x", "cur", None),
        ),
    }
}

/// Logs that the records of `kind` with these internal ids were created, updated or deleted,
/// copying what the log keeps from the rows themselves: so call it after creating or updating
/// them, and before deleting them. A deletion keeps the record's type, id and municipality only.
/// Every writer calls this, in the transaction that makes the change; returns the rows logged.
pub fn record(
    conn: &mut PgConnection,
    dataset_version: Option<&str>,
    kind: RecordType,
    action: Action,
    ids: &[i64],
) -> QueryResult<usize> {
    if ids.is_empty() {
        return Ok(0);
    }
    let keep = if action == Action::Deleted {
        "NULL, NULL, NULL, NULL"
    } else {
        "r.title, r.summary, r.status, r.status_since"
    };
    crate::db::statement::statement(format!(
        "INSERT INTO changes (dataset_version, record_type, record_id, action, municipality,
                              municipality_code, title, summary, status, status_since)
         SELECT $1, $2, r.public_id, $3, o.public_id, m.code, {keep}
         FROM ({rows}) r
         JOIN municipalities m ON m.organization_id = r.municipality_id
         JOIN organizations o ON o.id = m.organization_id
         WHERE r.id = ANY($4)
         ORDER BY r.id",
        rows = rows(kind),
    ))
    .bind::<Nullable<Text>, _>(dataset_version)
    .bind::<Text, _>(kind.as_str())
    .bind::<Text, _>(action.as_str())
    .bind::<Array<BigInt>, _>(ids)
    .execute(conn)
}

#[derive(QueryableByName)]
struct Id {
    #[diesel(sql_type = BigInt)]
    id: i64,
}

/// The activities (internal ids) that the status events with these internal ids belong to.
pub fn activities_of_status_events(
    conn: &mut PgConnection,
    event_ids: &[i64],
) -> QueryResult<Vec<i64>> {
    if event_ids.is_empty() {
        return Ok(vec![]);
    }
    Ok(crate::db::statement::statement(
        "SELECT DISTINCT activity_id AS id FROM activity_status_events WHERE id = ANY($1) ORDER BY 1",
    )
    .bind::<Array<BigInt>, _>(event_ids)
    .load::<Id>(conn)?
    .into_iter()
    .map(|r| r.id)
    .collect())
}

/// One entry of the change log.
#[derive(Debug, Clone, QueryableByName)]
pub struct ChangeRow {
    #[diesel(sql_type = BigInt)]
    pub id: i64,
    #[diesel(sql_type = Timestamptz)]
    pub changed_at: DateTime<Utc>,
    #[diesel(sql_type = Nullable<Text>)]
    pub dataset_version: Option<String>,
    #[diesel(sql_type = Text)]
    pub record_type: String,
    #[diesel(sql_type = Text)]
    pub record_id: String,
    #[diesel(sql_type = Text)]
    pub action: String,
    #[diesel(sql_type = Text)]
    pub municipality: String,
    #[diesel(sql_type = Text)]
    pub municipality_code: String,
    #[diesel(sql_type = Nullable<Text>)]
    pub title: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    pub summary: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    pub status: Option<String>,
    #[diesel(sql_type = Nullable<Date>)]
    pub status_since: Option<NaiveDate>,
    /// Whether the record is still in the database (it may have been deleted since).
    #[diesel(sql_type = Bool)]
    pub live: bool,
}

/// Which changes to read.
#[derive(Debug, Clone, Default)]
pub struct ChangeFilter {
    /// Only changes with a greater id.
    pub after: Option<i64>,
    /// Only changes made at or after this time.
    pub since: Option<DateTime<Utc>>,
    /// Record types; empty for all.
    pub types: Vec<RecordType>,
    /// Slugs or kommunkoder; empty for all.
    pub municipalities: Vec<String>,
}

/// `live`: the record is still there (one probe of a unique index per row).
const COLUMNS: &str = "c.id, c.changed_at, c.dataset_version, c.record_type, c.record_id, c.action,
    c.municipality, c.municipality_code, c.title, c.summary, c.status, c.status_since,
    CASE c.record_type
        WHEN 'agreement' THEN EXISTS (SELECT 1 FROM agreements x WHERE x.public_id = c.record_id)
        WHEN 'pledge' THEN EXISTS (SELECT 1 FROM pledges x WHERE x.public_id = c.record_id)
        WHEN 'focus_area' THEN EXISTS (SELECT 1 FROM focus_areas x WHERE x.public_id = c.record_id)
        ELSE EXISTS (SELECT 1 FROM activities x WHERE x.public_id = c.record_id)
    END AS live";

const CONDITIONS: &str = "($1::int8 IS NULL OR c.id > $1)
    AND ($2::timestamptz IS NULL OR c.changed_at >= $2)
    AND ($3::text[] IS NULL OR c.record_type = ANY($3))
    AND ($4::text[] IS NULL OR c.municipality = ANY($4) OR c.municipality_code = ANY($4))";

/// A page of changes after the cursor (a change id), oldest first, and how many match the filter
/// over all pages.
pub fn list(
    conn: &mut PgConnection,
    f: &ChangeFilter,
    cursor: Option<i64>,
    limit: u32,
) -> QueryResult<(Vec<ChangeRow>, i64)> {
    let types: Option<Vec<&str>> =
        (!f.types.is_empty()).then(|| f.types.iter().map(|t| t.as_str()).collect());
    let municipalities = (!f.municipalities.is_empty()).then_some(&f.municipalities);
    macro_rules! bound {
        ($sql:expr) => {
            crate::db::statement::statement($sql)
                .bind::<Nullable<BigInt>, _>(f.after)
                .bind::<Nullable<Timestamptz>, _>(f.since)
                .bind::<Nullable<Array<Text>>, _>(types.as_ref())
                .bind::<Nullable<Array<Text>>, _>(municipalities)
        };
    }
    let rows = bound!(format!(
        "SELECT {COLUMNS} FROM changes c WHERE {CONDITIONS} AND ($5::int8 IS NULL OR c.id > $5)
         ORDER BY c.id LIMIT $6"
    ))
    .bind::<Nullable<BigInt>, _>(cursor)
    .bind::<BigInt, _>(i64::from(limit))
    .load(conn)?;
    let total = bound!(format!(
        "SELECT count(*) AS n FROM changes c WHERE {CONDITIONS}"
    ))
    .get_result::<super::Count>(conn)?
    .n;
    Ok((rows, total))
}

/// The latest `n` changes, newest first; of one municipality (its slug) or of all.
pub fn latest(
    conn: &mut PgConnection,
    municipality: Option<&str>,
    n: u32,
) -> QueryResult<Vec<ChangeRow>> {
    crate::db::statement::statement(format!(
        "SELECT {COLUMNS} FROM changes c WHERE ($1::text IS NULL OR c.municipality = $1)
         ORDER BY c.id DESC LIMIT $2"
    ))
    .bind::<Nullable<Text>, _>(municipality)
    .bind::<BigInt, _>(i64::from(n))
    .load(conn)
}

/// Slugs or kommunkoder that name no municipality, neither a current one nor one the change log
/// remembers (a municipality removed from the dataset keeps its changes), in the order given.
pub fn unknown_municipalities(
    conn: &mut PgConnection,
    keys: &[String],
) -> QueryResult<Vec<String>> {
    let known = super::known::unknown_municipalities(conn, keys)?;
    if known.is_empty() {
        return Ok(known);
    }
    #[derive(QueryableByName)]
    struct Value {
        #[diesel(sql_type = Text)]
        v: String,
    }
    Ok(crate::db::statement::statement(
        "SELECT v FROM unnest($1::text[]) WITH ORDINALITY AS u(v, i)
         WHERE NOT EXISTS (SELECT 1 FROM changes c WHERE c.municipality = v)
           AND NOT EXISTS (SELECT 1 FROM changes c WHERE c.municipality_code = v)
         ORDER BY i",
    )
    .bind::<Array<Text>, _>(&known)
    .load::<Value>(conn)?
    .into_iter()
    .map(|r| r.v)
    .collect())
}
