use async_graphql::{Context, Object, Result, ID};

use super::{children, sources, Agreement, Pledge, Source};
use crate::graphql::connection::{complexity, Connection};
use crate::graphql::filters::{AgreementFilter, IntoFilter, PledgeFilter};
use crate::graphql::loaders::{self, OrganizationId};
use crate::queries::lists::{self, OrganizationRow};
use crate::queries::municipalities::MunicipalityRow;

/// One of Sweden's 290 municipalities (kommuner).
#[derive(Clone)]
pub struct Municipality(pub MunicipalityRow);

pub(crate) async fn organization(
    ctx: &Context<'_>,
    id: &Option<String>,
) -> Result<Option<Organization>> {
    match id {
        Some(id) => Ok(loaders::one(ctx, OrganizationId(id.clone()))
            .await?
            .map(Organization)),
        None => Ok(None),
    }
}

/// One of Sweden's 290 municipalities (kommuner).
#[Object]
impl Municipality {
    /// Stable public id: the ASCII slug of the name (å/ä→a, ö→o), as in REST.
    pub(crate) async fn id(&self) -> ID {
        ID(self.0.id.clone())
    }

    /// The name as SCB lists it.
    async fn name(&self) -> &str {
        &self.0.name
    }

    /// The organization's name as the sources give it.
    async fn organization_name(&self) -> &str {
        &self.0.organization_name
    }

    /// SCB kommunkod, four digits: join other statistics on it.
    async fn code(&self) -> &str {
        &self.0.code
    }

    /// SCB länskod, two digits.
    async fn county_code(&self) -> &str {
        &self.0.county_code
    }

    /// The county's name.
    async fn county_name(&self) -> &str {
        &self.0.county_name
    }

    /// The police region, where a source names it.
    async fn police_region(&self, ctx: &Context<'_>) -> Result<Option<Organization>> {
        organization(ctx, &self.0.police_region_id).await
    }

    /// The local police area (lokalpolisområde) it cooperates with, where a source names it.
    async fn local_police_area(&self, ctx: &Context<'_>) -> Result<Option<Organization>> {
        organization(ctx, &self.0.local_police_area_id).await
    }

    /// How many cooperation agreements the dataset holds for it.
    async fn agreement_count(&self) -> i64 {
        self.0.agreement_count
    }

    /// How many citizen pledges the dataset holds for it.
    async fn pledge_count(&self) -> i64 {
        self.0.pledge_count
    }

    /// The values that are the dataset's judgement rather than the sources' words, with the reason.
    async fn inferred(&self) -> Vec<super::Inference> {
        super::inferences(&self.0.inferred.0)
    }

    /// What the sources do not say, and other editorial notes.
    async fn note(&self) -> Option<&str> {
        self.0.note.as_deref()
    }

    /// The documents its facts come from.
    async fn sources(&self, ctx: &Context<'_>) -> Result<Vec<Source>> {
        sources(ctx, &self.0.sources).await
    }

    /// Its cooperation agreements, by id.
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
        children(
            ctx,
            &lists::AGREEMENTS_OF_MUNICIPALITY,
            &self.0.id,
            f,
            first,
            after,
            Agreement,
        )
        .await
    }

    /// Its citizen pledges, by id.
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
        children(
            ctx,
            &lists::PLEDGES_OF_MUNICIPALITY,
            &self.0.id,
            f,
            first,
            after,
            Pledge,
        )
        .await
    }
}

/// An organization: a municipality, a police unit, a region, a county administrative board, ….
#[derive(Clone)]
pub struct Organization(pub OrganizationRow);

/// An organization: a municipality, a police unit, a region, a county administrative board, ….
#[Object]
impl Organization {
    /// Stable public id, e.g. `lpo-karlshamn`; a municipality's is its slug.
    pub(crate) async fn id(&self) -> ID {
        ID(self.0.id.clone())
    }

    /// What kind of organization: `municipality`, `local_police_area`, `police_area`, `police_region`,
    /// `police_authority`, `region`, `regional_committee`, `county_administrative_board` or
    /// `municipal_department`.
    async fn kind(&self) -> &str {
        &self.0.kind
    }

    /// The name, with an initial capital.
    async fn name(&self) -> &str {
        &self.0.name
    }

    /// The organization it is part of, where a source states it.
    async fn parent(&self, ctx: &Context<'_>) -> Result<Option<Organization>> {
        organization(ctx, &self.0.parent_id).await
    }

    /// The values that are the dataset's judgement rather than the sources' words, with the reason.
    async fn inferred(&self) -> Vec<super::Inference> {
        super::inferences(&self.0.inferred.0)
    }

    /// What the sources do not say, and other editorial notes.
    async fn note(&self) -> Option<&str> {
        self.0.note.as_deref()
    }

    /// The documents its facts come from.
    async fn sources(&self, ctx: &Context<'_>) -> Result<Vec<Source>> {
        sources(ctx, &self.0.sources).await
    }
}

/// Organizations by id, in the given order.
pub(crate) async fn organizations(
    ctx: &Context<'_>,
    ids: Vec<String>,
) -> Result<Vec<Organization>> {
    let keys = ids.into_iter().map(OrganizationId).collect();
    Ok(loaders::many(ctx, keys)
        .await?
        .into_iter()
        .map(Organization)
        .collect())
}
