use actix_web::{get, web, HttpRequest, HttpResponse};
use serde::Serialize;
use utoipa::ToSchema;

use super::params::{Page, Params};
use super::problem::{ApiError, Problem};
use super::{json_ok, list_ok, List};
use crate::app::AppState;
use crate::domain::MunicipalityKey;
use crate::queries::municipalities::{self as q, MunicipalityRow};

/// A reference to another record: its id and name.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Ref {
    #[schema(example = "lpo-karlshamn")]
    pub id: String,
    #[schema(example = "Lokalpolisområde Karlshamn")]
    pub name: String,
}

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
}

fn reference(id: Option<String>, name: Option<String>) -> Option<Ref> {
    Some(Ref {
        id: id?,
        name: name?,
    })
}

impl From<MunicipalityRow> for Municipality {
    fn from(r: MunicipalityRow) -> Municipality {
        Municipality {
            police_region: reference(r.police_region_id, r.police_region_name),
            local_police_area: reference(r.local_police_area_id, r.local_police_area_name),
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
        }
    }
}

/// List municipalities, ordered by id.
#[utoipa::path(
    tag = "municipalities",
    params(
        ("limit" = Option<u32>, Query, description = "Page size, 1–500.", minimum = 1, maximum = 500, example = 50),
        ("cursor" = Option<String>, Query, description = "`next_cursor` of the previous page."),
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
    let params = Params::parse(req.query_string(), &["limit", "cursor"])?;
    let page = Page::from_params(&params)?;
    let p = page.clone();
    let (rows, total) = state
        .db
        .run(move |conn| Ok(q::list(conn, p.after.as_deref(), p.limit)?))
        .await?;
    let data: Vec<Municipality> = rows.into_iter().map(Municipality::from).collect();
    list_ok(&req, &params, &page, data, total, |m| m.id.clone())
}

/// One municipality, by id (`solvesborg`) or by kommunkod (`1083`).
#[utoipa::path(
    tag = "municipalities",
    params(("id" = String, Path, description = "Slug or four-digit kommunkod.", example = "solvesborg")),
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
    let raw = path.into_inner();
    let key = MunicipalityKey::parse(&raw).map_err(|e| ApiError::bad_param("id", e))?;
    let row = state.db.run(move |conn| Ok(q::get(conn, &key)?)).await?;
    match row {
        Some(r) => json_ok(&req, &Municipality::from(r)),
        None => Err(ApiError::not_found(format!(
            "no municipality has the id or kommunkod `{raw}`"
        ))),
    }
}
