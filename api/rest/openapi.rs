//! The OpenAPI 3.1 document, generated from the handlers' annotations.

use utoipa::OpenApi;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "OpenPledges API",
        description = "Cited open data on Swedish citizen pledges (medborgarlöften) and the cooperation \
                       agreements (samverkansöverenskommelser) between municipalities and the police. \
                       Errors are RFC 9457 problem details (`application/problem+json`).",
        license(name = "Data: CC0-1.0", identifier = "CC0-1.0"),
    ),
    paths(
        super::municipalities::list,
        super::municipalities::get,
        super::pledges::list,
        super::pledges::get,
        super::agreements::list,
        super::agreements::get,
        super::focus_areas::list,
        super::focus_areas::get,
        super::activities::list,
        super::activities::get,
        super::activities::history,
        super::health::healthz,
        super::health::readyz,
    ),
    tags(
        (name = "municipalities", description = "Municipalities with their official SCB codes."),
        (name = "pledges", description = "Citizen pledges (medborgarlöften) with focus areas and activities."),
        (name = "agreements", description = "Cooperation agreements (samverkansöverenskommelser) between municipalities and the police."),
        (name = "focus-areas", description = "What pledges and agreements concentrate on (fokusområden, samverkansområden), tagged with themes."),
        (name = "activities", description = "Concrete activities of pledges, with their current status and its history."),
        (name = "operations", description = "Health and readiness."),
    )
)]
pub struct ApiDoc;

/// The document as served at `/openapi.json` and committed as `openapi/openapi.json`.
pub fn document() -> String {
    ApiDoc::openapi().to_pretty_json().unwrap_or_default() + "\n"
}
