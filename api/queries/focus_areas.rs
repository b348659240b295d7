use diesel::pg::PgConnection;
use diesel::prelude::*;
use diesel::sql_types::{Array, BigInt, Bool, Int4, Nullable, Text};

use super::{sql, Detail};
use crate::domain::Filter;

/// A focus area with its parent, themes and sources.
#[derive(Debug, Clone, QueryableByName, serde::Deserialize)]
pub struct FocusAreaRow {
    #[diesel(sql_type = Text)]
    pub id: String,
    /// `pledge` or `agreement`.
    #[diesel(sql_type = Text)]
    #[serde(default)]
    pub parent_type: String,
    #[diesel(sql_type = Text)]
    #[serde(default)]
    pub parent_id: String,
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
    #[diesel(sql_type = Nullable<Text>)]
    pub goals: Option<String>,
    #[diesel(sql_type = Array<Text>)]
    pub themes: Vec<String>,
    #[diesel(sql_type = BigInt)]
    pub activity_count: i64,
    #[diesel(sql_type = Array<Text>)]
    pub sources: Vec<String>,
    #[diesel(sql_type = Text)]
    pub sort_key: String,
    /// Read without its goals, sources and activity count (`Detail::Lean`): empty and 0 here,
    /// whatever the record holds.
    #[diesel(sql_type = Bool)]
    pub lean: bool,
}

/// Focus areas with their parent's municipality; `{sort_key}` is a text expression over `f`.
pub fn select(sort_key: &str) -> String {
    select_detail(sort_key, Detail::Whole)
}

/// [`select`], reading as much of each row as `detail` says.
pub fn select_detail(sort_key: &str, detail: Detail) -> String {
    format!(
        "SELECT {}
         FROM focus_areas f
         LEFT JOIN pledges p ON p.id = f.pledge_id
         LEFT JOIN agreements a ON a.id = f.agreement_id
         JOIN municipalities m ON m.organization_id = coalesce(p.municipality_id, a.municipality_id)
         JOIN organizations o ON o.id = m.organization_id",
        columns(sort_key, detail, true)
    )
}

/// The focus areas of the pledge `p` of an enclosing query: [`select_detail`]'s rows without their
/// parent's columns (`parent_type`, `parent_id` and the municipality's), which are the same on
/// every row and which [`super::pledges::tree`] fills in from its pledge.
pub fn of_pledge(sort_key: &str, detail: Detail) -> String {
    format!(
        "SELECT {} FROM focus_areas f WHERE f.pledge_id = p.id",
        columns(sort_key, detail, false)
    )
}

/// The columns of a row, over `f` and its parent's `p`/`a`, `m` and `o`; `parent`: with the
/// parent's.
fn columns(sort_key: &str, detail: Detail, parent: bool) -> String {
    let parent = match parent {
        true => {
            "CASE WHEN f.pledge_id IS NOT NULL THEN 'pledge' ELSE 'agreement' END AS parent_type,
                coalesce(p.public_id, a.public_id) AS parent_id,
                o.public_id AS municipality_id, m.name AS municipality_name, m.code AS municipality_code,"
        }
        false => "",
    };
    format!(
        "f.public_id AS id, {parent}
                f.position, f.title, f.description, {goals} AS goals,
                ARRAY(SELECT t.code FROM focus_area_themes ft JOIN themes t ON t.id = ft.theme_id
                      WHERE ft.focus_area_id = f.id ORDER BY t.position) AS themes,
                {activity_count} AS activity_count,
                {sources} AS sources,
                {sort_key} AS sort_key, {lean} AS lean",
        goals = detail.or_null("f.goals", "text"),
        activity_count = detail.pick(
            "(SELECT count(*) FROM activities x WHERE x.focus_area_id = f.id)".to_owned(),
            "0::int8"
        ),
        sources = detail.list(sql::sources_of("f", "focus_area_id")),
        lean = detail.is_lean(),
    )
}

/// The focus areas of these pledges and agreements (by public id), in parent and position order.
pub fn by_parents(
    conn: &mut PgConnection,
    parent_ids: &[String],
) -> QueryResult<Vec<FocusAreaRow>> {
    crate::db::statement::statement(format!(
        // Two indexable arms (a UNION, not an OR) so the planner looks the parents up by index.
        "{} WHERE f.id IN (
                SELECT f2.id FROM focus_areas f2 JOIN pledges p2 ON p2.id = f2.pledge_id WHERE p2.public_id = ANY($1)
                UNION ALL
                SELECT f3.id FROM focus_areas f3 JOIN agreements a3 ON a3.id = f3.agreement_id WHERE a3.public_id = ANY($1))
            ORDER BY coalesce(p.public_id, a.public_id), f.position",
        select("f.public_id")
    ))
    .bind::<Array<Text>, _>(parent_ids)
    .load(conn)
}

/// The focus areas of these agreements (by public id), in agreement and position order.
pub fn by_agreements(
    conn: &mut PgConnection,
    agreement_ids: &[String],
) -> QueryResult<Vec<FocusAreaRow>> {
    crate::db::statement::statement(format!(
        "{} WHERE a.public_id = ANY($1) ORDER BY a.public_id, f.position",
        select("f.public_id")
    ))
    .bind::<Array<Text>, _>(agreement_ids)
    .load(conn)
}

/// Sort orders; the first is the default.
pub const SORTS: &[&str] = &["id", "title", "municipality"];

fn sort_expr(field: &str) -> &'static str {
    match field {
        "title" => "f.title",
        "municipality" => "o.public_id",
        _ => "f.public_id",
    }
}

/// A page of focus areas matching the filter (statuses do not apply), and how many match in all.
/// `year` and `active_on` apply to the period of the parent pledge or agreement.
pub fn list(
    conn: &mut PgConnection,
    f: &Filter,
    sort: &str,
    descending: bool,
    after: Option<(&str, &str)>,
    limit: u32,
) -> QueryResult<(Vec<FocusAreaRow>, i64)> {
    let expr = sort_expr(sort);
    super::lists::list(
        conn,
        &super::lists::FOCUS_AREAS,
        select(expr),
        expr,
        descending,
        f,
        after,
        limit,
    )
}

pub fn get(conn: &mut PgConnection, id: &str) -> QueryResult<Option<FocusAreaRow>> {
    crate::db::statement::statement(format!("{} WHERE f.public_id = $1", select("f.public_id")))
        .bind::<Text, _>(id)
        .get_result(conn)
        .optional()
}
