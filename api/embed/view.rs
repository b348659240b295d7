//! What the templates show of a pledge: the widget JSON, grouped and put into words.

use crate::domain::Status;
use crate::views::activities::Activity;
use crate::views::sources::Source;
use crate::views::widget::{MunicipalityPledge, WidgetPhase};

use super::text::{icon, Text};

/// A pledge as the widget card shows it.
pub struct Card {
    pub pledge_id: String,
    pub title: String,
    pub municipality: String,
    /// `active`, `upcoming`, `ended` or `undated`.
    pub phase: &'static str,
    pub phase_word: &'static str,
    pub period: Option<String>,
    pub summary: Option<String>,
    pub focus_areas: Vec<AreaView>,
    /// Activities whose focus area the sources do not give.
    pub other: Vec<ActivityView>,
    /// Non-zero counts per status, in lifecycle order.
    pub counts: Vec<CountView>,
    pub sources: Vec<SourceLink>,
    /// The pledge's public page (a path on this service).
    pub page: String,
}

pub struct AreaView {
    pub id: String,
    pub title: String,
    pub description: Option<String>,
    pub activities: Vec<ActivityView>,
}

pub struct ActivityView {
    pub id: String,
    pub title: String,
    pub description: Option<String>,
    /// The API's snake_case value.
    pub status: &'static str,
    pub word: &'static str,
    pub icon: &'static str,
}

pub struct CountView {
    pub status: &'static str,
    pub word: &'static str,
    pub icon: &'static str,
    pub n: usize,
}

pub struct SourceLink {
    pub title: String,
    pub url: Option<String>,
}

/// Links to these sources, in their order.
pub fn source_links<'a>(sources: impl Iterator<Item = &'a Source>) -> Vec<SourceLink> {
    sources
        .map(|s| SourceLink {
            title: s.title.clone(),
            url: s.url.clone(),
        })
        .collect()
}

fn activity(a: &Activity, t: &Text) -> ActivityView {
    ActivityView {
        id: a.id.clone(),
        title: a.title.clone(),
        description: a.description.clone(),
        status: a.status.as_str(),
        word: t.status(a.status),
        icon: icon(a.status),
    }
}

impl Card {
    pub fn new(w: &MunicipalityPledge, t: &Text) -> Card {
        let p = &w.pledge;
        let activities = p.activities.as_deref().unwrap_or_default();
        let focus_areas = p
            .focus_areas
            .iter()
            .flatten()
            .map(|f| AreaView {
                id: f.id.clone(),
                title: f.title.clone(),
                description: f.description.clone(),
                activities: activities
                    .iter()
                    .filter(|a| a.focus_area_id.as_deref() == Some(f.id.as_str()))
                    .map(|a| activity(a, t))
                    .collect(),
            })
            .collect::<Vec<_>>();
        let other = activities
            .iter()
            .filter(|a| {
                !focus_areas
                    .iter()
                    .any(|f| a.focus_area_id.as_deref() == Some(f.id.as_str()))
            })
            .map(|a| activity(a, t))
            .collect();
        let counts = Status::ALL
            .into_iter()
            .map(|s| CountView {
                status: s.as_str(),
                word: t.status(s),
                icon: icon(s),
                n: activities.iter().filter(|a| a.status == s).count(),
            })
            .filter(|c| c.n > 0)
            .collect();
        let (phase, phase_word) = match w.phase {
            WidgetPhase::Active => ("active", t.current),
            WidgetPhase::Upcoming => ("upcoming", t.upcoming),
            WidgetPhase::Ended => ("ended", t.ended),
            WidgetPhase::Undated => ("undated", t.undated),
        };
        Card {
            pledge_id: p.id.clone(),
            title: p.title.clone(),
            municipality: w.municipality.name.clone(),
            phase,
            phase_word,
            period: p.period.as_ref().map(|x| x.label.clone()),
            summary: p.summary.clone(),
            focus_areas,
            other,
            counts,
            sources: source_links(
                p.source_details
                    .iter()
                    .flatten()
                    .filter(|s| p.sources.contains(&s.id)),
            ),
            page: w.page.clone(),
        }
    }
}
