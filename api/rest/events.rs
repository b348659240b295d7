use std::collections::{BTreeSet, HashMap};

use actix_web::{get, http::header, web, HttpRequest, HttpResponse};
use chrono::NaiveDate;
use diesel::PgConnection;
use serde::Serialize;
use utoipa::ToSchema;

use super::csv::{join, opt, CsvRecord};
use super::params::{Format, Include, Page, Params};
use super::problem::{ApiError, Problem};
use super::sources::Source;
use super::types::Ref;
use super::{json_ok, list_ok, List};
use crate::domain::Slug;
use crate::queries::events::{self as q, EventFilter, EventRow};
use crate::queries::sources::by_ids as sources_by_ids;
use crate::state::AppState;

/// An organization taking part in an event.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct EventOrganization {
    /// Organization id; a municipality's is its slug.
    #[schema(example = "lansstyrelsen-halland")]
    pub id: String,
    /// The organization's name.
    #[schema(example = "Länsstyrelsen i Hallands län")]
    pub name: String,
    /// `organizer`, `participant` or `invited`.
    #[schema(example = "organizer")]
    pub role: String,
}

/// A person taking part in an event.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct EventPerson {
    /// The person's id and name (see `/v1/people`).
    pub person: Ref,
    /// As the source words it (`inledare`, `moderator`, `talare`, …).
    #[schema(example = "moderator")]
    pub role: String,
}

/// A meeting, conference or signing named in the sources.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Event {
    /// Stable public id.
    #[schema(example = "halland-konferens-brottsforebyggande")]
    pub id: String,
    /// `conference`, `meeting`, `signing` or `press_conference`.
    #[schema(example = "conference")]
    pub kind: String,
    /// A descriptive title; ours where the source gives none (the `note` says so).
    #[schema(example = "Konferens om brottsförebyggande arbete i Hallands län")]
    pub title: String,
    /// Null when no source gives the date.
    pub held_on: Option<NaiveDate>,
    /// Where it was held, as the source says.
    #[schema(example = "Halmstads slott")]
    pub location: Option<String>,
    /// In our own words, in Swedish.
    pub summary: Option<String>,
    /// What the sources do not say, and other editorial notes.
    pub note: Option<String>,
    /// Local time it began (`HH:MM`, Swedish time), where the source gives it; only with `held_on`.
    #[schema(example = "08:30")]
    pub starts_at: Option<String>,
    /// The values (`title`, `organizers`, `participants`, `invited`) that are the dataset's
    /// judgement rather than the source's words, with the reason.
    pub inferred: Vec<crate::domain::Inference>,
    /// Organizers first, then participants, then the invited.
    pub organizations: Vec<EventOrganization>,
    /// People taking part, by role and then id.
    pub people: Vec<EventPerson>,
    /// Source ids (see `/v1/sources`).
    pub sources: Vec<String>,
    /// With `include=sources`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source_details: Option<Vec<Source>>,
}

impl CsvRecord for Event {
    const HEADERS: &'static [&'static str] = &[
        "id",
        "kind",
        "title",
        "held_on",
        "location",
        "summary",
        "note",
        "organizers",
        "participants",
        "invited",
        "people",
        "sources",
        "starts_at",
        "inferred",
    ];
    fn fields(&self) -> Vec<String> {
        let with_role = |role: &str| -> String {
            let ids: Vec<&str> = self
                .organizations
                .iter()
                .filter(|o| o.role == role)
                .map(|o| o.id.as_str())
                .collect();
            join(&ids)
        };
        let people: Vec<&str> = self.people.iter().map(|p| p.person.id.as_str()).collect();
        vec![
            self.id.clone(),
            self.kind.clone(),
            self.title.clone(),
            opt(&self.held_on),
            opt(&self.location),
            opt(&self.summary),
            opt(&self.note),
            with_role("organizer"),
            with_role("participant"),
            with_role("invited"),
            join(&people),
            join(&self.sources),
            opt(&self.starts_at),
            super::types::inferred_fields(&self.inferred),
        ]
    }
}

pub const FILTERS: &[&str] = &["municipality", "year", "q"];
pub const INCLUDES: &[&str] = &["sources"];

/// Builds a page of events with their organizations and people, and their sources when asked:
/// a fixed number of queries whatever the page size.
fn complete(
    conn: &mut PgConnection,
    rows: Vec<EventRow>,
    inc: Include,
) -> Result<Vec<Event>, ApiError> {
    if rows.is_empty() {
        return Ok(Vec::new());
    }
    let ids: Vec<String> = rows.iter().map(|r| r.id.clone()).collect();
    let mut organizations: HashMap<String, Vec<EventOrganization>> = HashMap::new();
    for r in q::participants_of(conn, &ids)? {
        organizations
            .entry(r.event_id)
            .or_default()
            .push(EventOrganization {
                id: r.organization_id,
                name: r.organization_name,
                role: r.role,
            });
    }
    let mut people: HashMap<String, Vec<EventPerson>> = HashMap::new();
    for r in q::people_of(conn, &ids)? {
        people.entry(r.event_id).or_default().push(EventPerson {
            person: Ref {
                id: r.person_id,
                name: r.person_name,
            },
            role: r.role,
        });
    }
    let sources: Option<HashMap<String, Source>> = if inc.sources {
        let cited: BTreeSet<String> = rows.iter().flat_map(|r| r.sources.clone()).collect();
        let all: Vec<String> = cited.into_iter().collect();
        Some(
            sources_by_ids(conn, &all)?
                .into_iter()
                .map(|r| (r.id.clone(), Source::from(r)))
                .collect(),
        )
    } else {
        None
    };
    Ok(rows
        .into_iter()
        .map(|r| Event {
            organizations: organizations.remove(&r.id).unwrap_or_default(),
            people: people.remove(&r.id).unwrap_or_default(),
            source_details: sources.as_ref().map(|all| {
                r.sources
                    .iter()
                    .filter_map(|id| all.get(id).cloned())
                    .collect()
            }),
            id: r.id,
            kind: r.kind,
            title: r.title,
            held_on: r.held_on,
            location: r.location,
            summary: r.summary,
            note: r.note,
            starts_at: r.starts_at,
            inferred: r.inferred.0,
            sources: r.sources,
        })
        .collect())
}

/// List events.
#[utoipa::path(
    operation_id = "listEvents",
    tag = "events",
    params(
        ("municipality" = Option<String>, Query, description = "Municipality ids or kommunkoder, comma-separated: events the municipality takes part in, in any role.", example = "falkenberg,1315"),
        ("year" = Option<String>, Query, description = "Years, comma-separated: events held in any of them. Events without a known date match no year.", example = "2023"),
        ("q" = Option<String>, Query, description = "Text the title or summary contains, ignoring case.", example = "konferens"),
        ("include" = Option<String>, Query, description = "Embed related records: `sources`.", example = "sources"),
        ("sort" = Option<String>, Query, description = "`id` (default), `held_on`, `title`; prefix `-` to reverse. Undated events come first in ascending `held_on` order.", example = "-held_on"),
        ("limit" = Option<u32>, Query, description = "Page size, 1–500 (default 50).", minimum = 1, maximum = 500, example = 50),
        ("cursor" = Option<String>, Query, description = "`next_cursor` of the previous page."),
        ("format" = Option<String>, Query, description = "`json` (default) or `csv`; `Accept: text/csv` also gives CSV."),
        ("excel" = Option<bool>, Query, description = "A BOM and `;` separators for Excel. Only with CSV (`format=csv` or `Accept: text/csv`): `excel=true` with JSON is refused with 400."),
    ),
    responses(
        (status = 200, description = "A page of events; `Link: <…>; rel=\"next\"` when there are more.", body = List<Event>),
        (status = 304, description = "Not modified (`If-None-Match`)."),
        (status = 400, description = "Unknown parameter or bad value.", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "Database unavailable.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/v1/events")]
pub async fn list(req: HttpRequest, state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    let params = Params::parse_list(req.query_string(), FILTERS, INCLUDES)?;
    let common = params.filter()?;
    super::check_known(&state.db, &common).await?;
    let filter = EventFilter {
        municipalities: common.municipalities,
        years: common.years,
        q: common.q,
    };
    let page = Page::from_params(&params, q::SORTS)?;
    let format = params.format(
        req.headers()
            .get(header::ACCEPT)
            .and_then(|v| v.to_str().ok()),
    )?;
    let include = params.include(INCLUDES)?;
    if include != Include::default() && format != Format::Json {
        return Err(ApiError::bad_param(
            "include",
            "not available with CSV; CSV rows are flat",
        ));
    }
    let p = page.clone();
    let (data, total, next_cursor) = state
        .db
        .run(move |conn| {
            let after = p.after.as_ref().map(|(k, i)| (k.as_str(), i.as_str()));
            let (rows, total) = q::list(
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
            Ok((complete(conn, rows, include)?, total, next))
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
        "events",
    )
}

/// One event.
#[utoipa::path(
    operation_id = "getEvent",
    tag = "events",
    params(
        ("id" = String, Path, description = "Event id.", pattern = "^[a-z0-9]+(-[a-z0-9]+)*$", example = "halland-konferens-brottsforebyggande"),
        ("include" = Option<String>, Query, description = "Embed related records: `sources`.", example = "sources"),
    ),
    responses(
        (status = 200, description = "The event.", body = Event),
        (status = 304, description = "Not modified (`If-None-Match`)."),
        (status = 400, description = "Unknown parameter, or an id that cannot be one.", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such event.", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "Database unavailable.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/v1/events/{id}")]
pub async fn get(
    req: HttpRequest,
    path: web::Path<String>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let params = Params::parse(req.query_string(), &["include"])?;
    let include = params.include(INCLUDES)?;
    let id = path.into_inner();
    let wanted = Slug::parse(&id).map_err(|e| ApiError::bad_param("id", e))?;
    let event = state
        .db
        .run(move |conn| {
            let Some(row) = q::get(conn, wanted.as_str())? else {
                return Ok(None);
            };
            Ok(complete(conn, vec![row], include)?.pop())
        })
        .await?;
    match event {
        Some(e) => json_ok(&req, &e),
        None => Err(ApiError::not_found(format!("no event has the id `{id}`"))),
    }
}
