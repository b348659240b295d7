//! `/dcat.jsonld`: the catalogue of the dataset in DCAT-AP, following the Swedish profile DCAT-AP-SE
//! (<https://docs.dataportal.se/dcat/en/>), so that Sveriges dataportal can harvest it.
//!
//! Every node is written with prefixed property names, typed literals and `@id` references, so
//! the document reads the same with or without the context's term definitions.

use actix_web::{get, web, HttpRequest, HttpResponse};
use chrono::NaiveDate;
use serde_json::{json, Value};

use super::params::Params;
use super::problem::{ApiError, Problem};
use crate::exports;
use crate::queries::dcat::{self as q, CoverageRow};
use crate::queries::meta::VersionRow;
use crate::state::AppState;

pub const MEDIA_TYPE: &str = "application/ld+json";

/// The canonical IRI of the licence (CC0 1.0), as DCAT-AP-SE's examples write it.
const LICENCE: &str = "http://creativecommons.org/publicdomain/zero/1.0/";
const EU: &str = "http://publications.europa.eu/resource/authority";
const IANA: &str = "http://www.iana.org/assignments/media-types";

/// One downloadable file.
struct Download {
    /// Path under the service's base URL.
    path: String,
    /// In English, as the exports listing names it.
    title: String,
    /// Code in the EU file-type vocabulary.
    file_type: &'static str,
    /// IANA media type, where one is registered.
    media_type: Option<String>,
}

/// Every file of the bulk exports (`exports::catalog()`, as `/v1/exports/` lists them), and each CSV
/// again in the Excel dialect.
fn downloads() -> Vec<Download> {
    let mut out = Vec::new();
    for f in exports::catalog() {
        let file_type = match f.format.as_str() {
            "csv" => "CSV",
            "xlsx" => "XLSX",
            "zip" => "ZIP",
            // NDJSON has no entry of its own: its lines are JSON.
            _ => "JSON",
        };
        // `x-` types (NDJSON's) are not registered with IANA.
        let media_type = (!f.media_type.contains("/x-")).then(|| f.media_type.clone());
        if f.format == "csv" {
            out.push(Download {
                path: format!("{}?excel=true", f.path),
                title: format!("{}, for Excel (BOM and semicolons)", f.title),
                file_type,
                media_type: media_type.clone(),
            });
        }
        out.push(Download {
            path: f.path,
            title: f.title,
            file_type,
            media_type,
        });
    }
    out
}

fn text(sv: &str, en: &str) -> Value {
    json!([{"@value": sv, "@language": "sv"}, {"@value": en, "@language": "en"}])
}

fn iri(s: impl Into<String>) -> Value {
    json!({ "@id": s.into() })
}

fn date(d: NaiveDate) -> Value {
    json!({"@value": d.format("%Y-%m-%d").to_string(), "@type": "xsd:date"})
}

/// Adds `key: value` to a node when there is a value.
fn set(node: &mut Value, key: &str, value: Option<Value>) {
    if let (Some(v), Some(map)) = (value, node.as_object_mut()) {
        map.insert(key.to_owned(), v);
    }
}

/// The whole catalogue, with absolute links under `base`.
pub fn document(base: &str, version: Option<&VersionRow>, c: &CoverageRow) -> Value {
    let id = |frag: &str| format!("{base}/dcat.jsonld#{frag}");
    let licence = iri(LICENCE);
    let modified = version.map(|v| date(v.released_on));
    let publisher = json!({
        "@id": id("publisher"),
        "@type": "foaf:Agent",
        "foaf:name": text("OpenPledges", "OpenPledges"),
        "foaf:homepage": iri(format!("{base}/docs/")),
    });
    let contact = json!({
        "@id": id("contact"),
        "@type": "vcard:Organization",
        "vcard:fn": "OpenPledges",
        "vcard:hasURL": iri(format!("{base}/docs/")),
    });
    let api = json!({
        "@id": id("api"),
        "@type": "dcat:DataService",
        "dct:title": text("OpenPledges REST-API", "OpenPledges REST API"),
        "dct:description": text(
            "Läs-API med filter, sökning, jämförelser och statusen på ett givet datum (as_of); beskrivet i OpenAPI 3.1.",
            "Read API with filters, search, comparisons and the status on a given day (as_of); described in OpenAPI 3.1.",
        ),
        "dcat:endpointURL": iri(format!("{base}/v1")),
        "dcat:endpointDescription": iri(format!("{base}/openapi.json")),
        "dct:license": licence,
        "dct:accessRights": iri(format!("{EU}/access-right/PUBLIC")),
        "dct:publisher": iri(id("publisher")),
        "dcat:contactPoint": iri(id("contact")),
    });
    let mut distributions = vec![json!({
        "@id": id("distribution-api"),
        "@type": "dcat:Distribution",
        "dct:title": text("REST-API (JSON och CSV)", "REST API (JSON and CSV)"),
        "dcat:accessURL": iri(format!("{base}/docs/")),
        "dcat:accessService": iri(id("api")),
        "dct:format": iri(format!("{EU}/file-type/JSON")),
        "dcat:mediaType": iri(format!("{IANA}/application/json")),
        "dct:license": licence,
    })];
    for d in downloads() {
        let url = format!("{base}{}", d.path);
        let mut node = json!({
            "@id": id(&format!("distribution{}", d.path.replace(['/', '?', '='], "-"))),
            "@type": "dcat:Distribution",
            "dct:title": {"@value": d.title, "@language": "en"},
            "dcat:accessURL": iri(url.clone()),
            "dcat:downloadURL": iri(url),
            "dct:format": iri(format!("{EU}/file-type/{}", d.file_type)),
            "dct:license": licence,
        });
        set(
            &mut node,
            "dcat:mediaType",
            d.media_type.map(|m| iri(format!("{IANA}/{m}"))),
        );
        set(&mut node, "dct:modified", modified.clone());
        distributions.push(node);
    }
    let mut temporal = json!({"@type": "dct:PeriodOfTime"});
    set(&mut temporal, "dcat:startDate", c.period_start.map(date));
    set(&mut temporal, "dcat:endDate", c.period_end.map(date));
    let mut places = vec![iri(format!("{EU}/country/SWE"))];
    let mut municipalities = Vec::new();
    for m in &c.municipalities {
        let mut parts = m.splitn(3, '|');
        let (Some(slug), Some(code), Some(name)) = (parts.next(), parts.next(), parts.next())
        else {
            continue;
        };
        let place = format!("{base}/v1/municipalities/{code}");
        places.push(iri(place.clone()));
        municipalities.push(json!({
            "@id": place,
            "@type": "dct:Location",
            "skos:prefLabel": {"@value": name, "@language": "sv"},
            "dct:identifier": code,
            "rdfs:seeAlso": iri(format!("{base}/v1/municipalities/{slug}")),
        }));
    }
    let mut keywords = vec![
        json!({"@value": "medborgarlöften", "@language": "sv"}),
        json!({"@value": "samverkansöverenskommelser", "@language": "sv"}),
        json!({"@value": "brottsförebyggande arbete", "@language": "sv"}),
        json!({"@value": "polisen", "@language": "sv"}),
        json!({"@value": "kommuner", "@language": "sv"}),
        json!({"@value": "citizen pledges", "@language": "en"}),
        json!({"@value": "crime prevention", "@language": "en"}),
        json!({"@value": "police", "@language": "en"}),
        json!({"@value": "municipalities", "@language": "en"}),
    ];
    for t in &c.themes {
        if let Some((sv, en)) = t.split_once('|') {
            keywords.push(json!({"@value": sv, "@language": "sv"}));
            keywords.push(json!({"@value": en, "@language": "en"}));
        }
    }
    let mut dataset = json!({
        "@id": id("dataset"),
        "@type": "dcat:Dataset",
        "dct:title": text(
            "Medborgarlöften och samverkansöverenskommelser mellan kommuner och polisen",
            "Citizen pledges and cooperation agreements between Swedish municipalities and the police",
        ),
        "dct:description": text(
            "Kommunernas och polisens samverkansöverenskommelser och medborgarlöften, med fokusområden, aktiviteter och aktiviteternas status över tid. Varje uppgift hänvisar till den källa den kommer från. Kommunerna identifieras med SCB:s kommunkod.",
            "The cooperation agreements and citizen pledges (medborgarlöften) of Swedish municipalities and the police, with their focus areas, activities and the activities' status over time. Every fact cites the source it comes from. Municipalities are identified by their official SCB kommunkod.",
        ),
        "dct:publisher": iri(id("publisher")),
        "dcat:contactPoint": iri(id("contact")),
        "dcat:theme": [iri(format!("{EU}/data-theme/JUST")), iri(format!("{EU}/data-theme/GOVE"))],
        "dcat:keyword": keywords,
        "dct:language": iri(format!("{EU}/language/SWE")),
        "dct:spatial": places,
        "dct:temporal": temporal,
        "dct:accrualPeriodicity": iri(format!("{EU}/frequency/IRREG")),
        "dct:license": licence,
        "dct:accessRights": iri(format!("{EU}/access-right/PUBLIC")),
        "dcat:landingPage": iri(format!("{base}/docs/")),
        "dcat:distribution": distributions.iter().map(|d| iri(d["@id"].as_str().unwrap_or_default())).collect::<Vec<_>>(),
    });
    set(&mut dataset, "dct:issued", c.first_released_on.map(date));
    set(&mut dataset, "dct:modified", modified.clone());
    set(
        &mut dataset,
        "dcat:version",
        version.map(|v| Value::String(v.version.clone())),
    );
    let mut catalog = json!({
        "@id": id("catalog"),
        "@type": "dcat:Catalog",
        "dct:title": text("OpenPledges", "OpenPledges"),
        "dct:description": text(
            "Öppna data om medborgarlöften och samverkansöverenskommelser mellan kommuner och polisen, med källor.",
            "Open data on citizen pledges and cooperation agreements between Swedish municipalities and the police, with sources.",
        ),
        "dct:publisher": iri(id("publisher")),
        "dct:license": licence,
        "foaf:homepage": iri(format!("{base}/docs/")),
        "dct:language": [iri(format!("{EU}/language/SWE")), iri(format!("{EU}/language/ENG"))],
        "dcat:themeTaxonomy": iri(format!("{EU}/data-theme")),
        "dcat:dataset": iri(id("dataset")),
        "dcat:service": iri(id("api")),
    });
    set(&mut catalog, "dct:issued", c.first_released_on.map(date));
    set(&mut catalog, "dct:modified", modified);
    let mut graph = vec![catalog, dataset, publisher, contact, api];
    graph.extend(distributions);
    graph.extend(municipalities);
    json!({
        "@context": {
            "dcat": "http://www.w3.org/ns/dcat#",
            "dct": "http://purl.org/dc/terms/",
            "foaf": "http://xmlns.com/foaf/0.1/",
            "vcard": "http://www.w3.org/2006/vcard/ns#",
            "skos": "http://www.w3.org/2004/02/skos/core#",
            "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
            "xsd": "http://www.w3.org/2001/XMLSchema#",
        },
        "@graph": graph,
    })
}

/// The catalogue of the dataset in DCAT-AP (DCAT-AP-SE), as JSON-LD.
///
/// A `dcat:Catalog` with one `dcat:Dataset` (publisher, contact point, EU data themes, keywords,
/// temporal and spatial coverage, licence CC0-1.0), a `dcat:Distribution` per export file and one
/// for the REST API (a `dcat:DataService`). Links are absolute, under `OPENPLEDGES_PUBLIC_URL`
/// (else the request's origin).
#[utoipa::path(
    tag = "meta",
    operation_id = "getDcatCatalog",
    responses(
        (status = 200, description = "The catalogue as JSON-LD.", body = Object, content_type = "application/ld+json"),
        (status = 304, description = "Not modified (`If-None-Match`)."),
        (status = 400, description = "A query parameter was given; this endpoint takes none.", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "Database unavailable.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/dcat.jsonld")]
pub async fn dcat(req: HttpRequest, state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    Params::parse(req.query_string(), &[])?;
    let (version, coverage) = state.db.run(|conn| Ok(q::facts(conn)?)).await?;
    let doc = document(&state.base_url(&req), version.as_ref(), &coverage);
    let bytes = serde_json::to_vec(&doc).map_err(ApiError::internal)?;
    Ok(super::cached(&req, MEDIA_TYPE, bytes))
}
