//! A focus area, and an activity under it with its status history.

use chrono::Duration;

use super::rng::Rng;
use super::texts::{text_for, ADDENDA, PLACES};
use super::{sources, SOURCE_ID};
use crate::dataset::model::*;
use crate::domain::{Period, Status};

pub(super) fn focus_area(rng: &mut Rng, themes: &[String], parent: &str, n: usize) -> FocusArea {
    let k = rng.between(1, 3);
    let picked = rng.sorted_sample(themes.len(), k);
    let codes: Vec<String> = picked.iter().map(|&t| themes[t].clone()).collect();
    let text = text_for(&codes[rng.below(codes.len())]);
    FocusArea {
        id: format!("{parent}/f{n}"),
        title: (*rng.pick(text.focus)).into(),
        description: Some((*rng.pick(text.about)).into()),
        goals: rng.chance(60).then(|| (*rng.pick(text.goals)).into()),
        themes: codes,
        sources: sources(),
    }
}

pub(super) fn activity(
    rng: &mut Rng,
    f: &FocusArea,
    pledge: &str,
    n: usize,
    period: &Period,
    municipality: &str,
    area: &str,
) -> Activity {
    let text = text_for(&f.themes[rng.below(f.themes.len())]);
    let (title, about) = *rng.pick(text.activities);
    let title = if rng.chance(40) {
        format!("{title} vid {}", rng.pick(PLACES))
    } else {
        title.to_owned()
    };
    let days = (period.end - period.start).num_days() as usize + 1;
    let on = |d: usize| period.start + Duration::days(d as i64);
    let (planned_start, planned_end) = if rng.chance(70) {
        let s = rng.below(days / 2);
        (Some(on(s)), Some(on(rng.between(s + 30, days - 1))))
    } else {
        (None, None)
    };
    let responsible = match rng.below(10) {
        0 => vec![],
        1..=3 => vec![municipality.to_owned()],
        4..=5 => vec![area.to_owned()],
        _ => vec![municipality.to_owned(), area.to_owned()],
    };
    // planned → in_progress (perhaps reported twice) → completed | cancelled, on ascending days.
    let count = match rng.below(20) {
        0..=3 => 0,
        4..=8 => 1,
        9..=13 => 2,
        14..=17 => 3,
        _ => 4,
    };
    let ends = if rng.chance(85) {
        Status::Completed
    } else {
        Status::Cancelled
    };
    let statuses = match count {
        0 => vec![],
        1 => vec![Status::Planned],
        2 if ends == Status::Cancelled => vec![Status::Planned, Status::Cancelled],
        2 => vec![Status::Planned, Status::InProgress],
        3 => vec![Status::Planned, Status::InProgress, ends],
        _ => vec![
            Status::Planned,
            Status::InProgress,
            Status::InProgress,
            ends,
        ],
    };
    let status_events = statuses
        .iter()
        .zip(rng.sorted_sample(days, statuses.len()))
        .enumerate()
        .map(|(k, (&status, day))| StatusEvent {
            status,
            effective_on: on(day),
            note: (k == 2 && status == Status::InProgress)
                .then(|| "Delrapport: arbetet pågår enligt plan.".to_owned()),
            source: SOURCE_ID.into(),
        })
        .collect();
    Activity {
        id: format!("{pledge}/a{n}"),
        focus_area: rng.chance(90).then(|| f.id.clone()),
        title,
        description: Some(format!("{about} {}", rng.pick(ADDENDA))),
        responsible,
        planned_start,
        planned_end,
        due_on: rng.chance(30).then_some(period.end),
        note: None,
        sources: sources(),
        status_events,
    }
}
