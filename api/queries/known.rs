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
                           WHERE o.public_id = v)
           AND NOT EXISTS (SELECT 1 FROM municipalities m WHERE m.code = v) ORDER BY i",
        keys,
    )
}

/// The kinds of record an id can name (see [`kinds`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Municipality,
    Organization,
    Agreement,
    Pledge,
    FocusArea,
    Activity,
    Theme,
    Source,
    Person,
    Event,
    Statement,
}

impl Kind {
    const ALL: [(&'static str, Kind); 11] = [
        ("municipality", Kind::Municipality),
        ("organization", Kind::Organization),
        ("agreement", Kind::Agreement),
        ("pledge", Kind::Pledge),
        ("focus_area", Kind::FocusArea),
        ("activity", Kind::Activity),
        ("theme", Kind::Theme),
        ("source", Kind::Source),
        ("person", Kind::Person),
        ("event", Kind::Event),
        ("statement", Kind::Statement),
    ];
}

#[derive(QueryableByName)]
struct IdKind {
    #[diesel(sql_type = Text)]
    id: String,
    #[diesel(sql_type = Text)]
    kind: String,
}

/// The kind of record each of these ids names, for those that name one. Ids are unique across
/// kinds (the importer checks it); a municipality's organization counts as the municipality.
pub fn kinds(conn: &mut PgConnection, ids: &[String]) -> QueryResult<Vec<(String, Kind)>> {
    if ids.is_empty() {
        return Ok(vec![]);
    }
    let rows = crate::db::statement::statement(
        "SELECT u.id, k.kind FROM unnest($1::text[]) AS u(id)
         CROSS JOIN LATERAL (
             SELECT CASE WHEN EXISTS (SELECT 1 FROM municipalities m WHERE m.organization_id = o.id)
                         THEN 'municipality' ELSE 'organization' END AS kind
             FROM organizations o WHERE o.public_id = u.id
             UNION ALL SELECT 'agreement' FROM agreements a WHERE a.public_id = u.id
             UNION ALL SELECT 'pledge' FROM pledges p WHERE p.public_id = u.id
             UNION ALL SELECT 'focus_area' FROM focus_areas f WHERE f.public_id = u.id
             UNION ALL SELECT 'activity' FROM activities x WHERE x.public_id = u.id
             UNION ALL SELECT 'theme' FROM themes t WHERE t.code = u.id
             UNION ALL SELECT 'source' FROM sources s WHERE s.public_id = u.id
             UNION ALL SELECT 'person' FROM people h WHERE h.public_id = u.id
             UNION ALL SELECT 'event' FROM events ev WHERE ev.public_id = u.id
             UNION ALL SELECT 'statement' FROM statements st WHERE st.public_id = u.id
             LIMIT 1
         ) k",
    )
    .bind::<Array<Text>, _>(ids)
    .load::<IdKind>(conn)?;
    Ok(rows
        .into_iter()
        .filter_map(|r| {
            let kind = Kind::ALL.iter().find(|(name, _)| *name == r.kind)?.1;
            Some((r.id, kind))
        })
        .collect())
}
