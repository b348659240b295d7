//! The root fields for the catalogue: themes, sources, organisations, people and events. Merged
//! with the commitments' root fields into one `Query` type (schema.rs).

use async_graphql::{Context, Object, Result, ID};

use super::connection::{self, complexity, Connection, PageRequest};
use super::errors::bad_argument;
use super::filters::{EventFilter, IntoFilter, PersonFilter, StatementFilter};
use super::loaders::{self, *};
use super::objects::{roots, Event, Organization, Person, Source, Statement, Theme};
use crate::domain::Filter;
use crate::queries::{lists, search, statements};

use super::schema::{found, slug};

#[derive(Default)]
pub struct Catalog;

#[Object]
impl Catalog {
    /// One theme, by code (`traffic_safety`).
    async fn theme(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Theme code.")] code: String,
    ) -> Result<Option<Theme>> {
        let t = loaders::one(ctx, ThemeCode(code.clone())).await?;
        found(t.map(Theme::new), "theme", &code)
    }

    /// The themes, in display order.
    #[graphql(complexity = "complexity(first, child_complexity)")]
    async fn themes(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Page size, 0–100 (default 10).")] first: Option<i32>,
        #[graphql(desc = "A cursor from the previous page: the page starts after it.")]
        after: Option<String>,
    ) -> Result<Connection<Theme>> {
        roots(
            ctx,
            &lists::THEMES,
            Filter::default(),
            first,
            after,
            Theme::new,
        )
        .await
    }

    /// One source document, by id.
    async fn source(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Source id.")] id: ID,
    ) -> Result<Option<Source>> {
        let id = id.0;
        slug(&id)?;
        let s = loaders::one(ctx, SourceId(id.clone())).await?;
        found(s.map(Source), "source", &id)
    }

    /// The source documents, by id.
    #[graphql(complexity = "complexity(first, child_complexity)")]
    async fn sources(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Page size, 0–100 (default 10).")] first: Option<i32>,
        #[graphql(desc = "A cursor from the previous page: the page starts after it.")]
        after: Option<String>,
    ) -> Result<Connection<Source>> {
        roots(
            ctx,
            &lists::SOURCES,
            Filter::default(),
            first,
            after,
            Source,
        )
        .await
    }

    /// One organization, by id (`lpo-karlshamn`; a municipality by its slug).
    async fn organization(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Organization id.")] id: ID,
    ) -> Result<Option<Organization>> {
        let id = id.0;
        slug(&id)?;
        let o = loaders::one(ctx, OrganizationId(id.clone())).await?;
        found(o.map(Organization), "organization", &id)
    }

    /// One person, by id (`louise-erixon`).
    async fn person(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Person id.")] id: ID,
    ) -> Result<Option<Person>> {
        let id = id.0;
        slug(&id)?;
        let p = loaders::one(ctx, PersonId(id.clone())).await?;
        found(p.map(Person), "person", &id)
    }

    /// People named as actors in the sources, by id.
    #[graphql(complexity = "complexity(first, child_complexity)")]
    async fn people(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Only the people that match.")] filter: Option<PersonFilter>,
        #[graphql(desc = "Page size, 0–100 (default 10).")] first: Option<i32>,
        #[graphql(desc = "A cursor from the previous page: the page starts after it.")]
        after: Option<String>,
    ) -> Result<Connection<Person>> {
        let f = filter.into_filter()?;
        roots(ctx, &lists::PEOPLE, f, first, after, Person).await
    }

    /// One event, by id.
    async fn event(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Event id.")] id: ID,
    ) -> Result<Option<Event>> {
        let id = id.0;
        slug(&id)?;
        let e = loaders::one(ctx, EventId(id.clone())).await?;
        found(e.map(Event), "event", &id)
    }

    /// Meetings and conferences, by id.
    #[graphql(complexity = "complexity(first, child_complexity)")]
    async fn events(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Only the events that match.")] filter: Option<EventFilter>,
        #[graphql(desc = "Page size, 0–100 (default 10).")] first: Option<i32>,
        #[graphql(desc = "A cursor from the previous page: the page starts after it.")]
        after: Option<String>,
    ) -> Result<Connection<Event>> {
        let f = filter.into_filter()?;
        roots(ctx, &lists::EVENTS, f, first, after, Event).await
    }

    /// One statement, by id.
    async fn statement(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Statement id.")] id: ID,
    ) -> Result<Option<Statement>> {
        let id = id.0;
        slug(&id)?;
        let s = loaders::one(ctx, StatementId(id.clone())).await?;
        found(s.map(Statement), "statement", &id)
    }

    /// What named people said, quoted from the sources, by id: as `/v1/statements`.
    #[graphql(complexity = "complexity(first, child_complexity)")]
    async fn statements(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Only the statements that match.")] filter: Option<StatementFilter>,
        #[graphql(desc = "Page size, 0–100 (default 10).")] first: Option<i32>,
        #[graphql(desc = "A cursor from the previous page: the page starts after it.")]
        after: Option<String>,
    ) -> Result<Connection<Statement>> {
        let req = PageRequest::new(first, after, ORDER)?;
        let (common, mut own) = filter.unwrap_or_default().parts()?;
        let (limit, after) = (req.limit(), req.after.clone());
        let session = loaders::session(ctx)?;
        let checked = own.clone();
        let bad = session
            .run(move |conn| statements::unknown_ids(conn, &checked))
            .await?;
        if let Some((field, v)) = bad.first() {
            return Err(bad_argument(
                &format!("filter.{field}"),
                format!("`{v}` names no record of that kind"),
            ));
        }
        let (rows, total) = session
            .run(move |conn| {
                own.tsquery = search::text_query(conn, &common)?;
                let after = after.as_ref().map(|(k, i)| (k.as_str(), i.as_str()));
                statements::list(conn, &own, ORDER, false, after, limit as u32)
            })
            .await?;
        Ok(connection::page(rows, &req, ORDER, total, Statement))
    }
}

/// The order of statement connections: by id, as `/v1/statements` by default.
const ORDER: &str = "id";
