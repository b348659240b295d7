use crate::common;

use common::{problem, TestApp, TestDb};

#[actix_web::test]
async fn ready_when_migrated_and_reachable() {
    let app = TestApp::spawn().await;
    assert_eq!(app.json("/healthz").await["status"], "ok");
    assert_eq!(app.json("/readyz").await["status"], "ok");
    app.stop().await;
}

#[actix_web::test]
async fn not_ready_while_migrations_are_pending() {
    let app = TestApp::spawn_on(TestDb::empty()).await;
    assert_eq!(app.get("/healthz").await.status(), 200);
    let body = problem(app.get("/readyz").await, 503).await;
    assert_eq!(body["code"], "unavailable");
    app.stop().await;
}

#[actix_web::test]
async fn database_outage_is_503_with_retry_after() {
    use openpledges::app::{self, AppState};
    use openpledges::db::Db;
    // A port nobody listens on stands in for a database that is down.
    let free = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let state = AppState::new(Db::new(
        &format!("postgres://postgres@127.0.0.1:{free}/x?connect_timeout=1"),
        2,
    ));
    let srv = actix_web::test::init_service(app::build(state)).await;
    for path in ["/readyz", "/v1/municipalities"] {
        let res = actix_web::test::call_service(
            &srv,
            actix_web::test::TestRequest::get().uri(path).to_request(),
        )
        .await;
        assert_eq!(res.status(), 503, "{path}");
        assert_eq!(res.headers().get("retry-after").unwrap(), "5");
        assert_eq!(
            res.headers().get("content-type").unwrap(),
            "application/problem+json"
        );
    }
    assert_eq!(
        actix_web::test::call_service(
            &srv,
            actix_web::test::TestRequest::get()
                .uri("/healthz")
                .to_request()
        )
        .await
        .status(),
        200
    );
}
