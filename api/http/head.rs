//! The first request head of a connection, checked before actix-http's codec sees it: the codec
//! answers what it cannot parse with an empty 400 or 431, and offers no hook to give those a body.
//! The rules are the codec's own (actix-http 3, `h1/decoder.rs`), so that a head passed on here is
//! one the codec accepts and a head refused here gets a problem document instead of silence.

use actix_web::http::{Method, Uri};

/// The codec's limits: a head that has not ended within this many bytes is refused (431).
pub const MAX_HEAD: usize = 131_072;
const MAX_HEADERS: usize = 96;

#[derive(Debug, PartialEq, Eq)]
pub enum Head {
    /// More bytes are needed.
    Partial,
    /// A whole head that the codec will accept: its length in bytes and how its body is framed.
    Complete {
        len: usize,
        body: Body,
    },
    Refused(Refusal),
}

/// How the body after a head ends, so that the next head can be found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Body {
    None,
    Length(u64),
    Chunked,
}

#[derive(Debug, PartialEq, Eq)]
pub struct Refusal {
    pub status: u16,
    pub detail: &'static str,
}

fn bad(detail: &'static str) -> Head {
    Head::Refused(Refusal {
        status: 400,
        detail,
    })
}

fn too_large(detail: &'static str) -> Head {
    Head::Refused(Refusal {
        status: 431,
        detail,
    })
}

/// Checks the bytes received so far on a new connection.
pub fn check(buf: &[u8]) -> Head {
    let mut headers = [httparse::EMPTY_HEADER; MAX_HEADERS];
    let mut req = httparse::Request::new(&mut headers);
    match req.parse(buf) {
        Err(httparse::Error::TooManyHeaders) => {
            too_large("the request has more than 96 header fields")
        }
        Err(httparse::Error::Version) => bad("the request line names no HTTP/1.0 or HTTP/1.1"),
        Err(_) => bad("the request line or a header field is malformed"),
        Ok(httparse::Status::Partial) if buf.len() >= MAX_HEAD => {
            too_large("the request's line and header fields are over 128 KiB")
        }
        Ok(httparse::Status::Partial) => Head::Partial,
        Ok(httparse::Status::Complete(len)) => fields(&req, len),
    }
}

fn fields(req: &httparse::Request, len: usize) -> Head {
    let (Some(method), Some(path), Some(version)) = (req.method, req.path, req.version) else {
        return bad("the request line is incomplete");
    };
    if Method::from_bytes(method.as_bytes()).is_err() {
        return bad("the request method is not a valid token");
    }
    if Uri::try_from(path).is_err() {
        return bad("the request target is not a valid URI");
    }
    let http11 = version == 1;
    let (mut length, mut encoding, mut host) = (None, None, false);
    for h in req.headers.iter() {
        let value = std::str::from_utf8(h.value).map(str::trim);
        if h.name.eq_ignore_ascii_case("content-length") {
            match value {
                _ if length.is_some() => return bad("Content-Length is given more than once"),
                Ok(v) if !v.starts_with('+') && v.parse::<u64>().is_ok() => length = v.parse().ok(),
                _ => return bad("Content-Length is not a number of bytes"),
            }
        } else if h.name.eq_ignore_ascii_case("transfer-encoding") {
            if encoding.is_some() {
                return bad("Transfer-Encoding is given more than once");
            }
            let Ok(v) = value else {
                return bad("Transfer-Encoding is not text");
            };
            if http11 && !v.eq_ignore_ascii_case("chunked") && !v.eq_ignore_ascii_case("identity") {
                return bad("Transfer-Encoding must be chunked");
            }
            encoding = Some(v);
        } else if h.name.eq_ignore_ascii_case("host") {
            if host {
                return bad("Host is given more than once");
            }
            host = true;
        }
    }
    if http11 && !host {
        return bad("an HTTP/1.1 request must have a Host header field");
    }
    if let Some(te) = encoding {
        let chunked = te
            .rsplit(',')
            .next()
            .is_some_and(|t| t.trim().eq_ignore_ascii_case("chunked"));
        if !http11 {
            return bad("Transfer-Encoding is not allowed in HTTP/1.0");
        }
        if !chunked {
            return bad("Transfer-Encoding must be chunked");
        }
        if length.is_some() {
            return bad("Content-Length and Transfer-Encoding are both given");
        }
    }
    if !http11 && method == "POST" && length.is_none() {
        return bad("an HTTP/1.0 POST must have a Content-Length");
    }
    let body = match (encoding, length) {
        (Some(_), _) => Body::Chunked,
        (None, Some(n)) if n > 0 => Body::Length(n),
        _ => Body::None,
    };
    Head::Complete { len, body }
}

/// A whole HTTP/1.1 response carrying the refusal as problem+json; the connection closes after it.
pub fn problem_response(r: &Refusal) -> Vec<u8> {
    let (title, code) = match r.status {
        408 => ("Request Timeout", "request_timeout"),
        431 => (
            "Request Header Fields Too Large",
            "request_header_fields_too_large",
        ),
        _ => ("Bad Request", "bad_request"),
    };
    let body = serde_json::json!({
        "type": format!("/problems/{}", code.replace('_', "-")),
        "title": title,
        "status": r.status,
        "detail": r.detail,
        "code": code,
    })
    .to_string();
    let date = chrono::Utc::now().format("%a, %d %b %Y %H:%M:%S GMT");
    format!(
        "HTTP/1.1 {} {title}\r\ncontent-type: application/problem+json\r\ncontent-length: {}\r\n\
         cache-control: no-store\r\nx-content-type-options: nosniff\r\nconnection: close\r\n\
         date: {date}\r\n\r\n{body}",
        r.status,
        body.len()
    )
    .into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn status(raw: &[u8]) -> Option<u16> {
        match check(raw) {
            Head::Refused(r) => Some(r.status),
            _ => None,
        }
    }

    #[test]
    fn passes_what_the_codec_accepts() {
        for ok in [
            &b"GET /v1 HTTP/1.1\r\nHost: a\r\n\r\n"[..],
            b"GET / HTTP/1.0\r\n\r\n",
            b"POST /graphql HTTP/1.1\r\nHost: a\r\nContent-Length: 0\r\n\r\n",
            b"POST /graphql HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n",
            b"GET /x?q=%C3%A5 HTTP/1.1\r\nhost: a\r\nX: \r\n\r\n",
        ] {
            assert!(
                matches!(check(ok), Head::Complete { len, .. } if len == ok.len()),
                "{}",
                String::from_utf8_lossy(ok)
            );
        }
        assert_eq!(check(b"GET /v1 HTTP/1.1\r\nHost: a\r\n"), Head::Partial);
        let framed = |raw: &[u8]| match check(raw) {
            Head::Complete { body, .. } => body,
            other => panic!("{other:?}"),
        };
        assert_eq!(
            framed(b"POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 12\r\n\r\nxx"),
            Body::Length(12)
        );
        assert_eq!(
            framed(b"POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"),
            Body::Chunked
        );
        assert_eq!(
            framed(b"GET / HTTP/1.1\r\nHost: a\r\nContent-Length: 0\r\n\r\n"),
            Body::None
        );
        assert_eq!(check(b""), Head::Partial);
    }

    #[test]
    fn refuses_what_the_codec_refuses() {
        for bad in [
            &b"GET /v1 HTTP/1.1\r\nHost: a\r\nBad Header: x\r\n\r\n"[..],
            b"GET /\x01 HTTP/1.1\r\nHost: a\r\n\r\n",
            b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03",
            b"GET / HTTP/2.0\r\nHost: a\r\n\r\n",
            b"GET / HTTP/1.1\r\n\r\n",
            b"GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n",
            b"POST / HTTP/1.1\r\nHost: a\r\nContent-Length: +5\r\n\r\n",
            b"POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 1\r\nContent-Length: 1\r\n\r\n",
            b"POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip\r\n\r\n",
            b"POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n",
            b"POST / HTTP/1.0\r\n\r\n",
        ] {
            assert_eq!(status(bad), Some(400), "{}", String::from_utf8_lossy(bad));
        }
        let many: String = (0..97).map(|i| format!("X-{i}: 1\r\n")).collect();
        assert_eq!(
            status(format!("GET / HTTP/1.1\r\nHost: a\r\n{many}\r\n").as_bytes()),
            Some(431)
        );
        let long = format!("GET / HTTP/1.1\r\nHost: a\r\nX: {}", "a".repeat(MAX_HEAD));
        assert_eq!(status(long.as_bytes()), Some(431));
    }

    #[test]
    fn a_refusal_is_a_whole_problem_response() {
        let raw = problem_response(&Refusal {
            status: 431,
            detail: "too long",
        });
        let text = String::from_utf8(raw).unwrap();
        let (head, body) = text.split_once("\r\n\r\n").unwrap();
        assert!(head.starts_with("HTTP/1.1 431 Request Header Fields Too Large\r\n"));
        assert!(head.contains(&format!("content-length: {}", body.len())));
        let json: serde_json::Value = serde_json::from_str(body).unwrap();
        assert_eq!(json["code"], "request_header_fields_too_large");
        assert_eq!(json["type"], "/problems/request-header-fields-too-large");
    }
}
