//! `postgres://` URLs: where the database name goes, and hiding passwords in messages.

use super::SUPERUSER;

/// A `postgres://` URL split where the database name goes.
#[derive(Debug, Clone)]
pub(super) struct PgUrl {
    /// `postgres://user:password@host:port`
    pub(super) head: String,
    /// Percent-decoded database from the path, if any.
    pub(super) path_database: Option<String>,
    /// Query string without the `?`.
    pub(super) query: Option<String>,
}

impl PgUrl {
    pub(super) fn parse(url: &str) -> Result<PgUrl, &'static str> {
        let scheme_len = ["postgres://", "postgresql://"]
            .iter()
            .find(|scheme| {
                url.len() >= scheme.len() && url[..scheme.len()].eq_ignore_ascii_case(scheme)
            })
            .map(|scheme| scheme.len())
            .ok_or("expected a URL like postgres://user:password@host:5432/database")?;
        let rest = &url[scheme_len..];
        let (rest, query) = match rest.split_once('?') {
            Some((rest, query)) => (rest, Some(query.to_string())),
            None => (rest, None),
        };
        let (authority, path) = match rest.split_once('/') {
            Some((authority, path)) => (authority, path),
            None => (rest, ""),
        };
        if path.contains('/') {
            return Err("the path must be just the database name");
        }
        let path_database = Some(percent_decode(path)).filter(|name| !name.is_empty());
        Ok(PgUrl {
            head: url[..scheme_len + authority.len()].to_string(),
            path_database,
            query,
        })
    }

    /// The database the URL itself names, as libpq picks it: `dbname` in the query overrides the
    /// path; without either, the user name; without that, `postgres`.
    pub(super) fn own_database(&self) -> String {
        if let Some(name) = self.query_param("dbname").filter(|name| !name.is_empty()) {
            return name;
        }
        if let Some(name) = &self.path_database {
            return name.clone();
        }
        let authority = &self.head[self.head.find("://").map_or(0, |i| i + 3)..];
        match authority.rsplit_once('@') {
            Some((userinfo, _)) => {
                let user = percent_decode(userinfo.split(':').next().unwrap_or(""));
                if user.is_empty() {
                    SUPERUSER.to_string()
                } else {
                    user
                }
            }
            None => SUPERUSER.to_string(),
        }
    }

    fn query_param(&self, key: &str) -> Option<String> {
        self.query
            .as_deref()?
            .split('&')
            .rev()
            .find_map(|pair| match pair.split_once('=') {
                Some((k, v)) if k == key => Some(percent_decode(v)),
                _ => None,
            })
    }

    pub(super) fn with_database(&self, name: &str) -> String {
        let encoded = percent_encode(name);
        let mut url = format!("{}/{}", self.head, encoded);
        if let Some(query) = &self.query {
            let query: Vec<String> = query
                .split('&')
                .map(|pair| match pair.split_once('=') {
                    Some(("dbname", _)) => format!("dbname={encoded}"),
                    _ => pair.to_string(),
                })
                .collect();
            url.push('?');
            url.push_str(&query.join("&"));
        }
        url
    }

    /// [`PgUrl::with_database`] with any password hidden, for messages.
    pub(super) fn redacted(&self, name: &str) -> String {
        redact_url(&self.with_database(name))
    }
}

/// Hide the password of a URL (userinfo and `password=` query parameter).
pub(super) fn redact_url(url: &str) -> String {
    let mut out = url.to_string();
    if let Some(start) = out.find("://").map(|i| i + 3) {
        let end = out[start..]
            .find(['/', '?'])
            .map_or(out.len(), |i| start + i);
        if let Some(at) = out[start..end].rfind('@').map(|i| start + i) {
            if let Some(colon) = out[start..at].find(':').map(|i| start + i) {
                out.replace_range(colon + 1..at, "***");
            }
        }
    }
    if let Some((head, query)) = out.split_once('?') {
        let query: Vec<String> = query
            .split('&')
            .map(|pair| {
                if pair.starts_with("password=") {
                    "password=***".to_string()
                } else {
                    pair.to_string()
                }
            })
            .collect();
        out = format!("{head}?{}", query.join("&"));
    }
    out
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok());
        match (bytes[i], hex.and_then(|h| u8::from_str_radix(h, 16).ok())) {
            (b'%', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (byte, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

pub(super) fn percent_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~".contains(&byte) {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn url_database_is_replaced_and_query_kept() {
        let url =
            PgUrl::parse("postgres://u:p%40ss@db.example:6543/app?sslmode=require&dbname=app")
                .unwrap();
        assert_eq!(url.own_database(), "app");
        assert_eq!(
            url.with_database("t_1"),
            "postgres://u:p%40ss@db.example:6543/t_1?sslmode=require&dbname=t_1"
        );
        assert_eq!(
            url.redacted("x"),
            "postgres://u:***@db.example:6543/x?sslmode=require&dbname=x"
        );
    }

    #[test]
    fn url_without_database_falls_back_to_user() {
        assert_eq!(
            PgUrl::parse("postgresql://alice@host")
                .unwrap()
                .own_database(),
            "alice"
        );
        assert_eq!(
            PgUrl::parse("postgres://host:5432/")
                .unwrap()
                .own_database(),
            "postgres"
        );
        assert_eq!(
            PgUrl::parse("postgres://host/My%20Db")
                .unwrap()
                .own_database(),
            "My Db"
        );
        assert!(PgUrl::parse("host=localhost dbname=x").is_err());
    }
}
