use actix_web::{get, http::header, web, HttpRequest, HttpResponse};

use super::params::{Page, Params};
use super::problem::{ApiError, FieldError, Problem};
use super::{json_ok, list_ok, List};
use crate::domain::Slug;
use crate::queries::statements::{self as q, StatementFilter};
use crate::state::AppState;
pub use crate::views::statements::{About, Statement};

pub const FILTERS: &[&str] = &["municipality", "person", "about", "source", "q"];

/// Comma-separated ids of a parameter.
fn ids(params: &Params, key: &str) -> Vec<String> {
    params
        .get(key)
        .map(|raw| {
            raw.split(',')
                .map(str::trim)
                .filter(|v| !v.is_empty())
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default()
}

/// Each value of `municipality`, `person`, `about` and `source` must name a record of its kind.
async fn check_ids(state: &AppState, f: &StatementFilter) -> Result<(), ApiError> {
    let f = f.clone();
    let bad = state
        .db
        .run(move |conn| Ok(q::unknown_ids(conn, &f)?))
        .await?;
    if bad.is_empty() {
        return Ok(());
    }
    let errors = bad
        .into_iter()
        .map(|(field, v)| FieldError {
            field: field.into(),
            // The municipality's words are every list's (`check_known`).
            message: match field {
                "municipality" => {
                    format!("`{v}` is no municipality id or kommunkod; see /v1/municipalities")
                }
                "person" => format!("`{v}` is not a person; see /v1/people"),
                "source" => format!("`{v}` is not a source; see /v1/sources"),
                _ => format!("`{v}` is not an agreement, pledge, focus area or activity"),
            },
        })
        .collect();
    Err(super::params::bad_request(errors))
}

/// List statements: what named people said, in the sources.
#[utoipa::path(
    operation_id = "listStatements",
    tag = "statements",
    params(
        ("municipality" = Option<String>, Query, description = "Municipality ids or kommunkoder, comma-separated: statements about their agreements, pledges, focus areas and activities.", example = "trelleborg"),
        ("person" = Option<String>, Query, description = "Person ids, comma-separated: statements by them.", example = "lars-gunnar-bjornqvist"),
        ("about" = Option<String>, Query, description = "Ids of agreements, pledges, focus areas or activities, comma-separated: statements about exactly these records.", example = "trelleborg-2019-2022/f1"),
        ("source" = Option<String>, Query, description = "Source ids, comma-separated: statements quoted from them.", example = "trelleborg-2019-samverkansoverenskommelse-nyhet"),
        ("q" = Option<String>, Query, description = "Swedish full-text search in the quote (web search syntax: words, \"phrases\", -not).", example = "narkotika"),
        ("sort" = Option<String>, Query, description = "`id` (default), `person`, `about` (by record, each record's statements in the source's order); prefix `-` to reverse.", example = "about"),
        ("limit" = Option<u32>, Query, description = "Page size, 1–500 (default 50).", minimum = 1, maximum = 500, example = 50),
        ("cursor" = Option<String>, Query, description = "`next_cursor` of the previous page."),
        ("format" = Option<String>, Query, description = "`json` (default) or `csv`; `Accept: text/csv` also gives CSV."),
        ("excel" = Option<bool>, Query, description = "A BOM and `;` separators for Excel. Only with CSV (`format=csv` or `Accept: text/csv`): `excel=true` with JSON is refused with 400."),
    ),
    responses(
        (status = 200, description = "A page of statements; `Link: <…>; rel=\"next\"` when there are more.", body = List<Statement>),
        (status = 304, description = "Not modified (`If-None-Match`)."),
        (status = 400, description = "Unknown parameter, bad value, or an id that names nothing.", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "Database unavailable.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/v1/statements")]
pub async fn list(req: HttpRequest, state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    let params = Params::parse_list(req.query_string(), FILTERS, &[])?;
    let common = params.filter()?;
    let mut filter = StatementFilter {
        municipalities: common.municipalities.clone(),
        people: ids(&params, "person"),
        about: ids(&params, "about"),
        sources: ids(&params, "source"),
        tsquery: None,
    };
    check_ids(&state, &filter).await?;
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
            filter.tsquery = crate::queries::search::text_query(conn, &common)?;
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
    let data: Vec<Statement> = rows.into_iter().map(Statement::from).collect();
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
        "statements",
    )
}

/// One statement.
#[utoipa::path(
    operation_id = "getStatement",
    tag = "statements",
    params(("id" = String, Path, description = "Statement id.", pattern = "^[a-z0-9]+(-[a-z0-9]+)*$", example = "trelleborg-2019-bjornqvist-unga-narkotika")),
    responses(
        (status = 200, description = "The statement.", body = Statement),
        (status = 304, description = "Not modified (`If-None-Match`)."),
        (status = 400, description = "Unknown parameter, or an id that cannot be one.", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such statement.", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "Database unavailable.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/v1/statements/{id}")]
pub async fn get(
    req: HttpRequest,
    path: web::Path<String>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    Params::parse(req.query_string(), &[])?;
    let id = path.into_inner();
    let wanted = Slug::parse(&id).map_err(|e| ApiError::bad_param("id", e))?;
    let row = state
        .db
        .run(move |conn| Ok(q::get(conn, wanted.as_str())?))
        .await?;
    match row {
        Some(r) => json_ok(&req, &Statement::from(r)),
        None => Err(ApiError::not_found(format!(
            "no statement has the id `{id}`"
        ))),
    }
}
