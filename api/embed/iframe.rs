//! `GET /embed/{municipality}`: the widget as a page for an `<iframe>`.

use actix_web::{get, web, HttpRequest, HttpResponse};
use askama::Template;

use super::text::Text;
use super::view::Card;
use super::{html_ok, respond, Kind, Layout, Options};
use crate::domain::MunicipalityKey;
use crate::http::problem::ApiError;
use crate::state::AppState;
use crate::views::widget::{self, AgreementLink, Found};

pub const PARAMS: &[&str] = &["lang", "theme", "compact"];

#[derive(Template)]
#[template(path = "embed.html")]
pub struct EmbedPage {
    pub layout: Layout,
    pub t: &'static Text,
    pub card: Card,
    pub compact: bool,
    /// Activity descriptions too (the public page), not only titles and statuses.
    pub detailed: bool,
}

#[derive(Template)]
#[template(path = "no_pledge.html")]
pub struct NoPledgePage {
    pub layout: Layout,
    pub t: &'static Text,
    pub municipality_id: String,
    pub municipality: String,
    pub agreements: Vec<AgreementLink>,
}

#[get("/embed/{municipality}")]
pub async fn embed(
    req: HttpRequest,
    path: web::Path<String>,
    state: web::Data<AppState>,
) -> HttpResponse {
    let r = page(&req, &path.into_inner(), &state).await;
    respond(&req, Kind::Embed, r)
}

async fn page(req: &HttpRequest, raw: &str, state: &AppState) -> Result<HttpResponse, ApiError> {
    let o = Options::parse(req.query_string(), PARAMS)?;
    let t = o.lang.text();
    let key = MunicipalityKey::parse(raw).map_err(|e| ApiError::bad_param("municipality", e))?;
    match widget::load(&state.db, key).await? {
        Some(Found::Pledge(w)) => {
            let card = Card::new(&w, t);
            let title = format!("{} – OpenPledges", card.title);
            html_ok(
                req,
                Kind::Embed,
                &EmbedPage {
                    layout: Layout::new(&o, title),
                    t,
                    card,
                    compact: o.compact,
                    detailed: false,
                },
            )
        }
        Some(Found::NoPledge {
            municipality,
            agreements,
        }) => html_ok(
            req,
            Kind::Embed,
            &NoPledgePage {
                layout: Layout::new(&o, format!("{} – {}", municipality.name, t.no_pledge)),
                t,
                municipality_id: municipality.id,
                municipality: municipality.name,
                agreements,
            },
        ),
        None => Err(ApiError::not_found(format!(
            "no municipality has the id or kommunkod `{raw}`"
        ))),
    }
}
