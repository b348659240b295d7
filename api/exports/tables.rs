//! The table of tables: every exported table with its columns in a fixed order, their Table Schema
//! types, the primary key and the foreign keys. Keys are public ids and codes, never database serials.
//! The rows come from `queries::exports`, which names its columns as `columns` does.

use super::columns::{fk, opt, req};
pub use super::columns::{Column, FieldType, ForeignKey, Table};
use FieldType::{Date, Integer, String as Str};

const MUNICIPALITY_ID: Column = req(
    "municipality_id",
    Str,
    "The municipality's id (slug, see municipalities.csv).",
);
const MUNICIPALITY_CODE: Column = req(
    "municipality_code",
    Str,
    "The municipality's SCB kommunkod: join other statistics on it.",
);
const TO_MUNICIPALITY: ForeignKey = fk(
    &["municipality_id", "municipality_code"],
    "municipalities",
    &["id", "code"],
);
const NOTE: Column = opt(
    "note",
    Str,
    "What the sources do not say, and other editorial notes.",
);
const PERIOD: [Column; 3] = [
    opt(
        "period_start",
        Date,
        "First day of the period; empty when no source gives it.",
    ),
    opt("period_end", Date, "Last day of the period."),
    opt(
        "period_precision",
        Str,
        "How precisely the source states the period: year, month or day.",
    ),
];

/// Every exported table, in the order of the listing, the workbook and the data package.
pub const TABLES: &[Table] = &[
    Table {
        name: "municipalities",
        title: "Municipalities",
        description: "Sweden's municipalities (kommuner) in the dataset, with their SCB codes.",
        columns: &[
            req("id", Str, "Stable public id: the ASCII slug of the name."),
            req("code", Str, "SCB kommunkod, four digits."),
            req("name", Str, "The name as SCB lists it."),
            req("organization_name", Str, "The organization's name as the sources give it."),
            req("county_code", Str, "SCB länskod, two digits."),
            req("county_name", Str, "The county (län)."),
            opt("police_region_id", Str, "The police region (see organizations.csv)."),
            opt("local_police_area_id", Str, "The local police area (lokalpolisområde; see organizations.csv)."),
            NOTE,
        ],
        primary_key: &["id"],
        foreign_keys: &[
            fk(&["police_region_id"], "organizations", &["id"]),
            fk(&["local_police_area_id"], "organizations", &["id"]),
        ],
    },
    Table {
        name: "organizations",
        title: "Organizations",
        description: "Every organization: municipalities, police areas and regions, regional committees and others.",
        columns: &[
            req("id", Str, "Stable public id; a municipality's is its slug."),
            req("kind", Str, "municipality, local_police_area, police_region, regional_committee, …"),
            req("name", Str, "The name as the sources give it."),
            opt("parent_id", Str, "The organization it belongs to."),
            opt("municipality_code", Str, "SCB kommunkod, for municipalities."),
            NOTE,
        ],
        primary_key: &["id"],
        foreign_keys: &[fk(&["parent_id"], "organizations", &["id"])],
    },
    Table {
        name: "agreements",
        title: "Cooperation agreements",
        description: "Cooperation agreements (samverkansöverenskommelser) between municipalities and the police.",
        columns: &[
            req("id", Str, "<municipality>-<first year>-<last year>."),
            MUNICIPALITY_ID,
            MUNICIPALITY_CODE,
            req("title", Str, "The title as published."),
            opt("signed_on", Date, "The day it was signed; empty when no source gives it."),
            PERIOD[0],
            PERIOD[1],
            PERIOD[2],
            opt("summary", Str, "In our own words, in Swedish."),
            opt("follow_up", Str, "How the parties follow the work up, in our own words."),
            NOTE,
        ],
        primary_key: &["id"],
        foreign_keys: &[TO_MUNICIPALITY],
    },
    Table {
        name: "agreement-parties",
        title: "Agreement parties",
        description: "The parties to each agreement, in the order the source names them.",
        columns: &[
            req("agreement_id", Str, "The agreement."),
            req("organization_id", Str, "The party (see organizations.csv)."),
            req("position", Integer, "Order within the agreement, from 1."),
            req("role", Str, "The party's role in the agreement."),
        ],
        primary_key: &["agreement_id", "organization_id"],
        foreign_keys: &[
            fk(&["agreement_id"], "agreements", &["id"]),
            fk(&["organization_id"], "organizations", &["id"]),
        ],
    },
    Table {
        name: "pledges",
        title: "Citizen pledges",
        description: "Citizen pledges (medborgarlöften): public promises for a period.",
        columns: &[
            req("id", Str, "<municipality>-<first year>-<last year> or <municipality>-<year>."),
            MUNICIPALITY_ID,
            MUNICIPALITY_CODE,
            opt("agreement_id", Str, "The cooperation agreement it belongs to, where known."),
            req("title", Str, "The title as published."),
            PERIOD[0],
            PERIOD[1],
            PERIOD[2],
            opt("published_on", Date, "The day it was published."),
            opt("summary", Str, "In our own words, in Swedish."),
            NOTE,
        ],
        primary_key: &["id"],
        foreign_keys: &[TO_MUNICIPALITY, fk(&["agreement_id"], "agreements", &["id"])],
    },
    Table {
        name: "focus-areas",
        title: "Focus areas",
        description: "What a pledge or an agreement concentrates on (fokusområden, samverkansområden).",
        columns: &[
            req("id", Str, "<parent id>/f<n>."),
            req("parent_type", Str, "pledge or agreement."),
            opt("pledge_id", Str, "The pledge, when the parent is a pledge."),
            opt("agreement_id", Str, "The agreement, when the parent is an agreement."),
            MUNICIPALITY_ID,
            MUNICIPALITY_CODE,
            req("position", Integer, "Order within the parent, from 1."),
            req("title", Str, "As the source words it."),
            opt("description", Str, "In our own words, in Swedish."),
            opt("goals", Str, "Goals (effektmål, produktionsmål) in our own words."),
        ],
        primary_key: &["id"],
        foreign_keys: &[
            fk(&["pledge_id"], "pledges", &["id"]),
            fk(&["agreement_id"], "agreements", &["id"]),
            TO_MUNICIPALITY,
        ],
    },
    Table {
        name: "focus-area-themes",
        title: "Focus area themes",
        description: "The themes each focus area is tagged with.",
        columns: &[
            req("focus_area_id", Str, "The focus area."),
            req("theme_code", Str, "The theme (see themes.csv)."),
        ],
        primary_key: &["focus_area_id", "theme_code"],
        foreign_keys: &[
            fk(&["focus_area_id"], "focus-areas", &["id"]),
            fk(&["theme_code"], "themes", &["code"]),
        ],
    },
    Table {
        name: "activities",
        title: "Activities",
        description: "Concrete things a pledge promises to do, with their current status.",
        columns: &[
            req("id", Str, "<pledge id>/a<n>."),
            req("pledge_id", Str, "The pledge."),
            opt("focus_area_id", Str, "The focus area, where the source says which."),
            MUNICIPALITY_ID,
            MUNICIPALITY_CODE,
            req("position", Integer, "Order within the pledge, from 1."),
            req("title", Str, "As the source words it."),
            opt("description", Str, "In our own words, in Swedish."),
            req("status", Str, "The latest reported status: planned, in_progress, completed, cancelled or unknown."),
            opt("status_since", Date, "When the current status took effect; empty when unknown."),
            opt("responsible", Str, "Responsible organizations' ids, joined by |."),
            opt("planned_start", Date, "Planned start."),
            opt("planned_end", Date, "Planned end."),
            opt("due_on", Date, "Due date."),
            NOTE,
        ],
        primary_key: &["id"],
        foreign_keys: &[
            fk(&["pledge_id"], "pledges", &["id"]),
            fk(&["focus_area_id"], "focus-areas", &["id"]),
            TO_MUNICIPALITY,
        ],
    },
    Table {
        name: "activity-status-events",
        title: "Activity status events",
        description: "The status history of activities, oldest first; the last event of an activity is its current status.",
        columns: &[
            req("activity_id", Str, "The activity."),
            req("sequence", Integer, "Order within the activity's history, from 1, oldest first."),
            req("status", Str, "planned, in_progress, completed, cancelled or unknown."),
            req("effective_on", Date, "The day the status took effect."),
            opt("note", Str, "In our own words, in Swedish."),
            req("source_id", Str, "The source that reports it."),
        ],
        primary_key: &["activity_id", "sequence"],
        foreign_keys: &[
            fk(&["activity_id"], "activities", &["id"]),
            fk(&["source_id"], "sources", &["id"]),
        ],
    },
    Table {
        name: "themes",
        title: "Themes",
        description: "The controlled vocabulary focus areas are tagged with, to compare municipalities.",
        columns: &[
            req("code", Str, "Stable code: lower-case English words joined by _."),
            req("label_sv", Str, "The label in Swedish."),
            req("label_en", Str, "The label in English."),
            opt("description", Str, "What the theme covers, in Swedish."),
            req("position", Integer, "Display order, from 1."),
        ],
        primary_key: &["code"],
        foreign_keys: &[],
    },
    Table {
        name: "sources",
        title: "Sources",
        description: "Every document the facts come from.",
        columns: &[
            req("id", Str, "Stable public id."),
            req("title", Str, "The document's headline, as published."),
            req("publisher", Str, "Who published it."),
            req("kind", Str, "press_release, pledge_document, agreement_document, web_page, …"),
            opt("published_on", Date, "The day it was published."),
            opt("url", Str, "Where it is, where known."),
            req("language", Str, "ISO 639-1."),
            NOTE,
            opt("no_url_reason", Str, "Why no address is known; set exactly when url is empty."),
        ],
        primary_key: &["id"],
        foreign_keys: &[],
    },
    Table {
        name: "citations",
        title: "Citations",
        description: "Which source each record cites: one row per record and source.",
        columns: &[
            req("source_id", Str, "The source."),
            req("record_type", Str, "organization, agreement, pledge, focus_area, activity, role or event."),
            req("record_id", Str, "The record's id in the table of its type (roles: roles.csv's id)."),
        ],
        primary_key: &["source_id", "record_type", "record_id"],
        foreign_keys: &[fk(&["source_id"], "sources", &["id"])],
    },
    Table {
        name: "people",
        title: "People",
        description: "People named in the sources (names as published; no contact details).",
        columns: &[
            req("id", Str, "Stable public id: the ASCII slug of the name."),
            req("name", Str, "The name as published."),
        ],
        primary_key: &["id"],
        foreign_keys: &[],
    },
    Table {
        name: "roles",
        title: "Roles",
        description: "People's titles at organizations, as of the date of the source that gives them.",
        columns: &[
            req("id", Str, "<person id>/<position>."),
            req("person_id", Str, "The person."),
            req("position", Integer, "Order among the person's roles, from 1."),
            req("title", Str, "The title exactly as published."),
            opt("organization_id", Str, "The organization, where the source names one."),
            opt("party", Str, "Political party, where the source gives it."),
            opt("as_of", Date, "The date of the source that gives the title."),
        ],
        primary_key: &["id"],
        foreign_keys: &[
            fk(&["person_id"], "people", &["id"]),
            fk(&["organization_id"], "organizations", &["id"]),
        ],
    },
    Table {
        name: "events",
        title: "Events",
        description: "Meetings and conferences such as the Halland regional conference.",
        columns: &[
            req("id", Str, "Stable public id."),
            req("kind", Str, "conference, meeting, signing or press_conference."),
            req("title", Str, "A descriptive title."),
            opt("held_on", Date, "The day it was held; empty when no source gives it."),
            opt("location", Str, "Where it was held, as the source says."),
            opt("summary", Str, "In our own words, in Swedish."),
            NOTE,
            opt("starts_at", Str, "Local time it began (HH:MM), where the source gives it."),
        ],
        primary_key: &["id"],
        foreign_keys: &[],
    },
    Table {
        name: "statements",
        title: "Statements",
        description: "What named people said, quoted exactly and briefly from a source, about one agreement, pledge, focus area or activity.",
        columns: &[
            req("id", Str, "Stable public id."),
            req("person_id", Str, "The speaker."),
            req("role", Str, "The speaker's title at the time, as the source gives it."),
            opt("organization_id", Str, "The organization of that title, where known."),
            req("about_type", Str, "agreement, pledge, focus_area or activity."),
            req("about_id", Str, "The record the words are about, in the table of its type."),
            MUNICIPALITY_ID,
            MUNICIPALITY_CODE,
            req("quote", Str, "The words exactly as the source prints them."),
            req("source_id", Str, "The source the words are quoted from."),
            NOTE,
        ],
        primary_key: &["id"],
        foreign_keys: &[
            fk(&["person_id"], "people", &["id"]),
            fk(&["organization_id"], "organizations", &["id"]),
            TO_MUNICIPALITY,
            fk(&["source_id"], "sources", &["id"]),
        ],
    },
    Table {
        name: "inferences",
        title: "Inferences",
        description: "Values that are the dataset's judgement rather than a source's words: one row per record and field, with the reason.",
        columns: &[
            req("record_type", Str, "source, organization, municipality, role, agreement, signatory, pledge or event."),
            req("record_id", Str, "The record's id in the table of its type (roles: roles.csv's id; signatories: <agreement id>/<person id>)."),
            req("field", Str, "The column whose value is inferred."),
            req("reason", Str, "Why, in our own words, in Swedish."),
        ],
        primary_key: &["record_type", "record_id", "field"],
        foreign_keys: &[],
    },
];

/// The table with this file stem.
pub fn by_name(name: &str) -> Option<&'static Table> {
    TABLES.iter().find(|t| t.name == name)
}
