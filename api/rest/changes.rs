//! `GET /v1/changes`: the change log, oldest first, for mirrors and for anyone who wants to hear
//! what changed since they last asked.

use actix_web::{get, http::header, web, HttpRequest, HttpResponse};
use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};
use serde::Serialize;
use utoipa::ToSchema;

use super::csv::{opt, CsvRecord};
use super::params::{Page, Params};
use super::problem::{ApiError, FieldError, Problem};
use super::{list_ok, List};
use crate::domain::change::{Action, RecordType};
use crate::domain::Status;
use crate::queries::changes::{self as q, ChangeFilter, ChangeRow};
use crate::state::AppState;

/// One entry of the change log.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Change {
    /// The change's place in the log: ids only grow. Pass the last one you have as `after`.
    #[schema(example = 42)]
    pub id: i64,
    /// When the change was made (RFC 3339). Every change of one import has the same time.
    pub time: DateTime<Utc>,
    pub action: Action,
    /// The kind of record changed.
    #[serde(rename = "type")]
    pub record_type: RecordType,
    /// The record's id (for `activity_status`, the activity's).
    #[schema(example = "solvesborg-2022-2023/a1")]
    pub record_id: String,
    /// The municipality the record belongs to (its id, as in `/v1/municipalities`).
    #[schema(example = "solvesborg")]
    pub municipality: String,
    /// The municipality's SCB kommunkod.
    #[schema(example = "1083")]
    pub municipality_code: String,
    /// The record's title at the time; null for a deletion.
    #[schema(example = "Medborgardialog")]
    pub title: Option<String>,
    /// The record's summary (a focus area's or activity's description) at the time; null for a
    /// deletion and where the record has none.
    pub summary: Option<String>,
    /// For activities: the current status after the change.
    pub status: Option<Status>,
    /// For activities: the day that status took effect; null when none is reported.
    pub status_since: Option<NaiveDate>,
    /// The dataset version whose import made the change; null for a change made otherwise.
    #[schema(example = "1.2.0")]
    pub dataset_version: Option<String>,
    /// The live record in this API (absolute); null for a deletion, and once the record is deleted.
    #[schema(example = "https://openpledges.example/v1/activities/solvesborg-2022-2023/a1")]
    pub url: Option<String>,
}

/// The REST path of a record.
pub fn record_path(kind: RecordType, id: &str) -> String {
    let collection = match kind {
        RecordType::Agreement => "agreements",
        RecordType::Pledge => "pledges",
        RecordType::FocusArea => "focus-areas",
        RecordType::Activity | RecordType::ActivityStatus => "activities",
    };
    format!("/v1/{collection}/{id}")
}

impl Change {
    /// From a row of the log; `base` is the absolute base of links.
    pub fn from_row(r: ChangeRow, base: &str) -> Result<Change, ApiError> {
        // The table's CHECKs admit only known values; anything else is a bug, not bad input.
        let unexpected =
            |what: &str, v: &str| ApiError::internal(format!("{what} `{v}` in changes"));
        let record_type =
            RecordType::parse(&r.record_type).map_err(|_| unexpected("type", &r.record_type))?;
        let action = Action::parse(&r.action).ok_or_else(|| unexpected("action", &r.action))?;
        let status = r
            .status
            .as_deref()
            .map(|s| s.parse::<Status>().map_err(|_| unexpected("status", s)))
            .transpose()?;
        let url = (action != Action::Deleted && r.live)
            .then(|| format!("{base}{}", record_path(record_type, &r.record_id)));
        Ok(Change {
            id: r.id,
            time: r.changed_at,
            action,
            record_type,
            record_id: r.record_id,
            municipality: r.municipality,
            municipality_code: r.municipality_code,
            title: r.title,
            summary: r.summary,
            status,
            status_since: r.status_since,
            dataset_version: r.dataset_version,
            url,
        })
    }
}

impl CsvRecord for Change {
    const HEADERS: &'static [&'static str] = &[
        "id",
        "time",
        "action",
        "type",
        "record_id",
        "municipality",
        "municipality_code",
        "title",
        "summary",
        "status",
        "status_since",
        "dataset_version",
        "url",
    ];
    fn fields(&self) -> Vec<String> {
        vec![
            self.id.to_string(),
            // As in JSON: UTC with `Z`.
            self.time.to_rfc3339_opts(SecondsFormat::AutoSi, true),
            self.action.as_str().to_owned(),
            self.record_type.as_str().to_owned(),
            self.record_id.clone(),
            self.municipality.clone(),
            self.municipality_code.clone(),
            opt(&self.title),
            opt(&self.summary),
            opt(&self.status),
            opt(&self.status_since),
            opt(&self.dataset_version),
            opt(&self.url),
        ]
    }
}

const PARAMS: &[&str] = &[
    "after",
    "since",
    "type",
    "municipality",
    "limit",
    "cursor",
    "format",
    "excel",
];

/// `after`, `since` and `type` from the query string; the municipalities are checked later.
fn parse_filter(p: &Params) -> Result<ChangeFilter, ApiError> {
    let mut errors = Vec::new();
    let mut bad = |field: &str, message: String| {
        errors.push(FieldError {
            field: field.to_owned(),
            message,
        })
    };
    let mut f = ChangeFilter::default();
    if let Some(v) = p.get("after") {
        match v.parse::<i64>() {
            Ok(n) if n >= 0 && v.bytes().all(|b| b.is_ascii_digit()) => f.after = Some(n),
            _ => bad(
                "after",
                format!("`{v}` is not a change id (a whole number from 0)"),
            ),
        }
    }
    if let Some(v) = p.get("since") {
        // A `+` that was not percent-encoded arrives as a space: `…T10:00:00 01:00`.
        let parsed = DateTime::parse_from_rfc3339(v)
            .or_else(|e| DateTime::parse_from_rfc3339(&v.replacen(' ', "+", 1)).map_err(|_| e));
        match parsed {
            Ok(t) => f.since = Some(t.with_timezone(&Utc)),
            Err(e) => bad(
                "since",
                format!("`{v}` is not an RFC 3339 time like 2026-01-31T12:00:00Z ({e}); encode `+` as %2B"),
            ),
        }
    }
    if let Some(v) = p.get("type") {
        for t in v.split(',').map(str::trim) {
            match RecordType::parse(t) {
                Ok(t) if !f.types.contains(&t) => f.types.push(t),
                Ok(_) => {}
                Err(e) => bad("type", e),
            }
        }
    }
    match p.filter() {
        Ok(common) => f.municipalities = common.municipalities,
        Err(ApiError::BadRequest { errors: e, .. }) => errors.extend(e),
        Err(e) => return Err(e),
    }
    if errors.is_empty() {
        return Ok(f);
    }
    let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
    Err(ApiError::BadRequest {
        detail: format!("bad parameters: {}", fields.join(", ")),
        errors,
    })
}

/// The change log.
///
/// Every creation, update and deletion of an agreement, pledge, focus area or activity, and every
/// change of an activity's status history, oldest first. A mirror stays exact by reading on from
/// the last id it has (`after=`), or from a time (`since=`); a deletion keeps the record's type
/// and id, never a stale copy. The same changes as Atom: `/feed.atom`.
#[utoipa::path(
    operation_id = "listChanges",
    tag = "changes",
    params(
        ("after" = Option<i64>, Query, description = "Only changes with a greater id: the last id you have.", minimum = 0, example = 0),
        ("since" = Option<String>, Query, format = DateTime, description = "Only changes made at or after this time (RFC 3339; encode `+` as `%2B`).", example = "2026-01-01T00:00:00Z"),
        ("type" = Option<String>, Query, description = "Record types, comma-separated: `agreement`, `pledge`, `focus_area`, `activity`, `activity_status`.", example = "activity,activity_status"),
        ("municipality" = Option<String>, Query, description = "Municipality ids or kommunkoder, comma-separated (also of municipalities since removed from the dataset).", example = "solvesborg,1382"),
        ("limit" = Option<u32>, Query, description = "Page size, 1–500 (default 50).", minimum = 1, maximum = 500, example = 50),
        ("cursor" = Option<String>, Query, description = "`next_cursor` of the previous page."),
        ("format" = Option<String>, Query, description = "`json` (default) or `csv`; `Accept: text/csv` also gives CSV."),
        ("excel" = Option<bool>, Query, description = "A BOM and `;` separators for Excel. Only with CSV (`format=csv` or `Accept: text/csv`): `excel=true` with JSON is refused with 400."),
    ),
    responses(
        (status = 200, description = "A page of changes, oldest first; `Link: <…>; rel=\"next\"` when there are more. `total` counts the changes that match `after`, `since` and the filters.", body = List<Change>),
        (status = 304, description = "Not modified (`If-None-Match`)."),
        (status = 400, description = "Unknown parameter or bad value.", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "Database unavailable.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/v1/changes")]
pub async fn list(req: HttpRequest, state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    let params = Params::parse(req.query_string(), PARAMS)?;
    let filter = parse_filter(&params)?;
    let page = Page::from_params(&params, &["id"])?;
    let cursor = match &page.after {
        None => None,
        Some((_, id)) => Some(id.parse::<i64>().map_err(|_| {
            ApiError::bad_param(
                "cursor",
                "not a cursor of this list; take `next_cursor` from a response",
            )
        })?),
    };
    let format = params.format(
        req.headers()
            .get(header::ACCEPT)
            .and_then(|v| v.to_str().ok()),
    )?;
    let base = state.base_url(&req);
    let f = filter.clone();
    let limit = page.limit;
    let (unknown, rows, total) = state
        .db
        .run(move |conn| {
            let unknown = q::unknown_municipalities(conn, &f.municipalities)?;
            if !unknown.is_empty() {
                return Ok((unknown, vec![], 0));
            }
            let (rows, total) = q::list(conn, &f, cursor, limit)?;
            Ok((unknown, rows, total))
        })
        .await?;
    if !unknown.is_empty() {
        let errors: Vec<FieldError> = unknown
            .iter()
            .map(|m| FieldError {
                field: "municipality".into(),
                message: format!(
                    "`{m}` is no municipality id or kommunkod; see /v1/municipalities"
                ),
            })
            .collect();
        return Err(ApiError::BadRequest {
            detail: "bad parameters: municipality".into(),
            errors,
        });
    }
    let next_cursor = rows.last().and_then(|r| {
        let id = r.id.to_string();
        page.next_cursor(rows.len(), Some((&id, &id)))
    });
    let data = rows
        .into_iter()
        .map(|r| Change::from_row(r, &base))
        .collect::<Result<Vec<_>, _>>()?;
    list_ok(
        &req,
        &params,
        format,
        List {
            data,
            total,
            next_cursor,
            suggestion: None,
        },
        "changes",
    )
}
