//! `search` and `compare`: the graph's faces of `/v1/search` and `/v1/compare`, over the same queries.

use async_graphql::{Context, Enum, Object, Result, SimpleObject, ID};
use chrono::NaiveDate;

use super::pledge::StatusCounts;
use super::Municipality;
use crate::graphql::loaders::{self, MunicipalityId};
use crate::queries::compare::CompareRow;
use crate::queries::search::HitRow;

/// The kind of record a search hit is.
#[derive(Enum, Copy, Clone, Eq, PartialEq, Debug)]
pub enum HitType {
    /// A cooperation agreement.
    Agreement,
    /// A citizen pledge.
    Pledge,
    /// A focus area of a pledge or agreement.
    FocusArea,
    /// An activity of a pledge.
    Activity,
    /// What a named person said about one of those.
    Statement,
}

impl HitType {
    pub fn as_str(self) -> &'static str {
        match self {
            HitType::Agreement => "agreement",
            HitType::Pledge => "pledge",
            HitType::FocusArea => "focus_area",
            HitType::Activity => "activity",
            HitType::Statement => "statement",
        }
    }

    fn parse(s: &str) -> HitType {
        match s {
            "agreement" => HitType::Agreement,
            "pledge" => HitType::Pledge,
            "focus_area" => HitType::FocusArea,
            "statement" => HitType::Statement,
            _ => HitType::Activity,
        }
    }
}

/// One record that matches a search.
pub struct SearchHit(pub HitRow);

/// A hit with the position its cursor holds, for the connection of hits.
pub struct Ranked {
    key: String,
    id: String,
    pub hit: HitRow,
}

impl From<HitRow> for Ranked {
    fn from(hit: HitRow) -> Ranked {
        let (key, id) = hit.cursor();
        Ranked { key, id, hit }
    }
}

impl crate::graphql::connection::Positioned for Ranked {
    fn sort_key(&self) -> &str {
        &self.key
    }
    fn public_id(&self) -> &str {
        &self.id
    }
}

/// One record that matches a search.
#[Object]
impl SearchHit {
    /// What kind of record it is.
    async fn r#type(&self) -> HitType {
        HitType::parse(&self.0.kind)
    }
    /// Its public id, as in REST.
    pub(crate) async fn id(&self) -> ID {
        ID(self.0.id.clone())
    }
    /// Its title, as the source words it.
    async fn title(&self) -> &str {
        &self.0.title
    }
    /// The municipality it belongs to.
    async fn municipality(&self, ctx: &Context<'_>) -> Result<Option<Municipality>> {
        let m = loaders::one(ctx, MunicipalityId(self.0.municipality_id.clone())).await?;
        Ok(m.map(Municipality))
    }
    /// About 25 words of its text, HTML-escaped, with `<mark>…</mark>` around the matches.
    async fn excerpt(&self) -> &str {
        &self.0.excerpt
    }
    /// PostgreSQL's `ts_rank_cd`; only the order means something.
    async fn rank(&self) -> f32 {
        self.0.rank
    }
    /// Its REST path.
    async fn url(&self) -> String {
        crate::views::types::record_path(&self.0.kind, &self.0.id)
    }
}

/// What is active per municipality in a year or on a day: the researchers' matrix.
#[derive(SimpleObject)]
pub struct Comparison {
    /// The year compared, when a year was asked for.
    pub year: Option<i32>,
    /// The day compared, when a day was asked for (or today, by default).
    pub active_on: Option<crate::graphql::scalars::Date>,
    /// One row per municipality, by id.
    pub rows: Vec<ComparisonRow>,
}

/// How often one theme is addressed.
#[derive(SimpleObject)]
pub struct ThemeCount {
    /// The theme's code.
    pub code: String,
    /// Focus areas of the active agreements and pledges tagged with it.
    pub focus_areas: i64,
}

/// One municipality's row of the matrix.
pub struct ComparisonRow(pub CompareRow);

/// One municipality's row of the matrix.
#[Object]
impl ComparisonRow {
    /// The municipality.
    async fn municipality(&self, ctx: &Context<'_>) -> Result<Option<Municipality>> {
        let m = loaders::one(ctx, MunicipalityId(self.0.id.clone())).await?;
        Ok(m.map(Municipality))
    }
    /// Ids of its agreements active in the span.
    async fn agreements(&self) -> &[String] {
        &self.0.agreements
    }
    /// Ids of its pledges active in the span.
    async fn pledges(&self) -> &[String] {
        &self.0.pledges
    }
    /// Ids of its agreements whose period no source gives: never active, listed so they are not lost.
    async fn undated_agreements(&self) -> &[String] {
        &self.0.undated_agreements
    }
    /// Ids of its pledges whose period no source gives.
    async fn undated_pledges(&self) -> &[String] {
        &self.0.undated_pledges
    }
    /// The themes the active records' focus areas address, in the vocabulary's order.
    async fn themes(&self) -> Vec<ThemeCount> {
        let mut out: Vec<ThemeCount> = Vec::new();
        for code in &self.0.theme_codes {
            match out.iter_mut().find(|t| &t.code == code) {
                Some(t) => t.focus_areas += 1,
                None => out.push(ThemeCount {
                    code: code.clone(),
                    focus_areas: 1,
                }),
            }
        }
        out
    }
    /// Focus areas of the active agreements and pledges.
    async fn focus_area_count(&self) -> i64 {
        self.0.focus_area_count
    }
    /// Activities of the active pledges by current status.
    async fn status_counts(&self) -> StatusCounts {
        let c = crate::views::pledges::status_counts(&self.0.activity_statuses);
        StatusCounts {
            planned: c.planned,
            in_progress: c.in_progress,
            completed: c.completed,
            cancelled: c.cancelled,
            unknown: c.unknown,
        }
    }
}

/// The first and last day a comparison covers.
pub fn span(
    year: Option<i32>,
    active_on: Option<NaiveDate>,
) -> Result<(NaiveDate, NaiveDate), &'static str> {
    match (year, active_on) {
        (Some(_), Some(_)) => Err("give `year` or `activeOn`, not both"),
        (Some(y), None) => match (
            NaiveDate::from_ymd_opt(y, 1, 1),
            NaiveDate::from_ymd_opt(y, 12, 31),
        ) {
            (Some(a), Some(b)) if (1900..=2200).contains(&y) => Ok((a, b)),
            _ => Err("not a year like 2022"),
        },
        (None, Some(d)) => Ok((d, d)),
        (None, None) => {
            let today = chrono::Utc::now().date_naive();
            Ok((today, today))
        }
    }
}
