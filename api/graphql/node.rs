//! Relay's Global Object Identification: every kind of record implements `Node`, and `node(id:)`
//! and `nodes(ids:)` fetch any record by its id, so that normalized caches (Relay, Apollo, urql)
//! and refetching have a handle on each record.
//!
//! Ids are the REST ids: the importer refuses a dataset in which two records of different kinds
//! share one (`dataset::validate`), so they are global as they are. A municipality is also an
//! organization, under the same id: `node` answers the municipality.

use std::collections::HashMap;

use async_graphql::{Context, Interface, Object, Result, ID};

use super::errors::bad_argument;
use super::loaders::{self, *};
use super::objects::{
    Activity, Agreement, Event, FocusArea, Municipality, Organization, Person, Pledge, Source,
    Statement, Theme,
};
use crate::queries::known::{self, Kind};

/// Ids one `nodes` call may ask for.
const MAX_IDS: usize = 100;
/// No id of this dataset is longer; longer input is refused before any SQL.
const MAX_ID_CHARS: usize = 200;

/// A record that can be fetched by its id with `node(id:)`.
#[derive(Interface, Clone)]
#[graphql(field(
    name = "id",
    ty = "ID",
    desc = "The record's id, as in the REST API; unique across all kinds of record."
))]
pub enum Node {
    Municipality(Municipality),
    Organization(Organization),
    Agreement(Agreement),
    Pledge(Pledge),
    FocusArea(FocusArea),
    Activity(Activity),
    Theme(Theme),
    Source(Source),
    Person(Person),
    Event(Event),
    Statement(Statement),
}

/// The root fields `node` and `nodes`.
#[derive(Default)]
pub struct Nodes;

#[Object]
impl Nodes {
    /// Any record by its id (Relay's `node`): null when no record has it.
    async fn node(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "A record's id.")] id: ID,
    ) -> Result<Option<Node>> {
        Ok(resolve(ctx, vec![id.0]).await?.pop().flatten())
    }

    /// Records by id, in the order asked, null where no record has the id; at most 100 ids.
    async fn nodes(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Records' ids, at most 100.")] ids: Vec<ID>,
    ) -> Result<Vec<Option<Node>>> {
        if ids.len() > MAX_IDS {
            return Err(bad_argument(
                "ids",
                format!("{} ids; at most {MAX_IDS}", ids.len()),
            ));
        }
        resolve(ctx, ids.into_iter().map(|id| id.0).collect()).await
    }
}

/// The records of these ids, in their order: one statement finds each id's kind, then one
/// loader batch per kind reads the records.
async fn resolve(ctx: &Context<'_>, ids: Vec<String>) -> Result<Vec<Option<Node>>> {
    if let Some(long) = ids.iter().find(|id| id.chars().count() > MAX_ID_CHARS) {
        return Err(bad_argument(
            "id",
            format!(
                "`{}…` is longer than any id ({MAX_ID_CHARS} characters)",
                long.chars().take(20).collect::<String>()
            ),
        ));
    }
    let asked = ids.clone();
    let kinds: HashMap<String, Kind> = loaders::session(ctx)?
        .run(move |conn| known::kinds(conn, &asked))
        .await?
        .into_iter()
        .collect();
    let of = |kind: Kind| -> Vec<String> {
        let mut v: Vec<String> = ids
            .iter()
            .filter(|id| kinds.get(*id) == Some(&kind))
            .cloned()
            .collect();
        v.dedup();
        v
    };
    let mut found: HashMap<String, Node> = HashMap::new();
    macro_rules! fetch {
        ($kind:expr, $key:ident, $object:ident) => {
            let keys: Vec<$key> = of($kind).into_iter().map($key).collect();
            for r in loaders::many(ctx, keys).await? {
                found.insert(r.id.clone(), Node::$object($object(r)));
            }
        };
    }
    fetch!(Kind::Municipality, MunicipalityId, Municipality);
    fetch!(Kind::Organization, OrganizationId, Organization);
    fetch!(Kind::Agreement, AgreementId, Agreement);
    fetch!(Kind::Pledge, PledgeId, Pledge);
    fetch!(Kind::FocusArea, FocusAreaId, FocusArea);
    fetch!(Kind::Activity, ActivityId, Activity);
    fetch!(Kind::Source, SourceId, Source);
    fetch!(Kind::Person, PersonId, Person);
    fetch!(Kind::Event, EventId, Event);
    fetch!(Kind::Statement, StatementId, Statement);
    let themes: Vec<ThemeCode> = of(Kind::Theme).into_iter().map(ThemeCode).collect();
    for r in loaders::many(ctx, themes).await? {
        found.insert(r.code.clone(), Node::Theme(Theme::new(r)));
    }
    Ok(ids.iter().map(|id| found.get(id).cloned()).collect())
}
