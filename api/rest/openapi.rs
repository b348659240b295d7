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
        super::widget::get,
        super::pledges::list,
        super::pledges::get,
        super::themes::list,
        super::themes::get,
        super::sources::list,
        super::sources::get,
        super::statements::list,
        super::statements::get,
        super::people::list,
        super::people::get,
        super::events::list,
        super::events::get,
        super::search::search,
        super::compare::compare,
        super::meta::meta,
        super::dcat::dcat,
        super::agreements::list,
        super::agreements::get,
        super::focus_areas::list,
        super::focus_areas::get,
        super::activities::list,
        super::activities::get,
        super::activities::history,
        super::exports::listing,
        super::exports::file,
        super::health::healthz,
        super::health::readyz,
        super::index::index,
        super::index::problem_type,
        super::changes::list,
        super::feeds::all,
        super::feeds::municipality,
        crate::embed::oembed::oembed,
    ),
    tags(
        (name = "municipalities", description = "Municipalities with their official SCB codes."),
        (name = "pledges", description = "Citizen pledges (medborgarlöften) with focus areas and activities."),
        (name = "themes", description = "The controlled vocabulary focus areas are tagged with, with usage counts."),
        (name = "sources", description = "The documents every fact is taken from."),
        (name = "statements", description = "What named people said, quoted from the sources, about an agreement, pledge, focus area or activity."),
        (name = "people", description = "People named in the sources, with their published titles; no contact details."),
        (name = "events", description = "Meetings and conferences named in the sources."),
        (name = "search", description = "Swedish full-text search across agreements, pledges, focus areas and activities."),
        (name = "compare", description = "Compare municipalities: active records, themes and activity statuses, as a matrix."),
        (name = "meta", description = "Dataset version, licence, counts and attribution; the DCAT-AP catalogue."),
        (name = "agreements", description = "Cooperation agreements (samverkansöverenskommelser) between municipalities and the police."),
        (name = "focus-areas", description = "What pledges and agreements concentrate on (fokusområden, samverkansområden), tagged with themes."),
        (name = "activities", description = "Concrete activities of pledges, with their current status and its history."),
        (name = "changes", description = "The change log: what was created, updated or deleted, and when; also as Atom feeds."),
        (name = "exports", description = "Bulk downloads: every table as CSV and NDJSON, an Excel workbook, a zip with a Frictionless data package."),
        (name = "operations", description = "Health and readiness."),
        (name = "widget", description = "Embedding a municipality's pledge: oEmbed for the pages `/pledges/{id}`, `/municipalities/{id}` and `/embed/{municipality}`."),
    ),
    modifiers(&CsvResponses, &Vocabularies, &ProblemExamples),
)]
pub struct ApiDoc;

/// The document as served at `/openapi.json` and committed as `openapi/openapi.json`.
pub fn document() -> String {
    ApiDoc::openapi().to_pretty_json().unwrap_or_default() + "\n"
}

/// Lists that take `format` also answer `text/csv` (`format=csv` or `Accept: text/csv`).
struct CsvResponses;

impl utoipa::Modify for CsvResponses {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::{ContentBuilder, ObjectBuilder, RefOr, Type};
        for (path, item) in openapi.paths.paths.iter_mut() {
            // `/oembed` has a `format` too, but its own (json or xml).
            let Some(get) = item.get.as_mut().filter(|_| path.starts_with("/v1/")) else {
                continue;
            };
            if !get.parameters.iter().flatten().any(|p| p.name == "format") {
                continue;
            }
            if let Some(RefOr::T(ok)) = get.responses.responses.get_mut("200") {
                let csv = ContentBuilder::new()
                    .schema(Some(ObjectBuilder::new().schema_type(Type::String)))
                    .build();
                ok.content.insert("text/csv".into(), csv);
            }
        }
    }
}

/// The values the server accepts for `sort`, `format` and `status`, as the schema's enums and
/// patterns, taken from the lists of the code itself so that the document cannot drift from them.
struct Vocabularies;

/// Each list and the sorts its query declares.
const SORTS: &[(&str, &[&str])] = &[
    ("/v1/municipalities", crate::queries::municipalities::SORTS),
    ("/v1/agreements", crate::queries::agreements::SORTS),
    ("/v1/pledges", crate::queries::pledges::SORTS),
    ("/v1/focus-areas", crate::queries::focus_areas::SORTS),
    ("/v1/activities", crate::queries::activities::SORTS),
    ("/v1/themes", crate::queries::themes::SORTS),
    ("/v1/sources", crate::queries::sources::SORTS),
    ("/v1/people", crate::queries::people::SORTS),
    ("/v1/events", crate::queries::events::SORTS),
    ("/v1/statements", crate::queries::statements::SORTS),
];

/// Each collection (its list and its item) and what `include` may name there.
const INCLUDES: &[(&str, &[&str])] = &[
    ("/v1/agreements", super::agreements::INCLUDES),
    ("/v1/pledges", super::pledges::INCLUDES),
    ("/v1/focus-areas", super::focus_areas::INCLUDES),
    ("/v1/activities", super::activities::INCLUDES),
    ("/v1/events", super::events::INCLUDES),
];

/// `^(a|b)(,(a|b))*$`: comma-separated values from `values`.
fn comma_list(values: &[&str]) -> String {
    let one = format!("({})", values.join("|"));
    format!("^{one}(,{one})*$")
}

impl utoipa::Modify for Vocabularies {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::{ObjectBuilder, RefOr, Schema, Type};
        let text = |values: Option<Vec<String>>, pattern: Option<String>| {
            RefOr::T(Schema::Object(
                ObjectBuilder::new()
                    .schema_type(Type::String)
                    .enum_values(values)
                    .pattern(pattern)
                    .build(),
            ))
        };
        let statuses: Vec<&str> = crate::domain::Status::ALL
            .iter()
            .map(|s| s.as_str())
            .collect();
        for (path, item) in openapi.paths.paths.iter_mut() {
            let Some(get) = item.get.as_mut().filter(|_| path.starts_with("/v1/")) else {
                continue;
            };
            let sorts = SORTS.iter().find(|(p, _)| p == path).map(|(_, s)| *s);
            let includes = INCLUDES
                .iter()
                .find(|(p, _)| path == p || path.starts_with(&format!("{p}/{{")))
                .map(|(_, i)| *i);
            for param in get.parameters.iter_mut().flatten() {
                match param.name.as_str() {
                    "sort" => {
                        if let Some(sorts) = sorts {
                            let values = sorts
                                .iter()
                                .flat_map(|s| [s.to_string(), format!("-{s}")])
                                .collect();
                            param.schema = Some(text(Some(values), None));
                        }
                    }
                    "format" => {
                        param.schema = Some(text(Some(vec!["json".into(), "csv".into()]), None))
                    }
                    "status" => param.schema = Some(text(None, Some(comma_list(&statuses)))),
                    "include" => {
                        if let Some(includes) = includes {
                            param.schema = Some(text(None, Some(comma_list(includes))));
                        }
                    }
                    _ => {}
                }
            }
        }
    }
}

/// Each problem response with an example of its own status and code (the schema's own example is
/// a 404, which Swagger UI would otherwise show under every status).
struct ProblemExamples;

fn problem_example(status: &str) -> Option<serde_json::Value> {
    let (code, title, detail) = match status {
        "400" => ("bad_request", "Bad Request", "bad parameters: limit"),
        "404" => (
            "not_found",
            "Not Found",
            "no municipality has the id or kommunkod `atlantis`",
        ),
        "416" => (
            "range_not_satisfiable",
            "Range Not Satisfiable",
            "the range lies outside the file",
        ),
        "501" => (
            "not_implemented",
            "Not Implemented",
            "only JSON is served; `format=xml` is not",
        ),
        "503" => (
            "unavailable",
            "Service Unavailable",
            "the database is not prepared yet",
        ),
        _ => return None,
    };
    let mut example = serde_json::json!({
        "type": format!("/problems/{}", code.replace('_', "-")),
        "title": title,
        "status": status.parse::<u16>().ok()?,
        "detail": detail,
        "code": code,
    });
    if status == "400" {
        example["errors"] = serde_json::json!([
            { "field": "limit", "message": "`0` is not a whole number from 1 to 500" }
        ]);
    }
    Some(example)
}

impl utoipa::Modify for ProblemExamples {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::RefOr;
        for item in openapi.paths.paths.values_mut() {
            let Some(get) = item.get.as_mut() else {
                continue;
            };
            for (status, response) in get.responses.responses.iter_mut() {
                let RefOr::T(response) = response else {
                    continue;
                };
                if let Some(content) = response.content.get_mut("application/problem+json") {
                    if content.example.is_none() {
                        content.example = problem_example(status);
                    }
                }
            }
        }
    }
}
