//! Single fields: required and optional text, ids, dates, periods, enumerations, the version.

use chrono::{Datelike, NaiveDate, NaiveTime};

use super::{At, Checker};
use crate::dataset::files::PeriodRecord;
use crate::domain::period::parse_date;
use crate::domain::{Period, Slug};

impl Checker<'_> {
    pub(super) fn report(&mut self, at: &At, message: impl AsRef<str>) {
        let message = if at.what.is_empty() {
            message.as_ref().to_owned()
        } else {
            format!("{}: {}", at.what, message.as_ref())
        };
        self.problems
            .push(at.src.problem_at(Some(at.offset), message));
    }

    pub(super) fn required(&mut self, at: &At, field: &str, value: &str) -> String {
        if value.trim().is_empty() {
            self.report(at, format!("`{field}` must not be empty"));
        }
        self.private(at, field, value);
        value.to_owned()
    }

    pub(super) fn optional(
        &mut self,
        at: &At,
        field: &str,
        value: &Option<String>,
    ) -> Option<String> {
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

    pub(super) fn slug(&mut self, at: &At, field: &str, value: &str) -> String {
        if let Err(e) = Slug::parse(value) {
            self.report(at, format!("`{field}`: {e}"));
        }
        value.to_owned()
    }

    pub(super) fn date(
        &mut self,
        at: &At,
        field: &str,
        value: &Option<String>,
    ) -> Option<NaiveDate> {
        let v = value.as_deref()?;
        match parse_date(v) {
            Ok(d) => Some(d),
            Err(e) => {
                self.report(at, format!("`{field}`: {e}"));
                None
            }
        }
    }

    /// A local time of day, `HH:MM`.
    pub(super) fn time_of_day(
        &mut self,
        at: &At,
        field: &str,
        value: &Option<String>,
    ) -> Option<NaiveTime> {
        let v = value.as_deref()?;
        match NaiveTime::parse_from_str(v, "%H:%M") {
            Ok(t) if v.len() == 5 => Some(t),
            _ => {
                self.report(
                    at,
                    format!("`{field}` is `{v}`; expected HH:MM, like `08:30`"),
                );
                None
            }
        }
    }

    pub(super) fn period(&mut self, at: &At, value: &Option<PeriodRecord>) -> Option<Period> {
        let p = value.as_ref()?;
        match Period::parse(&p.start, &p.end) {
            Ok(p) => Some(p),
            Err(e) => {
                self.report(at, format!("`period`: {e}"));
                None
            }
        }
    }

    pub(super) fn one_of(&mut self, at: &At, field: &str, value: &str, allowed: &[&str]) -> String {
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

    /// An agreement's or pledge's id names its years: `<municipality>-<first>-<last>` or
    /// `<municipality>-<year>` must agree with `period`, and `<municipality>-undated-<n>` has none.
    pub(super) fn id_years(
        &mut self,
        at: &At,
        municipality: &str,
        id: &str,
        period: Option<&Period>,
    ) {
        // A wrong prefix is reported where the id is checked.
        let Some(rest) = id.strip_prefix(&format!("{municipality}-")) else {
            return;
        };
        let year = |s: &str| {
            (s.len() == 4 && s.bytes().all(|b| b.is_ascii_digit()))
                .then(|| s.parse::<i32>().ok())
                .flatten()
        };
        let parts: Vec<&str> = rest.split('-').collect();
        let years = match parts[..] {
            ["undated", n] if n.parse::<u32>().is_ok() => {
                if let Some(p) = period {
                    self.report(at, format!("`id` says undated, but `period` is {p}"));
                }
                return;
            }
            [y] => year(y).map(|y| (y, y)),
            [a, b] => year(a).zip(year(b)),
            _ => None,
        };
        let Some((first, last)) = years else {
            self.report(
                at,
                format!(
                    "`id` must be `{municipality}-<first year>-<last year>`, \
                     `{municipality}-<year>` or `{municipality}-undated-<n>`"
                ),
            );
            return;
        };
        let named = if first == last {
            first.to_string()
        } else {
            format!("{first}–{last}")
        };
        match period {
            None => self.report(
                at,
                format!("`id` names {named}, but there is no `period` to agree with it"),
            ),
            Some(p) if (p.start.year(), p.end.year()) != (first, last) => {
                self.report(at, format!("`id` names {named}, but `period` is {p}"))
            }
            Some(_) => {}
        }
    }
}

pub(super) fn version_ok(v: &str) -> bool {
    let parts: Vec<&str> = v.split('.').collect();
    parts.len() == 3
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
}
