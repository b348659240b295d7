use actix_web::{get, web, HttpRequest, HttpResponse};
use serde::Serialize;
use utoipa::ToSchema;

use super::csv::{opt, CsvRecord};
use super::params::{Page, Params};
use super::problem::{ApiError, Problem};
use super::types::Ref;
use super::{json_ok, list_ok, List};
use crate::domain::MunicipalityKey;
use crate::queries::municipalities::{self as q, MunicipalityRow};
use crate::state::AppState;

/// One of Sweden's 290 municipalities (kommuner).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Municipality {
    /// Stable public id: the ASCII slug of the name (å/ä→a, ö→o).
    #[schema(example = "solvesborg")]
    pub id: String,
    /// The name as SCB lists it.
    #[schema(example = "Sölvesborg")]
    pub name: String,
    /// The organization's name as the sources give it.
    #[schema(example = "Sölvesborgs kommun")]
    pub organization_name: String,
    /// SCB kommunkod, four digits: join other statistics on it.
    #[schema(example = "1083")]
    pub code: String,
    /// SCB länskod, two digits.
    #[schema(example = "10")]
    pub county_code: String,
    #[schema(example = "Blekinge län")]
    pub county_name: String,
    /// The police region, where a source names it.
    pub police_region: Option<Ref>,
    /// The local police area (lokalpolisområde) the municipality cooperates with, where a source names it.
    pub local_police_area: Option<Ref>,
    /// How many cooperation agreements the dataset holds for it.
    pub agreement_count: i64,
    /// How many citizen pledges the dataset holds for it.
    pub pledge_count: i64,
    /// Ids of the sources its facts come from (see `/v1/sources`).
    pub sources: Vec<String>,
    /// What the sources do not say, and other editorial notes.
    pub note: Option<String>,
    /// The values (`local_police_area`, `police_region`) that are the dataset's judgement rather
    /// than the sources' words, with the reason.
    pub inferred: Vec<crate::domain::Inference>,
}

impl From<MunicipalityRow> for Municipality {
    fn from(r: MunicipalityRow) -> Municipality {
        Municipality {
            police_region: Ref::from_parts(r.police_region_id, r.police_region_name),
            local_police_area: Ref::from_parts(r.local_police_area_id, r.local_police_area_name),
            id: r.id,
            name: r.name,
            organization_name: r.organization_name,
            code: r.code,
            county_code: r.county_code,
            county_name: r.county_name,
            agreement_count: r.agreement_count,
            pledge_count: r.pledge_count,
            sources: r.sources,
            note: r.note,
            inferred: r.inferred.0,
        }
    }
}

impl CsvRecord for Municipality {
    const HEADERS: &'static [&'static str] = &[
        "id",
        "name",
        "organization_name",
        "code",
        "county_code",
        "county_name",
        "police_region_id",
        "local_police_area_id",
        "agreement_count",
        "pledge_count",
        "sources",
        "note",
        "inferred",
    ];
    fn fields(&self) -> Vec<String> {
        vec![
            self.id.clone(),
            self.name.clone(),
            self.organization_name.clone(),
            self.code.clone(),
            self.county_code.clone(),
            self.county_name.clone(),
            opt(&self.police_region.as_ref().map(|r| r.id.clone())),
            opt(&self.local_police_area.as_ref().map(|r| r.id.clone())),
            self.agreement_count.to_string(),
            self.pledge_count.to_string(),
            super::csv::join(&self.sources),
            opt(&self.note),
            super::types::inferred_fields(&self.inferred),
        ]
    }
}

/// List municipalities.
#[utoipa::path(
    operation_id = "listMunicipalities",
    tag = "municipalities",
    params(
        ("municipality" = Option<String>, Query, description = "Municipality ids or kommunkoder, comma-separated.", example = "solvesborg,1382"),
        ("sort" = Option<String>, Query, description = "`id` (default), `code`, `name`; prefix `-` to reverse.", example = "code"),
        ("limit" = Option<u32>, Query, description = "Page size, 1–500 (default 50).", minimum = 1, maximum = 500, example = 50),
        ("cursor" = Option<String>, Query, description = "`next_cursor` of the previous page."),
        ("format" = Option<String>, Query, description = "`json` (default) or `csv`; `Accept: text/csv` also gives CSV."),
        ("excel" = Option<bool>, Query, description = "A BOM and `;` separators for Excel. Only with CSV (`format=csv` or `Accept: text/csv`): `excel=true` with JSON is refused with 400."),
    ),
    responses(
        (status = 200, description = "A page of municipalities; `Link: <…>; rel=\"next\"` when there are more.", body = List<Municipality>),
        (status = 304, description = "Not modified (`If-None-Match`)."),
        (status = 400, description = "Unknown parameter or bad value.", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "Database unavailable.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/v1/municipalities")]
pub async fn list(req: HttpRequest, state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    let params = Params::parse_list(req.query_string(), &["municipality"], &[])?;
    let filter = params.filter()?;
    super::check_known(&state.db, &filter).await?;
    let page = Page::from_params(&params, q::SORTS)?;
    let format = params.format(
        req.headers()
            .get(actix_web::http::header::ACCEPT)
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
    let data: Vec<Municipality> = rows.into_iter().map(Municipality::from).collect();
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
        "municipalities",
    )
}

/// One municipality, by id (`solvesborg`) or by kommunkod (`1083`).
#[utoipa::path(
    operation_id = "getMunicipality",
    tag = "municipalities",
    params(("id" = String, Path, description = "Slug or four-digit kommunkod.", pattern = "^[a-z0-9]+(-[a-z0-9]+)*$", example = "solvesborg")),
    responses(
        (status = 200, description = "The municipality.", body = Municipality),
        (status = 304, description = "Not modified (`If-None-Match`)."),
        (status = 400, description = "Unknown parameter, or an id that cannot be one.", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such municipality.", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "Database unavailable.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/v1/municipalities/{id}")]
pub async fn get(
    req: HttpRequest,
    path: web::Path<String>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    Params::parse(req.query_string(), &[])?;
    let row = find(&state.db, &path.into_inner()).await?;
    json_ok(&req, &Municipality::from(row))
}

/// The municipality a path's `{id}` names, by slug or kommunkod: a 400 when it cannot be one, a
/// 404 when none is.
pub async fn find(db: &crate::db::Db, raw: &str) -> Result<MunicipalityRow, ApiError> {
    let key = MunicipalityKey::parse(raw).map_err(|e| ApiError::bad_param("id", e))?;
    db.run(move |conn| Ok(q::get(conn, &key)?))
        .await?
        .ok_or_else(|| {
            ApiError::not_found(format!("no municipality has the id or kommunkod `{raw}`"))
        })
}
