//! Activities as every door shows them.

use chrono::NaiveDate;
use serde::Serialize;
use utoipa::ToSchema;

use super::sources::Source;
use super::types::{MunicipalityRef, Ref};
use crate::domain::Status;
use crate::http::csv::{join, opt, CsvRecord};
use crate::queries::activities::ActivityRow;

/// A concrete thing a pledge promises to do, with its current status.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Activity {
    /// `<pledge id>/a<n>`.
    #[schema(example = "solvesborg-2022-2023/a2")]
    pub id: String,
    #[schema(example = "solvesborg-2022-2023")]
    pub pledge_id: String,
    /// The focus area, where the source says which.
    #[schema(example = "solvesborg-2022-2023/f2")]
    pub focus_area_id: Option<String>,
    pub municipality: MunicipalityRef,
    /// Order within the pledge, from 1.
    pub position: i32,
    #[schema(example = "Grannsamverkan")]
    pub title: String,
    /// In our own words, in Swedish.
    pub description: Option<String>,
    /// The latest reported status (on `as_of`, when given); `unknown` when no source reports one.
    pub status: Status,
    /// When `status` took effect; null when `unknown`.
    pub status_since: Option<NaiveDate>,
    /// With `as_of`: the day `status` and `status_since` are given for.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status_as_of: Option<NaiveDate>,
    /// Organizations responsible, where the source names them.
    pub responsible: Vec<Ref>,
    pub planned_start: Option<NaiveDate>,
    pub planned_end: Option<NaiveDate>,
    pub due_on: Option<NaiveDate>,
    /// What the sources do not say, and other editorial notes.
    pub note: Option<String>,
    /// Source ids (see `/v1/sources`).
    pub sources: Vec<String>,
    /// With `include=sources`: the activity's sources.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source_details: Option<Vec<Source>>,
    /// With `include=statements`: what named people said about it, quoted from the sources.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub statements: Option<Vec<crate::views::statements::Statement>>,
}

impl From<ActivityRow> for Activity {
    fn from(r: ActivityRow) -> Activity {
        debug_assert!(!r.lean, "a response is made from whole rows only");
        Activity {
            id: r.id,
            pledge_id: r.pledge_id,
            focus_area_id: r.focus_area_id,
            municipality: MunicipalityRef {
                id: r.municipality_id,
                name: r.municipality_name,
                code: r.municipality_code,
            },
            position: r.position,
            title: r.title,
            description: r.description,
            status: r.status.parse().unwrap_or(Status::Unknown),
            status_since: r.status_since,
            status_as_of: None,
            responsible: r
                .responsible
                .iter()
                .filter_map(|pair| pair.split_once('|'))
                .map(|(id, name)| Ref {
                    id: id.to_owned(),
                    name: name.to_owned(),
                })
                .collect(),
            planned_start: r.planned_start,
            planned_end: r.planned_end,
            due_on: r.due_on,
            note: r.note,
            sources: r.sources,
            source_details: None,
            statements: None,
        }
    }
}

impl Activity {
    /// An activity whose status was read as of `as_of` (the latest when `None`).
    pub fn on(r: ActivityRow, as_of: Option<NaiveDate>) -> Activity {
        Activity {
            status_as_of: as_of,
            ..Activity::from(r)
        }
    }
}

impl CsvRecord for Activity {
    const HEADERS: &'static [&'static str] = &[
        "id",
        "pledge_id",
        "focus_area_id",
        "municipality_id",
        "municipality_code",
        "position",
        "title",
        "description",
        "status",
        "status_since",
        "responsible",
        "planned_start",
        "planned_end",
        "due_on",
        "note",
        "sources",
    ];
    fn fields(&self) -> Vec<String> {
        let responsible: Vec<&str> = self.responsible.iter().map(|r| r.id.as_str()).collect();
        vec![
            self.id.clone(),
            self.pledge_id.clone(),
            opt(&self.focus_area_id),
            self.municipality.id.clone(),
            self.municipality.code.clone(),
            self.position.to_string(),
            self.title.clone(),
            opt(&self.description),
            self.status.to_string(),
            opt(&self.status_since),
            join(&responsible),
            opt(&self.planned_start),
            opt(&self.planned_end),
            opt(&self.due_on),
            opt(&self.note),
            join(&self.sources),
        ]
    }
}

/// One change of an activity's status, as a source reports it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct StatusEvent {
    pub status: Status,
    /// The day the status took effect.
    #[schema(example = "2023-05-01")]
    pub effective_on: NaiveDate,
    /// In our own words, in Swedish.
    pub note: Option<String>,
    /// The id of the source that reports it (see `/v1/sources`).
    #[schema(example = "solvesborg-2022-medborgarlofte-nyhet")]
    pub source: String,
}

/// An activity's status over time.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ActivityHistory {
    #[schema(example = "solvesborg-2022-2023/a1")]
    pub activity_id: String,
    /// The status of the latest event; `unknown` without events.
    pub current_status: Status,
    /// Oldest first; the last one is the current status.
    pub events: Vec<StatusEvent>,
}
