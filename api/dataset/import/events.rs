//! Events, who took part, and who was there.

use std::collections::{HashMap, HashSet};

use diesel::pg::PgConnection;
use diesel::prelude::*;
use diesel::sql_types::{Array, BigInt, Text};

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
            starts_at: e.starts_at,
            inferred: inferred(&e.inferred),
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
    sync_participants(conn, report, participant_rows)?;
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

/// Event organizations: an organization may hold several roles at one event, so a link is keyed
/// by all three columns and is only ever inserted or deleted.
fn sync_participants(
    conn: &mut PgConnection,
    report: &mut Report,
    rows: Vec<ParticipantRow>,
) -> QueryResult<()> {
    let existing: HashSet<ParticipantRow> = event_participants::table
        .select(ParticipantRow::as_select())
        .load(conn)?
        .into_iter()
        .collect();
    let wanted: HashSet<ParticipantRow> = rows.into_iter().collect();
    let new_rows: Vec<ParticipantRow> = wanted.difference(&existing).cloned().collect();
    for chunk in new_rows.chunks(CHUNK) {
        diesel::insert_into(event_participants::table)
            .values(chunk)
            .execute(conn)?;
    }
    let mut gone: (Vec<i64>, Vec<i64>, Vec<String>) = Default::default();
    for r in existing.difference(&wanted) {
        gone.0.push(r.event_id);
        gone.1.push(r.organization_id);
        gone.2.push(r.role.clone());
    }
    let mut deleted = 0;
    if !gone.0.is_empty() {
        deleted = diesel::sql_query(
            "DELETE FROM event_participants WHERE (event_id, organization_id, role) IN \
             (SELECT * FROM unnest($1::int8[], $2::int8[], $3::text[]))",
        )
        .bind::<Array<BigInt>, _>(&gone.0)
        .bind::<Array<BigInt>, _>(&gone.1)
        .bind::<Array<Text>, _>(&gone.2)
        .execute(conn)?;
    }
    report
        .tables
        .push(("event_participants", new_rows.len(), 0, deleted));
    Ok(())
}
