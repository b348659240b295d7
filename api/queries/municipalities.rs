use diesel::pg::PgConnection;
use diesel::prelude::*;
use diesel::sql_types::{Array, BigInt, Nullable, Text};

use crate::domain::{Filter, MunicipalityKey};

/// A municipality with its codes, police units and record counts.
#[derive(Debug, Clone, QueryableByName)]
pub struct MunicipalityRow {
    #[diesel(sql_type = Text)]
    pub id: String,
    #[diesel(sql_type = Text)]
    pub name: String,
    #[diesel(sql_type = Text)]
    pub organization_name: String,
    #[diesel(sql_type = Text)]
    pub code: String,
    #[diesel(sql_type = Text)]
    pub county_code: String,
    #[diesel(sql_type = Text)]
    pub county_name: String,
    #[diesel(sql_type = Nullable<Text>)]
    pub police_region_id: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    pub police_region_name: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    pub local_police_area_id: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    pub local_police_area_name: Option<String>,
    #[diesel(sql_type = BigInt)]
    pub agreement_count: i64,
    #[diesel(sql_type = BigInt)]
    pub pledge_count: i64,
    #[diesel(sql_type = Array<Text>)]
    pub sources: Vec<String>,
    #[diesel(sql_type = Nullable<Text>)]
    pub note: Option<String>,
    #[diesel(sql_type = diesel::sql_types::Jsonb)]
    pub inferred: crate::queries::agreements::JsonList<crate::domain::Inference>,
    #[diesel(sql_type = Text)]
    pub sort_key: String,
}

pub const SORTS: &[&str] = &["id", "code", "name"];

fn sort_expr(field: &str) -> &'static str {
    match field {
        "code" => "m.code",
        "name" => "m.name",
        _ => "o.public_id",
    }
}

/// Municipalities with police units, counts and sources; `sort` is one of [`SORTS`].
pub fn select(sort: &str) -> String {
    format!(
        "SELECT {sort_key} AS sort_key, o.public_id AS id, m.name, o.name AS organization_name, m.code, m.county_code, m.county_name,
           pr.public_id AS police_region_id, pr.name AS police_region_name,
           lpa.public_id AS local_police_area_id, lpa.name AS local_police_area_name,
           (SELECT count(*) FROM agreements a WHERE a.municipality_id = m.organization_id) AS agreement_count,
           (SELECT count(*) FROM pledges p WHERE p.municipality_id = m.organization_id) AS pledge_count,
           ARRAY(SELECT s.public_id FROM citations c JOIN sources s ON s.id = c.source_id
                 WHERE c.organization_id = o.id ORDER BY s.public_id) AS sources,
           o.note, m.inferred
    FROM municipalities m
    JOIN organizations o ON o.id = m.organization_id
    LEFT JOIN organizations pr ON pr.id = m.police_region_id
    LEFT JOIN organizations lpa ON lpa.id = m.local_police_area_id",
        sort_key = sort_expr(sort)
    )
}

/// A page of municipalities matching the filter, and how many match in all.
pub fn list(
    conn: &mut PgConnection,
    f: &Filter,
    sort: &str,
    descending: bool,
    after: Option<(&str, &str)>,
    limit: u32,
) -> QueryResult<(Vec<MunicipalityRow>, i64)> {
    super::lists::list(
        conn,
        &super::lists::MUNICIPALITIES,
        select(sort),
        sort_expr(sort),
        descending,
        f,
        after,
        limit,
    )
}

/// By slug or by kommunkod.
pub fn get(conn: &mut PgConnection, key: &MunicipalityKey) -> QueryResult<Option<MunicipalityRow>> {
    let (clause, value) = match key {
        MunicipalityKey::Slug(s) => ("o.public_id = $1", s.as_str()),
        MunicipalityKey::Code(c) => ("m.code = $1", c.as_str()),
    };
    crate::db::statement::statement(format!("{} WHERE {clause}", select("id")))
        .bind::<Text, _>(value)
        .get_result(conn)
        .optional()
}
