use chrono::NaiveDate;
use diesel::pg::PgConnection;
use diesel::prelude::*;
use diesel::sql_types::{Array, BigInt, Bool, Date, Int4, Nullable, Text};

use super::{sql, Detail};
use crate::domain::Filter;

/// An activity with its status: the latest status event (on or before the filter's `as_of` day,
/// when it has one); `unknown` without one.
#[derive(Debug, Clone, QueryableByName, serde::Deserialize)]
pub struct ActivityRow {
    #[diesel(sql_type = Text)]
    pub id: String,
    #[diesel(sql_type = Text)]
    #[serde(default)]
    pub pledge_id: String,
    #[diesel(sql_type = Nullable<Text>)]
    pub focus_area_id: Option<String>,
    #[diesel(sql_type = Text)]
    #[serde(default)]
    pub municipality_id: String,
    #[diesel(sql_type = Text)]
    #[serde(default)]
    pub municipality_name: String,
    #[diesel(sql_type = Text)]
    #[serde(default)]
    pub municipality_code: String,
    #[diesel(sql_type = Int4)]
    pub position: i32,
    #[diesel(sql_type = Text)]
    pub title: String,
    #[diesel(sql_type = Nullable<Text>)]
    pub description: Option<String>,
    #[diesel(sql_type = Text)]
    pub status: String,
    #[diesel(sql_type = Nullable<Date>)]
    pub status_since: Option<NaiveDate>,
    /// Responsible organizations as `id|name` pairs.
    #[diesel(sql_type = Array<Text>)]
    pub responsible: Vec<String>,
    #[diesel(sql_type = Nullable<Date>)]
    pub planned_start: Option<NaiveDate>,
    #[diesel(sql_type = Nullable<Date>)]
    pub planned_end: Option<NaiveDate>,
    #[diesel(sql_type = Nullable<Date>)]
    pub due_on: Option<NaiveDate>,
    #[diesel(sql_type = Nullable<Text>)]
    pub note: Option<String>,
    #[diesel(sql_type = Array<Text>)]
    pub sources: Vec<String>,
    #[diesel(sql_type = Text)]
    pub sort_key: String,
    /// Read without its responsible organizations, sources, description, note and dates
    /// (`Detail::Lean`): empty here, whatever the record holds.
    #[diesel(sql_type = Bool)]
    pub lean: bool,
}

/// Joins shared by the select and the count: an activity, its pledge and municipality.
const FROM: &str = "FROM activities x
         JOIN pledges p ON p.id = x.pledge_id
         JOIN municipalities m ON m.organization_id = p.municipality_id
         JOIN organizations o ON o.id = m.organization_id";

/// The status of `x`, given the event in force joined as `cur`.
const STATUS: &str = "coalesce(cur.status, 'unknown')";

/// Activities with status and municipality; `{sort_key}` is a text expression over `x` (and `cur`,
/// the status event in force on the day bound at `$as_of`, or the latest when that is null).
pub fn select(sort_key: &str, as_of: Option<usize>) -> String {
    select_detail(sort_key, as_of, Detail::Whole)
}

/// [`select`], reading as much of each row as `detail` says.
pub fn select_detail(sort_key: &str, as_of: Option<usize>, detail: Detail) -> String {
    format!(
        "SELECT {}
         {FROM}
         LEFT JOIN focus_areas f ON f.id = x.focus_area_id
         {}",
        columns(sort_key, detail, true),
        sql::status_join("x", "cur", as_of),
    )
}

/// The activities of the pledge `p` of an enclosing query: [`select_detail`]'s rows without their
/// pledge's columns (`pledge_id` and the municipality's), which are the same on every row and
/// which [`super::pledges::tree`] fills in from its pledge.
pub fn of_pledge(sort_key: &str, as_of: Option<usize>, detail: Detail) -> String {
    format!(
        // The pledge's focus areas are a handful: one hash of them instead of a lookup per
        // activity. The dataset puts an activity's focus area in its own pledge; the fallback
        // answers for a row that does not hold to that.
        "SELECT {}
         FROM activities x
         LEFT JOIN (SELECT f.id, f.public_id FROM focus_areas f WHERE f.pledge_id = p.id) f
           ON f.id = x.focus_area_id
         {}
         WHERE x.pledge_id = p.id",
        columns(sort_key, detail, false),
        sql::status_join("x", "cur", as_of),
    )
}

/// The columns of a row, over `x`, its status `cur`, focus area `f`, pledge `p`, `m` and `o`;
/// `pledge`: with the pledge's (else the focus area is looked up when `f` misses it).
fn columns(sort_key: &str, detail: Detail, pledge: bool) -> String {
    let (pledge, focus_area) = match pledge {
        true => (
            "p.public_id AS pledge_id, o.public_id AS municipality_id, m.name AS municipality_name,
                m.code AS municipality_code,",
            "f.public_id",
        ),
        false => (
            "",
            "coalesce(f.public_id, (SELECT f2.public_id FROM focus_areas f2 WHERE f2.id = x.focus_area_id))",
        ),
    };
    format!(
        "x.public_id AS id, {focus_area} AS focus_area_id, {pledge}
                x.position, x.title, {description} AS description,
                {STATUS} AS status, cur.effective_on AS status_since,
                {responsible} AS responsible,
                {planned_start} AS planned_start, {planned_end} AS planned_end,
                {due_on} AS due_on, {note} AS note,
                {sources} AS sources,
                {sort_key} AS sort_key, {lean} AS lean",
        // Kept on the activity by triggers (migration `2026-12-05-000000_activity_lists`).
        description = detail.or_null("x.description", "text"),
        planned_start = detail.or_null("x.planned_start", "date"),
        planned_end = detail.or_null("x.planned_end", "date"),
        due_on = detail.or_null("x.due_on", "date"),
        note = detail.or_null("x.note", "text"),
        responsible = detail.list("x.responsible".to_owned()),
        sources = detail.list("x.sources".to_owned()),
        lean = detail.is_lean(),
    )
}

/// The activities of these pledges (by public id), in pledge and position order, with their
/// statuses on `as_of` (the latest without it).
pub fn by_pledges(
    conn: &mut PgConnection,
    pledge_ids: &[String],
    as_of: Option<NaiveDate>,
) -> QueryResult<Vec<ActivityRow>> {
    crate::db::statement::statement(format!(
        "{} WHERE p.public_id = ANY($1) ORDER BY p.public_id, x.position",
        select("x.public_id", as_of.map(|_| 2))
    ))
    .bind::<Array<Text>, _>(pledge_ids)
    .bind::<Nullable<Date>, _>(as_of)
    .load(conn)
}

/// The activities of these focus areas (by public id), in focus area, pledge and position order,
/// with their statuses on `as_of` (the latest without it).
pub fn by_focus_areas(
    conn: &mut PgConnection,
    focus_area_ids: &[String],
    as_of: Option<NaiveDate>,
) -> QueryResult<Vec<ActivityRow>> {
    crate::db::statement::statement(format!(
        "{} WHERE f.public_id = ANY($1) ORDER BY f.public_id, p.public_id, x.position",
        select("x.public_id", as_of.map(|_| 2))
    ))
    .bind::<Array<Text>, _>(focus_area_ids)
    .bind::<Nullable<Date>, _>(as_of)
    .load(conn)
}

/// Sort orders; the first is the default.
pub const SORTS: &[&str] = &["id", "title", "status", "status_since", "municipality"];

fn sort_expr(field: &str) -> String {
    match field {
        "title" => "x.title".into(),
        // Lifecycle order rather than alphabetical: planned, in_progress, completed, cancelled, unknown.
        "status" => format!(
            "array_position(ARRAY['planned', 'in_progress', 'completed', 'cancelled', 'unknown'], {STATUS})::text"
        ),
        "status_since" => "coalesce(to_char(cur.effective_on, 'YYYY-MM-DD'), '')".into(),
        "municipality" => "o.public_id".into(),
        _ => "x.public_id".into(),
    }
}

/// A page of activities matching the filter, and how many match in all. `theme` applies to the
/// activity's focus area, `status` to its status (on `as_of`, when given), `year` and `active_on`
/// to its pledge's period.
pub fn list(
    conn: &mut PgConnection,
    f: &Filter,
    sort: &str,
    descending: bool,
    after: Option<(&str, &str)>,
    limit: u32,
) -> QueryResult<(Vec<ActivityRow>, i64)> {
    let expr = sort_expr(sort);
    super::lists::list(
        conn,
        &super::lists::ACTIVITIES,
        select(&expr, f.as_of.map(|_| 11)),
        &expr,
        descending,
        f,
        after,
        limit,
    )
}

/// One activity, with its status on `as_of` (the latest without it).
pub fn get(
    conn: &mut PgConnection,
    id: &str,
    as_of: Option<NaiveDate>,
) -> QueryResult<Option<ActivityRow>> {
    crate::db::statement::statement(format!(
        "{} WHERE x.public_id = $1",
        select("x.public_id", as_of.map(|_| 2))
    ))
    .bind::<Text, _>(id)
    .bind::<Nullable<Date>, _>(as_of)
    .get_result(conn)
    .optional()
}

/// One status change of an activity.
#[derive(Debug, Clone, QueryableByName)]
pub struct StatusEventRow {
    #[diesel(sql_type = Text)]
    pub status: String,
    #[diesel(sql_type = Date)]
    pub effective_on: NaiveDate,
    #[diesel(sql_type = Nullable<Text>)]
    pub note: Option<String>,
    #[diesel(sql_type = Text)]
    pub source: String,
}

#[derive(QueryableByName)]
struct Current {
    #[diesel(sql_type = BigInt)]
    pk: i64,
    #[diesel(sql_type = Text)]
    status: String,
}

/// An activity's current status and its status events, oldest first; none when no such activity.
pub fn history(
    conn: &mut PgConnection,
    id: &str,
) -> QueryResult<Option<(String, Vec<StatusEventRow>)>> {
    let current: Option<Current> = crate::db::statement::statement(format!(
        "SELECT x.id AS pk, {STATUS} AS status FROM activities x {latest} WHERE x.public_id = $1",
        latest = sql::status_join("x", "cur", None),
    ))
    .bind::<Text, _>(id)
    .get_result(conn)
    .optional()?;
    let Some(current) = current else {
        return Ok(None);
    };
    // The reverse of the latest-first order that decides the current status.
    let events = crate::db::statement::statement(
        "SELECT e.status, e.effective_on, e.note, s.public_id AS source
         FROM activity_status_events e JOIN sources s ON s.id = e.source_id
         WHERE e.activity_id = $1 ORDER BY e.effective_on, e.id",
    )
    .bind::<BigInt, _>(current.pk)
    .load(conn)?;
    Ok(Some((current.status, events)))
}
