use actix_web::{get, http::header, web, HttpRequest, HttpResponse};
use serde::Serialize;
use utoipa::ToSchema;

use super::csv::{opt, CsvRecord};
use super::params::{Page, Params};
use super::problem::{ApiError, Problem};
use super::{json_ok, list_ok, List};
use crate::queries::themes::{self as q, ThemeRow};
use crate::state::AppState;

/// A theme of the controlled vocabulary focus areas are tagged with, so municipalities can be compared.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Theme {
    /// The same as `code`.
    #[schema(example = "traffic_safety")]
    pub id: String,
    /// Stable code: lower-case English words joined by `_`.
    #[schema(example = "traffic_safety")]
    pub code: String,
    /// The label in Swedish.
    #[schema(example = "Trafiksäkerhet")]
    pub label_sv: String,
    /// The label in English.
    #[schema(example = "Traffic safety")]
    pub label_en: String,
    /// What the theme covers, in Swedish.
    pub description: Option<String>,
    /// Focus areas tagged with it.
    #[schema(example = 2)]
    pub focus_area_count: i64,
    /// Pledges with a focus area tagged with it.
    #[schema(example = 1)]
    pub pledge_count: i64,
    /// Agreements with a focus area tagged with it.
    #[schema(example = 1)]
    pub agreement_count: i64,
    /// Municipalities with a pledge or agreement whose focus areas are tagged with it.
    #[schema(example = 2)]
    pub municipality_count: i64,
}

impl From<ThemeRow> for Theme {
    fn from(r: ThemeRow) -> Theme {
        Theme {
            id: r.code.clone(),
            code: r.code,
            label_sv: r.label_sv,
            label_en: r.label_en,
            description: r.description,
            focus_area_count: r.focus_area_count,
            pledge_count: r.pledge_count,
            agreement_count: r.agreement_count,
            municipality_count: r.municipality_count,
        }
    }
}

impl CsvRecord for Theme {
    const HEADERS: &'static [&'static str] = &[
        "id",
        "code",
        "label_sv",
        "label_en",
        "description",
        "focus_area_count",
        "pledge_count",
        "agreement_count",
        "municipality_count",
    ];
    fn fields(&self) -> Vec<String> {
        vec![
            self.id.clone(),
            self.code.clone(),
            self.label_sv.clone(),
            self.label_en.clone(),
            opt(&self.description),
            self.focus_area_count.to_string(),
            self.pledge_count.to_string(),
            self.agreement_count.to_string(),
            self.municipality_count.to_string(),
        ]
    }
}

/// List the themes.
#[utoipa::path(
    operation_id = "listThemes",
    tag = "themes",
    params(
        ("sort" = Option<String>, Query, description = "`position` (default: the vocabulary's own order) or `code`; prefix `-` to reverse.", example = "code"),
        ("limit" = Option<u32>, Query, description = "Page size, 1–500 (default 50).", minimum = 1, maximum = 500, example = 50),
        ("cursor" = Option<String>, Query, description = "`next_cursor` of the previous page."),
        ("format" = Option<String>, Query, description = "`json` (default) or `csv`; `Accept: text/csv` also gives CSV."),
        ("excel" = Option<bool>, Query, description = "A BOM and `;` separators for Excel. Only with CSV (`format=csv` or `Accept: text/csv`): `excel=true` with JSON is refused with 400."),
    ),
    responses(
        (status = 200, description = "A page of themes; `Link: <…>; rel=\"next\"` when there are more.", body = List<Theme>),
        (status = 304, description = "Not modified (`If-None-Match`)."),
        (status = 400, description = "Unknown parameter or bad value.", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "Database unavailable.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/v1/themes")]
pub async fn list(req: HttpRequest, state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    let params = Params::parse_list(req.query_string(), &[], &[])?;
    let page = Page::from_params(&params, q::SORTS)?;
    let format = params.format(
        req.headers()
            .get(header::ACCEPT)
            .and_then(|v| v.to_str().ok()),
    )?;
    let p = page.clone();
    let (rows, total) = state
        .db
        .run(move |conn| {
            let after = p.after.as_ref().map(|(k, i)| (k.as_str(), i.as_str()));
            Ok(q::list(
                conn,
                p.sort.field,
                p.sort.descending,
                after,
                p.limit,
            )?)
        })
        .await?;
    let next_cursor = page.next_cursor(
        rows.len(),
        rows.last().map(|r| (r.sort_key.as_str(), r.code.as_str())),
    );
    let data: Vec<Theme> = rows.into_iter().map(Theme::from).collect();
    list_ok(
        &req,
        &params,
        format,
        List {
            data,
            total,
            next_cursor,
            suggestion: None,
        },
        "themes",
    )
}

/// True for a theme code: lower-case ASCII words joined by `_`.
fn is_theme_code(s: &str) -> bool {
    s.split('_')
        .all(|w| !w.is_empty() && w.bytes().all(|b| b.is_ascii_lowercase()))
}

/// One theme, by code.
#[utoipa::path(
    operation_id = "getTheme",
    tag = "themes",
    params(("code" = String, Path, description = "Theme code.", pattern = "^[a-z]+(_[a-z]+)*$", example = "traffic_safety")),
    responses(
        (status = 200, description = "The theme.", body = Theme),
        (status = 304, description = "Not modified (`If-None-Match`)."),
        (status = 400, description = "Unknown parameter, or a code that cannot be one.", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such theme.", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "Database unavailable.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/v1/themes/{code}")]
pub async fn get(
    req: HttpRequest,
    path: web::Path<String>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    Params::parse(req.query_string(), &[])?;
    let code = path.into_inner();
    if !is_theme_code(&code) {
        return Err(ApiError::bad_param(
            "code",
            format!("`{code}` is not a theme code (like `traffic_safety`)"),
        ));
    }
    let wanted = code.clone();
    let row = state.db.run(move |conn| Ok(q::get(conn, &wanted)?)).await?;
    match row {
        Some(r) => json_ok(&req, &Theme::from(r)),
        None => Err(ApiError::not_found(format!(
            "no theme has the code `{code}`; see /v1/themes"
        ))),
    }
}
