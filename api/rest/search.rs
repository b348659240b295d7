use actix_web::{get, http::header, web, HttpRequest, HttpResponse};
use serde::Serialize;
use utoipa::ToSchema;

use super::csv::CsvRecord;
use super::params::{Page, Params};
use super::problem::{ApiError, Problem};
use super::types::MunicipalityRef;
use super::{list_ok, List};
use crate::queries::search::{self as q, After, HitRow, Search};
use crate::state::AppState;

/// A record that matches a search.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Hit {
    /// `agreement`, `pledge`, `focus_area`, `activity` or `statement`.
    #[serde(rename = "type")]
    #[schema(example = "focus_area")]
    pub kind: String,
    #[schema(example = "solvesborg-2022-2023/f3")]
    pub id: String,
    #[schema(example = "Ökad trafiksäkerhet")]
    pub title: String,
    pub municipality: MunicipalityRef,
    /// A short passage of the record's text, HTML-escaped, with `<mark>…</mark>` around the
    /// matching words; no other markup.
    #[schema(
        example = "<mark>Ökad</mark> <mark>trafiksäkerhet</mark> – Det förebyggande arbetet ska i första hand inriktas på platser där olyckor kan hända"
    )]
    pub excerpt: String,
    /// Relevance (PostgreSQL `ts_rank_cd`; title words weigh most); higher is better. Only the order
    /// is meaningful, not the scale.
    #[schema(example = 0.2)]
    pub rank: f32,
    /// The record in this API.
    #[schema(example = "/v1/focus-areas/solvesborg-2022-2023/f3")]
    pub url: String,
}

impl From<HitRow> for Hit {
    fn from(r: HitRow) -> Hit {
        Hit {
            url: super::types::record_path(&r.kind, &r.id),
            kind: r.kind,
            id: r.id,
            title: r.title,
            municipality: MunicipalityRef {
                id: r.municipality_id,
                name: r.municipality_name,
                code: r.municipality_code,
            },
            excerpt: r.excerpt,
            rank: r.rank,
        }
    }
}

impl CsvRecord for Hit {
    const HEADERS: &'static [&'static str] = &[
        "type",
        "id",
        "title",
        "municipality_id",
        "municipality_code",
        "rank",
        "url",
        "excerpt",
    ];
    fn fields(&self) -> Vec<String> {
        vec![
            self.kind.clone(),
            self.id.clone(),
            self.title.clone(),
            self.municipality.id.clone(),
            self.municipality.code.clone(),
            self.rank.to_string(),
            self.url.clone(),
            self.excerpt.clone(),
        ]
    }
}

const PARAMS: &[&str] = &[
    "q",
    "type",
    "municipality",
    "limit",
    "cursor",
    "format",
    "excel",
];

fn types(raw: Option<&str>) -> Result<Vec<String>, ApiError> {
    let Some(raw) = raw else {
        return Ok(q::TYPES.iter().map(|t| (*t).to_owned()).collect());
    };
    let mut out = Vec::new();
    for t in raw.split(',').map(str::trim) {
        if !q::TYPES.contains(&t) {
            return Err(ApiError::bad_param(
                "type",
                format!(
                    "`{t}` is not a record type here; choose from {}",
                    q::TYPES.join(", ")
                ),
            ));
        }
        if !out.iter().any(|o| o == t) {
            out.push(t.to_owned());
        }
    }
    Ok(out)
}

/// The position of the page's cursor (see [`After::from_cursor`]).
fn after(page: &Page) -> Result<Option<After>, ApiError> {
    let Some((k, i)) = &page.after else {
        return Ok(None);
    };
    After::from_cursor(k, i).map(Some).ok_or_else(|| {
        ApiError::bad_param(
            "cursor",
            "not a search cursor; take `next_cursor` from a response",
        )
    })
}

/// Search agreements, pledges, focus areas and activities (Swedish full text).
///
/// Words are matched in Swedish: stemmed (`trafiksäkerheten` finds `trafiksäkerhet`), as the start
/// of a compound (`narkotika` finds `narkotikaklassade`), and definite forms find their base form
/// (`narkotikan` finds `narkotika`). Best hits first; ties by type (agreement, pledge, focus area,
/// activity, statement), then id. A statement's title is its speaker and role, its excerpt the quote.
#[utoipa::path(
    operation_id = "search",
    tag = "search",
    params(
        ("q" = String, Query, description = "Swedish search (web search syntax: words, \"phrases\", `-word` to exclude, `or`). Required; at most 200 characters.", example = "trafiksäkerhet"),
        ("type" = Option<String>, Query, description = "Record types, comma-separated: `agreement`, `pledge`, `focus_area`, `activity`, `statement` (default all).", example = "focus_area,activity"),
        ("municipality" = Option<String>, Query, description = "Municipality ids or kommunkoder, comma-separated.", example = "solvesborg,1287"),
        ("limit" = Option<u32>, Query, description = "Page size, 1–500 (default 50).", minimum = 1, maximum = 500, example = 20),
        ("cursor" = Option<String>, Query, description = "`next_cursor` of the previous page (same `q` and filters)."),
        ("format" = Option<String>, Query, description = "`json` (default) or `csv`; `Accept: text/csv` also gives CSV."),
        ("excel" = Option<bool>, Query, description = "A BOM and `;` separators for Excel. Only with CSV (`format=csv` or `Accept: text/csv`): `excel=true` with JSON is refused with 400."),
    ),
    responses(
        (status = 200, description = "A page of hits, best first; `total` counts all hits.", body = List<Hit>),
        (status = 304, description = "Not modified (`If-None-Match`)."),
        (status = 400, description = "`q` missing, an unknown parameter or a bad value.", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "Database unavailable.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/v1/search")]
pub async fn search(
    req: HttpRequest,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let params = Params::parse(req.query_string(), PARAMS)?;
    let filter = params.filter()?;
    super::check_known(&state.db, &filter).await?;
    let Some(text) = filter.q.clone() else {
        return Err(ApiError::bad_param(
            "q",
            "required: give the words to search for",
        ));
    };
    let types = types(params.get("type"))?;
    let page = Page::from_params(&params, &[q::ORDER])?;
    let after = after(&page)?;
    let format = params.format(
        req.headers()
            .get(header::ACCEPT)
            .and_then(|v| v.to_str().ok()),
    )?;
    let municipalities = filter.municipalities_or_none();
    let p = page.clone();
    let (data, total, next_cursor, suggestion) = state
        .db
        .run(move |conn| {
            let search = Search {
                tsquery: q::parse(conn, &text)?,
                types,
                municipalities,
            };
            let (rows, total) = q::page(conn, &search, after.as_ref(), p.limit)?;
            let last = rows.last().map(HitRow::cursor);
            let next = p.next_cursor(
                rows.len(),
                last.as_ref().map(|(k, i)| (k.as_str(), i.as_str())),
            );
            let data: Vec<Hit> = rows.into_iter().map(Hit::from).collect();
            let suggestion = crate::queries::suggest::suggestion(conn, &text)?;
            Ok::<_, ApiError>((data, total, next, suggestion))
        })
        .await?;
    list_ok(
        &req,
        &params,
        format,
        List {
            data,
            total,
            next_cursor,
            suggestion,
        },
        "search",
    )
}
