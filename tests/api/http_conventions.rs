//! HTTP conventions of API.md, checked on every GET operation the OpenAPI document lists under
//! `/v1` (so endpoints added later are covered as they appear): strong ETags, revalidation,
//! `Cache-Control`, CORS, compression, 404/405/400 as problem documents, never a text or HTML
//! error; and Swagger UI at `/docs`, served from this origin only.

use crate::common;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

use common::{problem, TestApp};
use serde_json::Value;

const CACHE_CONTROL: &str = "public, max-age=60, stale-while-revalidate=300";
const ORIGIN: &str = "https://example.kommun.se";

/// A GET operation of the document and a URL that reaches a real record through it.
struct Endpoint {
    template: String,
    url: String,
    /// It has a `format` parameter: the list is also served as CSV.
    csv: bool,
}

fn percent(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// Every GET under `/v1`, with path parameters from a real record of its collection (else the
/// documented example) and required query parameters from their examples.
async fn reads(app: &TestApp) -> Vec<Endpoint> {
    let doc = app.json("/openapi.json").await;
    let mut out = Vec::new();
    for (template, item) in doc["paths"].as_object().expect("paths") {
        let Some(get) = item.get("get") else { continue };
        if !template.starts_with("/v1/") {
            continue;
        }
        let params: Vec<&Value> = get["parameters"].as_array().into_iter().flatten().collect();
        let example = |p: &Value| -> String {
            let e = if p["example"].is_null() {
                &p["schema"]["example"]
            } else {
                &p["example"]
            };
            match e {
                Value::String(s) => s.clone(),
                Value::Null => String::new(),
                other => other.to_string(),
            }
        };
        let path_params: Vec<&&Value> = params.iter().filter(|p| p["in"] == "path").collect();
        let mut url = template.clone();
        let mut filled = false;
        if let Some(i) = template.find('{') {
            let collection = template[..i].trim_end_matches('/');
            let res = app.get(collection).await;
            if res.status() == 200 {
                let body: Value = res.json().await.unwrap_or(Value::Null);
                if let Some(id) = body["data"][0]["id"].as_str() {
                    let parts: Vec<&str> = id.split('/').collect();
                    if parts.len() == path_params.len() {
                        for (p, part) in path_params.iter().zip(parts) {
                            let name = p["name"].as_str().unwrap_or_default();
                            url = url.replace(&format!("{{{name}}}"), &percent(part));
                        }
                        filled = true;
                    } else if path_params.len() == 1 {
                        let name = path_params[0]["name"].as_str().unwrap_or_default();
                        url = url.replace(&format!("{{{name}}}"), &percent(id));
                        filled = true;
                    }
                }
            }
        }
        if !filled {
            for p in &path_params {
                let name = p["name"].as_str().unwrap_or_default();
                url = url.replace(&format!("{{{name}}}"), &percent(&example(p)));
            }
        }
        let required: Vec<String> = params
            .iter()
            .filter(|p| p["in"] == "query" && p["required"] == true)
            .map(|p| {
                format!(
                    "{}={}",
                    p["name"].as_str().unwrap_or_default(),
                    percent(&example(p))
                )
            })
            .collect();
        if !required.is_empty() {
            url = format!("{url}?{}", required.join("&"));
        }
        out.push(Endpoint {
            template: template.clone(),
            url,
            csv: params
                .iter()
                .any(|p| p["in"] == "query" && p["name"] == "format"),
        });
    }
    assert!(!out.is_empty(), "the document lists no GET under /v1");
    out
}

fn with_query(url: &str, pair: &str) -> String {
    if url.contains('?') {
        format!("{url}&{pair}")
    } else {
        format!("{url}?{pair}")
    }
}

fn header<'a>(res: &'a reqwest::Response, name: &str) -> Option<&'a str> {
    res.headers().get(name).and_then(|v| v.to_str().ok())
}

/// The URLs whose 200s must carry validators and caching: every read, its CSV form, the document.
async fn cacheable_urls(app: &TestApp) -> Vec<String> {
    let mut urls = vec!["/openapi.json".to_owned()];
    for r in reads(app).await {
        if r.csv {
            urls.push(with_query(&r.url, "format=csv"));
        }
        urls.push(r.url);
    }
    urls
}

#[actix_web::test]
async fn every_read_has_a_strong_etag_and_cache_control_and_revalidates() {
    let app = TestApp::spawn().await;
    for url in cacheable_urls(&app).await {
        let res = app.get(&url).await;
        assert_eq!(res.status(), 200, "GET {url}");
        let etag = header(&res, "etag")
            .unwrap_or_else(|| panic!("GET {url}: no ETag"))
            .to_owned();
        assert!(
            etag.starts_with('"') && etag.ends_with('"') && etag.len() > 2,
            "GET {url}: ETag {etag} is not strong"
        );
        assert_eq!(
            header(&res, "cache-control"),
            Some(CACHE_CONTROL),
            "GET {url}"
        );
        let body = res.bytes().await.unwrap();
        assert!(!body.is_empty(), "GET {url}: empty 200");

        let again = app.get(&url).await;
        assert_eq!(
            header(&again, "etag"),
            Some(etag.as_str()),
            "GET {url}: ETag unstable"
        );

        for inm in [
            etag.clone(),
            format!("W/{etag}"),
            format!("\"nope\", {etag}"),
            "*".into(),
        ] {
            let res = app
                .client
                .get(app.url(&url))
                .header("if-none-match", &inm)
                .send()
                .await
                .unwrap();
            assert_eq!(res.status(), 304, "GET {url} If-None-Match: {inm}");
            assert_eq!(header(&res, "etag"), Some(etag.as_str()), "304 of {url}");
            assert_eq!(
                header(&res, "cache-control"),
                Some(CACHE_CONTROL),
                "304 of {url}"
            );
            assert!(
                res.bytes().await.unwrap().is_empty(),
                "304 of {url} has a body"
            );
        }
        let stale = app
            .client
            .get(app.url(&url))
            .header("if-none-match", "\"0000\"")
            .send()
            .await
            .unwrap();
        assert_eq!(stale.status(), 200, "GET {url} with another ETag");
        assert_eq!(
            stale.bytes().await.unwrap(),
            body,
            "GET {url}: same bytes again"
        );
    }
    app.stop().await;
}

#[actix_web::test]
async fn errors_are_not_cached_as_reads() {
    let app = TestApp::spawn().await;
    let res = app.get("/v1/municipalities?limit=0").await;
    assert_eq!(header(&res, "cache-control"), Some("no-store"));
    assert!(header(&res, "etag").is_none());
    problem(res, 400).await;
    app.stop().await;
}

#[actix_web::test]
async fn reads_are_open_to_any_origin_without_credentials() {
    let app = TestApp::spawn().await;
    let mut urls = cacheable_urls(&app).await;
    urls.push("/v1/municipalities?limit=0".into());
    urls.push("/v1/no-such-thing".into());
    for url in urls {
        let res = app
            .client
            .get(app.url(&url))
            .header("origin", ORIGIN)
            .send()
            .await
            .unwrap();
        let allowed = header(&res, "access-control-allow-origin");
        assert!(
            allowed == Some("*") || allowed == Some(ORIGIN),
            "GET {url} from {ORIGIN}: Access-Control-Allow-Origin {allowed:?}"
        );
        assert!(
            header(&res, "access-control-allow-credentials").is_none(),
            "GET {url}: credentials allowed"
        );
        let exposed = header(&res, "access-control-expose-headers")
            .unwrap_or_default()
            .to_ascii_lowercase();
        for h in ["etag", "link"] {
            assert!(
                exposed.contains(h),
                "GET {url}: `{h}` not exposed ({exposed})"
            );
        }
    }
    app.stop().await;
}

#[actix_web::test]
async fn preflight_allows_get_and_refuses_writes() {
    let app = TestApp::spawn().await;
    for r in reads(&app).await {
        let preflight = |method: &'static str| {
            app.client
                .request(reqwest::Method::OPTIONS, app.url(&r.url))
                .header("origin", ORIGIN)
                .header("access-control-request-method", method)
                .send()
        };
        let ok = preflight("GET").await.unwrap();
        assert!(
            ok.status().is_success(),
            "preflight GET {}: {}",
            r.url,
            ok.status()
        );
        let allowed = header(&ok, "access-control-allow-origin");
        assert!(
            allowed == Some("*") || allowed == Some(ORIGIN),
            "{allowed:?}"
        );
        assert!(header(&ok, "access-control-allow-methods")
            .unwrap_or_default()
            .contains("GET"));
        assert!(header(&ok, "access-control-allow-credentials").is_none());

        for method in ["POST", "DELETE"] {
            let refused = preflight(method).await.unwrap();
            assert!(
                refused.status().is_client_error(),
                "preflight {method} {}: {}",
                r.url,
                refused.status()
            );
            assert!(
                !header(&refused, "access-control-allow-methods")
                    .unwrap_or_default()
                    .contains(method),
                "preflight {method} {} allowed",
                r.url
            );
            let status = refused.status().as_u16();
            problem(refused, status).await;
        }
    }
    app.stop().await;
}

fn gunzip(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(bytes)
        .read_to_end(&mut out)
        .expect("gzip body");
    out
}

fn unbrotli(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    brotli::Decompressor::new(bytes, 4096)
        .read_to_end(&mut out)
        .expect("brotli body");
    out
}

#[actix_web::test]
async fn responses_are_compressed_when_asked() {
    let app = TestApp::spawn().await;
    let mut urls = cacheable_urls(&app).await;
    urls.push("/v1/municipalities?limit=0".into());
    for url in urls {
        let fetch = |encoding: &'static str| {
            app.client
                .get(app.url(&url))
                .header("accept-encoding", encoding)
                .send()
        };
        let identity = fetch("identity").await.unwrap();
        assert!(header(&identity, "content-encoding").is_none(), "GET {url}");
        let identity = identity.bytes().await.unwrap();
        for (encoding, decode) in [("gzip", gunzip as fn(&[u8]) -> Vec<u8>), ("br", unbrotli)] {
            let res = fetch(encoding).await.unwrap();
            assert_eq!(
                header(&res, "content-encoding"),
                Some(encoding),
                "GET {url} Accept-Encoding: {encoding}"
            );
            let vary: Vec<String> = res
                .headers()
                .get_all("vary")
                .iter()
                .filter_map(|v| v.to_str().ok())
                .map(str::to_ascii_lowercase)
                .collect();
            assert!(
                vary.iter().any(|v| v.contains("accept-encoding")),
                "GET {url}: no Vary: Accept-Encoding"
            );
            let compressed = res.bytes().await.unwrap();
            assert_ne!(compressed, identity, "GET {url}: {encoding} body unchanged");
            assert_eq!(
                decode(&compressed),
                identity,
                "GET {url}: {encoding} round trip"
            );
        }
    }
    app.stop().await;
}

#[actix_web::test]
async fn unknown_routes_are_404_problems() {
    let app = TestApp::spawn().await;
    for url in [
        "/",
        "/nope",
        "/v1/no-such-collection",
        "/v2/municipalities",
        "/v1/municipalities/solvesborg/no-such-part",
        "/docs/no-such-file.js",
        "/openapi.yaml",
    ] {
        let body = problem(app.get(url).await, 404).await;
        assert_eq!(body["code"], "not_found", "GET {url}");
    }
    app.stop().await;
}

#[actix_web::test]
async fn writes_to_known_paths_are_405_problems_with_allow() {
    let app = TestApp::spawn().await;
    let mut urls: Vec<String> = reads(&app).await.into_iter().map(|r| r.url).collect();
    urls.extend(["/openapi.json", "/docs/", "/healthz"].map(String::from));
    for url in urls {
        for method in ["POST", "PUT", "PATCH", "DELETE"] {
            let res = app
                .client
                .request(method.parse().unwrap(), app.url(&url))
                .body("{}")
                .send()
                .await
                .unwrap();
            let allow = header(&res, "allow").unwrap_or_default().to_owned();
            assert!(allow.contains("GET"), "{method} {url}: Allow {allow:?}");
            let body = problem(res, 405).await;
            assert_eq!(body["code"], "method_not_allowed");
        }
    }
    app.stop().await;
}

#[actix_web::test]
async fn head_and_options_are_what_allow_promises() {
    let app = TestApp::spawn().await;
    for r in reads(&app).await {
        let get = app.get(&r.url).await;
        assert_eq!(get.status(), 200, "GET {}", r.url);
        let etag = header(&get, "etag").map(str::to_owned);
        let head = app.client.head(app.url(&r.url)).send().await.unwrap();
        assert_eq!(head.status(), 200, "HEAD {} ({})", r.url, r.template);
        assert_eq!(
            header(&head, "etag").map(str::to_owned),
            etag,
            "HEAD {}",
            r.url
        );
        assert!(
            head.bytes().await.unwrap().is_empty(),
            "HEAD {} has a body",
            r.url
        );

        let options = app
            .client
            .request(reqwest::Method::OPTIONS, app.url(&r.url))
            .send()
            .await
            .unwrap();
        assert!(
            options.status().is_success(),
            "OPTIONS {}: {}",
            r.url,
            options.status()
        );
        assert!(header(&options, "allow")
            .unwrap_or_default()
            .contains("GET"));
    }
    app.stop().await;
}

#[actix_web::test]
async fn malformed_queries_and_paths_are_400_problems() {
    let app = TestApp::spawn().await;
    for url in [
        // Percent-encoding that is not UTF-8, or not percent-encoding at all.
        "/v1/municipalities?limit=%FF",
        "/v1/municipalities?municipality=%C0%AF",
        "/v1/municipalities?%zz=1",
        "/v1/municipalities?municipality=%2",
        "/v1/municipalities?municipality=%",
        "/v1/pledges?q=%E2%82",
        // NUL, which no parameter takes (and PostgreSQL text cannot hold).
        "/v1/pledges?q=trafik%00",
        "/v1/municipalities?municipality=solvesborg%00",
        "/v1/municipalities/%FF",
        "/v1/municipalities/solvesborg%00",
        "/v1/pledges/%E2%82",
        "/v1/pledges/a%zz",
        // Well-formed but wrong.
        "/v1/municipalities?limit=0",
        "/v1/municipalities?limit=501",
        "/v1/municipalities?limit=ten",
        "/v1/municipalities?cursor=garbage",
        "/v1/municipalities?unknown=1",
        "/v1/municipalities?limit=1&limit=2",
    ] {
        problem(app.get(url).await, 400).await;
    }
    app.stop().await;
}

/// Sends raw bytes (what a client library would refuse to send) and returns the status, the
/// headers (lowercase) and the body.
fn raw_request(base: &str, request: &[u8]) -> (u16, Vec<(String, String)>, Vec<u8>) {
    let addr = base.trim_start_matches("http://");
    let mut stream = TcpStream::connect(addr).expect("connect");
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    // The server may answer and close before it has read everything.
    let _ = stream.write_all(request);
    let mut buf = Vec::new();
    let _ = stream.read_to_end(&mut buf);
    let split = buf
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .unwrap_or_else(|| panic!("no response head: {:?}", String::from_utf8_lossy(&buf)));
    let head = String::from_utf8_lossy(&buf[..split]).to_string();
    let body = buf[split + 4..].to_vec();
    let mut lines = head.lines();
    let status: u16 = lines
        .next()
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|s| s.parse().ok())
        .expect("status line");
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_owned()))
        .collect();
    (status, headers, body)
}

#[actix_web::test]
async fn errors_below_the_router_are_never_text_or_html() {
    let app = TestApp::spawn().await;
    let long = format!(
        "GET /v1/municipalities?q={} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
        "a".repeat(100_000)
    );
    let big_header = format!(
        "GET /v1/municipalities HTTP/1.1\r\nHost: x\r\nX-Big: {}\r\nConnection: close\r\n\r\n",
        "b".repeat(100_000)
    );
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("an over-long URI", long.into_bytes()),
        ("an over-long header", big_header.into_bytes()),
        (
            "a space in the target",
            b"GET /v1/municipalities /x HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".to_vec(),
        ),
        (
            "a control character in the target",
            b"GET /v1/municipalities?x=\x01 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
                .to_vec(),
        ),
        (
            "a malformed header",
            b"GET /v1/municipalities HTTP/1.1\r\nHost: x\r\nNo colon here\r\nConnection: close\r\n\r\n"
                .to_vec(),
        ),
        (
            "an unknown HTTP version",
            b"GET /v1/municipalities HTTP/9.9\r\nHost: x\r\nConnection: close\r\n\r\n".to_vec(),
        ),
        (
            "a body on a GET that claims more than it sends",
            b"GET /v1/municipalities HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nConnection: close\r\n\r\nab"
                .to_vec(),
        ),
    ];
    for (what, request) in cases {
        let base = app.base.clone();
        let (status, headers, body) =
            actix_web::rt::task::spawn_blocking(move || raw_request(&base, &request))
                .await
                .unwrap();
        let content_type = headers
            .iter()
            .find(|(k, _)| k == "content-type")
            .map(|(_, v)| v.to_ascii_lowercase());
        // A big header and a short body are within what the server may accept.
        let may_pass = what.starts_with("an over-long header") || what.starts_with("a body");
        assert!(
            status >= 400 || (may_pass && status == 200),
            "{what}: status {status}"
        );
        if status >= 400 {
            assert!(
                !content_type
                    .as_deref()
                    .is_some_and(|c| c.starts_with("text/html") || c.starts_with("text/plain")),
                "{what}: a {content_type:?} error"
            );
            assert!(
                body.is_empty() || content_type.as_deref() == Some("application/problem+json"),
                "{what}: {status} with a {content_type:?} body {:?}",
                String::from_utf8_lossy(&body)
            );
        }
    }
    app.stop().await;
}

// ---------------------------------------------------------------------------------------------
// Swagger UI.

/// `src`/`href` values of an HTML page.
fn references(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    for attr in ["src=\"", "href=\"", "src='", "href='"] {
        let quote = attr.chars().last().unwrap();
        let mut rest = html;
        while let Some(i) = rest.find(attr) {
            rest = &rest[i + attr.len()..];
            if let Some(end) = rest.find(quote) {
                out.push(rest[..end].to_owned());
                rest = &rest[end..];
            }
        }
    }
    out
}

/// A URL that leaves this origin: absolute with a scheme, or scheme-relative.
fn leaves_origin(text: &str) -> Vec<String> {
    let lower = text.to_ascii_lowercase();
    let mut found = Vec::new();
    for marker in ["http://", "https://", "\"//", "'//", "(//", "url(//"] {
        let mut rest = lower.as_str();
        while let Some(i) = rest.find(marker) {
            found.push(rest[i..].chars().take(60).collect());
            rest = &rest[i + marker.len()..];
        }
    }
    found
}

#[actix_web::test]
async fn swagger_ui_at_docs_uses_only_this_origin() {
    let app = TestApp::spawn().await;
    let no_redirects = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let res = no_redirects.get(app.url("/docs")).send().await.unwrap();
    assert!(res.status().is_redirection(), "/docs: {}", res.status());
    assert_eq!(header(&res, "location"), Some("/docs/"));

    let res = app.get("/docs/").await;
    assert_eq!(res.status(), 200);
    assert!(header(&res, "content-type")
        .unwrap_or_default()
        .starts_with("text/html"));
    let csp = header(&res, "content-security-policy")
        .unwrap_or_default()
        .to_owned();
    assert!(csp.contains("default-src 'self'"), "CSP: {csp}");
    assert!(header(&res, "etag").is_some());
    let html = res.text().await.unwrap();
    assert!(html.contains("swagger-ui"), "{html}");
    assert!(
        leaves_origin(&html).is_empty(),
        "{:?}",
        leaves_origin(&html)
    );

    let refs = references(&html);
    assert!(
        refs.iter().any(|r| r.ends_with("swagger-initializer.js")),
        "{refs:?}"
    );
    for r in &refs {
        assert!(
            !r.contains("//") && !r.contains(':'),
            "/docs/ references {r}, not a relative URL"
        );
        let url = format!("/docs/{}", r.trim_start_matches("./"));
        let asset = app.get(&url).await;
        assert_eq!(asset.status(), 200, "GET {url}");
        let content_type = header(&asset, "content-type")
            .unwrap_or_default()
            .to_owned();
        if content_type.starts_with("text/css") {
            // Only `url(...)` loads anything from CSS (SVG namespaces inside data: URLs do not).
            let css = asset.text().await.unwrap();
            for u in css.split("url(").skip(1) {
                let u = u.trim_start_matches(['"', '\'', ' ']);
                assert!(
                    u.starts_with("data:") || !(u.contains("//") && u.find("//") < u.find(')')),
                    "{url} loads {}",
                    u.chars().take(60).collect::<String>()
                );
            }
            assert!(!css.contains("@import"), "{url} imports");
        }
    }

    let init = app.get("/docs/swagger-initializer.js").await;
    assert_eq!(init.status(), 200);
    let js = init.text().await.unwrap();
    assert!(
        js.contains("\"/openapi.json\""),
        "the UI does not load /openapi.json: {js}"
    );
    assert!(
        js.contains("\"validatorUrl\": \"none\""),
        "the validator would call out: {js}"
    );
    assert!(leaves_origin(&js).is_empty(), "{:?}", leaves_origin(&js));
    app.stop().await;
}
