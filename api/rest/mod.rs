//! The REST interface under `/v1`: thin handlers over `queries`, one module per resource.

pub mod activities;
pub mod agreements;
pub mod changes;
pub mod compare;
pub mod dcat;
pub mod events;
pub mod exports;
pub mod feeds;
pub mod focus_areas;
pub mod health;
pub mod index;
pub mod meta;
pub mod municipalities;
pub mod openapi;
pub mod people;
pub mod pledges;
pub mod search;
pub mod sources;
pub mod statements;
pub mod themes;
pub mod widget;

use actix_web::http::header;
use actix_web::{web, HttpRequest, HttpResponse};
use serde::Serialize;
use utoipa::ToSchema;

// Shared with the other doors, which sit below `rest`; the old paths keep working.
pub use crate::http::respond::{cached, etag_matches, json_ok, revalidated, CACHE_CONTROL};
pub use crate::http::{csv, params, problem};
pub use crate::views::types;

use csv::CsvRecord;
use params::{Format, Params};
use problem::ApiError;

/// Every REST route. Add a resource here and in `openapi.rs`.
pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(health::healthz)
        .service(health::readyz)
        .service(index::index)
        .service(index::index_slash)
        .service(index::problem_type)
        .service(municipalities::list)
        .service(municipalities::get)
        .service(widget::get)
        .service(pledges::list)
        .service(pledges::get)
        .service(themes::list)
        .service(themes::get)
        .service(sources::list)
        .service(sources::get)
        .service(statements::list)
        .service(statements::get)
        .service(people::list)
        .service(people::get)
        .service(events::list)
        .service(events::get)
        .service(search::search)
        .service(compare::compare)
        .service(meta::meta)
        .service(dcat::dcat)
        .service(agreements::list)
        .service(agreements::get)
        .service(focus_areas::list)
        .service(focus_areas::get)
        .service(focus_areas::get_escaped)
        .service(activities::list)
        // Before `{parent}/{child}`, which `<escaped id>/history` would also match.
        .service(activities::history_escaped)
        .service(activities::history)
        .service(activities::get)
        .service(activities::get_escaped)
        .service(changes::list)
        .service(feeds::all)
        .service(feeds::municipality)
        .service(exports::listing)
        .service(exports::listing_bare)
        .service(exports::file);
}

/// Path patterns that exist (for any method): a request to one with the wrong method is a 405, not a 404.
pub const KNOWN_PATHS: &[&str] = &[
    "/v1",
    "/v1/",
    "/problems/{type}",
    "/healthz",
    "/readyz",
    "/openapi.json",
    "/docs",
    "/docs/{file:.*}",
    "/v1/municipalities",
    "/v1/municipalities/{id}",
    "/v1/municipalities/{id}/pledge",
    "/v1/pledges",
    "/v1/pledges/{id}",
    "/v1/themes",
    "/v1/themes/{code}",
    "/v1/sources",
    "/v1/sources/{id}",
    "/v1/people",
    "/v1/people/{id}",
    "/v1/events",
    "/v1/events/{id}",
    "/v1/statements",
    "/v1/statements/{id}",
    "/v1/search",
    "/v1/compare",
    "/v1/meta",
    "/dcat.jsonld",
    "/v1/agreements",
    "/v1/agreements/{id}",
    "/v1/focus-areas",
    "/v1/focus-areas/{id}",
    "/v1/focus-areas/{parent}/{child}",
    "/v1/activities",
    "/v1/activities/{id}",
    "/v1/activities/{parent}/{child}",
    "/v1/activities/{id}/history",
    "/v1/activities/{parent}/{child}/history",
    "/v1/changes",
    "/feed.atom",
    "/v1/municipalities/{id}/feed.atom",
    "/v1/exports",
    "/v1/exports/",
    "/v1/exports/{file}",
];

/// A page of a collection.
#[derive(Debug, Serialize, ToSchema)]
pub struct List<T> {
    pub data: Vec<T>,
    /// How many records match, over all pages.
    pub total: i64,
    /// Pass as `cursor` for the next page; null on the last page.
    pub next_cursor: Option<String>,
    /// Only in `/v1/search`, and only when a word of `q` is in none of the records: `q` with such
    /// words replaced by the most similar words of the data ("did you mean").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub suggestion: Option<String>,
}

/// A list request's parameters, parsed and checked the same way for every collection.
pub struct ListRequest {
    pub params: Params,
    pub filter: crate::domain::Filter,
    pub page: params::Page,
    pub format: Format,
    pub include: params::Include,
}

impl ListRequest {
    /// Strict parameters, the filter, the page, the format, and `include` (refused with CSV,
    /// whose rows are flat). Whether the filter's values name something is checked by [`known`]
    /// in the request's own work on the database.
    pub fn parse(
        req: &HttpRequest,
        filters: &[&str],
        includes: &[&str],
        sorts: &[&'static str],
    ) -> Result<ListRequest, ApiError> {
        let params = Params::parse_list(req.query_string(), filters, includes)?;
        let filter = params.filter()?;
        let page = params::Page::from_params(&params, sorts)?;
        let format = params.format(
            req.headers()
                .get(header::ACCEPT)
                .and_then(|v| v.to_str().ok()),
        )?;
        let include = params.include(includes)?;
        if include != params::Include::default() && format != Format::Json {
            return Err(ApiError::bad_param(
                "include",
                "not available with CSV; CSV rows are flat",
            ));
        }
        Ok(ListRequest {
            params,
            filter,
            page,
            format,
            include,
        })
    }
}

/// Refuses theme codes and municipalities that name nothing, so a typo is a 400, not an empty list.
/// Lists run it first in their own work on the database: one connection and one trip to the
/// blocking threads per request instead of two.
pub fn known(conn: &mut diesel::PgConnection, f: &crate::domain::Filter) -> Result<(), ApiError> {
    if f.themes.is_empty() && f.municipalities.is_empty() {
        return Ok(());
    }
    let bad_themes = crate::queries::known::unknown_themes(conn, &f.themes)?;
    let bad_municipalities =
        crate::queries::known::unknown_municipalities(conn, &f.municipalities)?;
    let mut errors = Vec::new();
    for t in bad_themes {
        errors.push(problem::FieldError {
            field: "theme".into(),
            message: format!("`{t}` is not a theme code; see /v1/themes"),
        });
    }
    for m in bad_municipalities {
        errors.push(problem::FieldError {
            field: "municipality".into(),
            message: format!("`{m}` is no municipality id or kommunkod; see /v1/municipalities"),
        });
    }
    if errors.is_empty() {
        return Ok(());
    }
    Err(params::bad_request(errors))
}

/// [`known`] on a connection of its own, for requests that check before their work.
pub async fn check_known(db: &crate::db::Db, f: &crate::domain::Filter) -> Result<(), ApiError> {
    if f.themes.is_empty() && f.municipalities.is_empty() {
        return Ok(());
    }
    let f = f.clone();
    db.run(move |conn| known(conn, &f)).await
}

/// A page as JSON or CSV, with an RFC 8288 `Link` header to the next page.
pub fn list_ok<T: Serialize + CsvRecord>(
    req: &HttpRequest,
    params: &Params,
    format: Format,
    list: List<T>,
    name: &str,
) -> Result<HttpResponse, ApiError> {
    let link = list.next_cursor.as_ref().map(|c| {
        format!(
            "<{}?{}>; rel=\"next\"",
            req.path(),
            params.with("cursor", c)
        )
    });
    let mut res = match format {
        Format::Json => json_ok(req, &list)?,
        Format::Csv { excel } => {
            let bytes = csv::write(&list.data, excel).map_err(ApiError::internal)?;
            let mut res = cached(req, "text/csv; charset=utf-8", bytes);
            let disposition = format!("inline; filename=\"{name}.csv\"");
            if let Ok(v) = header::HeaderValue::from_str(&disposition) {
                res.headers_mut().insert(header::CONTENT_DISPOSITION, v);
            }
            if let Ok(v) = header::HeaderValue::from_str(&list.total.to_string()) {
                res.headers_mut()
                    .insert(header::HeaderName::from_static("x-total-count"), v);
            }
            res
        }
    };
    if let Some(link) = link {
        if let Ok(v) = header::HeaderValue::from_str(&link) {
            res.headers_mut().insert(header::LINK, v);
        }
    }
    Ok(res)
}
