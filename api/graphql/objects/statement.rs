//! What a named person said, in a source, about an agreement, pledge, focus area or activity.

use async_graphql::{Context, Object, Result, Union, ID};

use super::municipality::organization;
use super::{Activity, Agreement, FocusArea, Municipality, Organization, Person, Pledge, Source};
use crate::graphql::connection::Positioned;
use crate::graphql::loaders::{self, *};
use std::collections::HashMap;

use async_graphql::dataloader::Loader;
use async_graphql::Error;

use crate::queries::statements::{self, StatementRow};

/// What a named person said, in a source: the words quoted exactly, as short as the point needs.
#[derive(Clone)]
pub struct Statement(pub StatementRow);

/// The record a statement is about.
#[derive(Union)]
pub enum Subject {
    Agreement(Agreement),
    Pledge(Pledge),
    FocusArea(FocusArea),
    Activity(Activity),
}

impl Positioned for StatementRow {
    fn sort_key(&self) -> &str {
        &self.sort_key
    }
    fn public_id(&self) -> &str {
        &self.id
    }
}

/// What a named person said, in a source: the words quoted exactly, as short as the point needs.
#[Object]
impl Statement {
    /// Stable public id, as in REST (`/v1/statements/{id}`).
    pub(crate) async fn id(&self) -> ID {
        ID(self.0.id.clone())
    }

    /// The speaker.
    async fn person(&self, ctx: &Context<'_>) -> Result<Option<Person>> {
        let p = loaders::one(ctx, PersonId(self.0.person_id.clone())).await?;
        Ok(p.map(Person))
    }

    /// The speaker's title at the time, as the source gives it.
    async fn role(&self) -> &str {
        &self.0.role
    }

    /// The organization of that title, where known.
    async fn organization(&self, ctx: &Context<'_>) -> Result<Option<Organization>> {
        organization(ctx, &self.0.organization_id).await
    }

    /// The record the words are about.
    async fn about(&self, ctx: &Context<'_>) -> Result<Option<Subject>> {
        let id = self.0.about_id.clone();
        Ok(match self.0.about_type.as_str() {
            "agreement" => loaders::one(ctx, AgreementId(id))
                .await?
                .map(|r| Subject::Agreement(Agreement(r))),
            "pledge" => loaders::one(ctx, PledgeId(id))
                .await?
                .map(|r| Subject::Pledge(Pledge(r))),
            "focus_area" => loaders::one(ctx, FocusAreaId(id))
                .await?
                .map(|r| Subject::FocusArea(FocusArea(r))),
            _ => loaders::one(ctx, ActivityId(id))
                .await?
                .map(|r| Subject::Activity(Activity(r))),
        })
    }

    /// The municipality of the record it is about.
    async fn municipality(&self, ctx: &Context<'_>) -> Result<Option<Municipality>> {
        let m = loaders::one(ctx, MunicipalityId(self.0.municipality_id.clone())).await?;
        Ok(m.map(Municipality))
    }

    /// The speaker's words, exactly as the source prints them.
    async fn quote(&self) -> &str {
        &self.0.quote
    }

    /// The source the words are quoted from.
    async fn source(&self, ctx: &Context<'_>) -> Result<Option<Source>> {
        let s = loaders::one(ctx, SourceId(self.0.source_id.clone())).await?;
        Ok(s.map(Source))
    }

    /// Our notes: what was left out, and why the statement is about that record.
    async fn note(&self) -> Option<&str> {
        self.0.note.as_deref()
    }
}

/// The statements about a record, in the order the dataset gives them.
pub(crate) async fn about(ctx: &Context<'_>, id: &str) -> Result<Vec<Statement>> {
    let rows = loaders::one(ctx, StatementsAbout(id.to_owned())).await?;
    Ok(rows
        .unwrap_or_default()
        .into_iter()
        .map(Statement)
        .collect())
}

/// Statements by id, for `statement(id:)` and `node(id:)`.
impl Loader<StatementId> for GraphLoader {
    type Value = StatementRow;
    type Error = Error;

    async fn load(&self, keys: &[StatementId]) -> Result<HashMap<StatementId, StatementRow>> {
        let ids: Vec<String> = keys.iter().map(|k| k.0.clone()).collect();
        let rows = self
            .0
            .run(move |conn| statements::by_ids(conn, &ids))
            .await?;
        Ok(rows
            .into_iter()
            .map(|r| (StatementId(r.id.clone()), r))
            .collect())
    }
}
