use std::collections::{BTreeSet, HashMap};

use actix_web::{get, web, HttpRequest, HttpResponse};
use chrono::NaiveDate;
use diesel::PgConnection;
use serde::Serialize;
use utoipa::ToSchema;

use super::csv::{join, opt, CsvRecord};
use super::focus_areas::FocusArea;
use super::params::{Include, Params};
use super::problem::{ApiError, Problem};
use super::sources::Source;
use super::types::{period, period_out, phase_today, MunicipalityRef, PeriodOut, PhaseOut, Ref};
use super::{json_ok, list_ok, List};
use crate::domain::filter::parse_record_id;
use crate::queries::{self, agreements::AgreementRow};
use crate::state::AppState;

/// An organization that is party to an agreement.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Party {
    #[schema(example = "lpo-karlshamn")]
    pub id: String,
    #[schema(example = "Lokalpolisområde Karlshamn")]
    pub name: String,
    /// `municipality`, `local_police_area`, `police_area`, `police_region`, `police_authority`, `region`,
    /// `regional_committee`, `county_administrative_board` or `municipal_department`.
    #[schema(example = "local_police_area")]
    pub kind: String,
}

/// A person who signed the agreement, as the source names them.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Signatory {
    /// The person (see `/v1/people`).
    pub person: Ref,
    /// Their title as the source gives it.
    #[schema(example = "kommunstyrelsens ordförande")]
    pub role: String,
    /// The organization they signed for, where the source says.
    pub organization: Option<Ref>,
    /// Which of `person` (that they signed at all), `role`, `organization` are the dataset's
    /// judgement rather than the source's words, with the reason.
    pub inferred: Vec<crate::domain::Inference>,
}

/// A cooperation agreement (samverkansöverenskommelse) between a municipality and the police, sometimes
/// with more parties; citizen pledges are made within it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Agreement {
    /// `<municipality>-<first year>-<last year>`.
    #[schema(example = "trelleborg-2019-2022")]
    pub id: String,
    #[schema(
        example = "Samverkansöverenskommelse mellan Trelleborgs kommun och polisen 2019-2022"
    )]
    pub title: String,
    pub municipality: MunicipalityRef,
    /// The day it was signed; null when no source gives it.
    #[schema(example = "2020-01-17")]
    pub signed_on: Option<NaiveDate>,
    /// Null when no source gives the period.
    pub period: Option<PeriodOut>,
    /// Where the period stands today; null without a period.
    pub phase: Option<PhaseOut>,
    /// In our own words, in Swedish.
    pub summary: Option<String>,
    /// How the parties follow the work up, in our own words, in Swedish.
    pub follow_up: Option<String>,
    /// What the sources do not say, and other editorial notes.
    pub note: Option<String>,
    /// The values (`title`, `period`, `signed_on`) that are the dataset's judgement rather than the
    /// sources' words, with the reason.
    pub inferred: Vec<crate::domain::Inference>,
    /// The parties, in the order the source names them.
    pub parties: Vec<Party>,
    /// The signatories, in the order the source names them.
    pub signatories: Vec<Signatory>,
    /// The citizen pledges made within it (see `/v1/pledges`).
    #[schema(example = json!(["solvesborg-2022-2023"]))]
    pub pledge_ids: Vec<String>,
    /// Theme codes of its focus areas (see `/v1/themes`).
    #[schema(example = json!(["port", "traffic_safety"]))]
    pub themes: Vec<String>,
    pub focus_area_count: i64,
    /// Source ids (see `/v1/sources`).
    pub sources: Vec<String>,
    /// With `include=focus_areas`: its focus areas (samverkansområden), in order.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub focus_areas: Option<Vec<FocusArea>>,
    /// With `include=sources`: the sources of the agreement and of what is included with it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source_details: Option<Vec<Source>>,
    /// With `include=statements`: what named people said about it, quoted from the sources.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub statements: Option<Vec<crate::views::statements::Statement>>,
}

impl From<AgreementRow> for Agreement {
    fn from(r: AgreementRow) -> Agreement {
        let p = period(r.period_start, r.period_end, r.period_precision.as_deref());
        Agreement {
            id: r.id,
            title: r.title,
            municipality: MunicipalityRef {
                id: r.municipality_id,
                name: r.municipality_name,
                code: r.municipality_code,
            },
            signed_on: r.signed_on,
            period: period_out(&p),
            phase: phase_today(&p),
            summary: r.summary,
            follow_up: r.follow_up,
            note: r.note,
            inferred: r.inferred.0,
            parties: r
                .parties
                .0
                .into_iter()
                .map(|p| Party {
                    id: p.id,
                    name: p.name,
                    kind: p.kind,
                })
                .collect(),
            signatories: r
                .signatories
                .0
                .into_iter()
                .map(|s| Signatory {
                    person: Ref {
                        id: s.person_id,
                        name: s.person_name,
                    },
                    role: s.role,
                    organization: Ref::from_parts(s.organization_id, s.organization_name),
                    inferred: s.inferred,
                })
                .collect(),
            pledge_ids: r.pledge_ids,
            themes: r.themes,
            focus_area_count: r.focus_area_count,
            sources: r.sources,
            focus_areas: None,
            source_details: None,
            statements: None,
        }
    }
}

impl CsvRecord for Agreement {
    const HEADERS: &'static [&'static str] = &[
        "id",
        "title",
        "municipality_id",
        "municipality_code",
        "signed_on",
        "period_start",
        "period_end",
        "period_precision",
        "summary",
        "follow_up",
        "note",
        "parties",
        "signatories",
        "pledge_ids",
        "themes",
        "focus_area_count",
        "sources",
        "inferred",
    ];
    fn fields(&self) -> Vec<String> {
        let parties: Vec<&str> = self.parties.iter().map(|p| p.id.as_str()).collect();
        let signatories: Vec<&str> = self
            .signatories
            .iter()
            .map(|s| s.person.id.as_str())
            .collect();
        vec![
            self.id.clone(),
            self.title.clone(),
            self.municipality.id.clone(),
            self.municipality.code.clone(),
            opt(&self.signed_on),
            opt(&self.period.as_ref().map(|p| p.start)),
            opt(&self.period.as_ref().map(|p| p.end)),
            opt(&self.period.as_ref().map(|p| p.precision.clone())),
            opt(&self.summary),
            opt(&self.follow_up),
            opt(&self.note),
            join(&parties),
            join(&signatories),
            join(&self.pledge_ids),
            join(&self.themes),
            self.focus_area_count.to_string(),
            join(&self.sources),
            super::types::inferred_fields(&self.inferred),
        ]
    }
}

pub const FILTERS: &[&str] = &["municipality", "theme", "year", "active_on", "q"];
pub const INCLUDES: &[&str] = &["focus_areas", "sources", "statements"];

/// Loads what `include` asks for, for all agreements at once: a fixed number of queries per page.
fn embed(
    conn: &mut PgConnection,
    agreements: &mut [Agreement],
    inc: Include,
) -> Result<(), ApiError> {
    if agreements.is_empty() || inc == Include::default() {
        return Ok(());
    }
    let ids: Vec<String> = agreements.iter().map(|a| a.id.clone()).collect();
    if inc.focus_areas {
        let mut by_parent: HashMap<String, Vec<FocusArea>> = HashMap::new();
        for row in queries::focus_areas::by_agreements(conn, &ids)? {
            by_parent
                .entry(row.parent_id.clone())
                .or_default()
                .push(FocusArea::from(row));
        }
        for a in agreements.iter_mut() {
            a.focus_areas = Some(by_parent.remove(&a.id).unwrap_or_default());
        }
    }
    if inc.sources {
        let cited = |a: &Agreement| -> BTreeSet<String> {
            let mut ids: BTreeSet<String> = a.sources.iter().cloned().collect();
            for f in a.focus_areas.iter().flatten() {
                ids.extend(f.sources.iter().cloned());
            }
            ids
        };
        crate::views::sources::attach(conn, agreements, cited, |r, s| r.source_details = Some(s))?;
    }
    if inc.statements {
        crate::views::statements::attach(
            conn,
            agreements,
            |r| r.id.clone(),
            |r, s| r.statements = Some(s),
        )?;
    }
    Ok(())
}

/// List cooperation agreements.
#[utoipa::path(
    tag = "agreements",
    operation_id = "listAgreements",
    params(
        ("municipality" = Option<String>, Query, description = "Municipality ids or kommunkoder, comma-separated.", example = "trelleborg,1382"),
        ("theme" = Option<String>, Query, description = "Theme codes, comma-separated: agreements with a focus area on any of them.", example = "port"),
        ("year" = Option<String>, Query, description = "Years, comma-separated: agreements whose period touches any of them.", example = "2021"),
        ("active_on" = Option<NaiveDate>, Query, description = "Agreements whose period contains this day.", example = "2021-06-01"),
        ("q" = Option<String>, Query, description = "Swedish full-text search in title, summary and follow-up (web search syntax: words, \"phrases\", -not).", example = "lägesbild"),
        ("include" = Option<String>, Query, description = "Embed related records: `focus_areas`, `sources`, `statements` (what people said about the record).", example = "focus_areas,sources"),
        ("sort" = Option<String>, Query, description = "`id` (default), `signed_on`, `period_start`, `title`, `municipality`; prefix `-` to reverse. Unknown dates sort first.", example = "-signed_on"),
        ("limit" = Option<u32>, Query, description = "Page size, 1–500 (default 50).", minimum = 1, maximum = 500, example = 50),
        ("cursor" = Option<String>, Query, description = "`next_cursor` of the previous page."),
        ("format" = Option<String>, Query, description = "`json` (default) or `csv`; `Accept: text/csv` also gives CSV. In CSV, `parties` and `signatories` are `|`-joined ids."),
        ("excel" = Option<bool>, Query, description = "A BOM and `;` separators for Excel. Only with CSV (`format=csv` or `Accept: text/csv`): `excel=true` with JSON is refused with 400."),
    ),
    responses(
        (status = 200, description = "A page of agreements.", body = List<Agreement>),
        (status = 304, description = "Not modified (`If-None-Match`)."),
        (status = 400, description = "Unknown parameter or bad value.", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "Database unavailable.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/v1/agreements")]
pub async fn list(req: HttpRequest, state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    let super::ListRequest {
        params,
        filter,
        page,
        format,
        include,
    } = super::ListRequest::parse(&req, FILTERS, INCLUDES, queries::agreements::SORTS)?;
    let p = page.clone();
    let (data, total, next_cursor) = state
        .db
        .run(move |conn| {
            super::known(conn, &filter)?;
            let after = p.after.as_ref().map(|(k, i)| (k.as_str(), i.as_str()));
            let (rows, total) = queries::agreements::list(
                conn,
                &filter,
                p.sort.field,
                p.sort.descending,
                after,
                p.limit,
            )?;
            let next = p.next_cursor(
                rows.len(),
                rows.last().map(|r| (r.sort_key.as_str(), r.id.as_str())),
            );
            let mut data: Vec<Agreement> = rows.into_iter().map(Agreement::from).collect();
            embed(conn, &mut data, include)?;
            Ok((data, total, next))
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
            suggestion: None,
        },
        "agreements",
    )
}

/// One cooperation agreement.
#[utoipa::path(
    tag = "agreements",
    operation_id = "getAgreement",
    params(
        ("id" = String, Path, description = "Agreement id.", pattern = "^[a-z0-9]+(-[a-z0-9]+)*$", example = "trelleborg-2019-2022"),
        ("include" = Option<String>, Query, description = "Embed related records: `focus_areas`, `sources`, `statements` (what people said about the record).", example = "focus_areas"),
    ),
    responses(
        (status = 200, description = "The agreement.", body = Agreement),
        (status = 304, description = "Not modified (`If-None-Match`)."),
        (status = 400, description = "Unknown parameter or bad value.", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such agreement.", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "Database unavailable.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/v1/agreements/{id}")]
pub async fn get(
    req: HttpRequest,
    path: web::Path<String>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let params = Params::parse(req.query_string(), &["include"])?;
    let include = params.include(INCLUDES)?;
    let id = parse_record_id(&path.into_inner()).map_err(|e| ApiError::bad_param("id", e))?;
    let wanted = id.clone();
    let agreement = state
        .db
        .run(move |conn| {
            let Some(row) = queries::agreements::get(conn, &wanted)? else {
                return Ok(None);
            };
            let mut one = [Agreement::from(row)];
            embed(conn, &mut one, include)?;
            let [a] = one;
            Ok(Some(a))
        })
        .await?;
    match agreement {
        Some(a) => json_ok(&req, &a),
        None => Err(ApiError::not_found(format!(
            "no agreement has the id `{id}`"
        ))),
    }
}
