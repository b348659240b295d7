//! Statements: what named people said, in a source, about an agreement, pledge, focus area or
//! activity. One select for every door; lists, single records and the records' `statements`.

use diesel::pg::PgConnection;
use diesel::prelude::*;
use diesel::sql_types::{Array, BigInt, Nullable, Text};

use super::sql;

/// A statement with its speaker, the record it is about and its source, by public id.
#[derive(Debug, Clone, QueryableByName)]
pub struct StatementRow {
    #[diesel(sql_type = Text)]
    pub id: String,
    #[diesel(sql_type = Text)]
    pub person_id: String,
    #[diesel(sql_type = Text)]
    pub person_name: String,
    #[diesel(sql_type = Text)]
    pub role: String,
    #[diesel(sql_type = Nullable<Text>)]
    pub organization_id: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    pub organization_name: Option<String>,
    /// `agreement`, `pledge`, `focus_area` or `activity`.
    #[diesel(sql_type = Text)]
    pub about_type: String,
    #[diesel(sql_type = Text)]
    pub about_id: String,
    #[diesel(sql_type = Text)]
    pub about_title: String,
    #[diesel(sql_type = Text)]
    pub municipality_id: String,
    #[diesel(sql_type = Text)]
    pub municipality_name: String,
    #[diesel(sql_type = Text)]
    pub municipality_code: String,
    #[diesel(sql_type = Text)]
    pub quote: String,
    #[diesel(sql_type = Text)]
    pub source_id: String,
    #[diesel(sql_type = Nullable<Text>)]
    pub note: Option<String>,
    #[diesel(sql_type = Text)]
    pub sort_key: String,
}

/// The kinds of record a statement can be about, as `about.type` names them.
pub const ABOUT_TYPES: &[&str] = &["agreement", "pledge", "focus_area", "activity"];

const FROM: &str = "statements st
    JOIN people pe ON pe.id = st.person_id
    JOIN sources s ON s.id = st.source_id
    JOIN organizations mo ON mo.id = st.municipality_id
    JOIN municipalities m ON m.organization_id = st.municipality_id
    LEFT JOIN organizations o ON o.id = st.organization_id
    LEFT JOIN agreements a ON a.id = st.agreement_id
    LEFT JOIN pledges p ON p.id = st.pledge_id
    LEFT JOIN focus_areas f ON f.id = st.focus_area_id
    LEFT JOIN activities x ON x.id = st.activity_id";

const ABOUT_ID: &str = "coalesce(a.public_id, p.public_id, f.public_id, x.public_id)";

const ABOUT_TYPE: &str = "CASE WHEN st.agreement_id IS NOT NULL THEN 'agreement'
     WHEN st.pledge_id IS NOT NULL THEN 'pledge'
     WHEN st.focus_area_id IS NOT NULL THEN 'focus_area'
     ELSE 'activity' END";

/// Statements about the records whose public ids are bound at `$n`, through each kind's index.
fn about_in(n: usize) -> String {
    format!(
        "(st.agreement_id IN (SELECT id FROM agreements WHERE public_id = ANY(${n}::text[]))
          OR st.pledge_id IN (SELECT id FROM pledges WHERE public_id = ANY(${n}::text[]))
          OR st.focus_area_id IN (SELECT id FROM focus_areas WHERE public_id = ANY(${n}::text[]))
          OR st.activity_id IN (SELECT id FROM activities WHERE public_id = ANY(${n}::text[])))"
    )
}

fn select(sort_key: &str) -> String {
    format!(
        "SELECT st.public_id AS id, pe.public_id AS person_id, pe.name AS person_name, st.role,
                o.public_id AS organization_id, o.name AS organization_name,
                {ABOUT_TYPE} AS about_type,
                {ABOUT_ID} AS about_id,
                coalesce(a.title, p.title, f.title, x.title) AS about_title,
                mo.public_id AS municipality_id, m.name AS municipality_name,
                m.code AS municipality_code, st.quote, s.public_id AS source_id, st.note,
                {sort_key} AS sort_key
         FROM {FROM}"
    )
}

/// Sort orders a list takes.
pub const SORTS: &[&str] = &["id", "person", "about"];

fn sort_expr(field: &str) -> &'static str {
    match field {
        "person" => "pe.public_id",
        // The records' own order: a record's statements in file order.
        "about" => "concat_ws(':', coalesce(a.public_id, p.public_id, f.public_id, x.public_id), lpad(st.position::text, 10, '0'))",
        _ => "st.public_id",
    }
}

/// What statements are listed by; every list is empty for all.
#[derive(Debug, Clone, Default)]
pub struct StatementFilter {
    /// Slugs or kommunkoder: statements about the municipalities' records.
    pub municipalities: Vec<String>,
    /// Person ids: statements by them.
    pub people: Vec<String>,
    /// Ids of agreements, pledges, focus areas or activities: statements about exactly them.
    pub about: Vec<String>,
    /// Source ids: statements made in them.
    pub sources: Vec<String>,
    /// A tsquery text (see `search::text_query`) over the quote.
    pub tsquery: Option<String>,
}

fn none_if_empty(v: &[String]) -> Option<Vec<String>> {
    (!v.is_empty()).then(|| v.to_vec())
}

/// A page of statements matching the filter, and how many match in all.
pub fn list(
    conn: &mut PgConnection,
    f: &StatementFilter,
    sort: &str,
    descending: bool,
    after: Option<(&str, &str)>,
    limit: u32,
) -> QueryResult<(Vec<StatementRow>, i64)> {
    let conditions = format!(
        "($1::text[] IS NULL OR st.municipality_id IN {mids})
         AND ($2::text[] IS NULL OR pe.public_id = ANY($2::text[]))
         AND ($3::text[] IS NULL OR {about})
         AND ($4::text[] IS NULL OR s.public_id = ANY($4::text[]))
         AND {q}",
        mids = sql::municipality_ids(1),
        about = about_in(3),
        q = match f.tsquery {
            Some(_) => sql::matches_text("st", 5),
            None => "$5::text IS NULL".to_owned(),
        },
    );
    let expr = sort_expr(sort);
    let page_sql = format!(
        "{select} WHERE {conditions} AND {after} {order} LIMIT $8",
        select = select(expr),
        after = sql::after(expr, "st.public_id", descending, 6),
        order = sql::order(expr, "st.public_id", descending),
    );
    let count_sql = format!("SELECT count(*) AS n FROM {FROM} WHERE {conditions}");
    macro_rules! bound {
        ($sql:expr) => {
            crate::db::statement::statement($sql)
                .bind::<Nullable<Array<Text>>, _>(none_if_empty(&f.municipalities))
                .bind::<Nullable<Array<Text>>, _>(none_if_empty(&f.people))
                .bind::<Nullable<Array<Text>>, _>(none_if_empty(&f.about))
                .bind::<Nullable<Array<Text>>, _>(none_if_empty(&f.sources))
                .bind::<Nullable<Text>, _>(f.tsquery.clone())
        };
    }
    let (k, i) = after.unzip();
    let rows = bound!(page_sql)
        .bind::<Nullable<Text>, _>(k)
        .bind::<Nullable<Text>, _>(i)
        .bind::<BigInt, _>(i64::from(limit))
        .load(conn)?;
    let total = bound!(count_sql).get_result::<super::Count>(conn)?.n;
    Ok((rows, total))
}

/// One statement by public id.
pub fn get(conn: &mut PgConnection, id: &str) -> QueryResult<Option<StatementRow>> {
    crate::db::statement::statement(format!(
        "{} WHERE st.public_id = $1",
        select("st.public_id")
    ))
    .bind::<Text, _>(id)
    .get_result(conn)
    .optional()
}

/// These statements, by public id, in id order.
pub fn by_ids(conn: &mut PgConnection, ids: &[String]) -> QueryResult<Vec<StatementRow>> {
    crate::db::statement::statement(format!(
        "{} WHERE st.public_id = ANY($1) ORDER BY st.public_id",
        select("st.public_id")
    ))
    .bind::<Array<Text>, _>(ids)
    .load(conn)
}

/// The statements about these records (ids of agreements, pledges, focus areas or activities),
/// each record's in file order: what `include=statements` and GraphQL's `statements` show.
pub fn about(conn: &mut PgConnection, ids: &[String]) -> QueryResult<Vec<StatementRow>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    crate::db::statement::statement(format!(
        "{} WHERE {} ORDER BY st.position",
        select("st.public_id"),
        about_in(1)
    ))
    .bind::<Array<Text>, _>(ids)
    .load(conn)
}

/// The values of the filter's `municipality`, `person`, `about` and `source` that name no record of
/// their kind, as (parameter, value), in that order: a value that names nothing is a bad value, not
/// an empty result. One call checks them all, for REST and GraphQL alike.
pub fn unknown_ids(
    conn: &mut PgConnection,
    f: &StatementFilter,
) -> QueryResult<Vec<(&'static str, String)>> {
    use super::known::{kinds, Kind};
    let wanted: [(&'static str, &[String], &[Kind]); 3] = [
        ("person", &f.people, &[Kind::Person]),
        (
            "about",
            &f.about,
            &[
                Kind::Agreement,
                Kind::Pledge,
                Kind::FocusArea,
                Kind::Activity,
            ],
        ),
        ("source", &f.sources, &[Kind::Source]),
    ];
    let all: Vec<String> = wanted
        .iter()
        .flat_map(|(_, v, _)| v.iter().cloned())
        .collect();
    let found = kinds(conn, &all)?;
    let mut bad: Vec<(&'static str, String)> =
        super::known::unknown_municipalities(conn, &f.municipalities)?
            .into_iter()
            .map(|m| ("municipality", m))
            .collect();
    for (field, values, allowed) in wanted {
        for v in values {
            if !found.iter().any(|(id, k)| id == v && allowed.contains(k)) {
                bad.push((field, v.clone()));
            }
        }
    }
    Ok(bad)
}

/// The statements export's select (`exports::tables`' columns, in order).
pub fn export_select() -> String {
    format!(
        "SELECT st.public_id AS id, pe.public_id AS person_id, st.role, o.public_id AS organization_id,
                {ABOUT_TYPE} AS about_type, {ABOUT_ID} AS about_id,
                mo.public_id AS municipality_id, m.code AS municipality_code, st.quote,
                s.public_id AS source_id, st.note
         FROM {FROM}"
    )
}
