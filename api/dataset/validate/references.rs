//! References between records: ids defined once, sources cited, organizations and people named,
//! and organizations ordered parents first.

use std::collections::{HashMap, HashSet};

use super::{At, Checker};
use crate::dataset::load::{Files, Problem, SourceText};
use crate::dataset::model::Organization;

impl Checker<'_> {
    pub(super) fn cites(&mut self, at: &At, sources: &[String]) -> Vec<String> {
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

    pub(super) fn organization(
        &mut self,
        at: &At,
        field: &str,
        id: &str,
        kind: Option<&str>,
    ) -> String {
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

    pub(super) fn person(&mut self, at: &At, field: &str, id: &str) -> String {
        if !self.people.contains(id) {
            self.report(
                at,
                format!("`{field}` names `{id}`, which is not in people.toml"),
            );
        }
        id.to_owned()
    }
}

/// Collects every id, reporting the ones defined twice.
pub(super) fn collect_ids(c: &mut Checker, files: &Files) {
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
    c.problems.extend(ids_shared_across_kinds(files));
}

/// Ids are global: GraphQL's `node(id:)` finds any record by its id alone, so no two kinds of
/// record may share one (a kind's own duplicates are reported above). Focus areas and activities
/// have ids of their own form (`…/f1`, `…/a1`), which no other kind can take.
fn ids_shared_across_kinds<'a>(files: &'a Files) -> Vec<Problem> {
    let mut seen: HashMap<&'a str, &'static str> = HashMap::new();
    let mut problems = Vec::new();
    let mut check = |src: &SourceText, offset: usize, id: &'a str, kind: &'static str| match seen
        .get(id)
    {
        Some(other) if *other != kind => problems.push(src.problem_at(
            Some(offset),
            format!("{kind} `{id}` has the id of a {other}; ids are unique across kinds of record"),
        )),
        Some(_) => {}
        None => {
            seen.insert(id, kind);
        }
    };
    for (src, f) in &files.sources {
        for r in &f.source {
            check(src, r.span().start, &r.get_ref().id, "source");
        }
    }
    for (src, f) in &files.themes {
        for r in &f.theme {
            check(src, r.span().start, &r.get_ref().code, "theme");
        }
    }
    for (src, f) in &files.organizations {
        for r in &f.organization {
            check(src, r.span().start, &r.get_ref().id, "organization");
        }
    }
    for (src, f) in &files.people {
        for r in &f.person {
            check(src, r.span().start, &r.get_ref().id, "person");
        }
    }
    for (src, f) in &files.events {
        for r in &f.event {
            check(src, r.span().start, &r.get_ref().id, "event");
        }
    }
    for (src, f) in &files.statements {
        for r in &f.statement {
            check(src, r.span().start, &r.get_ref().id, "statement");
        }
    }
    for (src, f) in &files.municipalities {
        let m = &f.municipality;
        check(src, m.span().start, &m.get_ref().id, "organization");
        for r in &f.agreement {
            check(src, r.span().start, &r.get_ref().id, "agreement or pledge");
        }
        for r in &f.pledge {
            check(src, r.span().start, &r.get_ref().id, "agreement or pledge");
        }
    }
    problems
}

/// Orders organizations so that a parent comes before its children; a cycle is an error.
pub(super) fn parents_first(orgs: Vec<Organization>) -> Result<Vec<Organization>, Vec<String>> {
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
