use async_graphql::{Context, Object, Result, ID};

use super::municipality::organization;
use super::{children, sources, stored_period, themes, FocusArea, Municipality, Organization};
use super::{Person, Pledge, Source, Theme};
use crate::domain::period::Period;
use crate::graphql::connection::{complexity, Connection};
use crate::graphql::filters::{FocusAreaFilter, IntoFilter, PledgeFilter};
use crate::graphql::loaders::{self, PartiesOf, PersonId, SignatoriesOf};
use crate::graphql::scalars::{date, Date, Phase, Precision};
use crate::queries::lists::{self, AgreementRow, PartyRow, SignatoryRow};

/// A cooperation agreement (samverkansöverenskommelse) between a municipality and the police,
/// sometimes with more parties, for several years.
#[derive(Clone)]
pub struct Agreement(pub AgreementRow);

impl Agreement {
    fn period(&self) -> Option<Period> {
        let r = &self.0;
        stored_period(r.period_start, r.period_end, r.period_precision.as_deref())
    }
}

/// A cooperation agreement (samverkansöverenskommelse) between a municipality and the police,
/// sometimes with more parties, for several years.
#[Object]
impl Agreement {
    /// `<municipality>-<first year>-<last year>`, as in REST.
    pub(crate) async fn id(&self) -> ID {
        ID(self.0.id.clone())
    }

    /// The title: the document's where the source names it, else ours.
    async fn title(&self) -> &str {
        &self.0.title
    }

    /// The municipality that made it.
    async fn municipality(&self, ctx: &Context<'_>) -> Result<Municipality> {
        super::pledge::municipality(ctx, &self.0.municipality_id).await
    }

    /// The day it was signed, where a source gives it.
    async fn signed_on(&self) -> Option<Date> {
        date(self.0.signed_on)
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

    /// The period for people, e.g. `2022–2026`.
    async fn period_label(&self) -> Option<String> {
        self.period().map(|p| p.to_string())
    }

    /// Where the period stands today; null without a period.
    async fn phase(&self) -> Option<Phase> {
        let today = chrono::Utc::now().date_naive();
        self.period().map(|p| p.phase_on(today).into())
    }

    /// In our own words, in Swedish.
    async fn summary(&self) -> Option<&str> {
        self.0.summary.as_deref()
    }

    /// How the parties follow the work up, in our own words, where the source describes it.
    async fn follow_up(&self) -> Option<&str> {
        self.0.follow_up.as_deref()
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
    async fn themes(&self) -> Vec<Theme> {
        themes(&self.0.themes)
    }

    /// How many focus areas it has.
    async fn focus_area_count(&self) -> i64 {
        self.0.focus_area_count
    }

    /// How many citizen pledges belong to it.
    async fn pledge_count(&self) -> i64 {
        self.0.pledge_count
    }

    /// The organizations that are party to it, in the order the source gives them.
    async fn parties(&self, ctx: &Context<'_>) -> Result<Vec<AgreementParty>> {
        let rows = loaders::one(ctx, PartiesOf(self.0.id.clone())).await?;
        Ok(rows
            .unwrap_or_default()
            .into_iter()
            .map(AgreementParty)
            .collect())
    }

    /// The people who signed it, where a source names them.
    async fn signatories(&self, ctx: &Context<'_>) -> Result<Vec<Signatory>> {
        let rows = loaders::one(ctx, SignatoriesOf(self.0.id.clone())).await?;
        Ok(rows
            .unwrap_or_default()
            .into_iter()
            .map(Signatory)
            .collect())
    }

    /// Its focus areas (samverkansområden), in the source's order.
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
        let rel = &lists::FOCUS_AREAS_OF_AGREEMENT;
        children(ctx, rel, &self.0.id, f, first, after, FocusArea).await
    }

    /// The citizen pledges made under it, by id.
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
        let rel = &lists::PLEDGES_OF_AGREEMENT;
        children(ctx, rel, &self.0.id, f, first, after, Pledge).await
    }

    /// What named people said about it, quoted from the sources, in the dataset's order.
    async fn statements(&self, ctx: &Context<'_>) -> Result<Vec<super::Statement>> {
        super::statements_about(ctx, &self.0.id).await
    }

    /// The documents its facts come from.
    async fn sources(&self, ctx: &Context<'_>) -> Result<Vec<Source>> {
        sources(ctx, &self.0.sources).await
    }
}

/// An organization that is party to an agreement.
pub struct AgreementParty(pub PartyRow);

/// An organization that is party to an agreement.
#[Object]
impl AgreementParty {
    /// The organization.
    async fn organization(&self, ctx: &Context<'_>) -> Result<Option<Organization>> {
        organization(ctx, &Some(self.0.organization_id.clone())).await
    }

    /// `party`, or `signing_party` where the source says it signs.
    async fn role(&self) -> &str {
        &self.0.role
    }
}

/// A person who signed an agreement.
pub struct Signatory(pub SignatoryRow);

/// A person who signed an agreement.
#[Object]
impl Signatory {
    /// The person.
    async fn person(&self, ctx: &Context<'_>) -> Result<Option<Person>> {
        Ok(loaders::one(ctx, PersonId(self.0.person_id.clone()))
            .await?
            .map(Person))
    }

    /// The person's role in the signing, as published.
    async fn role(&self) -> &str {
        &self.0.role
    }

    /// The organization the person signed for, where the source says.
    async fn organization(&self, ctx: &Context<'_>) -> Result<Option<Organization>> {
        organization(ctx, &self.0.organization_id).await
    }

    /// Which of `person` (that they signed at all), `role`, `organization` are the dataset's
    /// judgement rather than the source's words, with the reason.
    async fn inferred(&self) -> Vec<super::Inference> {
        super::inferences(&self.0.inferred.0)
    }
}
