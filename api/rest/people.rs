use std::collections::HashMap;

use actix_web::{get, http::header, web, HttpRequest, HttpResponse};
use chrono::NaiveDate;
use diesel::PgConnection;
use serde::Serialize;
use utoipa::ToSchema;

use super::csv::{join, CsvRecord};
use super::params::{Page, Params};
use super::problem::{ApiError, Problem};
use super::types::Ref;
use super::{json_ok, list_ok, List};
use crate::domain::Slug;
use crate::queries::people::{self as q, PersonFilter, PersonRow, RoleRow};
use crate::state::AppState;

/// A person's title at an organization, as a source publishes it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Role {
    /// The title exactly as published.
    #[schema(example = "kommunstyrelsens ordförande")]
    pub title: String,
    /// Where the source names one.
    pub organization: Option<Ref>,
    /// Political party, where the source gives it.
    #[schema(example = "S")]
    pub party: Option<String>,
    /// The date of the source that gives the title; null when the source is undated.
    #[schema(example = "2020-01-15")]
    pub as_of: Option<NaiveDate>,
    /// Source ids (see `/v1/sources`).
    pub sources: Vec<String>,
    /// Which of `title`, `organization` are the dataset's judgement rather than the source's
    /// words, with the reason.
    pub inferred: Vec<crate::domain::Inference>,
}

impl From<RoleRow> for Role {
    fn from(r: RoleRow) -> Role {
        Role {
            organization: Ref::from_parts(r.organization_id, r.organization_name),
            title: r.title,
            party: r.party,
            as_of: r.as_of,
            sources: r.sources,
            inferred: r.inferred.0,
        }
    }
}

/// A person named in the sources: names and titles as published, never contact details.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Person {
    /// Stable public id: the ASCII slug of the name.
    #[schema(example = "per-svensson")]
    pub id: String,
    /// The name as published.
    #[schema(example = "Per Svensson")]
    pub name: String,
    /// Titles at organizations, in the order the dataset records them.
    pub roles: Vec<Role>,
    /// Ids of the agreements they sign.
    #[schema(example = json!(["falkenberg-2020-2023"]))]
    pub signed: Vec<String>,
    /// Ids of the events they take part in.
    #[schema(example = json!(["halland-konferens-brottsforebyggande"]))]
    pub events: Vec<String>,
}

impl Person {
    fn new(r: PersonRow, roles: Vec<Role>) -> Person {
        Person {
            id: r.id,
            name: r.name,
            roles,
            signed: r.signed,
            events: r.events,
        }
    }
}

/// `title (organization, party, as_of)`, leaving out what is unknown.
fn role_cell(r: &Role) -> String {
    let details: Vec<String> = [
        r.organization.as_ref().map(|o| o.id.clone()),
        r.party.clone(),
        r.as_of.map(|d| d.to_string()),
    ]
    .into_iter()
    .flatten()
    .collect();
    if details.is_empty() {
        r.title.clone()
    } else {
        format!("{} ({})", r.title, details.join(", "))
    }
}

impl CsvRecord for Person {
    const HEADERS: &'static [&'static str] = &[
        "id",
        "name",
        "roles",
        "organizations",
        "parties",
        "signed",
        "events",
        "sources",
    ];
    fn fields(&self) -> Vec<String> {
        let mut organizations: Vec<&str> = Vec::new();
        let mut parties: Vec<&str> = Vec::new();
        let mut sources: Vec<&str> = Vec::new();
        for r in &self.roles {
            if let Some(o) = &r.organization {
                organizations.push(&o.id);
            }
            if let Some(p) = &r.party {
                parties.push(p);
            }
            sources.extend(r.sources.iter().map(String::as_str));
        }
        for v in [&mut organizations, &mut parties, &mut sources] {
            v.sort_unstable();
            v.dedup();
        }
        let roles: Vec<String> = self.roles.iter().map(role_cell).collect();
        vec![
            self.id.clone(),
            self.name.clone(),
            join(&roles),
            join(&organizations),
            join(&parties),
            join(&self.signed),
            join(&self.events),
            join(&sources),
        ]
    }
}

pub const FILTERS: &[&str] = &["municipality", "q"];

/// Attaches roles to a page of people: one query, whatever the page size.
fn with_roles(conn: &mut PgConnection, rows: Vec<PersonRow>) -> Result<Vec<Person>, ApiError> {
    let ids: Vec<String> = rows.iter().map(|r| r.id.clone()).collect();
    let mut roles: HashMap<String, Vec<Role>> = HashMap::new();
    if !ids.is_empty() {
        for r in q::roles_of(conn, &ids)? {
            roles
                .entry(r.person_id.clone())
                .or_default()
                .push(Role::from(r));
        }
    }
    Ok(rows
        .into_iter()
        .map(|r| {
            let mine = roles.remove(&r.id).unwrap_or_default();
            Person::new(r, mine)
        })
        .collect())
}

/// List people.
#[utoipa::path(
    operation_id = "listPeople",
    tag = "people",
    params(
        ("municipality" = Option<String>, Query, description = "Municipality ids or kommunkoder, comma-separated: people with a role at the municipality or at a party to its agreements, or who sign its agreements.", example = "falkenberg,1287"),
        ("q" = Option<String>, Query, description = "Text the name contains, ignoring case.", example = "svensson"),
        ("sort" = Option<String>, Query, description = "`id` (default) or `name`; prefix `-` to reverse.", example = "name"),
        ("limit" = Option<u32>, Query, description = "Page size, 1–500 (default 50).", minimum = 1, maximum = 500, example = 50),
        ("cursor" = Option<String>, Query, description = "`next_cursor` of the previous page."),
        ("format" = Option<String>, Query, description = "`json` (default) or `csv`; `Accept: text/csv` also gives CSV."),
        ("excel" = Option<bool>, Query, description = "A BOM and `;` separators for Excel. Only with CSV (`format=csv` or `Accept: text/csv`): `excel=true` with JSON is refused with 400."),
    ),
    responses(
        (status = 200, description = "A page of people; `Link: <…>; rel=\"next\"` when there are more.", body = List<Person>),
        (status = 304, description = "Not modified (`If-None-Match`)."),
        (status = 400, description = "Unknown parameter or bad value.", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "Database unavailable.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/v1/people")]
pub async fn list(req: HttpRequest, state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    let params = Params::parse_list(req.query_string(), FILTERS, &[])?;
    let common = params.filter()?;
    super::check_known(&state.db, &common).await?;
    let filter = PersonFilter {
        municipalities: common.municipalities,
        q: common.q,
    };
    let page = Page::from_params(&params, q::SORTS)?;
    let format = params.format(
        req.headers()
            .get(header::ACCEPT)
            .and_then(|v| v.to_str().ok()),
    )?;
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
            Ok((with_roles(conn, rows)?, total, next))
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
        "people",
    )
}

/// One person.
#[utoipa::path(
    operation_id = "getPerson",
    tag = "people",
    params(("id" = String, Path, description = "Person id.", pattern = "^[a-z0-9]+(-[a-z0-9]+)*$", example = "per-svensson")),
    responses(
        (status = 200, description = "The person.", body = Person),
        (status = 304, description = "Not modified (`If-None-Match`)."),
        (status = 400, description = "Unknown parameter, or an id that cannot be one.", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such person.", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "Database unavailable.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/v1/people/{id}")]
pub async fn get(
    req: HttpRequest,
    path: web::Path<String>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    Params::parse(req.query_string(), &[])?;
    let id = path.into_inner();
    let wanted = Slug::parse(&id).map_err(|e| ApiError::bad_param("id", e))?;
    let person = state
        .db
        .run(move |conn| {
            let Some(row) = q::get(conn, wanted.as_str())? else {
                return Ok(None);
            };
            Ok(with_roles(conn, vec![row])?.pop())
        })
        .await?;
    match person {
        Some(p) => json_ok(&req, &p),
        None => Err(ApiError::not_found(format!("no person has the id `{id}`"))),
    }
}
