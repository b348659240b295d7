//! Agreements and pledges, their focus areas and activities, and what links them.

use std::collections::{HashMap, HashSet};

use diesel::pg::PgConnection;
use diesel::prelude::*;

use super::rows::*;
use super::sync::{cite, ids_of, opt_id, period_cols, position, sync_links, sync_table, Stale};
use super::{Ids, Report, CHUNK};
use crate::dataset::changelog::Touched;
use crate::dataset::model::*;
use crate::db::schema::*;
use crate::queries::changes::RecordType;

pub(super) fn write(
    conn: &mut PgConnection,
    data: &Dataset,
    report: &mut Report,
    ids: &Ids,
    stale: &mut Vec<Stale>,
    touched: &mut Touched,
    citations: &mut HashSet<CitationRow>,
) -> QueryResult<Commitments> {
    let Ids {
        source_ids,
        theme_ids,
        org_ids,
        person_ids,
    } = ids;

    let mut agreement_rows = Vec::new();
    for a in &data.agreements {
        let (period_start, period_end, period_precision) = period_cols(&a.period);
        agreement_rows.push(AgreementRow {
            public_id: a.id.clone(),
            municipality_id: ids_of(org_ids, &a.municipality)?,
            title: a.title.clone(),
            signed_on: a.signed_on,
            period_start,
            period_end,
            period_precision,
            summary: a.summary.clone(),
            follow_up: a.follow_up.clone(),
            note: a.note.clone(),
            inferred: inferred(&a.inferred),
        });
    }
    let (agreement_ids, s) = sync_table!(
        conn,
        report,
        agreements,
        AgreementRow,
        |r: &AgreementRow| r.public_id.clone(),
        agreement_rows
    );
    stale.push(s);

    let mut party_rows = Vec::new();
    let mut signatory_rows = Vec::new();
    for a in &data.agreements {
        let agreement_id = ids_of(&agreement_ids, &a.id)?;
        cite(
            citations,
            source_ids,
            &a.sources,
            CitationRow {
                agreement_id: Some(agreement_id),
                ..Default::default()
            },
        )?;
        for (i, p) in a.parties.iter().enumerate() {
            party_rows.push(PartyRow {
                agreement_id,
                organization_id: ids_of(org_ids, p)?,
                position: position(i),
                role: "party".into(),
            });
        }
        for (i, s) in a.signatories.iter().enumerate() {
            signatory_rows.push(SignatoryRow {
                agreement_id,
                person_id: ids_of(person_ids, &s.person)?,
                position: position(i),
                role: s.role.clone(),
                organization_id: opt_id(org_ids, &s.organization)?,
                inferred: inferred(&s.inferred),
            });
        }
    }
    touched.links(
        RecordType::Agreement,
        sync_links!(
            conn,
            report,
            agreement_parties,
            PartyRow,
            agreement_id,
            organization_id,
            party_rows
        ),
    );
    touched.links(
        RecordType::Agreement,
        sync_links!(
            conn,
            report,
            signatories,
            SignatoryRow,
            agreement_id,
            person_id,
            signatory_rows
        ),
    );

    let mut pledge_rows = Vec::new();
    for p in &data.pledges {
        let (period_start, period_end, period_precision) = period_cols(&p.period);
        pledge_rows.push(PledgeRow {
            public_id: p.id.clone(),
            municipality_id: ids_of(org_ids, &p.municipality)?,
            agreement_id: opt_id(&agreement_ids, &p.agreement)?,
            title: p.title.clone(),
            period_start,
            period_end,
            period_precision,
            published_on: p.published_on,
            summary: p.summary.clone(),
            note: p.note.clone(),
            inferred: inferred(&p.inferred),
        });
    }
    let (pledge_ids, s) = sync_table!(
        conn,
        report,
        pledges,
        PledgeRow,
        |r: &PledgeRow| r.public_id.clone(),
        pledge_rows
    );
    stale.push(s);

    let mut focus_rows = Vec::new();
    let parents = data
        .agreements
        .iter()
        .map(|a| {
            (
                &a.focus_areas,
                &a.sources,
                Some(ids_of(&agreement_ids, &a.id)),
                None,
            )
        })
        .chain(data.pledges.iter().map(|p| {
            (
                &p.focus_areas,
                &p.sources,
                None,
                Some(ids_of(&pledge_ids, &p.id)),
            )
        }));
    let mut focus_meta = Vec::new();
    for (areas, _, agreement_id, pledge_id) in parents {
        let agreement_id = agreement_id.transpose()?;
        let pledge_id = pledge_id.transpose()?;
        for (i, f) in areas.iter().enumerate() {
            focus_rows.push(FocusAreaRow {
                public_id: f.id.clone(),
                pledge_id,
                agreement_id,
                position: position(i),
                title: f.title.clone(),
                description: f.description.clone(),
                goals: f.goals.clone(),
            });
            focus_meta.push(f);
        }
    }
    let (focus_ids, s) = sync_table!(
        conn,
        report,
        focus_areas,
        FocusAreaRow,
        |r: &FocusAreaRow| r.public_id.clone(),
        focus_rows
    );
    stale.push(s);
    let mut theme_rows = Vec::new();
    for f in focus_meta {
        let id = ids_of(&focus_ids, &f.id)?;
        cite(
            citations,
            source_ids,
            &f.sources,
            CitationRow {
                focus_area_id: Some(id),
                ..Default::default()
            },
        )?;
        for t in &f.themes {
            theme_rows.push(FocusAreaThemeRow {
                focus_area_id: id,
                theme_id: ids_of(theme_ids, t)?,
            });
        }
    }
    touched.links(
        RecordType::FocusArea,
        sync_links!(
            conn,
            report,
            focus_area_themes,
            FocusAreaThemeRow,
            focus_area_id,
            theme_id,
            theme_rows
        ),
    );

    let mut activity_rows = Vec::new();
    for p in &data.pledges {
        let pledge_id = ids_of(&pledge_ids, &p.id)?;
        cite(
            citations,
            source_ids,
            &p.sources,
            CitationRow {
                pledge_id: Some(pledge_id),
                ..Default::default()
            },
        )?;
        for (i, a) in p.activities.iter().enumerate() {
            activity_rows.push(ActivityRow {
                public_id: a.id.clone(),
                pledge_id,
                focus_area_id: opt_id(&focus_ids, &a.focus_area)?,
                position: position(i),
                title: a.title.clone(),
                description: a.description.clone(),
                planned_start: a.planned_start,
                planned_end: a.planned_end,
                due_on: a.due_on,
                note: a.note.clone(),
            });
        }
    }
    let (activity_ids, s) = sync_table!(
        conn,
        report,
        activities,
        ActivityRow,
        |r: &ActivityRow| r.public_id.clone(),
        activity_rows
    );
    stale.push(s);

    let mut responsible_rows = Vec::new();
    let mut status_rows = Vec::new();
    for a in data.pledges.iter().flat_map(|p| &p.activities) {
        let activity_id = ids_of(&activity_ids, &a.id)?;
        cite(
            citations,
            source_ids,
            &a.sources,
            CitationRow {
                activity_id: Some(activity_id),
                ..Default::default()
            },
        )?;
        for o in &a.responsible {
            responsible_rows.push(ResponsibleRow {
                activity_id,
                organization_id: ids_of(org_ids, o)?,
            });
        }
        for e in &a.status_events {
            status_rows.push(StatusEventRow {
                activity_id,
                status: e.status.as_str().to_owned(),
                effective_on: e.effective_on,
                note: e.note.clone(),
                source_id: ids_of(source_ids, &e.source)?,
            });
        }
    }
    touched.links(
        RecordType::Activity,
        sync_links!(
            conn,
            report,
            activity_responsibles,
            ResponsibleRow,
            activity_id,
            organization_id,
            responsible_rows
        ),
    );
    let (_, s) = sync_table!(
        conn,
        report,
        activity_status_events,
        StatusEventRow,
        |r: &StatusEventRow| (r.activity_id, r.effective_on, r.status.clone()),
        status_rows
    );
    stale.push(s);

    Ok(Commitments {
        agreements: agreement_ids,
        pledges: pledge_ids,
        focus_areas: focus_ids,
        activities: activity_ids,
    })
}

/// Ids by public id of what was written, for the statements about them.
pub(super) struct Commitments {
    pub(super) agreements: HashMap<String, i64>,
    pub(super) pledges: HashMap<String, i64>,
    pub(super) focus_areas: HashMap<String, i64>,
    pub(super) activities: HashMap<String, i64>,
}
