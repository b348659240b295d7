use chrono::NaiveDate;
use serde::Serialize;
use utoipa::ToSchema;

use super::csv::{join, opt, CsvRecord};
use super::types::{MunicipalityRef, Ref};
use crate::domain::Status;
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
    /// The latest reported status; `unknown` when no source reports one.
    pub status: Status,
    /// When the current status took effect; null when `unknown`.
    pub status_since: Option<NaiveDate>,
    /// Organizations responsible, where the source names them.
    pub responsible: Vec<Ref>,
    pub planned_start: Option<NaiveDate>,
    pub planned_end: Option<NaiveDate>,
    pub due_on: Option<NaiveDate>,
    /// What the sources do not say, and other editorial notes.
    pub note: Option<String>,
    /// Source ids (see `/v1/sources`).
    pub sources: Vec<String>,
}

impl From<ActivityRow> for Activity {
    fn from(r: ActivityRow) -> Activity {
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
