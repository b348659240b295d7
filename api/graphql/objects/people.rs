use async_graphql::{Context, Object, Result, ID};

use super::municipality::organization;
use super::{sources, Organization, Source};
use crate::graphql::loaders::{self, EventPeopleOf, ParticipantsOf, PersonId, RolesOf};
use crate::graphql::scalars::{date, Date};
use crate::queries::lists::{
    EventParticipantRow, EventPersonRow, EventRow, PersonRoleRow, PersonRow,
};

/// A person named as an actor in the sources: a name and the titles they held, as published.
#[derive(Clone)]
pub struct Person(pub PersonRow);

/// A person named as an actor in the sources: a name and the titles they held, as published.
#[Object]
impl Person {
    /// Stable public id: the slug of the published name.
    pub(crate) async fn id(&self) -> ID {
        ID(self.0.id.clone())
    }

    /// The name as published.
    async fn name(&self) -> &str {
        &self.0.name
    }

    /// The titles they held, in the order the sources give them.
    async fn roles(&self, ctx: &Context<'_>) -> Result<Vec<PersonRole>> {
        let rows = loaders::one(ctx, RolesOf(self.0.id.clone())).await?;
        Ok(rows
            .unwrap_or_default()
            .into_iter()
            .map(PersonRole)
            .collect())
    }
}

/// A title a person held at an organization, as a source gives it.
pub struct PersonRole(pub PersonRoleRow);

/// A title a person held at an organization, as a source gives it.
#[Object]
impl PersonRole {
    /// The title as published, e.g. `kommunstyrelsens ordförande`.
    async fn title(&self) -> &str {
        &self.0.title
    }

    /// The organization, where the source names or implies it.
    async fn organization(&self, ctx: &Context<'_>) -> Result<Option<Organization>> {
        organization(ctx, &self.0.organization_id).await
    }

    /// Political party, where given.
    async fn party(&self) -> Option<&str> {
        self.0.party.as_deref()
    }

    /// The day the source states the title on, where it is dated.
    async fn as_of(&self) -> Option<Date> {
        date(self.0.as_of)
    }

    /// The documents that state it.
    async fn sources(&self, ctx: &Context<'_>) -> Result<Vec<Source>> {
        sources(ctx, &self.0.sources).await
    }

    /// Which of `title`, `organization` are the dataset's judgement rather than the source's
    /// words, with the reason.
    async fn inferred(&self) -> Vec<super::Inference> {
        super::inferences(&self.0.inferred.0)
    }
}

/// A meeting or conference named in the sources.
#[derive(Clone)]
pub struct Event(pub EventRow);

/// A meeting or conference named in the sources.
#[Object]
impl Event {
    /// Stable public id.
    pub(crate) async fn id(&self) -> ID {
        ID(self.0.id.clone())
    }

    /// `conference`, `meeting`, `signing` or `press_conference`.
    async fn kind(&self) -> &str {
        &self.0.kind
    }

    /// A title, ours where the source gives none.
    async fn title(&self) -> &str {
        &self.0.title
    }

    /// The day it was held, where a source gives it.
    async fn held_on(&self) -> Option<Date> {
        date(self.0.held_on)
    }

    /// Where it was held.
    async fn location(&self) -> Option<&str> {
        self.0.location.as_deref()
    }

    /// In our own words, in Swedish.
    async fn summary(&self) -> Option<&str> {
        self.0.summary.as_deref()
    }

    /// Local time it began (`HH:MM`, Swedish time), where the source gives it.
    async fn starts_at(&self) -> Option<&str> {
        self.0.starts_at.as_deref()
    }

    /// The values (`title`, `organizers`, `participants`, `invited`) that are the dataset's
    /// judgement rather than the source's words, with the reason.
    async fn inferred(&self) -> Vec<super::Inference> {
        super::inferences(&self.0.inferred.0)
    }

    /// What the sources do not say, and other editorial notes.
    async fn note(&self) -> Option<&str> {
        self.0.note.as_deref()
    }

    /// The organizations that organized it, took part or were invited.
    async fn participants(&self, ctx: &Context<'_>) -> Result<Vec<EventParticipant>> {
        let rows = loaders::one(ctx, ParticipantsOf(self.0.id.clone())).await?;
        Ok(rows
            .unwrap_or_default()
            .into_iter()
            .map(EventParticipant)
            .collect())
    }

    /// The people with a part in it.
    async fn people(&self, ctx: &Context<'_>) -> Result<Vec<EventPerson>> {
        let rows = loaders::one(ctx, EventPeopleOf(self.0.id.clone())).await?;
        Ok(rows
            .unwrap_or_default()
            .into_iter()
            .map(EventPerson)
            .collect())
    }

    /// The documents its facts come from.
    async fn sources(&self, ctx: &Context<'_>) -> Result<Vec<Source>> {
        sources(ctx, &self.0.sources).await
    }
}

/// An organization at an event.
pub struct EventParticipant(pub EventParticipantRow);

/// An organization at an event.
#[Object]
impl EventParticipant {
    /// The organization.
    async fn organization(&self, ctx: &Context<'_>) -> Result<Option<Organization>> {
        organization(ctx, &Some(self.0.organization_id.clone())).await
    }

    /// `organizer`, `participant` or `invited`.
    async fn role(&self) -> &str {
        &self.0.role
    }
}

/// A person with a part at an event.
pub struct EventPerson(pub EventPersonRow);

/// A person with a part at an event.
#[Object]
impl EventPerson {
    /// The person.
    async fn person(&self, ctx: &Context<'_>) -> Result<Option<Person>> {
        Ok(loaders::one(ctx, PersonId(self.0.person_id.clone()))
            .await?
            .map(Person))
    }

    /// Their part as published, e.g. `moderator`.
    async fn role(&self) -> &str {
        &self.0.role
    }
}
