use std::borrow::Cow;

use async_graphql::{Context, Object, Result, ID};

use super::pledge::municipality;
use super::{children, sources, themes, Activity, Agreement, Municipality, Pledge, Source, Theme};
use crate::graphql::connection::{complexity, Connection};
use crate::graphql::filters::{ActivityFilter, IntoFilter};
use crate::graphql::loaders::{self, AgreementId, FocusAreaId, PledgeId};
use crate::queries::focus_areas::FocusAreaRow;
use crate::queries::lists;

/// What a pledge or an agreement concentrates on (fokusområde / samverkansområde).
#[derive(Clone)]
pub struct FocusArea(pub FocusAreaRow);

impl FocusArea {
    /// The whole record: this row, or the record read by id when the row was read lean.
    async fn whole(&self, ctx: &Context<'_>) -> Result<Cow<'_, FocusAreaRow>> {
        if !self.0.lean {
            return Ok(Cow::Borrowed(&self.0));
        }
        let row = loaders::one(ctx, FocusAreaId(self.0.id.clone())).await?;
        Ok(row.map_or(Cow::Borrowed(&self.0), Cow::Owned))
    }
}

/// What a pledge or an agreement concentrates on (fokusområde / samverkansområde).
#[Object]
impl FocusArea {
    /// `<parent id>/f<n>`, as in REST.
    pub(crate) async fn id(&self) -> ID {
        ID(self.0.id.clone())
    }

    /// The pledge it belongs to; null when it belongs to an agreement.
    async fn pledge(&self, ctx: &Context<'_>) -> Result<Option<Pledge>> {
        if self.0.parent_type != "pledge" {
            return Ok(None);
        }
        Ok(loaders::one(ctx, PledgeId(self.0.parent_id.clone()))
            .await?
            .map(Pledge))
    }

    /// The agreement it belongs to; null when it belongs to a pledge.
    async fn agreement(&self, ctx: &Context<'_>) -> Result<Option<Agreement>> {
        if self.0.parent_type != "agreement" {
            return Ok(None);
        }
        Ok(loaders::one(ctx, AgreementId(self.0.parent_id.clone()))
            .await?
            .map(Agreement))
    }

    /// The municipality of its pledge or agreement.
    async fn municipality(&self, ctx: &Context<'_>) -> Result<Municipality> {
        municipality(ctx, &self.0.municipality_id).await
    }

    /// Order within the parent, from 1.
    async fn position(&self) -> i32 {
        self.0.position
    }

    /// As the source words it.
    async fn title(&self) -> &str {
        &self.0.title
    }

    /// In our own words, in Swedish.
    async fn description(&self) -> Option<&str> {
        self.0.description.as_deref()
    }

    /// Goals (effektmål, produktionsmål) in our own words, where the source states them.
    async fn goals(&self, ctx: &Context<'_>) -> Result<Option<String>> {
        Ok(self.whole(ctx).await?.goals.clone())
    }

    /// Its themes (one to three), in the vocabulary's order.
    async fn themes(&self) -> Vec<Theme> {
        themes(&self.0.themes)
    }

    /// How many activities the source puts under it.
    async fn activity_count(&self, ctx: &Context<'_>) -> Result<i64> {
        Ok(self.whole(ctx).await?.activity_count)
    }

    /// The activities the source puts under it, in the pledge's order.
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
        let rel = &lists::ACTIVITIES_OF_FOCUS_AREA;
        children(ctx, rel, &self.0.id, f, first, after, Activity).await
    }

    /// What named people said about it, quoted from the sources, in the dataset's order.
    async fn statements(&self, ctx: &Context<'_>) -> Result<Vec<super::Statement>> {
        super::statements_about(ctx, &self.0.id).await
    }

    /// The documents its facts come from.
    async fn sources(&self, ctx: &Context<'_>) -> Result<Vec<Source>> {
        sources(ctx, &self.whole(ctx).await?.sources).await
    }
}
