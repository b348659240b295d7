use std::collections::BTreeMap;

use actix_web::{get, http::header, web, HttpRequest, HttpResponse};
use chrono::NaiveDate;
use serde::Serialize;
use utoipa::ToSchema;

use super::csv::{join, write_table};
use super::params::{Format, Params};
use super::pledges::status_counts;
use super::problem::{ApiError, FieldError, Problem};
use super::types::StatusCounts;
use super::{cached, json_ok};
use crate::domain::period::parse_date;
use crate::domain::MunicipalityKey;
use crate::queries::compare::{self as q, CompareRow, ThemeRow};
use crate::state::AppState;

/// A theme of the controlled vocabulary: a column of the matrix.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ThemeHeader {
    #[schema(example = "traffic_safety")]
    pub code: String,
    #[schema(example = "Trafiksäkerhet")]
    pub label_sv: String,
    #[schema(example = "Traffic safety")]
    pub label_en: String,
}

/// A municipality with its official codes.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ComparedMunicipality {
    #[schema(example = "solvesborg")]
    pub id: String,
    #[schema(example = "Sölvesborg")]
    pub name: String,
    /// SCB kommunkod.
    #[schema(example = "1083")]
    pub code: String,
    /// SCB länskod.
    #[schema(example = "10")]
    pub county_code: String,
}

/// One municipality's row of the matrix.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ComparisonRow {
    pub municipality: ComparedMunicipality,
    /// Agreements whose period overlaps the year, or contains the day.
    #[schema(example = json!(["solvesborg-2022-2026"]))]
    pub agreements: Vec<String>,
    /// Pledges whose period overlaps the year, or contains the day.
    #[schema(example = json!(["solvesborg-2022-2023"]))]
    pub pledges: Vec<String>,
    /// Agreements no source gives a period for: never counted as active, listed so they are not lost.
    #[schema(example = json!([]))]
    pub undated_agreements: Vec<String>,
    /// Pledges no source gives a period for: never counted as active, listed so they are not lost.
    #[schema(example = json!(["falkenberg-undated-1"]))]
    pub undated_pledges: Vec<String>,
    /// Theme code → how many focus areas of the active agreements and pledges address it. Only
    /// themes addressed at least once; a focus area with two themes counts for both.
    #[schema(example = json!({"alcohol_drugs": 2, "traffic_safety": 1}))]
    pub themes: BTreeMap<String, i64>,
    /// Focus areas of the active agreements and pledges.
    #[schema(example = 7)]
    pub focus_area_count: i64,
    /// Activities of the active pledges.
    #[schema(example = 3)]
    pub activity_count: i64,
    /// Activities of the active pledges by current status.
    pub status_counts: StatusCounts,
}

/// The comparison matrix: one row per municipality, one column per theme.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Comparison {
    /// The year compared (with `year=`), else null.
    #[schema(example = 2022)]
    pub year: Option<i32>,
    /// The day compared (with `active_on=`), else null.
    #[schema(example = json!(null))]
    pub active_on: Option<NaiveDate>,
    /// Every theme code, in display order: the matrix's columns.
    pub themes: Vec<ThemeHeader>,
    /// One row per municipality, by id.
    pub data: Vec<ComparisonRow>,
    /// Number of rows.
    #[schema(example = 6)]
    pub total: i64,
}

impl From<CompareRow> for ComparisonRow {
    fn from(r: CompareRow) -> ComparisonRow {
        let mut themes = BTreeMap::new();
        for code in r.theme_codes {
            *themes.entry(code).or_insert(0) += 1;
        }
        ComparisonRow {
            municipality: ComparedMunicipality {
                id: r.id,
                name: r.name,
                code: r.code,
                county_code: r.county_code,
            },
            agreements: r.agreements,
            pledges: r.pledges,
            undated_agreements: r.undated_agreements,
            undated_pledges: r.undated_pledges,
            themes,
            focus_area_count: r.focus_area_count,
            activity_count: r.activity_statuses.len() as i64,
            status_counts: status_counts(&r.activity_statuses),
        }
    }
}

impl From<ThemeRow> for ThemeHeader {
    fn from(r: ThemeRow) -> ThemeHeader {
        ThemeHeader {
            code: r.code,
            label_sv: r.label_sv,
            label_en: r.label_en,
        }
    }
}

/// Columns before the theme columns; then one `theme:<code>` column per theme of the header.
const CSV_HEADERS: &[&str] = &[
    "municipality_id",
    "municipality_name",
    "municipality_code",
    "county_code",
    "agreements",
    "pledges",
    "undated_agreements",
    "undated_pledges",
    "focus_area_count",
    "activity_count",
    "planned",
    "in_progress",
    "completed",
    "cancelled",
    "unknown",
];

/// One row per municipality and one column per theme, so that the sheet is the matrix.
fn csv_table(c: &Comparison) -> (Vec<String>, Vec<Vec<String>>) {
    let mut headers: Vec<String> = CSV_HEADERS.iter().map(|h| (*h).to_owned()).collect();
    headers.extend(c.themes.iter().map(|t| format!("theme:{}", t.code)));
    let rows = c
        .data
        .iter()
        .map(|r| {
            let s = &r.status_counts;
            let mut row = vec![
                r.municipality.id.clone(),
                r.municipality.name.clone(),
                r.municipality.code.clone(),
                r.municipality.county_code.clone(),
                join(&r.agreements),
                join(&r.pledges),
                join(&r.undated_agreements),
                join(&r.undated_pledges),
                r.focus_area_count.to_string(),
                r.activity_count.to_string(),
                s.planned.to_string(),
                s.in_progress.to_string(),
                s.completed.to_string(),
                s.cancelled.to_string(),
                s.unknown.to_string(),
            ];
            row.extend(
                c.themes
                    .iter()
                    .map(|t| r.themes.get(&t.code).copied().unwrap_or(0).to_string()),
            );
            row
        })
        .collect();
    (headers, rows)
}

/// What to compare: the span of days, from `year` or `active_on`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum When {
    Year(i32),
    Day(NaiveDate),
}

impl When {
    fn span(self) -> (NaiveDate, NaiveDate) {
        match self {
            When::Year(y) => (
                NaiveDate::from_ymd_opt(y, 1, 1).unwrap_or_default(),
                NaiveDate::from_ymd_opt(y, 12, 31).unwrap_or_default(),
            ),
            When::Day(d) => (d, d),
        }
    }
}

fn when(params: &Params) -> Result<When, ApiError> {
    let both = |message: &str| ApiError::BadRequest {
        detail: format!("parameters `year` and `active_on`: {message}"),
        errors: ["year", "active_on"]
            .iter()
            .map(|f| FieldError {
                field: (*f).to_owned(),
                message: message.to_owned(),
            })
            .collect(),
    };
    match (params.get("year"), params.get("active_on")) {
        // Without either, the question is "what is active now".
        (None, None) => Ok(When::Day(chrono::Utc::now().date_naive())),
        (Some(_), Some(_)) => Err(both("give only one of them")),
        (Some(y), None) => match y.parse::<i32>() {
            Ok(n) if y.len() == 4 && (1900..=2200).contains(&n) => Ok(When::Year(n)),
            _ => Err(ApiError::bad_param(
                "year",
                format!("`{y}` is not one year like 2022"),
            )),
        },
        (None, Some(d)) => parse_date(d)
            .map(When::Day)
            .map_err(|e| ApiError::bad_param("active_on", e)),
    }
}

fn municipalities(params: &Params) -> Result<Option<Vec<String>>, ApiError> {
    let Some(raw) = params.get("municipalities") else {
        return Ok(None);
    };
    let mut out: Vec<String> = Vec::new();
    for m in raw.split(',').map(str::trim) {
        if m.is_empty() {
            return Err(ApiError::bad_param(
                "municipalities",
                "empty value; give comma-separated ids or kommunkoder without blanks",
            ));
        }
        MunicipalityKey::parse(m).map_err(|e| ApiError::bad_param("municipalities", e))?;
        if !out.iter().any(|o| o == m) {
            out.push(m.to_owned());
        }
    }
    if out.len() > 300 {
        return Err(ApiError::bad_param("municipalities", "at most 300 values"));
    }
    Ok(Some(out))
}

/// Compare municipalities: what is active in a year or on a day, the themes it addresses, and its
/// activities by status.
///
/// A record is active when its period overlaps the year (`year`) or contains the day (`active_on`).
/// Records no source gives a period for are never active; each row lists them as
/// `undated_agreements` / `undated_pledges`. As CSV: one row per municipality, the columns of a row
/// and then one `theme:<code>` column per theme (focus areas addressing it), so that a spreadsheet
/// opens it as the matrix.
#[utoipa::path(
    operation_id = "getComparison",
    tag = "compare",
    params(
        ("municipalities" = Option<String>, Query, description = "Municipality ids or kommunkoder, comma-separated; all municipalities when absent. An unknown one is a 400 that names it.", example = "falkenberg,trelleborg,1083"),
        ("year" = Option<i32>, Query, description = "Compare what is active during this year. Give `year` or `active_on`, not both; without either, today.", example = 2022),
        ("active_on" = Option<NaiveDate>, Query, description = "Compare what is active on this day (YYYY-MM-DD). Give `year` or `active_on`, not both; without either, today."),
        ("format" = Option<String>, Query, description = "`json` (default) or `csv`; `Accept: text/csv` also gives CSV."),
        ("excel" = Option<bool>, Query, description = "A BOM and `;` separators for Excel. Only with CSV (`format=csv` or `Accept: text/csv`): `excel=true` with JSON is refused with 400."),
    ),
    responses(
        (status = 200, description = "The matrix.", body = Comparison),
        (status = 304, description = "Not modified (`If-None-Match`)."),
        (status = 400, description = "Neither or both of `year` and `active_on`, an unknown municipality, an unknown parameter or a bad value.", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "Database unavailable.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/v1/compare")]
pub async fn compare(
    req: HttpRequest,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let params = Params::parse(
        req.query_string(),
        &["municipalities", "year", "active_on", "format", "excel"],
    )?;
    let chosen = municipalities(&params)?;
    let when = when(&params)?;
    let format = params.format(
        req.headers()
            .get(header::ACCEPT)
            .and_then(|v| v.to_str().ok()),
    )?;
    let (from, to) = when.span();
    let wanted = chosen.clone();
    let (themes, rows) = state
        .db
        .run(move |conn| {
            let themes = q::themes(conn)?;
            let rows = q::matrix(conn, wanted.as_deref(), from, to)?;
            Ok((themes, rows))
        })
        .await?;
    if let Some(chosen) = &chosen {
        let unknown: Vec<&str> = chosen
            .iter()
            .filter(|k| !rows.iter().any(|r| &r.id == *k || &r.code == *k))
            .map(String::as_str)
            .collect();
        if !unknown.is_empty() {
            return Err(ApiError::bad_param(
                "municipalities",
                format!(
                    "no municipality has the id or kommunkod {}",
                    unknown
                        .iter()
                        .map(|k| format!("`{k}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            ));
        }
    }
    let data: Vec<ComparisonRow> = rows.into_iter().map(ComparisonRow::from).collect();
    let comparison = Comparison {
        year: match when {
            When::Year(y) => Some(y),
            When::Day(_) => None,
        },
        active_on: match when {
            When::Day(d) => Some(d),
            When::Year(_) => None,
        },
        themes: themes.into_iter().map(ThemeHeader::from).collect(),
        total: data.len() as i64,
        data,
    };
    match format {
        Format::Json => json_ok(&req, &comparison),
        Format::Csv { excel } => {
            let (headers, rows) = csv_table(&comparison);
            let bytes = write_table(&headers, &rows, excel).map_err(ApiError::internal)?;
            let mut res = cached(&req, "text/csv; charset=utf-8", bytes);
            let name = match when {
                When::Year(y) => format!("compare-{y}.csv"),
                When::Day(d) => format!("compare-{d}.csv"),
            };
            if let Ok(v) = header::HeaderValue::from_str(&format!("inline; filename=\"{name}\"")) {
                res.headers_mut().insert(header::CONTENT_DISPOSITION, v);
            }
            Ok(res)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_year_spans_the_calendar_year() {
        let (from, to) = When::Year(2022).span();
        assert_eq!(from.to_string(), "2022-01-01");
        assert_eq!(to.to_string(), "2022-12-31");
    }
}
