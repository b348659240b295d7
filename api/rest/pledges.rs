use actix_web::{get, web, HttpRequest, HttpResponse};

use super::params::Params;
use super::problem::{ApiError, Problem};
use super::{json_ok, list_ok, List};
use crate::domain::filter::parse_record_id;
use crate::queries;
use crate::state::AppState;
use crate::views::pledges::embed;
pub use crate::views::pledges::{status_counts, Pledge};

pub const FILTERS: &[&str] = &["municipality", "theme", "year", "active_on", "q", "as_of"];
pub const INCLUDES: &[&str] = &["focus_areas", "activities", "sources", "statements"];

/// List pledges.
#[utoipa::path(
    operation_id = "listPledges",
    tag = "pledges",
    params(
        ("municipality" = Option<String>, Query, description = "Municipality ids or kommunkoder, comma-separated.", example = "solvesborg,1382"),
        ("theme" = Option<String>, Query, description = "Theme codes, comma-separated: pledges with a focus area on any of them.", example = "traffic_safety"),
        ("year" = Option<String>, Query, description = "Years, comma-separated: pledges whose period touches any of them.", example = "2023"),
        ("active_on" = Option<NaiveDate>, Query, description = "Pledges whose period contains this day.", example = "2023-06-01"),
        ("q" = Option<String>, Query, description = "Swedish full-text search (web search syntax: words, \"phrases\", -not).", example = "trafiksäkerhet"),
        ("as_of" = Option<NaiveDate>, Query, description = "Count activities (`status_counts`, and embedded activities' `status`) by the status they had on this day: the latest status event on or before it (`unknown` before the first) instead of the latest.", example = "2023-01-01"),
        ("include" = Option<String>, Query, description = "Embed related records: `focus_areas`, `activities`, `sources`, `statements` (what people said about the record).", example = "focus_areas,activities"),
        ("sort" = Option<String>, Query, description = "`id` (default), `period_start`, `title`, `municipality`; prefix `-` to reverse.", example = "-period_start"),
        ("limit" = Option<u32>, Query, description = "Page size, 1–500 (default 50).", minimum = 1, maximum = 500, example = 50),
        ("cursor" = Option<String>, Query, description = "`next_cursor` of the previous page."),
        ("format" = Option<String>, Query, description = "`json` (default) or `csv`; `Accept: text/csv` also gives CSV."),
        ("excel" = Option<bool>, Query, description = "A BOM and `;` separators for Excel. Only with CSV (`format=csv` or `Accept: text/csv`): `excel=true` with JSON is refused with 400."),
    ),
    responses(
        (status = 200, description = "A page of pledges.", body = List<Pledge>),
        (status = 304, description = "Not modified (`If-None-Match`)."),
        (status = 400, description = "Unknown parameter or bad value.", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "Database unavailable.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/v1/pledges")]
pub async fn list(req: HttpRequest, state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    let super::ListRequest {
        params,
        filter,
        page,
        format,
        include,
    } = super::ListRequest::parse(&req, FILTERS, INCLUDES, queries::pledges::SORTS)?;
    let p = page.clone();
    let (data, total, next_cursor) = state
        .db
        .run(move |conn| {
            super::known(conn, &filter)?;
            let after = p.after.as_ref().map(|(k, i)| (k.as_str(), i.as_str()));
            let (rows, total) = queries::pledges::list(
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
            let mut data: Vec<Pledge> = rows
                .into_iter()
                .map(|r| Pledge::on(r, filter.as_of))
                .collect();
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
        "pledges",
    )
}

/// One pledge.
#[utoipa::path(
    operation_id = "getPledge",
    tag = "pledges",
    params(
        ("id" = String, Path, description = "Pledge id.", pattern = "^[a-z0-9]+(-[a-z0-9]+)*$", example = "solvesborg-2022-2023"),
        ("include" = Option<String>, Query, description = "Embed related records: `focus_areas`, `activities`, `sources`, `statements` (what people said about the record).", example = "focus_areas,activities"),
        ("as_of" = Option<NaiveDate>, Query, description = "Count activities (`status_counts`, and embedded activities' `status`) by the status they had on this day: the latest status event on or before it (`unknown` before the first) instead of the latest.", example = "2023-01-01"),
    ),
    responses(
        (status = 200, description = "The pledge.", body = Pledge),
        (status = 304, description = "Not modified (`If-None-Match`)."),
        (status = 400, description = "Unknown parameter or bad value.", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such pledge.", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "Database unavailable.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/v1/pledges/{id}")]
pub async fn get(
    req: HttpRequest,
    path: web::Path<String>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let params = Params::parse(req.query_string(), &["include", "as_of"])?;
    let include = params.include(INCLUDES)?;
    let as_of = params.as_of()?;
    let id = parse_record_id(&path.into_inner()).map_err(|e| ApiError::bad_param("id", e))?;
    let wanted = id.clone();
    let pledge = state
        .db
        .run(move |conn| crate::views::pledges::one(conn, &wanted, include, as_of))
        .await?;
    match pledge {
        Some(p) => json_ok(&req, &p),
        None => Err(ApiError::not_found(format!("no pledge has the id `{id}`"))),
    }
}
