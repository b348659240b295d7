use actix_web::{get, web, HttpRequest, HttpResponse};
use diesel::PgConnection;

use super::params::{Include, Params};
use super::problem::{ApiError, Problem};
use super::{json_ok, list_ok, List};
use crate::domain::filter::parse_record_id;
use crate::domain::Status;
use crate::queries;
use crate::state::AppState;
pub use crate::views::activities::{Activity, ActivityHistory, StatusEvent};

pub const FILTERS: &[&str] = &[
    "municipality",
    "theme",
    "status",
    "year",
    "active_on",
    "q",
    "as_of",
];
pub const INCLUDES: &[&str] = &["sources", "statements"];

/// Loads what `include` asks for, for all activities at once: one query per page.
fn embed(
    conn: &mut PgConnection,
    activities: &mut [Activity],
    inc: Include,
) -> Result<(), ApiError> {
    if activities.is_empty() {
        return Ok(());
    }
    if inc.sources {
        let cited = |a: &Activity| a.sources.iter().cloned().collect();
        crate::views::sources::attach(conn, activities, cited, |a, s| a.source_details = Some(s))?;
    }
    if inc.statements {
        crate::views::statements::attach(
            conn,
            activities,
            |r| r.id.clone(),
            |r, s| r.statements = Some(s),
        )?;
    }
    Ok(())
}

/// List activities.
#[utoipa::path(
    tag = "activities",
    operation_id = "listActivities",
    params(
        ("municipality" = Option<String>, Query, description = "Municipality ids or kommunkoder, comma-separated.", example = "solvesborg,1382"),
        ("theme" = Option<String>, Query, description = "Theme codes, comma-separated: activities whose focus area is tagged with any of them.", example = "property_crime"),
        ("status" = Option<String>, Query, description = "Statuses (the latest, or on `as_of`), comma-separated: `planned`, `in_progress`, `completed`, `cancelled`, `unknown`.", example = "in_progress,completed"),
        ("as_of" = Option<NaiveDate>, Query, description = "Give each activity's `status` and `status_since` as they stood on this day: the latest status event on or before it (`unknown` before the first) instead of the latest; `status` then filters on that.", example = "2023-01-01"),
        ("year" = Option<String>, Query, description = "Years, comma-separated: activities whose pledge's period touches any of them.", example = "2023"),
        ("active_on" = Option<NaiveDate>, Query, description = "Activities whose pledge's period contains this day.", example = "2023-06-01"),
        ("q" = Option<String>, Query, description = "Swedish full-text search in title and description (web search syntax: words, \"phrases\", -not).", example = "grannsamverkan"),
        ("include" = Option<String>, Query, description = "Embed related records: `sources`, `statements` (what people said about the record).", example = "sources"),
        ("sort" = Option<String>, Query, description = "`id` (default), `title`, `status` (planned, in_progress, completed, cancelled, unknown), `status_since` (unknown first), `municipality`; prefix `-` to reverse.", example = "-status_since"),
        ("limit" = Option<u32>, Query, description = "Page size, 1–500 (default 50).", minimum = 1, maximum = 500, example = 50),
        ("cursor" = Option<String>, Query, description = "`next_cursor` of the previous page."),
        ("format" = Option<String>, Query, description = "`json` (default) or `csv`; `Accept: text/csv` also gives CSV. In CSV, `responsible` is `|`-joined organization ids."),
        ("excel" = Option<bool>, Query, description = "A BOM and `;` separators for Excel. Only with CSV (`format=csv` or `Accept: text/csv`): `excel=true` with JSON is refused with 400."),
    ),
    responses(
        (status = 200, description = "A page of activities.", body = List<Activity>),
        (status = 304, description = "Not modified (`If-None-Match`)."),
        (status = 400, description = "Unknown parameter or bad value.", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "Database unavailable.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/v1/activities")]
pub async fn list(req: HttpRequest, state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    let super::ListRequest {
        params,
        filter,
        page,
        format,
        include,
    } = super::ListRequest::parse(&req, FILTERS, INCLUDES, queries::activities::SORTS)?;
    let p = page.clone();
    let (data, total, next_cursor) = state
        .db
        .run(move |conn| {
            super::known(conn, &filter)?;
            let after = p.after.as_ref().map(|(k, i)| (k.as_str(), i.as_str()));
            let (rows, total) = queries::activities::list(
                conn,
                &filter,
                p.sort.field,
                p.sort.descending,
                after,
                p.limit,
            )?;
            let next = p.next_cursor(
                rows.len(),
                rows.last().map(|r| (r.sort_key.as_str(), r.id.as_str())),
            );
            let mut data: Vec<Activity> = rows
                .into_iter()
                .map(|r| Activity::on(r, filter.as_of))
                .collect();
            embed(conn, &mut data, include)?;
            Ok((data, total, next))
        })
        .await?;
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
        "activities",
    )
}

/// One activity.
#[utoipa::path(
    tag = "activities",
    operation_id = "getActivity",
    params(
        ("parent" = String, Path, description = "The pledge id: the part of the activity id before `/`. The whole id may also be given as one `%2F`-escaped segment.", pattern = "^[a-z0-9]+(-[a-z0-9]+)*$", example = "solvesborg-2022-2023"),
        ("child" = String, Path, description = "`a<n>`: the part of the activity id after `/`.", pattern = "^a[0-9]+$", example = "a2"),
        ("include" = Option<String>, Query, description = "Embed related records: `sources`, `statements` (what people said about the record).", example = "sources"),
        ("as_of" = Option<NaiveDate>, Query, description = "Give its `status` and `status_since` as they stood on this day: the latest status event on or before it (`unknown` before the first) instead of the latest.", example = "2023-01-01"),
    ),
    responses(
        (status = 200, description = "The activity.", body = Activity),
        (status = 304, description = "Not modified (`If-None-Match`)."),
        (status = 400, description = "Unknown parameter or bad value.", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such activity.", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "Database unavailable.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/v1/activities/{parent}/{child}")]
pub async fn get(
    req: HttpRequest,
    path: web::Path<(String, String)>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let (parent, child) = path.into_inner();
    one(req, format!("{parent}/{child}"), state).await
}

/// `/v1/activities/solvesborg-2022-2023%2Fa1`: the id as one escaped segment (not in the document).
#[get("/v1/activities/{id}")]
pub async fn get_escaped(
    req: HttpRequest,
    path: web::Path<String>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    one(req, path.into_inner(), state).await
}

/// An activity id, `<pledge id>/a<n>`; anything else is a 400.
pub fn parse_id(raw: &str) -> Result<String, ApiError> {
    let id = parse_record_id(raw).map_err(|e| ApiError::bad_param("id", e))?;
    match id.split_once('/') {
        Some((_, child)) if child.starts_with('a') => Ok(id),
        _ => Err(ApiError::bad_param(
            "id",
            format!("`{raw}` is not an activity id; those are `<pledge id>/a<n>`"),
        )),
    }
}

async fn one(
    req: HttpRequest,
    raw: String,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let params = Params::parse(req.query_string(), &["include", "as_of"])?;
    let include = params.include(INCLUDES)?;
    let as_of = params.as_of()?;
    let id = parse_id(&raw)?;
    let wanted = id.clone();
    let activity = state
        .db
        .run(move |conn| {
            let Some(row) = queries::activities::get(conn, &wanted, as_of)? else {
                return Ok(None);
            };
            let mut one = [Activity::on(row, as_of)];
            embed(conn, &mut one, include)?;
            let [a] = one;
            Ok(Some(a))
        })
        .await?;
    match activity {
        Some(a) => json_ok(&req, &a),
        None => Err(ApiError::not_found(format!(
            "no activity has the id `{id}`"
        ))),
    }
}

/// An activity's status history, oldest first.
#[utoipa::path(
    tag = "activities",
    operation_id = "getActivityHistory",
    params(
        ("parent" = String, Path, description = "The pledge id: the part of the activity id before `/`. The whole id may also be given as one `%2F`-escaped segment.", pattern = "^[a-z0-9]+(-[a-z0-9]+)*$", example = "solvesborg-2022-2023"),
        ("child" = String, Path, description = "`a<n>`: the part of the activity id after `/`.", pattern = "^a[0-9]+$", example = "a1"),
    ),
    responses(
        (status = 200, description = "The status events, oldest first, and the current status.", body = ActivityHistory),
        (status = 304, description = "Not modified (`If-None-Match`)."),
        (status = 400, description = "Unknown parameter or bad value.", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such activity.", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "Database unavailable.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/v1/activities/{parent}/{child}/history")]
pub async fn history(
    req: HttpRequest,
    path: web::Path<(String, String)>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let (parent, child) = path.into_inner();
    history_of(req, format!("{parent}/{child}"), state).await
}

/// `/v1/activities/solvesborg-2022-2023%2Fa1/history` (not in the document).
#[get("/v1/activities/{id}/history")]
pub async fn history_escaped(
    req: HttpRequest,
    path: web::Path<String>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    history_of(req, path.into_inner(), state).await
}

async fn history_of(
    req: HttpRequest,
    raw: String,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    Params::parse(req.query_string(), &[])?;
    let id = parse_id(&raw)?;
    let wanted = id.clone();
    let found = state
        .db
        .run(move |conn| Ok(queries::activities::history(conn, &wanted)?))
        .await?;
    let Some((current, events)) = found else {
        return Err(ApiError::not_found(format!(
            "no activity has the id `{id}`"
        )));
    };
    let body = ActivityHistory {
        activity_id: id,
        current_status: current.parse().unwrap_or(Status::Unknown),
        events: events
            .into_iter()
            .map(|e| StatusEvent {
                status: e.status.parse().unwrap_or(Status::Unknown),
                effective_on: e.effective_on,
                note: e.note,
                source: e.source,
            })
            .collect(),
    };
    json_ok(&req, &body)
}
