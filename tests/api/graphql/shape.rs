//! The issue's query on the bundled data, SQL statements per request, paging.

use super::*;

#[actix_web::test]
async fn the_issue_query_returns_the_seed_data() {
    let app = TestApp::spawn().await;
    let (status, body, statements) =
        post_query(&app.base, &app.client, ISSUE_QUERY, json!({})).await;
    assert_eq!(status, 200);
    assert!(body.get("errors").is_none(), "{body}");
    // Municipalities and their total; pledges; their municipality; their sources; focus areas;
    // their themes; activities; status histories.
    assert_eq!(statements, 9);
    let data = &body["data"];
    let munis = &data["municipalities"];
    assert_eq!(munis["totalCount"], 8);
    assert_eq!(munis["pageInfo"]["hasNextPage"], false);
    assert!(munis["pageInfo"]["endCursor"].is_string());
    let list = nodes(munis);
    let ids: Vec<&str> = list.iter().map(|m| m["id"].as_str().unwrap()).collect();
    assert_eq!(
        ids,
        [
            "falkenberg",
            "halmstad",
            "hylte",
            "kungsbacka",
            "laholm",
            "solvesborg",
            "trelleborg",
            "varberg"
        ]
    );

    let solvesborg = find(&list, "solvesborg");
    assert_eq!(solvesborg["name"], "Sölvesborg");
    assert_eq!(solvesborg["code"], "1083");
    let pledges = nodes(&solvesborg["pledges"]);
    assert_eq!(pledges.len(), 1);
    let pledge = &pledges[0];
    assert_eq!(pledge["id"], "solvesborg-2022-2023");
    assert_eq!(
        pledge["title"],
        "Medborgarlöfte för Sölvesborgs kommun 2022-2023"
    );
    assert_eq!(pledge["periodStart"], "2022-01-01");
    assert_eq!(pledge["periodEnd"], "2023-12-31");
    assert_eq!(pledge["municipality"]["id"], "solvesborg");
    assert_eq!(
        pledge["sources"],
        json!([{
            "id": "solvesborg-2022-medborgarlofte-nyhet",
            "title": "Sölvesborgs kommun har tillsammans med polisen tecknat nytt medborgarlöfte för 2022-2023"
        }])
    );
    let areas = nodes(&pledge["focusAreas"]);
    let area_ids: Vec<&str> = areas.iter().map(|f| f["id"].as_str().unwrap()).collect();
    assert_eq!(
        area_ids,
        [
            "solvesborg-2022-2023/f1",
            "solvesborg-2022-2023/f2",
            "solvesborg-2022-2023/f3"
        ]
    );
    assert_eq!(areas[1]["title"], "Minskad tillgreppsbrottslighet");
    assert_eq!(areas[2]["title"], "Ökad trafiksäkerhet");
    assert_eq!(
        areas[0]["themes"],
        json!([
            {"code": "alcohol_drugs", "labelSv": "Alkohol, narkotika, dopning, tobak och spel (ANDTS)",
             "labelEn": "Alcohol, drugs, doping, tobacco and gambling (ANDTS)"},
            {"code": "youth_at_risk", "labelSv": "Barn och unga i riskzon", "labelEn": "Young people at risk"}
        ])
    );
    assert_eq!(
        areas[1]["themes"],
        json!([{"code": "property_crime", "labelSv": "Tillgreppsbrott", "labelEn": "Property crime"}])
    );
    assert_eq!(areas[2]["themes"][0]["code"], "traffic_safety");
    // a1–a3 belong to f2; f1 and f3 have none.
    assert_eq!(nodes(&areas[0]["activities"]), Vec::<Value>::new());
    assert_eq!(nodes(&areas[2]["activities"]), Vec::<Value>::new());
    assert_eq!(
        nodes(&areas[1]["activities"]),
        vec![
            json!({"id": "solvesborg-2022-2023/a1", "title": "Medborgardialog", "status": "UNKNOWN", "statusHistory": []}),
            json!({"id": "solvesborg-2022-2023/a2", "title": "Grannsamverkan", "status": "UNKNOWN", "statusHistory": []}),
            json!({"id": "solvesborg-2022-2023/a3", "title": "Närvaro och synlighet", "status": "UNKNOWN", "statusHistory": []}),
        ]
    );

    // Falkenberg's pledge has no period; its activities have no focus area.
    let falkenberg = find(&list, "falkenberg");
    let fp = nodes(&falkenberg["pledges"]);
    assert_eq!(fp.len(), 1);
    assert_eq!(fp[0]["id"], "falkenberg-undated-1");
    assert_eq!(fp[0]["periodStart"], Value::Null);
    assert_eq!(fp[0]["periodEnd"], Value::Null);
    let fa = nodes(&fp[0]["focusAreas"]);
    assert_eq!(fa.len(), 2);
    assert_eq!(fa[0]["title"], "socialt utsatta bostadsområden");
    assert!(fa.iter().all(|f| nodes(&f["activities"]).is_empty()));
    // Municipalities without pledges have empty connections.
    assert!(nodes(&find(&list, "hylte")["pledges"]).is_empty());
    app.stop().await;
}

/// A small synthetic instance: several records at every level, so page sizes change row counts.
fn synthetic_db() -> TestDb {
    use openpledges::dataset::{self, import, synthetic};
    let db = TestDb::empty();
    let mut conn = db.conn();
    db::migrate(&mut conn).unwrap();
    let themes = dataset::bundled().unwrap().themes;
    let params = synthetic::Params {
        municipalities: 4,
        years: 4,
        seed: 5,
        first_year: 2020,
    };
    import::import(&mut conn, &synthetic::generate(&params, themes).unwrap()).unwrap();
    db
}

/// The issue's query with a page size per level, and `totalCount` at every level.
const SIZED_QUERY: &str = "query($m: Int, $p: Int, $f: Int, $a: Int) {
  municipalities(first: $m) { totalCount pageInfo { hasNextPage endCursor } edges { node { id name code
  pledges(first: $p) { totalCount edges { node { id title periodStart periodEnd municipality { id }
  focusAreas(first: $f) { totalCount edges { node { id title themes { code labelSv labelEn }
  activities(first: $a) { totalCount edges { node { id title status statusHistory { status effectiveOn } } } } } } }
  sources { id title } } } } } } } }";

/// Records at each level of a response to `SIZED_QUERY`.
fn rows_per_level(data: &Value) -> [usize; 4] {
    let munis = nodes(&data["municipalities"]);
    let pledges: Vec<Value> = munis.iter().flat_map(|m| nodes(&m["pledges"])).collect();
    let areas: Vec<Value> = pledges
        .iter()
        .flat_map(|p| nodes(&p["focusAreas"]))
        .collect();
    let activities = areas.iter().map(|f| nodes(&f["activities"]).len()).sum();
    [munis.len(), pledges.len(), areas.len(), activities]
}

#[actix_web::test]
async fn sql_statements_depend_on_the_query_shape_not_on_page_sizes() {
    // No complexity limit here: 100 at every level is the point.
    let limits = Limits {
        max_complexity: usize::MAX,
        ..Limits::default()
    };
    let app = LimitedApp::spawn(synthetic_db(), limits).await;
    let mut seen = Vec::new();
    let cases = [
        [1, 1, 1, 1],
        [100, 1, 1, 1],
        [1, 100, 1, 1],
        [1, 1, 100, 1],
        [1, 1, 1, 100],
        [100, 100, 100, 100],
        [2, 3, 2, 5],
    ];
    for [m, p, f, a] in cases {
        let vars = json!({ "m": m, "p": p, "f": f, "a": a });
        let (status, body, statements) =
            post_query(&app.base, &app.client, SIZED_QUERY, vars).await;
        assert_eq!(status, 200);
        assert!(body.get("errors").is_none(), "{body}");
        let rows = rows_per_level(&body["data"]);
        seen.push(((m, p, f, a), rows, statements));
    }
    let (_, small, expected) = seen[0];
    let (_, large, _) = seen[5];
    // The pages really differ in size at every level…
    for level in 0..4 {
        assert!(large[level] > small[level], "level {level}: {seen:?}");
    }
    // …and the statements do not.
    for (sizes, rows, statements) in &seen {
        assert_eq!(
            *statements, expected,
            "first = {sizes:?} ({rows:?} rows): {seen:?}"
        );
    }
    // municipalities page + count; pledges page + count; pledge municipality; pledge sources;
    // focus areas page + count; themes; activities page + count; status histories.
    assert_eq!(expected, 12, "{seen:?}");
    app.stop().await;
}

#[actix_web::test]
async fn pagination_walks_every_record_once() {
    let app = TestApp::spawn().await;
    let mut after = Value::Null;
    let mut seen = Vec::new();
    loop {
        let (_, body, _) = post_query(
            &app.base,
            &app.client,
            "query($after: String) { municipalities(first: 1, after: $after) { totalCount
                pageInfo { hasNextPage hasPreviousPage endCursor startCursor } edges { cursor node { id } } } }",
            json!({ "after": after }),
        )
        .await;
        let c = &body["data"]["municipalities"];
        assert_eq!(c["totalCount"], 8, "{body}");
        assert_eq!(c["pageInfo"]["hasPreviousPage"], !after.is_null());
        let edges = c["edges"].as_array().unwrap();
        assert_eq!(edges.len(), 1);
        assert_eq!(c["pageInfo"]["endCursor"], edges[0]["cursor"]);
        assert_eq!(c["pageInfo"]["startCursor"], edges[0]["cursor"]);
        seen.push(edges[0]["node"]["id"].as_str().unwrap().to_owned());
        if c["pageInfo"]["hasNextPage"] == false {
            break;
        }
        after = c["pageInfo"]["endCursor"].clone();
        assert!(seen.len() < 10, "no end: {seen:?}");
    }
    assert_eq!(
        seen,
        [
            "falkenberg",
            "halmstad",
            "hylte",
            "kungsbacka",
            "laholm",
            "solvesborg",
            "trelleborg",
            "varberg"
        ]
    );

    // A nested connection pages in the source's order, by position.
    let mut after = Value::Null;
    let mut areas = Vec::new();
    for _ in 0..5 {
        let (_, body, _) = post_query(
            &app.base,
            &app.client,
            "query($after: String) { pledge(id: \"solvesborg-2022-2023\") { focusAreas(first: 2, after: $after) {
                totalCount pageInfo { hasNextPage endCursor } edges { node { id } } } } }",
            json!({ "after": after }),
        )
        .await;
        let c = &body["data"]["pledge"]["focusAreas"];
        assert_eq!(c["totalCount"], 3, "{body}");
        areas.extend(
            nodes(c)
                .iter()
                .map(|n| n["id"].as_str().unwrap().to_owned()),
        );
        if c["pageInfo"]["hasNextPage"] == false {
            break;
        }
        after = c["pageInfo"]["endCursor"].clone();
    }
    assert_eq!(
        areas,
        [
            "solvesborg-2022-2023/f1",
            "solvesborg-2022-2023/f2",
            "solvesborg-2022-2023/f3"
        ]
    );

    // `first: 0` gives no records but still the total.
    let zero = query(
        &app,
        "{ municipalities(first: 0) { totalCount pageInfo { hasNextPage } edges { cursor } } }",
    )
    .await;
    assert_eq!(zero["municipalities"]["totalCount"], 8);
    assert_eq!(zero["municipalities"]["edges"], json!([]));
    assert_eq!(zero["municipalities"]["pageInfo"]["hasNextPage"], true);
    app.stop().await;
}
