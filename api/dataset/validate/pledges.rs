//! Pledges, their activities and the activities' status histories.

use super::{At, Checker};
use crate::dataset::files::MunicipalityFile;
use crate::dataset::load::SourceText;
use crate::dataset::model::*;
use crate::domain::Status;

pub(super) fn pledges(
    c: &mut Checker,
    src: &SourceText,
    f: &MunicipalityFile,
    pledges: &mut Vec<Pledge>,
) {
    let m = f.municipality.get_ref();
    for r in &f.pledge {
        let at = At {
            src,
            offset: r.span().start,
            what: format!("pledge `{}`", r.get_ref().id),
        };
        let r = r.get_ref();
        let id = c.slug(&at, "id", &r.id);
        if !id.starts_with(&format!("{}-", m.id)) {
            c.report(
                &at,
                format!("`id` must begin with the municipality's id: `{}-…`", m.id),
            );
        }
        if let Some(a) = &r.agreement {
            match c.agreements.get(a) {
                None => c.report(
                    &at,
                    format!("`agreement` names `{a}`, which is no agreement"),
                ),
                Some(owner) if *owner != m.id => c.report(
                    &at,
                    format!(
                        "`agreement` names `{a}`, an agreement of {owner}, not of {}",
                        m.id
                    ),
                ),
                Some(_) => {}
            }
        }
        let focus_areas = c.focus_areas(src, ("pledge", &id), &r.focus_area);
        let mut activities = Vec::new();
        for (i, a) in r.activity.iter().enumerate() {
            let aat = At {
                src,
                offset: a.span().start,
                what: format!("pledge `{id}`, activity `{}`", a.get_ref().id),
            };
            let a = a.get_ref();
            let want = format!("a{}", i + 1);
            if a.id != want {
                c.report(
                    &aat,
                    format!("`id` must be `{want}`: activities are numbered a1, a2, … in order"),
                );
            }
            let focus_area = a.focus_area.as_ref().map(|f| {
                let full = format!("{id}/{f}");
                if !focus_areas.iter().any(|x| x.id == full) {
                    c.report(
                        &aat,
                        format!("`focus_area` names `{f}`, which this pledge does not have"),
                    );
                }
                full
            });
            let mut responsible = Vec::new();
            for o in &a.responsible {
                if responsible.contains(o) {
                    c.report(&aat, format!("`responsible` names `{o}` twice"));
                }
                responsible.push(c.organization(&aat, "responsible", o, None));
            }
            let planned_start = c.date(&aat, "planned_start", &a.planned_start);
            let planned_end = c.date(&aat, "planned_end", &a.planned_end);
            if let (Some(s), Some(e)) = (planned_start, planned_end) {
                if e < s {
                    c.report(
                        &aat,
                        format!("planned period ends ({e}) before it starts ({s})"),
                    );
                }
            }
            let mut status_events: Vec<StatusEvent> = Vec::new();
            for s in &a.status {
                let sat = At {
                    src,
                    offset: s.span().start,
                    what: format!("pledge `{id}`, activity `{}`, status", a.id),
                };
                let s = s.get_ref();
                let status = match s.status.parse::<Status>() {
                    Ok(st) => st,
                    Err(e) => {
                        c.report(&sat, e);
                        Status::Unknown
                    }
                };
                if !c.sources.contains(&s.source) {
                    c.report(
                        &sat,
                        format!(
                            "`source` names `{}`, which is not in sources.toml",
                            s.source
                        ),
                    );
                }
                let Some(effective_on) =
                    c.date(&sat, "effective_on", &Some(s.effective_on.clone()))
                else {
                    continue;
                };
                if status_events
                    .last()
                    .is_some_and(|p| p.effective_on > effective_on)
                {
                    c.report(&sat, "status events must be listed oldest first");
                }
                if status_events
                    .iter()
                    .any(|p| p.effective_on == effective_on && p.status == status)
                {
                    c.report(&sat, "the same status on the same day twice");
                }
                status_events.push(StatusEvent {
                    status,
                    effective_on,
                    note: c.optional(&sat, "note", &s.note),
                    source: s.source.clone(),
                });
            }
            activities.push(Activity {
                id: format!("{id}/{}", a.id),
                focus_area,
                title: c.required(&aat, "title", &a.title),
                description: c.optional(&aat, "description", &a.description),
                responsible,
                planned_start,
                planned_end,
                due_on: c.date(&aat, "due_on", &a.due_on),
                note: c.optional(&aat, "note", &a.note),
                sources: c.cites(&aat, &a.sources),
                status_events,
            });
        }
        let period = c.period(&at, &r.period);
        // A period that did not parse is reported already; compare only a valid one.
        if r.period.is_none() || period.is_some() {
            c.id_years(&at, &m.id, &id, period.as_ref());
        }
        pledges.push(Pledge {
            municipality: m.id.clone(),
            agreement: r.agreement.clone(),
            title: c.required(&at, "title", &r.title),
            period,
            published_on: c.date(&at, "published_on", &r.published_on),
            summary: c.optional(&at, "summary", &r.summary),
            note: c.optional(&at, "note", &r.note),
            inferred: c.inferred(
                &at,
                &r.inferred,
                &[
                    ("agreement", r.agreement.is_some()),
                    ("title", true),
                    ("period", r.period.is_some()),
                ],
            ),
            sources: c.cites(&at, &r.sources),
            focus_areas,
            activities,
            id,
        });
    }
}
