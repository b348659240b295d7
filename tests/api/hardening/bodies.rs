//! Request bodies are bounded before they are read: a declared size over the limit is refused at
//! once, and a body that does not arrive in time is cut off.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

use crate::common::{TestApp, TestDb};

/// Sends `head` (and `body`), then reads whatever the server answers within `wait`.
fn exchange(base: &str, head: &str, body: &[u8], wait: Duration) -> String {
    let addr = base.trim_start_matches("http://");
    let mut stream = TcpStream::connect(addr).expect("connect");
    stream.set_read_timeout(Some(wait)).unwrap();
    stream.write_all(head.as_bytes()).unwrap();
    stream.write_all(body).unwrap();
    let mut answer = Vec::new();
    let mut buf = [0u8; 4096];
    while let Ok(n) = stream.read(&mut buf) {
        if n == 0 {
            break;
        }
        answer.extend_from_slice(&buf[..n]);
        if answer.windows(4).any(|w| w == b"\r\n\r\n") && answer.ends_with(b"}") {
            break;
        }
    }
    String::from_utf8_lossy(&answer).into_owned()
}

fn post_head(base: &str, path: &str, length: u64) -> String {
    format!(
        "POST {path} HTTP/1.1\r\nHost: {}\r\nContent-Type: application/json\r\nContent-Length: {length}\r\n\r\n",
        base.trim_start_matches("http://")
    )
}

#[actix_web::test]
async fn a_declared_body_over_the_limit_is_refused_before_it_is_sent() {
    let app = TestApp::spawn().await;
    for (path, content_type, code) in [
        (
            "/graphql",
            "application/json",
            "\"code\":\"QUERY_TOO_LARGE\"",
        ),
        (
            "/v1/themes",
            "application/problem+json",
            "\"code\":\"payload_too_large\"",
        ),
    ] {
        let base = app.base.clone();
        let answer = actix_web::rt::task::spawn_blocking(move || {
            let head = post_head(&base, path, 10_000_000);
            exchange(&base, &head, b"", Duration::from_secs(10))
        })
        .await
        .unwrap();
        assert!(answer.starts_with("HTTP/1.1 413"), "{answer}");
        assert!(answer.contains(content_type), "{answer}");
        assert!(answer.contains(code), "{answer}");
    }
    assert_eq!(app.get("/healthz").await.status(), 200);
}

#[actix_web::test]
async fn a_body_shorter_than_announced_is_cut_off_in_time() {
    let app = TestApp::spawn_configured(TestDb::loaded(), false, |s| {
        s.with_body_timeout(Duration::from_secs(1))
    })
    .await;
    let base = app.base.clone();
    let answer = actix_web::rt::task::spawn_blocking(move || {
        exchange(
            &base,
            &post_head(&base, "/graphql", 100),
            br#"{"query":"#,
            Duration::from_secs(20),
        )
    })
    .await
    .unwrap();
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    assert!(answer.contains("\"code\":\"REQUEST_TIMEOUT\""), "{answer}");
    assert_eq!(app.get("/healthz").await.status(), 200);
}
