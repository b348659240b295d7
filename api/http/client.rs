//! Who is asking, and under which address this service was reached. Forwarded headers are believed
//! only from a configured proxy: any client can send them, and absolute links built from them
//! would be cached and served to everyone else.

use std::net::IpAddr;

use actix_web::http::header::{self, HeaderMap};

/// The proxies whose forwarded headers are believed (`OPENPLEDGES_TRUSTED_PROXIES`).
#[derive(Debug, Clone, Default)]
pub struct TrustedProxies(pub Vec<IpAddr>);

impl TrustedProxies {
    pub fn trusts(&self, peer: Option<IpAddr>) -> bool {
        peer.is_some_and(|p| self.0.contains(&p))
    }

    /// The client's address: the peer's, or behind a trusted proxy the last address in
    /// `X-Forwarded-For` that is not itself a trusted proxy.
    pub fn client_ip(&self, peer: Option<IpAddr>, headers: &HeaderMap) -> Option<IpAddr> {
        if !self.trusts(peer) {
            return peer;
        }
        let forwarded = headers
            .get_all("x-forwarded-for")
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .filter_map(|a| a.trim().parse::<IpAddr>().ok())
            .collect::<Vec<_>>();
        forwarded
            .into_iter()
            .rev()
            .find(|a| !self.0.contains(a))
            .or(peer)
    }

    /// `scheme://host[:port]` of this service as the client reached it: the request's own `Host`,
    /// or behind a trusted proxy its `X-Forwarded-Proto` and `X-Forwarded-Host`. `None` when the
    /// host is not a valid host name or address.
    pub fn origin(&self, peer: Option<IpAddr>, headers: &HeaderMap) -> Option<String> {
        let get = |name: &str| {
            headers
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(|v| v.split(',').next().unwrap_or_default().trim().to_owned())
        };
        let (scheme, host) = if self.trusts(peer) {
            let scheme = get("x-forwarded-proto").unwrap_or_else(|| "http".into());
            let host = get("x-forwarded-host").or_else(|| get(header::HOST.as_str()));
            (scheme, host)
        } else {
            ("http".into(), get(header::HOST.as_str()))
        };
        let scheme = match scheme.to_ascii_lowercase().as_str() {
            "http" => "http",
            "https" => "https",
            _ => return None,
        };
        let host = host.filter(|h| valid_host(h))?;
        Some(format!("{scheme}://{}", host.to_ascii_lowercase()))
    }
}

/// `name[:port]`, `ipv4[:port]` or `[ipv6][:port]`, as RFC 9110 allows in `Host`; nothing that could
/// break out of a URL or an HTML attribute.
pub fn valid_host(host: &str) -> bool {
    if host.is_empty() || host.len() > 255 {
        return false;
    }
    let (name, port) = if let Some(rest) = host.strip_prefix('[') {
        let Some((addr, after)) = rest.split_once(']') else {
            return false;
        };
        if addr.parse::<std::net::Ipv6Addr>().is_err() {
            return false;
        }
        match after {
            "" => return true,
            p => match p.strip_prefix(':') {
                Some(port) => ("x", Some(port)),
                None => return false,
            },
        }
    } else {
        match host.rsplit_once(':') {
            Some((n, p)) => (n, Some(p)),
            None => (host, None),
        }
    };
    let port_ok = port.is_none_or(|p| !p.is_empty() && p.len() <= 5 && p.parse::<u16>().is_ok());
    let name_ok = !name.is_empty()
        && name.split('.').all(|label| {
            !label.is_empty()
                && label.len() <= 63
                && label
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-')
                && !label.starts_with('-')
                && !label.ends_with('-')
        });
    port_ok && name_ok
}

#[cfg(test)]
mod tests {
    use super::*;
    use actix_web::http::header::{HeaderName, HeaderValue};

    fn headers(pairs: &[(&str, &str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.append(
                HeaderName::from_bytes(k.as_bytes()).unwrap(),
                HeaderValue::from_str(v).unwrap(),
            );
        }
        h
    }

    #[test]
    fn hosts() {
        for ok in [
            "example.org",
            "127.0.0.1:8080",
            "[::1]:80",
            "[::1]",
            "a-b.c",
        ] {
            assert!(valid_host(ok), "{ok}");
        }
        for bad in [
            "",
            "a b",
            "x\"y",
            "javascript:alert(1)",
            "a:",
            "a:99999",
            "-a",
            "[zz]",
            "a/b",
            "a..b",
        ] {
            assert!(!valid_host(bad), "{bad}");
        }
    }

    #[test]
    fn forwarded_headers_count_only_from_trusted_proxies() {
        let proxy: IpAddr = "10.0.0.1".parse().unwrap();
        let client: IpAddr = "192.0.2.7".parse().unwrap();
        let h = headers(&[
            ("host", "internal:8080"),
            ("x-forwarded-host", "evil.example"),
            ("x-forwarded-proto", "https"),
            ("x-forwarded-for", "198.51.100.1, 192.0.2.7"),
        ]);
        let none = TrustedProxies::default();
        assert_eq!(
            none.origin(Some(client), &h).unwrap(),
            "http://internal:8080"
        );
        assert_eq!(none.client_ip(Some(client), &h), Some(client));
        let trusted = TrustedProxies(vec![proxy]);
        assert_eq!(
            trusted.origin(Some(proxy), &h).unwrap(),
            "https://evil.example"
        );
        assert_eq!(trusted.client_ip(Some(proxy), &h), Some(client));
        let js = headers(&[("host", "a"), ("x-forwarded-proto", "javascript")]);
        assert_eq!(trusted.origin(Some(proxy), &js), None);
    }
}
