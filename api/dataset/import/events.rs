//! Events, who took part, and who was there.

use std::collections::{HashMap, HashSet};

use diesel::pg::PgConnection;
use diesel::prelude::*;

use super::rows::*;
use super::sync::{cite, ids_of, sync_links, sync_table, Stale};
use super::{Ids, Report, CHUNK};
use crate::dataset::model::*;
use crate::db::schema::*;

pub(super) fn write(
    conn: &mut PgConnection,
    data: &Dataset,
    report: &mut Report,
    ids: &Ids,
    stale: &mut Vec<Stale>,
    citations: &mut HashSet<CitationRow>,
) -> QueryResult<()> {
    let Ids {
        source_ids,
        org_ids,
        person_ids,
        ..
    } = ids;

    let (event_ids, s) = sync_table!(
        conn,
        report,
        events,
        EventRow,
        |r: &EventRow| r.public_id.clone(),
        data.events.iter().map(|e| EventRow {
            public_id: e.id.clone(),
            kind: e.kind.clone(),
            title: e.title.clone(),
            held_on: e.held_on,
            location: e.location.clone(),
            summary: e.summary.clone(),
            note: e.note.clone(),
        })
    );
    stale.push(s);
    let mut participant_rows = Vec::new();
    let mut event_person_rows = Vec::new();
    for e in &data.events {
        let event_id = ids_of(&event_ids, &e.id)?;
        cite(
            citations,
            source_ids,
            &e.sources,
            CitationRow {
                event_id: Some(event_id),
                ..Default::default()
            },
        )?;
        for (o, role) in &e.organizations {
            participant_rows.push(ParticipantRow {
                event_id,
                organization_id: ids_of(org_ids, o)?,
                role: role.clone(),
            });
        }
        for (p, role) in &e.people {
            event_person_rows.push(EventPersonRow {
                event_id,
                person_id: ids_of(person_ids, p)?,
                role: role.clone(),
            });
        }
    }
    sync_links!(
        conn,
        report,
        event_participants,
        ParticipantRow,
        event_id,
        organization_id,
        participant_rows
    );
    sync_links!(
        conn,
        report,
        event_people,
        EventPersonRow,
        event_id,
        person_id,
        event_person_rows
    );

    Ok(())
}
