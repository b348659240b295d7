use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// Where an activity stands. The current status is the latest status event; none means `unknown`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Planned,
    InProgress,
    Completed,
    Cancelled,
    Unknown,
}

impl Status {
    pub const ALL: [Status; 5] = [
        Status::Planned,
        Status::InProgress,
        Status::Completed,
        Status::Cancelled,
        Status::Unknown,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Planned => "planned",
            Status::InProgress => "in_progress",
            Status::Completed => "completed",
            Status::Cancelled => "cancelled",
            Status::Unknown => "unknown",
        }
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Status {
    type Err = String;
    fn from_str(s: &str) -> Result<Status, String> {
        Status::ALL.into_iter().find(|st| st.as_str() == s).ok_or_else(|| {
            format!(
                "`{s}` is not a status; expected one of planned, in_progress, completed, cancelled, unknown"
            )
        })
    }
}
