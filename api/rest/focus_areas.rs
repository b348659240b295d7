use std::collections::{BTreeSet, HashMap};

use actix_web::{get, web, HttpRequest, HttpResponse};
use chrono::NaiveDate;
use diesel::PgConnection;

use super::activities::Activity;
use super::params::{Include, Params};
use super::problem::{ApiError, Problem};
use super::{json_ok, list_ok, List};
use crate::domain::filter::parse_record_id;
use crate::queries;
use crate::state::AppState;
pub use crate::views::focus_areas::{FocusArea, Parent};

pub const FILTERS: &[&str] = &["municipality", "theme", "year", "active_on", "q", "as_of"];
pub const INCLUDES: &[&str] = &["activities", "sources", "statements"];

/// Loads what `include` asks for, for all focus areas at once: a fixed number of queries per page.
/// Activities have their status on `as_of` (the latest without it).
fn embed(
    conn: &mut PgConnection,
    areas: &mut [FocusArea],
    inc: Include,
    as_of: Option<NaiveDate>,
) -> Result<(), ApiError> {
    if areas.is_empty() || inc == Include::default() {
        return Ok(());
    }
    let ids: Vec<String> = areas.iter().map(|f| f.id.clone()).collect();
    if inc.activities {
        let mut by_area: HashMap<String, Vec<Activity>> = HashMap::new();
        for row in queries::activities::by_focus_areas(conn, &ids, as_of)? {
            let area = row.focus_area_id.clone().unwrap_or_default();
            by_area
                .entry(area)
                .or_default()
                .push(Activity::on(row, as_of));
        }
        for f in areas.iter_mut() {
            f.activities = Some(by_area.remove(&f.id).unwrap_or_default());
        }
    }
    if inc.sources {
        let cited = |f: &FocusArea| -> BTreeSet<String> {
            let mut ids: BTreeSet<String> = f.sources.iter().cloned().collect();
            for a in f.activities.iter().flatten() {
                ids.extend(a.sources.iter().cloned());
            }
            ids
        };
        crate::views::sources::attach(conn, areas, cited, |r, s| r.source_details = Some(s))?;
    }
    if inc.statements {
        crate::views::statements::attach(
            conn,
            areas,
            |r| r.id.clone(),
            |r, s| r.statements = Some(s),
        )?;
    }
    Ok(())
}

/// List focus areas of pledges and agreements.
#[utoipa::path(
    tag = "focus-areas",
    operation_id = "listFocusAreas",
    params(
        ("municipality" = Option<String>, Query, description = "Municipality ids or kommunkoder, comma-separated.", example = "solvesborg,1287"),
        ("theme" = Option<String>, Query, description = "Theme codes, comma-separated: focus areas tagged with any of them.", example = "port"),
        ("year" = Option<String>, Query, description = "Years, comma-separated: focus areas whose pledge's or agreement's period touches any of them.", example = "2022"),
        ("active_on" = Option<NaiveDate>, Query, description = "Focus areas whose pledge's or agreement's period contains this day.", example = "2022-06-01"),
        ("q" = Option<String>, Query, description = "Swedish full-text search in title, description and goals (web search syntax: words, \"phrases\", -not).", example = "droger"),
        ("include" = Option<String>, Query, description = "Embed related records: `activities`, `sources`, `statements` (what people said about the record).", example = "activities,sources"),
        ("as_of" = Option<NaiveDate>, Query, description = "With `include=activities`: give each activity's `status` and `status_since` as they stood on this day (the latest status event on or before it; `unknown` before the first) instead of the latest.", example = "2023-01-01"),
        ("sort" = Option<String>, Query, description = "`id` (default), `title`, `municipality`; prefix `-` to reverse.", example = "title"),
        ("limit" = Option<u32>, Query, description = "Page size, 1–500 (default 50).", minimum = 1, maximum = 500, example = 50),
        ("cursor" = Option<String>, Query, description = "`next_cursor` of the previous page."),
        ("format" = Option<String>, Query, description = "`json` (default) or `csv`; `Accept: text/csv` also gives CSV."),
        ("excel" = Option<bool>, Query, description = "A BOM and `;` separators for Excel. Only with CSV (`format=csv` or `Accept: text/csv`): `excel=true` with JSON is refused with 400."),
    ),
    responses(
        (status = 200, description = "A page of focus areas.", body = List<FocusArea>),
        (status = 304, description = "Not modified (`If-None-Match`)."),
        (status = 400, description = "Unknown parameter or bad value.", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "Database unavailable.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/v1/focus-areas")]
pub async fn list(req: HttpRequest, state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    let super::ListRequest {
        params,
        filter,
        page,
        format,
        include,
    } = super::ListRequest::parse(&req, FILTERS, INCLUDES, queries::focus_areas::SORTS)?;
    let p = page.clone();
    let (data, total, next_cursor) = state
        .db
        .run(move |conn| {
            super::known(conn, &filter)?;
            let after = p.after.as_ref().map(|(k, i)| (k.as_str(), i.as_str()));
            let (rows, total) = queries::focus_areas::list(
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
            let mut data: Vec<FocusArea> = rows.into_iter().map(FocusArea::from).collect();
            embed(conn, &mut data, include, filter.as_of)?;
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
        "focus-areas",
    )
}

/// One focus area.
#[utoipa::path(
    tag = "focus-areas",
    operation_id = "getFocusArea",
    params(
        ("parent" = String, Path, description = "The pledge or agreement id: the part of the focus area id before `/`. The whole id may also be given as one `%2F`-escaped segment.", pattern = "^[a-z0-9]+(-[a-z0-9]+)*$", example = "solvesborg-2022-2023"),
        ("child" = String, Path, description = "`f<n>`: the part of the focus area id after `/`.", pattern = "^f[0-9]+$", example = "f1"),
        ("include" = Option<String>, Query, description = "Embed related records: `activities`, `sources`, `statements` (what people said about the record).", example = "activities"),
        ("as_of" = Option<NaiveDate>, Query, description = "With `include=activities`: give each activity's `status` and `status_since` as they stood on this day (the latest status event on or before it; `unknown` before the first) instead of the latest.", example = "2023-01-01"),
    ),
    responses(
        (status = 200, description = "The focus area.", body = FocusArea),
        (status = 304, description = "Not modified (`If-None-Match`)."),
        (status = 400, description = "Unknown parameter or bad value.", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such focus area.", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "Database unavailable.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/v1/focus-areas/{parent}/{child}")]
pub async fn get(
    req: HttpRequest,
    path: web::Path<(String, String)>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let (parent, child) = path.into_inner();
    one(req, format!("{parent}/{child}"), state).await
}

/// `/v1/focus-areas/solvesborg-2022-2023%2Ff1`: the id as one escaped segment (not in the document).
#[get("/v1/focus-areas/{id}")]
pub async fn get_escaped(
    req: HttpRequest,
    path: web::Path<String>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    one(req, path.into_inner(), state).await
}

/// A focus area id, `<parent>/f<n>`; anything else is a 400.
pub fn parse_id(raw: &str) -> Result<String, ApiError> {
    let id = parse_record_id(raw).map_err(|e| ApiError::bad_param("id", e))?;
    match id.split_once('/') {
        Some((_, child)) if child.starts_with('f') => Ok(id),
        _ => Err(ApiError::bad_param(
            "id",
            format!("`{raw}` is not a focus area id; those are `<pledge or agreement id>/f<n>`"),
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
    let area = state
        .db
        .run(move |conn| {
            let Some(row) = queries::focus_areas::get(conn, &wanted)? else {
                return Ok(None);
            };
            let mut one = [FocusArea::from(row)];
            embed(conn, &mut one, include, as_of)?;
            let [f] = one;
            Ok(Some(f))
        })
        .await?;
    match area {
        Some(f) => json_ok(&req, &f),
        None => Err(ApiError::not_found(format!(
            "no focus area has the id `{id}`"
        ))),
    }
}
