use diesel::pg::PgConnection;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Nullable, Text};

/// A theme of the controlled vocabulary, with how often it is used.
#[derive(Debug, Clone, QueryableByName)]
pub struct ThemeRow {
    #[diesel(sql_type = Text)]
    pub code: String,
    #[diesel(sql_type = Text)]
    pub label_sv: String,
    #[diesel(sql_type = Text)]
    pub label_en: String,
    #[diesel(sql_type = Nullable<Text>)]
    pub description: Option<String>,
    #[diesel(sql_type = BigInt)]
    pub focus_area_count: i64,
    #[diesel(sql_type = BigInt)]
    pub pledge_count: i64,
    #[diesel(sql_type = BigInt)]
    pub agreement_count: i64,
    #[diesel(sql_type = BigInt)]
    pub municipality_count: i64,
    #[diesel(sql_type = Text)]
    pub sort_key: String,
}

/// Sort orders; `position` (the vocabulary's own order) is the default.
pub const SORTS: &[&str] = &["position", "code"];

fn sort_expr(field: &str) -> &'static str {
    match field {
        // Zero-padded so the text key orders like the number.
        "position" => "lpad(t.position::text, 10, '0')",
        _ => "t.code",
    }
}

fn select(sort: &str) -> String {
    format!(
        "SELECT t.code, t.label_sv, t.label_en, t.description,
                (SELECT count(*) FROM focus_area_themes ft WHERE ft.theme_id = t.id) AS focus_area_count,
                (SELECT count(DISTINCT f.pledge_id) FROM focus_area_themes ft
                   JOIN focus_areas f ON f.id = ft.focus_area_id WHERE ft.theme_id = t.id) AS pledge_count,
                (SELECT count(DISTINCT f.agreement_id) FROM focus_area_themes ft
                   JOIN focus_areas f ON f.id = ft.focus_area_id WHERE ft.theme_id = t.id) AS agreement_count,
                (SELECT count(DISTINCT coalesce(p.municipality_id, a.municipality_id)) FROM focus_area_themes ft
                   JOIN focus_areas f ON f.id = ft.focus_area_id
                   LEFT JOIN pledges p ON p.id = f.pledge_id
                   LEFT JOIN agreements a ON a.id = f.agreement_id
                   WHERE ft.theme_id = t.id) AS municipality_count,
                {sort_key} AS sort_key
         FROM themes t",
        sort_key = sort_expr(sort),
    )
}

/// A page of themes, and how many there are.
pub fn list(
    conn: &mut PgConnection,
    sort: &str,
    descending: bool,
    after: Option<(&str, &str)>,
    limit: u32,
) -> QueryResult<(Vec<ThemeRow>, i64)> {
    let expr = sort_expr(sort);
    let (k, i) = after.unzip();
    let rows = crate::db::statement::statement(format!(
        "{select} WHERE {after} {order} LIMIT $3",
        select = select(sort),
        after = super::sql::after(expr, "t.code", descending, 1),
        order = super::sql::order(expr, "t.code", descending),
    ))
    .bind::<Nullable<Text>, _>(k)
    .bind::<Nullable<Text>, _>(i)
    .bind::<BigInt, _>(i64::from(limit))
    .load(conn)?;
    let total = crate::db::statement::statement("SELECT count(*) AS n FROM themes")
        .get_result::<super::Count>(conn)?
        .n;
    Ok((rows, total))
}

pub fn get(conn: &mut PgConnection, code: &str) -> QueryResult<Option<ThemeRow>> {
    crate::db::statement::statement(format!("{} WHERE t.code = $1", select("code")))
        .bind::<Text, _>(code)
        .get_result(conn)
        .optional()
}
