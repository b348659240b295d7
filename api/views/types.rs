//! Response pieces several resources share.

use chrono::NaiveDate;
use serde::Serialize;
use utoipa::ToSchema;

use crate::domain::period::{Period, Phase, Precision};

/// A reference to another record: its id and name.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Ref {
    #[schema(example = "lpo-karlshamn")]
    pub id: String,
    #[schema(example = "Lokalpolisområde Karlshamn")]
    pub name: String,
}

impl Ref {
    pub fn from_parts(id: Option<String>, name: Option<String>) -> Option<Ref> {
        Some(Ref {
            id: id?,
            name: name?,
        })
    }
}

/// The municipality a record belongs to.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct MunicipalityRef {
    #[schema(example = "solvesborg")]
    pub id: String,
    #[schema(example = "Sölvesborg")]
    pub name: String,
    /// SCB kommunkod.
    #[schema(example = "1083")]
    pub code: String,
}

/// A period as the source states it. A period given in years runs from 1 January to 31 December.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PeriodOut {
    #[schema(example = "2022-01-01")]
    pub start: NaiveDate,
    #[schema(example = "2023-12-31")]
    pub end: NaiveDate,
    /// How precisely the source states the period: `year`, `month` or `day`.
    #[schema(example = "year")]
    pub precision: String,
    /// For people: `2022–2023`.
    #[schema(example = "2022–2023")]
    pub label: String,
}

/// Where a period stands today.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum PhaseOut {
    Upcoming,
    Active,
    Ended,
}

/// Builds the period and today's phase from the stored columns; none when the source gives no period.
pub fn period(
    start: Option<NaiveDate>,
    end: Option<NaiveDate>,
    precision: Option<&str>,
) -> Option<Period> {
    Some(Period {
        start: start?,
        end: end?,
        precision: Precision::parse(precision?)?,
    })
}

pub fn period_out(p: &Option<Period>) -> Option<PeriodOut> {
    p.as_ref().map(|p| PeriodOut {
        start: p.start,
        end: p.end,
        precision: p.precision.as_str().to_owned(),
        label: p.to_string(),
    })
}

pub fn phase_today(p: &Option<Period>) -> Option<PhaseOut> {
    let today = chrono::Utc::now().date_naive();
    p.as_ref().map(|p| match p.phase_on(today) {
        Phase::Upcoming => PhaseOut::Upcoming,
        Phase::Active => PhaseOut::Active,
        Phase::Ended => PhaseOut::Ended,
    })
}

/// Activities by current status.
#[derive(Debug, Clone, Default, Serialize, ToSchema)]
pub struct StatusCounts {
    pub planned: i64,
    pub in_progress: i64,
    pub completed: i64,
    pub cancelled: i64,
    pub unknown: i64,
}

/// The REST path of a record of a search hit's or statement's `type`.
pub fn record_path(kind: &str, id: &str) -> String {
    let collection = match kind {
        "agreement" => "agreements",
        "pledge" => "pledges",
        "focus_area" => "focus-areas",
        "statement" => "statements",
        _ => "activities",
    };
    format!("/v1/{collection}/{id}")
}

/// The `inferred` column of a CSV row: the fields that are judgements, `|`-separated (the reasons
/// are in the JSON and in the `inferences` export).
pub fn inferred_fields(marks: &[crate::domain::Inference]) -> String {
    let fields: Vec<&str> = marks.iter().map(|m| m.field.as_str()).collect();
    crate::http::csv::join(&fields)
}

#[cfg(test)]
mod tests {
    use super::record_path;

    #[test]
    fn paths_follow_the_collections() {
        assert_eq!(
            record_path("focus_area", "solvesborg-2022-2023/f3"),
            "/v1/focus-areas/solvesborg-2022-2023/f3"
        );
        assert_eq!(record_path("agreement", "a-2020"), "/v1/agreements/a-2020");
        assert_eq!(
            record_path("statement", "x-2020-y"),
            "/v1/statements/x-2020-y"
        );
    }
}
