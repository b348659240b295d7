//! Pledges as every door shows them, with what `include` embeds.

use std::collections::{BTreeSet, HashMap};

use chrono::NaiveDate;
use diesel::PgConnection;
use serde::Serialize;
use utoipa::ToSchema;

use super::activities::Activity;
use super::focus_areas::FocusArea;
use super::sources::Source;
use super::types::{
    period, period_out, phase_today, MunicipalityRef, PeriodOut, PhaseOut, StatusCounts,
};
use crate::http::csv::{join, opt, CsvRecord};
use crate::http::params::Include;
use crate::http::problem::ApiError;
use crate::queries::{self, pledges::PledgeRow};

/// A citizen pledge (medborgarlöfte): what municipality and police promise for a period.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Pledge {
    /// `<municipality>-<first year>-<last year>` or `<municipality>-<year>`.
    #[schema(example = "solvesborg-2022-2023")]
    pub id: String,
    pub title: String,
    pub municipality: MunicipalityRef,
    /// The cooperation agreement it belongs to, where known.
    #[schema(example = "solvesborg-2022-2026")]
    pub agreement_id: Option<String>,
    /// Null when no source gives the period.
    pub period: Option<PeriodOut>,
    /// Where the period stands today; null without a period.
    pub phase: Option<PhaseOut>,
    pub published_on: Option<NaiveDate>,
    /// In our own words, in Swedish.
    pub summary: Option<String>,
    /// What the sources do not say, and other editorial notes.
    pub note: Option<String>,
    /// The values (`agreement`, `title`, `period`) that are the dataset's judgement rather than
    /// the sources' words, with the reason.
    pub inferred: Vec<crate::domain::Inference>,
    /// Theme codes of its focus areas.
    pub themes: Vec<String>,
    pub focus_area_count: i64,
    pub activity_count: i64,
    /// Its activities by status: the latest, or on `as_of` when given.
    pub status_counts: StatusCounts,
    /// With `as_of`: the day `status_counts` are counted on.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status_as_of: Option<NaiveDate>,
    /// Source ids (see `/v1/sources`).
    pub sources: Vec<String>,
    /// With `include=focus_areas`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub focus_areas: Option<Vec<FocusArea>>,
    /// With `include=activities`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub activities: Option<Vec<Activity>>,
    /// With `include=sources`: the sources of the pledge and of what is included with it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source_details: Option<Vec<Source>>,
    /// With `include=statements`: what named people said about it, quoted from the sources.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub statements: Option<Vec<crate::views::statements::Statement>>,
}

pub fn status_counts(statuses: &[String]) -> StatusCounts {
    let mut c = StatusCounts::default();
    for s in statuses {
        match s.as_str() {
            "planned" => c.planned += 1,
            "in_progress" => c.in_progress += 1,
            "completed" => c.completed += 1,
            "cancelled" => c.cancelled += 1,
            _ => c.unknown += 1,
        }
    }
    c
}

impl From<PledgeRow> for Pledge {
    fn from(r: PledgeRow) -> Pledge {
        debug_assert!(!r.lean, "a response is made from whole rows only");
        let p = period(r.period_start, r.period_end, r.period_precision.as_deref());
        Pledge {
            id: r.id,
            title: r.title,
            municipality: MunicipalityRef {
                id: r.municipality_id,
                name: r.municipality_name,
                code: r.municipality_code,
            },
            agreement_id: r.agreement_id,
            period: period_out(&p),
            phase: phase_today(&p),
            published_on: r.published_on,
            summary: r.summary,
            note: r.note,
            inferred: r.inferred.0,
            themes: r.themes,
            focus_area_count: r.focus_area_count,
            activity_count: r.activity_statuses.len() as i64,
            status_counts: status_counts(&r.activity_statuses),
            status_as_of: None,
            sources: r.sources,
            focus_areas: None,
            activities: None,
            source_details: None,
            statements: None,
        }
    }
}

impl Pledge {
    /// A pledge whose activity statuses were read as of `as_of` (the latest when `None`).
    pub(crate) fn on(r: PledgeRow, as_of: Option<NaiveDate>) -> Pledge {
        Pledge {
            status_as_of: as_of,
            ..Pledge::from(r)
        }
    }
}

impl CsvRecord for Pledge {
    const HEADERS: &'static [&'static str] = &[
        "id",
        "title",
        "municipality_id",
        "municipality_code",
        "agreement_id",
        "period_start",
        "period_end",
        "period_precision",
        "published_on",
        "summary",
        "note",
        "themes",
        "focus_area_count",
        "activity_count",
        "planned",
        "in_progress",
        "completed",
        "cancelled",
        "unknown",
        "sources",
        "inferred",
    ];
    fn fields(&self) -> Vec<String> {
        let c = &self.status_counts;
        vec![
            self.id.clone(),
            self.title.clone(),
            self.municipality.id.clone(),
            self.municipality.code.clone(),
            opt(&self.agreement_id),
            opt(&self.period.as_ref().map(|p| p.start)),
            opt(&self.period.as_ref().map(|p| p.end)),
            opt(&self.period.as_ref().map(|p| p.precision.clone())),
            opt(&self.published_on),
            opt(&self.summary),
            opt(&self.note),
            join(&self.themes),
            self.focus_area_count.to_string(),
            self.activity_count.to_string(),
            c.planned.to_string(),
            c.in_progress.to_string(),
            c.completed.to_string(),
            c.cancelled.to_string(),
            c.unknown.to_string(),
            join(&self.sources),
            super::types::inferred_fields(&self.inferred),
        ]
    }
}

/// Loads what `include` asks for, for all pledges at once: a fixed number of queries per page.
/// Activities have their status on `as_of` (the latest without it).
pub(crate) fn embed(
    conn: &mut PgConnection,
    pledges: &mut [Pledge],
    inc: Include,
    as_of: Option<NaiveDate>,
) -> Result<(), ApiError> {
    if pledges.is_empty() || inc == Include::default() {
        return Ok(());
    }
    let ids: Vec<String> = pledges.iter().map(|p| p.id.clone()).collect();
    if inc.focus_areas {
        let mut by_parent: HashMap<String, Vec<FocusArea>> = HashMap::new();
        for row in queries::focus_areas::by_parents(conn, &ids)? {
            by_parent
                .entry(row.parent_id.clone())
                .or_default()
                .push(FocusArea::from(row));
        }
        for p in pledges.iter_mut() {
            p.focus_areas = Some(by_parent.remove(&p.id).unwrap_or_default());
        }
    }
    if inc.activities {
        let mut by_pledge: HashMap<String, Vec<Activity>> = HashMap::new();
        for row in queries::activities::by_pledges(conn, &ids, as_of)? {
            by_pledge
                .entry(row.pledge_id.clone())
                .or_default()
                .push(Activity::on(row, as_of));
        }
        for p in pledges.iter_mut() {
            p.activities = Some(by_pledge.remove(&p.id).unwrap_or_default());
        }
    }
    if inc.sources {
        attach_sources(conn, pledges)?;
    }
    if inc.statements {
        super::statements::attach(
            conn,
            pledges,
            |r| r.id.clone(),
            |r, s| r.statements = Some(s),
        )?;
    }
    Ok(())
}

/// The source ids a pledge cites, itself and through what is included with it.
fn cited(p: &Pledge) -> BTreeSet<String> {
    let mut ids: BTreeSet<String> = p.sources.iter().cloned().collect();
    for f in p.focus_areas.iter().flatten() {
        ids.extend(f.sources.iter().cloned());
    }
    for a in p.activities.iter().flatten() {
        ids.extend(a.sources.iter().cloned());
    }
    ids
}

/// `source_details`: the sources of each pledge and of what is included with it, in one query.
fn attach_sources(conn: &mut PgConnection, pledges: &mut [Pledge]) -> Result<(), ApiError> {
    super::sources::attach(conn, pledges, cited, |p, s| p.source_details = Some(s))?;
    Ok(())
}

/// One pledge with what `include` asks for: the pledge, its focus areas and its activities in one
/// statement ([`queries::pledges::tree`]), the sources in a second when asked for.
pub(crate) fn one(
    conn: &mut PgConnection,
    id: &str,
    inc: Include,
    as_of: Option<NaiveDate>,
) -> Result<Option<Pledge>, ApiError> {
    let branches = queries::pledges::Branches {
        focus_areas: inc.focus_areas,
        activities: inc.activities,
        themes: false,
        pledge: queries::Detail::Whole,
        focus_area: queries::Detail::Whole,
        activity: queries::Detail::Whole,
    };
    let Some(tree) = queries::pledges::tree(conn, id, as_of, branches)? else {
        return Ok(None);
    };
    let mut p = Pledge::on(tree.pledge, as_of);
    p.focus_areas = tree
        .focus_areas
        .map(|rows| rows.into_iter().map(FocusArea::from).collect());
    p.activities = tree
        .activities
        .map(|rows| rows.into_iter().map(|r| Activity::on(r, as_of)).collect());
    let mut one = [p];
    if inc.sources {
        attach_sources(conn, &mut one)?;
    }
    if inc.statements {
        super::statements::attach(
            conn,
            &mut one,
            |r| r.id.clone(),
            |r, s| r.statements = Some(s),
        )?;
    }
    let [p] = one;
    Ok(Some(p))
}
