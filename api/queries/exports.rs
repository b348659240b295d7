//! The rows of the bulk exports: one query per exported table (`exports::tables`), each row a JSON
//! object whose keys are the table's columns, in the table's stable order. Rows are read one at a
//! time (libpq's single-row mode), so an export never holds a whole table in memory.

use diesel::pg::{PgConnection, PgRowByRowLoadingMode};
use diesel::prelude::*;
use diesel::sql_types::Text;

use super::sql;

/// The query of the table named `table` (an `exports::tables` name); none for an unknown name.
/// Every query selects public ids and codes, never serials, with the API's values.
fn query(table: &str) -> Option<String> {
    let (select, order) = match table {
        "municipalities" => (
            "SELECT o.public_id AS id, m.code, m.name, o.name AS organization_name,
                    m.county_code, m.county_name, pr.public_id AS police_region_id,
                    lpa.public_id AS local_police_area_id, o.note
             FROM municipalities m JOIN organizations o ON o.id = m.organization_id
             LEFT JOIN organizations pr ON pr.id = m.police_region_id
             LEFT JOIN organizations lpa ON lpa.id = m.local_police_area_id"
                .to_owned(),
            "id",
        ),
        "organizations" => (
            "SELECT o.public_id AS id, o.kind, o.name, p.public_id AS parent_id,
                    m.code AS municipality_code, o.note
             FROM organizations o LEFT JOIN organizations p ON p.id = o.parent_id
             LEFT JOIN municipalities m ON m.organization_id = o.id"
                .to_owned(),
            "id",
        ),
        "agreements" => (
            "SELECT a.public_id AS id, o.public_id AS municipality_id, m.code AS municipality_code,
                    a.title, a.signed_on, a.period_start, a.period_end, a.period_precision,
                    a.summary, a.follow_up, a.note
             FROM agreements a JOIN municipalities m ON m.organization_id = a.municipality_id
             JOIN organizations o ON o.id = m.organization_id"
                .to_owned(),
            "id",
        ),
        "agreement-parties" => (
            "SELECT a.public_id AS agreement_id, o.public_id AS organization_id, ap.position, ap.role
             FROM agreement_parties ap JOIN agreements a ON a.id = ap.agreement_id
             JOIN organizations o ON o.id = ap.organization_id"
                .to_owned(),
            "agreement_id, position",
        ),
        "pledges" => (
            "SELECT p.public_id AS id, o.public_id AS municipality_id, m.code AS municipality_code,
                    a.public_id AS agreement_id, p.title, p.period_start, p.period_end,
                    p.period_precision, p.published_on, p.summary, p.note
             FROM pledges p JOIN municipalities m ON m.organization_id = p.municipality_id
             JOIN organizations o ON o.id = m.organization_id
             LEFT JOIN agreements a ON a.id = p.agreement_id"
                .to_owned(),
            "id",
        ),
        "focus-areas" => (
            "SELECT f.public_id AS id,
                    CASE WHEN f.pledge_id IS NOT NULL THEN 'pledge' ELSE 'agreement' END AS parent_type,
                    p.public_id AS pledge_id, a.public_id AS agreement_id,
                    o.public_id AS municipality_id, m.code AS municipality_code,
                    f.position, f.title, f.description, f.goals
             FROM focus_areas f LEFT JOIN pledges p ON p.id = f.pledge_id
             LEFT JOIN agreements a ON a.id = f.agreement_id
             JOIN municipalities m ON m.organization_id = coalesce(p.municipality_id, a.municipality_id)
             JOIN organizations o ON o.id = m.organization_id"
                .to_owned(),
            "id",
        ),
        "focus-area-themes" => (
            "SELECT f.public_id AS focus_area_id, t.code AS theme_code
             FROM focus_area_themes ft JOIN focus_areas f ON f.id = ft.focus_area_id
             JOIN themes t ON t.id = ft.theme_id"
                .to_owned(),
            "focus_area_id, theme_code",
        ),
        "activities" => (
            format!(
                "SELECT x.public_id AS id, p.public_id AS pledge_id, f.public_id AS focus_area_id,
                        o.public_id AS municipality_id, m.code AS municipality_code,
                        x.position, x.title, x.description,
                        coalesce(cur.status, 'unknown') AS status, cur.effective_on AS status_since,
                        nullif(array_to_string(ARRAY(
                            SELECT r.public_id FROM activity_responsibles ar
                            JOIN organizations r ON r.id = ar.organization_id
                            WHERE ar.activity_id = x.id ORDER BY r.public_id), '|'), '') AS responsible,
                        x.planned_start, x.planned_end, x.due_on, x.note
                 FROM activities x JOIN pledges p ON p.id = x.pledge_id
                 JOIN municipalities m ON m.organization_id = p.municipality_id
                 JOIN organizations o ON o.id = m.organization_id
                 LEFT JOIN focus_areas f ON f.id = x.focus_area_id
                 {latest}",
                latest = sql::status_join("x", "cur", None)
            ),
            "id",
        ),
        // Oldest first, as `/v1/activities/{id}/history` lists them.
        "activity-status-events" => (
            "SELECT x.public_id AS activity_id,
                    row_number() OVER (PARTITION BY e.activity_id ORDER BY e.effective_on, e.id) AS sequence,
                    e.status, e.effective_on, e.note, s.public_id AS source_id
             FROM activity_status_events e JOIN activities x ON x.id = e.activity_id
             JOIN sources s ON s.id = e.source_id"
                .to_owned(),
            "activity_id, sequence",
        ),
        "themes" => (
            "SELECT code, label_sv, label_en, description, position FROM themes".to_owned(),
            "position, code",
        ),
        "sources" => (
            "SELECT public_id AS id, title, publisher, kind, published_on, url, language, note,
                    no_url_reason
             FROM sources"
                .to_owned(),
            "id",
        ),
        "citations" => (
            "SELECT DISTINCT s.public_id AS source_id,
                    CASE WHEN c.organization_id IS NOT NULL THEN 'organization'
                         WHEN c.agreement_id IS NOT NULL THEN 'agreement'
                         WHEN c.pledge_id IS NOT NULL THEN 'pledge'
                         WHEN c.focus_area_id IS NOT NULL THEN 'focus_area'
                         WHEN c.activity_id IS NOT NULL THEN 'activity'
                         WHEN c.person_role_id IS NOT NULL THEN 'role'
                         ELSE 'event' END AS record_type,
                    coalesce(o.public_id, a.public_id, p.public_id, f.public_id, x.public_id,
                             pe.public_id || '/' || r.position, ev.public_id) AS record_id
             FROM citations c JOIN sources s ON s.id = c.source_id
             LEFT JOIN organizations o ON o.id = c.organization_id
             LEFT JOIN agreements a ON a.id = c.agreement_id
             LEFT JOIN pledges p ON p.id = c.pledge_id
             LEFT JOIN focus_areas f ON f.id = c.focus_area_id
             LEFT JOIN activities x ON x.id = c.activity_id
             LEFT JOIN person_roles r ON r.id = c.person_role_id
             LEFT JOIN people pe ON pe.id = r.person_id
             LEFT JOIN events ev ON ev.id = c.event_id"
                .to_owned(),
            "source_id, record_type, record_id",
        ),
        "people" => (
            "SELECT public_id AS id, name FROM people".to_owned(),
            "id",
        ),
        "roles" => (
            "SELECT pe.public_id || '/' || r.position AS id, pe.public_id AS person_id, r.position,
                    r.title, o.public_id AS organization_id, r.party, r.as_of
             FROM person_roles r JOIN people pe ON pe.id = r.person_id
             LEFT JOIN organizations o ON o.id = r.organization_id"
                .to_owned(),
            "person_id, position",
        ),
        "events" => (
            "SELECT public_id AS id, kind, title, held_on, location, summary, note,
                    to_char(starts_at, 'HH24:MI') AS starts_at FROM events"
                .to_owned(),
            "id",
        ),
        "statements" => (super::statements::export_select(), "id"),
        "inferences" => (INFERENCES.to_owned(), "record_type, record_id, field"),
        _ => return None,
    };
    // The outer query orders by the row's own columns, so the order is the export's, stable.
    Some(format!(
        "SELECT row_to_json(t)::text AS r FROM ({select}) t ORDER BY {}",
        order
            .split(", ")
            .map(|c| format!("t.{c}"))
            .collect::<Vec<_>>()
            .join(", ")
    ))
}

/// Every `inferred` mark, one row per record and field, keyed as the other tables key the record.
const INFERENCES: &str = "
    SELECT 'source' AS record_type, s.public_id AS record_id, i->>'field' AS field, i->>'reason' AS reason
    FROM sources s, jsonb_array_elements(s.inferred) i
    UNION ALL SELECT 'organization', o.public_id, i->>'field', i->>'reason'
    FROM organizations o, jsonb_array_elements(o.inferred) i
    UNION ALL SELECT 'municipality', o.public_id, i->>'field', i->>'reason'
    FROM municipalities m JOIN organizations o ON o.id = m.organization_id, jsonb_array_elements(m.inferred) i
    UNION ALL SELECT 'role', pe.public_id || '/' || r.position, i->>'field', i->>'reason'
    FROM person_roles r JOIN people pe ON pe.id = r.person_id, jsonb_array_elements(r.inferred) i
    UNION ALL SELECT 'agreement', a.public_id, i->>'field', i->>'reason'
    FROM agreements a, jsonb_array_elements(a.inferred) i
    UNION ALL SELECT 'signatory', a.public_id || '/' || pe.public_id, i->>'field', i->>'reason'
    FROM signatories sg JOIN agreements a ON a.id = sg.agreement_id JOIN people pe ON pe.id = sg.person_id,
         jsonb_array_elements(sg.inferred) i
    UNION ALL SELECT 'pledge', p.public_id, i->>'field', i->>'reason'
    FROM pledges p, jsonb_array_elements(p.inferred) i
    UNION ALL SELECT 'event', ev.public_id, i->>'field', i->>'reason'
    FROM events ev, jsonb_array_elements(ev.inferred) i";

#[derive(QueryableByName)]
struct JsonRow {
    #[diesel(sql_type = Text)]
    r: String,
}

/// Calls `each` with every row of `table` as JSON text, in order, one row in memory at a time.
/// `Ok(false)` when there is no such table.
pub fn for_each_row<E>(
    conn: &mut PgConnection,
    table: &str,
    mut each: impl FnMut(&str) -> Result<(), E>,
) -> Result<bool, E>
where
    E: From<diesel::result::Error>,
{
    let Some(sql) = query(table) else {
        return Ok(false);
    };
    let rows =
        crate::db::statement::statement(sql).load_iter::<JsonRow, PgRowByRowLoadingMode>(conn)?;
    for row in rows {
        each(&row?.r)?;
    }
    Ok(true)
}

/// Runs `f` in one read-only snapshot, so that every file of an export shows the same data even
/// while an import commits.
pub fn snapshot<T, E>(
    conn: &mut PgConnection,
    f: impl FnOnce(&mut PgConnection) -> Result<T, E>,
) -> Result<T, E>
where
    E: From<diesel::result::Error>,
{
    conn.build_transaction()
        .read_only()
        .repeatable_read()
        .run(f)
}
