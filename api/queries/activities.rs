use chrono::NaiveDate;
use diesel::pg::PgConnection;
use diesel::prelude::*;
use diesel::sql_types::{Array, Date, Int4, Nullable, Text};

use super::sql;

/// An activity with its current status (the latest status event; `unknown` without one).
#[derive(Debug, Clone, QueryableByName)]
pub struct ActivityRow {
    #[diesel(sql_type = Text)]
    pub id: String,
    #[diesel(sql_type = Text)]
    pub pledge_id: String,
    #[diesel(sql_type = Nullable<Text>)]
    pub focus_area_id: Option<String>,
    #[diesel(sql_type = Text)]
    pub municipality_id: String,
    #[diesel(sql_type = Text)]
    pub municipality_name: String,
    #[diesel(sql_type = Text)]
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
}

/// Activities with status and municipality; `{sort_key}` is a text expression over `x`.
pub fn select(sort_key: &str) -> String {
    format!(
        "SELECT x.public_id AS id, p.public_id AS pledge_id, f.public_id AS focus_area_id,
                o.public_id AS municipality_id, m.name AS municipality_name, m.code AS municipality_code,
                x.position, x.title, x.description,
                {status} AS status, {since} AS status_since,
                ARRAY(SELECT r.public_id || '|' || r.name FROM activity_responsibles ar
                      JOIN organizations r ON r.id = ar.organization_id
                      WHERE ar.activity_id = x.id ORDER BY r.public_id) AS responsible,
                x.planned_start, x.planned_end, x.due_on, x.note,
                {sources} AS sources,
                {sort_key} AS sort_key
         FROM activities x
         JOIN pledges p ON p.id = x.pledge_id
         LEFT JOIN focus_areas f ON f.id = x.focus_area_id
         JOIN municipalities m ON m.organization_id = p.municipality_id
         JOIN organizations o ON o.id = m.organization_id",
        status = sql::CURRENT_STATUS,
        since = sql::STATUS_SINCE,
        sources = sql::sources_of("x", "activity_id"),
    )
}

/// The activities of these pledges (by public id), in pledge and position order.
pub fn by_pledges(conn: &mut PgConnection, pledge_ids: &[String]) -> QueryResult<Vec<ActivityRow>> {
    diesel::sql_query(format!(
        "{} WHERE p.public_id = ANY($1) ORDER BY p.public_id, x.position",
        select("x.public_id")
    ))
    .bind::<Array<Text>, _>(pledge_ids)
    .load(conn)
}
