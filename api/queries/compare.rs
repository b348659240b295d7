//! The comparison matrix: per municipality, what is active in a span of days and what it addresses.

use chrono::NaiveDate;
use diesel::pg::PgConnection;
use diesel::prelude::*;
use diesel::sql_types::{Array, BigInt, Date, Nullable, Text};

use super::sql;

/// One municipality's row: the records active in the span, their themes and activity statuses.
#[derive(Debug, Clone, QueryableByName)]
pub struct CompareRow {
    #[diesel(sql_type = Text)]
    pub id: String,
    #[diesel(sql_type = Text)]
    pub name: String,
    #[diesel(sql_type = Text)]
    pub code: String,
    #[diesel(sql_type = Text)]
    pub county_code: String,
    #[diesel(sql_type = Array<Text>)]
    pub agreements: Vec<String>,
    #[diesel(sql_type = Array<Text>)]
    pub pledges: Vec<String>,
    /// Records whose period no source gives: never active, listed so they are not lost.
    #[diesel(sql_type = Array<Text>)]
    pub undated_agreements: Vec<String>,
    #[diesel(sql_type = Array<Text>)]
    pub undated_pledges: Vec<String>,
    /// One entry per (focus area, theme) of the active records, in theme order.
    #[diesel(sql_type = Array<Text>)]
    pub theme_codes: Vec<String>,
    #[diesel(sql_type = BigInt)]
    pub focus_area_count: i64,
    /// Current status of each activity of the active pledges.
    #[diesel(sql_type = Array<Text>)]
    pub activity_statuses: Vec<String>,
}

/// A theme of the controlled vocabulary, for the matrix's header.
#[derive(Debug, Clone, QueryableByName)]
pub struct ThemeRow {
    #[diesel(sql_type = Text)]
    pub code: String,
    #[diesel(sql_type = Text)]
    pub label_sv: String,
    #[diesel(sql_type = Text)]
    pub label_en: String,
}

/// `{alias}`'s period overlaps the span bound at $2 (first day) and $3 (last day).
fn active(alias: &str) -> String {
    format!("({alias}.period_start <= $3::date AND {alias}.period_end >= $2::date)")
}

/// Rows for the municipalities given by slug or kommunkod (all when `None`), ordered by id, for
/// the records whose period overlaps `from..=to`.
pub fn matrix(
    conn: &mut PgConnection,
    municipalities: Option<&[String]>,
    from: NaiveDate,
    to: NaiveDate,
) -> QueryResult<Vec<CompareRow>> {
    let sql = format!(
        "SELECT o.public_id AS id, m.name, m.code, m.county_code,
            ARRAY(SELECT a.public_id FROM agreements a
                  WHERE a.municipality_id = m.organization_id AND {active_a} ORDER BY a.public_id) AS agreements,
            ARRAY(SELECT p.public_id FROM pledges p
                  WHERE p.municipality_id = m.organization_id AND {active_p} ORDER BY p.public_id) AS pledges,
            ARRAY(SELECT a.public_id FROM agreements a
                  WHERE a.municipality_id = m.organization_id AND a.period_start IS NULL
                  ORDER BY a.public_id) AS undated_agreements,
            ARRAY(SELECT p.public_id FROM pledges p
                  WHERE p.municipality_id = m.organization_id AND p.period_start IS NULL
                  ORDER BY p.public_id) AS undated_pledges,
            ARRAY(SELECT t.code FROM ({focus_areas}) fa
                  JOIN focus_area_themes ft ON ft.focus_area_id = fa.id JOIN themes t ON t.id = ft.theme_id
                  ORDER BY t.position) AS theme_codes,
            (SELECT count(*) FROM ({focus_areas}) fa) AS focus_area_count,
            ARRAY(SELECT {status} FROM pledges p JOIN activities x ON x.pledge_id = p.id
                  WHERE p.municipality_id = m.organization_id AND {active_p}) AS activity_statuses
         FROM municipalities m
         JOIN organizations o ON o.id = m.organization_id
         WHERE {chosen}
         ORDER BY o.public_id",
        active_a = active("a"),
        active_p = active("p"),
        focus_areas = format!(
            "SELECT f.id FROM agreements a JOIN focus_areas f ON f.agreement_id = a.id
             WHERE a.municipality_id = m.organization_id AND {}
             UNION ALL
             SELECT f.id FROM pledges p JOIN focus_areas f ON f.pledge_id = p.id
             WHERE p.municipality_id = m.organization_id AND {}",
            active("a"),
            active("p")
        ),
        status = sql::status_of("x", None),
        chosen = sql::in_municipalities("o", "m", 1),
    );
    // The pool turns PostgreSQL's JIT off for every connection (see db/pool.rs): here it cost
    // more (≈30 ms at 290 municipalities) than the query.
    crate::db::statement::statement(sql)
        .bind::<Nullable<Array<Text>>, _>(municipalities)
        .bind::<Date, _>(from)
        .bind::<Date, _>(to)
        .load(conn)
}

/// Every theme, in display order.
pub fn themes(conn: &mut PgConnection) -> QueryResult<Vec<ThemeRow>> {
    crate::db::statement::statement(
        "SELECT code, label_sv, label_en FROM themes ORDER BY position, code",
    )
    .load(conn)
}
