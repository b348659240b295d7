//! One row type per table written.

use chrono::{NaiveDate, NaiveTime};
use diesel::prelude::*;

use crate::dataset::model::Inference;
use crate::db::schema::*;

/// An `inferred` column's value: `[{field, reason}, …]`, in the record's order.
pub(super) fn inferred(marks: &[Inference]) -> serde_json::Value {
    serde_json::to_value(marks).unwrap_or_else(|_| serde_json::Value::Array(Vec::new()))
}

// Row types mirror the tables minus their generated keys, so that a loaded row compares equal to a
// desired one exactly when nothing needs writing.

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = sources, treat_none_as_null = true)]
pub(super) struct SourceRow {
    pub(super) public_id: String,
    pub(super) title: String,
    pub(super) publisher: String,
    pub(super) kind: String,
    pub(super) published_on: Option<NaiveDate>,
    pub(super) url: Option<String>,
    pub(super) language: String,
    pub(super) note: Option<String>,
    pub(super) no_url_reason: Option<String>,
    pub(super) inferred: serde_json::Value,
}

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = themes, treat_none_as_null = true)]
pub(super) struct ThemeRow {
    pub(super) code: String,
    pub(super) label_sv: String,
    pub(super) label_en: String,
    pub(super) description: Option<String>,
    pub(super) position: i32,
}

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = organizations, treat_none_as_null = true)]
pub(super) struct OrganizationRow {
    pub(super) public_id: String,
    pub(super) kind: String,
    pub(super) name: String,
    pub(super) parent_id: Option<i64>,
    pub(super) note: Option<String>,
    pub(super) inferred: serde_json::Value,
}

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = municipalities, treat_none_as_null = true)]
pub(super) struct MunicipalityRow {
    pub(super) organization_id: i64,
    pub(super) name: String,
    pub(super) code: String,
    pub(super) county_code: String,
    pub(super) county_name: String,
    pub(super) police_region_id: Option<i64>,
    pub(super) local_police_area_id: Option<i64>,
    pub(super) inferred: serde_json::Value,
}

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = people, treat_none_as_null = true)]
pub(super) struct PersonRow {
    pub(super) public_id: String,
    pub(super) name: String,
}

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = person_roles, treat_none_as_null = true)]
pub(super) struct RoleRow {
    pub(super) person_id: i64,
    pub(super) position: i32,
    pub(super) title: String,
    pub(super) organization_id: Option<i64>,
    pub(super) party: Option<String>,
    pub(super) as_of: Option<NaiveDate>,
    pub(super) inferred: serde_json::Value,
}

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = agreements, treat_none_as_null = true)]
pub(super) struct AgreementRow {
    pub(super) public_id: String,
    pub(super) municipality_id: i64,
    pub(super) title: String,
    pub(super) signed_on: Option<NaiveDate>,
    pub(super) period_start: Option<NaiveDate>,
    pub(super) period_end: Option<NaiveDate>,
    pub(super) period_precision: Option<String>,
    pub(super) summary: Option<String>,
    pub(super) follow_up: Option<String>,
    pub(super) note: Option<String>,
    pub(super) inferred: serde_json::Value,
}

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = agreement_parties, treat_none_as_null = true)]
pub(super) struct PartyRow {
    pub(super) agreement_id: i64,
    pub(super) organization_id: i64,
    pub(super) position: i32,
    pub(super) role: String,
}

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = signatories, treat_none_as_null = true)]
pub(super) struct SignatoryRow {
    pub(super) agreement_id: i64,
    pub(super) person_id: i64,
    pub(super) position: i32,
    pub(super) role: String,
    pub(super) organization_id: Option<i64>,
    pub(super) inferred: serde_json::Value,
}

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = pledges, treat_none_as_null = true)]
pub(super) struct PledgeRow {
    pub(super) public_id: String,
    pub(super) municipality_id: i64,
    pub(super) agreement_id: Option<i64>,
    pub(super) title: String,
    pub(super) period_start: Option<NaiveDate>,
    pub(super) period_end: Option<NaiveDate>,
    pub(super) period_precision: Option<String>,
    pub(super) published_on: Option<NaiveDate>,
    pub(super) summary: Option<String>,
    pub(super) note: Option<String>,
    pub(super) inferred: serde_json::Value,
}

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = focus_areas, treat_none_as_null = true)]
pub(super) struct FocusAreaRow {
    pub(super) public_id: String,
    pub(super) pledge_id: Option<i64>,
    pub(super) agreement_id: Option<i64>,
    pub(super) position: i32,
    pub(super) title: String,
    pub(super) description: Option<String>,
    pub(super) goals: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = focus_area_themes)]
pub(super) struct FocusAreaThemeRow {
    pub(super) focus_area_id: i64,
    pub(super) theme_id: i64,
}

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = activities, treat_none_as_null = true)]
pub(super) struct ActivityRow {
    pub(super) public_id: String,
    pub(super) pledge_id: i64,
    pub(super) focus_area_id: Option<i64>,
    pub(super) position: i32,
    pub(super) title: String,
    pub(super) description: Option<String>,
    pub(super) planned_start: Option<NaiveDate>,
    pub(super) planned_end: Option<NaiveDate>,
    pub(super) due_on: Option<NaiveDate>,
    pub(super) note: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = activity_responsibles)]
pub(super) struct ResponsibleRow {
    pub(super) activity_id: i64,
    pub(super) organization_id: i64,
}

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = activity_status_events, treat_none_as_null = true)]
pub(super) struct StatusEventRow {
    pub(super) activity_id: i64,
    pub(super) status: String,
    pub(super) effective_on: NaiveDate,
    pub(super) note: Option<String>,
    pub(super) source_id: i64,
}

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = events, treat_none_as_null = true)]
pub(super) struct EventRow {
    pub(super) public_id: String,
    pub(super) kind: String,
    pub(super) title: String,
    pub(super) held_on: Option<NaiveDate>,
    pub(super) location: Option<String>,
    pub(super) summary: Option<String>,
    pub(super) note: Option<String>,
    pub(super) starts_at: Option<NaiveTime>,
    pub(super) inferred: serde_json::Value,
}

// Keyed by all three columns: a link is inserted or deleted, never updated.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Queryable, Selectable, Insertable)]
#[diesel(table_name = event_participants)]
pub(super) struct ParticipantRow {
    pub(super) event_id: i64,
    pub(super) organization_id: i64,
    pub(super) role: String,
}

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = event_people)]
pub(super) struct EventPersonRow {
    pub(super) event_id: i64,
    pub(super) person_id: i64,
    pub(super) role: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Queryable, Selectable, Insertable)]
#[diesel(table_name = citations)]
pub(super) struct CitationRow {
    pub(super) source_id: i64,
    pub(super) organization_id: Option<i64>,
    pub(super) agreement_id: Option<i64>,
    pub(super) pledge_id: Option<i64>,
    pub(super) focus_area_id: Option<i64>,
    pub(super) activity_id: Option<i64>,
    pub(super) person_role_id: Option<i64>,
    pub(super) event_id: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = statements, treat_none_as_null = true)]
pub(super) struct StatementRow {
    pub(super) public_id: String,
    pub(super) position: i32,
    pub(super) person_id: i64,
    pub(super) role: String,
    pub(super) organization_id: Option<i64>,
    pub(super) municipality_id: i64,
    pub(super) agreement_id: Option<i64>,
    pub(super) pledge_id: Option<i64>,
    pub(super) focus_area_id: Option<i64>,
    pub(super) activity_id: Option<i64>,
    pub(super) quote: String,
    pub(super) source_id: i64,
    pub(super) note: Option<String>,
}
