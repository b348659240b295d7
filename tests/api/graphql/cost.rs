//! The cost of a query as executed: fragment fan-out, aliases of expensive fields, the budget of
//! SQL statements and of pooled connections, the size of the answer, and outages.

use std::time::Instant;

use super::*;

/// `fragment F0 on Query { __typename }`, and each next fragment spreading the one before
/// `fan` times, `levels` deep: a few hundred bytes that expand to `fan^levels` fields.
fn fan_out(levels: usize, fan: usize) -> String {
    let mut q = format!("{{ ...F{levels} }}\nfragment F0 on Query {{ __typename }}\n");
    for k in 1..=levels {
        let spreads = format!("...F{} ", k - 1).repeat(fan);
        q.push_str(&format!("fragment F{k} on Query {{ {spreads}}}\n"));
    }
    q
}

/// `n` aliases of one field at the root.
fn aliases(n: usize, field: &str) -> String {
    let body: String = (0..n).map(|i| format!("a{i}:{field} ")).collect();
    format!("{{{body}}}")
}

#[actix_web::test]
async fn fragment_fan_out_is_refused_before_it_expands() {
    let app = TestApp::spawn().await;
    for levels in [8, 10] {
        let q = fan_out(levels, 10);
        let started = Instant::now();
        let (status, body, statements) = post_query(&app.base, &app.client, &q, json!({})).await;
        println!(
            "fan-out 10 × {levels} levels ({} bytes): refused in {:?}",
            q.len(),
            started.elapsed()
        );
        assert_eq!(status, 200);
        assert_eq!(codes(&body), ["SELECTION_LIMIT"], "{body}");
        assert_eq!(body["data"], Value::Null);
        assert_eq!(statements, 0);
        let message = body["errors"][0]["message"].as_str().unwrap();
        assert!(message.contains("at most 2000"), "{message}");
    }
    // A fragment that spreads itself, twice over, is refused as a cycle without expanding it.
    let (_, body, _) = post_query(
        &app.base,
        &app.client,
        "{ ...A } fragment A on Query { ...A ...A __typename }",
        json!({}),
    )
    .await;
    assert_eq!(codes(&body), ["BAD_REQUEST"], "{body}");
    assert!(body["errors"][0]["message"]
        .as_str()
        .unwrap()
        .contains("cycle"));
    // Depth counts through fragments too.
    let (_, body, _) = post_query(
        &app.base,
        &app.client,
        &format!(
            "{{ pledge(id: \"solvesborg-2022-2023\") {{ ...P5 }} }}
             fragment P0 on Pledge {{ id }}
             {}",
            (1..=5)
                .map(|k| format!(
                    "fragment P{k} on Pledge {{ municipality {{ pledges(first: 1) {{ edges {{ node {{ ...P{} }} }} }} }} }}",
                    k - 1
                ))
                .collect::<String>()
        ),
        json!({}),
    )
    .await;
    assert_eq!(codes(&body), ["DEPTH_LIMIT"], "{body}");
    // A little fan-out is ordinary use of fragments: 10 × 10 fields answer.
    let (_, body, _) = post_query(&app.base, &app.client, &fan_out(2, 10), json!({})).await;
    assert!(body.get("errors").is_none(), "{body}");
    assert_eq!(body["data"]["__typename"], "Query");
    app.stop().await;
}

#[actix_web::test]
async fn aliases_of_expensive_fields_are_refused_and_a_few_answer() {
    let app = TestApp::spawn().await;
    for (what, q, code) in [
        (
            "search",
            aliases(400, "search(query:\"x\"){totalCount}"),
            "EXPENSIVE_FIELDS_LIMIT",
        ),
        (
            "compare",
            aliases(400, "compare{year}"),
            "EXPENSIVE_FIELDS_LIMIT",
        ),
        (
            "introspection",
            aliases(400, "__schema{queryType{name}}"),
            // Five schemas already weigh all there is.
            "COST_LIMIT",
        ),
        (
            "lists",
            aliases(400, "themes{totalCount}"),
            "EXPENSIVE_FIELDS_LIMIT",
        ),
        // Six schemas weigh 120: within the count, over the cost.
        (
            "schemas",
            aliases(6, "__schema{queryType{name}}"),
            "COST_LIMIT",
        ),
        (
            "totals",
            format!(
                "{{ themes {{ {} }} }}",
                (0..400)
                    .map(|i| format!("t{i}:totalCount "))
                    .collect::<String>()
            ),
            "COST_LIMIT",
        ),
    ] {
        assert!(q.len() <= 16 * 1024, "{what}: {} bytes", q.len());
        let started = Instant::now();
        let (status, body, statements) = post_query(&app.base, &app.client, &q, json!({})).await;
        println!("400 aliases of {what}: refused in {:?}", started.elapsed());
        assert_eq!(status, 200, "{what}");
        assert_eq!(codes(&body), [code], "{what}: {body}");
        assert_eq!(body["data"], Value::Null, "{what}");
        assert_eq!(statements, 0, "{what}");
        let message = body["errors"][0]["message"].as_str().unwrap();
        assert!(message.contains("at most"), "{what}: {message}");
    }

    // A modest query with a few aliases of each answers.
    let (status, body, statements) = post_query(
        &app.base,
        &app.client,
        "{ a: search(query: \"trygghet\") { totalCount } b: search(query: \"narkotika\") { totalCount }
           c: compare(year: 2023) { year } d: compare(year: 2024) { year }
           e: themes { totalCount } f: sources(first: 1) { totalCount }
           s: __schema { queryType { name } } t: __type(name: \"Pledge\") { name } }",
        json!({}),
    )
    .await;
    assert_eq!(status, 200);
    assert!(body.get("errors").is_none(), "{body}");
    assert_eq!(body["data"]["s"]["queryType"]["name"], "Query");
    assert_eq!(body["data"]["d"]["year"], 2024);
    println!("the modest query cost {statements} SQL statements");
    app.stop().await;
}

/// Root fields that each run one statement of their own (a total, without a page).
const FOUR_TOTALS: &str = "{ a: themes { totalCount } b: sources { totalCount }
    c: pledges { totalCount } d: municipalities { totalCount } }";

#[actix_web::test]
async fn a_request_keeps_to_its_sql_statements_and_connections() {
    let app = LimitedApp::spawn(
        TestDb::loaded(),
        Limits {
            max_sql_statements: 3,
            ..Limits::default()
        },
    )
    .await;
    let (status, body, statements) =
        post_query(&app.base, &app.client, FOUR_TOTALS, json!({})).await;
    assert_eq!(status, 200);
    assert_eq!(codes(&body), ["SQL_STATEMENT_LIMIT"], "{body}");
    assert_eq!(statements, 3, "the budget is spent, not exceeded");
    let message = body["errors"][0]["message"].as_str().unwrap();
    assert!(message.contains("at most 3"), "{message}");
    // Under budget: three totals answer.
    let (_, body, statements) = post_query(
        &app.base,
        &app.client,
        "{ a: themes { totalCount } b: sources { totalCount } c: pledges { totalCount } }",
        json!({}),
    )
    .await;
    assert!(body.get("errors").is_none(), "{body}");
    assert_eq!(statements, 3);
    app.stop().await;

    // However many root fields run at once, a request holds at most its share of the pool (4
    // connections here; 2 for a request by default).
    let app = TestApp::spawn().await;
    let q = aliases(10, "themes{totalCount}");
    let res = app
        .client
        .post(app.url("/graphql"))
        .json(&json!({ "query": q }))
        .send()
        .await
        .unwrap();
    let held: usize = res.headers()["x-sql-connections"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    let statements: u64 = res.headers()["x-sql-statements"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    let body: Value = res.json().await.unwrap();
    assert!(body.get("errors").is_none(), "{body}");
    assert_eq!(statements, 10);
    assert!((1..=2).contains(&held), "held {held} connections at once");
    // The README's query keeps well within the default budget.
    let (_, body, statements) = post_query(&app.base, &app.client, ISSUE_QUERY, json!({})).await;
    assert!(body.get("errors").is_none(), "{body}");
    assert!(statements <= 100, "{statements}");
    app.stop().await;

    let one = LimitedApp::spawn(
        TestDb::loaded(),
        Limits {
            max_connections: 1,
            ..Limits::default()
        },
    )
    .await;
    let res = one
        .client
        .post(format!("{}/graphql", one.base))
        .json(&json!({ "query": q }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.headers()["x-sql-connections"], "1");
    let body: Value = res.json().await.unwrap();
    assert!(body.get("errors").is_none(), "{body}");
    one.stop().await;
}

#[actix_web::test]
async fn an_answer_over_its_size_is_refused_not_sent() {
    let app = LimitedApp::spawn(
        TestDb::loaded(),
        Limits {
            max_response_bytes: 2_000,
            ..Limits::default()
        },
    )
    .await;
    let (status, body, _) = post_query(
        &app.base,
        &app.client,
        "{ __schema { types { name description } } }",
        json!({}),
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(codes(&body), ["RESPONSE_TOO_LARGE"], "{body}");
    assert_eq!(body["data"], Value::Null);
    let message = body["errors"][0]["message"].as_str().unwrap();
    assert!(message.contains("at most 2000"), "{message}");
    // A small answer still goes out.
    let (_, body, _) = post_query(
        &app.base,
        &app.client,
        "{ themes { totalCount } }",
        json!({}),
    )
    .await;
    assert!(body.get("errors").is_none(), "{body}");
    app.stop().await;
}

#[actix_web::test]
async fn an_outage_is_503_with_retry_after() {
    // A port nobody listens on stands in for a database that is down, as in tests/health.rs.
    let free = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let down = LimitedApp::spawn_on(
        &format!("postgres://postgres@127.0.0.1:{free}/x?connect_timeout=1"),
        None,
        Limits::default(),
    )
    .await;
    let (status, body, _) = post_query(&down.base, &down.client, FOUR_TOTALS, json!({})).await;
    assert_eq!(status, 503, "{body}");
    assert!(codes(&body).iter().all(|c| c == "UNAVAILABLE"), "{body}");
    let res = down
        .client
        .get(format!(
            "{}/graphql?query=%7B%20pledges%20%7B%20totalCount%20%7D%20%7D",
            down.base
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 503);
    assert_eq!(res.headers()["retry-after"], "5");
    assert_eq!(res.headers()["cache-control"], "no-store");
    // An error of the request's own making is still the request's: 200, not 503.
    let (status, body, _) = post_query(
        &down.base,
        &down.client,
        "{ municipality(id: \"Sölvesborg\") { id } }",
        json!({}),
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(codes(&body), ["BAD_REQUEST"], "{body}");
    let res = down
        .client
        .get(format!("{}/healthz", down.base))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    down.stop().await;

    // A database that takes connections and never answers: the first reads wait out the
    // connection timeout, and the request's other reads give up at once instead of each waiting
    // in turn behind the request's two connections.
    let silent = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = silent.local_addr().unwrap().port();
    let hung = LimitedApp::spawn_on(
        &format!("postgres://postgres@127.0.0.1:{port}/x?connect_timeout=1"),
        None,
        Limits::default(),
    )
    .await;
    let started = Instant::now();
    let (status, body, _) = post_query(
        &hung.base,
        &hung.client,
        &aliases(10, "themes{totalCount}"),
        json!({}),
    )
    .await;
    println!(
        "10 root lists over a silent database: 503 in {:?}",
        started.elapsed()
    );
    assert_eq!(status, 503, "{body}");
    assert_eq!(codes(&body).len(), 10, "{body}");
    assert!(codes(&body).iter().all(|c| c == "UNAVAILABLE"), "{body}");
    hung.stop().await;
    drop(silent);
}
