//! Compression of response bodies. Answers made for one request are encoded for speed (Brotli
//! quality 4 with a 256 KiB window, gzip level 6: about 0.2 ms for a pledge's tree of 20 KB);
//! bodies the response cache keeps are encoded once for size (Brotli quality 9: 3.7 ms, 7% smaller).
//! actix's `Compress` middleware, outside this one, still encodes what this one leaves alone
//! (streamed bodies, encodings other than these two); its Brotli (quality 3 with a 4 MiB window)
//! cut uncached throughput to a third for browsers, which all ask for `br`.

use std::io::Write;

use actix_web::body::{to_bytes, BodySize, BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderValue};
use actix_web::http::StatusCode;
use actix_web::middleware::Next;
use actix_web::web::Bytes;

/// The encodings this module makes, best first.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Encoding {
    Br,
    Gzip,
    Identity,
}

/// How hard to compress.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Effort {
    /// For a body sent once.
    Fast,
    /// For a body kept and sent many times.
    Small,
}

impl Encoding {
    /// The client's preference among what we make; `q=0` refuses an encoding.
    pub fn negotiate(accept: Option<&str>) -> Encoding {
        let Some(accept) = accept else {
            return Encoding::Identity;
        };
        let allows = |name: &str| {
            accept.split(',').any(|part| {
                let mut it = part.split(';').map(str::trim);
                let coding = it.next().unwrap_or_default();
                let q = it
                    .find_map(|p| p.strip_prefix("q="))
                    .map_or(1.0, |q| q.trim().parse::<f32>().unwrap_or(0.0));
                coding.eq_ignore_ascii_case(name) && q > 0.0
            })
        };
        if allows("br") {
            Encoding::Br
        } else if allows("gzip") {
            Encoding::Gzip
        } else {
            Encoding::Identity
        }
    }

    /// The `Content-Encoding` value; `None` for identity.
    pub fn name(self) -> Option<&'static str> {
        match self {
            Encoding::Br => Some("br"),
            Encoding::Gzip => Some("gzip"),
            Encoding::Identity => None,
        }
    }
}

/// `body` in `encoding`; `None` for identity.
pub fn encode(body: &[u8], encoding: Encoding, effort: Effort) -> Option<Bytes> {
    match encoding {
        Encoding::Identity => None,
        Encoding::Gzip => {
            let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
            // Writing to a Vec cannot fail.
            let _ = e.write_all(body);
            Some(Bytes::from(e.finish().unwrap_or_default()))
        }
        Encoding::Br => {
            let (quality, most) = match effort {
                Effort::Fast => (4, 18),
                Effort::Small => (9, 22),
            };
            // A window and tables no larger than the body: the encoder allocates (and the
            // allocator maps and zeroes) them for every body.
            let fits = usize::BITS - body.len().max(1).leading_zeros();
            let params = brotli::enc::BrotliEncoderParams {
                quality,
                lgwin: (fits as i32).clamp(16, most),
                size_hint: body.len(),
                ..Default::default()
            };
            let mut out = Vec::new();
            let _ = brotli::BrotliCompress(&mut &body[..], &mut out, &params);
            Some(Bytes::from(out))
        }
    }
}

/// What `Compress` would encode, held whole: no encoding yet, a body of known size, a type worth
/// compressing (not images but SVG, not video).
fn worth_encoding(res: &ServiceResponse<impl MessageBody>) -> bool {
    let status = res.status();
    let sized = matches!(res.response().body().size(), BodySize::Sized(n) if n > 0);
    let compressible = res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_none_or(|t| {
            let t = t.trim_start().to_ascii_lowercase();
            !(t.starts_with("video/") || t.starts_with("image/") && !t.starts_with("image/svg"))
        });
    sized
        && compressible
        && !res.headers().contains_key(header::CONTENT_ENCODING)
        && status != StatusCode::NO_CONTENT
        && status != StatusCode::NOT_MODIFIED
        && status != StatusCode::SWITCHING_PROTOCOLS
}

/// Encodes whole bodies as the client asks (see the module comment).
pub async fn middleware(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    let encoding = Encoding::negotiate(
        req.headers()
            .get(header::ACCEPT_ENCODING)
            .and_then(|v| v.to_str().ok()),
    );
    let res = next.call(req).await?;
    let (Some(name), true) = (encoding.name(), worth_encoding(&res)) else {
        return Ok(res.map_into_boxed_body());
    };
    let (req, res) = res.into_parts();
    let (mut res, body) = res.into_parts();
    let body = to_bytes(body)
        .await
        .map_err(|_| actix_web::error::ErrorInternalServerError("body"))?;
    let encoded = encode(&body, encoding, Effort::Fast).unwrap_or(body);
    let headers = res.headers_mut();
    headers.insert(header::CONTENT_ENCODING, HeaderValue::from_static(name));
    let varies = headers.get_all(header::VARY).any(|v| {
        v.to_str()
            .is_ok_and(|v| v.to_ascii_lowercase().contains("accept-encoding"))
    });
    if !varies {
        headers.append(header::VARY, HeaderValue::from_static("accept-encoding"));
    }
    headers.remove(header::CONTENT_LENGTH);
    Ok(ServiceResponse::new(
        req,
        res.set_body(BoxBody::new(encoded)),
    ))
}

#[cfg(test)]
mod tests {
    use super::{encode, Effort, Encoding};

    #[test]
    fn negotiates_what_the_client_accepts() {
        assert!(Encoding::negotiate(None) == Encoding::Identity);
        assert!(Encoding::negotiate(Some("gzip, deflate, br")) == Encoding::Br);
        assert!(Encoding::negotiate(Some("gzip")) == Encoding::Gzip);
        assert!(Encoding::negotiate(Some("br;q=0, gzip;q=0.5")) == Encoding::Gzip);
        assert!(Encoding::negotiate(Some("br;q=0.0, gzip;q=0")) == Encoding::Identity);
        assert!(Encoding::negotiate(Some("identity")) == Encoding::Identity);
    }

    #[test]
    fn both_efforts_decode_to_the_body() {
        use std::io::Read;
        let body = "{\"id\":\"solvesborg-2022-2023\",\"title\":\"Medborgarlöfte\"}".repeat(200);
        for effort in [Effort::Fast, Effort::Small] {
            let br = encode(body.as_bytes(), Encoding::Br, effort).unwrap();
            let mut plain = String::new();
            brotli::Decompressor::new(&br[..], 4096)
                .read_to_string(&mut plain)
                .unwrap();
            assert_eq!(plain, body, "{effort:?}");
            assert!(br.len() < body.len() / 10, "{effort:?}: {} bytes", br.len());
        }
        let gz = encode(body.as_bytes(), Encoding::Gzip, Effort::Fast).unwrap();
        let mut plain = String::new();
        flate2::read::GzDecoder::new(&gz[..])
            .read_to_string(&mut plain)
            .unwrap();
        assert_eq!(plain, body);
        assert_eq!(encode(b"x", Encoding::Identity, Effort::Fast), None);
    }
}
