use std::borrow::Cow;

use async_graphql::{Context, Object, Result, ID};

use super::{children, FocusArea};
use crate::graphql::connection::{complexity, Connection};
use crate::graphql::filters::{FocusAreaFilter, IntoFilter};
use crate::graphql::loaders::{self, ThemeCode};
use crate::graphql::scalars::{date, Date};
use crate::queries::lists::{self, ThemeRow};
use crate::queries::sources::SourceRow;

/// A theme of the controlled vocabulary that focus areas are tagged with, so municipalities can be
/// compared.
///
/// A record names its themes by code; the theme's row is read (through the loader, batched with
/// the request's other themes) only when a field other than the code is asked for.
#[derive(Clone)]
pub struct Theme {
    code: String,
    row: Option<ThemeRow>,
}

impl Theme {
    /// The theme of this row.
    pub fn new(row: ThemeRow) -> Theme {
        Theme {
            code: row.code.clone(),
            row: Some(row),
        }
    }

    /// The theme with this code, which a record names (and the database keeps it to).
    pub(crate) fn coded(code: String) -> Theme {
        Theme { code, row: None }
    }

    async fn row(&self, ctx: &Context<'_>) -> Result<Cow<'_, ThemeRow>> {
        if let Some(row) = &self.row {
            return Ok(Cow::Borrowed(row));
        }
        loaders::one(ctx, ThemeCode(self.code.clone()))
            .await?
            .map(Cow::Owned)
            .ok_or_else(|| format!("no theme has the code `{}`", self.code).into())
    }
}

/// A theme of the controlled vocabulary that focus areas are tagged with, so municipalities can be
/// compared.
#[Object]
impl Theme {
    /// The theme's code, as the id every record has (see `Node`).
    pub(crate) async fn id(&self) -> ID {
        ID(self.code.clone())
    }

    /// Stable code, e.g. `traffic_safety`.
    async fn code(&self) -> &str {
        &self.code
    }

    /// The name in Swedish.
    async fn label_sv(&self, ctx: &Context<'_>) -> Result<String> {
        Ok(self.row(ctx).await?.label_sv.clone())
    }

    /// The name in English.
    async fn label_en(&self, ctx: &Context<'_>) -> Result<String> {
        Ok(self.row(ctx).await?.label_en.clone())
    }

    /// What the theme covers, in Swedish.
    async fn description(&self, ctx: &Context<'_>) -> Result<Option<String>> {
        Ok(self.row(ctx).await?.description.clone())
    }

    /// Display order, from 1.
    async fn position(&self, ctx: &Context<'_>) -> Result<i32> {
        Ok(self.row(ctx).await?.position)
    }

    /// The focus areas tagged with it, by id.
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
        let rel = &lists::FOCUS_AREAS_OF_THEME;
        children(ctx, rel, &self.code, f, first, after, FocusArea).await
    }
}

/// A document facts were taken from. Every record cites at least one.
#[derive(Clone)]
pub struct Source(pub SourceRow);

/// A document facts were taken from. Every record cites at least one.
#[Object]
impl Source {
    /// Stable public id, e.g. `solvesborg-2022-medborgarlofte-nyhet`.
    pub(crate) async fn id(&self) -> ID {
        ID(self.0.id.clone())
    }

    /// The document's headline, as published.
    async fn title(&self) -> &str {
        &self.0.title
    }

    /// Who published it.
    async fn publisher(&self) -> &str {
        &self.0.publisher
    }

    /// `press_release`, `press_invitation`, `news_article`, `pledge_document`, `agreement_document`,
    /// `follow_up_report`, `web_page` or `register`.
    async fn kind(&self) -> &str {
        &self.0.kind
    }

    /// The day it was published, where known.
    async fn published_on(&self) -> Option<Date> {
        date(self.0.published_on)
    }

    /// Where it can be read, where known.
    async fn url(&self) -> Option<&str> {
        self.0.url.as_deref()
    }

    /// Its language, ISO 639-1.
    async fn language(&self) -> &str {
        &self.0.language
    }

    /// Why no address is known; set exactly when `url` is null.
    async fn no_url_reason(&self) -> Option<&str> {
        self.0.no_url_reason.as_deref()
    }

    /// The values (`publisher`, `publishedOn`, `kind`) that are the dataset's judgement, with the reason.
    async fn inferred(&self) -> Vec<Inference> {
        inferences(&self.0.inferred.0)
    }

    /// Editorial notes on the document.
    async fn note(&self) -> Option<&str> {
        self.0.note.as_deref()
    }
}

/// A value of a record that is the dataset's judgement rather than a source's words.
#[derive(async_graphql::SimpleObject)]
pub struct Inference {
    /// The field it concerns, as the dataset files name it (`publisher`, `agreement`, …).
    pub field: String,
    /// Why the dataset holds that value, in Swedish.
    pub reason: String,
}

/// The marks of a record, for its `inferred` field.
pub(crate) fn inferences(marks: &[crate::domain::Inference]) -> Vec<Inference> {
    marks
        .iter()
        .map(|m| Inference {
            field: m.field.clone(),
            reason: m.reason.clone(),
        })
        .collect()
}
