//! The GraphQL interface over HTTP: the issue's query against the bundled data, the same values as
//! REST and as the dataset, a fixed number of SQL statements whatever the page sizes, the limits,
//! errors, caching, CORS, the committed SDL and the GraphiQL page.

use crate::common;

mod cost;
mod http;
mod limits;
mod nesting;
mod node;
mod prefetch;
mod reference;
mod said;
mod shape;
mod values;

use std::net::TcpListener;

use actix_web::web;
use common::{TestApp, TestDb};
use openpledges::app::{self, AppState};
use openpledges::db::{self, Db};
use openpledges::graphql::{self, Limits};
use serde_json::{json, Value};

/// The query of issue 5, verbatim.
const ISSUE_QUERY: &str = "{ municipalities(first: 10) { totalCount pageInfo { hasNextPage endCursor } edges { node { id name code
  pledges(first: 10) { edges { node { id title periodStart periodEnd municipality { id }
  focusAreas(first: 10) { edges { node { id title themes { code labelSv labelEn }
  activities(first: 20) { edges { node { id title status statusHistory { status effectiveOn } } } } } } }
  sources { id title } } } } } } } }";

/// POSTs a query; returns the status, the body and the SQL statements it cost.
pub(crate) async fn post_query(
    base: &str,
    client: &reqwest::Client,
    query: &str,
    variables: Value,
) -> (u16, Value, u64) {
    let res = client
        .post(format!("{base}/graphql"))
        .json(&json!({ "query": query, "variables": variables }))
        .send()
        .await
        .expect("request");
    let status = res.status().as_u16();
    let statements = res
        .headers()
        .get("x-sql-statements")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    (status, res.json().await.expect("json body"), statements)
}

async fn query(app: &TestApp, q: &str) -> Value {
    let (status, body, _) = post_query(&app.base, &app.client, q, json!({})).await;
    assert_eq!(status, 200);
    assert!(body.get("errors").is_none(), "errors: {body}");
    body["data"].clone()
}

/// The error codes of a response.
fn codes(body: &Value) -> Vec<String> {
    body["errors"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|e| e["extensions"]["code"].as_str().unwrap_or("").to_owned())
                .collect()
        })
        .unwrap_or_default()
}

fn nodes(conn: &Value) -> Vec<Value> {
    conn["edges"]
        .as_array()
        .unwrap_or_else(|| panic!("not a connection: {conn}"))
        .iter()
        .map(|e| e["node"].clone())
        .collect()
}

fn find(list: &[Value], id: &str) -> Value {
    list.iter()
        .find(|n| n["id"] == id)
        .unwrap_or_else(|| panic!("{id} missing"))
        .clone()
}

/// The app with these GraphQL limits, on a random port.
struct LimitedApp {
    base: String,
    client: reqwest::Client,
    server: actix_web::dev::ServerHandle,
    _db: Option<TestDb>,
}

impl LimitedApp {
    async fn spawn(db: TestDb, limits: Limits) -> LimitedApp {
        Self::spawn_on(&db.url.clone(), Some(db), limits).await
    }

    /// Over any database URL, reachable or not.
    async fn spawn_on(url: &str, db: Option<TestDb>, limits: Limits) -> LimitedApp {
        let state = AppState::new(Db::new(url, 4));
        let schema = web::Data::new(graphql::build(limits));
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
        let port = listener.local_addr().expect("addr").port();
        let server =
            actix_web::HttpServer::new(move || app::build(state.clone()).app_data(schema.clone()))
                .workers(1)
                .listen(listener)
                .expect("listen")
                .run();
        let handle = server.handle();
        actix_web::rt::spawn(server);
        LimitedApp {
            base: format!("http://127.0.0.1:{port}"),
            client: reqwest::Client::new(),
            server: handle,
            _db: db,
        }
    }

    async fn stop(self) {
        self.server.stop(true).await;
    }
}
