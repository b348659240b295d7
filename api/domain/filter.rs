//! Validated list filters, shared by REST and GraphQL. Raw strings stop here.

use chrono::NaiveDate;

use super::ids::{MunicipalityKey, Slug};
use super::period::parse_date;
use super::status::Status;

/// The filters of API.md. An empty list or `None` means "no filter".
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    /// Slugs and kommunkoder, as given (either matches).
    pub municipalities: Vec<String>,
    pub themes: Vec<String>,
    pub statuses: Vec<Status>,
    /// Calendar years a record's period touches.
    pub years: Vec<i32>,
    /// Records whose period contains this day.
    pub active_on: Option<NaiveDate>,
    /// Swedish full-text query.
    pub q: Option<String>,
    /// Activity statuses as they stood on this day (the latest status event on or before it)
    /// rather than today; `statuses` then filters on those.
    pub as_of: Option<NaiveDate>,
}

/// A filter value that is wrong, with the parameter it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FilterError {
    pub field: &'static str,
    pub message: String,
}

fn list(raw: &str) -> impl Iterator<Item = &str> {
    raw.split(',').map(str::trim)
}

fn err(field: &'static str, message: impl Into<String>) -> FilterError {
    FilterError {
        field,
        message: message.into(),
    }
}

const MAX_VALUES: usize = 300;
const MAX_QUERY_CHARS: usize = 200;

impl Filter {
    /// Parses one parameter into the filter; `get` yields the raw value of a parameter name.
    pub fn parse<'a>(get: impl Fn(&str) -> Option<&'a str>) -> Result<Filter, Vec<FilterError>> {
        let mut f = Filter::default();
        let mut errors = Vec::new();
        let mut values = |field: &'static str| -> Option<Vec<&'a str>> {
            let raw = get(field)?;
            let v: Vec<&str> = list(raw).collect();
            if v.iter().any(|s| s.is_empty()) {
                errors.push(err(
                    field,
                    "empty value; give comma-separated values without blanks",
                ));
                return None;
            }
            if v.len() > MAX_VALUES {
                errors.push(err(field, format!("at most {MAX_VALUES} values")));
                return None;
            }
            Some(v)
        };
        let municipalities = values("municipality");
        let themes = values("theme");
        let statuses = values("status");
        let years = values("year");
        let mut errors_2 = Vec::new();
        for m in municipalities.into_iter().flatten() {
            match MunicipalityKey::parse(m) {
                Ok(_) => f.municipalities.push(m.to_owned()),
                Err(e) => errors_2.push(err("municipality", e)),
            }
        }
        for t in themes.into_iter().flatten() {
            if t.split('_')
                .all(|w| !w.is_empty() && w.bytes().all(|b| b.is_ascii_lowercase()))
            {
                f.themes.push(t.to_owned());
            } else {
                errors_2.push(err(
                    "theme",
                    format!("`{t}` is not a theme code (like `traffic_safety`; see /v1/themes)"),
                ));
            }
        }
        for s in statuses.into_iter().flatten() {
            match s.parse::<Status>() {
                Ok(st) => f.statuses.push(st),
                Err(e) => errors_2.push(err("status", e)),
            }
        }
        for y in years.into_iter().flatten() {
            match y.parse::<i32>() {
                Ok(n) if (1900..=2200).contains(&n) && y.len() == 4 => f.years.push(n),
                _ => errors_2.push(err("year", format!("`{y}` is not a year like 2023"))),
            }
        }
        if let Some(d) = get("active_on") {
            match parse_date(d) {
                Ok(d) => f.active_on = Some(d),
                Err(e) => errors_2.push(err("active_on", e)),
            }
        }
        if let Some(d) = get("as_of") {
            match parse_date(d) {
                Ok(d) => f.as_of = Some(d),
                Err(e) => errors_2.push(err("as_of", e)),
            }
        }
        if let Some(q) = get("q") {
            let q = q.trim();
            if q.is_empty() {
                errors_2.push(err("q", "empty search; give some words"));
            } else if q.chars().count() > MAX_QUERY_CHARS {
                errors_2.push(err("q", format!("at most {MAX_QUERY_CHARS} characters")));
            } else {
                f.q = Some(q.to_owned());
            }
        }
        errors.extend(errors_2);
        if errors.is_empty() {
            Ok(f)
        } else {
            Err(errors)
        }
    }

    pub fn municipalities_or_none(&self) -> Option<Vec<String>> {
        (!self.municipalities.is_empty()).then(|| self.municipalities.clone())
    }

    pub fn themes_or_none(&self) -> Option<Vec<String>> {
        (!self.themes.is_empty()).then(|| self.themes.clone())
    }

    pub fn statuses_or_none(&self) -> Option<Vec<String>> {
        (!self.statuses.is_empty()).then(|| {
            self.statuses
                .iter()
                .map(|s| s.as_str().to_owned())
                .collect()
        })
    }

    pub fn years_or_none(&self) -> Option<Vec<i32>> {
        (!self.years.is_empty()).then(|| self.years.clone())
    }
}

/// A record id in a URL: `solvesborg-2022-2023`, or `solvesborg-2022-2023/f2` for children.
pub fn parse_record_id(s: &str) -> Result<String, String> {
    let (parent, child) = match s.split_once('/') {
        Some((p, c)) => (p, Some(c)),
        None => (s, None),
    };
    Slug::parse(parent)?;
    if let Some(c) = child {
        let ok = c.len() >= 2
            && (c.starts_with('f') || c.starts_with('a'))
            && c[1..].bytes().all(|b| b.is_ascii_digit());
        if !ok {
            return Err(format!(
                "`{s}` is not an id: children are `<parent>/f<n>` or `<parent>/a<n>`"
            ));
        }
    }
    Ok(s.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn parse(pairs: &[(&str, &str)]) -> Result<Filter, Vec<FilterError>> {
        let m: HashMap<String, String> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        Filter::parse(|k| m.get(k).map(String::as_str))
    }

    #[test]
    fn parses_lists() {
        let f = parse(&[
            ("municipality", "falkenberg,1083"),
            ("status", "completed,unknown"),
            ("year", "2022"),
            ("as_of", "2022-09-01"),
        ])
        .unwrap();
        assert_eq!(f.as_of, NaiveDate::from_ymd_opt(2022, 9, 1));
        assert_eq!(f.municipalities, ["falkenberg", "1083"]);
        assert_eq!(f.statuses, [Status::Completed, Status::Unknown]);
        assert_eq!(f.years, [2022]);
    }

    #[test]
    fn refuses_bad_values_naming_the_field() {
        for (k, v) in [
            ("status", "done"),
            ("year", "22"),
            ("active_on", "2022-13-01"),
            ("as_of", "2022-02-30"),
            ("as_of", "2022-6-1"),
            ("theme", "Traffic"),
            ("municipality", "Sölvesborg"),
            ("q", " "),
            ("status", "completed,"),
        ] {
            let e = parse(&[(k, v)]).unwrap_err();
            assert_eq!(e[0].field, k, "{k}={v}");
        }
    }

    #[test]
    fn record_ids() {
        assert!(parse_record_id("solvesborg-2022-2023/f2").is_ok());
        assert!(parse_record_id("solvesborg-2022-2023/a10").is_ok());
        assert!(parse_record_id("solvesborg-2022-2023/x1").is_err());
        assert!(parse_record_id("Solvesborg").is_err());
        assert!(parse_record_id("a/f").is_err());
    }
}
