use std::borrow::Cow;

use async_graphql::{Context, Object, Result, SimpleObject, ID};

use super::{children, sources, stored_period, themes, Activity, Agreement, FocusArea};
use super::{Municipality, Source, Theme};
use crate::domain::period::Period;
use crate::graphql::connection::{complexity, Connection};
use crate::graphql::errors::{code, coded};
use crate::graphql::filters::{ActivityFilter, FocusAreaFilter, IntoFilter};
use crate::graphql::loaders::{self, AgreementId, MunicipalityId, PledgeId};
use crate::graphql::scalars::{date, Date, Phase, Precision};
use crate::queries::lists;
use crate::queries::pledges::PledgeRow;
use crate::views::pledges::status_counts;

/// A citizen pledge (medborgarlöfte): what municipality and police promise for a period.
#[derive(Clone)]
pub struct Pledge(pub PledgeRow);

/// The municipality a record belongs to; every record has one, so its absence is an internal error.
pub(crate) async fn municipality(ctx: &Context<'_>, id: &str) -> Result<Municipality> {
    loaders::one(ctx, MunicipalityId(id.to_owned()))
        .await?
        .map(Municipality)
        .ok_or_else(|| coded(code::INTERNAL, format!("municipality `{id}` is missing")))
}

impl Pledge {
    fn period(&self) -> Option<Period> {
        let r = &self.0;
        stored_period(r.period_start, r.period_end, r.period_precision.as_deref())
    }

    /// The whole record: this row, or the record read by id when the row was read lean.
    async fn whole(&self, ctx: &Context<'_>) -> Result<Cow<'_, PledgeRow>> {
        if !self.0.lean {
            return Ok(Cow::Borrowed(&self.0));
        }
        let row = loaders::one(ctx, PledgeId(self.0.id.clone())).await?;
        Ok(row.map_or(Cow::Borrowed(&self.0), Cow::Owned))
    }
}

/// Activities by current status.
#[derive(SimpleObject)]
pub struct StatusCounts {
    /// Decided, not started.
    pub planned: i64,
    /// Under way.
    pub in_progress: i64,
    /// Done.
    pub completed: i64,
    /// Dropped.
    pub cancelled: i64,
    /// No status reported.
    pub unknown: i64,
}

/// A citizen pledge (medborgarlöfte): what municipality and police promise for a period.
#[Object]
impl Pledge {
    /// `<municipality>-<first year>-<last year>` or `<municipality>-<year>`, as in REST.
    pub(crate) async fn id(&self) -> ID {
        ID(self.0.id.clone())
    }

    /// The title: the document's where the source names it, else ours.
    async fn title(&self) -> &str {
        &self.0.title
    }

    /// The municipality that made it.
    async fn municipality(&self, ctx: &Context<'_>) -> Result<Municipality> {
        municipality(ctx, &self.0.municipality_id).await
    }

    /// The cooperation agreement it belongs to, where known.
    async fn agreement(&self, ctx: &Context<'_>) -> Result<Option<Agreement>> {
        match &self.0.agreement_id {
            Some(id) => Ok(loaders::one(ctx, AgreementId(id.clone()))
                .await?
                .map(Agreement)),
            None => Ok(None),
        }
    }

    /// First day of the period; null when no source gives the period.
    async fn period_start(&self) -> Option<Date> {
        self.period().map(|p| Date(p.start))
    }

    /// Last day of the period; null when no source gives the period.
    async fn period_end(&self) -> Option<Date> {
        self.period().map(|p| Date(p.end))
    }

    /// How precisely the source states the period.
    async fn period_precision(&self) -> Option<Precision> {
        self.period().map(|p| p.precision.into())
    }

    /// The period for people, e.g. `2022–2023`.
    async fn period_label(&self) -> Option<String> {
        self.period().map(|p| p.to_string())
    }

    /// Where the period stands today; null without a period.
    async fn phase(&self) -> Option<Phase> {
        let today = chrono::Utc::now().date_naive();
        self.period().map(|p| p.phase_on(today).into())
    }

    /// The day it was published, where a source gives it.
    async fn published_on(&self) -> Option<Date> {
        date(self.0.published_on)
    }

    /// In our own words, in Swedish.
    async fn summary(&self) -> Option<&str> {
        self.0.summary.as_deref()
    }

    /// The values that are the dataset's judgement rather than the sources' words, with the reason.
    async fn inferred(&self) -> Vec<super::Inference> {
        super::inferences(&self.0.inferred.0)
    }

    /// What the sources do not say, and other editorial notes.
    async fn note(&self) -> Option<&str> {
        self.0.note.as_deref()
    }

    /// The themes of its focus areas, by code.
    async fn themes(&self, ctx: &Context<'_>) -> Result<Vec<Theme>> {
        Ok(themes(&self.whole(ctx).await?.themes))
    }

    /// How many focus areas it has.
    async fn focus_area_count(&self, ctx: &Context<'_>) -> Result<i64> {
        Ok(self.whole(ctx).await?.focus_area_count)
    }

    /// How many activities it has.
    async fn activity_count(&self, ctx: &Context<'_>) -> Result<i64> {
        Ok(self.whole(ctx).await?.activity_statuses.len() as i64)
    }

    /// Its activities by status: the latest, or on `asOf` when the list's filter or the `pledge`
    /// field gives one.
    async fn status_counts(&self, ctx: &Context<'_>) -> Result<StatusCounts> {
        let c = status_counts(&self.whole(ctx).await?.activity_statuses);
        Ok(StatusCounts {
            planned: c.planned,
            in_progress: c.in_progress,
            completed: c.completed,
            cancelled: c.cancelled,
            unknown: c.unknown,
        })
    }

    /// Its focus areas, in the source's order.
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
        let rel = &lists::FOCUS_AREAS_OF_PLEDGE;
        children(ctx, rel, &self.0.id, f, first, after, FocusArea).await
    }

    /// All its activities, with or without a focus area, in the source's order.
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
        let rel = &lists::ACTIVITIES_OF_PLEDGE;
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
