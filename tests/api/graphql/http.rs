//! HTTP: caching, CORS, the committed SDL, descriptions, GraphiQL.

use super::*;

#[actix_web::test]
async fn get_is_cached_like_rest_and_post_is_not() {
    let app = TestApp::spawn().await;
    let q = "{ pledge(id: \"solvesborg-2022-2023\") { id title focusAreas { totalCount } } }";
    let url = format!(
        "/graphql?query={}",
        q.replace(' ', "%20")
            .replace('"', "%22")
            .replace('{', "%7B")
            .replace('}', "%7D")
    );
    let res = app.get(&url).await;
    assert_eq!(res.status(), 200);
    assert_eq!(
        res.headers()["cache-control"],
        "public, max-age=60, stale-while-revalidate=300"
    );
    assert_eq!(res.headers()["content-type"], "application/json");
    let etag = res.headers()["etag"].to_str().unwrap().to_owned();
    assert!(etag.starts_with('"'), "a strong ETag: {etag}");
    let statements: u64 = res.headers()["x-sql-statements"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert_eq!(
        statements, 1,
        "the pledge with its focus areas, in one statement"
    );
    let got: Value = res.json().await.unwrap();
    let (_, posted, _) = post_query(&app.base, &app.client, q, json!({})).await;
    assert_eq!(got, posted, "GET and POST answer alike");
    assert_eq!(got["data"]["pledge"]["focusAreas"]["totalCount"], 3);

    let again = app
        .client
        .get(app.url(&url))
        .header("If-None-Match", &etag)
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), 304);
    assert_eq!(again.headers()["etag"].to_str().unwrap(), etag);

    let posted = app
        .client
        .post(app.url("/graphql"))
        .json(&json!({ "query": q }))
        .header("If-None-Match", &etag)
        .send()
        .await
        .unwrap();
    assert_eq!(posted.status(), 200, "POST is never a 304");
    assert_eq!(posted.headers()["cache-control"], "no-store");
    assert!(posted.headers().get("etag").is_none());

    // Variables and an operation name by GET, as GraphQL over HTTP has them.
    let res = app
        .get("/graphql?query=query%20One(%24id%3A%20ID!)%20%7B%20municipality(id%3A%20%24id)%20%7B%20name%20%7D%20%7D&variables=%7B%22id%22%3A%221083%22%7D&operationName=One")
        .await;
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["data"]["municipality"]["name"], "Sölvesborg");

    // A response with errors is not cacheable.
    let res = app
        .get("/graphql?query=%7B%20pledge(id%3A%20%22nope-2020%22)%20%7B%20id%20%7D%20%7D")
        .await;
    assert_eq!(res.headers()["cache-control"], "no-store");
    assert!(res.headers().get("etag").is_none());
    app.stop().await;
}

#[actix_web::test]
async fn cors_allows_posting_queries_and_rest_stays_read_only() {
    let app = TestApp::spawn().await;
    let origin = "https://example.org";
    let preflight = app
        .client
        .request(reqwest::Method::OPTIONS, app.url("/graphql"))
        .header("Origin", origin)
        .header("Access-Control-Request-Method", "POST")
        .header("Access-Control-Request-Headers", "content-type")
        .send()
        .await
        .unwrap();
    assert_eq!(preflight.status(), 200);
    let h = preflight.headers();
    assert_eq!(h["access-control-allow-origin"], origin);
    assert!(h["access-control-allow-methods"]
        .to_str()
        .unwrap()
        .contains("POST"));
    assert!(h["access-control-allow-headers"]
        .to_str()
        .unwrap()
        .contains("content-type"));
    assert!(
        h.get("access-control-allow-credentials").is_none(),
        "no credentials"
    );

    let res = app
        .client
        .post(app.url("/graphql"))
        .header("Origin", origin)
        .json(&json!({ "query": "{ themes { totalCount } }" }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    // Public data: any origin may read, without credentials.
    assert_eq!(res.headers()["access-control-allow-origin"], "*");

    // REST: a POST preflight is not granted, and a POST is a 405.
    let rest_preflight = app
        .client
        .request(reqwest::Method::OPTIONS, app.url("/v1/pledges"))
        .header("Origin", origin)
        .header("Access-Control-Request-Method", "POST")
        .send()
        .await
        .unwrap();
    let granted = rest_preflight.status() == 200
        && rest_preflight
            .headers()
            .get("access-control-allow-methods")
            .is_some_and(|m| m.to_str().unwrap().contains("POST"));
    assert!(!granted, "POST must not be granted on REST paths");
    let get_preflight = app
        .client
        .request(reqwest::Method::OPTIONS, app.url("/v1/pledges"))
        .header("Origin", origin)
        .header("Access-Control-Request-Method", "GET")
        .send()
        .await
        .unwrap();
    assert_eq!(
        get_preflight.status(),
        200,
        "GET preflights on REST still pass"
    );
    let post = app
        .client
        .post(app.url("/v1/pledges"))
        .header("Origin", origin)
        .send()
        .await
        .unwrap();
    common::problem(post, 405).await;
    app.stop().await;
}

#[actix_web::test]
async fn the_committed_sdl_is_current() {
    let app = TestApp::spawn().await;
    let served = app
        .get("/graphql/schema.graphql")
        .await
        .text()
        .await
        .unwrap();
    let committed = std::fs::read_to_string(common::project_dir().join("schema/schema.graphql"))
        .unwrap_or_default();
    assert!(
        served == committed,
        "schema/schema.graphql is stale: run `cargo run -- graphql-schema > schema/schema.graphql`"
    );
    let printed = std::process::Command::new(env!("CARGO_BIN_EXE_openpledges"))
        .arg("graphql-schema")
        .output()
        .unwrap();
    assert!(printed.status.success());
    assert_eq!(String::from_utf8(printed.stdout).unwrap(), committed);
    for t in [
        "type Municipality",
        "type PledgeConnection",
        "enum Status",
        "input PledgeFilter",
        "scalar Date",
    ] {
        assert!(committed.contains(t), "{t}");
    }
    app.stop().await;
}

#[actix_web::test]
async fn every_type_field_argument_and_value_has_a_description() {
    let app = TestApp::spawn().await;
    let data = query(
        &app,
        "{ __schema { types { name kind description
            fields { name description args { name description } }
            inputFields { name description }
            enumValues { name description } } } }",
    )
    .await;
    let mut missing = Vec::new();
    let blank = |v: &Value| v.as_str().is_none_or(|s| s.trim().is_empty());
    for t in data["__schema"]["types"].as_array().unwrap() {
        let name = t["name"].as_str().unwrap();
        if name.starts_with("__") || ["String", "Int", "Boolean", "Float", "ID"].contains(&name) {
            continue;
        }
        if blank(&t["description"]) {
            missing.push(name.to_owned());
        }
        for f in t["fields"].as_array().into_iter().flatten() {
            if blank(&f["description"]) {
                missing.push(format!("{name}.{}", f["name"]));
            }
            for a in f["args"].as_array().into_iter().flatten() {
                if blank(&a["description"]) {
                    missing.push(format!("{name}.{}({})", f["name"], a["name"]));
                }
            }
        }
        for f in t["inputFields"].as_array().into_iter().flatten() {
            if blank(&f["description"]) {
                missing.push(format!("{name}.{}", f["name"]));
            }
        }
        for v in t["enumValues"].as_array().into_iter().flatten() {
            if blank(&v["description"]) {
                missing.push(format!("{name}.{}", v["name"]));
            }
        }
    }
    assert!(missing.is_empty(), "without a description: {missing:?}");
    app.stop().await;
}

#[actix_web::test]
async fn graphiql_is_served_from_here_with_nothing_from_other_hosts() {
    let app = TestApp::spawn().await;
    let res = app.get("/graphiql").await;
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["content-type"], "text/html; charset=utf-8");
    let csp = res.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(
        csp.contains("script-src 'self'") && csp.contains("connect-src 'self'"),
        "{csp}"
    );
    let html = res.text().await.unwrap();
    assert!(
        !html.contains("http://") && !html.contains("https://"),
        "no other host: {html}"
    );
    let mut assets = Vec::new();
    for attr in ["src=\"", "href=\""] {
        for part in html.split(attr).skip(1) {
            assets.push(part.split('"').next().unwrap().to_owned());
        }
    }
    assert_eq!(assets.len(), 5, "{assets:?}");
    for a in &assets {
        let res = app.get(&format!("/{a}")).await;
        assert_eq!(res.status(), 200, "{a}");
        let ct = res.headers()["content-type"].to_str().unwrap().to_owned();
        assert!(
            ct.starts_with("text/javascript") || ct.starts_with("text/css"),
            "{a}: {ct}"
        );
        let body = res.bytes().await.unwrap();
        assert!(body.len() > 500, "{a}");
    }
    // The boot script talks to this service's endpoint only.
    let boot = app
        .get("/graphiql/assets/boot.js")
        .await
        .text()
        .await
        .unwrap();
    assert!(boot.contains("new URL('graphql', document.baseURI)"));
    for licence in [
        "LICENSE.graphiql",
        "LICENSE.react",
        "LICENSE.react-dom",
        "THIRD_PARTY_LICENSES.txt",
    ] {
        let res = app.get(&format!("/graphiql/assets/{licence}")).await;
        assert_eq!(res.status(), 200, "{licence}");
        assert!(res.text().await.unwrap().contains("MIT"), "{licence}");
    }
    common::problem(app.get("/graphiql/assets/nothing.js").await, 404).await;
    common::problem(
        app.client.post(app.url("/graphiql")).send().await.unwrap(),
        405,
    )
    .await;
    // GraphiQL's own introspection query passes the limits.
    let introspection = include_str!("introspection.graphql");
    let (_, body, _) = post_query(&app.base, &app.client, introspection, json!({})).await;
    assert!(body.get("errors").is_none(), "{body}");
    assert!(body["data"]["__schema"]["types"].as_array().unwrap().len() > 30);
    app.stop().await;
}
