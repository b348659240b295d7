use chrono::NaiveDate;
use diesel::pg::PgConnection;
use diesel::prelude::*;
use diesel::sql_types::{Array, BigInt, Date, Nullable, Text};

use super::sql;
use crate::domain::Filter;

/// A pledge with what lists show of its contents.
#[derive(Debug, Clone, QueryableByName)]
pub struct PledgeRow {
    #[diesel(sql_type = Text)]
    pub id: String,
    #[diesel(sql_type = Text)]
    pub title: String,
    #[diesel(sql_type = Text)]
    pub municipality_id: String,
    #[diesel(sql_type = Text)]
    pub municipality_name: String,
    #[diesel(sql_type = Text)]
    pub municipality_code: String,
    #[diesel(sql_type = Nullable<Text>)]
    pub agreement_id: Option<String>,
    #[diesel(sql_type = Nullable<Date>)]
    pub period_start: Option<NaiveDate>,
    #[diesel(sql_type = Nullable<Date>)]
    pub period_end: Option<NaiveDate>,
    #[diesel(sql_type = Nullable<Text>)]
    pub period_precision: Option<String>,
    #[diesel(sql_type = Nullable<Date>)]
    pub published_on: Option<NaiveDate>,
    #[diesel(sql_type = Nullable<Text>)]
    pub summary: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    pub note: Option<String>,
    #[diesel(sql_type = Array<Text>)]
    pub themes: Vec<String>,
    #[diesel(sql_type = BigInt)]
    pub focus_area_count: i64,
    /// Statuses of its activities (on the filter's `as_of` day, else the latest), one per activity.
    #[diesel(sql_type = Array<Text>)]
    pub activity_statuses: Vec<String>,
    #[diesel(sql_type = Array<Text>)]
    pub sources: Vec<String>,
    #[diesel(sql_type = Text)]
    pub sort_key: String,
}

/// Sort orders: name → text expression over `p`.
pub const SORTS: &[&str] = &["id", "period_start", "title", "municipality"];

fn sort_expr(field: &str) -> &'static str {
    match field {
        "period_start" => "coalesce(to_char(p.period_start, 'YYYY-MM-DD'), '')",
        "title" => "p.title",
        "municipality" => "o.public_id",
        _ => "p.public_id",
    }
}

/// Pledges with municipality, themes, counts and sources; `sort` is one of [`SORTS`]. Activity
/// statuses are those on the day bound at `$as_of` (the latest when it is null).
pub fn select(sort: &str, as_of: usize) -> String {
    format!(
        "SELECT p.public_id AS id, p.title, o.public_id AS municipality_id, m.name AS municipality_name,
                m.code AS municipality_code, a.public_id AS agreement_id,
                p.period_start, p.period_end, p.period_precision, p.published_on, p.summary, p.note,
                ARRAY(SELECT DISTINCT t.code FROM focus_areas f
                      JOIN focus_area_themes ft ON ft.focus_area_id = f.id JOIN themes t ON t.id = ft.theme_id
                      WHERE f.pledge_id = p.id ORDER BY t.code) AS themes,
                (SELECT count(*) FROM focus_areas f WHERE f.pledge_id = p.id) AS focus_area_count,
                ARRAY(SELECT {status} FROM activities x WHERE x.pledge_id = p.id) AS activity_statuses,
                {sources} AS sources,
                {sort_key} AS sort_key
         FROM pledges p
         JOIN municipalities m ON m.organization_id = p.municipality_id
         JOIN organizations o ON o.id = m.organization_id
         LEFT JOIN agreements a ON a.id = p.agreement_id",
        status = sql::status_of("x", Some(as_of)),
        sources = sql::sources_of("p", "pledge_id"),
        sort_key = sort_expr(sort),
    )
}

/// A page of pledges matching the filter, and how many match in all.
pub fn list(
    conn: &mut PgConnection,
    f: &Filter,
    sort: &str,
    descending: bool,
    after: Option<(&str, &str)>,
    limit: u32,
) -> QueryResult<(Vec<PledgeRow>, i64)> {
    super::lists::list(
        conn,
        &super::lists::PLEDGES,
        select(sort, 11),
        sort_expr(sort),
        descending,
        f,
        after,
        limit,
    )
}

/// One pledge, with its activities' statuses on `as_of` (the latest without it).
pub fn get(
    conn: &mut PgConnection,
    id: &str,
    as_of: Option<NaiveDate>,
) -> QueryResult<Option<PledgeRow>> {
    diesel::sql_query(format!("{} WHERE p.public_id = $1", select("id", 2)))
        .bind::<Text, _>(id)
        .bind::<Nullable<Date>, _>(as_of)
        .get_result(conn)
        .optional()
}
