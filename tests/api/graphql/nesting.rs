//! Values nested far past any limit, in the query and in the JSON around it, by POST and by GET:
//! refused with `NESTING_LIMIT`, and the process is still there to answer. A stack overflow would
//! abort this test binary, so every assertion after one of these requests is the proof.

use super::*;

/// Far past the limit of 48, and past the ~1 500 levels that used to abort the process.
const LEVELS: usize = 5_000;

/// `[[[…1…]]]`.
fn lists(levels: usize) -> String {
    format!("{}1{}", "[".repeat(levels), "]".repeat(levels))
}

/// `{a:{a:{…{a:1}…}}}` in GraphQL, or with quoted keys in JSON.
fn objects(levels: usize, key: &str) -> String {
    format!(
        "{}1{}",
        format!("{{{key}:").repeat(levels),
        "}".repeat(levels)
    )
}

/// GET `/graphql` with these parameters, form-encoded.
async fn get_query(base: &str, client: &reqwest::Client, params: &[(&str, &str)]) -> (u16, Value) {
    let qs = serde_urlencoded::to_string(params).expect("encode");
    let res = client
        .get(format!("{base}/graphql?{qs}"))
        .send()
        .await
        .unwrap_or_else(|e| panic!("GET ({} bytes): {}", qs.len(), e.without_url()));
    let status = res.status().as_u16();
    let text = res.text().await.expect("body");
    let body = serde_json::from_str(&text)
        .unwrap_or_else(|e| panic!("GET ({} bytes): {status} {e}: {text:?}", qs.len()));
    (status, body)
}

async fn still_up(base: &str, client: &reqwest::Client) {
    let res = client
        .get(format!("{base}/healthz"))
        .send()
        .await
        .expect("the process still answers");
    assert_eq!(res.status(), 200);
    let (status, body, _) = post_query(base, client, "{ themes { totalCount } }", json!({})).await;
    assert_eq!(status, 200);
    assert!(body["data"]["themes"]["totalCount"].is_number(), "{body}");
}

fn assert_refused(status: u16, body: &Value, expected_status: u16, what: &str) {
    assert_eq!(status, expected_status, "{what}: {body}");
    assert_eq!(codes(body), ["NESTING_LIMIT"], "{what}: {body}");
    let message = body["errors"][0]["message"].as_str().unwrap_or("");
    assert!(message.contains("at most 48"), "{what}: {message}");
}

#[actix_web::test]
async fn values_nested_far_past_the_limit_are_refused_and_the_process_survives() {
    // The size limit would refuse the deepest of these first; lifted, the nesting limit must hold
    // on its own.
    let app = LimitedApp::spawn(
        TestDb::loaded(),
        Limits {
            max_query_bytes: 60 * 1024,
            ..Limits::default()
        },
    )
    .await;
    let in_query = [
        (
            "lists in an argument",
            format!("{{ themes(first: {}) {{ totalCount }} }}", lists(LEVELS)),
        ),
        (
            "input objects in an argument",
            format!(
                "{{ pledges(filter: {}) {{ totalCount }} }}",
                objects(LEVELS, "a")
            ),
        ),
        (
            "lists in a variable's default",
            format!(
                "query($n: Int = {}) {{ themes(first: $n) {{ totalCount }} }}",
                lists(LEVELS)
            ),
        ),
        (
            "selection sets",
            format!("{}{}", "{ a ".repeat(LEVELS), "}".repeat(LEVELS)),
        ),
    ];
    for (what, q) in &in_query {
        let (status, body, statements) = post_query(&app.base, &app.client, q, json!({})).await;
        assert_refused(status, &body, 200, &format!("POST, {what}"));
        assert_eq!(statements, 0, "{what}");
        still_up(&app.base, &app.client).await;
        let (status, body) = get_query(&app.base, &app.client, &[("query", q)]).await;
        assert_refused(status, &body, 200, &format!("GET, {what}"));
        still_up(&app.base, &app.client).await;
    }

    // The same inside the variables' JSON: refused before the JSON is parsed.
    let q = "query($v: Int) { themes(first: $v) { totalCount } }";
    for (what, v) in [
        ("lists", lists(LEVELS)),
        ("objects", objects(LEVELS, "\"a\"")),
    ] {
        let body = format!("{{\"query\": {}, \"variables\": {{\"v\": {v}}}}}", json!(q));
        let res = app
            .client
            .post(format!("{}/graphql", app.base))
            .header("content-type", "application/json")
            .body(body)
            .send()
            .await
            .expect("request");
        let status = res.status().as_u16();
        let body: Value = res.json().await.expect("json body");
        assert_refused(status, &body, 400, &format!("POST variables, {what}"));
        still_up(&app.base, &app.client).await;
        // A URI holds at most 64 KiB: 3 000 levels of objects is what fits in one, still far past
        // the limit (and past serde_json's own 128).
        let v = if what == "objects" {
            objects(3_000, "\"a\"")
        } else {
            v
        };
        let vars = format!("{{\"v\": {v}}}");
        let (status, body) = get_query(
            &app.base,
            &app.client,
            &[("query", q), ("variables", &vars)],
        )
        .await;
        assert_refused(status, &body, 400, &format!("GET variables, {what}"));
        still_up(&app.base, &app.client).await;
    }
    app.stop().await;

    // The shipped limits refuse what fits in their size limit the same way.
    let app = TestApp::spawn().await;
    let q = format!("{{ themes(first: {}) {{ totalCount }} }}", lists(LEVELS));
    let (status, body, _) = post_query(&app.base, &app.client, &q, json!({})).await;
    assert_refused(status, &body, 200, "POST, default limits");
    still_up(&app.base, &app.client).await;
    app.stop().await;
}

#[actix_web::test]
async fn nesting_within_the_limit_is_left_to_validation() {
    let app = TestApp::spawn().await;
    // 40 levels of lists: not a stack's worth, and refused by the types, not by the scan.
    let q = format!("{{ themes(first: {}) {{ totalCount }} }}", lists(40));
    let (status, body, _) = post_query(&app.base, &app.client, &q, json!({})).await;
    assert_eq!(status, 200);
    assert!(
        !codes(&body).contains(&"NESTING_LIMIT".to_owned()),
        "{body}"
    );
    assert_eq!(body["data"], Value::Null, "{body}");
    // Brackets inside strings and comments are not nesting.
    let q = format!(
        "# {}\n{{ search(query: \"{}\") {{ totalCount }} }}",
        "[".repeat(3000),
        "[".repeat(100)
    );
    let (_, body, _) = post_query(&app.base, &app.client, &q, json!({})).await;
    assert!(
        !codes(&body).contains(&"NESTING_LIMIT".to_owned()),
        "{body}"
    );
    app.stop().await;
}
