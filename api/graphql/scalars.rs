//! Scalars and enums shared by the object types.

use async_graphql::{Enum, InputValueError, InputValueResult, Scalar, ScalarType, Value};
use chrono::NaiveDate;

use crate::domain::period::{parse_date, Phase as DomainPhase, Precision as DomainPrecision};
use crate::domain::Status as DomainStatus;

/// A calendar date, ISO 8601 `YYYY-MM-DD`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Date(pub NaiveDate);

/// A calendar date, ISO 8601 `YYYY-MM-DD`.
#[Scalar(
    name = "Date",
    specified_by_url = "https://www.iso.org/iso-8601-date-and-time-format.html"
)]
impl ScalarType for Date {
    fn parse(value: Value) -> InputValueResult<Self> {
        match &value {
            Value::String(s) => parse_date(s).map(Date).map_err(InputValueError::custom),
            _ => Err(InputValueError::expected_type(value)),
        }
    }

    fn to_value(&self) -> Value {
        Value::String(self.0.format("%Y-%m-%d").to_string())
    }
}

/// A date that may be absent, as a GraphQL `Date`.
pub fn date(d: Option<NaiveDate>) -> Option<Date> {
    d.map(Date)
}

/// Where an activity stands. The current status is the latest status event; none means `UNKNOWN`.
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
#[graphql(name = "Status", remote = "DomainStatus")]
pub enum Status {
    /// Decided, not started.
    Planned,
    /// Under way.
    InProgress,
    /// Done.
    Completed,
    /// Dropped before it was done.
    Cancelled,
    /// No source reports a status.
    Unknown,
}

/// Where a period stands today.
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
#[graphql(name = "Phase", remote = "DomainPhase")]
pub enum Phase {
    /// The period has not begun.
    Upcoming,
    /// Today lies within the period.
    Active,
    /// The period is over.
    Ended,
}

/// How precisely a source states a period: a period given in years runs from 1 January to 31 December.
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
#[graphql(name = "Precision", remote = "DomainPrecision")]
pub enum Precision {
    /// Whole years.
    Year,
    /// Whole months.
    Month,
    /// Exact days.
    Day,
}
