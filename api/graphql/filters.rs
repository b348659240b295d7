//! Filters as input objects mirroring the REST filters. They are validated by the same
//! `domain::Filter` as REST's query parameters, so both interfaces accept and refuse the same values.

use std::collections::HashMap;

use async_graphql::{InputObject, Result};

use super::errors::bad_argument;
use super::scalars::{Date, Status};
use crate::domain::{Filter, Status as DomainStatus};

/// The filter's values as REST would receive them: comma-joined, by parameter name.
#[derive(Default)]
struct Raw(HashMap<&'static str, String>);

impl Raw {
    fn list<T: ToString>(mut self, name: &'static str, values: &Option<Vec<T>>) -> Self {
        if let Some(v) = values {
            let joined: Vec<String> = v.iter().map(ToString::to_string).collect();
            self.0.insert(name, joined.join(","));
        }
        self
    }

    fn one<T: ToString>(mut self, name: &'static str, value: &Option<T>) -> Self {
        if let Some(v) = value {
            self.0.insert(name, v.to_string());
        }
        self
    }

    fn parse(self) -> Result<Filter> {
        Filter::parse(|k| self.0.get(k).map(String::as_str)).map_err(|errors| {
            let first = &errors[0];
            let argument = match first.field {
                "active_on" => "filter.activeOn",
                "municipality" => "filter.municipality",
                "theme" => "filter.theme",
                "status" => "filter.status",
                "year" => "filter.year",
                "q" => "filter.q",
                "as_of" => "filter.asOf",
                other => other,
            };
            bad_argument(argument, &first.message)
        })
    }
}

impl std::fmt::Display for Date {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.0.format("%Y-%m-%d"))
    }
}

impl std::fmt::Display for Status {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(DomainStatus::from(*self).as_str())
    }
}

/// A validated filter from an optional input object.
pub trait IntoFilter {
    fn into_filter(self) -> Result<Filter>;
}

impl<T: IntoFilter> IntoFilter for Option<T> {
    fn into_filter(self) -> Result<Filter> {
        self.map_or_else(|| Ok(Filter::default()), IntoFilter::into_filter)
    }
}

/// Narrows a list of municipalities.
#[derive(InputObject, Debug, Clone, Default)]
pub struct MunicipalityFilter {
    /// Municipality ids (`solvesborg`) or kommunkoder (`1083`); any of them matches.
    pub municipality: Option<Vec<String>>,
}

impl IntoFilter for MunicipalityFilter {
    fn into_filter(self) -> Result<Filter> {
        Raw::default()
            .list("municipality", &self.municipality)
            .parse()
    }
}

/// Narrows a list of agreements; every given field must hold, and within a field any value matches.
#[derive(InputObject, Debug, Clone, Default)]
pub struct AgreementFilter {
    /// Municipality ids (`solvesborg`) or kommunkoder (`1083`).
    pub municipality: Option<Vec<String>>,
    /// Theme codes: agreements with a focus area on any of them.
    pub theme: Option<Vec<String>>,
    /// Years: agreements whose period touches any of them.
    pub year: Option<Vec<i32>>,
    /// Agreements whose period contains this day.
    pub active_on: Option<Date>,
    /// Swedish full-text search (web search syntax: words, "phrases", -not).
    pub q: Option<String>,
}

impl IntoFilter for AgreementFilter {
    fn into_filter(self) -> Result<Filter> {
        Raw::default()
            .list("municipality", &self.municipality)
            .list("theme", &self.theme)
            .list("year", &self.year)
            .one("active_on", &self.active_on)
            .one("q", &self.q)
            .parse()
    }
}

/// Narrows a list of pledges; every given field must hold, and within a field any value matches.
#[derive(InputObject, Debug, Clone, Default)]
pub struct PledgeFilter {
    /// Municipality ids (`solvesborg`) or kommunkoder (`1083`).
    pub municipality: Option<Vec<String>>,
    /// Theme codes: pledges with a focus area on any of them.
    pub theme: Option<Vec<String>>,
    /// Years: pledges whose period touches any of them.
    pub year: Option<Vec<i32>>,
    /// Pledges whose period contains this day.
    pub active_on: Option<Date>,
    /// Swedish full-text search (web search syntax: words, "phrases", -not).
    pub q: Option<String>,
    /// Count activities by the status they had on this day (the latest status event on or before
    /// it; `UNKNOWN` before the first) instead of the latest. Selects no pledges; nested
    /// `activities` take their own `asOf`.
    pub as_of: Option<Date>,
}

impl IntoFilter for PledgeFilter {
    fn into_filter(self) -> Result<Filter> {
        Raw::default()
            .list("municipality", &self.municipality)
            .list("theme", &self.theme)
            .list("year", &self.year)
            .one("active_on", &self.active_on)
            .one("q", &self.q)
            .one("as_of", &self.as_of)
            .parse()
    }
}

/// Narrows a list of focus areas; every given field must hold, and within a field any value matches.
#[derive(InputObject, Debug, Clone, Default)]
pub struct FocusAreaFilter {
    /// Municipality ids (`solvesborg`) or kommunkoder (`1083`).
    pub municipality: Option<Vec<String>>,
    /// Theme codes: focus areas tagged with any of them.
    pub theme: Option<Vec<String>>,
    /// Swedish full-text search (web search syntax: words, "phrases", -not).
    pub q: Option<String>,
}

impl IntoFilter for FocusAreaFilter {
    fn into_filter(self) -> Result<Filter> {
        Raw::default()
            .list("municipality", &self.municipality)
            .list("theme", &self.theme)
            .one("q", &self.q)
            .parse()
    }
}

/// Narrows a list of activities; every given field must hold, and within a field any value matches.
#[derive(InputObject, Debug, Clone, Default)]
pub struct ActivityFilter {
    /// Municipality ids (`solvesborg`) or kommunkoder (`1083`).
    pub municipality: Option<Vec<String>>,
    /// Theme codes: activities whose focus area is tagged with any of them.
    pub theme: Option<Vec<String>>,
    /// Statuses: the latest, or those on `asOf` when it is given.
    pub status: Option<Vec<Status>>,
    /// Years: activities whose pledge's period touches any of them.
    pub year: Option<Vec<i32>>,
    /// Activities whose pledge's period contains this day.
    pub active_on: Option<Date>,
    /// Swedish full-text search (web search syntax: words, "phrases", -not).
    pub q: Option<String>,
    /// Give each activity's `status` and `statusSince` as they stood on this day (the latest
    /// status event on or before it; `UNKNOWN` before the first), and filter `status` on that.
    pub as_of: Option<Date>,
}

impl IntoFilter for ActivityFilter {
    fn into_filter(self) -> Result<Filter> {
        Raw::default()
            .list("municipality", &self.municipality)
            .list("theme", &self.theme)
            .list("status", &self.status)
            .list("year", &self.year)
            .one("active_on", &self.active_on)
            .one("q", &self.q)
            .one("as_of", &self.as_of)
            .parse()
    }
}

/// Narrows a list of people.
#[derive(InputObject, Debug, Clone, Default)]
pub struct PersonFilter {
    /// Municipality ids or kommunkoder: people with a role at any of these municipalities.
    pub municipality: Option<Vec<String>>,
}

impl IntoFilter for PersonFilter {
    fn into_filter(self) -> Result<Filter> {
        Raw::default()
            .list("municipality", &self.municipality)
            .parse()
    }
}

/// Narrows a list of events; every given field must hold, and within a field any value matches.
#[derive(InputObject, Debug, Clone, Default)]
pub struct EventFilter {
    /// Municipality ids or kommunkoder: events where any of these municipalities took part or was invited.
    pub municipality: Option<Vec<String>>,
    /// Years the event was held in (events without a known date never match).
    pub year: Option<Vec<i32>>,
}

impl IntoFilter for EventFilter {
    fn into_filter(self) -> Result<Filter> {
        Raw::default()
            .list("municipality", &self.municipality)
            .list("year", &self.year)
            .parse()
    }
}

/// Narrows a list of statements; every given field must hold, and within a field any value matches.
#[derive(InputObject, Debug, Clone, Default)]
pub struct StatementFilter {
    /// Municipality ids or kommunkoder: statements about their agreements, pledges, focus areas and activities.
    pub municipality: Option<Vec<String>>,
    /// Person ids: statements by them.
    pub person: Option<Vec<async_graphql::ID>>,
    /// Ids of agreements, pledges, focus areas or activities: statements about exactly these records.
    pub about: Option<Vec<async_graphql::ID>>,
    /// Source ids: statements quoted from them.
    pub source: Option<Vec<async_graphql::ID>>,
    /// Swedish full-text search in the quote, as REST's `q`.
    pub q: Option<String>,
}

impl StatementFilter {
    /// The shared filter (municipality and `q`, validated as REST validates them) and the
    /// statements' own.
    pub fn parts(self) -> Result<(Filter, crate::queries::statements::StatementFilter)> {
        let common = Raw::default()
            .list("municipality", &self.municipality)
            .one("q", &self.q)
            .parse()?;
        let ids = |v: Option<Vec<async_graphql::ID>>| -> Vec<String> {
            v.unwrap_or_default().into_iter().map(|i| i.0).collect()
        };
        let own = crate::queries::statements::StatementFilter {
            municipalities: common.municipalities.clone(),
            people: ids(self.person),
            about: ids(self.about),
            sources: ids(self.source),
            tsquery: None,
        };
        Ok((common, own))
    }
}
