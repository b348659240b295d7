use chrono::NaiveDate;
use diesel::pg::PgConnection;
use diesel::prelude::*;
use diesel::sql_types::{Array, BigInt, Date, Int4, Nullable, Text};

use super::sql;

/// A meeting, conference or signing named in the sources.
#[derive(Debug, Clone, QueryableByName)]
pub struct EventRow {
    #[diesel(sql_type = Text)]
    pub id: String,
    #[diesel(sql_type = Text)]
    pub kind: String,
    #[diesel(sql_type = Text)]
    pub title: String,
    #[diesel(sql_type = Nullable<Date>)]
    pub held_on: Option<NaiveDate>,
    #[diesel(sql_type = Nullable<Text>)]
    pub location: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    pub summary: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    pub note: Option<String>,
    /// Local time it began (`HH:MM`), where the source gives it.
    #[diesel(sql_type = Nullable<Text>)]
    pub starts_at: Option<String>,
    #[diesel(sql_type = diesel::sql_types::Jsonb)]
    pub inferred: crate::queries::agreements::JsonList<crate::domain::Inference>,
    #[diesel(sql_type = Array<Text>)]
    pub sources: Vec<String>,
    #[diesel(sql_type = Text)]
    pub sort_key: String,
}

/// An organization taking part in an event, and how.
#[derive(Debug, Clone, QueryableByName)]
pub struct ParticipantRow {
    #[diesel(sql_type = Text)]
    pub event_id: String,
    #[diesel(sql_type = Text)]
    pub organization_id: String,
    #[diesel(sql_type = Text)]
    pub organization_name: String,
    /// `organizer`, `participant` or `invited`.
    #[diesel(sql_type = Text)]
    pub role: String,
}

/// A person taking part in an event, and as what.
#[derive(Debug, Clone, QueryableByName)]
pub struct EventPersonRow {
    #[diesel(sql_type = Text)]
    pub event_id: String,
    #[diesel(sql_type = Text)]
    pub person_id: String,
    #[diesel(sql_type = Text)]
    pub person_name: String,
    #[diesel(sql_type = Text)]
    pub role: String,
}

/// Sort orders: name → text expression over `e`.
pub const SORTS: &[&str] = &["id", "held_on", "title"];

fn sort_expr(field: &str) -> &'static str {
    match field {
        "held_on" => "coalesce(to_char(e.held_on, 'YYYY-MM-DD'), '')",
        "title" => "e.title",
        _ => "e.public_id",
    }
}

/// What events are listed by.
#[derive(Debug, Clone, Default)]
pub struct EventFilter {
    /// Slugs or kommunkoder of municipalities taking part in any role; empty for all.
    pub municipalities: Vec<String>,
    /// Years the event was held in; an event without a date matches none.
    pub years: Vec<i32>,
    /// Matched case-insensitively against title and summary.
    pub q: Option<String>,
}

fn select(sort_key: &str) -> String {
    format!(
        "SELECT e.public_id AS id, e.kind, e.title, e.held_on, e.location, e.summary, e.note,
                to_char(e.starts_at, 'HH24:MI') AS starts_at, e.inferred,
                {sources} AS sources,
                {sort_key} AS sort_key
         FROM events e",
        sources = sql::sources_of("e", "event_id"),
    )
}

/// A page of events matching the filter, and how many match in all.
pub fn list(
    conn: &mut PgConnection,
    f: &EventFilter,
    sort: &str,
    descending: bool,
    after: Option<(&str, &str)>,
    limit: u32,
) -> QueryResult<(Vec<EventRow>, i64)> {
    let conditions = format!(
        "($1::text[] IS NULL OR EXISTS (SELECT 1 FROM event_participants ep
              WHERE ep.event_id = e.id AND ep.organization_id IN {mids}))
         AND ($2::int4[] IS NULL OR extract(year FROM e.held_on)::int4 = ANY($2::int4[]))
         AND {q}",
        mids = sql::municipality_ids(1),
        q = sql::contains_any(&["e.title", "e.summary"], 3),
    );
    let expr = sort_expr(sort);
    let page_sql = format!(
        "{select} WHERE {conditions} AND {after} {order} LIMIT $6",
        select = select(expr),
        after = sql::after(expr, "e.public_id", descending, 4),
        order = sql::order(expr, "e.public_id", descending),
    );
    let count_sql = format!("SELECT count(*) AS n FROM events e WHERE {conditions}");
    let munis = (!f.municipalities.is_empty()).then(|| f.municipalities.clone());
    let years = (!f.years.is_empty()).then(|| f.years.clone());
    let q = f.q.as_deref().map(sql::fold_query);
    let (k, i) = after.unzip();
    macro_rules! bound {
        ($sql:expr) => {
            crate::db::statement::statement($sql)
                .bind::<Nullable<Array<Text>>, _>(munis.clone())
                .bind::<Nullable<Array<Int4>>, _>(years.clone())
                .bind::<Nullable<Text>, _>(q.clone())
        };
    }
    let rows = bound!(page_sql)
        .bind::<Nullable<Text>, _>(k)
        .bind::<Nullable<Text>, _>(i)
        .bind::<BigInt, _>(i64::from(limit))
        .load(conn)?;
    let total = bound!(count_sql).get_result::<super::Count>(conn)?.n;
    Ok((rows, total))
}

pub fn get(conn: &mut PgConnection, id: &str) -> QueryResult<Option<EventRow>> {
    crate::db::statement::statement(format!("{} WHERE e.public_id = $1", select("e.public_id")))
        .bind::<Text, _>(id)
        .get_result(conn)
        .optional()
}

/// The organizations of these events (by public id): organizers first, then participants, then
/// the invited, each by id. One query for a page.
pub fn participants_of(
    conn: &mut PgConnection,
    event_ids: &[String],
) -> QueryResult<Vec<ParticipantRow>> {
    crate::db::statement::statement(
        "SELECT e.public_id AS event_id, o.public_id AS organization_id, o.name AS organization_name,
                ep.role
         FROM event_participants ep
         JOIN events e ON e.id = ep.event_id
         JOIN organizations o ON o.id = ep.organization_id
         WHERE e.public_id = ANY($1)
         ORDER BY e.public_id,
                  CASE ep.role WHEN 'organizer' THEN 1 WHEN 'participant' THEN 2 ELSE 3 END,
                  o.public_id",
    )
    .bind::<Array<Text>, _>(event_ids)
    .load(conn)
}

/// The people of these events (by public id), by role and then person id. One query for a page.
pub fn people_of(
    conn: &mut PgConnection,
    event_ids: &[String],
) -> QueryResult<Vec<EventPersonRow>> {
    crate::db::statement::statement(
        "SELECT e.public_id AS event_id, pe.public_id AS person_id, pe.name AS person_name, ep.role
         FROM event_people ep
         JOIN events e ON e.id = ep.event_id
         JOIN people pe ON pe.id = ep.person_id
         WHERE e.public_id = ANY($1)
         ORDER BY e.public_id, ep.role, pe.public_id",
    )
    .bind::<Array<Text>, _>(event_ids)
    .load(conn)
}
