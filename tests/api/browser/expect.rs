//! What a page must show: the pledge as `GET /v1/municipalities/{id}/pledge` returns it, and the
//! status words of the widget contract.

use std::collections::BTreeMap;

use serde_json::{json, Value};

/// The contract's status words, by language and API status.
pub const WORDS: [(&str, [(&str, &str); 5]); 2] = [
    (
        "sv",
        [
            ("planned", "Planerad"),
            ("in_progress", "Pågår"),
            ("completed", "Genomförd"),
            ("cancelled", "Inställd"),
            ("unknown", "Status okänd"),
        ],
    ),
    (
        "en",
        [
            ("planned", "Planned"),
            ("in_progress", "In progress"),
            ("completed", "Completed"),
            ("cancelled", "Cancelled"),
            ("unknown", "Status unknown"),
        ],
    ),
];

/// `{"sv": {"planned": "Planerad", …}, "en": {…}}` for the browser script.
pub fn words_json() -> Value {
    let mut langs = serde_json::Map::new();
    for (lang, words) in WORDS {
        let m: serde_json::Map<String, Value> = words
            .iter()
            .map(|(s, w)| (s.to_string(), json!(w)))
            .collect();
        langs.insert(lang.to_owned(), Value::Object(m));
    }
    Value::Object(langs)
}

#[derive(Debug, Clone)]
pub struct Activity {
    pub title: String,
    pub status: String,
}

/// A pledge as the widget JSON gives it.
#[derive(Debug, Clone)]
pub struct Pledge {
    pub id: String,
    pub title: String,
    /// Focus area id → title.
    pub focus_areas: BTreeMap<String, String>,
    /// Activity id → title and status.
    pub activities: BTreeMap<String, Activity>,
    /// Titles of the pledge's own sources (the widget links to them).
    pub sources: Vec<String>,
}

fn text<'a>(v: &'a Value, field: &str, what: &str) -> &'a str {
    v[field]
        .as_str()
        .unwrap_or_else(|| panic!("{what} without a string `{field}`: {v}"))
}

impl Pledge {
    /// Reads the widget JSON: the pledge is the body or its `pledge` member; activities are listed
    /// on the pledge, under each focus area, or both.
    pub fn from_widget_json(body: &Value) -> Pledge {
        let p = if body["pledge"].is_object() {
            &body["pledge"]
        } else {
            body
        };
        let mut focus_areas = BTreeMap::new();
        let mut activities = BTreeMap::new();
        let mut add_activities = |list: &Value| {
            for a in list.as_array().into_iter().flatten() {
                activities.insert(
                    text(a, "id", "activity").to_owned(),
                    Activity {
                        title: text(a, "title", "activity").to_owned(),
                        status: text(a, "status", "activity").to_owned(),
                    },
                );
            }
        };
        add_activities(&p["activities"]);
        for f in p["focus_areas"].as_array().into_iter().flatten() {
            focus_areas.insert(
                text(f, "id", "focus area").to_owned(),
                text(f, "title", "focus area").to_owned(),
            );
            add_activities(&f["activities"]);
        }
        let own: Vec<&Value> = p["sources"].as_array().into_iter().flatten().collect();
        let sources = p["source_details"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|s| own.contains(&&s["id"]))
            .map(|s| text(s, "title", "source").to_owned())
            .collect();
        let pledge = Pledge {
            id: text(p, "id", "pledge").to_owned(),
            title: text(p, "title", "pledge").to_owned(),
            focus_areas,
            activities,
            sources,
        };
        assert!(
            !pledge.activities.is_empty() && !pledge.sources.is_empty(),
            "the widget JSON has no activities or no source details where the dataset has them: {body}"
        );
        pledge
    }

    pub fn statuses(&self) -> Vec<&str> {
        self.activities
            .values()
            .map(|a| a.status.as_str())
            .collect()
    }
}
