//! A pledge asked for with its focus areas or activities, unfiltered and from the first page, is
//! read as one tree (`queries::pledges::tree`, the statement REST and the widget use) and its pages
//! are fed to the loaders: the children's resolvers then find them without statements of their own.
//! Anything else (a filter, a cursor) is left to the loaders as before. The pledge and its children
//! are read lean (without what is gathered from other tables: sources, responsible organizations,
//! the pledge's themes and tallies) unless the query asks for those where this module looks; a
//! lean row's resolvers read the whole record when they need it.

use std::collections::HashMap;

use async_graphql::{Context, Lookahead, Result, SelectionField, Value};
use diesel::pg::Pg;
use diesel::QueryableByName;

use crate::domain::Filter;
use crate::graphql::connection::PageRequest;
use crate::graphql::loaders::{self, CountKey, FilterKey, PageKey, PledgeId, ThemeCode};
use crate::queries::lists::{self, Relation};
use crate::queries::pledges::{self, Branches, PledgeRow};
use crate::queries::Detail;

/// The page sizes of the selections of one field (an alias may ask again), or none at all when a
/// selection filters, pages on or has a size the resolver will refuse.
fn first_pages(fields: Vec<SelectionField<'_>>) -> Vec<i64> {
    let mut sizes = Vec::new();
    for field in fields {
        let Ok(arguments) = field.arguments() else {
            return Vec::new();
        };
        let mut first = None;
        for (name, value) in arguments {
            match (name.as_str(), value) {
                ("first", Value::Number(n)) => {
                    first = n.as_i64().and_then(|n| i32::try_from(n).ok())
                }
                ("first" | "filter" | "after", Value::Null) => {}
                _ => return Vec::new(),
            }
        }
        match PageRequest::new(first, None, "") {
            Ok(req) => sizes.push(req.first),
            Err(_) => return Vec::new(),
        }
    }
    sizes
}

/// The nodes of a connection's selection.
fn node<'a>(connection: &Lookahead<'a>) -> Lookahead<'a> {
    connection.field("edges").field("node")
}

/// Feeds the first pages (and the totals) of one parent's children.
async fn feed<R>(
    ctx: &Context<'_>,
    rel: &'static Relation<R>,
    parent: &str,
    mut rows: Vec<R>,
    sizes: &[i64],
) -> Result<()>
where
    R: QueryableByName<Pg> + Clone + Send + Sync + 'static,
{
    let loader = loaders::loader(ctx)?;
    let count = CountKey {
        rel,
        parent: parent.to_owned(),
        filter: FilterKey(Filter::default()),
    };
    loader.feed_one(count, rows.len() as i64).await;
    let key = |first| PageKey {
        rel,
        parent: parent.to_owned(),
        filter: FilterKey(Filter::default()),
        first,
        after: None,
    };
    // A page is read with one row more than it holds, to tell whether another follows.
    let end = |n: i64| usize::try_from(n + 1).unwrap_or(usize::MAX);
    let Some((&last, others)) = sizes.split_last() else {
        return Ok(());
    };
    let pages: Vec<_> = others
        .iter()
        .map(|&n| (key(n), rows[..end(n).min(rows.len())].to_vec()))
        .collect();
    rows.truncate(end(last));
    loader
        .feed_many(pages.into_iter().chain([(key(last), rows)]))
        .await;
    Ok(())
}

/// The pledge; its tree in the same statement when the query asks for whole first pages of it.
pub async fn pledge(ctx: &Context<'_>, id: &str) -> Result<Option<PledgeRow>> {
    let ahead = ctx.look_ahead();
    let areas = ahead.field("focusAreas");
    let area_pages = first_pages(areas.selection_fields());
    let area_activity_pages = first_pages(
        areas
            .field("edges")
            .field("node")
            .field("activities")
            .selection_fields(),
    );
    let activity_pages = first_pages(ahead.field("activities").selection_fields());
    if area_pages.is_empty() && activity_pages.is_empty() {
        return loaders::one(ctx, PledgeId(id.to_owned())).await;
    }
    let with_activities = !area_activity_pages.is_empty() || !activity_pages.is_empty();
    let (area, activity) = (node(&areas), node(&ahead.field("activities")));
    let area_activity = node(&area.field("activities"));
    // What a lean focus area or activity leaves out (`queries::Detail::Lean`).
    let area_whole = ["goals", "sources", "activityCount"];
    let activity_whole = [
        "description",
        "note",
        "plannedStart",
        "plannedEnd",
        "dueOn",
        "responsible",
        "sources",
    ];
    let asked =
        |node: &Lookahead<'_>, fields: &[&str]| fields.iter().any(|f| node.field(f).exists());
    let detail = |whole: bool| match whole {
        true => Detail::Whole,
        false => Detail::Lean,
    };
    let gathered = [
        "themes",
        "focusAreaCount",
        "activityCount",
        "statusCounts",
        "sources",
    ];
    let theme = area.field("themes");
    let branches = Branches {
        pledge: detail(asked(&ahead, &gathered)),
        focus_areas: true,
        activities: with_activities,
        // Their rows come with the tree rather than in a statement of their own, when the query
        // asks for more of them than their codes (`Theme` answers those from the code alone).
        themes: asked(&theme, &["labelSv", "labelEn", "description", "position"]),
        focus_area: detail(asked(&area, &area_whole)),
        activity: detail(
            asked(&area_activity, &activity_whole) || asked(&activity, &activity_whole),
        ),
    };
    let owned = id.to_owned();
    let tree = loaders::session(ctx)?
        .run(move |conn| pledges::tree(conn, &owned, None, branches))
        .await?;
    let Some(tree) = tree else {
        return Ok(None);
    };
    if let Some(themes) = tree.themes {
        let rows = themes.into_iter().map(|t| (ThemeCode(t.code.clone()), t));
        loaders::loader(ctx)?.feed_many(rows).await;
    }
    let areas = tree.focus_areas.unwrap_or_default();
    let mut activities = tree.activities.unwrap_or_default();
    // Rows are moved into the loaders, cloned only where two pages hold the same row.
    let mut by_area: HashMap<String, Vec<_>> = HashMap::new();
    if !area_pages.is_empty() && !area_activity_pages.is_empty() {
        by_area = areas.iter().map(|a| (a.id.clone(), Vec::new())).collect();
        let rows = match activity_pages.is_empty() {
            true => std::mem::take(&mut activities),
            false => activities.clone(),
        };
        for x in rows {
            if let Some(list) = x.focus_area_id.as_deref().and_then(|f| by_area.get_mut(f)) {
                list.push(x);
            }
        }
    }
    if !activity_pages.is_empty() {
        let rel = &lists::ACTIVITIES_OF_PLEDGE;
        feed(ctx, rel, id, activities, &activity_pages).await?;
    }
    for (area, rows) in by_area {
        let rel = &lists::ACTIVITIES_OF_FOCUS_AREA;
        feed(ctx, rel, &area, rows, &area_activity_pages).await?;
    }
    if !area_pages.is_empty() {
        feed(ctx, &lists::FOCUS_AREAS_OF_PLEDGE, id, areas, &area_pages).await?;
    }
    // A lean row is not the record: the loader reads the whole one if a resolver asks for it.
    if !tree.pledge.lean {
        loaders::loader(ctx)?
            .feed_one(PledgeId(id.to_owned()), tree.pledge.clone())
            .await;
    }
    Ok(Some(tree.pledge))
}
