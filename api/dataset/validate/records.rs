//! Records of their own files: themes, sources, organizations, people and events.

use super::{At, Checker, EVENT_KINDS, ORGANIZATION_KINDS, SOURCE_KINDS};
use crate::dataset::load::Files;
use crate::dataset::model::*;

pub(super) fn themes(c: &mut Checker, files: &Files) -> Vec<Theme> {
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
    themes
}

pub(super) fn sources(c: &mut Checker, files: &Files) -> Vec<Source> {
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
            // A missing address must be explained, not left null silently.
            let no_url_reason = c.optional(&at, "no_url_reason", &r.no_url_reason);
            match (&url, &no_url_reason) {
                (None, None) => c.report(
                    &at,
                    "give `url`, or `no_url_reason` saying why no address is known",
                ),
                (Some(_), Some(_)) => {
                    c.report(&at, "give either `url` or `no_url_reason`, not both")
                }
                _ => {}
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
                no_url_reason,
                language: r.language.clone(),
                note: c.optional(&at, "note", &r.note),
                inferred: c.inferred(
                    &at,
                    &r.inferred,
                    &[
                        ("publisher", true),
                        ("published_on", r.published_on.is_some()),
                        ("kind", true),
                    ],
                ),
            });
        }
    }
    sources
}

pub(super) fn organizations(c: &mut Checker, files: &Files) -> Vec<Organization> {
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
                inferred: c.inferred(
                    &at,
                    &r.inferred,
                    &[("name", true), ("kind", true), ("parent", parent.is_some())],
                ),
                parent,
                note: c.optional(&at, "note", &r.note),
                sources: c.cites(&at, &r.sources),
            });
        }
    }
    organizations
}

pub(super) fn people(c: &mut Checker, files: &Files) -> Vec<Person> {
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
                    inferred: c.inferred(
                        &rat,
                        &role.inferred,
                        &[
                            ("title", true),
                            ("organization", role.organization.is_some()),
                        ],
                    ),
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
    people
}

pub(super) fn events(c: &mut Checker, files: &Files) -> Vec<Event> {
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
                // One organization may have several roles (invited and took part), each once.
                for o in list {
                    if orgs.iter().any(|(x, r)| x == o && r == role) {
                        c.report(&at, format!("organization `{o}` is listed twice as {role}"));
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
            let held_on = c.date(&at, "held_on", &e.held_on);
            let starts_at = c.time_of_day(&at, "starts_at", &e.starts_at);
            if starts_at.is_some() && held_on.is_none() {
                c.report(&at, "`starts_at` needs `held_on`: a time without a day");
            }
            events.push(Event {
                id: c.slug(&at, "id", &e.id),
                kind: c.one_of(&at, "kind", &e.kind, EVENT_KINDS),
                title: c.required(&at, "title", &e.title),
                held_on,
                starts_at,
                location: c.optional(&at, "location", &e.location),
                summary: c.optional(&at, "summary", &e.summary),
                note: c.optional(&at, "note", &e.note),
                inferred: c.inferred(
                    &at,
                    &e.inferred,
                    &[
                        ("title", true),
                        ("organizers", !e.organizers.is_empty()),
                        ("participants", !e.participants.is_empty()),
                        ("invited", !e.invited.is_empty()),
                    ],
                ),
                organizations: orgs,
                people: persons,
                sources: c.cites(&at, &e.sources),
            });
        }
    }
    events
}
