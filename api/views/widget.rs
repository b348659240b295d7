//! The pledge a municipality's widget shows, with its contents: the REST resource, the iframe
//! page and the web component all read it through [`load`].

use serde::Serialize;
use utoipa::ToSchema;

use super::pledges::Pledge;
use super::types::{MunicipalityRef, PhaseOut};
use crate::db::Db;
use crate::domain::{Filter, MunicipalityKey};
use crate::http::params::Include;
use crate::http::problem::ApiError;
use crate::queries;

/// The widget shows a pledge with all its contents and their sources.
const EVERYTHING: Include = Include {
    focus_areas: true,
    activities: true,
    sources: true,
    statements: false,
};

/// Why the widget shows this pledge: where its period stands today, in the words of the records'
/// `phase`, and `undated` for a pledge without one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum WidgetPhase {
    /// Its period contains today.
    Active,
    /// None is current; this one's period starts later and ends last.
    Upcoming,
    /// None is current; this one ended last.
    Ended,
    /// The municipality has no dated pledge; no source gives this one's period.
    Undated,
}

/// The pledge a municipality's widget shows: the current one, else the latest by period, else an
/// undated one.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct MunicipalityPledge {
    /// `active`, `upcoming`, `ended` (the pledge's `phase`) or `undated`.
    pub phase: WidgetPhase,
    pub municipality: MunicipalityRef,
    /// With `focus_areas`, `activities` (each with its status) and `source_details` embedded.
    pub pledge: Pledge,
    /// The pledge's public page on this service.
    #[schema(example = "/pledges/solvesborg-2022-2023")]
    pub page: String,
}

/// An agreement a municipality without pledge can be pointed to.
#[derive(Debug, Clone)]
pub struct AgreementLink {
    pub id: String,
    pub title: String,
}

/// What there is to show for a municipality.
pub enum Found {
    Pledge(Box<MunicipalityPledge>),
    /// The municipality exists but the dataset holds no pledge for it.
    NoPledge {
        municipality: MunicipalityRef,
        agreements: Vec<AgreementLink>,
    },
}

/// The municipality's widget pledge with its contents; `None` when no municipality has this key.
pub async fn load(db: &Db, key: MunicipalityKey) -> Result<Option<Found>, ApiError> {
    let today = chrono::Utc::now().date_naive();
    db.run(move |conn| {
        let Some(m) = queries::municipalities::get(conn, &key)? else {
            return Ok(None);
        };
        let municipality = MunicipalityRef {
            id: m.id.clone(),
            name: m.name,
            code: m.code,
        };
        let chosen = queries::widget::chosen_pledge(conn, &key, today)?;
        let pledge = match chosen {
            Some(id) => super::pledges::one(conn, &id, EVERYTHING, None)?,
            None => None,
        };
        let Some(pledge) = pledge else {
            let filter = Filter {
                municipalities: vec![m.id],
                ..Filter::default()
            };
            let (rows, _) = queries::agreements::list(conn, &filter, "id", true, None, 50)?;
            let agreements = rows
                .into_iter()
                .map(|a| AgreementLink {
                    id: a.id,
                    title: a.title,
                })
                .collect();
            return Ok(Some(Found::NoPledge {
                municipality,
                agreements,
            }));
        };
        Ok(Some(Found::Pledge(Box::new(complete(
            pledge,
            municipality,
        )?))))
    })
    .await
}

/// A pledge with everything the widget shows of it.
fn complete(pledge: Pledge, municipality: MunicipalityRef) -> Result<MunicipalityPledge, ApiError> {
    let phase = match pledge.phase {
        Some(PhaseOut::Active) => WidgetPhase::Active,
        Some(PhaseOut::Upcoming) => WidgetPhase::Upcoming,
        Some(PhaseOut::Ended) => WidgetPhase::Ended,
        None => WidgetPhase::Undated,
    };
    Ok(MunicipalityPledge {
        phase,
        municipality,
        page: format!("/pledges/{}", pledge.id),
        pledge,
    })
}

/// One pledge by id, as the widget shows it (for its public page); `None` when no pledge has it.
pub async fn load_pledge(db: &Db, id: String) -> Result<Option<MunicipalityPledge>, ApiError> {
    db.run(move |conn| {
        let Some(pledge) = super::pledges::one(conn, &id, EVERYTHING, None)? else {
            return Ok(None);
        };
        let municipality = pledge.municipality.clone();
        Ok(Some(complete(pledge, municipality)?))
    })
    .await
}
