//! Focus areas as every door shows them.

use serde::Serialize;
use utoipa::ToSchema;

use super::activities::Activity;
use super::sources::Source;
use super::types::MunicipalityRef;
use crate::http::csv::{join, opt, CsvRecord};
use crate::queries::focus_areas::FocusAreaRow;

/// The record a focus area belongs to: a pledge or an agreement.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Parent {
    /// `pledge` or `agreement`.
    #[serde(rename = "type")]
    #[schema(example = "pledge")]
    pub kind: String,
    #[schema(example = "solvesborg-2022-2023")]
    pub id: String,
}

/// What a pledge or agreement concentrates on (fokusområde / samverkansområde).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct FocusArea {
    /// `<parent id>/f<n>`.
    #[schema(example = "solvesborg-2022-2023/f3")]
    pub id: String,
    pub parent: Parent,
    pub municipality: MunicipalityRef,
    /// Order within the parent, from 1.
    #[schema(example = 3)]
    pub position: i32,
    /// As the source words it.
    #[schema(example = "Ökad trafiksäkerhet")]
    pub title: String,
    /// In our own words, in Swedish.
    pub description: Option<String>,
    /// Goals (effektmål, produktionsmål) in our own words, where the source states them.
    pub goals: Option<String>,
    /// Theme codes (see `/v1/themes`).
    #[schema(example = json!(["traffic_safety"]))]
    pub themes: Vec<String>,
    #[schema(example = 0)]
    pub activity_count: i64,
    /// Source ids (see `/v1/sources`).
    pub sources: Vec<String>,
    /// With `include=activities`: its activities, by pledge and position.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub activities: Option<Vec<Activity>>,
    /// With `include=sources`: the sources of the focus area and of what is included with it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source_details: Option<Vec<Source>>,
    /// With `include=statements`: what named people said about it, quoted from the sources.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub statements: Option<Vec<crate::views::statements::Statement>>,
}

impl From<FocusAreaRow> for FocusArea {
    fn from(r: FocusAreaRow) -> FocusArea {
        debug_assert!(!r.lean, "a response is made from whole rows only");
        FocusArea {
            id: r.id,
            parent: Parent {
                kind: r.parent_type,
                id: r.parent_id,
            },
            municipality: MunicipalityRef {
                id: r.municipality_id,
                name: r.municipality_name,
                code: r.municipality_code,
            },
            position: r.position,
            title: r.title,
            description: r.description,
            goals: r.goals,
            themes: r.themes,
            activity_count: r.activity_count,
            sources: r.sources,
            activities: None,
            source_details: None,
            statements: None,
        }
    }
}

impl CsvRecord for FocusArea {
    const HEADERS: &'static [&'static str] = &[
        "id",
        "parent_type",
        "parent_id",
        "municipality_id",
        "municipality_code",
        "position",
        "title",
        "description",
        "goals",
        "themes",
        "activity_count",
        "sources",
    ];
    fn fields(&self) -> Vec<String> {
        vec![
            self.id.clone(),
            self.parent.kind.clone(),
            self.parent.id.clone(),
            self.municipality.id.clone(),
            self.municipality.code.clone(),
            self.position.to_string(),
            self.title.clone(),
            opt(&self.description),
            opt(&self.goals),
            join(&self.themes),
            self.activity_count.to_string(),
            join(&self.sources),
        ]
    }
}
