//! The root of the graph: each kind of record by id, and each collection as a filtered connection.

use std::sync::OnceLock;

use async_graphql::{Context, MergedObject, Object, Result, ID};

use super::catalog::Catalog;
use super::connection::{complexity, page, Connection, PageRequest};
use super::errors::{bad_argument, code, coded};
use super::filters::{
    ActivityFilter, AgreementFilter, FocusAreaFilter, IntoFilter, MunicipalityFilter, PledgeFilter,
};
use super::graph::{build, Graph};
use super::limits::Limits;
use super::loaders::{self, *};
use super::node::Nodes;
use super::objects::{
    roots, Activity, Agreement, Comparison, ComparisonRow, FocusArea, HitType, Municipality,
    Pledge, Ranked, SearchHit,
};
use super::scalars::Date;
use crate::domain::filter::parse_record_id;
use crate::domain::{Filter, MunicipalityKey, Slug};
use crate::queries::{lists, search, suggest};

/// The schema with the default limits, built once.
pub fn shared() -> &'static Graph {
    static SCHEMA: OnceLock<Graph> = OnceLock::new();
    SCHEMA.get_or_init(|| build(Limits::default()))
}

/// The schema in SDL, as committed in `schema/schema.graphql`.
pub fn sdl() -> String {
    shared().sdl()
}

/// Open data on Swedish citizen pledges (medborgarlöften) and the cooperation agreements between
/// municipalities and the police: each kind of record by id, and each collection as a connection.
#[derive(MergedObject, Default)]
pub struct Query(Commitments, Catalog, Nodes);

/// The root fields for municipalities, agreements, pledges and what they contain.
#[derive(Default)]
pub struct Commitments;

/// A record that was asked for by id and does not exist: null, with a `NOT_FOUND` error.
pub(super) fn found<T>(record: Option<T>, what: &str, id: &str) -> Result<Option<T>> {
    match record {
        Some(r) => Ok(Some(r)),
        None => Err(coded(
            code::NOT_FOUND,
            format!("no {what} has the id `{id}`"),
        )),
    }
}

pub(super) fn record_id(id: &str) -> Result<()> {
    parse_record_id(id)
        .map(|_| ())
        .map_err(|e| bad_argument("id", e))
}

pub(super) fn slug(id: &str) -> Result<()> {
    Slug::parse(id)
        .map(|_| ())
        .map_err(|e| bad_argument("id", e))
}

/// One record by id, with activity statuses as they stood on `day`. A root field is resolved once
/// per mention in the query, so one statement of its own keeps the count fixed by the query's shape.
pub(super) async fn on_day<R>(
    ctx: &Context<'_>,
    table: &'static lists::Table<R>,
    id: &str,
    day: Date,
) -> Result<Option<R>>
where
    R: diesel::QueryableByName<diesel::pg::Pg> + Send + 'static,
{
    let ids = vec![id.to_owned()];
    let rows = loaders::session(ctx)?
        .run(move |conn| lists::by_ids(conn, table, &ids, Some(day.0)))
        .await?;
    Ok(rows.into_iter().next())
}

#[Object]
impl Commitments {
    /// One municipality, by id (`solvesborg`) or kommunkod (`1083`).
    async fn municipality(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Slug or four-digit kommunkod.")] id: ID,
    ) -> Result<Option<Municipality>> {
        let id = id.0;
        MunicipalityKey::parse(&id).map_err(|e| bad_argument("id", e))?;
        let m = loaders::one(ctx, MunicipalityId(id.clone())).await?;
        match m {
            Some(m) => Ok(Some(Municipality(m))),
            None => Err(coded(
                code::NOT_FOUND,
                format!("no municipality has the id or kommunkod `{id}`"),
            )),
        }
    }

    /// Municipalities, by id.
    #[graphql(complexity = "complexity(first, child_complexity)")]
    async fn municipalities(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Only the municipalities that match.")] filter: Option<MunicipalityFilter>,
        #[graphql(desc = "Page size, 0–100 (default 10).")] first: Option<i32>,
        #[graphql(desc = "A cursor from the previous page: the page starts after it.")]
        after: Option<String>,
    ) -> Result<Connection<Municipality>> {
        let f = filter.into_filter()?;
        roots(ctx, &lists::MUNICIPALITIES, f, first, after, Municipality).await
    }

    /// One cooperation agreement, by id (`solvesborg-2022-2026`).
    async fn agreement(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Agreement id.")] id: ID,
    ) -> Result<Option<Agreement>> {
        let id = id.0;
        slug(&id)?;
        let a = loaders::one(ctx, AgreementId(id.clone())).await?;
        found(a.map(Agreement), "agreement", &id)
    }

    /// Cooperation agreements, by id.
    #[graphql(complexity = "complexity(first, child_complexity)")]
    async fn agreements(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Only the agreements that match.")] filter: Option<AgreementFilter>,
        #[graphql(desc = "Page size, 0–100 (default 10).")] first: Option<i32>,
        #[graphql(desc = "A cursor from the previous page: the page starts after it.")]
        after: Option<String>,
    ) -> Result<Connection<Agreement>> {
        let f = filter.into_filter()?;
        roots(ctx, &lists::AGREEMENTS, f, first, after, Agreement).await
    }

    /// One citizen pledge, by id (`solvesborg-2022-2023`).
    async fn pledge(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Pledge id.")] id: ID,
        #[graphql(
            desc = "Count its activities by the status they had on this day (the latest status event on or before it) instead of the latest."
        )]
        as_of: Option<Date>,
    ) -> Result<Option<Pledge>> {
        let id = id.0;
        slug(&id)?;
        let p = match as_of {
            None => super::prefetch::pledge(ctx, &id).await?,
            Some(day) => on_day(ctx, &lists::PLEDGES, &id, day).await?,
        };
        found(p.map(Pledge), "pledge", &id)
    }

    /// Citizen pledges, by id.
    #[graphql(complexity = "complexity(first, child_complexity)")]
    async fn pledges(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Only the pledges that match.")] filter: Option<PledgeFilter>,
        #[graphql(desc = "Page size, 0–100 (default 10).")] first: Option<i32>,
        #[graphql(desc = "A cursor from the previous page: the page starts after it.")]
        after: Option<String>,
    ) -> Result<Connection<Pledge>> {
        let f = filter.into_filter()?;
        roots(ctx, &lists::PLEDGES, f, first, after, Pledge).await
    }

    /// One focus area, by id (`solvesborg-2022-2023/f2`).
    async fn focus_area(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Focus area id.")] id: ID,
    ) -> Result<Option<FocusArea>> {
        let id = id.0;
        record_id(&id)?;
        let f = loaders::one(ctx, FocusAreaId(id.clone())).await?;
        found(f.map(FocusArea), "focus area", &id)
    }

    /// Focus areas of pledges and agreements, by id.
    #[graphql(complexity = "complexity(first, child_complexity)")]
    async fn focus_areas(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Only the focus areas that match.")] filter: Option<FocusAreaFilter>,
        #[graphql(desc = "Page size, 0–100 (default 10).")] first: Option<i32>,
        #[graphql(desc = "A cursor from the previous page: the page starts after it.")]
        after: Option<String>,
    ) -> Result<Connection<FocusArea>> {
        let f = filter.into_filter()?;
        roots(ctx, &lists::FOCUS_AREAS, f, first, after, FocusArea).await
    }

    /// One activity, by id (`solvesborg-2022-2023/a3`).
    async fn activity(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Activity id.")] id: ID,
        #[graphql(
            desc = "Give its `status` and `statusSince` as they stood on this day (the latest status event on or before it; `UNKNOWN` before the first) instead of the latest."
        )]
        as_of: Option<Date>,
    ) -> Result<Option<Activity>> {
        let id = id.0;
        record_id(&id)?;
        let a = match as_of {
            None => loaders::one(ctx, ActivityId(id.clone())).await?,
            Some(day) => on_day(ctx, &lists::ACTIVITIES, &id, day).await?,
        };
        found(a.map(Activity), "activity", &id)
    }

    /// Activities of pledges, by id.
    #[graphql(complexity = "complexity(first, child_complexity)")]
    async fn activities(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Only the activities that match.")] filter: Option<ActivityFilter>,
        #[graphql(desc = "Page size, 0–100 (default 10).")] first: Option<i32>,
        #[graphql(desc = "A cursor from the previous page: the page starts after it.")]
        after: Option<String>,
    ) -> Result<Connection<Activity>> {
        let f = filter.into_filter()?;
        roots(ctx, &lists::ACTIVITIES, f, first, after, Activity).await
    }

    /// Swedish full-text search over agreements, pledges, focus areas, activities and statements, best first, as
    /// `/v1/search`: words are stemmed, compounds and definite forms widened (`narkotikan` finds
    /// "narkotikaklassade"). A connection, paged like the others; its cursors are those of
    /// `/v1/search` (`next_cursor` works as `after`, and the other way round).
    #[graphql(complexity = "complexity(first, child_complexity)")]
    async fn search(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Web-search syntax: words, \"a phrase\", -word, or.")] query: String,
        #[graphql(desc = "Record types to search (default all).")] types: Option<Vec<HitType>>,
        #[graphql(desc = "Municipality ids or kommunkoder (default all).")] municipality: Option<
            Vec<String>,
        >,
        #[graphql(desc = "Page size, 0–100 (default 10).")] first: Option<i32>,
        #[graphql(desc = "A cursor from the previous page: the page starts after it.")]
        after: Option<String>,
    ) -> Result<Connection<SearchHit>> {
        let req = PageRequest::new(first, after, search::ORDER)?;
        let after = match &req.after {
            None => None,
            Some((key, id)) => Some(search::After::from_cursor(key, id).ok_or_else(|| {
                bad_argument(
                    "after",
                    "not a search cursor; take one from this field's edges",
                )
            })?),
        };
        let mut f = Filter::default();
        if query.trim().is_empty() || query.chars().count() > 200 {
            return Err(bad_argument("query", "give 1–200 characters"));
        }
        f.q = Some(query.trim().to_owned());
        for m in municipality.iter().flatten() {
            MunicipalityKey::parse(m).map_err(|e| bad_argument("municipality", e))?;
            f.municipalities.push(m.clone());
        }
        let types: Vec<String> = match types {
            Some(t) if !t.is_empty() => t.iter().map(|t| t.as_str().to_owned()).collect(),
            _ => search::TYPES.iter().map(|t| (*t).to_owned()).collect(),
        };
        let limit = req.limit() as u32;
        let session = loaders::session(ctx)?;
        let (rows, total, suggestion) = session
            .run(move |conn| {
                let tsquery = search::text_query(conn, &f)?.unwrap_or_default();
                let s = search::Search {
                    tsquery,
                    types,
                    municipalities: f.municipalities_or_none(),
                };
                let (rows, total) = search::page(conn, &s, after.as_ref(), limit)?;
                let suggestion = suggest::suggestion(conn, f.q.as_deref().unwrap_or_default())?;
                Ok((rows, total, suggestion))
            })
            .await?;
        let rows: Vec<Ranked> = rows.into_iter().map(Ranked::from).collect();
        let mut hits = page(rows, &req, search::ORDER, total, |r| SearchHit(r.hit));
        hits.suggestion = suggestion;
        Ok(hits)
    }

    /// The researchers' matrix, as `/v1/compare`: per municipality, what is active in a year or on a
    /// day, the themes it addresses and its activities by status.
    async fn compare(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Municipality ids or kommunkoder (default all).")] municipalities: Option<
            Vec<String>,
        >,
        #[graphql(
            desc = "Compare a calendar year; give `year` or `activeOn`, not both; neither: today."
        )]
        year: Option<i32>,
        #[graphql(desc = "Compare one day.")] active_on: Option<crate::graphql::scalars::Date>,
    ) -> Result<Comparison> {
        let day = active_on.as_ref().map(|d| d.0);
        let (from, to) =
            super::objects::analysis_span(year, day).map_err(|e| bad_argument("year", e))?;
        for m in municipalities.iter().flatten() {
            MunicipalityKey::parse(m).map_err(|e| bad_argument("municipalities", e))?;
        }
        let session = loaders::session(ctx)?;
        let (unknown, rows) = session
            .run(move |conn| {
                let unknown = crate::queries::known::unknown_municipalities(
                    conn,
                    municipalities.as_deref().unwrap_or(&[]),
                )?;
                let rows =
                    crate::queries::compare::matrix(conn, municipalities.as_deref(), from, to)?;
                Ok((unknown, rows))
            })
            .await?;
        if !unknown.is_empty() {
            return Err(bad_argument(
                "municipalities",
                format!(
                    "no municipality has the id or kommunkod {}",
                    unknown.join(", ")
                ),
            ));
        }
        Ok(Comparison {
            year: if day.is_none() { year } else { None },
            active_on: if year.is_none() {
                Some(crate::graphql::scalars::Date(from))
            } else {
                None
            },
            rows: rows.into_iter().map(ComparisonRow).collect(),
        })
    }
}
