use chrono::NaiveDate;
use serde::Serialize;
use utoipa::ToSchema;

use super::csv::{opt, CsvRecord};
use crate::queries::sources::SourceRow;

/// A document facts were taken from. Every record cites at least one.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Source {
    #[schema(example = "solvesborg-2022-medborgarlofte-nyhet")]
    pub id: String,
    /// The document's headline, as published.
    pub title: String,
    #[schema(example = "Sölvesborgs kommun")]
    pub publisher: String,
    /// `press_release`, `press_invitation`, `news_article`, `pledge_document`, `agreement_document`,
    /// `follow_up_report`, `web_page` or `register`.
    #[schema(example = "news_article")]
    pub kind: String,
    pub published_on: Option<NaiveDate>,
    pub url: Option<String>,
    /// ISO 639-1.
    #[schema(example = "sv")]
    pub language: String,
    pub note: Option<String>,
}

impl From<SourceRow> for Source {
    fn from(r: SourceRow) -> Source {
        Source {
            id: r.id,
            title: r.title,
            publisher: r.publisher,
            kind: r.kind,
            published_on: r.published_on,
            url: r.url,
            language: r.language,
            note: r.note,
        }
    }
}

impl CsvRecord for Source {
    const HEADERS: &'static [&'static str] = &[
        "id",
        "title",
        "publisher",
        "kind",
        "published_on",
        "url",
        "language",
        "note",
    ];
    fn fields(&self) -> Vec<String> {
        vec![
            self.id.clone(),
            self.title.clone(),
            self.publisher.clone(),
            self.kind.clone(),
            opt(&self.published_on),
            opt(&self.url),
            self.language.clone(),
            opt(&self.note),
        ]
    }
}
