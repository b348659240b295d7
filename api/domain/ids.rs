use std::fmt;

/// A readable public id segment: lower-case ASCII letters and digits, words joined by `-`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Slug(String);

impl Slug {
    pub fn parse(s: &str) -> Result<Slug, String> {
        let ok = !s.is_empty()
            && s.split('-').all(|w| {
                !w.is_empty()
                    && w.bytes()
                        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
            });
        if ok {
            Ok(Slug(s.to_owned()))
        } else {
            Err(format!(
                "`{s}` is not a valid id: use lower-case ASCII letters and digits, words joined by `-`"
            ))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Slug {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// True for an SCB kommunkod: exactly four ASCII digits.
pub fn is_kommunkod(s: &str) -> bool {
    s.len() == 4 && s.bytes().all(|b| b.is_ascii_digit())
}

/// True for an SCB länskod: exactly two ASCII digits.
pub fn is_county_code(s: &str) -> bool {
    s.len() == 2 && s.bytes().all(|b| b.is_ascii_digit())
}

/// How a URL names a municipality: by slug (`solvesborg`) or by kommunkod (`1083`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MunicipalityKey {
    Slug(Slug),
    Code(String),
}

impl MunicipalityKey {
    pub fn parse(s: &str) -> Result<MunicipalityKey, String> {
        if is_kommunkod(s) {
            Ok(MunicipalityKey::Code(s.to_owned()))
        } else {
            Slug::parse(s).map(MunicipalityKey::Slug).map_err(|_| {
                format!("`{s}` is neither a municipality id (like `solvesborg`) nor a kommunkod (like `1083`)")
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs() {
        assert!(Slug::parse("solvesborg-2022-2023").is_ok());
        for bad in ["", "-a", "a-", "a--b", "Sölvesborg", "a b", "a_b"] {
            assert!(Slug::parse(bad).is_err(), "{bad:?} accepted");
        }
    }

    #[test]
    fn municipality_keys() {
        assert_eq!(
            MunicipalityKey::parse("1083"),
            Ok(MunicipalityKey::Code("1083".into()))
        );
        assert!(matches!(
            MunicipalityKey::parse("solvesborg"),
            Ok(MunicipalityKey::Slug(_))
        ));
        assert!(
            MunicipalityKey::parse("108").is_ok(),
            "a short number is a slug, and simply not found"
        );
        assert!(MunicipalityKey::parse("Sölvesborg").is_err());
    }
}
