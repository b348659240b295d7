//! Writes a validated dataset in one transaction, as a sync: rows are inserted, updated only where a
//! value differs, and deleted when the files no longer hold them. Importing the same data twice
//! changes nothing, not even a row version.

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;
use diesel::pg::PgConnection;
use diesel::prelude::*;

use super::changelog::Touched;
use super::model::*;
use crate::db::schema::*;
use crate::queries::changes::RecordType;

/// What an import did, table by table.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Report {
    /// (table, inserted, updated, deleted), in write order.
    pub tables: Vec<(&'static str, usize, usize, usize)>,
    /// False when the database already held exactly this dataset.
    pub new_version: bool,
}

impl Report {
    pub fn changed_rows(&self) -> usize {
        self.tables.iter().map(|(_, i, u, d)| i + u + d).sum()
    }
}

impl std::fmt::Display for Report {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let changed: Vec<String> = self
            .tables
            .iter()
            .filter(|(_, i, u, d)| i + u + d > 0)
            .map(|(t, i, u, d)| format!("{t}: +{i} ~{u} -{d}"))
            .collect();
        if changed.is_empty() {
            write!(f, "no changes")
        } else {
            write!(f, "{}", changed.join(", "))
        }
    }
}

/// Serialises imports across processes (two services starting at once, say).
const IMPORT_LOCK: i64 = 0x6f70_656e_706c_6467;

/// The latest imported dataset version, if any: (version, digest, synthetic).
pub fn current_version(conn: &mut PgConnection) -> QueryResult<Option<(String, String, bool)>> {
    dataset_versions::table
        .order(dataset_versions::id.desc())
        .select((
            dataset_versions::version,
            dataset_versions::digest,
            dataset_versions::synthetic,
        ))
        .first(conn)
        .optional()
}

pub fn import(conn: &mut PgConnection, data: &Dataset) -> QueryResult<Report> {
    conn.transaction(|conn| {
        diesel::sql_query(format!("SELECT pg_advisory_xact_lock({IMPORT_LOCK})")).execute(conn)?;
        if let Some((version, _, synthetic)) = current_version(conn)? {
            if synthetic != data.synthetic {
                return Err(mixing_refused(synthetic, &version));
            }
        }
        let mut report = Report::default();
        write_all(conn, data, &mut report)?;
        let unchanged =
            current_version(conn)?.is_some_and(|(v, d, _)| v == data.version && d == data.digest);
        if !unchanged {
            diesel::insert_into(dataset_versions::table)
                .values((
                    dataset_versions::version.eq(&data.version),
                    dataset_versions::released_on.eq(data.released_on),
                    dataset_versions::digest.eq(&data.digest),
                    dataset_versions::synthetic.eq(data.synthetic),
                ))
                .execute(conn)?;
            report.new_version = true;
        }
        Ok(report)
    })
}

fn mixing_refused(database_synthetic: bool, version: &str) -> diesel::result::Error {
    let msg = if database_synthetic {
        format!("the database holds synthetic data (version {version}); the real dataset is never imported into it: use another database")
    } else {
        format!("the database holds the real dataset (version {version}); synthetic data is never written into it: use another database")
    };
    diesel::result::Error::QueryBuilderError(msg.into())
}

/// Rows per INSERT: at most 10 columns a row keeps a statement under PostgreSQL's 65,535 parameters.
const CHUNK: usize = 5_000;

// Row types mirror the tables minus their generated keys, so that a loaded row compares equal to a
// desired one exactly when nothing needs writing.

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = sources, treat_none_as_null = true)]
struct SourceRow {
    public_id: String,
    title: String,
    publisher: String,
    kind: String,
    published_on: Option<NaiveDate>,
    url: Option<String>,
    language: String,
    note: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = themes, treat_none_as_null = true)]
struct ThemeRow {
    code: String,
    label_sv: String,
    label_en: String,
    description: Option<String>,
    position: i32,
}

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = organizations, treat_none_as_null = true)]
struct OrganizationRow {
    public_id: String,
    kind: String,
    name: String,
    parent_id: Option<i64>,
    note: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = municipalities, treat_none_as_null = true)]
struct MunicipalityRow {
    organization_id: i64,
    name: String,
    code: String,
    county_code: String,
    county_name: String,
    police_region_id: Option<i64>,
    local_police_area_id: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = people, treat_none_as_null = true)]
struct PersonRow {
    public_id: String,
    name: String,
}

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = person_roles, treat_none_as_null = true)]
struct RoleRow {
    person_id: i64,
    position: i32,
    title: String,
    organization_id: Option<i64>,
    party: Option<String>,
    as_of: Option<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = agreements, treat_none_as_null = true)]
struct AgreementRow {
    public_id: String,
    municipality_id: i64,
    title: String,
    signed_on: Option<NaiveDate>,
    period_start: Option<NaiveDate>,
    period_end: Option<NaiveDate>,
    period_precision: Option<String>,
    summary: Option<String>,
    follow_up: Option<String>,
    note: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = agreement_parties, treat_none_as_null = true)]
struct PartyRow {
    agreement_id: i64,
    organization_id: i64,
    position: i32,
    role: String,
}

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = signatories, treat_none_as_null = true)]
struct SignatoryRow {
    agreement_id: i64,
    person_id: i64,
    position: i32,
    role: String,
    organization_id: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = pledges, treat_none_as_null = true)]
struct PledgeRow {
    public_id: String,
    municipality_id: i64,
    agreement_id: Option<i64>,
    title: String,
    period_start: Option<NaiveDate>,
    period_end: Option<NaiveDate>,
    period_precision: Option<String>,
    published_on: Option<NaiveDate>,
    summary: Option<String>,
    note: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = focus_areas, treat_none_as_null = true)]
struct FocusAreaRow {
    public_id: String,
    pledge_id: Option<i64>,
    agreement_id: Option<i64>,
    position: i32,
    title: String,
    description: Option<String>,
    goals: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = focus_area_themes)]
struct FocusAreaThemeRow {
    focus_area_id: i64,
    theme_id: i64,
}

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = activities, treat_none_as_null = true)]
struct ActivityRow {
    public_id: String,
    pledge_id: i64,
    focus_area_id: Option<i64>,
    position: i32,
    title: String,
    description: Option<String>,
    planned_start: Option<NaiveDate>,
    planned_end: Option<NaiveDate>,
    due_on: Option<NaiveDate>,
    note: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = activity_responsibles)]
struct ResponsibleRow {
    activity_id: i64,
    organization_id: i64,
}

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = activity_status_events, treat_none_as_null = true)]
struct StatusEventRow {
    activity_id: i64,
    status: String,
    effective_on: NaiveDate,
    note: Option<String>,
    source_id: i64,
}

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = events, treat_none_as_null = true)]
struct EventRow {
    public_id: String,
    kind: String,
    title: String,
    held_on: Option<NaiveDate>,
    location: Option<String>,
    summary: Option<String>,
    note: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = event_participants)]
struct ParticipantRow {
    event_id: i64,
    organization_id: i64,
    role: String,
}

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = event_people)]
struct EventPersonRow {
    event_id: i64,
    person_id: i64,
    role: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Queryable, Selectable, Insertable)]
#[diesel(table_name = citations)]
struct CitationRow {
    source_id: i64,
    organization_id: Option<i64>,
    agreement_id: Option<i64>,
    pledge_id: Option<i64>,
    focus_area_id: Option<i64>,
    activity_id: Option<i64>,
    person_role_id: Option<i64>,
    event_id: Option<i64>,
}

/// What a table's sync wrote, and the rows the files no longer hold, deleted after all writes.
struct Stale {
    table: &'static str,
    ids: Vec<i64>,
    /// For the change log.
    inserted: Vec<i64>,
    updated: Vec<i64>,
}

/// Syncs a table that has a surrogate `id`: returns natural key → id, and the ids no longer wanted.
macro_rules! sync_table {
    ($conn:expr, $report:expr, $table:ident, $row:ty, $key:expr, $plan:expr) => {{
        let key_of = $key;
        let existing: Vec<(i64, $row)> = $table::table
            .select(($table::id, <$row>::as_select()))
            .load($conn)?;
        let mut by_key: HashMap<_, (i64, $row)> = existing
            .into_iter()
            .map(|(id, r)| (key_of(&r), (id, r)))
            .collect();
        let mut updated = Vec::new();
        let mut inserted = Vec::new();
        let mut ids = HashMap::new();
        let mut new_rows: Vec<$row> = Vec::new();
        for row in $plan {
            let key = key_of(&row);
            match by_key.remove(&key) {
                Some((id, old)) if old == row => {
                    ids.insert(key, id);
                }
                Some((id, _)) => {
                    diesel::update($table::table.find(id))
                        .set(&row)
                        .execute($conn)?;
                    updated.push(id);
                    ids.insert(key, id);
                }
                None => new_rows.push(row),
            }
        }
        // New rows go in batches; each comes back whole with its id, so keys match by value, not order.
        for chunk in new_rows.chunks(CHUNK) {
            let written: Vec<(i64, $row)> = diesel::insert_into($table::table)
                .values(chunk)
                .returning(($table::id, <$row>::as_select()))
                .get_results($conn)?;
            for (id, r) in written {
                inserted.push(id);
                ids.insert(key_of(&r), id);
            }
        }
        $report
            .tables
            .push((stringify!($table), new_rows.len(), updated.len(), 0));
        let stale: Vec<i64> = by_key.into_values().map(|(id, _)| id).collect();
        (
            ids,
            Stale {
                table: stringify!($table),
                ids: stale,
                inserted,
                updated,
            },
        )
    }};
}

/// Syncs a link table keyed by its columns `$k1, $k2`: inserts, updates and deletes in place.
/// Evaluates to the `$k1`s whose links changed.
macro_rules! sync_links {
    ($conn:expr, $report:expr, $table:ident, $row:ty, $k1:ident, $k2:ident, $plan:expr) => {{
        let existing: Vec<$row> = $table::table.select(<$row>::as_select()).load($conn)?;
        let mut by_key: HashMap<(i64, i64), $row> =
            existing.into_iter().map(|r| ((r.$k1, r.$k2), r)).collect();
        let (mut updated, mut deleted) = (0, 0);
        let mut new_rows: Vec<$row> = Vec::new();
        let mut touched: HashSet<i64> = HashSet::new();
        for row in $plan {
            match by_key.remove(&(row.$k1, row.$k2)) {
                Some(old) if old == row => {}
                Some(_) => {
                    touched.insert(row.$k1);
                    diesel::update($table::table.find((row.$k1, row.$k2)))
                        .set(&row)
                        .execute($conn)?;
                    updated += 1;
                }
                None => new_rows.push(row),
            }
        }
        let inserted = new_rows.len();
        touched.extend(new_rows.iter().map(|r| r.$k1));
        for chunk in new_rows.chunks(CHUNK) {
            diesel::insert_into($table::table)
                .values(chunk)
                .execute($conn)?;
        }
        let (k1s, k2s): (Vec<i64>, Vec<i64>) = by_key.into_keys().unzip();
        touched.extend(&k1s);
        if !k1s.is_empty() {
            // Pairs as two arrays: one statement however many links go.
            deleted = diesel::sql_query(concat!(
                "DELETE FROM ",
                stringify!($table),
                " WHERE (",
                stringify!($k1),
                ", ",
                stringify!($k2),
                ") IN (SELECT * FROM unnest($1::int8[], $2::int8[]))"
            ))
            .bind::<diesel::sql_types::Array<diesel::sql_types::BigInt>, _>(&k1s)
            .bind::<diesel::sql_types::Array<diesel::sql_types::BigInt>, _>(&k2s)
            .execute($conn)?;
        }
        $report
            .tables
            .push((stringify!($table), inserted, updated, deleted));
        touched
    }};
}

fn ids_of(map: &HashMap<String, i64>, key: &str) -> QueryResult<i64> {
    // Validation resolved every reference; a miss here is a bug, reported rather than panicking.
    map.get(key).copied().ok_or_else(|| {
        diesel::result::Error::QueryBuilderError(
            format!("dataset reference `{key}` did not resolve").into(),
        )
    })
}

fn opt_id(map: &HashMap<String, i64>, key: &Option<String>) -> QueryResult<Option<i64>> {
    key.as_deref().map(|k| ids_of(map, k)).transpose()
}

fn position(i: usize) -> i32 {
    i32::try_from(i + 1).unwrap_or(i32::MAX)
}

fn period_cols(
    p: &Option<crate::domain::Period>,
) -> (Option<NaiveDate>, Option<NaiveDate>, Option<String>) {
    match p {
        Some(p) => (
            Some(p.start),
            Some(p.end),
            Some(p.precision.as_str().to_owned()),
        ),
        None => (None, None, None),
    }
}

fn write_all(conn: &mut PgConnection, data: &Dataset, report: &mut Report) -> QueryResult<()> {
    let mut stale: Vec<Stale> = Vec::new();
    let mut touched = Touched::default();
    let mut citations: HashSet<CitationRow> = HashSet::new();

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
        })
    );
    stale.push(s);
    let cite = |citations: &mut HashSet<CitationRow>,
                sources: &[String],
                row: CitationRow|
     -> QueryResult<()> {
        for s in sources {
            citations.insert(CitationRow {
                source_id: ids_of(&source_ids, s)?,
                ..row.clone()
            });
        }
        Ok(())
    };

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
            &mut citations,
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
                &mut citations,
                &r.sources,
                CitationRow {
                    person_role_id: Some(id),
                    ..Default::default()
                },
            )?;
        }
    }

    let mut agreement_rows = Vec::new();
    for a in &data.agreements {
        let (period_start, period_end, period_precision) = period_cols(&a.period);
        agreement_rows.push(AgreementRow {
            public_id: a.id.clone(),
            municipality_id: ids_of(&org_ids, &a.municipality)?,
            title: a.title.clone(),
            signed_on: a.signed_on,
            period_start,
            period_end,
            period_precision,
            summary: a.summary.clone(),
            follow_up: a.follow_up.clone(),
            note: a.note.clone(),
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
            &mut citations,
            &a.sources,
            CitationRow {
                agreement_id: Some(agreement_id),
                ..Default::default()
            },
        )?;
        for (i, p) in a.parties.iter().enumerate() {
            party_rows.push(PartyRow {
                agreement_id,
                organization_id: ids_of(&org_ids, p)?,
                position: position(i),
                role: "party".into(),
            });
        }
        for (i, s) in a.signatories.iter().enumerate() {
            signatory_rows.push(SignatoryRow {
                agreement_id,
                person_id: ids_of(&person_ids, &s.person)?,
                position: position(i),
                role: s.role.clone(),
                organization_id: opt_id(&org_ids, &s.organization)?,
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
            municipality_id: ids_of(&org_ids, &p.municipality)?,
            agreement_id: opt_id(&agreement_ids, &p.agreement)?,
            title: p.title.clone(),
            period_start,
            period_end,
            period_precision,
            published_on: p.published_on,
            summary: p.summary.clone(),
            note: p.note.clone(),
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
            &mut citations,
            &f.sources,
            CitationRow {
                focus_area_id: Some(id),
                ..Default::default()
            },
        )?;
        for t in &f.themes {
            theme_rows.push(FocusAreaThemeRow {
                focus_area_id: id,
                theme_id: ids_of(&theme_ids, t)?,
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
            &mut citations,
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
            &mut citations,
            &a.sources,
            CitationRow {
                activity_id: Some(activity_id),
                ..Default::default()
            },
        )?;
        for o in &a.responsible {
            responsible_rows.push(ResponsibleRow {
                activity_id,
                organization_id: ids_of(&org_ids, o)?,
            });
        }
        for e in &a.status_events {
            status_rows.push(StatusEventRow {
                activity_id,
                status: e.status.as_str().to_owned(),
                effective_on: e.effective_on,
                note: e.note.clone(),
                source_id: ids_of(&source_ids, &e.source)?,
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
            &mut citations,
            &e.sources,
            CitationRow {
                event_id: Some(event_id),
                ..Default::default()
            },
        )?;
        for (o, role) in &e.organizations {
            participant_rows.push(ParticipantRow {
                event_id,
                organization_id: ids_of(&org_ids, o)?,
                role: role.clone(),
            });
        }
        for (p, role) in &e.people {
            event_person_rows.push(EventPersonRow {
                event_id,
                person_id: ids_of(&person_ids, p)?,
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

    // Citations have no natural key of their own beyond all their columns.
    let existing: Vec<(i64, CitationRow)> = citations::table
        .select((citations::id, CitationRow::as_select()))
        .load(conn)?;
    let mut gone = Vec::new();
    let cited = |r: &CitationRow| [r.agreement_id, r.pledge_id, r.focus_area_id, r.activity_id];
    for (id, row) in existing {
        if !citations.remove(&row) {
            touched.cited(cited(&row));
            gone.push(id);
        }
    }
    for row in &citations {
        touched.cited(cited(row));
    }
    let inserted = citations.len();
    let wanted: Vec<CitationRow> = citations.into_iter().collect();
    for chunk in wanted.chunks(CHUNK) {
        diesel::insert_into(citations::table)
            .values(chunk)
            .execute(conn)?;
    }
    let deleted =
        diesel::delete(citations::table.filter(citations::id.eq_any(&gone))).execute(conn)?;
    report.tables.push(("citations", inserted, 0, deleted));

    for s in &stale {
        touched.table(s.table, &s.inserted, &s.updated, &s.ids);
    }
    let mut logged = touched.log_before_deletions(conn, &data.version)?;
    // Deletions last, children first, so that nothing still points at a row being removed.
    for s in stale.into_iter().rev() {
        if s.ids.is_empty() {
            continue;
        }
        let deleted = delete_ids(conn, s.table, &s.ids)?;
        if let Some(entry) = report.tables.iter_mut().find(|(t, ..)| *t == s.table) {
            entry.3 += deleted;
        }
    }
    logged += touched.log_after_deletions(conn, &data.version)?;
    report.tables.push(("changes", logged, 0, 0));
    Ok(())
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

fn delete_ids(conn: &mut PgConnection, table: &str, ids: &[i64]) -> QueryResult<usize> {
    match table {
        "sources" => diesel::delete(sources::table.filter(sources::id.eq_any(ids))).execute(conn),
        "themes" => diesel::delete(themes::table.filter(themes::id.eq_any(ids))).execute(conn),
        "organizations" => {
            // Children of a removed parent may be removed too: delete the deepest first.
            let mut left: Vec<i64> = ids.to_vec();
            let mut total = 0;
            while !left.is_empty() {
                let parents: HashSet<i64> = organizations::table
                    .filter(organizations::parent_id.eq_any(&left))
                    .select(organizations::parent_id.assume_not_null())
                    .load::<i64>(conn)?
                    .into_iter()
                    .collect();
                let leaves: Vec<i64> = left
                    .iter()
                    .copied()
                    .filter(|id| !parents.contains(id))
                    .collect();
                if leaves.is_empty() {
                    break;
                }
                diesel::delete(
                    municipalities::table.filter(municipalities::organization_id.eq_any(&leaves)),
                )
                .execute(conn)?;
                total +=
                    diesel::delete(organizations::table.filter(organizations::id.eq_any(&leaves)))
                        .execute(conn)?;
                left.retain(|id| parents.contains(id));
            }
            Ok(total)
        }
        "people" => diesel::delete(people::table.filter(people::id.eq_any(ids))).execute(conn),
        "person_roles" => {
            diesel::delete(person_roles::table.filter(person_roles::id.eq_any(ids))).execute(conn)
        }
        "agreements" => {
            diesel::delete(agreements::table.filter(agreements::id.eq_any(ids))).execute(conn)
        }
        "pledges" => diesel::delete(pledges::table.filter(pledges::id.eq_any(ids))).execute(conn),
        "focus_areas" => {
            diesel::delete(focus_areas::table.filter(focus_areas::id.eq_any(ids))).execute(conn)
        }
        "activities" => {
            diesel::delete(activities::table.filter(activities::id.eq_any(ids))).execute(conn)
        }
        "activity_status_events" => diesel::delete(
            activity_status_events::table.filter(activity_status_events::id.eq_any(ids)),
        )
        .execute(conn),
        "events" => diesel::delete(events::table.filter(events::id.eq_any(ids))).execute(conn),
        other => Err(diesel::result::Error::QueryBuilderError(
            format!("no deletion for table {other}").into(),
        )),
    }
}
