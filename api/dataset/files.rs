//! The dataset's file format: what `data/` holds, as serde types.
//!
//! Every file is TOML. Records carry spans so that validation can name the line of a bad record.
//! Ids and references are plain strings here; `validate` resolves and checks them.

use std::collections::BTreeMap;

use serde::Deserialize;
use toml::Spanned;

/// `inferred = { <field> = "<reason>" }`: values that are the dataset's judgement, not a source's words.
pub type Inferred = BTreeMap<String, String>;

/// `dataset.toml`: the release the files form together.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DatasetFile {
    /// Semantic version `MAJOR.MINOR.PATCH`; the service loads bundled data only over an older version.
    pub version: Spanned<String>,
    /// Date of this release, `YYYY-MM-DD`.
    pub released_on: Spanned<String>,
    /// SPDX id of the compilation's licence.
    pub licence: String,
}

/// `themes.toml`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ThemesFile {
    #[serde(default)]
    pub theme: Vec<Spanned<ThemeRecord>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ThemeRecord {
    pub code: String,
    pub label_sv: String,
    pub label_en: String,
    pub description: Option<String>,
}

/// `sources.toml`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SourcesFile {
    #[serde(default)]
    pub source: Vec<Spanned<SourceRecord>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SourceRecord {
    pub id: String,
    pub title: String,
    pub publisher: String,
    pub kind: String,
    pub published_on: Option<String>,
    /// Where the source was published; exactly one of `url` and `no_url_reason` is given.
    pub url: Option<String>,
    /// Why no address is known, so that a missing URL is explicit.
    pub no_url_reason: Option<String>,
    pub language: String,
    pub note: Option<String>,
    #[serde(default)]
    pub inferred: Inferred,
}

/// `organizations.toml`: every organization that is not a municipality.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OrganizationsFile {
    #[serde(default)]
    pub organization: Vec<Spanned<OrganizationRecord>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OrganizationRecord {
    pub id: String,
    pub kind: String,
    pub name: String,
    pub parent: Option<String>,
    pub note: Option<String>,
    #[serde(default)]
    pub inferred: Inferred,
    pub sources: Vec<String>,
}

/// `people.toml`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PeopleFile {
    #[serde(default)]
    pub person: Vec<Spanned<PersonRecord>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PersonRecord {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub role: Vec<Spanned<RoleRecord>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RoleRecord {
    /// The title exactly as the source gives it.
    pub title: String,
    pub organization: Option<String>,
    pub party: Option<String>,
    /// The source's date, when it has one.
    pub as_of: Option<String>,
    #[serde(default)]
    pub inferred: Inferred,
    pub sources: Vec<String>,
}

/// `events.toml`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EventsFile {
    #[serde(default)]
    pub event: Vec<Spanned<EventRecord>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EventRecord {
    pub id: String,
    pub kind: String,
    pub title: String,
    pub held_on: Option<String>,
    /// Local start time `HH:MM`, where the source gives it; needs `held_on`.
    pub starts_at: Option<String>,
    pub location: Option<String>,
    pub summary: Option<String>,
    pub note: Option<String>,
    #[serde(default)]
    pub inferred: Inferred,
    #[serde(default)]
    pub organizers: Vec<String>,
    /// An organization may be both a participant and invited.
    #[serde(default)]
    pub participants: Vec<String>,
    #[serde(default)]
    pub invited: Vec<String>,
    #[serde(default)]
    pub person: Vec<Spanned<EventPersonRecord>>,
    pub sources: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EventPersonRecord {
    pub person: String,
    pub role: String,
}

/// `statements.toml`: what named people said, in a source.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StatementsFile {
    #[serde(default)]
    pub statement: Vec<Spanned<StatementRecord>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StatementRecord {
    pub id: String,
    /// A person id of `people.toml`.
    pub person: String,
    /// The speaker's title at the time, as the source gives it: one of the person's roles there.
    pub role: String,
    pub organization: Option<String>,
    /// The one agreement, pledge, focus area or activity the words are about.
    pub about: String,
    /// The words, quoted exactly and only as long as the point needs.
    pub quote: String,
    pub source: String,
    pub note: Option<String>,
}

/// `municipalities/<slug>.toml`: one municipality with its agreements and pledges.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MunicipalityFile {
    pub municipality: Spanned<MunicipalityRecord>,
    #[serde(default)]
    pub agreement: Vec<Spanned<AgreementRecord>>,
    #[serde(default)]
    pub pledge: Vec<Spanned<PledgeRecord>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MunicipalityRecord {
    /// ASCII slug: lower case, å/ä→a, ö→o.
    pub id: String,
    /// The name as SCB lists it, e.g. `Sölvesborg`.
    pub name: String,
    /// The organization's name as the sources call it, e.g. `Sölvesborgs kommun`.
    pub organization_name: String,
    /// SCB kommunkod, four digits.
    pub code: String,
    pub county_code: String,
    pub county_name: String,
    pub police_region: Option<String>,
    pub local_police_area: Option<String>,
    pub note: Option<String>,
    #[serde(default)]
    pub inferred: Inferred,
    pub sources: Vec<String>,
}

/// A period as the source gives it: `YYYY`, `YYYY-MM` or `YYYY-MM-DD` at both ends.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PeriodRecord {
    pub start: String,
    pub end: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AgreementRecord {
    pub id: String,
    pub title: String,
    pub signed_on: Option<String>,
    pub period: Option<PeriodRecord>,
    pub summary: Option<String>,
    pub follow_up: Option<String>,
    pub note: Option<String>,
    #[serde(default)]
    pub inferred: Inferred,
    pub sources: Vec<String>,
    /// Organization ids; the municipality itself is listed too.
    pub parties: Vec<String>,
    #[serde(default)]
    pub signatory: Vec<Spanned<SignatoryRecord>>,
    #[serde(default)]
    pub focus_area: Vec<Spanned<FocusAreaRecord>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SignatoryRecord {
    pub person: String,
    pub role: String,
    pub organization: Option<String>,
    #[serde(default)]
    pub inferred: Inferred,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FocusAreaRecord {
    /// Local id under the parent: `f1`, `f2`, …
    pub id: String,
    pub title: String,
    pub description: Option<String>,
    pub goals: Option<String>,
    pub themes: Vec<String>,
    pub sources: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PledgeRecord {
    pub id: String,
    pub agreement: Option<String>,
    pub title: String,
    pub period: Option<PeriodRecord>,
    pub published_on: Option<String>,
    pub summary: Option<String>,
    pub note: Option<String>,
    #[serde(default)]
    pub inferred: Inferred,
    pub sources: Vec<String>,
    #[serde(default)]
    pub focus_area: Vec<Spanned<FocusAreaRecord>>,
    #[serde(default)]
    pub activity: Vec<Spanned<ActivityRecord>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ActivityRecord {
    /// Local id under the pledge: `a1`, `a2`, …
    pub id: String,
    /// Local id of the pledge's focus area, where the source says which.
    pub focus_area: Option<String>,
    pub title: String,
    pub description: Option<String>,
    #[serde(default)]
    pub responsible: Vec<String>,
    pub planned_start: Option<String>,
    pub planned_end: Option<String>,
    pub due_on: Option<String>,
    pub note: Option<String>,
    pub sources: Vec<String>,
    #[serde(default)]
    pub status: Vec<Spanned<StatusRecord>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StatusRecord {
    pub status: String,
    pub effective_on: String,
    pub note: Option<String>,
    pub source: String,
}
