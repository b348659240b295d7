//! The object types of the graph, one module per part of the domain. Each wraps a row from
//! `queries` and resolves its relations through the request's loaders.

mod activity;
mod agreement;
mod analysis;
mod catalog;
mod focus_area;
mod municipality;
mod people;
mod pledge;
mod statement;

pub use activity::{Activity, ActivityStatusEvent};
pub use agreement::{Agreement, AgreementParty, Signatory};
pub use analysis::{span as analysis_span, Comparison, ComparisonRow, HitType, Ranked, SearchHit};
pub(crate) use catalog::inferences;
pub use catalog::{Inference, Source, Theme};
pub use focus_area::FocusArea;
pub use municipality::{Municipality, Organization};
pub use people::{Event, EventParticipant, EventPerson, Person, PersonRole};
pub use pledge::{Pledge, StatusCounts};
pub(crate) use statement::about as statements_about;
pub use statement::{Statement, Subject};

use async_graphql::{Context, Result};
use diesel::pg::Pg;
use diesel::QueryableByName;

use super::connection::{self, Connection, HasConnection, PageRequest, Positioned};
use super::loaders::{self, CountKey, FilterKey, PageKey, SourceId};
use crate::domain::period::Period;
use crate::domain::Filter;
use crate::queries::lists::{self, Relation, Table};
use crate::views::types::period;

/// The documents with these ids, in the given order.
pub(crate) async fn sources(ctx: &Context<'_>, ids: &[String]) -> Result<Vec<Source>> {
    let keys = ids.iter().cloned().map(SourceId).collect();
    Ok(loaders::many(ctx, keys)
        .await?
        .into_iter()
        .map(Source)
        .collect())
}

/// The themes with these codes, in the given order; their rows are read when asked for.
pub(crate) fn themes(codes: &[String]) -> Vec<Theme> {
    codes.iter().cloned().map(Theme::coded).collect()
}

/// Whether the query asks for `totalCount` of the connection being resolved.
fn wants_total(ctx: &Context<'_>) -> bool {
    ctx.look_ahead().field("totalCount").exists()
}

/// Whether the query asks for the page itself, not just its total.
fn wants_page(ctx: &Context<'_>) -> bool {
    let ahead = ctx.look_ahead();
    ahead.field("edges").exists() || ahead.field("pageInfo").exists()
}

/// A page of a top-level list: one statement for the page, one more for `totalCount` if asked.
pub(crate) async fn roots<R, N>(
    ctx: &Context<'_>,
    table: &'static Table<R>,
    filter: Filter,
    first: Option<i32>,
    after: Option<String>,
    node: impl Fn(R) -> N,
) -> Result<Connection<N>>
where
    R: QueryableByName<Pg> + Positioned + Send + 'static,
    N: HasConnection,
{
    let req = PageRequest::new(first, after, table.sort_name)?;
    let (rows_wanted, total) = (wants_page(ctx), wants_total(ctx));
    let (limit, after) = (req.limit(), req.after.clone());
    let (rows, n) = loaders::session(ctx)?
        .run(move |conn| {
            let rows = if rows_wanted {
                lists::page(conn, table, &filter, &after, limit)?
            } else {
                Vec::new()
            };
            let n = if total {
                lists::count(conn, table, &filter)?
            } else {
                0
            };
            Ok((rows, n))
        })
        .await?;
    Ok(connection::page(rows, &req, table.sort_name, n, node))
}

/// A page of a parent's children, loaded with the same page of every other parent at this level.
pub(crate) async fn children<R, N>(
    ctx: &Context<'_>,
    rel: &'static Relation<R>,
    parent: &str,
    filter: Filter,
    first: Option<i32>,
    after: Option<String>,
    node: impl Fn(R) -> N,
) -> Result<Connection<N>>
where
    R: QueryableByName<Pg> + Positioned + Clone + Send + Sync + 'static,
    N: HasConnection,
{
    let req = PageRequest::new(first, after, rel.sort_name)?;
    let filter = FilterKey(filter);
    let page_key = PageKey {
        rel,
        parent: parent.to_owned(),
        filter: filter.clone(),
        first: req.first,
        after: req.after.clone(),
    };
    let count_key = CountKey {
        rel,
        parent: parent.to_owned(),
        filter,
    };
    // Both loads are asked for at once, so each joins its batch in the same pass.
    let page = async {
        if wants_page(ctx) {
            loaders::one(ctx, page_key).await
        } else {
            Ok(None)
        }
    };
    let total = async {
        if wants_total(ctx) {
            loaders::one(ctx, count_key).await
        } else {
            Ok(None)
        }
    };
    let (rows, total) = async_graphql::futures_util::try_join!(page, total)?;
    Ok(connection::page(
        rows.unwrap_or_default(),
        &req,
        rel.sort_name,
        total.unwrap_or(0),
        node,
    ))
}

/// A stored period, when the source gives one.
fn stored_period(
    start: Option<chrono::NaiveDate>,
    end: Option<chrono::NaiveDate>,
    precision: Option<&str>,
) -> Option<Period> {
    period(start, end, precision)
}

macro_rules! positioned {
    ($row:ty, $id:ident) => {
        impl Positioned for $row {
            fn sort_key(&self) -> &str {
                &self.sort_key
            }
            fn public_id(&self) -> &str {
                &self.$id
            }
        }
    };
}

positioned!(crate::queries::municipalities::MunicipalityRow, id);
positioned!(crate::queries::lists::AgreementRow, id);
positioned!(crate::queries::pledges::PledgeRow, id);
positioned!(crate::queries::focus_areas::FocusAreaRow, id);
positioned!(crate::queries::activities::ActivityRow, id);
positioned!(crate::queries::lists::ThemeRow, code);
positioned!(crate::queries::sources::SourceRow, id);
positioned!(crate::queries::lists::PersonRow, id);
positioned!(crate::queries::lists::EventRow, id);
