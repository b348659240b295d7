//! What an import changed, for the change log. The importer notes the internal ids of the rows it
//! inserts, updates and deletes (and of the records whose links or citations changed); this turns
//! them into change-log entries through `queries::changes::record`, in the import's transaction.

use std::collections::{BTreeMap, BTreeSet};

use diesel::pg::PgConnection;
use diesel::QueryResult;

use crate::queries::changes::{self, Action, RecordType};

/// The record type a table holds, for the tables the change log follows.
pub fn record_type(table: &str) -> Option<RecordType> {
    match table {
        "agreements" => Some(RecordType::Agreement),
        "pledges" => Some(RecordType::Pledge),
        "focus_areas" => Some(RecordType::FocusArea),
        "activities" => Some(RecordType::Activity),
        _ => None,
    }
}

/// Internal ids of what an import wrote, by record type.
#[derive(Debug, Default)]
pub struct Touched {
    created: BTreeMap<RecordType, BTreeSet<i64>>,
    updated: BTreeMap<RecordType, BTreeSet<i64>>,
    deleted: BTreeMap<RecordType, BTreeSet<i64>>,
    /// Status events inserted, updated or about to be deleted.
    status_events: Vec<i64>,
    /// The activities those events belong to, once looked up.
    status_activities: Vec<i64>,
}

impl Touched {
    /// Notes what a table's sync did: rows inserted, updated and to be deleted.
    pub fn table(&mut self, table: &str, inserted: &[i64], updated: &[i64], stale: &[i64]) {
        if table == "activity_status_events" {
            self.status_events
                .extend(inserted.iter().chain(updated).chain(stale));
            return;
        }
        let Some(kind) = record_type(table) else {
            return;
        };
        self.created.entry(kind).or_default().extend(inserted);
        self.updated.entry(kind).or_default().extend(updated);
        self.deleted.entry(kind).or_default().extend(stale);
    }

    /// Notes the record a citation that came or went belongs to: (agreement, pledge, focus area,
    /// activity), at most one set.
    pub fn cited(&mut self, record: [Option<i64>; 4]) {
        let kinds = [
            RecordType::Agreement,
            RecordType::Pledge,
            RecordType::FocusArea,
            RecordType::Activity,
        ];
        for (kind, id) in kinds.into_iter().zip(record) {
            self.links(kind, id);
        }
    }

    /// Notes records whose links (themes, parties, responsible organizations, citations) changed:
    /// their representation changed even where their own row did not.
    pub fn links(&mut self, kind: RecordType, ids: impl IntoIterator<Item = i64>) {
        self.updated.entry(kind).or_default().extend(ids);
    }

    /// Logs the deletions, and notes which activities' status histories changed: call after every
    /// write and before the deletions, while the rows are still there to read.
    pub fn log_before_deletions(
        &mut self,
        conn: &mut PgConnection,
        version: &str,
    ) -> QueryResult<usize> {
        // Children first, the order in which the rows go.
        let mut logged = 0;
        for (kind, ids) in self.deleted.iter().rev() {
            let ids: Vec<i64> = ids.iter().copied().collect();
            logged += changes::record(conn, Some(version), *kind, Action::Deleted, &ids)?;
        }
        self.status_activities = changes::activities_of_status_events(conn, &self.status_events)?;
        Ok(logged)
    }

    /// Logs creations, updates and status changes: call after the deletions, so that an activity's
    /// status is the one it is left with. A record created or deleted by this import is not also
    /// logged as updated, nor are the status changes of such an activity.
    pub fn log_after_deletions(
        &self,
        conn: &mut PgConnection,
        version: &str,
    ) -> QueryResult<usize> {
        let empty = BTreeSet::new();
        let mut logged = 0;
        for kind in RecordType::ALL {
            let created = self.created.get(&kind).unwrap_or(&empty);
            let deleted = self.deleted.get(&kind).unwrap_or(&empty);
            let updated: Vec<i64> = self
                .updated
                .get(&kind)
                .unwrap_or(&empty)
                .iter()
                .filter(|id| !created.contains(id) && !deleted.contains(id))
                .copied()
                .collect();
            let created: Vec<i64> = created.iter().copied().collect();
            logged += changes::record(conn, Some(version), kind, Action::Created, &created)?;
            logged += changes::record(conn, Some(version), kind, Action::Updated, &updated)?;
        }
        let new_or_gone = |id: &i64| {
            [&self.created, &self.deleted]
                .iter()
                .any(|m| m.get(&RecordType::Activity).is_some_and(|s| s.contains(id)))
        };
        let statuses: Vec<i64> = self
            .status_activities
            .iter()
            .filter(|id| !new_or_gone(id))
            .copied()
            .collect();
        logged += changes::record(
            conn,
            Some(version),
            RecordType::ActivityStatus,
            Action::Updated,
            &statuses,
        )?;
        Ok(logged)
    }
}
