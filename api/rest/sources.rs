use actix_web::{get, http::header, web, HttpRequest, HttpResponse};

use super::params::{Page, Params};
use super::problem::{ApiError, Problem};
use super::{json_ok, list_ok, List};
use crate::dataset::validate::SOURCE_KINDS;
use crate::domain::Slug;
use crate::queries::sources::{self as q, SourceFilter};
use crate::state::AppState;
pub use crate::views::sources::{CitedBy, Source, SourceDetail};

pub const FILTERS: &[&str] = &["kind", "municipality", "q"];

/// The `kind` parameter: comma-separated source kinds, each one of `SOURCE_KINDS`.
fn parse_kinds(raw: Option<&str>) -> Result<Vec<String>, ApiError> {
    let Some(raw) = raw else {
        return Ok(Vec::new());
    };
    raw.split(',')
        .map(str::trim)
        .map(|k| {
            if SOURCE_KINDS.contains(&k) {
                Ok(k.to_owned())
            } else {
                Err(ApiError::bad_param(
                    "kind",
                    format!(
                        "`{k}` is not a source kind; choose from: {}",
                        SOURCE_KINDS.join(", ")
                    ),
                ))
            }
        })
        .collect()
}

/// List sources.
#[utoipa::path(
    operation_id = "listSources",
    tag = "sources",
    params(
        ("kind" = Option<String>, Query, description = "Source kinds, comma-separated: `press_release`, `press_invitation`, `news_article`, `pledge_document`, `agreement_document`, `follow_up_report`, `web_page`, `register`.", example = "news_article,register"),
        ("municipality" = Option<String>, Query, description = "Municipality ids or kommunkoder, comma-separated: sources cited by the municipality or by its agreements, pledges, focus areas or activities.", example = "trelleborg,1083"),
        ("q" = Option<String>, Query, description = "Text the title or publisher contains, ignoring case.", example = "medborgarlöfte"),
        ("sort" = Option<String>, Query, description = "`id` (default), `published_on`, `title`; prefix `-` to reverse. Undated sources come first in ascending `published_on` order.", example = "-published_on"),
        ("limit" = Option<u32>, Query, description = "Page size, 1–500 (default 50).", minimum = 1, maximum = 500, example = 50),
        ("cursor" = Option<String>, Query, description = "`next_cursor` of the previous page."),
        ("format" = Option<String>, Query, description = "`json` (default) or `csv`; `Accept: text/csv` also gives CSV."),
        ("excel" = Option<bool>, Query, description = "A BOM and `;` separators for Excel. Only with CSV (`format=csv` or `Accept: text/csv`): `excel=true` with JSON is refused with 400."),
    ),
    responses(
        (status = 200, description = "A page of sources; `Link: <…>; rel=\"next\"` when there are more.", body = List<Source>),
        (status = 304, description = "Not modified (`If-None-Match`)."),
        (status = 400, description = "Unknown parameter or bad value.", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "Database unavailable.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/v1/sources")]
pub async fn list(req: HttpRequest, state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    let params = Params::parse_list(req.query_string(), FILTERS, &[])?;
    let common = params.filter()?;
    super::check_known(&state.db, &common).await?;
    let filter = SourceFilter {
        kinds: parse_kinds(params.get("kind"))?,
        municipalities: common.municipalities,
        q: common.q,
    };
    let page = Page::from_params(&params, q::SORTS)?;
    let format = params.format(
        req.headers()
            .get(header::ACCEPT)
            .and_then(|v| v.to_str().ok()),
    )?;
    let p = page.clone();
    let (rows, total) = state
        .db
        .run(move |conn| {
            let after = p.after.as_ref().map(|(k, i)| (k.as_str(), i.as_str()));
            Ok(q::list(
                conn,
                &filter,
                p.sort.field,
                p.sort.descending,
                after,
                p.limit,
            )?)
        })
        .await?;
    let next_cursor = page.next_cursor(
        rows.len(),
        rows.last().map(|r| (r.sort_key.as_str(), r.id.as_str())),
    );
    let data: Vec<Source> = rows.into_iter().map(Source::from).collect();
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
        "sources",
    )
}

/// One source, with counts of the records that cite it.
#[utoipa::path(
    operation_id = "getSource",
    tag = "sources",
    params(("id" = String, Path, description = "Source id.", pattern = "^[a-z0-9]+(-[a-z0-9]+)*$", example = "solvesborg-2022-medborgarlofte-nyhet")),
    responses(
        (status = 200, description = "The source.", body = SourceDetail),
        (status = 304, description = "Not modified (`If-None-Match`)."),
        (status = 400, description = "Unknown parameter, or an id that cannot be one.", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such source.", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "Database unavailable.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/v1/sources/{id}")]
pub async fn get(
    req: HttpRequest,
    path: web::Path<String>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    Params::parse(req.query_string(), &[])?;
    let id = path.into_inner();
    let wanted = Slug::parse(&id).map_err(|e| ApiError::bad_param("id", e))?;
    let detail = state
        .db
        .run(move |conn| {
            let Some(row) = q::get(conn, wanted.as_str())? else {
                return Ok(None);
            };
            let cited_by = q::cited_by(conn, wanted.as_str())?;
            Ok(Some(SourceDetail {
                source: Source::from(row),
                cited_by: CitedBy::from(cited_by),
            }))
        })
        .await?;
    match detail {
        Some(d) => json_ok(&req, &d),
        None => Err(ApiError::not_found(format!("no source has the id `{id}`"))),
    }
}
