//! What people said: each statement points at its speaker, the record it is about and its source.

use std::collections::HashMap;

use diesel::pg::PgConnection;
use diesel::prelude::*;

use super::commitments::Commitments;
use super::rows::*;
use super::sync::{ids_of, opt_id, position, sync_table, Stale};
use super::{Ids, Report, CHUNK};
use crate::dataset::model::*;
use crate::db::schema::*;

pub(super) fn write(
    conn: &mut PgConnection,
    data: &Dataset,
    report: &mut Report,
    ids: &Ids,
    commitments: &Commitments,
    stale: &mut Vec<Stale>,
) -> QueryResult<()> {
    let mut rows = Vec::with_capacity(data.statements.len());
    for (i, s) in data.statements.iter().enumerate() {
        let (kind, about) = &s.about;
        let of = |map: &HashMap<String, i64>, k: About| -> QueryResult<Option<i64>> {
            if *kind == k {
                ids_of(map, about).map(Some)
            } else {
                Ok(None)
            }
        };
        rows.push(StatementRow {
            public_id: s.id.clone(),
            position: position(i),
            person_id: ids_of(&ids.person_ids, &s.person)?,
            role: s.role.clone(),
            organization_id: opt_id(&ids.org_ids, &s.organization)?,
            municipality_id: ids_of(&ids.org_ids, &s.municipality)?,
            agreement_id: of(&commitments.agreements, About::Agreement)?,
            pledge_id: of(&commitments.pledges, About::Pledge)?,
            focus_area_id: of(&commitments.focus_areas, About::FocusArea)?,
            activity_id: of(&commitments.activities, About::Activity)?,
            quote: s.quote.clone(),
            source_id: ids_of(&ids.source_ids, &s.source)?,
            note: s.note.clone(),
        });
    }
    let (_, s) = sync_table!(
        conn,
        report,
        statements,
        StatementRow,
        |r: &StatementRow| r.public_id.clone(),
        rows
    );
    stale.push(s);
    Ok(())
}
