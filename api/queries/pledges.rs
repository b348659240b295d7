use chrono::NaiveDate;
use diesel::pg::PgConnection;
use diesel::prelude::*;
use diesel::sql_types::{Array, BigInt, Bool, Date, Jsonb, Nullable, Text};

use super::activities::ActivityRow;
use super::focus_areas::FocusAreaRow;
use super::lists::ThemeRow;
use super::{sql, Detail};
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
    #[diesel(sql_type = Jsonb)]
    pub inferred: super::agreements::JsonList<crate::domain::Inference>,
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
    /// Read without what is gathered from its contents and citations (`Detail::Lean`): themes,
    /// counts, statuses and sources are empty here, whatever the record holds.
    #[diesel(sql_type = Bool)]
    pub lean: bool,
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
pub fn select(sort: &str, as_of: Option<usize>) -> String {
    select_with(sort, as_of, Detail::Whole, "")
}

/// [`select`] reading as much of the row as `detail` says, with more columns (`, …`) over its
/// aliases.
fn select_with(sort: &str, as_of: Option<usize>, detail: Detail, more: &str) -> String {
    format!(
        "SELECT p.public_id AS id, p.title, o.public_id AS municipality_id, m.name AS municipality_name,
                m.code AS municipality_code, a.public_id AS agreement_id,
                p.period_start, p.period_end, p.period_precision, p.published_on, p.summary, p.note,
                p.inferred, {themes} AS themes, {focus_area_count} AS focus_area_count,
                {activity_statuses} AS activity_statuses, {sources} AS sources,
                {sort_key} AS sort_key, {lean} AS lean{more}
         FROM pledges p
         JOIN municipalities m ON m.organization_id = p.municipality_id
         JOIN organizations o ON o.id = m.organization_id
         LEFT JOIN agreements a ON a.id = p.agreement_id",
        themes = detail.list(
            "ARRAY(SELECT DISTINCT t.code FROM focus_areas f
                   JOIN focus_area_themes ft ON ft.focus_area_id = f.id JOIN themes t ON t.id = ft.theme_id
                   WHERE f.pledge_id = p.id ORDER BY t.code)"
                .to_owned()
        ),
        focus_area_count = detail.pick(
            "(SELECT count(*) FROM focus_areas f WHERE f.pledge_id = p.id)".to_owned(),
            "0::int8"
        ),
        activity_statuses = detail.list(format!(
            "ARRAY(SELECT {} FROM activities x WHERE x.pledge_id = p.id)",
            sql::status_of("x", as_of)
        )),
        sources = detail.list(sql::sources_of("p", "pledge_id")),
        sort_key = sort_expr(sort),
        lean = detail.is_lean(),
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
        select(sort, f.as_of.map(|_| 11)),
        sort_expr(sort),
        descending,
        f,
        after,
        limit,
    )
}

/// A pledge with the rows of its focus areas and activities, as [`tree`] reads them.
pub struct Tree {
    pub pledge: PledgeRow,
    pub focus_areas: Option<Vec<FocusAreaRow>>,
    pub activities: Option<Vec<ActivityRow>>,
    /// The themes its focus areas are tagged with, in the vocabulary's order.
    pub themes: Option<Vec<ThemeRow>>,
}

/// What [`tree`] reads besides the pledge.
#[derive(Clone, Copy, Debug)]
pub struct Branches {
    pub focus_areas: bool,
    pub activities: bool,
    /// The rows of the themes its focus areas are tagged with.
    pub themes: bool,
    /// How much of the pledge.
    pub pledge: Detail,
    /// How much of each focus area.
    pub focus_area: Detail,
    /// How much of each activity.
    pub activity: Detail,
}

#[derive(QueryableByName)]
struct TreeRow {
    #[diesel(embed)]
    pledge: PledgeRow,
    #[diesel(sql_type = Nullable<Text>)]
    focus_areas: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    activities: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    theme_rows: Option<String>,
}

/// One pledge and what `branches` asks for (focus areas and activities in position order, the
/// themes of its focus areas) in one statement: the rows of those kinds' own selects, as JSON
/// arrays in the pledge's row, the columns they take from the pledge filled in here. Statuses on
/// `as_of` (the latest without it). Rows carry the sort keys of the pledge's relations, so that
/// GraphQL can page them (`graphql::prefetch`).
pub fn tree(
    conn: &mut PgConnection,
    id: &str,
    as_of: Option<NaiveDate>,
    branches: Branches,
) -> QueryResult<Option<Tree>> {
    let day = as_of.map(|_| 2);
    // The children join the pledge row of the enclosing query (`p`, `a`, `m`, `o`) rather than
    // looking their pledge up again: that cost as much as reading them.
    let rows = |select: String, order: &str| {
        format!("(SELECT coalesce(json_agg(r ORDER BY {order}), '[]')::text FROM ({select}) r)")
    };
    let none = |name: &str| format!(", NULL::text AS {name}");
    let mut more = String::new();
    more += &match branches.focus_areas {
        true => {
            let sort = super::lists::FOCUS_AREAS_OF_PLEDGE.sort;
            let select = super::focus_areas::of_pledge(sort, branches.focus_area);
            format!(", {} AS focus_areas", rows(select, "r.position"))
        }
        false => none("focus_areas"),
    };
    more += &match branches.activities {
        true => {
            let sort = super::lists::ACTIVITIES_OF_PLEDGE.sort;
            let select = super::activities::of_pledge(sort, day, branches.activity);
            format!(", {} AS activities", rows(select, "r.position"))
        }
        false => none("activities"),
    };
    more += &match branches.themes {
        true => {
            // The rows `lists::by_ids` reads for the theme loader.
            let select = format!(
                "{} WHERE t.id IN (SELECT ft.theme_id FROM focus_areas f
                   JOIN focus_area_themes ft ON ft.focus_area_id = f.id WHERE f.pledge_id = p.id)",
                super::lists::select_by_id(&super::lists::THEMES, None)
            );
            format!(", {} AS theme_rows", rows(select, "r.position"))
        }
        false => none("theme_rows"),
    };
    let select = select_with("id", day, branches.pledge, &more);
    let sql = format!("{select} WHERE p.public_id = $1");
    let Some(row) = crate::db::statement::statement(sql)
        .bind::<Text, _>(id)
        .bind::<Nullable<Date>, _>(as_of)
        .get_result::<TreeRow>(conn)
        .optional()?
    else {
        return Ok(None);
    };
    let p = row.pledge;
    let mut focus_areas: Option<Vec<FocusAreaRow>> = parse(row.focus_areas)?;
    for f in focus_areas.iter_mut().flatten() {
        f.parent_type = "pledge".to_owned();
        f.parent_id.clone_from(&p.id);
        f.municipality_id.clone_from(&p.municipality_id);
        f.municipality_name.clone_from(&p.municipality_name);
        f.municipality_code.clone_from(&p.municipality_code);
    }
    let mut activities: Option<Vec<ActivityRow>> = parse(row.activities)?;
    for x in activities.iter_mut().flatten() {
        x.pledge_id.clone_from(&p.id);
        x.municipality_id.clone_from(&p.municipality_id);
        x.municipality_name.clone_from(&p.municipality_name);
        x.municipality_code.clone_from(&p.municipality_code);
    }
    Ok(Some(Tree {
        themes: parse(row.theme_rows)?,
        pledge: p,
        focus_areas,
        activities,
    }))
}

fn parse<T: serde::de::DeserializeOwned>(json: Option<String>) -> QueryResult<Option<T>> {
    json.map(|j| serde_json::from_str(&j))
        .transpose()
        .map_err(|e| diesel::result::Error::DeserializationError(Box::new(e)))
}
