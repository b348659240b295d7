//! Every check of the dataset that can be made before touching the database.
//! All problems are collected, so one run of `import --check` reports everything at once.

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;
use toml::Spanned;

use super::files::*;
use super::load::{Files, Problem, SourceText};
use super::model::*;
use crate::domain::ids::{is_county_code, is_kommunkod};
use crate::domain::period::parse_date;
use crate::domain::{Period, Slug, Status};

pub const SOURCE_KINDS: &[&str] = &[
    "press_release",
    "press_invitation",
    "news_article",
    "pledge_document",
    "agreement_document",
    "follow_up_report",
    "web_page",
    "register",
];
pub const ORGANIZATION_KINDS: &[&str] = &[
    "local_police_area",
    "police_area",
    "police_region",
    "police_authority",
    "region",
    "regional_committee",
    "county_administrative_board",
    "municipal_department",
];
pub const EVENT_KINDS: &[&str] = &["conference", "meeting", "signing", "press_conference"];

/// The checks' state: what exists, and what is wrong so far.
struct Checker<'a> {
    problems: &'a mut Vec<Problem>,
    sources: HashSet<String>,
    themes: HashSet<String>,
    /// organization id → kind (municipalities have kind `municipality`)
    organizations: HashMap<String, String>,
    people: HashSet<String>,
    /// agreement id → municipality id
    agreements: HashMap<String, String>,
}

/// Where in a file a record lies, for messages.
struct At<'s> {
    src: &'s SourceText,
    offset: usize,
    what: String,
}

impl Checker<'_> {
    fn report(&mut self, at: &At, message: impl AsRef<str>) {
        let message = if at.what.is_empty() {
            message.as_ref().to_owned()
        } else {
            format!("{}: {}", at.what, message.as_ref())
        };
        self.problems
            .push(at.src.problem_at(Some(at.offset), message));
    }

    fn required(&mut self, at: &At, field: &str, value: &str) -> String {
        if value.trim().is_empty() {
            self.report(at, format!("`{field}` must not be empty"));
        }
        self.private(at, field, value);
        value.to_owned()
    }

    fn optional(&mut self, at: &At, field: &str, value: &Option<String>) -> Option<String> {
        let v = value
            .as_ref()
            .map(|v| v.trim())
            .filter(|v| !v.is_empty())
            .map(str::to_owned);
        if let Some(v) = &v {
            self.private(at, field, v);
        }
        v
    }

    /// No e-mail address or phone number may enter the public data.
    fn private(&mut self, at: &At, field: &str, value: &str) {
        if looks_like_email(value) {
            self.report(
                at,
                format!("`{field}` contains an e-mail address; the public data must not"),
            );
        }
        if looks_like_phone(value) {
            self.report(
                at,
                format!("`{field}` contains a phone number; the public data must not"),
            );
        }
    }

    fn slug(&mut self, at: &At, field: &str, value: &str) -> String {
        if let Err(e) = Slug::parse(value) {
            self.report(at, format!("`{field}`: {e}"));
        }
        value.to_owned()
    }

    fn date(&mut self, at: &At, field: &str, value: &Option<String>) -> Option<NaiveDate> {
        let v = value.as_deref()?;
        match parse_date(v) {
            Ok(d) => Some(d),
            Err(e) => {
                self.report(at, format!("`{field}`: {e}"));
                None
            }
        }
    }

    fn period(&mut self, at: &At, value: &Option<PeriodRecord>) -> Option<Period> {
        let p = value.as_ref()?;
        match Period::parse(&p.start, &p.end) {
            Ok(p) => Some(p),
            Err(e) => {
                self.report(at, format!("`period`: {e}"));
                None
            }
        }
    }

    fn one_of(&mut self, at: &At, field: &str, value: &str, allowed: &[&str]) -> String {
        if !allowed.contains(&value) {
            self.report(
                at,
                format!(
                    "`{field}` is `{value}`; expected one of {}",
                    allowed.join(", ")
                ),
            );
        }
        value.to_owned()
    }

    fn cites(&mut self, at: &At, sources: &[String]) -> Vec<String> {
        if sources.is_empty() {
            self.report(
                at,
                "`sources` is empty: every record cites at least one source",
            );
        }
        let mut seen = HashSet::new();
        for s in sources {
            if !self.sources.contains(s) {
                self.report(
                    at,
                    format!("`sources` names `{s}`, which is not in sources.toml"),
                );
            }
            if !seen.insert(s) {
                self.report(at, format!("`sources` names `{s}` twice"));
            }
        }
        sources.to_vec()
    }

    fn organization(&mut self, at: &At, field: &str, id: &str, kind: Option<&str>) -> String {
        match self.organizations.get(id) {
            None => self.report(
                at,
                format!("`{field}` names `{id}`, which is no organization or municipality"),
            ),
            Some(k) if kind.is_some_and(|want| want != k) => {
                let want = kind.unwrap_or_default();
                self.report(
                    at,
                    format!("`{field}` names `{id}`, which is a {k}, not a {want}"),
                );
            }
            Some(_) => {}
        }
        id.to_owned()
    }

    fn person(&mut self, at: &At, field: &str, id: &str) -> String {
        if !self.people.contains(id) {
            self.report(
                at,
                format!("`{field}` names `{id}`, which is not in people.toml"),
            );
        }
        id.to_owned()
    }

    fn focus_areas(
        &mut self,
        src: &SourceText,
        (kind, parent): (&str, &str),
        records: &[Spanned<FocusAreaRecord>],
    ) -> Vec<FocusArea> {
        let mut out = Vec::new();
        let mut seen = HashSet::new();
        for (i, r) in records.iter().enumerate() {
            let at = At {
                src,
                offset: r.span().start,
                what: format!("{kind} `{parent}`, focus area `{}`", r.get_ref().id),
            };
            let r = r.get_ref();
            let want = format!("f{}", i + 1);
            if r.id != want {
                self.report(
                    &at,
                    format!("`id` must be `{want}`: focus areas are numbered f1, f2, … in order"),
                );
            }
            if !seen.insert(r.id.clone()) {
                self.report(&at, "a second focus area with this id");
            }
            if r.themes.is_empty() || r.themes.len() > 3 {
                self.report(
                    &at,
                    format!(
                        "`themes` has {} entries; tag each focus area with 1–3",
                        r.themes.len()
                    ),
                );
            }
            let mut tagged = HashSet::new();
            for t in &r.themes {
                if !self.themes.contains(t) {
                    self.report(
                        &at,
                        format!("`themes` names `{t}`, which is not in themes.toml"),
                    );
                }
                if !tagged.insert(t) {
                    self.report(&at, format!("`themes` names `{t}` twice"));
                }
            }
            out.push(FocusArea {
                id: format!("{parent}/{}", r.id),
                title: self.required(&at, "title", &r.title),
                description: self.optional(&at, "description", &r.description),
                goals: self.optional(&at, "goals", &r.goals),
                themes: r.themes.clone(),
                sources: self.cites(&at, &r.sources),
            });
        }
        out
    }
}

fn looks_like_email(s: &str) -> bool {
    s.split_whitespace().any(|w| {
        let w = w.trim_matches(|c: char| !c.is_alphanumeric());
        match w.split_once('@') {
            Some((user, host)) => !user.is_empty() && host.contains('.'),
            None => false,
        }
    })
}

/// Eight or more digits in a run of digits, spaces and dashes, starting with 0 or +: a Swedish phone number.
fn looks_like_phone(s: &str) -> bool {
    let chars: Vec<char> = s.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let starts_word = i == 0 || !(chars[i - 1].is_ascii_digit() || chars[i - 1] == '-');
        let starts_number = chars[i] == '0'
            || (chars[i] == '+' && chars.get(i + 1).is_some_and(|c| c.is_ascii_digit()));
        if starts_word && starts_number {
            let mut digits = 0;
            let mut j = i;
            while j < chars.len()
                && (chars[j].is_ascii_digit() || matches!(chars[j], ' ' | '-' | '+'))
            {
                digits += chars[j].is_ascii_digit() as usize;
                j += 1;
            }
            if digits >= 8 {
                return true;
            }
            i = j.max(i + 1);
        } else {
            i += 1;
        }
    }
    false
}

fn version_ok(v: &str) -> bool {
    let parts: Vec<&str> = v.split('.').collect();
    parts.len() == 3
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
}

/// Checks the parsed files and builds the dataset. `None` when any problem was found.
pub fn validate(files: &Files, problems: &mut Vec<Problem>) -> Option<Dataset> {
    let mut c = Checker {
        problems,
        sources: HashSet::new(),
        themes: HashSet::new(),
        organizations: HashMap::new(),
        people: HashSet::new(),
        agreements: HashMap::new(),
    };

    // Pass 1: collect ids, so that references can be checked in any order.
    let mut duplicates = Vec::new();
    for (src, f) in &files.sources {
        for r in &f.source {
            if !c.sources.insert(r.get_ref().id.clone()) {
                duplicates.push(src.problem_at(
                    Some(r.span().start),
                    format!("source `{}` is defined twice", r.get_ref().id),
                ));
            }
        }
    }
    for (src, f) in &files.themes {
        for r in &f.theme {
            if !c.themes.insert(r.get_ref().code.clone()) {
                duplicates.push(src.problem_at(
                    Some(r.span().start),
                    format!("theme `{}` is defined twice", r.get_ref().code),
                ));
            }
        }
    }
    let mut org_ids: Vec<(&SourceText, usize, String, String)> = Vec::new();
    for (src, f) in &files.organizations {
        for r in &f.organization {
            org_ids.push((
                src,
                r.span().start,
                r.get_ref().id.clone(),
                r.get_ref().kind.clone(),
            ));
        }
    }
    for (src, f) in &files.municipalities {
        let m = &f.municipality;
        org_ids.push((
            src,
            m.span().start,
            m.get_ref().id.clone(),
            "municipality".into(),
        ));
    }
    for (src, offset, id, kind) in org_ids {
        if c.organizations.insert(id.clone(), kind).is_some() {
            duplicates.push(src.problem_at(
                Some(offset),
                format!("organization `{id}` is defined twice"),
            ));
        }
    }
    for (src, f) in &files.people {
        for r in &f.person {
            if !c.people.insert(r.get_ref().id.clone()) {
                duplicates.push(src.problem_at(
                    Some(r.span().start),
                    format!("person `{}` is defined twice", r.get_ref().id),
                ));
            }
        }
    }
    let mut record_ids: HashSet<String> = HashSet::new();
    for (src, f) in &files.municipalities {
        let m = f.municipality.get_ref().id.clone();
        for r in &f.agreement {
            c.agreements.insert(r.get_ref().id.clone(), m.clone());
            if !record_ids.insert(r.get_ref().id.clone()) {
                duplicates.push(src.problem_at(
                    Some(r.span().start),
                    format!("agreement or pledge `{}` is defined twice", r.get_ref().id),
                ));
            }
        }
        for r in &f.pledge {
            if !record_ids.insert(r.get_ref().id.clone()) {
                duplicates.push(src.problem_at(
                    Some(r.span().start),
                    format!("agreement or pledge `{}` is defined twice", r.get_ref().id),
                ));
            }
        }
    }
    c.problems.extend(duplicates);

    // Pass 2: each record.
    let header = match &files.dataset {
        None => {
            c.problems.push(Problem {
                file: "dataset.toml".into(),
                line: None,
                column: None,
                message: "missing: the dataset needs a dataset.toml with its version".into(),
            });
            None
        }
        Some((src, d)) => {
            let at = At {
                src,
                offset: d.version.span().start,
                what: String::new(),
            };
            if !version_ok(d.version.get_ref()) {
                c.report(
                    &at,
                    format!(
                        "`version` is `{}`; expected MAJOR.MINOR.PATCH",
                        d.version.get_ref()
                    ),
                );
            }
            let at = At {
                src,
                offset: d.released_on.span().start,
                what: String::new(),
            };
            let released = c.date(&at, "released_on", &Some(d.released_on.get_ref().clone()));
            released.map(|r| (d.version.get_ref().clone(), r, d.licence.clone()))
        }
    };

    let mut themes = Vec::new();
    for (src, f) in &files.themes {
        for r in &f.theme {
            let at = At {
                src,
                offset: r.span().start,
                what: format!("theme `{}`", r.get_ref().code),
            };
            let r = r.get_ref();
            if !r
                .code
                .split('_')
                .all(|w| !w.is_empty() && w.bytes().all(|b| b.is_ascii_lowercase()))
            {
                c.report(&at, "`code` must be lower-case ASCII words joined by `_`");
            }
            themes.push(Theme {
                code: r.code.clone(),
                label_sv: c.required(&at, "label_sv", &r.label_sv),
                label_en: c.required(&at, "label_en", &r.label_en),
                description: c.optional(&at, "description", &r.description),
            });
        }
    }

    let mut sources = Vec::new();
    for (src, f) in &files.sources {
        for r in &f.source {
            let at = At {
                src,
                offset: r.span().start,
                what: format!("source `{}`", r.get_ref().id),
            };
            let r = r.get_ref();
            let url = c.optional(&at, "url", &r.url);
            if url
                .as_ref()
                .is_some_and(|u| !(u.starts_with("https://") || u.starts_with("http://")))
            {
                c.report(&at, "`url` must start with https:// or http://");
            }
            if r.language.len() != 2 || !r.language.bytes().all(|b| b.is_ascii_lowercase()) {
                c.report(
                    &at,
                    format!(
                        "`language` is `{}`; expected a two-letter ISO 639-1 code",
                        r.language
                    ),
                );
            }
            sources.push(Source {
                id: c.slug(&at, "id", &r.id),
                title: c.required(&at, "title", &r.title),
                publisher: c.required(&at, "publisher", &r.publisher),
                kind: c.one_of(&at, "kind", &r.kind, SOURCE_KINDS),
                published_on: c.date(&at, "published_on", &r.published_on),
                url,
                language: r.language.clone(),
                note: c.optional(&at, "note", &r.note),
            });
        }
    }

    let mut organizations = Vec::new();
    for (src, f) in &files.organizations {
        for r in &f.organization {
            let at = At {
                src,
                offset: r.span().start,
                what: format!("organization `{}`", r.get_ref().id),
            };
            let r = r.get_ref();
            let parent = r
                .parent
                .as_ref()
                .map(|p| c.organization(&at, "parent", p, None));
            if parent.as_deref() == Some(r.id.as_str()) {
                c.report(&at, "`parent` names the organization itself");
            }
            organizations.push(Organization {
                id: c.slug(&at, "id", &r.id),
                kind: c.one_of(&at, "kind", &r.kind, ORGANIZATION_KINDS),
                name: c.required(&at, "name", &r.name),
                parent,
                note: c.optional(&at, "note", &r.note),
                sources: c.cites(&at, &r.sources),
            });
        }
    }

    let mut municipalities = Vec::new();
    let mut agreements = Vec::new();
    let mut pledges = Vec::new();
    for (src, f) in &files.municipalities {
        let m = f.municipality.get_ref();
        let at = At {
            src,
            offset: f.municipality.span().start,
            what: format!("municipality `{}`", m.id),
        };
        let expected_file = format!("{}.toml", m.id);
        if src
            .path
            .file_name()
            .is_some_and(|n| n.to_string_lossy() != expected_file)
        {
            c.report(
                &at,
                format!("a municipality's file is named after its id: `{expected_file}`"),
            );
        }
        if !is_kommunkod(&m.code) {
            c.report(
                &at,
                format!(
                    "`code` is `{}`; a kommunkod is four digits, like `1083`",
                    m.code
                ),
            );
        }
        if !is_county_code(&m.county_code) {
            c.report(
                &at,
                format!(
                    "`county_code` is `{}`; a länskod is two digits, like `10`",
                    m.county_code
                ),
            );
        } else if is_kommunkod(&m.code) && !m.code.starts_with(&m.county_code) {
            c.report(
                &at,
                format!(
                    "`code` {} does not lie in county {}: a kommunkod begins with its länskod",
                    m.code, m.county_code
                ),
            );
        }
        let police_region = m
            .police_region
            .as_ref()
            .map(|p| c.organization(&at, "police_region", p, Some("police_region")));
        let local_police_area = m
            .local_police_area
            .as_ref()
            .map(|p| c.organization(&at, "local_police_area", p, Some("local_police_area")));
        organizations.push(Organization {
            id: c.slug(&at, "id", &m.id),
            kind: "municipality".into(),
            name: c.required(&at, "organization_name", &m.organization_name),
            parent: None,
            note: c.optional(&at, "note", &m.note),
            sources: c.cites(&at, &m.sources),
        });
        municipalities.push(Municipality {
            id: m.id.clone(),
            name: c.required(&at, "name", &m.name),
            code: m.code.clone(),
            county_code: m.county_code.clone(),
            county_name: c.required(&at, "county_name", &m.county_name),
            police_region,
            local_police_area,
        });

        for r in &f.agreement {
            let at = At {
                src,
                offset: r.span().start,
                what: format!("agreement `{}`", r.get_ref().id),
            };
            let r = r.get_ref();
            let id = c.slug(&at, "id", &r.id);
            if !id.starts_with(&format!("{}-", m.id)) {
                c.report(
                    &at,
                    format!("`id` must begin with the municipality's id: `{}-…`", m.id),
                );
            }
            let mut parties = Vec::new();
            for p in &r.parties {
                if parties.contains(p) {
                    c.report(&at, format!("`parties` names `{p}` twice"));
                }
                parties.push(c.organization(&at, "parties", p, None));
            }
            if !parties.contains(&m.id) {
                c.report(
                    &at,
                    format!("`parties` must include the municipality `{}`", m.id),
                );
            }
            let mut signatories = Vec::new();
            for s in &r.signatory {
                let sat = At {
                    src,
                    offset: s.span().start,
                    what: format!("agreement `{}`, signatory `{}`", r.id, s.get_ref().person),
                };
                let s = s.get_ref();
                if signatories.iter().any(|x: &Signatory| x.person == s.person) {
                    c.report(&sat, "the same person signs twice");
                }
                signatories.push(Signatory {
                    person: c.person(&sat, "person", &s.person),
                    role: c.required(&sat, "role", &s.role),
                    organization: s
                        .organization
                        .as_ref()
                        .map(|o| c.organization(&sat, "organization", o, None)),
                });
            }
            agreements.push(Agreement {
                municipality: m.id.clone(),
                title: c.required(&at, "title", &r.title),
                signed_on: c.date(&at, "signed_on", &r.signed_on),
                period: c.period(&at, &r.period),
                summary: c.optional(&at, "summary", &r.summary),
                follow_up: c.optional(&at, "follow_up", &r.follow_up),
                note: c.optional(&at, "note", &r.note),
                sources: c.cites(&at, &r.sources),
                parties,
                signatories,
                focus_areas: c.focus_areas(src, ("agreement", &id), &r.focus_area),
                id,
            });
        }

        for r in &f.pledge {
            let at = At {
                src,
                offset: r.span().start,
                what: format!("pledge `{}`", r.get_ref().id),
            };
            let r = r.get_ref();
            let id = c.slug(&at, "id", &r.id);
            if !id.starts_with(&format!("{}-", m.id)) {
                c.report(
                    &at,
                    format!("`id` must begin with the municipality's id: `{}-…`", m.id),
                );
            }
            if let Some(a) = &r.agreement {
                match c.agreements.get(a) {
                    None => c.report(
                        &at,
                        format!("`agreement` names `{a}`, which is no agreement"),
                    ),
                    Some(owner) if *owner != m.id => c.report(
                        &at,
                        format!(
                            "`agreement` names `{a}`, an agreement of {owner}, not of {}",
                            m.id
                        ),
                    ),
                    Some(_) => {}
                }
            }
            let focus_areas = c.focus_areas(src, ("pledge", &id), &r.focus_area);
            let mut activities = Vec::new();
            for (i, a) in r.activity.iter().enumerate() {
                let aat = At {
                    src,
                    offset: a.span().start,
                    what: format!("pledge `{id}`, activity `{}`", a.get_ref().id),
                };
                let a = a.get_ref();
                let want = format!("a{}", i + 1);
                if a.id != want {
                    c.report(
                        &aat,
                        format!(
                            "`id` must be `{want}`: activities are numbered a1, a2, … in order"
                        ),
                    );
                }
                let focus_area = a.focus_area.as_ref().map(|f| {
                    let full = format!("{id}/{f}");
                    if !focus_areas.iter().any(|x| x.id == full) {
                        c.report(
                            &aat,
                            format!("`focus_area` names `{f}`, which this pledge does not have"),
                        );
                    }
                    full
                });
                let mut responsible = Vec::new();
                for o in &a.responsible {
                    if responsible.contains(o) {
                        c.report(&aat, format!("`responsible` names `{o}` twice"));
                    }
                    responsible.push(c.organization(&aat, "responsible", o, None));
                }
                let planned_start = c.date(&aat, "planned_start", &a.planned_start);
                let planned_end = c.date(&aat, "planned_end", &a.planned_end);
                if let (Some(s), Some(e)) = (planned_start, planned_end) {
                    if e < s {
                        c.report(
                            &aat,
                            format!("planned period ends ({e}) before it starts ({s})"),
                        );
                    }
                }
                let mut status_events: Vec<StatusEvent> = Vec::new();
                for s in &a.status {
                    let sat = At {
                        src,
                        offset: s.span().start,
                        what: format!("pledge `{id}`, activity `{}`, status", a.id),
                    };
                    let s = s.get_ref();
                    let status = match s.status.parse::<Status>() {
                        Ok(st) => st,
                        Err(e) => {
                            c.report(&sat, e);
                            Status::Unknown
                        }
                    };
                    if !c.sources.contains(&s.source) {
                        c.report(
                            &sat,
                            format!(
                                "`source` names `{}`, which is not in sources.toml",
                                s.source
                            ),
                        );
                    }
                    let Some(effective_on) =
                        c.date(&sat, "effective_on", &Some(s.effective_on.clone()))
                    else {
                        continue;
                    };
                    if status_events
                        .last()
                        .is_some_and(|p| p.effective_on > effective_on)
                    {
                        c.report(&sat, "status events must be listed oldest first");
                    }
                    if status_events
                        .iter()
                        .any(|p| p.effective_on == effective_on && p.status == status)
                    {
                        c.report(&sat, "the same status on the same day twice");
                    }
                    status_events.push(StatusEvent {
                        status,
                        effective_on,
                        note: c.optional(&sat, "note", &s.note),
                        source: s.source.clone(),
                    });
                }
                activities.push(Activity {
                    id: format!("{id}/{}", a.id),
                    focus_area,
                    title: c.required(&aat, "title", &a.title),
                    description: c.optional(&aat, "description", &a.description),
                    responsible,
                    planned_start,
                    planned_end,
                    due_on: c.date(&aat, "due_on", &a.due_on),
                    note: c.optional(&aat, "note", &a.note),
                    sources: c.cites(&aat, &a.sources),
                    status_events,
                });
            }
            pledges.push(Pledge {
                municipality: m.id.clone(),
                agreement: r.agreement.clone(),
                title: c.required(&at, "title", &r.title),
                period: c.period(&at, &r.period),
                published_on: c.date(&at, "published_on", &r.published_on),
                summary: c.optional(&at, "summary", &r.summary),
                note: c.optional(&at, "note", &r.note),
                sources: c.cites(&at, &r.sources),
                focus_areas,
                activities,
                id,
            });
        }
    }

    let mut people = Vec::new();
    for (src, f) in &files.people {
        for r in &f.person {
            let at = At {
                src,
                offset: r.span().start,
                what: format!("person `{}`", r.get_ref().id),
            };
            let p = r.get_ref();
            let mut roles = Vec::new();
            for role in &p.role {
                let rat = At {
                    src,
                    offset: role.span().start,
                    what: format!("person `{}`, role", p.id),
                };
                let role = role.get_ref();
                roles.push(Role {
                    title: c.required(&rat, "title", &role.title),
                    organization: role
                        .organization
                        .as_ref()
                        .map(|o| c.organization(&rat, "organization", o, None)),
                    party: c.optional(&rat, "party", &role.party),
                    as_of: c.date(&rat, "as_of", &role.as_of),
                    sources: c.cites(&rat, &role.sources),
                });
            }
            people.push(Person {
                id: c.slug(&at, "id", &p.id),
                name: c.required(&at, "name", &p.name),
                roles,
            });
        }
    }

    let mut events = Vec::new();
    for (src, f) in &files.events {
        for r in &f.event {
            let at = At {
                src,
                offset: r.span().start,
                what: format!("event `{}`", r.get_ref().id),
            };
            let e = r.get_ref();
            let mut orgs: Vec<(String, String)> = Vec::new();
            for (list, role) in [
                (&e.organizers, "organizer"),
                (&e.participants, "participant"),
                (&e.invited, "invited"),
            ] {
                for o in list {
                    if orgs.iter().any(|(x, _)| x == o) {
                        c.report(&at, format!("organization `{o}` is listed twice among organizers, participants and invited"));
                    }
                    orgs.push((c.organization(&at, role, o, None), role.to_owned()));
                }
            }
            let mut persons: Vec<(String, String)> = Vec::new();
            for p in &e.person {
                let pat = At {
                    src,
                    offset: p.span().start,
                    what: format!("event `{}`, person `{}`", e.id, p.get_ref().person),
                };
                let p = p.get_ref();
                if persons.iter().any(|(x, _)| *x == p.person) {
                    c.report(&pat, "the same person twice");
                }
                persons.push((
                    c.person(&pat, "person", &p.person),
                    c.required(&pat, "role", &p.role),
                ));
            }
            events.push(Event {
                id: c.slug(&at, "id", &e.id),
                kind: c.one_of(&at, "kind", &e.kind, EVENT_KINDS),
                title: c.required(&at, "title", &e.title),
                held_on: c.date(&at, "held_on", &e.held_on),
                location: c.optional(&at, "location", &e.location),
                summary: c.optional(&at, "summary", &e.summary),
                note: c.optional(&at, "note", &e.note),
                organizations: orgs,
                people: persons,
                sources: c.cites(&at, &e.sources),
            });
        }
    }

    let ordered = match parents_first(organizations) {
        Ok(o) => o,
        Err(cycle) => {
            c.problems.push(Problem {
                file: "organizations.toml".into(),
                line: None,
                column: None,
                message: format!(
                    "organizations form a cycle of parents: {}",
                    cycle.join(" → ")
                ),
            });
            Vec::new()
        }
    };

    let (version, released_on, licence) = header?;
    if !c.problems.is_empty() {
        return None;
    }
    Some(Dataset {
        version,
        released_on,
        licence,
        digest: files.digest.clone(),
        synthetic: false,
        themes,
        sources,
        organizations: ordered,
        municipalities,
        people,
        agreements,
        pledges,
        events,
    })
}

/// Orders organizations so that a parent comes before its children; a cycle is an error.
fn parents_first(orgs: Vec<Organization>) -> Result<Vec<Organization>, Vec<String>> {
    let known: HashSet<String> = orgs.iter().map(|o| o.id.clone()).collect();
    let mut placed: HashSet<String> = HashSet::new();
    let mut rest = orgs;
    let mut out = Vec::with_capacity(rest.len());
    while !rest.is_empty() {
        let before = rest.len();
        let (ready, waiting): (Vec<_>, Vec<_>) = rest.into_iter().partition(|o| {
            o.parent
                .as_ref()
                .is_none_or(|p| placed.contains(p) || p == &o.id || !known.contains(p))
        });
        for o in ready {
            placed.insert(o.id.clone());
            out.push(o);
        }
        rest = waiting;
        if rest.len() == before {
            return Err(rest.into_iter().map(|o| o.id).collect());
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn private_data_is_recognised() {
        assert!(looks_like_email("skriv till namn.efternamn@polisen.se"));
        assert!(!looks_like_email("a @ b"));
        // Numbers from the ranges Swedish regulation (PTS) keeps for fiction: they belong to no one.
        assert!(looks_like_phone("ring 031-390 06 12"));
        assert!(looks_like_phone("070-174 06 12"));
        assert!(looks_like_phone("+46 70 174 06 12"));
        assert!(!looks_like_phone("kommunkod 1083, period 2019 - 2022"));
        assert!(!looks_like_phone("2022-2023"));
        assert!(!looks_like_phone("från 2020-01-17 2023-12-31"));
    }
}
