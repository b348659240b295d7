use chrono::NaiveDate;
use diesel::deserialize::{self, FromSql};
use diesel::pg::{Pg, PgConnection, PgValue};
use diesel::prelude::*;
use diesel::sql_types::{Array, BigInt, Date, Jsonb, Nullable, Text};
use serde::de::DeserializeOwned;
use serde::Deserialize;

use super::sql;
use crate::domain::Filter;

/// A `jsonb` array read straight into typed rows: one column for a list of small records,
/// instead of one parallel array per field.
#[derive(Debug, Clone, Default)]
pub struct JsonList<T>(pub Vec<T>);

impl<T: DeserializeOwned> FromSql<Jsonb, Pg> for JsonList<T> {
    fn from_sql(bytes: PgValue<'_>) -> deserialize::Result<Self> {
        let value = <serde_json::Value as FromSql<Jsonb, Pg>>::from_sql(bytes)?;
        Ok(JsonList(serde_json::from_value(value)?))
    }
}

/// An organization party to an agreement.
#[derive(Debug, Clone, Deserialize)]
pub struct PartyRow {
    pub id: String,
    pub name: String,
    pub kind: String,
}

/// A person who signed (or is named as signing) an agreement.
#[derive(Debug, Clone, Deserialize)]
pub struct SignatoryRow {
    pub person_id: String,
    pub person_name: String,
    pub role: String,
    pub organization_id: Option<String>,
    pub organization_name: Option<String>,
    /// Which of `person`, `role`, `organization` are the dataset's judgement.
    #[serde(default)]
    pub inferred: Vec<crate::domain::Inference>,
}

/// A cooperation agreement with what lists show of its contents.
#[derive(Debug, Clone, QueryableByName)]
pub struct AgreementRow {
    #[diesel(sql_type = Text)]
    pub id: String,
    #[diesel(sql_type = Text)]
    pub title: String,
    #[diesel(sql_type = Text)]
    pub municipality_id: String,
    #[diesel(sql_type = Text)]
    pub municipality_name: String,
    #[diesel(sql_type = Text)]
    pub municipality_code: String,
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
    #[diesel(sql_type = Jsonb)]
    pub inferred: JsonList<crate::domain::Inference>,
    /// In `agreement_parties` order.
    #[diesel(sql_type = Jsonb)]
    pub parties: JsonList<PartyRow>,
    /// In `signatories` order.
    #[diesel(sql_type = Jsonb)]
    pub signatories: JsonList<SignatoryRow>,
    #[diesel(sql_type = Array<Text>)]
    pub pledge_ids: Vec<String>,
    #[diesel(sql_type = Array<Text>)]
    pub themes: Vec<String>,
    #[diesel(sql_type = BigInt)]
    pub focus_area_count: i64,
    #[diesel(sql_type = Array<Text>)]
    pub sources: Vec<String>,
    #[diesel(sql_type = Text)]
    pub sort_key: String,
}

/// Sort orders; the first is the default.
pub const SORTS: &[&str] = &["id", "signed_on", "period_start", "title", "municipality"];

fn sort_expr(field: &str) -> &'static str {
    match field {
        "signed_on" => "coalesce(to_char(a.signed_on, 'YYYY-MM-DD'), '')",
        "period_start" => "coalesce(to_char(a.period_start, 'YYYY-MM-DD'), '')",
        "title" => "a.title",
        "municipality" => "o.public_id",
        _ => "a.public_id",
    }
}

const FROM: &str = "FROM agreements a
         JOIN municipalities m ON m.organization_id = a.municipality_id
         JOIN organizations o ON o.id = m.organization_id";

fn select(sort: &str) -> String {
    format!(
        "SELECT a.public_id AS id, a.title, o.public_id AS municipality_id, m.name AS municipality_name,
                m.code AS municipality_code, a.signed_on, a.period_start, a.period_end, a.period_precision,
                a.summary, a.follow_up, a.note, a.inferred,
                coalesce((SELECT jsonb_agg(jsonb_build_object('id', po.public_id, 'name', po.name, 'kind', po.kind)
                                           ORDER BY ap.position)
                          FROM agreement_parties ap JOIN organizations po ON po.id = ap.organization_id
                          WHERE ap.agreement_id = a.id), '[]') AS parties,
                coalesce((SELECT jsonb_agg(jsonb_build_object('person_id', pe.public_id, 'person_name', pe.name,
                                                              'role', sg.role, 'organization_id', so.public_id,
                                                              'organization_name', so.name,
                                                              'inferred', sg.inferred)
                                           ORDER BY sg.position)
                          FROM signatories sg JOIN people pe ON pe.id = sg.person_id
                          LEFT JOIN organizations so ON so.id = sg.organization_id
                          WHERE sg.agreement_id = a.id), '[]') AS signatories,
                ARRAY(SELECT pl.public_id FROM pledges pl WHERE pl.agreement_id = a.id ORDER BY pl.public_id)
                    AS pledge_ids,
                ARRAY(SELECT DISTINCT t.code FROM focus_areas f
                      JOIN focus_area_themes ft ON ft.focus_area_id = f.id JOIN themes t ON t.id = ft.theme_id
                      WHERE f.agreement_id = a.id ORDER BY t.code) AS themes,
                (SELECT count(*) FROM focus_areas f WHERE f.agreement_id = a.id) AS focus_area_count,
                {sources} AS sources,
                {sort_key} AS sort_key
         {FROM}",
        sources = sql::sources_of("a", "agreement_id"),
        sort_key = sort_expr(sort),
    )
}

/// A page of agreements matching the filter (statuses do not apply), and how many match in all.
pub fn list(
    conn: &mut PgConnection,
    f: &Filter,
    sort: &str,
    descending: bool,
    after: Option<(&str, &str)>,
    limit: u32,
) -> QueryResult<(Vec<AgreementRow>, i64)> {
    super::lists::list(
        conn,
        &super::lists::AGREEMENTS,
        select(sort),
        sort_expr(sort),
        descending,
        f,
        after,
        limit,
    )
}

pub fn get(conn: &mut PgConnection, id: &str) -> QueryResult<Option<AgreementRow>> {
    crate::db::statement::statement(format!("{} WHERE a.public_id = $1", select("id")))
        .bind::<Text, _>(id)
        .get_result(conn)
        .optional()
}
