//! `/v1/exports/`: the listing of the bulk export files, and each file, served from the files
//! written once per dataset version (`exports::store`).

use actix_web::http::header::{self, EntityTag};
use actix_web::{get, web, HttpRequest, HttpResponse};
use serde::Serialize;
use utoipa::ToSchema;

use actix_files::NamedFile;

use super::json_ok;
use super::params::Params;
use super::problem::{ApiError, Problem};
use super::CACHE_CONTROL;
use crate::exports::{self, directory, ExportFile, Kind};
use crate::queries;
use crate::queries::meta::VersionRow;
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

/// Every export file. Sizes are not given: a version's files are written on their first request.
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
    operation_id = "listExportFiles",
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
/// Every file of a dataset version is written once, from one consistent snapshot, and then served
/// from disk: with `Content-Length`, one byte range on request (`Range: bytes=0-1023`, answered
/// 206; a range past the end is a 416), and `HEAD`. The ETag follows the dataset version, so
/// revalidating costs nothing. CSV is UTF-8 with a header row; `excel=true` gives Excel's dialect
/// (a BOM and `;`). NDJSON has one JSON object per line, with the API's values. Keys between
/// tables are public ids and codes: join other statistics on `municipality_code` (SCB kommunkod).
#[utoipa::path(
    tag = "exports",
    operation_id = "getExportFile",
    params(
        ("file" = String, Path, description = "`<table>.csv` or `<table>.ndjson` (tables: municipalities, organizations, agreements, agreement-parties, pledges, focus-areas, focus-area-themes, activities, activity-status-events, themes, sources, citations, people, roles, events), `openpledges.xlsx`, `openpledges.zip` or `datapackage.json`; see `/v1/exports/`.", example = "activities.csv"),
        ("excel" = Option<bool>, Query, description = "CSV files only: a BOM and `;` separators for Excel."),
        ("Range" = Option<String>, Header, description = "One byte range of the file (RFC 9110), to resume a download. With `If-Range`, the whole file is sent."),
    ),
    responses(
        (status = 200, description = "The file, as an attachment, with its `Content-Length`.",
            content(
                (String = "text/csv"),
                (String = "application/x-ndjson"),
                (Vec<u8> = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
                (Vec<u8> = "application/zip"),
                (serde_json::Value = "application/json"),
            )
        ),
        (status = 206, description = "The byte range asked for (`Range`), with `Content-Range`.",
            content(
                (String = "text/csv"),
                (String = "application/x-ndjson"),
                (Vec<u8> = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
                (Vec<u8> = "application/zip"),
                (Vec<u8> = "application/json"),
            )
        ),
        (status = 304, description = "Not modified (`If-None-Match`)."),
        (status = 400, description = "Unknown parameter or bad value (`excel` on a file that is not CSV).", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such export file.", body = Problem, content_type = "application/problem+json"),
        (status = 416, description = "The range lies outside the file; `Content-Range` gives its length.", body = Problem, content_type = "application/problem+json"),
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
    // Twice at most: a newer version's write may remove a folder between finding and opening it.
    for attempt in 0..2 {
        let version = state
            .db
            .run(|conn| Ok(queries::meta::version(conn)?))
            .await?;
        let etag = exports::etag(version.as_ref(), kind, excel);
        let (mut res, fresh) = super::revalidated(&req, EntityTag::new_strong(etag));
        if fresh {
            return Ok(res.finish());
        }
        let version = version.ok_or_else(|| {
            ApiError::unavailable("the database holds no dataset yet; try again shortly")
        })?;
        // The one place a pooled connection is held for long: while a version's files are written.
        let folder = state.exports.folder(&state.db, &version).await?;
        let path = folder.path.join(directory::relative_path(kind, excel));
        let opened = web::block(move || NamedFile::open(path))
            .await
            .map_err(std::io::Error::other)
            .and_then(|opened| opened);
        match opened {
            Ok(file) => return Ok(send(&req, file, kind, excel, &folder.dataset)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound && attempt == 0 => {
                state.exports.discard(&folder).await;
            }
            Err(e) => {
                return Err(ApiError::internal(format!(
                    "opening export file {name}: {e}"
                )))
            }
        }
    }
    Err(ApiError::unavailable(
        "the export files changed while this request was served; try again",
    ))
}

/// `named` as the response, with our headers rather than actix-files' own: the dataset's strong
/// ETag (not one of the file's inode and time), the media type, the attachment's name and the
/// API's caching. actix-files answers `Range` (206, 416) and gives the length. Since it knows no
/// tag of its own, it sends the whole file when `If-Range` is given, and answers `If-Match`
/// (other than `*`) with 412: both are safe, if not the shortest answer.
fn send(
    req: &HttpRequest,
    named: NamedFile,
    kind: Kind,
    excel: bool,
    dataset: &VersionRow,
) -> HttpResponse {
    let etag = EntityTag::new_strong(exports::etag(Some(dataset), kind, excel));
    // An import may have landed since the first revalidation: the tag sent is this file's.
    let (mut res, fresh) = super::revalidated(req, etag.clone());
    if fresh {
        return res.finish();
    }
    let mut res = named
        .use_etag(false)
        .use_last_modified(false)
        .into_response(req);
    if res.status().is_client_error() || res.status().is_server_error() {
        return res;
    }
    let content_type = match kind {
        Kind::Csv(_) => "text/csv; charset=utf-8",
        Kind::Ndjson(_) => "application/x-ndjson; charset=utf-8",
        other => other.media_type(),
    };
    let headers = res.headers_mut();
    let mut set = |name: header::HeaderName, value: String| {
        if let Ok(v) = header::HeaderValue::from_str(&value) {
            headers.insert(name, v);
        }
    };
    set(header::CONTENT_TYPE, content_type.to_owned());
    set(
        header::CONTENT_DISPOSITION,
        format!("attachment; filename=\"{}\"", kind.file_name()),
    );
    set(header::ETAG, etag.to_string());
    set(header::CACHE_CONTROL, CACHE_CONTROL.to_owned());
    res
}
