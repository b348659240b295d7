use actix_web::{get, web, HttpRequest, HttpResponse};
use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use utoipa::ToSchema;

use super::json_ok;
use super::params::Params;
use super::problem::{ApiError, Problem};
use crate::queries::meta::{self as q, CountsRow, CreditRow, VersionRow};
use crate::state::AppState;

pub use crate::views::meta::{LICENCE_ID, LICENCE_NAME, LICENCE_URL};

/// The dataset release the service holds.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct DatasetVersion {
    /// Semantic version of the dataset (`data/dataset.toml`).
    #[schema(example = "1.0.0")]
    pub version: String,
    /// When this version was released.
    #[schema(example = "2026-11-25")]
    pub released_on: NaiveDate,
    /// When this service's database imported it.
    pub imported_at: DateTime<Utc>,
    /// SHA-256 of the dataset files, hex.
    #[schema(example = "3f0c…")]
    pub digest: String,
    /// True for generated test data (`openpledges generate`), never mixed with the real dataset.
    #[schema(example = false)]
    pub synthetic: bool,
}

/// The licence of the dataset's compilation.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Licence {
    /// SPDX identifier.
    #[schema(example = "CC0-1.0")]
    pub id: String,
    #[schema(example = "CC0 1.0 Universal")]
    pub name: String,
    #[schema(example = "https://creativecommons.org/publicdomain/zero/1.0/")]
    pub url: String,
}

/// How many records of each kind the dataset holds.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Counts {
    #[schema(example = 6)]
    pub municipalities: i64,
    /// Every organization, municipalities included.
    pub organizations: i64,
    pub agreements: i64,
    pub pledges: i64,
    pub focus_areas: i64,
    pub activities: i64,
    /// Reported status changes of activities.
    pub activity_status_events: i64,
    pub themes: i64,
    pub sources: i64,
    pub people: i64,
    pub events: i64,
    /// What named people said, quoted from the sources.
    pub statements: i64,
}

/// A source the dataset credits (see `/v1/sources/{id}` for the rest).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Credit {
    #[schema(example = "solvesborg-2022-medborgarlofte-nyhet")]
    pub id: String,
    pub title: String,
    #[schema(example = "Sölvesborgs kommun")]
    pub publisher: String,
}

/// Who the data comes from, as a sentence in Swedish and English and as a list.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Attribution {
    #[schema(
        example = "Uppgifterna är sammanställda ur 6 källor (se listan). Sammanställningen är fri att använda enligt CC0 1.0; ange gärna källorna."
    )]
    pub text_sv: String,
    #[schema(
        example = "The data is compiled from 6 sources (see the list). The compilation is free to use under CC0 1.0; please credit the sources."
    )]
    pub text_en: String,
    /// Every source, by id.
    pub sources: Vec<Credit>,
}

/// What this service serves: API and dataset versions, licence, size and attribution.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Meta {
    /// The version of this API (the service's release).
    #[schema(example = "0.6.0")]
    pub api_version: String,
    /// Null only while no dataset has been imported.
    pub dataset: Option<DatasetVersion>,
    pub licence: Licence,
    pub counts: Counts,
    pub attribution: Attribution,
}

impl From<VersionRow> for DatasetVersion {
    fn from(r: VersionRow) -> DatasetVersion {
        DatasetVersion {
            version: r.version,
            released_on: r.released_on,
            imported_at: r.imported_at,
            digest: r.digest,
            synthetic: r.synthetic,
        }
    }
}

impl From<CountsRow> for Counts {
    fn from(r: CountsRow) -> Counts {
        Counts {
            municipalities: r.municipalities,
            organizations: r.organizations,
            agreements: r.agreements,
            pledges: r.pledges,
            focus_areas: r.focus_areas,
            activities: r.activities,
            activity_status_events: r.activity_status_events,
            themes: r.themes,
            sources: r.sources,
            people: r.people,
            events: r.events,
            statements: r.statements,
        }
    }
}

fn attribution(credits: Vec<CreditRow>) -> Attribution {
    let n = credits.len();
    let (sv, en) = if n == 1 {
        ("1 källa".to_owned(), "1 source".to_owned())
    } else {
        (format!("{n} källor"), format!("{n} sources"))
    };
    Attribution {
        text_sv: format!(
            "Uppgifterna är sammanställda ur {sv} (se listan). Sammanställningen är fri att använda enligt CC0 1.0; ange gärna källorna."
        ),
        text_en: format!(
            "The data is compiled from {en} (see the list). The compilation is free to use under CC0 1.0; please credit the sources."
        ),
        sources: credits
            .into_iter()
            .map(|c| Credit {
                id: c.id,
                title: c.title,
                publisher: c.publisher,
            })
            .collect(),
    }
}

/// About the service and its dataset.
///
/// The API and dataset versions, when the dataset was released and imported, its licence
/// (CC0-1.0 for the compilation), how many records of each kind it holds, and the sources it
/// is compiled from.
#[utoipa::path(
    operation_id = "getMeta",
    tag = "meta",
    responses(
        (status = 200, description = "Versions, licence, counts and attribution.", body = Meta),
        (status = 304, description = "Not modified (`If-None-Match`)."),
        (status = 400, description = "A query parameter was given; this endpoint takes none.", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "Database unavailable.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/v1/meta")]
pub async fn meta(req: HttpRequest, state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    Params::parse(req.query_string(), &[])?;
    let (version, counts, credits) = state.db.run(|conn| Ok(q::snapshot(conn)?)).await?;
    let meta = Meta {
        api_version: env!("CARGO_PKG_VERSION").to_owned(),
        dataset: version.map(DatasetVersion::from),
        licence: Licence {
            id: LICENCE_ID.to_owned(),
            name: LICENCE_NAME.to_owned(),
            url: LICENCE_URL.to_owned(),
        },
        counts: counts.into(),
        attribution: attribution(credits),
    };
    json_ok(&req, &meta)
}
