//! Strict query strings: every parameter known, every value checked, nothing silently ignored.

use chrono::NaiveDate;

use super::problem::{ApiError, FieldError};
use crate::domain::filter::{Filter, FilterError};
use crate::http::cursor::{self, CursorError};

pub const DEFAULT_LIMIT: u32 = 50;
pub const MAX_LIMIT: u32 = 500;

/// Parameters every list accepts besides its filters.
pub const LIST_PARAMS: &[&str] = &["limit", "cursor", "sort", "format", "excel"];

/// A parsed query string, checked against the parameters an endpoint accepts.
#[derive(Debug)]
pub struct Params {
    pairs: Vec<(String, String)>,
}

impl Params {
    pub fn parse(query: &str, allowed: &[&str]) -> Result<Params, ApiError> {
        let pairs: Vec<(String, String)> =
            serde_urlencoded::from_str(query).map_err(|e| ApiError::BadRequest {
                detail: format!("the query string is malformed: {e}"),
                errors: vec![],
            })?;
        let mut errors = Vec::new();
        for (i, (k, _)) in pairs.iter().enumerate() {
            if !allowed.contains(&k.as_str()) {
                let expected = if allowed.is_empty() {
                    "none".to_owned()
                } else {
                    allowed.join(", ")
                };
                errors.push(FieldError {
                    field: k.clone(),
                    message: format!("unknown parameter; this endpoint accepts: {expected}"),
                });
            } else if pairs[..i].iter().any(|(p, _)| p == k) {
                errors.push(FieldError {
                    field: k.clone(),
                    message: "given twice; give it once (several values are comma-separated)"
                        .into(),
                });
            }
        }
        if !errors.is_empty() {
            return Err(bad_request(errors));
        }
        Ok(Params { pairs })
    }

    /// Parses for a list endpoint: its filters, `include` values if any, and the list parameters.
    pub fn parse_list(
        query: &str,
        filters: &[&str],
        includes: &[&str],
    ) -> Result<Params, ApiError> {
        let mut allowed: Vec<&str> = LIST_PARAMS.to_vec();
        allowed.extend_from_slice(filters);
        if !includes.is_empty() {
            allowed.push("include");
        }
        Params::parse(query, &allowed)
    }

    pub fn get(&self, key: &str) -> Option<&str> {
        self.pairs
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    /// The query string with `key` set to `value` (or added), for `Link` headers.
    pub fn with(&self, key: &str, value: &str) -> String {
        let mut pairs: Vec<(&str, &str)> = self
            .pairs
            .iter()
            .filter(|(k, _)| k != key)
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        pairs.push((key, value));
        serde_urlencoded::to_string(pairs).unwrap_or_default()
    }

    /// The filters of API.md, from this query string.
    pub fn filter(&self) -> Result<Filter, ApiError> {
        Filter::parse(|k| self.get(k)).map_err(|errors: Vec<FilterError>| {
            bad_request(
                errors
                    .into_iter()
                    .map(|e| FieldError {
                        field: e.field.to_owned(),
                        message: e.message,
                    })
                    .collect(),
            )
        })
    }

    /// `as_of`, the day activity statuses are given for, on a record endpoint (lists have it in
    /// their filter).
    pub fn as_of(&self) -> Result<Option<NaiveDate>, ApiError> {
        Ok(self.filter()?.as_of)
    }

    /// Which of `allowed` the `include` parameter names.
    pub fn include(&self, allowed: &[&str]) -> Result<Include, ApiError> {
        let mut inc = Include::default();
        let Some(raw) = self.get("include") else {
            return Ok(inc);
        };
        for v in raw.split(',').map(str::trim) {
            if !allowed.contains(&v) {
                return Err(ApiError::bad_param(
                    "include",
                    format!(
                        "`{v}` cannot be included here; choose from: {}",
                        allowed.join(", ")
                    ),
                ));
            }
            match v {
                "focus_areas" => inc.focus_areas = true,
                "activities" => inc.activities = true,
                "sources" => inc.sources = true,
                "statements" => inc.statements = true,
                _ => {}
            }
        }
        Ok(inc)
    }

    /// `format` and `excel`, with `Accept: text/csv` as a fallback for `format`.
    pub fn format(&self, accept: Option<&str>) -> Result<Format, ApiError> {
        let format = match self.get("format") {
            Some("json") => Format::Json,
            Some("csv") => Format::Csv { excel: false },
            Some(other) => {
                return Err(ApiError::bad_param(
                    "format",
                    format!("`{other}` is not a format; use json or csv"),
                ))
            }
            None if accept.is_some_and(accepts_csv) => Format::Csv { excel: false },
            None => Format::Json,
        };
        match (self.get("excel"), format) {
            (None | Some("false"), f) => Ok(f),
            (Some("true"), Format::Csv { .. }) => Ok(Format::Csv { excel: true }),
            (Some("true"), Format::Json) => {
                Err(ApiError::bad_param("excel", "only with format=csv"))
            }
            (Some(other), _) => Err(ApiError::bad_param(
                "excel",
                format!("`{other}` is not true or false"),
            )),
        }
    }
}

fn accepts_csv(accept: &str) -> bool {
    accept.split(',').any(|part| {
        part.split(';')
            .next()
            .is_some_and(|t| t.trim().eq_ignore_ascii_case("text/csv"))
    })
}

/// A 400 naming every bad parameter.
pub fn bad_request(errors: Vec<FieldError>) -> ApiError {
    let names: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
    ApiError::BadRequest {
        detail: format!("bad parameters: {}", names.join(", ")),
        errors,
    }
}

/// Related records to return inline.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Include {
    pub focus_areas: bool,
    pub activities: bool,
    pub sources: bool,
    pub statements: bool,
}

/// The representation asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Json,
    /// `excel`: a BOM and `;` as separator, as Swedish Excel expects.
    Csv {
        excel: bool,
    },
}

/// A sort order: one of an endpoint's fields, ascending or (with a leading `-`) descending.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sort {
    pub field: &'static str,
    pub descending: bool,
}

impl Sort {
    pub fn name(&self) -> String {
        format!("{}{}", if self.descending { "-" } else { "" }, self.field)
    }
}

/// Keyset pagination: how many, in which order, after which record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page {
    pub limit: u32,
    pub sort: Sort,
    /// The sort key and id of the last record of the previous page.
    pub after: Option<(String, String)>,
}

impl Page {
    /// `sorts` are the fields an endpoint sorts by; the first is the default.
    pub fn from_params(p: &Params, sorts: &[&'static str]) -> Result<Page, ApiError> {
        let limit = match p.get("limit") {
            None => DEFAULT_LIMIT,
            // Digits only: `+5` and ` 5` are not whole numbers as the documentation writes them.
            Some(v) => match v
                .parse::<u32>()
                .ok()
                .filter(|_| v.bytes().all(|b| b.is_ascii_digit()))
            {
                Some(n) if (1..=MAX_LIMIT).contains(&n) => n,
                _ => {
                    return Err(ApiError::bad_param(
                        "limit",
                        format!("`{v}` is not a whole number from 1 to {MAX_LIMIT}"),
                    ))
                }
            },
        };
        let sort = match p.get("sort") {
            None => Sort {
                field: sorts.first().copied().unwrap_or("id"),
                descending: false,
            },
            Some(raw) => {
                let (descending, name) = match raw.strip_prefix('-') {
                    Some(n) => (true, n),
                    None => (false, raw),
                };
                let field = sorts.iter().find(|s| **s == name).copied().ok_or_else(|| {
                    ApiError::bad_param(
                        "sort",
                        format!("`{raw}` is not a sort order here; choose from {} (prefix `-` to reverse)", sorts.join(", ")),
                    )
                })?;
                Sort { field, descending }
            }
        };
        let after = match p.get("cursor") {
            None => None,
            Some(c) => match cursor::decode(c, &sort.name()) {
                Ok(p) => Some((p.key, p.id)),
                Err(CursorError::OtherOrder(order)) => {
                    return Err(ApiError::bad_param(
                        "cursor",
                        format!(
                            "this cursor belongs to sort={order}; keep the sort of the first page"
                        ),
                    ))
                }
                Err(CursorError::Forged) => {
                    return Err(ApiError::bad_param(
                        "cursor",
                        "not a cursor this service issued; take `next_cursor` from a response",
                    ))
                }
            },
        };
        Ok(Page { limit, sort, after })
    }

    /// The cursor after a page of `len` rows whose last row has this sort key and id.
    pub fn next_cursor(&self, len: usize, last: Option<(&str, &str)>) -> Option<String> {
        if len < self.limit as usize {
            return None;
        }
        let (k, i) = last?;
        Some(cursor::encode(&self.sort.name(), k, i))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(q: &str) -> Result<Page, ApiError> {
        Page::from_params(
            &Params::parse(q, &["limit", "cursor", "sort"]).unwrap(),
            &["id", "title"],
        )
    }

    #[test]
    fn cursors_round_trip_and_reject_forgeries() {
        let p = page("limit=1").unwrap();
        let c = p
            .next_cursor(1, Some(("k", "solvesborg-2022-2023/a3")))
            .unwrap();
        let again = page(&format!("limit=1&cursor={c}")).unwrap();
        assert_eq!(
            again.after,
            Some(("k".into(), "solvesborg-2022-2023/a3".into()))
        );
        assert!(page("cursor=bogus").is_err());
        assert!(page("cursor=c2.e30").is_err());
        assert!(
            page(&format!("sort=-title&cursor={c}")).is_err(),
            "a cursor is bound to its sort"
        );
        assert_eq!(p.next_cursor(0, None), None);
    }

    #[test]
    fn params_are_strict() {
        assert!(Params::parse("limit=5", &["limit"]).is_ok());
        assert!(Params::parse("limt=5", &["limit"]).is_err());
        assert!(Params::parse("limit=5&limit=6", &["limit"]).is_err());
        assert!(page("limit=0").is_err());
        assert!(page("limit=501").is_err());
        assert!(page("limit=+5").is_err());
        assert!(page("sort=name").is_err());
        assert_eq!(
            page("sort=-title").unwrap().sort,
            Sort {
                field: "title",
                descending: true
            }
        );
        let p = Params::parse("limit=2", &["limit", "cursor"]).unwrap();
        assert_eq!(p.with("cursor", "abc"), "limit=2&cursor=abc");
    }

    #[test]
    fn formats() {
        let p = |q: &str| Params::parse(q, LIST_PARAMS).unwrap();
        assert_eq!(p("").format(None).unwrap(), Format::Json);
        assert_eq!(
            p("").format(Some("text/csv;q=0.9, */*")).unwrap(),
            Format::Csv { excel: false }
        );
        assert_eq!(
            p("format=csv&excel=true").format(None).unwrap(),
            Format::Csv { excel: true }
        );
        assert!(p("excel=true").format(None).is_err());
        assert!(p("format=xml").format(None).is_err());
    }
}
