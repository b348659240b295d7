//! Atom 1.0 feeds (RFC 4287) of the change log, for feed readers: `/feed.atom` for every
//! municipality, `/v1/municipalities/{id}/feed.atom` for one. Entry titles are Swedish words.

use actix_web::{get, web, HttpRequest, HttpResponse};
use atom_syndication::{Category, Entry, Feed, FixedDateTime, Generator, Link, Person, Text};
use chrono::{DateTime, Utc};

use super::changes::Change;
use super::params::Params;
use super::problem::{ApiError, Problem};
use crate::domain::change::{Action, RecordType};
use crate::domain::Status;
use crate::queries::{changes as q, meta};
use crate::state::AppState;

/// Entries per feed: the latest changes. Older ones are in `/v1/changes`.
const ENTRIES: u32 = 100;
const ATOM: &str = "application/atom+xml";
/// The year in the `tag:` URIs (RFC 4151) of this service's feeds and entries.
const TAG_YEAR: u16 = 2026;

/// The Swedish noun for a record type, and whether it is neuter (`ett`) for adjective endings.
fn noun(kind: RecordType) -> (&'static str, bool) {
    match kind {
        RecordType::Agreement => ("samverkansöverenskommelse", false),
        RecordType::Pledge => ("medborgarlöfte", true),
        RecordType::FocusArea => ("fokusområde", true),
        RecordType::Activity | RecordType::ActivityStatus => ("aktivitet", false),
    }
}

fn status_sv(s: Status) -> &'static str {
    match s {
        Status::Planned => "Planerad",
        Status::InProgress => "Pågår",
        Status::Completed => "Genomförd",
        Status::Cancelled => "Inställd",
        Status::Unknown => "Status okänd",
    }
}

fn entry_title(c: &Change) -> String {
    let (noun, neuter) = noun(c.record_type);
    let title = c.title.as_deref().unwrap_or(&c.record_id);
    match (c.action, c.record_type) {
        (Action::Deleted, _) => format!("Borttaget: {noun} {}", c.record_id),
        (_, RecordType::ActivityStatus) => format!(
            "Ändrad status: {title} – {}",
            status_sv(c.status.unwrap_or(Status::Unknown))
        ),
        (Action::Created, _) => format!("{} {noun}: {title}", if neuter { "Nytt" } else { "Ny" }),
        (Action::Updated, _) => format!(
            "{} {noun}: {title}",
            if neuter { "Ändrat" } else { "Ändrad" }
        ),
    }
}

fn entry_summary(c: &Change) -> String {
    let (noun, _) = noun(c.record_type);
    let place = format!("{} (kommunkod {})", c.municipality, c.municipality_code);
    let status = c.status.map(|s| match (s, c.status_since) {
        (Status::Unknown, _) => "Ingen status är rapporterad.".to_owned(),
        (_, Some(d)) => format!("Status: {} sedan {d}.", status_sv(s)),
        (_, None) => format!("Status: {}.", status_sv(s)),
    });
    match c.action {
        Action::Deleted => format!(
            "Posten {} ({noun}, {place}) har tagits bort ur datamängden.",
            c.record_id
        ),
        _ if c.record_type == RecordType::ActivityStatus => {
            format!(
                "{} Aktivitet {} i {place}.",
                status.unwrap_or_default(),
                c.record_id
            )
        }
        _ => {
            let text = c
                .summary
                .as_deref()
                .or(c.title.as_deref())
                .unwrap_or_default();
            match status {
                Some(s) => format!("{text} {s}"),
                None => text.to_owned(),
            }
        }
    }
}

/// The naming authority of `tag:` URIs: the public host, without port.
fn tag_authority(base: &str) -> String {
    let host = base.split("://").nth(1).unwrap_or(base);
    let host = host.split(['/', ':']).next().unwrap_or_default();
    let clean: String = host
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-'))
        .collect::<String>()
        .to_ascii_lowercase();
    if clean.is_empty() {
        "openpledges".into()
    } else {
        clean
    }
}

fn link(href: String, rel: &str, mime_type: &str) -> Link {
    Link {
        href,
        rel: rel.into(),
        mime_type: Some(mime_type.into()),
        ..Default::default()
    }
}

fn entry(c: &Change, base: &str, tag: &str) -> Entry {
    // A deleted record has no live page: the link is the change itself, in the JSON log.
    let href = c
        .url
        .clone()
        .unwrap_or_else(|| format!("{base}/v1/changes?after={}&limit=1", c.id.saturating_sub(1)));
    let (noun, _) = noun(c.record_type);
    Entry {
        title: Text::plain(entry_title(c)),
        id: format!("{tag}:change:{}", c.id),
        updated: c.time.fixed_offset(),
        links: vec![link(href, "alternate", "application/json")],
        summary: Some(Text::plain(entry_summary(c))),
        categories: vec![Category {
            term: c.record_type.as_str().into(),
            label: Some(noun.into()),
            scheme: None,
        }],
        ..Default::default()
    }
}

/// What a feed is about.
struct About {
    /// `tag:` suffix after the authority, e.g. `changes` or `changes:solvesborg`.
    id: String,
    title: String,
    /// Absolute paths (after the base) of the feed and of the same changes as JSON.
    self_path: String,
    alternate_path: String,
}

fn feed(
    base: &str,
    about: About,
    changes: &[Change],
    fallback: Option<DateTime<Utc>>,
) -> Result<Vec<u8>, ApiError> {
    let tag = format!("tag:{},{TAG_YEAR}", tag_authority(base));
    let updated: FixedDateTime = changes
        .iter()
        .map(|c| c.time)
        .max()
        .or(fallback)
        .unwrap_or(DateTime::UNIX_EPOCH)
        .fixed_offset();
    let feed = Feed {
        title: Text::plain(about.title),
        id: format!("{tag}:{}", about.id),
        updated,
        authors: vec![Person {
            name: "OpenPledges".into(),
            uri: Some(format!("{base}/v1/meta")),
            ..Default::default()
        }],
        links: vec![
            link(format!("{base}{}", about.self_path), "self", ATOM),
            link(
                format!("{base}{}", about.alternate_path),
                "alternate",
                "application/json",
            ),
        ],
        subtitle: Some(Text::plain(
            "Nya, ändrade och borttagna samverkansöverenskommelser, medborgarlöften, fokusområden \
             och aktiviteter, och aktiviteternas nya status. De senaste 100 ändringarna; alla finns i /v1/changes.",
        )),
        rights: Some(Text::plain(
            "Datamängden: CC0-1.0. Varje post anger sina källor.",
        )),
        generator: Some(Generator {
            value: "OpenPledges".into(),
            version: Some(env!("CARGO_PKG_VERSION").into()),
            uri: None,
        }),
        lang: Some("sv".into()),
        entries: changes.iter().map(|c| entry(c, base, &tag)).collect(),
        ..Default::default()
    };
    let config = atom_syndication::WriteConfig {
        write_document_declaration: true,
        indent_size: Some(2),
    };
    feed.write_with_config(Vec::new(), config)
        .map_err(ApiError::internal)
}

/// The latest changes of one municipality (its slug) or of all, and when the dataset was imported.
async fn latest(
    state: &AppState,
    base: &str,
    slug: Option<String>,
) -> Result<(Vec<Change>, Option<DateTime<Utc>>), ApiError> {
    let (rows, imported) = state
        .db
        .run(move |conn| {
            let rows = q::latest(conn, slug.as_deref(), ENTRIES)?;
            let imported = meta::version(conn)?.map(|v| v.imported_at);
            Ok((rows, imported))
        })
        .await?;
    let changes = rows
        .into_iter()
        .map(|r| Change::from_row(r, base))
        .collect::<Result<Vec<_>, _>>()?;
    Ok((changes, imported))
}

fn atom_ok(req: &HttpRequest, bytes: Vec<u8>) -> HttpResponse {
    super::cached(req, ATOM, bytes)
}

/// Atom feed of the latest changes.
///
/// The latest 100 changes of every municipality as an Atom 1.0 feed, newest first: each entry
/// links to the live record (once a record is deleted, to the change's entry in `/v1/changes`).
#[utoipa::path(
    operation_id = "getChangesFeed",
    tag = "changes",
    responses(
        (status = 200, description = "The feed.", body = String, content_type = "application/atom+xml"),
        (status = 304, description = "Not modified (`If-None-Match`)."),
        (status = 400, description = "Unknown parameter: the feed takes none.", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "Database unavailable.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/feed.atom")]
pub async fn all(req: HttpRequest, state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    Params::parse(req.query_string(), &[])?;
    let base = state.base_url(&req);
    let (changes, imported) = latest(&state, &base, None).await?;
    let about = About {
        id: "changes".into(),
        title: "OpenPledges: ändringar i medborgarlöften och samverkansöverenskommelser".into(),
        self_path: "/feed.atom".into(),
        alternate_path: "/v1/changes".into(),
    };
    Ok(atom_ok(&req, feed(&base, about, &changes, imported)?))
}

/// Atom feed of one municipality's changes.
///
/// The latest 100 changes of one municipality's agreements, pledges, focus areas and activities
/// as an Atom 1.0 feed, newest first.
#[utoipa::path(
    operation_id = "getMunicipalityChangesFeed",
    tag = "changes",
    params(("id" = String, Path, description = "Slug or four-digit kommunkod.", pattern = "^[a-z0-9]+(-[a-z0-9]+)*$", example = "solvesborg")),
    responses(
        (status = 200, description = "The feed.", body = String, content_type = "application/atom+xml"),
        (status = 304, description = "Not modified (`If-None-Match`)."),
        (status = 400, description = "Unknown parameter, or an id that cannot be one.", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such municipality.", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "Database unavailable.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/v1/municipalities/{id}/feed.atom")]
pub async fn municipality(
    req: HttpRequest,
    path: web::Path<String>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    Params::parse(req.query_string(), &[])?;
    let m = super::municipalities::find(&state.db, &path.into_inner()).await?;
    let base = state.base_url(&req);
    let (changes, imported) = latest(&state, &base, Some(m.id.clone())).await?;
    let about = About {
        id: format!("changes:{}", m.id),
        title: format!("OpenPledges: ändringar för {}", m.organization_name),
        self_path: format!("/v1/municipalities/{}/feed.atom", m.id),
        alternate_path: format!("/v1/changes?municipality={}", m.id),
    };
    Ok(atom_ok(&req, feed(&base, about, &changes, imported)?))
}
