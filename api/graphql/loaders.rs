//! DataLoaders: every relation of the graph is loaded through here, a batch of keys at a time, so a
//! request costs a number of SQL statements fixed by its query's shape. One loader per request.
//!
//! Batches are the keys asked for in one pass over a level of the response. The loader's task runs
//! on the same single-threaded worker as the request (`actix_web::rt::spawn`), so it cannot start
//! before that pass is done, and a batch has no size limit: how many rows a level holds never
//! splits it into more statements.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};

use async_graphql::dataloader::{DataLoader, HashMapCache, Loader};
use async_graphql::{Context, Error, Result};
use diesel::pg::Pg;
use diesel::QueryableByName;

pub use super::session::Session;
use crate::domain::Filter;
use crate::queries::activities::ActivityRow;
use crate::queries::focus_areas::FocusAreaRow;
use crate::queries::lists::{
    self, AgreementRow, EventParticipantRow, EventPersonRow, EventRow, OrganizationRow, PartyRow,
    PersonRoleRow, PersonRow, Relation, SignatoryRow, StatusEventRow, ThemeRow,
};
use crate::queries::municipalities::MunicipalityRow;
use crate::queries::pledges::PledgeRow;
use crate::queries::sources::SourceRow;
use crate::queries::statements::StatementRow;

/// Loads every kind of key of the graph.
pub struct GraphLoader(pub(super) Session);

/// The session of the request being resolved.
pub fn session<'a>(ctx: &Context<'a>) -> Result<&'a Session> {
    ctx.data::<Session>()
}

/// The request's loader (`Session::loader`), with its cache.
pub type RequestLoader = DataLoader<GraphLoader, HashMapCache>;

pub(super) fn loader<'a>(ctx: &Context<'a>) -> Result<&'a RequestLoader> {
    ctx.data::<RequestLoader>()
}

/// One record by key; `None` when there is none.
pub async fn one<K, V>(ctx: &Context<'_>, key: K) -> Result<Option<V>>
where
    K: Send + Sync + Hash + Eq + Clone + 'static,
    GraphLoader: Loader<K, Value = V, Error = Error>,
{
    loader(ctx)?.load_one(key).await
}

/// Records by key, in the keys' order; keys without a record are left out.
pub async fn many<K, V>(ctx: &Context<'_>, keys: Vec<K>) -> Result<Vec<V>>
where
    K: Send + Sync + Hash + Eq + Clone + 'static,
    GraphLoader: Loader<K, Value = V, Error = Error>,
{
    if keys.is_empty() {
        return Ok(Vec::new());
    }
    let mut found = loader(ctx)?.load_many(keys.iter().cloned()).await?;
    Ok(keys.iter().filter_map(|k| found.remove(k)).collect())
}

macro_rules! key {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        pub struct $name(pub String);
    };
}

key!(
    /// A municipality by slug or kommunkod.
    MunicipalityId
);
key!(AgreementId);
key!(PledgeId);
key!(FocusAreaId);
key!(ActivityId);
key!(ThemeCode);
key!(SourceId);
key!(OrganizationId);
key!(PersonId);
key!(EventId);
key!(StatementId);
key!(
    /// The status history of an activity.
    HistoryOf
);
key!(PartiesOf);
key!(SignatoriesOf);
key!(RolesOf);
key!(ParticipantsOf);
key!(EventPeopleOf);
key!(StatementsAbout);

macro_rules! by_ids {
    ($key:ident, $row:ty, $table:expr, |$r:ident| $($id:expr),+) => {
        impl Loader<$key> for GraphLoader {
            type Value = $row;
            type Error = Error;

            async fn load(&self, keys: &[$key]) -> Result<HashMap<$key, $row>> {
                let ids: Vec<String> = keys.iter().map(|k| k.0.clone()).collect();
                let rows = self.0.run(move |conn| lists::by_ids(conn, &$table, &ids, None)).await?;
                let mut out = HashMap::new();
                for $r in rows {
                    $(out.insert($key($id.clone()), $r.clone());)+
                }
                Ok(out)
            }
        }
    };
}

by_ids!(
    MunicipalityId,
    MunicipalityRow,
    lists::MUNICIPALITIES,
    |r| r.id,
    r.code
);
by_ids!(AgreementId, AgreementRow, lists::AGREEMENTS, |r| r.id);
by_ids!(PledgeId, PledgeRow, lists::PLEDGES, |r| r.id);
by_ids!(FocusAreaId, FocusAreaRow, lists::FOCUS_AREAS, |r| r.id);
by_ids!(ActivityId, ActivityRow, lists::ACTIVITIES, |r| r.id);
by_ids!(ThemeCode, ThemeRow, lists::THEMES, |r| r.code);
by_ids!(SourceId, SourceRow, lists::SOURCES, |r| r.id);
by_ids!(OrganizationId, OrganizationRow, lists::ORGANIZATIONS, |r| r
    .id);
by_ids!(PersonId, PersonRow, lists::PEOPLE, |r| r.id);
by_ids!(EventId, EventRow, lists::EVENTS, |r| r.id);

macro_rules! lists {
    ($key:ident, $row:ty, $query:path, $parent:ident) => {
        impl Loader<$key> for GraphLoader {
            type Value = Vec<$row>;
            type Error = Error;

            async fn load(&self, keys: &[$key]) -> Result<HashMap<$key, Vec<$row>>> {
                let ids: Vec<String> = keys.iter().map(|k| k.0.clone()).collect();
                let rows = self.0.run(move |conn| $query(conn, &ids)).await?;
                let mut out: HashMap<$key, Vec<$row>> =
                    keys.iter().map(|k| (k.clone(), Vec::new())).collect();
                for r in rows {
                    if let Some(list) = out.get_mut(&$key(r.$parent.clone())) {
                        list.push(r);
                    }
                }
                Ok(out)
            }
        }
    };
}

lists!(
    HistoryOf,
    StatusEventRow,
    lists::records::status_history,
    activity_id
);
lists!(PartiesOf, PartyRow, lists::records::parties, agreement_id);
lists!(
    SignatoriesOf,
    SignatoryRow,
    lists::records::signatories,
    agreement_id
);
lists!(RolesOf, PersonRoleRow, lists::records::roles, person_id);
lists!(
    ParticipantsOf,
    EventParticipantRow,
    lists::records::participants,
    event_id
);
lists!(
    StatementsAbout,
    StatementRow,
    crate::queries::statements::about,
    about_id
);
lists!(
    EventPeopleOf,
    EventPersonRow,
    lists::records::event_people,
    event_id
);

/// A filter as part of a key: equal filters share a statement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FilterKey(pub Filter);

impl Hash for FilterKey {
    fn hash<H: Hasher>(&self, state: &mut H) {
        let f = &self.0;
        f.municipalities.hash(state);
        f.themes.hash(state);
        f.statuses.hash(state);
        f.years.hash(state);
        f.active_on.hash(state);
        f.q.hash(state);
        f.as_of.hash(state);
    }
}

/// A page of a parent's children: the relation, the parent's public id, the filter and the page.
pub struct PageKey<R: 'static> {
    pub rel: &'static Relation<R>,
    pub parent: String,
    pub filter: FilterKey,
    pub first: i64,
    pub after: lists::After,
}

/// How many of a parent's children match a filter.
pub struct CountKey<R: 'static> {
    pub rel: &'static Relation<R>,
    pub parent: String,
    pub filter: FilterKey,
}

// Relations are statics: compared and hashed by address, whatever their row type.
impl<R> Clone for PageKey<R> {
    fn clone(&self) -> Self {
        PageKey {
            rel: self.rel,
            parent: self.parent.clone(),
            filter: self.filter.clone(),
            first: self.first,
            after: self.after.clone(),
        }
    }
}

impl<R> PartialEq for PageKey<R> {
    fn eq(&self, o: &Self) -> bool {
        std::ptr::eq(self.rel, o.rel)
            && self.parent == o.parent
            && self.filter == o.filter
            && self.first == o.first
            && self.after == o.after
    }
}

impl<R> Eq for PageKey<R> {}

impl<R> Hash for PageKey<R> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        std::ptr::hash(self.rel, state);
        self.parent.hash(state);
        self.filter.hash(state);
        self.first.hash(state);
        self.after.hash(state);
    }
}

impl<R> Clone for CountKey<R> {
    fn clone(&self) -> Self {
        CountKey {
            rel: self.rel,
            parent: self.parent.clone(),
            filter: self.filter.clone(),
        }
    }
}

impl<R> PartialEq for CountKey<R> {
    fn eq(&self, o: &Self) -> bool {
        std::ptr::eq(self.rel, o.rel) && self.parent == o.parent && self.filter == o.filter
    }
}

impl<R> Eq for CountKey<R> {}

impl<R> Hash for CountKey<R> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        std::ptr::hash(self.rel, state);
        self.parent.hash(state);
        self.filter.hash(state);
    }
}

/// Keys that differ only in their parent, gathered for one statement.
struct Group<R: 'static, A> {
    rel: &'static Relation<R>,
    args: A,
    parents: Vec<String>,
}

fn group<R, A: PartialEq + Clone>(
    keys: impl Iterator<Item = (&'static Relation<R>, A, String)>,
) -> Vec<Group<R, A>> {
    let mut groups: Vec<Group<R, A>> = Vec::new();
    for (rel, args, parent) in keys {
        match groups
            .iter_mut()
            .find(|g| std::ptr::eq(g.rel, rel) && g.args == args)
        {
            Some(g) => g.parents.push(parent),
            None => groups.push(Group {
                rel,
                args,
                parents: vec![parent],
            }),
        }
    }
    groups
}

/// Up to `first + 1` children of each parent, in the relation's order.
impl<R> Loader<PageKey<R>> for GraphLoader
where
    R: QueryableByName<Pg> + Clone + Send + Sync + 'static,
{
    type Value = Vec<R>;
    type Error = Error;

    async fn load(&self, keys: &[PageKey<R>]) -> Result<HashMap<PageKey<R>, Vec<R>>> {
        let groups = group(keys.iter().map(|k| {
            let args = (k.filter.clone(), k.first, k.after.clone());
            (k.rel, args, k.parent.clone())
        }));
        let loaded = self
            .0
            .run(move |conn| {
                let mut out = Vec::with_capacity(groups.len());
                for g in groups {
                    let (filter, first, after) = &g.args;
                    let rows =
                        lists::children(conn, g.rel, &g.parents, &filter.0, after, first + 1)?;
                    out.push((g.rel, g.args, rows));
                }
                Ok(out)
            })
            .await?;
        let mut map: HashMap<PageKey<R>, Vec<R>> =
            keys.iter().map(|k| (k.clone(), Vec::new())).collect();
        for (rel, (filter, first, after), rows) in loaded {
            for keyed in rows {
                let key = PageKey {
                    rel,
                    parent: keyed.parent_key,
                    filter: filter.clone(),
                    first,
                    after: after.clone(),
                };
                if let Some(list) = map.get_mut(&key) {
                    list.push(keyed.row);
                }
            }
        }
        Ok(map)
    }
}

/// Totals per parent, one grouped count for all parents.
impl<R> Loader<CountKey<R>> for GraphLoader
where
    R: Send + Sync + 'static,
{
    type Value = i64;
    type Error = Error;

    async fn load(&self, keys: &[CountKey<R>]) -> Result<HashMap<CountKey<R>, i64>> {
        let groups = group(
            keys.iter()
                .map(|k| (k.rel, k.filter.clone(), k.parent.clone())),
        );
        let loaded = self
            .0
            .run(move |conn| {
                let mut out = Vec::with_capacity(groups.len());
                for g in groups {
                    let counts = lists::count_children(conn, g.rel, &g.parents, &g.args.0)?;
                    out.push((g.rel, g.args, counts));
                }
                Ok(out)
            })
            .await?;
        // A parent without children has no row: its total is 0.
        let mut map: HashMap<CountKey<R>, i64> = keys.iter().map(|k| (k.clone(), 0)).collect();
        for (rel, filter, counts) in loaded {
            for (parent, n) in counts {
                map.insert(
                    CountKey {
                        rel,
                        parent,
                        filter: filter.clone(),
                    },
                    n,
                );
            }
        }
        Ok(map)
    }
}
