//! What people said (`statements.toml`), and the `inferred` marks every kind of record may carry.

use std::collections::{HashMap, HashSet};

use super::{At, Checker};
use crate::dataset::files::{Inferred, PersonRecord};
use crate::dataset::load::Files;
use crate::dataset::model::{About, Inference, Statement};

/// The longest quotation kept: a statement quotes the point, not the text around it.
pub const QUOTE_MAX_CHARS: usize = 300;
/// The longest reason an `inferred` entry gives; the record's note holds the long account.
const REASON_MAX_CHARS: usize = 300;

impl Checker<'_> {
    /// An `inferred` table: each field one the record kind may mark (`allowed`: field, whether the
    /// record has a value for it), each reason given. Kept in field order.
    pub(super) fn inferred(
        &mut self,
        at: &At,
        inferred: &Inferred,
        allowed: &[(&str, bool)],
    ) -> Vec<Inference> {
        let mut out = Vec::new();
        for (field, reason) in inferred {
            match allowed.iter().find(|(f, _)| f == field) {
                None => {
                    let names: Vec<&str> = allowed.iter().map(|(f, _)| *f).collect();
                    self.report(
                        at,
                        format!(
                            "`inferred` names `{field}`, which cannot be marked here; choose from: {}",
                            names.join(", ")
                        ),
                    );
                }
                Some((_, false)) => self.report(
                    at,
                    format!("`inferred` marks `{field}`, which has no value: only a value can be a judgement"),
                ),
                Some(_) => {}
            }
            let reason = self.required(at, &format!("inferred.{field}"), reason);
            if reason.chars().count() > REASON_MAX_CHARS {
                self.report(
                    at,
                    format!("`inferred.{field}` is longer than {REASON_MAX_CHARS} characters; the note is the place for more"),
                );
            }
            out.push(Inference {
                field: field.clone(),
                reason: reason.trim().to_owned(),
            });
        }
        out
    }
}

/// Every record a statement may be about: public id → (kind, municipality).
fn about_targets(files: &Files) -> HashMap<String, (About, String)> {
    let mut out = HashMap::new();
    for (_, f) in &files.municipalities {
        let m = &f.municipality.get_ref().id;
        for a in &f.agreement {
            let a = a.get_ref();
            out.insert(a.id.clone(), (About::Agreement, m.clone()));
            for fa in &a.focus_area {
                let id = format!("{}/{}", a.id, fa.get_ref().id);
                out.insert(id, (About::FocusArea, m.clone()));
            }
        }
        for p in &f.pledge {
            let p = p.get_ref();
            out.insert(p.id.clone(), (About::Pledge, m.clone()));
            for fa in &p.focus_area {
                let id = format!("{}/{}", p.id, fa.get_ref().id);
                out.insert(id, (About::FocusArea, m.clone()));
            }
            for x in &p.activity {
                let id = format!("{}/{}", p.id, x.get_ref().id);
                out.insert(id, (About::Activity, m.clone()));
            }
        }
    }
    out
}

pub(super) fn statements(c: &mut Checker, files: &Files) -> Vec<Statement> {
    let targets = about_targets(files);
    let people: HashMap<&str, &PersonRecord> = files
        .people
        .iter()
        .flat_map(|(_, f)| {
            f.person
                .iter()
                .map(|p| (p.get_ref().id.as_str(), p.get_ref()))
        })
        .collect();
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    for (src, f) in &files.statements {
        for r in &f.statement {
            let s = r.get_ref();
            let at = At {
                src,
                offset: r.span().start,
                what: format!("statement `{}`", s.id),
            };
            if !seen.insert(s.id.clone()) {
                c.report(&at, "defined twice");
            }
            let id = c.slug(&at, "id", &s.id);
            let person = c.person(&at, "person", &s.person);
            let role = c.required(&at, "role", &s.role);
            let organization = s
                .organization
                .as_ref()
                .map(|o| c.organization(&at, "organization", o, None));
            let quote = c.required(&at, "quote", &s.quote);
            if quote.chars().count() > QUOTE_MAX_CHARS {
                c.report(
                    &at,
                    format!("`quote` is longer than {QUOTE_MAX_CHARS} characters: quote the point, not the text"),
                );
            }
            if !c.sources.contains(&s.source) {
                c.report(
                    &at,
                    format!(
                        "`source` names `{}`, which is not in sources.toml",
                        s.source
                    ),
                );
            }
            // The role is the speaker's title in that source, as people.toml records it.
            if let Some(p) = people.get(s.person.as_str()) {
                let titled = p
                    .role
                    .iter()
                    .map(|r| r.get_ref())
                    .find(|r| r.title == s.role && r.sources.contains(&s.source));
                match titled {
                    None => c.report(
                        &at,
                        format!(
                            "`role` `{}` is not a title people.toml gives `{}` in source `{}`",
                            s.role, s.person, s.source
                        ),
                    ),
                    Some(r) if r.organization.is_some() && r.organization != s.organization => c
                        .report(
                            &at,
                            format!(
                                "`organization` must be the role's own, `{}`",
                                r.organization.as_deref().unwrap_or_default()
                            ),
                        ),
                    Some(_) => {}
                }
            }
            let Some((kind, municipality)) = targets.get(&s.about).cloned() else {
                c.report(
                    &at,
                    format!(
                        "`about` names `{}`, which is no agreement, pledge, focus area or activity",
                        s.about
                    ),
                );
                continue;
            };
            out.push(Statement {
                id,
                person,
                role,
                organization,
                about: (kind, s.about.clone()),
                municipality,
                quote: quote.trim().to_owned(),
                source: s.source.clone(),
                note: c.optional(&at, "note", &s.note),
            });
        }
    }
    out
}
