//! `GET /oembed`: oEmbed 1.0 (`type: rich`) for the public pages and the iframe pages, so a
//! content system turns a pasted link into the widget.

use actix_web::http::{header, StatusCode};
use actix_web::{get, web, HttpRequest, HttpResponse};
use serde::Serialize;
use utoipa::ToSchema;

use super::{iframe, Options};
use crate::domain::{MunicipalityKey, Slug};
use crate::http::params::Params;
use crate::http::problem::{ApiError, Problem};
use crate::http::respond::json_ok;
use crate::state::AppState;
use crate::views::widget::{self, Found};

/// Width of the iframe when the consumer sets no `maxwidth`.
const WIDTH: u32 = 480;
const MAX_SIZE: u32 = 10_000;
/// Seconds a consumer may keep the answer.
const CACHE_AGE: u32 = 86_400;

/// An oEmbed 1.0 response of type `rich`.
#[derive(Debug, Serialize, ToSchema)]
pub struct OEmbed {
    /// Always `rich`.
    #[serde(rename = "type")]
    #[schema(example = "rich")]
    pub kind: &'static str,
    /// Always `1.0`.
    #[schema(example = "1.0")]
    pub version: &'static str,
    /// The `<iframe>` to put in the page.
    pub html: String,
    /// Pixels; no more than `maxwidth`.
    pub width: u32,
    /// Pixels; no more than `maxheight`.
    pub height: u32,
    #[schema(example = "Medborgarlöfte för Sölvesborgs kommun 2022-2023")]
    pub title: String,
    #[schema(example = "OpenPledges")]
    pub provider_name: &'static str,
    pub provider_url: String,
    /// Seconds the consumer may cache this answer.
    pub cache_age: u32,
}

/// An `<iframe>` of the widget page of a municipality; `query` carries display options.
pub fn iframe(
    base: &str,
    municipality_id: &str,
    title: &str,
    query: Option<&str>,
    width: u32,
    height: u32,
) -> String {
    let src = match query {
        Some(q) if !q.is_empty() => format!("{base}/embed/{municipality_id}?{q}"),
        _ => format!("{base}/embed/{municipality_id}"),
    };
    format!(
        "<iframe src=\"{}\" title=\"{}\" width=\"{width}\" height=\"{height}\" loading=\"lazy\" \
         style=\"border:0;max-width:100%\"></iframe>",
        attr(&src),
        attr(title)
    )
}

/// Escapes text for a double-quoted HTML attribute.
fn attr(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// What a URL of this service names.
enum Target {
    Municipality(MunicipalityKey, Option<String>),
    Pledge(Slug),
}

/// Reads a URL of this service (absolute on `base`, or a path): `/embed/{m}` (its display
/// parameters kept), `/municipalities/{m}` or `/pledges/{id}`. None for anything else.
fn target(url: &str, base: &str) -> Option<Target> {
    let rest = match url.strip_prefix(base) {
        Some(r) if r.starts_with('/') => r,
        _ if url.starts_with('/') && !url.starts_with("//") => url,
        _ => return None,
    };
    let rest = rest.split('#').next().unwrap_or_default();
    let (path, query) = rest.split_once('?').unwrap_or((rest, ""));
    let mut parts = path.trim_start_matches('/').split('/');
    let (kind, id) = (parts.next()?, parts.next()?);
    if parts.next().is_some() {
        return None;
    }
    match kind {
        "embed" => {
            let o = Options::parse(query, iframe::PARAMS).ok()?;
            Some(Target::Municipality(
                MunicipalityKey::parse(id).ok()?,
                Some(o.query()),
            ))
        }
        "municipalities" => Some(Target::Municipality(MunicipalityKey::parse(id).ok()?, None)),
        "pledges" => Some(Target::Pledge(Slug::parse(id).ok()?)),
        _ => None,
    }
}

fn size(params: &Params, name: &str) -> Result<Option<u32>, ApiError> {
    let Some(v) = params.get(name) else {
        return Ok(None);
    };
    match v.parse::<u32>() {
        Ok(n) if (1..=MAX_SIZE).contains(&n) && !v.starts_with('+') => Ok(Some(n)),
        _ => Err(ApiError::bad_param(
            name,
            format!("`{v}` is not a whole number of pixels from 1 to {MAX_SIZE}"),
        )),
    }
}

/// How tall the widget is, roughly, for so many focus areas and activities.
fn natural_height(focus_areas: usize, activities: usize) -> u32 {
    let h = 260 + 70 * focus_areas + 44 * activities;
    u32::try_from(h).unwrap_or(u32::MAX).clamp(240, 1600)
}

fn not_implemented(detail: &str) -> HttpResponse {
    let problem = Problem {
        kind: "/problems/not-implemented".into(),
        title: "Not Implemented".into(),
        status: 501,
        detail: detail.into(),
        code: "not_implemented".into(),
        errors: vec![],
    };
    HttpResponse::build(StatusCode::NOT_IMPLEMENTED)
        .insert_header((header::CONTENT_TYPE, "application/problem+json"))
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .body(serde_json::to_string(&problem).unwrap_or_default())
}

/// oEmbed for a public page or widget page of this service.
#[utoipa::path(
    operation_id = "getOembed",
    tag = "widget",
    params(
        ("url" = String, Query, description = "A page of this service: `/pledges/{id}`, `/municipalities/{id}` or `/embed/{municipality}`, absolute (on the service's public URL) or as a path.", example = "/pledges/solvesborg-2022-2023"),
        ("maxwidth" = Option<u32>, Query, description = "The widest the iframe may be, in pixels.", minimum = 1, maximum = 10000, example = 400),
        ("maxheight" = Option<u32>, Query, description = "The tallest the iframe may be, in pixels.", minimum = 1, maximum = 10000, example = 600),
        ("format" = Option<String>, Query, description = "`json` (default); `xml` is answered 501, as oEmbed 1.0 allows.", example = "json"),
    ),
    responses(
        (status = 200, description = "An oEmbed 1.0 `rich` response.", body = OEmbed),
        (status = 304, description = "Not modified (`If-None-Match`)."),
        (status = 400, description = "Unknown parameter, a missing `url` or a bad value.", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "The URL names no page of this service, or an unknown municipality or pledge.", body = Problem, content_type = "application/problem+json"),
        (status = 501, description = "`format=xml`: only JSON is served.", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "Database unavailable.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/oembed")]
pub async fn oembed(
    req: HttpRequest,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let params = Params::parse(
        req.query_string(),
        &["url", "maxwidth", "maxheight", "format"],
    )?;
    match params.get("format") {
        None | Some("json") => {}
        Some("xml") => return Ok(not_implemented("only format=json is served")),
        Some(other) => {
            return Err(ApiError::bad_param(
                "format",
                format!("`{other}` is not a format; use json"),
            ))
        }
    }
    let url = params.get("url").unwrap_or_default().trim();
    if url.is_empty() {
        return Err(ApiError::bad_param(
            "url",
            "required: the URL of a page of this service",
        ));
    }
    let (maxwidth, maxheight) = (size(&params, "maxwidth")?, size(&params, "maxheight")?);
    let base = state.base_url(&req);
    let foreign = || ApiError::not_found(format!("`{url}` is no page of this service ({base})"));
    let (key, query) = match target(url, &base).ok_or_else(foreign)? {
        Target::Municipality(key, query) => (key, query),
        Target::Pledge(id) => {
            let Some(p) = widget::load_pledge(&state.db, id.to_string()).await? else {
                return Err(ApiError::not_found(format!("no pledge has the id `{id}`")));
            };
            (
                MunicipalityKey::Slug(Slug::parse(&p.municipality.id).map_err(ApiError::internal)?),
                None,
            )
        }
    };
    let Some(found) = widget::load(&state.db, key).await? else {
        return Err(ApiError::not_found(format!(
            "`{url}` names no municipality"
        )));
    };
    let (id, title, natural) = match found {
        Found::Pledge(w) => (
            w.municipality.id.clone(),
            w.pledge.title.clone(),
            natural_height(
                w.pledge.focus_areas.as_ref().map_or(0, Vec::len),
                w.pledge.activities.as_ref().map_or(0, Vec::len),
            ),
        ),
        Found::NoPledge { municipality, .. } => (
            municipality.id,
            format!("{} – {}", municipality.name, super::text::SV.no_pledge),
            natural_height(0, 0),
        ),
    };
    let width = maxwidth.map_or(WIDTH, |m| m.min(WIDTH));
    let height = maxheight.map_or(natural, |m| m.min(natural));
    let body = OEmbed {
        kind: "rich",
        version: "1.0",
        html: iframe(&base, &id, &title, query.as_deref(), width, height),
        width,
        height,
        title,
        provider_name: "OpenPledges",
        provider_url: format!("{base}/"),
        cache_age: CACHE_AGE,
    };
    json_ok(&req, &body)
}
