//! Strict query strings: every parameter known, every value checked, nothing silently ignored.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;

use super::problem::{ApiError, FieldError};

pub const DEFAULT_LIMIT: u32 = 50;
pub const MAX_LIMIT: u32 = 500;

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
            let names: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
            return Err(ApiError::BadRequest {
                detail: format!("bad parameters: {}", names.join(", ")),
                errors,
            });
        }
        Ok(Params { pairs })
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
}

/// Keyset pagination: how many, and after which sort key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page {
    pub limit: u32,
    pub after: Option<String>,
}

impl Page {
    pub fn from_params(p: &Params) -> Result<Page, ApiError> {
        let limit = match p.get("limit") {
            None => DEFAULT_LIMIT,
            Some(v) => match v.parse::<u32>() {
                Ok(n) if (1..=MAX_LIMIT).contains(&n) => n,
                _ => {
                    return Err(ApiError::bad_param(
                        "limit",
                        format!("`{v}` is not a whole number from 1 to {MAX_LIMIT}"),
                    ))
                }
            },
        };
        let after = p.get("cursor").map(decode_cursor).transpose()?;
        Ok(Page { limit, after })
    }
}

const CURSOR_PREFIX: &str = "k1:";

/// Cursors are opaque to clients: a versioned, encoded sort key.
pub fn encode_cursor(key: &str) -> String {
    URL_SAFE_NO_PAD.encode(format!("{CURSOR_PREFIX}{key}"))
}

pub fn decode_cursor(cursor: &str) -> Result<String, ApiError> {
    let bad = || {
        ApiError::bad_param(
            "cursor",
            "not a cursor this service issued; take `next_cursor` from a response",
        )
    };
    let bytes = URL_SAFE_NO_PAD.decode(cursor).map_err(|_| bad())?;
    let text = String::from_utf8(bytes).map_err(|_| bad())?;
    text.strip_prefix(CURSOR_PREFIX)
        .map(str::to_owned)
        .ok_or_else(bad)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_round_trip_and_reject_forgeries() {
        let c = encode_cursor("solvesborg-2022-2023/a3");
        assert_eq!(decode_cursor(&c).unwrap(), "solvesborg-2022-2023/a3");
        assert!(decode_cursor("not base64!").is_err());
        assert!(decode_cursor(&URL_SAFE_NO_PAD.encode("falkenberg")).is_err());
    }

    #[test]
    fn params_are_strict() {
        assert!(Params::parse("limit=5", &["limit"]).is_ok());
        assert!(Params::parse("limt=5", &["limit"]).is_err());
        assert!(Params::parse("limit=5&limit=6", &["limit"]).is_err());
        let p = Params::parse("limit=0", &["limit"]).unwrap();
        assert!(Page::from_params(&p).is_err());
        let p = Params::parse("limit=501", &["limit"]).unwrap();
        assert!(Page::from_params(&p).is_err());
        let p = Params::parse("limit=500&cursor=x", &["limit", "cursor"]).unwrap();
        assert!(Page::from_params(&p).is_err());
        let p = Params::parse("limit=2", &["limit", "cursor"]).unwrap();
        assert_eq!(p.with("cursor", "abc"), "limit=2&cursor=abc");
    }
}
