//! The change log's vocabulary: which kinds of record it follows and what can happen to them.

use serde::Serialize;
use utoipa::ToSchema;

/// The kind of record a change is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum RecordType {
    Agreement,
    Pledge,
    FocusArea,
    Activity,
    /// The activity's status history changed (the record is the activity).
    ActivityStatus,
}

impl RecordType {
    pub const ALL: [RecordType; 5] = [
        RecordType::Agreement,
        RecordType::Pledge,
        RecordType::FocusArea,
        RecordType::Activity,
        RecordType::ActivityStatus,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            RecordType::Agreement => "agreement",
            RecordType::Pledge => "pledge",
            RecordType::FocusArea => "focus_area",
            RecordType::Activity => "activity",
            RecordType::ActivityStatus => "activity_status",
        }
    }

    pub fn parse(s: &str) -> Result<RecordType, String> {
        RecordType::ALL
            .into_iter()
            .find(|t| t.as_str() == s)
            .ok_or_else(|| {
                let all: Vec<&str> = RecordType::ALL.iter().map(|t| t.as_str()).collect();
                format!("`{s}` is not a record type; choose from {}", all.join(", "))
            })
    }
}

/// What happened to the record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    Created,
    Updated,
    /// Removed from the dataset; the change keeps only the record's type, id and municipality.
    Deleted,
}

impl Action {
    pub const ALL: [Action; 3] = [Action::Created, Action::Updated, Action::Deleted];

    pub fn as_str(self) -> &'static str {
        match self {
            Action::Created => "created",
            Action::Updated => "updated",
            Action::Deleted => "deleted",
        }
    }

    pub fn parse(s: &str) -> Option<Action> {
        Action::ALL.into_iter().find(|a| a.as_str() == s)
    }
}
