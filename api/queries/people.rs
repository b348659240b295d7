use chrono::NaiveDate;
use diesel::pg::PgConnection;
use diesel::prelude::*;
use diesel::sql_types::{Array, BigInt, Date, Nullable, Text};

use super::sql;

/// A person named in the sources, with the agreements they sign and the events they take part in.
#[derive(Debug, Clone, QueryableByName)]
pub struct PersonRow {
    #[diesel(sql_type = Text)]
    pub id: String,
    #[diesel(sql_type = Text)]
    pub name: String,
    /// Agreement ids, in id order.
    #[diesel(sql_type = Array<Text>)]
    pub signed: Vec<String>,
    /// Event ids, in id order.
    #[diesel(sql_type = Array<Text>)]
    pub events: Vec<String>,
    #[diesel(sql_type = Text)]
    pub sort_key: String,
}

/// A person's title at an organization, as a source gives it.
#[derive(Debug, Clone, QueryableByName)]
pub struct RoleRow {
    #[diesel(sql_type = Text)]
    pub person_id: String,
    #[diesel(sql_type = Text)]
    pub title: String,
    #[diesel(sql_type = Nullable<Text>)]
    pub organization_id: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    pub organization_name: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    pub party: Option<String>,
    #[diesel(sql_type = Nullable<Date>)]
    pub as_of: Option<NaiveDate>,
    #[diesel(sql_type = diesel::sql_types::Jsonb)]
    pub inferred: crate::queries::agreements::JsonList<crate::domain::Inference>,
    #[diesel(sql_type = Array<Text>)]
    pub sources: Vec<String>,
}

/// Sort orders: name → text expression over `pe`.
pub const SORTS: &[&str] = &["id", "name"];

fn sort_expr(field: &str) -> &'static str {
    match field {
        "name" => "pe.name",
        _ => "pe.public_id",
    }
}

/// Who people are listed by: municipalities and a plain name match.
#[derive(Debug, Clone, Default)]
pub struct PersonFilter {
    /// Slugs or kommunkoder; empty for all.
    pub municipalities: Vec<String>,
    /// Matched case-insensitively against the name.
    pub q: Option<String>,
}

fn select(sort_key: &str) -> String {
    format!(
        "SELECT pe.public_id AS id, pe.name,
                ARRAY(SELECT a.public_id FROM signatories sg JOIN agreements a ON a.id = sg.agreement_id
                      WHERE sg.person_id = pe.id ORDER BY a.public_id) AS signed,
                ARRAY(SELECT ev.public_id FROM event_people ep JOIN events ev ON ev.id = ep.event_id
                      WHERE ep.person_id = pe.id ORDER BY ev.public_id) AS events,
                {sort_key} AS sort_key
         FROM people pe"
    )
}

/// People with a role at one of the municipalities bound at `$1` or at a party to its agreements,
/// or who sign one of its agreements.
fn in_municipalities() -> String {
    let mids = sql::municipality_ids(1);
    format!(
        "($1::text[] IS NULL
          OR EXISTS (SELECT 1 FROM person_roles r WHERE r.person_id = pe.id AND (
                r.organization_id IN {mids}
                OR r.organization_id IN (SELECT ap.organization_id FROM agreement_parties ap
                     JOIN agreements a ON a.id = ap.agreement_id WHERE a.municipality_id IN {mids})))
          OR EXISTS (SELECT 1 FROM signatories sg JOIN agreements a ON a.id = sg.agreement_id
                WHERE sg.person_id = pe.id AND a.municipality_id IN {mids}))"
    )
}

/// A page of people matching the filter, and how many match in all.
pub fn list(
    conn: &mut PgConnection,
    f: &PersonFilter,
    sort: &str,
    descending: bool,
    after: Option<(&str, &str)>,
    limit: u32,
) -> QueryResult<(Vec<PersonRow>, i64)> {
    let conditions = format!(
        "{muni} AND {q}",
        muni = in_municipalities(),
        q = sql::contains_any(&["pe.name"], 2),
    );
    let expr = sort_expr(sort);
    let page_sql = format!(
        "{select} WHERE {conditions} AND {after} {order} LIMIT $5",
        select = select(expr),
        after = sql::after(expr, "pe.public_id", descending, 3),
        order = sql::order(expr, "pe.public_id", descending),
    );
    let count_sql = format!("SELECT count(*) AS n FROM people pe WHERE {conditions}");
    let munis = (!f.municipalities.is_empty()).then(|| f.municipalities.clone());
    let q = f.q.as_deref().map(sql::fold_query);
    let (k, i) = after.unzip();
    macro_rules! bound {
        ($sql:expr) => {
            crate::db::statement::statement($sql)
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

pub fn get(conn: &mut PgConnection, id: &str) -> QueryResult<Option<PersonRow>> {
    crate::db::statement::statement(format!(
        "{} WHERE pe.public_id = $1",
        select("pe.public_id")
    ))
    .bind::<Text, _>(id)
    .get_result(conn)
    .optional()
}

/// The roles of these people (by public id), in each person's own order: one query for a page.
pub fn roles_of(conn: &mut PgConnection, person_ids: &[String]) -> QueryResult<Vec<RoleRow>> {
    crate::db::statement::statement(format!(
        "SELECT pe.public_id AS person_id, r.title, o.public_id AS organization_id,
                o.name AS organization_name, r.party, r.as_of, r.inferred,
                {sources} AS sources
         FROM person_roles r
         JOIN people pe ON pe.id = r.person_id
         LEFT JOIN organizations o ON o.id = r.organization_id
         WHERE pe.public_id = ANY($1)
         ORDER BY pe.public_id, r.position",
        sources = sql::sources_of("r", "person_role_id"),
    ))
    .bind::<Array<Text>, _>(person_ids)
    .load(conn)
}
