//! A municipality's file: the municipality, its agreements and their focus areas.

use std::collections::HashSet;

use toml::Spanned;

use super::{pledges, At, Checker};
use crate::dataset::files::FocusAreaRecord;
use crate::dataset::load::{Files, SourceText};
use crate::dataset::model::*;
use crate::domain::ids::{is_county_code, is_kommunkod};

/// Municipalities (added to `organizations` too), agreements and pledges.
pub(super) fn municipalities(
    c: &mut Checker,
    files: &Files,
    organizations: &mut Vec<Organization>,
) -> (Vec<Municipality>, Vec<Agreement>, Vec<Pledge>) {
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
            inferred: Vec::new(),
            sources: c.cites(&at, &m.sources),
        });
        municipalities.push(Municipality {
            id: m.id.clone(),
            name: c.required(&at, "name", &m.name),
            code: m.code.clone(),
            county_code: m.county_code.clone(),
            county_name: c.required(&at, "county_name", &m.county_name),
            inferred: c.inferred(
                &at,
                &m.inferred,
                &[
                    ("police_region", police_region.is_some()),
                    ("local_police_area", local_police_area.is_some()),
                ],
            ),
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
                    inferred: c.inferred(
                        &sat,
                        &s.inferred,
                        &[
                            ("person", true),
                            ("role", true),
                            ("organization", s.organization.is_some()),
                        ],
                    ),
                });
            }
            let period = c.period(&at, &r.period);
            // A period that did not parse is reported already; compare only a valid one.
            if r.period.is_none() || period.is_some() {
                c.id_years(&at, &m.id, &id, period.as_ref());
            }
            agreements.push(Agreement {
                municipality: m.id.clone(),
                title: c.required(&at, "title", &r.title),
                signed_on: c.date(&at, "signed_on", &r.signed_on),
                period,
                summary: c.optional(&at, "summary", &r.summary),
                follow_up: c.optional(&at, "follow_up", &r.follow_up),
                note: c.optional(&at, "note", &r.note),
                inferred: c.inferred(
                    &at,
                    &r.inferred,
                    &[
                        ("title", true),
                        ("period", r.period.is_some()),
                        ("signed_on", r.signed_on.is_some()),
                    ],
                ),
                sources: c.cites(&at, &r.sources),
                parties,
                signatories,
                focus_areas: c.focus_areas(src, ("agreement", &id), &r.focus_area),
                id,
            });
        }

        pledges::pledges(c, src, f, &mut pledges);
    }
    (municipalities, agreements, pledges)
}

impl Checker<'_> {
    pub(super) fn focus_areas(
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
