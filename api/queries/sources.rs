use chrono::NaiveDate;
use diesel::pg::PgConnection;
use diesel::prelude::*;
use diesel::sql_types::{Array, BigInt, Date, Jsonb, Nullable, Text};

use super::agreements::JsonList;
use super::sql;
use crate::domain::Inference;

/// A document facts were taken from.
#[derive(Debug, Clone, QueryableByName)]
pub struct SourceRow {
    #[diesel(sql_type = Text)]
    pub id: String,
    #[diesel(sql_type = Text)]
    pub title: String,
    #[diesel(sql_type = Text)]
    pub publisher: String,
    #[diesel(sql_type = Text)]
    pub kind: String,
    #[diesel(sql_type = Nullable<Date>)]
    pub published_on: Option<NaiveDate>,
    #[diesel(sql_type = Nullable<Text>)]
    pub url: Option<String>,
    #[diesel(sql_type = Text)]
    pub language: String,
    #[diesel(sql_type = Nullable<Text>)]
    pub note: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    pub no_url_reason: Option<String>,
    #[diesel(sql_type = Jsonb)]
    pub inferred: JsonList<Inference>,
    #[diesel(sql_type = Text)]
    pub sort_key: String,
}

/// Sources; `{sort_key}` is a text expression over `s`.
pub fn select(sort_key: &str) -> String {
    format!(
        "SELECT s.public_id AS id, s.title, s.publisher, s.kind, s.published_on, s.url, s.language, s.note,
                s.no_url_reason, s.inferred,
                {sort_key} AS sort_key
         FROM sources s"
    )
}

/// These sources, by public id, in id order.
pub fn by_ids(conn: &mut PgConnection, ids: &[String]) -> QueryResult<Vec<SourceRow>> {
    crate::db::statement::statement(format!(
        "{} WHERE s.public_id = ANY($1) ORDER BY s.public_id",
        select("s.public_id")
    ))
    .bind::<Array<Text>, _>(ids)
    .load(conn)
}

/// Sort orders: name → text expression over `s`.
pub const SORTS: &[&str] = &["id", "published_on", "title"];

fn sort_expr(field: &str) -> &'static str {
    match field {
        "published_on" => "coalesce(to_char(s.published_on, 'YYYY-MM-DD'), '')",
        "title" => "s.title",
        _ => "s.public_id",
    }
}

/// What sources are listed by: kinds, municipalities whose records cite them, and a plain text match.
#[derive(Debug, Clone, Default)]
pub struct SourceFilter {
    /// Validated source kinds; empty for all.
    pub kinds: Vec<String>,
    /// Slugs or kommunkoder; empty for all.
    pub municipalities: Vec<String>,
    /// Matched case-insensitively against title and publisher.
    pub q: Option<String>,
}

/// Sources cited by any record of the municipalities bound at `$2`: the municipality itself, its
/// agreements, pledges, focus areas, activities and their status history.
fn cited_in_municipalities() -> String {
    let mids = sql::municipality_ids(2);
    format!(
        "($2::text[] IS NULL OR EXISTS (SELECT 1 FROM citations c WHERE c.source_id = s.id AND (
            c.organization_id IN {mids}
            OR c.agreement_id IN (SELECT a.id FROM agreements a WHERE a.municipality_id IN {mids})
            OR c.pledge_id IN (SELECT p.id FROM pledges p WHERE p.municipality_id IN {mids})
            OR c.focus_area_id IN (SELECT f.id FROM focus_areas f
                 LEFT JOIN pledges p ON p.id = f.pledge_id LEFT JOIN agreements a ON a.id = f.agreement_id
                 WHERE coalesce(p.municipality_id, a.municipality_id) IN {mids})
            OR c.activity_id IN (SELECT x.id FROM activities x JOIN pledges p ON p.id = x.pledge_id
                 WHERE p.municipality_id IN {mids})))
          OR EXISTS (SELECT 1 FROM activity_status_events e JOIN activities x ON x.id = e.activity_id
                 JOIN pledges p ON p.id = x.pledge_id
                 WHERE e.source_id = s.id AND p.municipality_id IN {mids}))"
    )
}

/// A page of sources matching the filter, and how many match in all.
pub fn list(
    conn: &mut PgConnection,
    f: &SourceFilter,
    sort: &str,
    descending: bool,
    after: Option<(&str, &str)>,
    limit: u32,
) -> QueryResult<(Vec<SourceRow>, i64)> {
    let conditions = format!(
        "($1::text[] IS NULL OR s.kind = ANY($1::text[])) AND {muni} AND {q}",
        muni = cited_in_municipalities(),
        q = sql::contains_any(&["s.title", "s.publisher"], 3),
    );
    let expr = sort_expr(sort);
    let page_sql = format!(
        "{select} WHERE {conditions} AND {after} {order} LIMIT $6",
        select = select(expr),
        after = sql::after(expr, "s.public_id", descending, 4),
        order = sql::order(expr, "s.public_id", descending),
    );
    let count_sql = format!("SELECT count(*) AS n FROM sources s WHERE {conditions}");
    let kinds = (!f.kinds.is_empty()).then(|| f.kinds.clone());
    let munis = (!f.municipalities.is_empty()).then(|| f.municipalities.clone());
    let q = f.q.as_deref().map(sql::fold_query);
    let (k, i) = after.unzip();
    macro_rules! bound {
        ($sql:expr) => {
            crate::db::statement::statement($sql)
                .bind::<Nullable<Array<Text>>, _>(kinds.clone())
                .bind::<Nullable<Array<Text>>, _>(munis.clone())
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

pub fn get(conn: &mut PgConnection, id: &str) -> QueryResult<Option<SourceRow>> {
    crate::db::statement::statement(format!("{} WHERE s.public_id = $1", select("s.public_id")))
        .bind::<Text, _>(id)
        .get_result(conn)
        .optional()
}

/// How many records of each kind cite a source.
#[derive(Debug, Clone, QueryableByName)]
pub struct CitedByRow {
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
    pub person_roles: i64,
    #[diesel(sql_type = BigInt)]
    pub events: i64,
    #[diesel(sql_type = BigInt)]
    pub activity_status_events: i64,
    #[diesel(sql_type = BigInt)]
    pub statements: i64,
}

/// The records citing the source with this public id, counted by kind (all zero for an unknown id).
pub fn cited_by(conn: &mut PgConnection, id: &str) -> QueryResult<CitedByRow> {
    crate::db::statement::statement(
        "SELECT count(c.organization_id) AS organizations, count(c.agreement_id) AS agreements,
                count(c.pledge_id) AS pledges, count(c.focus_area_id) AS focus_areas,
                count(c.activity_id) AS activities, count(c.person_role_id) AS person_roles,
                count(c.event_id) AS events,
                (SELECT count(*) FROM activity_status_events e JOIN sources s ON s.id = e.source_id
                 WHERE s.public_id = $1) AS activity_status_events,
                (SELECT count(*) FROM statements st JOIN sources s ON s.id = st.source_id
                 WHERE s.public_id = $1) AS statements
         FROM citations c JOIN sources s ON s.id = c.source_id WHERE s.public_id = $1",
    )
    .bind::<Text, _>(id)
    .get_result(conn)
}
