//! Which pledge a municipality's widget shows.

use chrono::NaiveDate;
use diesel::pg::PgConnection;
use diesel::prelude::*;
use diesel::sql_types::{Date, Text};

use crate::domain::MunicipalityKey;

#[derive(QueryableByName)]
struct Chosen {
    #[diesel(sql_type = Text)]
    id: String,
}

/// The pledge of the municipality that is active on `today`; else the one whose period ends
/// last (ended or upcoming); else an undated one. None when the municipality has no pledge.
pub fn chosen_pledge(
    conn: &mut PgConnection,
    key: &MunicipalityKey,
    today: NaiveDate,
) -> QueryResult<Option<String>> {
    let (clause, value) = match key {
        MunicipalityKey::Slug(s) => ("o.public_id = $1", s.as_str()),
        MunicipalityKey::Code(c) => ("m.code = $1", c.as_str()),
    };
    let chosen: Option<Chosen> = crate::db::statement::statement(format!(
        "SELECT p.public_id AS id FROM pledges p
         JOIN municipalities m ON m.organization_id = p.municipality_id
         JOIN organizations o ON o.id = m.organization_id
         WHERE {clause}
         ORDER BY (p.period_start <= $2 AND p.period_end >= $2) DESC NULLS LAST,
                  p.period_end DESC NULLS LAST, p.period_start DESC NULLS LAST, p.public_id DESC
         LIMIT 1"
    ))
    .bind::<Text, _>(value)
    .bind::<Date, _>(today)
    .get_result(conn)
    .optional()?;
    Ok(chosen.map(|c| c.id))
}
