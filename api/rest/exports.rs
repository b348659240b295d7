//! `/v1/exports/`: the listing of the bulk export files, and each file, streamed.

use actix_web::http::header::{self, EntityTag};
use actix_web::{get, web, HttpRequest, HttpResponse};
use serde::Serialize;
use utoipa::ToSchema;

use super::json_ok;
use super::params::Params;
use super::problem::{ApiError, Problem};
use crate::exports::{self, ExportFile, Kind};
use crate::queries;
use crate::state::AppState;

/// An export file and where to download it.
#[derive(Debug, Serialize, ToSchema)]
pub struct ListedFile {
    #[serde(flatten)]
    pub file: ExportFile,
    /// The absolute URL: under `OPENPLEDGES_PUBLIC_URL` when set, else as this request reached the service.
    #[schema(example = "https://openpledges.example/v1/exports/activities.csv")]
    pub url: String,
}

/// Every export file. Sizes are not given: the files are written as they are sent.
#[derive(Debug, Serialize, ToSchema)]
pub struct ExportListing {
    /// Each table as CSV and NDJSON, then the workbook, the zip and the data package descriptor.
    pub files: Vec<ListedFile>,
}

/// List the bulk export files.
///
/// Every table (municipalities, organizations, agreements, agreement parties, pledges, focus
/// areas, focus-area themes, activities, activity status events, themes, sources, citations,
/// people, roles, events) as CSV and NDJSON; `openpledges.xlsx` with a sheet per table;
/// `openpledges.zip` with every CSV and `datapackage.json`, a Frictionless data package.
#[utoipa::path(
    tag = "exports",
    operation_id = "list_exports",
    responses(
        (status = 200, description = "The export files.", body = ExportListing),
        (status = 304, description = "Not modified (`If-None-Match`)."),
        (status = 400, description = "A query parameter was given; this endpoint takes none.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/v1/exports/")]
pub async fn listing(
    req: HttpRequest,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    list_files(req, &state)
}

/// `/v1/exports` without the slash: the same listing (not in the document).
#[get("/v1/exports")]
pub async fn listing_bare(
    req: HttpRequest,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    list_files(req, &state)
}

fn list_files(req: HttpRequest, state: &AppState) -> Result<HttpResponse, ApiError> {
    Params::parse(req.query_string(), &[])?;
    let origin = state.base_url(&req);
    let files = exports::catalog()
        .into_iter()
        .map(|f| ListedFile {
            url: format!("{origin}{}", f.path),
            file: f,
        })
        .collect();
    json_ok(&req, &ExportListing { files })
}

/// Download an export file.
///
/// Streamed as it is written, from one consistent snapshot of the dataset. The ETag follows the
/// dataset version, so revalidating costs nothing. CSV is UTF-8 with a header row; `excel=true`
/// gives Excel's dialect (a BOM and `;`). NDJSON has one JSON object per line, with the API's
/// values. Keys between tables are public ids and codes: join other statistics on
/// `municipality_code` (SCB kommunkod).
#[utoipa::path(
    tag = "exports",
    operation_id = "get_export",
    params(
        ("file" = String, Path, description = "`<table>.csv` or `<table>.ndjson` (tables: municipalities, organizations, agreements, agreement-parties, pledges, focus-areas, focus-area-themes, activities, activity-status-events, themes, sources, citations, people, roles, events), `openpledges.xlsx`, `openpledges.zip` or `datapackage.json`; see `/v1/exports/`.", example = "activities.csv"),
        ("excel" = Option<bool>, Query, description = "CSV files only: a BOM and `;` separators for Excel.", example = true),
    ),
    responses(
        (status = 200, description = "The file, as an attachment.",
            content(
                (String = "text/csv"),
                (String = "application/x-ndjson"),
                (Vec<u8> = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
                (Vec<u8> = "application/zip"),
                (serde_json::Value = "application/json"),
            )
        ),
        (status = 304, description = "Not modified (`If-None-Match`)."),
        (status = 400, description = "Unknown parameter or bad value (`excel` on a file that is not CSV).", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such export file.", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "Database unavailable.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/v1/exports/{file}")]
pub async fn file(
    req: HttpRequest,
    path: web::Path<String>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let params = Params::parse(req.query_string(), &["excel"])?;
    let name = path.into_inner();
    let kind = Kind::parse(&name).ok_or_else(|| {
        ApiError::not_found(format!(
            "no export file is named `{name}`; see /v1/exports/"
        ))
    })?;
    let excel = match (params.get("excel"), kind) {
        (None | Some("false"), _) => false,
        (Some("true"), Kind::Csv(_)) => true,
        (Some("true"), _) => {
            return Err(ApiError::bad_param("excel", "only for the CSV files"));
        }
        (Some(other), _) => {
            return Err(ApiError::bad_param(
                "excel",
                format!("`{other}` is not true or false"),
            ))
        }
    };
    let version = state
        .db
        .run(|conn| Ok(queries::meta::version(conn)?))
        .await?;
    let etag = exports::etag(version.as_ref(), kind, excel);
    let (mut res, fresh) = super::revalidated(&req, EntityTag::new_strong(etag.clone()));
    if fresh {
        return Ok(res.finish());
    }
    let content_type = match kind {
        Kind::Csv(_) => "text/csv; charset=utf-8",
        Kind::Ndjson(_) => "application/x-ndjson; charset=utf-8",
        other => other.media_type(),
    };
    res.content_type(content_type).insert_header((
        header::CONTENT_DISPOSITION,
        format!("attachment; filename=\"{}\"", kind.file_name()),
    ));
    Ok(res.body(exports::stream::file(
        state.db.pool().clone(),
        kind,
        excel,
        etag,
    )))
}
