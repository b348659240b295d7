//! Request heads that the HTTP/1 codec cannot take (bad bytes, too many or too long header
//! fields, a head that stops arriving) get problem+json like every other error, and heads that it
//! can take pass unchanged, pipelined requests and bodies included.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use crate::common::TestApp;

/// Writes `raw`, then reads until the server closes or `wait` passes; off the test's runtime,
/// which also drives the server.
async fn send(base: &str, raw: &[u8], wait: Duration) -> String {
    let (base, raw) = (base.to_owned(), raw.to_vec());
    tokio::task::spawn_blocking(move || exchange(&base, &raw, wait))
        .await
        .expect("exchange")
}

fn exchange(base: &str, raw: &[u8], wait: Duration) -> String {
    let mut stream = TcpStream::connect(base.trim_start_matches("http://")).expect("connect");
    stream.set_read_timeout(Some(wait)).unwrap();
    // The server may answer and close before a long head is all written.
    let _ = stream.write_all(raw);
    let mut answer = Vec::new();
    let mut buf = [0u8; 8192];
    while let Ok(n) = stream.read(&mut buf) {
        if n == 0 {
            break;
        }
        answer.extend_from_slice(&buf[..n]);
    }
    String::from_utf8_lossy(&answer).into_owned()
}

fn assert_problem(answer: &str, status: u16, code: &str) {
    let (head, body) = answer
        .split_once("\r\n\r\n")
        .unwrap_or_else(|| panic!("no whole response: {answer:?}"));
    assert!(
        head.starts_with(&format!("HTTP/1.1 {status} ")),
        "expected {status}: {head}"
    );
    let lower = head.to_ascii_lowercase();
    assert!(
        lower.contains("content-type: application/problem+json"),
        "{head}"
    );
    assert!(lower.contains("x-content-type-options: nosniff"), "{head}");
    assert!(
        lower.contains(&format!("content-length: {}", body.len())),
        "{head}"
    );
    let json: serde_json::Value = serde_json::from_str(body).expect("a JSON body");
    assert_eq!(json["status"], status);
    assert_eq!(json["code"], code);
    assert_eq!(
        json["type"],
        format!("/problems/{}", code.replace('_', "-"))
    );
    assert!(!json["detail"].as_str().unwrap_or("").is_empty());
}

#[actix_web::test]
async fn heads_the_codec_refuses_are_problem_documents() {
    let app = TestApp::spawn().await;
    let wait = Duration::from_secs(5);
    let host = app.base.trim_start_matches("http://").to_owned();
    let bad: Vec<Vec<u8>> = vec![
        b"GET /v1/themes HTTP/1.1\r\nHost: x\r\nBad Header: 1\r\n\r\n".to_vec(),
        b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03\r\n\r\n".to_vec(),
        b"GET /v1/\x7fthemes HTTP/1.1\r\nHost: x\r\n\r\n".to_vec(),
        b"GET /v1/themes HTTP/1.1\r\n\r\n".to_vec(),
        b"GET /v1/themes HTTP/3.0\r\nHost: x\r\n\r\n".to_vec(),
        format!("POST /graphql HTTP/1.1\r\nHost: {host}\r\nContent-Length: +5\r\n\r\nhello").into_bytes(),
        format!("POST /graphql HTTP/1.1\r\nHost: {host}\r\nTransfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n").into_bytes(),
    ];
    for raw in &bad {
        let answer = send(&app.base, raw, wait).await;
        assert_problem(&answer, 400, "bad_request");
    }
    let many: String = (0..120).map(|i| format!("X-Field-{i}: {i}\r\n")).collect();
    let answer = send(
        &app.base,
        format!("GET /v1/themes HTTP/1.1\r\nHost: {host}\r\n{many}\r\n").as_bytes(),
        wait,
    )
    .await;
    assert_problem(&answer, 431, "request_header_fields_too_large");
    let long = format!(
        "GET /v1/themes HTTP/1.1\r\nHost: {host}\r\nX-Long: {}\r\n\r\n",
        "a".repeat(200_000)
    );
    assert_problem(
        &send(&app.base, long.as_bytes(), wait).await,
        431,
        "request_header_fields_too_large",
    );
    assert_eq!(app.get("/healthz").await.status(), 200);
}

#[actix_web::test]
async fn a_head_that_stops_arriving_gets_a_408_problem() {
    let app = TestApp::spawn().await;
    let started = Instant::now();
    let answer = send(
        &app.base,
        b"GET /v1/themes HTTP/1.1\r\nHost: x\r\n",
        Duration::from_secs(10),
    )
    .await;
    assert_problem(&answer, 408, "request_timeout");
    let took = started.elapsed();
    assert!(took < Duration::from_secs(8), "answered after {took:?}");
}

#[actix_web::test]
async fn good_heads_pass_with_what_follows_them() {
    let app = TestApp::spawn().await;
    let host = app.base.trim_start_matches("http://").to_owned();
    // Two pipelined requests in one write: both are answered, in order.
    let answer = send(
        &app.base,
        format!(
            "GET /v1/themes?limit=1 HTTP/1.1\r\nHost: {host}\r\n\r\n\
             GET /nothing HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
        )
        .as_bytes(),
        Duration::from_secs(5),
    )
    .await;
    let first = answer
        .find("HTTP/1.1 200 OK")
        .expect("the first is answered");
    let second = answer
        .find("HTTP/1.1 404 Not Found")
        .expect("the second is answered");
    assert!(first < second, "{answer}");
    // A body sent in the same write as its head reaches the handler whole.
    let query = r#"{"query":"{ themes(first: 1) { totalCount } }"}"#;
    let answer = send(
        &app.base,
        format!(
            "POST /graphql HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\n\
             Content-Length: {}\r\nConnection: close\r\n\r\n{query}",
            query.len()
        )
        .as_bytes(),
        Duration::from_secs(5),
    )
    .await;
    assert!(answer.starts_with("HTTP/1.1 200 OK"), "{answer}");
    assert!(answer.contains("\"totalCount\":"), "{answer}");
}

#[actix_web::test]
async fn a_bad_later_head_on_a_kept_alive_connection_is_a_problem_too() {
    let app = TestApp::spawn().await;
    let host = app.base.trim_start_matches("http://").to_owned();
    let good = format!("GET /v1/themes?limit=1 HTTP/1.1\r\nHost: {host}\r\n\r\n");
    let query = r#"{"query":"{ themes(first: 1) { totalCount } }"}"#;
    let post = format!(
        "POST /graphql HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\n\
         Content-Length: {}\r\n\r\n{query}",
        query.len()
    );
    let many: String = (0..120).map(|i| format!("X-Field-{i}: {i}\r\n")).collect();
    for (bad, status, code) in [
        (
            "GET /v1/themes HTTP/1.1\r\nBad Header: 1\r\n\r\n".to_owned(),
            400,
            "bad_request",
        ),
        (
            format!("GET /v1/themes HTTP/1.1\r\nHost: {host}\r\n{many}\r\n"),
            431,
            "request_header_fields_too_large",
        ),
    ] {
        // A good GET, a POST with a body, then the bad head: two answers, then the problem.
        let answer = send(
            &app.base,
            format!("{good}{post}{bad}").as_bytes(),
            Duration::from_secs(5),
        )
        .await;
        let first = answer.find("HTTP/1.1 200 OK").expect("the GET is answered");
        let second = answer[first + 1..]
            .find("HTTP/1.1 200 OK")
            .expect("the POST is answered")
            + first
            + 1;
        let problem_at = answer
            .find(&format!("HTTP/1.1 {status} "))
            .unwrap_or_else(|| panic!("no {status}: {answer}"));
        assert!(first < second && second < problem_at, "{answer}");
        assert!(
            answer[second..problem_at].contains("\"totalCount\":"),
            "{answer}"
        );
        assert_problem(&answer[problem_at..], status, code);
    }
    assert_eq!(app.get("/healthz").await.status(), 200);
}
