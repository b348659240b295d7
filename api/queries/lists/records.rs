//! Rows the GraphQL interface needs that no other query module has yet: agreements, themes,
//! organizations, people, events, and the small lists under them (status history, parties,
//! signatories, roles, participants). Lists are loaded for many parents in one statement.

use chrono::NaiveDate;
use diesel::pg::PgConnection;
use diesel::prelude::*;
use diesel::sql_types::{Array, BigInt, Date, Int4, Nullable, Text};

use crate::queries::sql;

/// A cooperation agreement with its municipality, themes, counts and sources.
#[derive(Debug, Clone, QueryableByName)]
pub struct AgreementRow {
    #[diesel(sql_type = Text)]
    pub id: String,
    #[diesel(sql_type = Text)]
    pub title: String,
    #[diesel(sql_type = Text)]
    pub municipality_id: String,
    #[diesel(sql_type = Nullable<Date>)]
    pub signed_on: Option<NaiveDate>,
    #[diesel(sql_type = Nullable<Date>)]
    pub period_start: Option<NaiveDate>,
    #[diesel(sql_type = Nullable<Date>)]
    pub period_end: Option<NaiveDate>,
    #[diesel(sql_type = Nullable<Text>)]
    pub period_precision: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    pub summary: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    pub follow_up: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    pub note: Option<String>,
    #[diesel(sql_type = diesel::sql_types::Jsonb)]
    pub inferred: crate::queries::agreements::JsonList<crate::domain::Inference>,
    #[diesel(sql_type = Array<Text>)]
    pub themes: Vec<String>,
    #[diesel(sql_type = BigInt)]
    pub focus_area_count: i64,
    #[diesel(sql_type = BigInt)]
    pub pledge_count: i64,
    #[diesel(sql_type = Array<Text>)]
    pub sources: Vec<String>,
    #[diesel(sql_type = Text)]
    pub sort_key: String,
}

/// Agreements; `{sort_key}` is a text expression over `a`.
pub fn agreements(sort_key: &str) -> String {
    format!(
        "SELECT a.public_id AS id, a.title, o.public_id AS municipality_id, a.signed_on,
                a.period_start, a.period_end, a.period_precision, a.summary, a.follow_up, a.note,
                a.inferred,
                ARRAY(SELECT DISTINCT t.code FROM focus_areas f
                      JOIN focus_area_themes ft ON ft.focus_area_id = f.id JOIN themes t ON t.id = ft.theme_id
                      WHERE f.agreement_id = a.id ORDER BY t.code) AS themes,
                (SELECT count(*) FROM focus_areas f WHERE f.agreement_id = a.id) AS focus_area_count,
                (SELECT count(*) FROM pledges p WHERE p.agreement_id = a.id) AS pledge_count,
                {sources} AS sources,
                {sort_key} AS sort_key
         FROM agreements a
         JOIN municipalities m ON m.organization_id = a.municipality_id
         JOIN organizations o ON o.id = m.organization_id",
        sources = sql::sources_of("a", "agreement_id"),
    )
}

/// A theme of the controlled vocabulary.
#[derive(Debug, Clone, QueryableByName, serde::Deserialize)]
pub struct ThemeRow {
    #[diesel(sql_type = Text)]
    pub code: String,
    #[diesel(sql_type = Text)]
    pub label_sv: String,
    #[diesel(sql_type = Text)]
    pub label_en: String,
    #[diesel(sql_type = Nullable<Text>)]
    pub description: Option<String>,
    #[diesel(sql_type = Int4)]
    pub position: i32,
    #[diesel(sql_type = Text)]
    pub sort_key: String,
}

/// Themes; `{sort_key}` is a text expression over `t`.
pub fn themes(sort_key: &str) -> String {
    format!(
        "SELECT t.code, t.label_sv, t.label_en, t.description, t.position, {sort_key} AS sort_key
         FROM themes t"
    )
}

/// An organization: a municipality, a police unit, a region, a county administrative board, ….
#[derive(Debug, Clone, QueryableByName)]
pub struct OrganizationRow {
    #[diesel(sql_type = Text)]
    pub id: String,
    #[diesel(sql_type = Text)]
    pub kind: String,
    #[diesel(sql_type = Text)]
    pub name: String,
    #[diesel(sql_type = Nullable<Text>)]
    pub parent_id: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    pub note: Option<String>,
    #[diesel(sql_type = diesel::sql_types::Jsonb)]
    pub inferred: crate::queries::agreements::JsonList<crate::domain::Inference>,
    #[diesel(sql_type = Array<Text>)]
    pub sources: Vec<String>,
    #[diesel(sql_type = Text)]
    pub sort_key: String,
}

/// Organizations; `{sort_key}` is a text expression over `g`.
pub fn organizations(sort_key: &str) -> String {
    format!(
        "SELECT g.public_id AS id, g.kind, g.name, gp.public_id AS parent_id, g.note, g.inferred,
                {sources} AS sources, {sort_key} AS sort_key
         FROM organizations g LEFT JOIN organizations gp ON gp.id = g.parent_id",
        sources = sql::sources_of("g", "organization_id"),
    )
}

/// A person named as an actor in the sources.
#[derive(Debug, Clone, QueryableByName)]
pub struct PersonRow {
    #[diesel(sql_type = Text)]
    pub id: String,
    #[diesel(sql_type = Text)]
    pub name: String,
    #[diesel(sql_type = Text)]
    pub sort_key: String,
}

/// People; `{sort_key}` is a text expression over `h`.
pub fn people(sort_key: &str) -> String {
    format!("SELECT h.public_id AS id, h.name, {sort_key} AS sort_key FROM people h")
}

/// A meeting or conference.
#[derive(Debug, Clone, QueryableByName)]
pub struct EventRow {
    #[diesel(sql_type = Text)]
    pub id: String,
    #[diesel(sql_type = Text)]
    pub kind: String,
    #[diesel(sql_type = Text)]
    pub title: String,
    #[diesel(sql_type = Nullable<Date>)]
    pub held_on: Option<NaiveDate>,
    #[diesel(sql_type = Nullable<Text>)]
    pub location: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    pub summary: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    pub note: Option<String>,
    /// Local time it began (`HH:MM`), where the source gives it.
    #[diesel(sql_type = Nullable<Text>)]
    pub starts_at: Option<String>,
    #[diesel(sql_type = diesel::sql_types::Jsonb)]
    pub inferred: crate::queries::agreements::JsonList<crate::domain::Inference>,
    #[diesel(sql_type = Array<Text>)]
    pub sources: Vec<String>,
    #[diesel(sql_type = Text)]
    pub sort_key: String,
}

/// Events; `{sort_key}` is a text expression over `ev`.
pub fn events(sort_key: &str) -> String {
    format!(
        "SELECT ev.public_id AS id, ev.kind, ev.title, ev.held_on, ev.location, ev.summary, ev.note,
                to_char(ev.starts_at, 'HH24:MI') AS starts_at, ev.inferred,
                {sources} AS sources, {sort_key} AS sort_key
         FROM events ev",
        sources = sql::sources_of("ev", "event_id"),
    )
}

/// One entry of an activity's status history.
#[derive(Debug, Clone, QueryableByName)]
pub struct StatusEventRow {
    #[diesel(sql_type = Text)]
    pub activity_id: String,
    #[diesel(sql_type = Text)]
    pub status: String,
    #[diesel(sql_type = Date)]
    pub effective_on: NaiveDate,
    #[diesel(sql_type = Nullable<Text>)]
    pub note: Option<String>,
    #[diesel(sql_type = Text)]
    pub source_id: String,
}

/// The status histories of these activities, oldest first.
pub fn status_history(
    conn: &mut PgConnection,
    activity_ids: &[String],
) -> QueryResult<Vec<StatusEventRow>> {
    crate::db::statement::statement(
        "SELECT x.public_id AS activity_id, e.status, e.effective_on, e.note, s.public_id AS source_id
         FROM activity_status_events e
         JOIN activities x ON x.id = e.activity_id
         JOIN sources s ON s.id = e.source_id
         WHERE x.public_id = ANY($1)
         ORDER BY x.public_id, e.effective_on, e.id",
    )
    .bind::<Array<Text>, _>(activity_ids)
    .load(conn)
}

/// An organization that is party to an agreement.
#[derive(Debug, Clone, QueryableByName)]
pub struct PartyRow {
    #[diesel(sql_type = Text)]
    pub agreement_id: String,
    #[diesel(sql_type = Text)]
    pub organization_id: String,
    #[diesel(sql_type = Text)]
    pub role: String,
}

/// The parties of these agreements, in the order the sources give them.
pub fn parties(conn: &mut PgConnection, agreement_ids: &[String]) -> QueryResult<Vec<PartyRow>> {
    crate::db::statement::statement(
        "SELECT a.public_id AS agreement_id, g.public_id AS organization_id, ap.role
         FROM agreement_parties ap
         JOIN agreements a ON a.id = ap.agreement_id
         JOIN organizations g ON g.id = ap.organization_id
         WHERE a.public_id = ANY($1)
         ORDER BY a.public_id, ap.position",
    )
    .bind::<Array<Text>, _>(agreement_ids)
    .load(conn)
}

/// A person who signed an agreement.
#[derive(Debug, Clone, QueryableByName)]
pub struct SignatoryRow {
    #[diesel(sql_type = Text)]
    pub agreement_id: String,
    #[diesel(sql_type = Text)]
    pub person_id: String,
    #[diesel(sql_type = Text)]
    pub role: String,
    #[diesel(sql_type = Nullable<Text>)]
    pub organization_id: Option<String>,
    #[diesel(sql_type = diesel::sql_types::Jsonb)]
    pub inferred: crate::queries::agreements::JsonList<crate::domain::Inference>,
}

/// The signatories of these agreements, in the order the sources give them.
pub fn signatories(
    conn: &mut PgConnection,
    agreement_ids: &[String],
) -> QueryResult<Vec<SignatoryRow>> {
    crate::db::statement::statement(
        "SELECT a.public_id AS agreement_id, h.public_id AS person_id, sg.role, g.public_id AS organization_id,
                sg.inferred
         FROM signatories sg
         JOIN agreements a ON a.id = sg.agreement_id
         JOIN people h ON h.id = sg.person_id
         LEFT JOIN organizations g ON g.id = sg.organization_id
         WHERE a.public_id = ANY($1)
         ORDER BY a.public_id, sg.position",
    )
    .bind::<Array<Text>, _>(agreement_ids)
    .load(conn)
}

/// A title a person held, as published.
#[derive(Debug, Clone, QueryableByName)]
pub struct PersonRoleRow {
    #[diesel(sql_type = Text)]
    pub person_id: String,
    #[diesel(sql_type = Text)]
    pub title: String,
    #[diesel(sql_type = Nullable<Text>)]
    pub organization_id: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    pub party: Option<String>,
    #[diesel(sql_type = Nullable<Date>)]
    pub as_of: Option<NaiveDate>,
    #[diesel(sql_type = diesel::sql_types::Jsonb)]
    pub inferred: crate::queries::agreements::JsonList<crate::domain::Inference>,
    #[diesel(sql_type = Array<Text>)]
    pub sources: Vec<String>,
}

/// The roles of these people, in the order the sources give them.
pub fn roles(conn: &mut PgConnection, person_ids: &[String]) -> QueryResult<Vec<PersonRoleRow>> {
    crate::db::statement::statement(format!(
        "SELECT h.public_id AS person_id, r.title, g.public_id AS organization_id, r.party, r.as_of, r.inferred,
                {sources} AS sources
         FROM person_roles r
         JOIN people h ON h.id = r.person_id
         LEFT JOIN organizations g ON g.id = r.organization_id
         WHERE h.public_id = ANY($1)
         ORDER BY h.public_id, r.position",
        sources = sql::sources_of("r", "person_role_id"),
    ))
    .bind::<Array<Text>, _>(person_ids)
    .load(conn)
}

/// An organization at an event.
#[derive(Debug, Clone, QueryableByName)]
pub struct EventParticipantRow {
    #[diesel(sql_type = Text)]
    pub event_id: String,
    #[diesel(sql_type = Text)]
    pub organization_id: String,
    #[diesel(sql_type = Text)]
    pub role: String,
}

/// The organizations at these events: organizers, participants, invited.
pub fn participants(
    conn: &mut PgConnection,
    event_ids: &[String],
) -> QueryResult<Vec<EventParticipantRow>> {
    crate::db::statement::statement(
        "SELECT ev.public_id AS event_id, g.public_id AS organization_id, ep.role
         FROM event_participants ep
         JOIN events ev ON ev.id = ep.event_id
         JOIN organizations g ON g.id = ep.organization_id
         WHERE ev.public_id = ANY($1)
         ORDER BY ev.public_id,
                  CASE ep.role WHEN 'organizer' THEN 0 WHEN 'participant' THEN 1 ELSE 2 END, g.public_id",
    )
    .bind::<Array<Text>, _>(event_ids)
    .load(conn)
}

/// A person with a part at an event.
#[derive(Debug, Clone, QueryableByName)]
pub struct EventPersonRow {
    #[diesel(sql_type = Text)]
    pub event_id: String,
    #[diesel(sql_type = Text)]
    pub person_id: String,
    #[diesel(sql_type = Text)]
    pub role: String,
}

/// The people with a part at these events.
pub fn event_people(
    conn: &mut PgConnection,
    event_ids: &[String],
) -> QueryResult<Vec<EventPersonRow>> {
    crate::db::statement::statement(
        "SELECT ev.public_id AS event_id, h.public_id AS person_id, eh.role
         FROM event_people eh
         JOIN events ev ON ev.id = eh.event_id
         JOIN people h ON h.id = eh.person_id
         WHERE ev.public_id = ANY($1)
         ORDER BY ev.public_id, h.public_id",
    )
    .bind::<Array<Text>, _>(event_ids)
    .load(conn)
}
