//! Pages for people: the widget's iframe page, the web component's script, the public pages of
//! municipalities and pledges, and oEmbed. HTML from askama templates; data from the same
//! loader as `GET /v1/municipalities/{id}/pledge`.

pub mod assets;
pub mod iframe;
pub mod oembed;
pub mod pages;
pub mod text;
pub mod view;

use actix_web::http::header::{self, HeaderValue};
use actix_web::{web, HttpRequest, HttpResponse};
use askama::Template;

use crate::http::params::Params;
use crate::http::problem::ApiError;
use text::{Lang, Text};

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(assets::widget_js)
        .service(assets::css)
        .service(iframe::embed)
        .service(pages::municipality)
        .service(pages::pledge)
        .service(oembed::oembed);
}

/// Paths served as HTML pages: their errors are HTML pages too.
pub const PAGE_PREFIXES: &[&str] = &["/embed/", "/municipalities/", "/pledges/"];

/// Path patterns of this module, for the 405 logic in `app::fallback`.
pub const KNOWN_PATHS: &[&str] = &[
    "/embed/{municipality}",
    "/municipalities/{id}",
    "/pledges/{id}",
    "/widget.js",
    "/assets/embed.css",
    "/oembed",
];

/// Nothing but our own stylesheet; embeddable from any site.
const EMBED_CSP: &str = "default-src 'none'; style-src 'self'; img-src 'self' data:; \
                         base-uri 'none'; form-action 'none'; frame-ancestors *";
/// The public pages: the same, but framed only by this origin.
const PAGE_CSP: &str = "default-src 'none'; style-src 'self'; img-src 'self' data:; \
                        base-uri 'none'; form-action 'none'; frame-ancestors 'self'";

/// `theme=light|dark|auto`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Theme {
    Light,
    Dark,
    #[default]
    Auto,
}

impl Theme {
    fn parse(s: &str) -> Result<Theme, String> {
        match s {
            "light" => Ok(Theme::Light),
            "dark" => Ok(Theme::Dark),
            "auto" => Ok(Theme::Auto),
            _ => Err(format!("`{s}` is not a theme; use light, dark or auto")),
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Theme::Light => "light",
            Theme::Dark => "dark",
            Theme::Auto => "auto",
        }
    }
}

/// The display parameters of a page.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    pub lang: Lang,
    pub theme: Theme,
    pub compact: bool,
}

impl Options {
    /// Parses `lang`, `theme` and, where `allowed` has it, `compact`; anything else is a 400.
    pub fn parse(query: &str, allowed: &[&str]) -> Result<Options, ApiError> {
        let params = Params::parse(query, allowed)?;
        let mut o = Options::default();
        if let Some(v) = params.get("lang") {
            o.lang = Lang::parse(v).map_err(|e| ApiError::bad_param("lang", e))?;
        }
        if let Some(v) = params.get("theme") {
            o.theme = Theme::parse(v).map_err(|e| ApiError::bad_param("theme", e))?;
        }
        if let Some(v) = params.get("compact") {
            o.compact = match v {
                "true" => true,
                "false" => false,
                _ => {
                    return Err(ApiError::bad_param(
                        "compact",
                        format!("`{v}` is not a boolean; use true or false"),
                    ))
                }
            };
        }
        Ok(o)
    }

    /// The options that differ from the defaults, as a query string.
    pub fn query(&self) -> String {
        let mut q = Vec::new();
        if self.lang != Lang::default() {
            q.push(format!("lang={}", self.lang.code()));
        }
        if self.theme != Theme::default() {
            q.push(format!("theme={}", self.theme.as_str()));
        }
        if self.compact {
            q.push("compact=true".to_owned());
        }
        q.join("&")
    }

    /// The language asked for, even when another parameter is wrong: for the error page.
    pub fn lang_of(query: &str) -> Lang {
        serde_urlencoded::from_str::<Vec<(String, String)>>(query)
            .ok()
            .and_then(|pairs| {
                pairs
                    .into_iter()
                    .find(|(k, _)| k == "lang")
                    .and_then(|(_, v)| Lang::parse(&v).ok())
            })
            .unwrap_or_default()
    }
}

/// What every page template shows around its content.
pub struct Layout {
    pub lang: &'static str,
    pub theme: &'static str,
    pub title: String,
}

impl Layout {
    pub fn new(o: &Options, title: impl Into<String>) -> Layout {
        Layout {
            lang: o.lang.code(),
            theme: o.theme.as_str(),
            title: title.into(),
        }
    }
}

/// Which page kind a response is, for its Content-Security-Policy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Meant for an iframe on any site.
    Embed,
    /// A page of this site.
    Page,
}

fn secure(res: &mut HttpResponse, kind: Kind) {
    let csp = match kind {
        Kind::Embed => EMBED_CSP,
        Kind::Page => PAGE_CSP,
    };
    let h = res.headers_mut();
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(csp),
    );
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("strict-origin-when-cross-origin"),
    );
}

/// A 200 page with a strong ETag (or a 304), caching and the page's security headers.
pub fn html_ok(
    req: &HttpRequest,
    kind: Kind,
    page: &impl Template,
) -> Result<HttpResponse, ApiError> {
    let body = page.render().map_err(ApiError::internal)?;
    let mut res = crate::http::respond::cached(req, "text/html; charset=utf-8", body.into_bytes());
    secure(&mut res, kind);
    Ok(res)
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage<'a> {
    layout: Layout,
    t: &'static Text,
    heading: &'a str,
    help: &'a str,
    details: Vec<String>,
}

/// An error as a readable page in the asked language (never problem+json: people read it).
pub fn error_page(req: &HttpRequest, kind: Kind, err: &ApiError) -> HttpResponse {
    let lang = Options::lang_of(req.query_string());
    let t = lang.text();
    let status = actix_web::ResponseError::status_code(err);
    let (heading, help, details) = match err {
        ApiError::BadRequest { detail, errors } => (
            t.bad_request,
            t.bad_request_help,
            if errors.is_empty() {
                vec![detail.clone()]
            } else {
                errors
                    .iter()
                    .map(|e| format!("{}: {}", e.field, e.message))
                    .collect()
            },
        ),
        ApiError::NotFound(d) | ApiError::NotFoundAs { detail: d, .. } => {
            (t.not_found, t.not_found_help, vec![d.clone()])
        }
        other => {
            // Its problem response logs the details; the page says only what a reader can use.
            let _ = actix_web::ResponseError::error_response(other);
            let reason = status.canonical_reason().unwrap_or("Error");
            (reason, reason, vec![])
        }
    };
    let page = ErrorPage {
        layout: Layout {
            lang: lang.code(),
            theme: "auto",
            title: format!("{heading} – OpenPledges"),
        },
        t,
        heading,
        help,
        details,
    };
    let body = page
        .render()
        .unwrap_or_else(|_| format!("<!DOCTYPE html><title>{heading}</title><h1>{heading}</h1>"));
    let mut res = HttpResponse::build(status)
        .content_type("text/html; charset=utf-8")
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .body(body);
    secure(&mut res, kind);
    res
}

/// A page handler's result as a response: errors become HTML pages.
pub fn respond(req: &HttpRequest, kind: Kind, r: Result<HttpResponse, ApiError>) -> HttpResponse {
    r.unwrap_or_else(|e| error_page(req, kind, &e))
}

/// Whether `path` is an HTML page of this module (its errors are pages, not problems).
pub fn is_page(path: &str) -> bool {
    PAGE_PREFIXES.iter().any(|p| path.starts_with(p))
}

/// The 404 page `app::fallback` answers for page paths no route matched.
pub fn not_found(req: &HttpRequest) -> HttpResponse {
    let err = ApiError::not_found(format!("no page at {}", req.path()));
    error_page(req, Kind::Page, &err)
}
