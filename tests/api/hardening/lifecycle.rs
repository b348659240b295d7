//! The process's life: it listens while its database is away and recovers by itself; on SIGTERM
//! it turns unready first, keeps serving through the drain period, and fails no request.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::common::process::{free_addr, Running};
use crate::common::TestDb;

/// A TCP relay from `listen` to `target`, started later: the database "comes back" when it starts.
fn relay(listen: TcpListener, target: String) {
    std::thread::spawn(move || {
        for client in listen.incoming().flatten() {
            let Ok(server) = TcpStream::connect(&target) else {
                continue;
            };
            for (mut from, mut to) in [
                (client.try_clone().unwrap(), server.try_clone().unwrap()),
                (server, client),
            ] {
                std::thread::spawn(move || {
                    let mut buf = [0u8; 16384];
                    while let Ok(n) = from.read(&mut buf) {
                        if n == 0 || to.write_all(&buf[..n]).is_err() {
                            break;
                        }
                    }
                    let _ = to.shutdown(std::net::Shutdown::Both);
                });
            }
        }
    });
}

#[actix_web::test]
async fn it_starts_while_the_database_is_down_and_recovers_when_it_returns() {
    let db = TestDb::empty();
    // postgres://user@host:port/name → the same with a port where nothing listens yet.
    let (head, name) = db.url.rsplit_once('/').unwrap();
    let target = head.rsplit_once('@').unwrap().1.to_owned();
    let placeholder = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = placeholder.local_addr().unwrap().port();
    drop(placeholder);
    let url = format!("postgres://postgres@127.0.0.1:{port}/{name}");
    let addr = free_addr();
    let app = Running::service(
        &[("DATABASE_URL", &url), ("OPENPLEDGES_ADDR", &addr)],
        &addr,
    );
    let deadline = Instant::now() + Duration::from_secs(30);
    while app.status("/healthz").await != Some(200) {
        assert!(Instant::now() < deadline, "never listened: {}", app.log());
        actix_web::rt::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(app.status("/readyz").await, Some(503));
    let res = app.client.get(app.url("/v1/themes")).send().await.unwrap();
    assert_eq!(res.status(), 503);
    assert!(res.headers().contains_key("retry-after"));
    assert_eq!(res.headers()["content-type"], "application/problem+json");
    // The database comes back.
    relay(TcpListener::bind(("127.0.0.1", port)).unwrap(), target);
    app.wait_ready(Duration::from_secs(60)).await;
    assert_eq!(app.json("/v1/themes").await["total"], 11);
    app.stop();
}

#[actix_web::test]
async fn sigterm_turns_unready_first_and_fails_no_request() {
    let db = TestDb::empty();
    let addr = free_addr();
    let app = Running::start(
        std::path::Path::new(env!("CARGO_BIN_EXE_openpledges")),
        &std::env::temp_dir(),
        &[
            ("DATABASE_URL", &db.url),
            ("OPENPLEDGES_ADDR", &addr),
            ("OPENPLEDGES_DRAIN_SECONDS", "2"),
        ],
        &addr,
    )
    .await;
    let (served, failed) = (Arc::new(AtomicUsize::new(0)), Arc::new(AtomicUsize::new(0)));
    let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let mut load = Vec::new();
    for _ in 0..8 {
        let (client, url) = (app.client.clone(), app.url("/v1/activities?limit=3"));
        let (served, failed, stop) = (served.clone(), failed.clone(), stop.clone());
        load.push(actix_web::rt::spawn(async move {
            while !stop.load(Ordering::SeqCst) {
                let ok = match client.get(&url).send().await {
                    Ok(r) => r.status() == 200 && r.bytes().await.is_ok(),
                    Err(_) => false,
                };
                let counter = if ok { &served } else { &failed };
                counter.fetch_add(1, Ordering::SeqCst);
            }
        }));
    }
    actix_web::rt::time::sleep(Duration::from_millis(300)).await;
    app.signal(libc::SIGTERM);
    // Like a load balancer: keep sending until readiness fails, then stop sending.
    let deadline = Instant::now() + Duration::from_secs(10);
    while app.status("/readyz").await == Some(200) {
        assert!(Instant::now() < deadline, "/readyz never turned 503");
        actix_web::rt::time::sleep(Duration::from_millis(20)).await;
    }
    let at_unready = served.load(Ordering::SeqCst);
    // The drain period: still served.
    assert_eq!(app.status("/v1/themes").await, Some(200));
    stop.store(true, Ordering::SeqCst);
    for task in load {
        task.await.unwrap();
    }
    assert_eq!(
        failed.load(Ordering::SeqCst),
        0,
        "requests failed around SIGTERM"
    );
    assert!(at_unready > 0, "no load was served");
    let log = app.stop();
    assert!(log.contains("draining"), "{log}");
}
