//! Each limit refuses with its code; errors carry the codes of the API's error kinds.

use super::*;

/// A query `levels` relations deep: pledge → municipality → pledges → node → municipality → ….
fn deep_query(levels: usize) -> String {
    let mut q = String::from("id");
    for _ in 0..levels {
        q = format!("municipality {{ pledges(first: 1) {{ edges {{ node {{ {q} }} }} }} }}");
    }
    format!("{{ pledge(id: \"solvesborg-2022-2023\") {{ {q} }} }}")
}

#[actix_web::test]
async fn each_limit_refuses_with_its_code_before_any_sql() {
    let app = TestApp::spawn().await;
    let cases: Vec<(&str, String, Value)> = vec![
        (
            "FIRST_TOO_LARGE",
            "{ municipalities(first: 101) { totalCount } }".into(),
            json!({}),
        ),
        (
            "FIRST_TOO_LARGE",
            "{ pledges(first: 1) { edges { node { activities(first: 500) { totalCount } } } } }"
                .into(),
            json!({}),
        ),
        (
            "FIRST_TOO_LARGE",
            "query($n: Int) { themes(first: $n) { totalCount } }".into(),
            json!({ "n": 1000 }),
        ),
        (
            "FIRST_TOO_LARGE",
            "query($n: Int = 150) { sources(first: $n) { totalCount } }".into(),
            json!({}),
        ),
        ("DEPTH_LIMIT", deep_query(6), json!({})),
        (
            "COMPLEXITY_LIMIT",
            "{ municipalities(first: 100) { edges { node { pledges(first: 100) { edges { node {
                focusAreas(first: 100) { edges { node { id title } } } } } } } } } }"
                .into(),
            json!({}),
        ),
        (
            "QUERY_TOO_LARGE",
            format!("{{ themes {{ totalCount }} }}\n#{}", "x".repeat(20 * 1024)),
            json!({}),
        ),
    ];
    for (code, q, vars) in cases {
        let (status, body, statements) = post_query(&app.base, &app.client, &q, vars).await;
        assert_eq!(status, 200, "{code}");
        assert_eq!(codes(&body), [code], "{body}");
        assert_eq!(body["data"], Value::Null, "{code}: nothing is executed");
        assert_eq!(statements, 0, "{code}: no SQL");
        let message = body["errors"][0]["message"].as_str().unwrap();
        assert!(
            message.contains("at most"),
            "{code}: the message names the limit: {message}"
        );
    }
    // Just under the limits passes: a depth of 5 nested relations, `first: 100`.
    let (_, ok, _) = post_query(&app.base, &app.client, &deep_query(4), json!({})).await;
    assert!(ok.get("errors").is_none(), "{ok}");
    let (_, ok, _) = post_query(
        &app.base,
        &app.client,
        "{ municipalities(first: 100) { totalCount } }",
        json!({}),
    )
    .await;
    assert_eq!(ok["data"]["municipalities"]["totalCount"], 8);

    // The body itself is bounded too.
    let res = app
        .client
        .post(app.url("/graphql"))
        .header("content-type", "application/json")
        .body(format!(
            "{{\"query\": \"{{ themes {{ totalCount }} }}\", \"variables\": {{\"pad\": \"{}\"}}}}",
            "x".repeat(70 * 1024)
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 413);
    let body: Value = res.json().await.unwrap();
    assert_eq!(codes(&body), ["QUERY_TOO_LARGE"]);

    // The configured limits are the schema's, not fixed: a stricter app refuses the issue's query.
    let strict = LimitedApp::spawn(
        TestDb::loaded(),
        Limits {
            max_complexity: 170_000,
            ..Limits::default()
        },
    )
    .await;
    let (_, body, _) = post_query(&strict.base, &strict.client, ISSUE_QUERY, json!({})).await;
    assert_eq!(codes(&body), ["COMPLEXITY_LIMIT"]);
    assert!(
        body["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("170301"),
        "{body}"
    );
    strict.stop().await;
    app.stop().await;
}

#[actix_web::test]
async fn errors_carry_codes_from_the_api_error_kinds() {
    let app = TestApp::spawn().await;
    // Not found: null, and a NOT_FOUND error at its path.
    let (status, body, _) = post_query(
        &app.base,
        &app.client,
        "{ pledge(id: \"nope-2020\") { id } municipality(id: \"solvesborg\") { id } }",
        json!({}),
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(body["data"]["pledge"], Value::Null);
    assert_eq!(body["data"]["municipality"]["id"], "solvesborg");
    assert_eq!(codes(&body), ["NOT_FOUND"]);
    assert_eq!(body["errors"][0]["path"], json!(["pledge"]));
    assert!(body["errors"][0]["message"]
        .as_str()
        .unwrap()
        .contains("nope-2020"));
    for q in [
        "{ municipality(id: \"atlantis\") { id } }",
        "{ activity(id: \"solvesborg-2022-2023/a9\") { id } }",
        "{ theme(code: \"weather\") { code } }",
    ] {
        let (_, body, _) = post_query(&app.base, &app.client, q, json!({})).await;
        assert_eq!(codes(&body), ["NOT_FOUND"], "{q}");
    }

    // Bad values, as REST refuses them, naming the argument.
    for (q, argument) in [
        ("{ municipality(id: \"Sölvesborg\") { id } }", "id"),
        (
            "{ focusArea(id: \"solvesborg-2022-2023/x1\") { id } }",
            "id",
        ),
        (
            "{ pledges(filter: {year: [22]}) { totalCount } }",
            "filter.year",
        ),
        (
            "{ pledges(filter: {theme: [\"Traffic\"]}) { totalCount } }",
            "filter.theme",
        ),
        (
            "{ pledges(filter: {municipality: []}) { totalCount } }",
            "filter.municipality",
        ),
        ("{ pledges(filter: {q: \" \"}) { totalCount } }", "filter.q"),
        (
            "{ municipalities(after: \"bogus\") { totalCount } }",
            "after",
        ),
        ("{ municipalities(first: -1) { totalCount } }", "first"),
    ] {
        let (_, body, _) = post_query(&app.base, &app.client, q, json!({})).await;
        assert_eq!(codes(&body), ["BAD_REQUEST"], "{q}: {body}");
        assert_eq!(body["errors"][0]["extensions"]["argument"], argument, "{q}");
    }
    // A cursor belongs to its list's order.
    let m = query(
        &app,
        "{ municipalities(first: 1) { pageInfo { endCursor } } }",
    )
    .await;
    let cursor = m["municipalities"]["pageInfo"]["endCursor"]
        .as_str()
        .unwrap()
        .to_owned();
    let (_, body, _) = post_query(
        &app.base,
        &app.client,
        "query($c: String) { pledge(id: \"solvesborg-2022-2023\") { focusAreas(after: $c) { totalCount } } }",
        json!({ "c": cursor }),
    )
    .await;
    assert_eq!(codes(&body), ["BAD_REQUEST"], "{body}");

    // Requests that are not GraphQL at all.
    let res = app
        .client
        .post(app.url("/graphql"))
        .header("content-type", "application/json")
        .body("{")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 400);
    assert_eq!(codes(&res.json().await.unwrap()), ["BAD_REQUEST"]);
    let res = app
        .client
        .post(app.url("/graphql"))
        .header("content-type", "text/plain")
        .body("{ themes { totalCount } }")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 415);
    let res = app.client.put(app.url("/graphql")).send().await.unwrap();
    assert_eq!(res.status(), 405);
    assert_eq!(res.headers()["allow"], "GET, POST, OPTIONS");
    let res = app.get("/graphql").await;
    assert_eq!(res.status(), 400, "GET without a query");
    app.stop().await;

    // The database is down: UNAVAILABLE, 503 with Retry-After as in REST, with nothing cached.
    let down = LimitedApp::spawn_on(
        "postgres://postgres@127.0.0.1:9/none",
        None,
        Limits::default(),
    )
    .await;
    let (status, body, _) = post_query(
        &down.base,
        &down.client,
        "{ pledges { totalCount } }",
        json!({}),
    )
    .await;
    assert_eq!(status, 503);
    assert_eq!(codes(&body), ["UNAVAILABLE"], "{body}");
    let res = down
        .client
        .get(format!(
            "{}/graphql?query=%7B%20themes%20%7B%20totalCount%20%7D%20%7D",
            down.base
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 503);
    assert_eq!(res.headers()["retry-after"], "5");
    assert_eq!(res.headers()["cache-control"], "no-store");
    assert!(res.headers().get("etag").is_none());
    down.stop().await;
}
