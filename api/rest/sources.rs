use actix_web::{get, http::header, web, HttpRequest, HttpResponse};
use chrono::NaiveDate;
use serde::Serialize;
use utoipa::ToSchema;

use super::csv::{opt, CsvRecord};
use super::params::{Page, Params};
use super::problem::{ApiError, Problem};
use super::{json_ok, list_ok, List};
use crate::dataset::validate::SOURCE_KINDS;
use crate::domain::Slug;
use crate::queries::sources::{self as q, CitedByRow, SourceFilter, SourceRow};
use crate::state::AppState;

/// A document facts were taken from. Every record cites at least one.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Source {
    #[schema(example = "solvesborg-2022-medborgarlofte-nyhet")]
    pub id: String,
    /// The document's headline, as published.
    pub title: String,
    #[schema(example = "Sölvesborgs kommun")]
    pub publisher: String,
    /// `press_release`, `press_invitation`, `news_article`, `pledge_document`, `agreement_document`,
    /// `follow_up_report`, `web_page` or `register`.
    #[schema(example = "news_article")]
    pub kind: String,
    pub published_on: Option<NaiveDate>,
    pub url: Option<String>,
    /// ISO 639-1.
    #[schema(example = "sv")]
    pub language: String,
    pub note: Option<String>,
}

impl From<SourceRow> for Source {
    fn from(r: SourceRow) -> Source {
        Source {
            id: r.id,
            title: r.title,
            publisher: r.publisher,
            kind: r.kind,
            published_on: r.published_on,
            url: r.url,
            language: r.language,
            note: r.note,
        }
    }
}

impl CsvRecord for Source {
    const HEADERS: &'static [&'static str] = &[
        "id",
        "title",
        "publisher",
        "kind",
        "published_on",
        "url",
        "language",
        "note",
    ];
    fn fields(&self) -> Vec<String> {
        vec![
            self.id.clone(),
            self.title.clone(),
            self.publisher.clone(),
            self.kind.clone(),
            opt(&self.published_on),
            opt(&self.url),
            self.language.clone(),
            opt(&self.note),
        ]
    }
}

/// How many records of each kind cite a source. Municipalities count as organizations.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CitedBy {
    /// Organizations, municipalities included.
    #[schema(example = 6)]
    pub organizations: i64,
    /// Cooperation agreements.
    #[schema(example = 1)]
    pub agreements: i64,
    /// Citizen pledges.
    #[schema(example = 1)]
    pub pledges: i64,
    /// Focus areas of pledges and agreements.
    #[schema(example = 7)]
    pub focus_areas: i64,
    /// Activities (their status history is counted apart).
    #[schema(example = 3)]
    pub activities: i64,
    /// People's titles at organizations.
    #[schema(example = 4)]
    pub person_roles: i64,
    /// Meetings and conferences.
    #[schema(example = 0)]
    pub events: i64,
    /// Entries of activities' status history that cite it.
    #[schema(example = 0)]
    pub activity_status_events: i64,
}

impl From<CitedByRow> for CitedBy {
    fn from(r: CitedByRow) -> CitedBy {
        CitedBy {
            organizations: r.organizations,
            agreements: r.agreements,
            pledges: r.pledges,
            focus_areas: r.focus_areas,
            activities: r.activities,
            person_roles: r.person_roles,
            events: r.events,
            activity_status_events: r.activity_status_events,
        }
    }
}

/// A source with what cites it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SourceDetail {
    /// The source itself, as lists show it.
    #[serde(flatten)]
    pub source: Source,
    /// The records that cite it, counted by kind.
    pub cited_by: CitedBy,
}

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
        ("format" = Option<String>, Query, description = "`json` (default) or `csv`; `Accept: text/csv` also gives CSV.", example = "csv"),
        ("excel" = Option<bool>, Query, description = "With `format=csv`: a BOM and `;` separators for Excel.", example = true),
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
        },
        "sources",
    )
}

/// One source, with counts of the records that cite it.
#[utoipa::path(
    operation_id = "getSource",
    tag = "sources",
    params(("id" = String, Path, description = "Source id.", example = "solvesborg-2022-medborgarlofte-nyhet")),
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
