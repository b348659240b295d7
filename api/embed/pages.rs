//! Public pages people link to: `/municipalities/{id}` and `/pledges/{id}`, with oEmbed discovery
//! and the snippets to embed the widget.

use actix_web::{get, web, HttpRequest, HttpResponse};
use askama::Template;

use super::text::Text;
use super::view::Card;
use super::{html_ok, respond, Kind, Layout, Options};
use crate::domain::{Filter, MunicipalityKey};
use crate::http::problem::ApiError;
use crate::queries;
use crate::state::AppState;
use crate::views::types::period;
use crate::views::widget;

const PARAMS: &[&str] = &["lang", "theme"];

/// A record in a page's list: a title, its period in words, and where it leads.
pub struct Item {
    pub title: String,
    pub period: String,
    pub href: String,
}

/// How to embed a municipality's widget, and where oEmbed describes this page.
pub struct Embedding {
    pub iframe: String,
    pub component: String,
    pub oembed: String,
}

impl Embedding {
    fn new(base: &str, municipality_id: &str, name: &str, page: &str) -> Embedding {
        Embedding {
            iframe: super::oembed::iframe(
                base,
                municipality_id,
                &format!("{} – {name}", super::text::SV.pledge),
                None,
                480,
                640,
            ),
            component: format!(
                "<script src=\"{base}/widget.js\" defer></script>\n\
                 <openpledges-pledge municipality=\"{municipality_id}\" lang=\"sv\" theme=\"auto\"></openpledges-pledge>"
            ),
            oembed: format!(
                "{base}/oembed?url={}&format=json",
                percent(&format!("{base}{page}"))
            ),
        }
    }
}

/// Percent-encodes a URL for a query value.
fn percent(s: &str) -> String {
    serde_urlencoded::to_string([("", s)])
        .map(|q| q.trim_start_matches('=').to_owned())
        .unwrap_or_default()
}

#[derive(Template)]
#[template(path = "municipality.html")]
struct MunicipalityPage {
    layout: Layout,
    t: &'static Text,
    id: String,
    name: String,
    code: String,
    county: String,
    pledges: Vec<Item>,
    agreements: Vec<Item>,
    embedding: Embedding,
}

#[derive(Template)]
#[template(path = "pledge.html")]
struct PledgePage {
    layout: Layout,
    t: &'static Text,
    card: Card,
    compact: bool,
    detailed: bool,
    municipality_id: String,
    embedding: Embedding,
    statements: Vec<Said>,
    judgements: Vec<crate::domain::Inference>,
}

/// A statement as a pledge's page quotes it, with the source to follow.
pub struct Said {
    pub quote: String,
    pub speaker: String,
    pub role: String,
    pub source_title: String,
    pub source_url: Option<String>,
}

fn period_words(
    start: Option<chrono::NaiveDate>,
    end: Option<chrono::NaiveDate>,
    precision: Option<&str>,
    t: &Text,
) -> String {
    period(start, end, precision).map_or_else(|| t.undated.to_owned(), |p| p.to_string())
}

#[get("/municipalities/{id}")]
pub async fn municipality(
    req: HttpRequest,
    path: web::Path<String>,
    state: web::Data<AppState>,
) -> HttpResponse {
    let r = municipality_page(&req, path.into_inner(), &state).await;
    respond(&req, Kind::Page, r)
}

async fn municipality_page(
    req: &HttpRequest,
    raw: String,
    state: &AppState,
) -> Result<HttpResponse, ApiError> {
    let o = Options::parse(req.query_string(), PARAMS)?;
    let t = o.lang.text();
    let key = MunicipalityKey::parse(&raw).map_err(|e| ApiError::bad_param("id", e))?;
    let found = state
        .db
        .run(move |conn| {
            let Some(m) = queries::municipalities::get(conn, &key)? else {
                return Ok(None);
            };
            let filter = Filter {
                municipalities: vec![m.id.clone()],
                ..Filter::default()
            };
            let (pledges, _) =
                queries::pledges::list(conn, &filter, "period_start", true, None, 500)?;
            let (agreements, _) = queries::agreements::list(conn, &filter, "id", true, None, 500)?;
            Ok(Some((m, pledges, agreements)))
        })
        .await?;
    let Some((m, pledges, agreements)) = found else {
        return Err(ApiError::not_found(format!(
            "no municipality has the id or kommunkod `{raw}`"
        )));
    };
    let base = state.base_url(req);
    let page = MunicipalityPage {
        layout: Layout::new(&o, format!("{} – OpenPledges", m.name)),
        t,
        embedding: Embedding::new(&base, &m.id, &m.name, &format!("/municipalities/{}", m.id)),
        pledges: pledges
            .into_iter()
            .map(|p| Item {
                period: period_words(
                    p.period_start,
                    p.period_end,
                    p.period_precision.as_deref(),
                    t,
                ),
                href: format!("/pledges/{}", p.id),
                title: p.title,
            })
            .collect(),
        agreements: agreements
            .into_iter()
            .map(|a| Item {
                period: period_words(
                    a.period_start,
                    a.period_end,
                    a.period_precision.as_deref(),
                    t,
                ),
                href: format!("/v1/agreements/{}", a.id),
                title: a.title,
            })
            .collect(),
        id: m.id,
        name: m.name,
        code: m.code,
        county: m.county_name,
    };
    html_ok(req, Kind::Page, &page)
}

#[get("/pledges/{id}")]
pub async fn pledge(
    req: HttpRequest,
    path: web::Path<String>,
    state: web::Data<AppState>,
) -> HttpResponse {
    let r = pledge_page(&req, path.into_inner(), &state).await;
    respond(&req, Kind::Page, r)
}

async fn pledge_page(
    req: &HttpRequest,
    raw: String,
    state: &AppState,
) -> Result<HttpResponse, ApiError> {
    let o = Options::parse(req.query_string(), PARAMS)?;
    let t = o.lang.text();
    let id = crate::domain::Slug::parse(&raw).map_err(|e| ApiError::bad_param("id", e))?;
    let Some(w) = widget::load_pledge(&state.db, id.to_string()).await? else {
        return Err(ApiError::not_found(format!("no pledge has the id `{raw}`")));
    };
    let base = state.base_url(req);
    let mut card = Card::new(&w, t);
    // The page cites every source, of the focus areas and activities too; the widget the pledge's.
    card.sources = super::view::source_links(w.pledge.source_details.iter().flatten());
    // What people said about the pledge, its focus areas and its activities, in the records' order.
    let p = &w.pledge;
    let about: Vec<String> = std::iter::once(p.id.clone())
        .chain(p.focus_areas.iter().flatten().map(|f| f.id.clone()))
        .chain(p.activities.iter().flatten().map(|a| a.id.clone()))
        .collect();
    let filter = queries::statements::StatementFilter {
        about,
        ..Default::default()
    };
    let (rows, _) = state
        .db
        .run(move |conn| {
            Ok(queries::statements::list(
                conn, &filter, "about", false, None, 500,
            )?)
        })
        .await?;
    let sources = p.source_details.iter().flatten();
    let statements = rows
        .into_iter()
        .map(|r| {
            let source = sources.clone().find(|s| s.id == r.source_id);
            Said {
                quote: r.quote,
                speaker: r.person_name,
                role: r.role,
                source_title: source.map_or(r.source_id.clone(), |s| s.title.clone()),
                source_url: source.and_then(|s| s.url.clone()),
            }
        })
        .collect();
    let page = PledgePage {
        statements,
        judgements: p.inferred.clone(),
        layout: Layout::new(&o, format!("{} – OpenPledges", card.title)),
        t,
        embedding: Embedding::new(&base, &w.municipality.id, &w.municipality.name, &w.page),
        municipality_id: w.municipality.id.clone(),
        card,
        compact: false,
        detailed: true,
    };
    html_ok(req, Kind::Page, &page)
}
