//! Which filter values name nothing: a theme code or municipality that does not exist is a bad
//! value (400), not a silent empty result.

use diesel::pg::PgConnection;
use diesel::prelude::*;
use diesel::sql_types::{Array, Text};

#[derive(QueryableByName)]
struct Value {
    #[diesel(sql_type = Text)]
    v: String,
}

fn missing(conn: &mut PgConnection, sql: &str, values: &[String]) -> QueryResult<Vec<String>> {
    if values.is_empty() {
        return Ok(vec![]);
    }
    Ok(crate::db::statement::statement(sql)
        .bind::<Array<Text>, _>(values)
        .load::<Value>(conn)?
        .into_iter()
        .map(|r| r.v)
        .collect())
}

/// Theme codes that are not in the vocabulary, in the order given.
pub fn unknown_themes(conn: &mut PgConnection, codes: &[String]) -> QueryResult<Vec<String>> {
    missing(
        conn,
        "SELECT v FROM unnest($1::text[]) WITH ORDINALITY AS u(v, i)
         WHERE NOT EXISTS (SELECT 1 FROM themes t WHERE t.code = v) ORDER BY i",
        codes,
    )
}

/// Municipality slugs or kommunkoder that name no municipality, in the order given.
pub fn unknown_municipalities(
    conn: &mut PgConnection,
    keys: &[String],
) -> QueryResult<Vec<String>> {
    missing(
        conn,
        "SELECT v FROM unnest($1::text[]) WITH ORDINALITY AS u(v, i)
         WHERE NOT EXISTS (SELECT 1 FROM municipalities m JOIN organizations o ON o.id = m.organization_id
                           WHERE o.public_id = v OR m.code = v) ORDER BY i",
        keys,
    )
}
