//! What the rest points at: sources, themes, organizations, municipalities, people and their roles.

use std::collections::{HashMap, HashSet};

use diesel::pg::PgConnection;
use diesel::prelude::*;

use super::rows::*;
use super::sync::{cite, ids_of, opt_id, position, sync_table, Stale};
use super::{Ids, Report, CHUNK};
use crate::dataset::model::*;
use crate::db::schema::*;

pub(super) fn write(
    conn: &mut PgConnection,
    data: &Dataset,
    report: &mut Report,
    stale: &mut Vec<Stale>,
    citations: &mut HashSet<CitationRow>,
) -> QueryResult<Ids> {
    let (source_ids, s) = sync_table!(
        conn,
        report,
        sources,
        SourceRow,
        |r: &SourceRow| r.public_id.clone(),
        data.sources.iter().map(|s| SourceRow {
            public_id: s.id.clone(),
            title: s.title.clone(),
            publisher: s.publisher.clone(),
            kind: s.kind.clone(),
            published_on: s.published_on,
            url: s.url.clone(),
            language: s.language.clone(),
            note: s.note.clone(),
            no_url_reason: s.no_url_reason.clone(),
            inferred: inferred(&s.inferred),
        })
    );
    stale.push(s);

    let (theme_ids, s) = sync_table!(
        conn,
        report,
        themes,
        ThemeRow,
        |r: &ThemeRow| r.code.clone(),
        data.themes.iter().enumerate().map(|(i, t)| ThemeRow {
            code: t.code.clone(),
            label_sv: t.label_sv.clone(),
            label_en: t.label_en.clone(),
            description: t.description.clone(),
            position: position(i),
        })
    );
    stale.push(s);

    // Organizations come parents first, so each parent's id is known when its child is written.
    let mut org_ids: HashMap<String, i64> = HashMap::new();
    let existing: Vec<(i64, OrganizationRow)> = organizations::table
        .select((organizations::id, OrganizationRow::as_select()))
        .load(conn)?;
    let mut by_key: HashMap<String, (i64, OrganizationRow)> = existing
        .into_iter()
        .map(|(id, r)| (r.public_id.clone(), (id, r)))
        .collect();
    let (mut inserted, mut updated) = (0, 0);
    let mut pending: Vec<OrganizationRow> = Vec::new();
    for o in &data.organizations {
        // A child waits for its parent's batch to be written, since it needs the parent's id.
        if o.parent.as_ref().is_some_and(|p| !org_ids.contains_key(p)) {
            inserted += insert_organizations(conn, &mut pending, &mut org_ids)?;
        }
        let row = OrganizationRow {
            public_id: o.id.clone(),
            kind: o.kind.clone(),
            name: o.name.clone(),
            parent_id: opt_id(&org_ids, &o.parent)?,
            note: o.note.clone(),
            inferred: inferred(&o.inferred),
        };
        match by_key.remove(&o.id) {
            Some((id, old)) if old == row => {
                org_ids.insert(o.id.clone(), id);
            }
            Some((id, _)) => {
                diesel::update(organizations::table.find(id))
                    .set(&row)
                    .execute(conn)?;
                updated += 1;
                org_ids.insert(o.id.clone(), id);
            }
            None => pending.push(row),
        }
    }
    inserted += insert_organizations(conn, &mut pending, &mut org_ids)?;
    for o in &data.organizations {
        let id = ids_of(&org_ids, &o.id)?;
        cite(
            citations,
            &source_ids,
            &o.sources,
            CitationRow {
                organization_id: Some(id),
                ..Default::default()
            },
        )?;
    }
    report.tables.push(("organizations", inserted, updated, 0));
    stale.push(Stale {
        table: "organizations",
        ids: by_key.into_values().map(|(id, _)| id).collect(),
        // Organizations are not in the change log.
        inserted: vec![],
        updated: vec![],
    });

    let mut municipality_rows = Vec::new();
    for m in &data.municipalities {
        municipality_rows.push(MunicipalityRow {
            organization_id: ids_of(&org_ids, &m.id)?,
            name: m.name.clone(),
            code: m.code.clone(),
            county_code: m.county_code.clone(),
            county_name: m.county_name.clone(),
            police_region_id: opt_id(&org_ids, &m.police_region)?,
            local_police_area_id: opt_id(&org_ids, &m.local_police_area)?,
            inferred: inferred(&m.inferred),
        });
    }
    {
        // Keyed by organization; a municipality removed from the files goes with its organization.
        let existing: Vec<MunicipalityRow> = municipalities::table
            .select(MunicipalityRow::as_select())
            .load(conn)?;
        let mut by_key: HashMap<i64, MunicipalityRow> = existing
            .into_iter()
            .map(|r| (r.organization_id, r))
            .collect();
        let mut updated = 0;
        let mut new_rows = Vec::new();
        for row in municipality_rows {
            match by_key.remove(&row.organization_id) {
                Some(old) if old == row => {}
                Some(_) => {
                    diesel::update(municipalities::table.find(row.organization_id))
                        .set(&row)
                        .execute(conn)?;
                    updated += 1;
                }
                None => new_rows.push(row),
            }
        }
        for chunk in new_rows.chunks(CHUNK) {
            diesel::insert_into(municipalities::table)
                .values(chunk)
                .execute(conn)?;
        }
        report
            .tables
            .push(("municipalities", new_rows.len(), updated, 0));
    }

    let (person_ids, s) = sync_table!(
        conn,
        report,
        people,
        PersonRow,
        |r: &PersonRow| r.public_id.clone(),
        data.people.iter().map(|p| PersonRow {
            public_id: p.id.clone(),
            name: p.name.clone()
        })
    );
    stale.push(s);

    let mut role_rows = Vec::new();
    for p in &data.people {
        for (i, r) in p.roles.iter().enumerate() {
            role_rows.push(RoleRow {
                person_id: ids_of(&person_ids, &p.id)?,
                position: position(i),
                title: r.title.clone(),
                organization_id: opt_id(&org_ids, &r.organization)?,
                party: r.party.clone(),
                as_of: r.as_of,
                inferred: inferred(&r.inferred),
            });
        }
    }
    let (role_ids, s) = sync_table!(
        conn,
        report,
        person_roles,
        RoleRow,
        |r: &RoleRow| (r.person_id, r.position),
        role_rows
    );
    stale.push(s);
    for p in &data.people {
        for (i, r) in p.roles.iter().enumerate() {
            let id = role_ids[&(ids_of(&person_ids, &p.id)?, position(i))];
            cite(
                citations,
                &source_ids,
                &r.sources,
                CitationRow {
                    person_role_id: Some(id),
                    ..Default::default()
                },
            )?;
        }
    }
    Ok(Ids {
        source_ids,
        theme_ids,
        org_ids,
        person_ids,
    })
}

fn insert_organizations(
    conn: &mut PgConnection,
    pending: &mut Vec<OrganizationRow>,
    org_ids: &mut HashMap<String, i64>,
) -> QueryResult<usize> {
    let mut inserted = 0;
    for chunk in pending.chunks(CHUNK) {
        let written: Vec<(i64, String)> = diesel::insert_into(organizations::table)
            .values(chunk)
            .returning((organizations::id, organizations::public_id))
            .get_results(conn)?;
        inserted += written.len();
        org_ids.extend(written.into_iter().map(|(id, key)| (key, id)));
    }
    pending.clear();
    Ok(inserted)
}
