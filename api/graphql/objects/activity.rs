use std::borrow::Cow;

use async_graphql::{Context, Object, Result, ID};

use super::municipality::organizations;
use super::pledge::municipality;
use super::{sources, FocusArea, Municipality, Organization, Pledge, Source};
use crate::domain::Status as DomainStatus;
use crate::graphql::errors::{code, coded};
use crate::graphql::loaders::{self, ActivityId, FocusAreaId, HistoryOf, PledgeId, SourceId};
use crate::graphql::scalars::{date, Date, Status};
use crate::queries::activities::ActivityRow;
use crate::queries::lists::StatusEventRow;

/// A concrete thing a pledge promises to do, with its current status and the history behind it.
#[derive(Clone)]
pub struct Activity(pub ActivityRow);

impl Activity {
    /// The whole record: this row, or the record read by id when the row was read lean.
    async fn whole(&self, ctx: &Context<'_>) -> Result<Cow<'_, ActivityRow>> {
        if !self.0.lean {
            return Ok(Cow::Borrowed(&self.0));
        }
        let row = loaders::one(ctx, ActivityId(self.0.id.clone())).await?;
        Ok(row.map_or(Cow::Borrowed(&self.0), Cow::Owned))
    }
}

fn status(s: &str) -> Status {
    s.parse::<DomainStatus>()
        .unwrap_or(DomainStatus::Unknown)
        .into()
}

/// A concrete thing a pledge promises to do, with its current status and the history behind it.
#[Object]
impl Activity {
    /// `<pledge id>/a<n>`, as in REST.
    pub(crate) async fn id(&self) -> ID {
        ID(self.0.id.clone())
    }

    /// The pledge it belongs to.
    async fn pledge(&self, ctx: &Context<'_>) -> Result<Pledge> {
        let id = &self.0.pledge_id;
        loaders::one(ctx, PledgeId(id.clone()))
            .await?
            .map(Pledge)
            .ok_or_else(|| coded(code::INTERNAL, format!("pledge `{id}` is missing")))
    }

    /// The focus area, where the source says which.
    async fn focus_area(&self, ctx: &Context<'_>) -> Result<Option<FocusArea>> {
        match &self.0.focus_area_id {
            Some(id) => Ok(loaders::one(ctx, FocusAreaId(id.clone()))
                .await?
                .map(FocusArea)),
            None => Ok(None),
        }
    }

    /// The municipality of its pledge.
    async fn municipality(&self, ctx: &Context<'_>) -> Result<Municipality> {
        municipality(ctx, &self.0.municipality_id).await
    }

    /// Order within the pledge, from 1.
    async fn position(&self) -> i32 {
        self.0.position
    }

    /// As the source words it.
    async fn title(&self) -> &str {
        &self.0.title
    }

    /// In our own words, in Swedish.
    async fn description(&self, ctx: &Context<'_>) -> Result<Option<String>> {
        Ok(self.whole(ctx).await?.description.clone())
    }

    /// The latest reported status, or the status on `asOf` when the list's filter or the `activity`
    /// field gives one; `UNKNOWN` when no source reports one (by then).
    async fn status(&self) -> Status {
        status(&self.0.status)
    }

    /// When `status` took effect; null when `UNKNOWN`.
    async fn status_since(&self) -> Option<Date> {
        date(self.0.status_since)
    }

    /// Every reported status, oldest first; empty when no source reports one.
    async fn status_history(&self, ctx: &Context<'_>) -> Result<Vec<ActivityStatusEvent>> {
        let rows = loaders::one(ctx, HistoryOf(self.0.id.clone())).await?;
        Ok(rows
            .unwrap_or_default()
            .into_iter()
            .map(ActivityStatusEvent)
            .collect())
    }

    /// Organizations responsible, where the source names them.
    async fn responsible(&self, ctx: &Context<'_>) -> Result<Vec<Organization>> {
        let ids = self
            .whole(ctx)
            .await?
            .responsible
            .iter()
            .filter_map(|pair| pair.split_once('|'))
            .map(|(id, _)| id.to_owned())
            .collect();
        organizations(ctx, ids).await
    }

    /// Planned start, where the source gives it.
    async fn planned_start(&self, ctx: &Context<'_>) -> Result<Option<Date>> {
        Ok(date(self.whole(ctx).await?.planned_start))
    }

    /// Planned end, where the source gives it.
    async fn planned_end(&self, ctx: &Context<'_>) -> Result<Option<Date>> {
        Ok(date(self.whole(ctx).await?.planned_end))
    }

    /// The day it is due, where the source gives it.
    async fn due_on(&self, ctx: &Context<'_>) -> Result<Option<Date>> {
        Ok(date(self.whole(ctx).await?.due_on))
    }

    /// What the sources do not say, and other editorial notes.
    async fn note(&self, ctx: &Context<'_>) -> Result<Option<String>> {
        Ok(self.whole(ctx).await?.note.clone())
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

/// A status an activity took on a day, as a follow-up reports it.
pub struct ActivityStatusEvent(pub StatusEventRow);

/// A status an activity took on a day, as a follow-up reports it.
#[Object]
impl ActivityStatusEvent {
    /// The status it took.
    async fn status(&self) -> Status {
        status(&self.0.status)
    }

    /// The day it took effect.
    async fn effective_on(&self) -> Date {
        Date(self.0.effective_on)
    }

    /// Our note on the report, in Swedish.
    async fn note(&self) -> Option<&str> {
        self.0.note.as_deref()
    }

    /// The document that reports it.
    async fn source(&self, ctx: &Context<'_>) -> Result<Option<Source>> {
        Ok(loaders::one(ctx, SourceId(self.0.source_id.clone()))
            .await?
            .map(Source))
    }
}
