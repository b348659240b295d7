//! The validated dataset: every reference checked, every date parsed. References stay public ids.

use chrono::{NaiveDate, NaiveTime};

pub use crate::domain::Inference;
use crate::domain::{Period, Status};

#[derive(Debug, Clone)]
pub struct Dataset {
    pub version: String,
    pub released_on: NaiveDate,
    pub licence: String,
    /// SHA-256 over the files' paths and contents: equal digests mean equal data.
    pub digest: String,
    /// Generated test data (`openpledges generate`), never mixed with the real dataset.
    pub synthetic: bool,
    pub themes: Vec<Theme>,
    pub sources: Vec<Source>,
    /// Parents before children, municipalities included.
    pub organizations: Vec<Organization>,
    pub municipalities: Vec<Municipality>,
    pub people: Vec<Person>,
    pub agreements: Vec<Agreement>,
    pub pledges: Vec<Pledge>,
    pub events: Vec<Event>,
    pub statements: Vec<Statement>,
}

#[derive(Debug, Clone)]
pub struct Theme {
    pub code: String,
    pub label_sv: String,
    pub label_en: String,
    pub description: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Source {
    pub id: String,
    pub title: String,
    pub publisher: String,
    pub kind: String,
    pub published_on: Option<NaiveDate>,
    pub url: Option<String>,
    /// Why no URL is known; set exactly when `url` is not.
    pub no_url_reason: Option<String>,
    pub language: String,
    pub note: Option<String>,
    /// Values that are the dataset's judgement, with the reason; in the file's order of fields.
    pub inferred: Vec<Inference>,
}

#[derive(Debug, Clone)]
pub struct Organization {
    pub id: String,
    pub kind: String,
    pub name: String,
    pub parent: Option<String>,
    pub note: Option<String>,
    /// Values that are the dataset's judgement, with the reason; in the file's order of fields.
    pub inferred: Vec<Inference>,
    pub sources: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct Municipality {
    /// Also the id of its organization.
    pub id: String,
    pub name: String,
    pub code: String,
    pub county_code: String,
    pub county_name: String,
    pub police_region: Option<String>,
    pub local_police_area: Option<String>,
    /// Values that are the dataset's judgement, with the reason; in the file's order of fields.
    pub inferred: Vec<Inference>,
}

#[derive(Debug, Clone)]
pub struct Person {
    pub id: String,
    pub name: String,
    pub roles: Vec<Role>,
}

#[derive(Debug, Clone)]
pub struct Role {
    pub title: String,
    pub organization: Option<String>,
    pub party: Option<String>,
    pub as_of: Option<NaiveDate>,
    /// Values that are the dataset's judgement, with the reason; in the file's order of fields.
    pub inferred: Vec<Inference>,
    pub sources: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct Agreement {
    pub id: String,
    pub municipality: String,
    pub title: String,
    pub signed_on: Option<NaiveDate>,
    pub period: Option<Period>,
    pub summary: Option<String>,
    pub follow_up: Option<String>,
    pub note: Option<String>,
    /// Values that are the dataset's judgement, with the reason; in the file's order of fields.
    pub inferred: Vec<Inference>,
    pub sources: Vec<String>,
    pub parties: Vec<String>,
    pub signatories: Vec<Signatory>,
    pub focus_areas: Vec<FocusArea>,
}

#[derive(Debug, Clone)]
pub struct Signatory {
    pub person: String,
    pub role: String,
    pub organization: Option<String>,
    /// Values that are the dataset's judgement, with the reason; in the file's order of fields.
    pub inferred: Vec<Inference>,
}

#[derive(Debug, Clone)]
pub struct FocusArea {
    /// `<parent>/f<n>`.
    pub id: String,
    pub title: String,
    pub description: Option<String>,
    pub goals: Option<String>,
    pub themes: Vec<String>,
    pub sources: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct Pledge {
    pub id: String,
    pub municipality: String,
    pub agreement: Option<String>,
    pub title: String,
    pub period: Option<Period>,
    pub published_on: Option<NaiveDate>,
    pub summary: Option<String>,
    pub note: Option<String>,
    /// Values that are the dataset's judgement, with the reason; in the file's order of fields.
    pub inferred: Vec<Inference>,
    pub sources: Vec<String>,
    pub focus_areas: Vec<FocusArea>,
    pub activities: Vec<Activity>,
}

#[derive(Debug, Clone)]
pub struct Activity {
    /// `<pledge>/a<n>`.
    pub id: String,
    /// Public id of the focus area, where the source says which.
    pub focus_area: Option<String>,
    pub title: String,
    pub description: Option<String>,
    pub responsible: Vec<String>,
    pub planned_start: Option<NaiveDate>,
    pub planned_end: Option<NaiveDate>,
    pub due_on: Option<NaiveDate>,
    pub note: Option<String>,
    pub sources: Vec<String>,
    /// Oldest first.
    pub status_events: Vec<StatusEvent>,
}

#[derive(Debug, Clone)]
pub struct StatusEvent {
    pub status: Status,
    pub effective_on: NaiveDate,
    pub note: Option<String>,
    pub source: String,
}

#[derive(Debug, Clone)]
pub struct Event {
    pub id: String,
    pub kind: String,
    pub title: String,
    pub held_on: Option<NaiveDate>,
    /// Local time of day it began, where the source gives it.
    pub starts_at: Option<NaiveTime>,
    pub location: Option<String>,
    pub summary: Option<String>,
    pub note: Option<String>,
    /// Values that are the dataset's judgement, with the reason; in the file's order of fields.
    pub inferred: Vec<Inference>,
    /// (organization, `organizer` | `participant` | `invited`); one organization may have several roles.
    pub organizations: Vec<(String, String)>,
    /// (person, role)
    pub people: Vec<(String, String)>,
    pub sources: Vec<String>,
}

/// The kind of record a statement is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum About {
    Agreement,
    Pledge,
    FocusArea,
    Activity,
}

/// What a named person said, in a source, about one record.
#[derive(Debug, Clone)]
pub struct Statement {
    pub id: String,
    pub person: String,
    /// The speaker's title at the time, as the source gives it.
    pub role: String,
    pub organization: Option<String>,
    /// The record's kind and public id.
    pub about: (About, String),
    /// The municipality of the record it is about.
    pub municipality: String,
    pub quote: String,
    pub source: String,
    pub note: Option<String>,
}
