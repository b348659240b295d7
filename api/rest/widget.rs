//! `GET /v1/municipalities/{id}/pledge`: the pledge a municipality's widget shows, with its
//! contents (assembled in `views::widget`, which the pages read too).

use actix_web::{get, web, HttpRequest, HttpResponse};

use super::json_ok;
use super::params::Params;
use super::problem::{ApiError, Problem};
use crate::domain::MunicipalityKey;
use crate::state::AppState;
pub use crate::views::widget::{
    load, load_pledge, AgreementLink, Found, MunicipalityPledge, WidgetPhase,
};

/// The pledge a municipality's widget shows.
#[utoipa::path(
    operation_id = "getMunicipalityPledge",
    tag = "municipalities",
    params(("id" = String, Path, description = "Slug or four-digit kommunkod.", pattern = "^[a-z0-9]+(-[a-z0-9]+)*$", example = "solvesborg")),
    responses(
        (status = 200, description = "The current pledge, else the latest by period (`phase: ended`), else an undated one, with focus areas, activities and sources.", body = MunicipalityPledge),
        (status = 304, description = "Not modified (`If-None-Match`)."),
        (status = 400, description = "Unknown parameter, or an id that cannot be one.", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "`code: unknown_municipality` when no municipality has the id; `code: no_pledge` when the dataset holds no pledge for it.", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "Database unavailable.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/v1/municipalities/{id}/pledge")]
pub async fn get(
    req: HttpRequest,
    path: web::Path<String>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    Params::parse(req.query_string(), &[])?;
    let raw = path.into_inner();
    let key = MunicipalityKey::parse(&raw).map_err(|e| ApiError::bad_param("id", e))?;
    match load(&state.db, key).await? {
        Some(Found::Pledge(p)) => json_ok(&req, &p),
        Some(Found::NoPledge { municipality, .. }) => Err(ApiError::NotFoundAs {
            code: "no_pledge",
            detail: format!(
                "the dataset holds no pledge for {} yet; see /v1/agreements?municipality={}",
                municipality.name, municipality.id
            ),
        }),
        None => Err(ApiError::NotFoundAs {
            code: "unknown_municipality",
            detail: format!("no municipality has the id or kommunkod `{raw}`"),
        }),
    }
}
