//! The GraphQL interface over HTTP: the issue's query against the bundled data, the same values as
//! REST and as the dataset, a fixed number of SQL statements whatever the page sizes, the limits,
//! errors, caching, CORS, the committed SDL and the GraphiQL page.
mod common;

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
async fn post_query(
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
    assert_eq!(munis["totalCount"], 6);
    assert_eq!(munis["pageInfo"]["hasNextPage"], false);
    assert!(munis["pageInfo"]["endCursor"].is_string());
    let list = nodes(munis);
    let ids: Vec<&str> = list.iter().map(|m| m["id"].as_str().unwrap()).collect();
    assert_eq!(
        ids,
        [
            "falkenberg",
            "hylte",
            "kungsbacka",
            "laholm",
            "solvesborg",
            "trelleborg"
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

/// A small synthetic instance: several records at every level, so page sizes change row counts.
fn synthetic_db() -> TestDb {
    use openpledges::dataset::{self, import, synthetic};
    let db = TestDb::empty();
    let mut conn = db.conn();
    db::migrate(&mut conn).unwrap();
    let themes = dataset::load(&[dataset::bundled_dir()]).unwrap().themes;
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

/// A GraphQL enum value as REST spells it: `IN_PROGRESS` → `in_progress`.
fn rest_enum(v: &Value) -> Value {
    match v.as_str() {
        Some(s) => Value::String(s.to_ascii_lowercase()),
        None => Value::Null,
    }
}

fn ids_of(list: &Value) -> Value {
    Value::Array(
        list.as_array()
            .unwrap_or_else(|| panic!("not a list: {list}"))
            .iter()
            .map(|x| x["id"].clone())
            .collect(),
    )
}

#[actix_web::test]
async fn municipalities_have_the_values_rest_gives() {
    let app = TestApp::spawn().await;
    let data = query(
        &app,
        "{ municipalities(first: 100) { edges { node { id name organizationName code countyCode countyName
            policeRegion { id name } localPoliceArea { id name } agreementCount pledgeCount note sources { id } } } } }",
    )
    .await;
    let list = nodes(&data["municipalities"]);
    assert_eq!(list.len(), 6);
    for g in list {
        let id = g["id"].as_str().unwrap();
        let r = app.json(&format!("/v1/municipalities/{id}")).await;
        assert_eq!(g["id"], r["id"]);
        assert_eq!(g["name"], r["name"]);
        assert_eq!(g["organizationName"], r["organization_name"]);
        assert_eq!(g["code"], r["code"]);
        assert_eq!(g["countyCode"], r["county_code"]);
        assert_eq!(g["countyName"], r["county_name"]);
        assert_eq!(g["policeRegion"], r["police_region"], "{id}");
        assert_eq!(g["localPoliceArea"], r["local_police_area"], "{id}");
        assert_eq!(g["agreementCount"], r["agreement_count"]);
        assert_eq!(g["pledgeCount"], r["pledge_count"]);
        assert_eq!(g["note"], r["note"]);
        assert_eq!(ids_of(&g["sources"]), r["sources"]);
        // By kommunkod too, as REST.
        let code = g["code"].as_str().unwrap();
        let by_code = query(
            &app,
            &format!("{{ municipality(id: \"{code}\") {{ id }} }}"),
        )
        .await;
        assert_eq!(by_code["municipality"]["id"], id);
    }
    app.stop().await;
}

const PLEDGE_FIELDS: &str = "id title municipality { id name code } agreement { id } periodStart periodEnd
    periodPrecision periodLabel phase publishedOn summary note themes { code } focusAreaCount activityCount
    statusCounts { planned inProgress completed cancelled unknown } sources { id title publisher kind publishedOn url language note }
    focusAreas(first: 20) { edges { node { id pledge { id } agreement { id } municipality { id name code }
        position title description goals themes { code } activityCount sources { id } } } }
    activities(first: 20) { edges { node { id pledge { id } focusArea { id } municipality { id name code }
        position title description status statusSince responsible { id name } plannedStart plannedEnd dueOn note sources { id } } } }";

#[actix_web::test]
async fn pledges_focus_areas_activities_and_sources_have_the_values_rest_gives() {
    let app = TestApp::spawn().await;
    let data = query(
        &app,
        &format!(
            "{{ pledges(first: 20) {{ totalCount edges {{ node {{ {PLEDGE_FIELDS} }} }} }} }}"
        ),
    )
    .await;
    let rest_list = app.json("/v1/pledges?limit=500").await;
    assert_eq!(data["pledges"]["totalCount"], rest_list["total"]);
    let list = nodes(&data["pledges"]);
    assert!(list.len() >= 2);
    let mut areas_seen = 0;
    let mut activities_seen = 0;
    for g in list {
        let id = g["id"].as_str().unwrap();
        let r = app
            .json(&format!(
                "/v1/pledges/{id}?include=focus_areas,activities,sources"
            ))
            .await;
        assert_eq!(g["title"], r["title"]);
        assert_eq!(g["municipality"], r["municipality"]);
        assert_eq!(g["agreement"]["id"], r["agreement_id"]);
        let period = &r["period"];
        assert_eq!(g["periodStart"], period["start"], "{id}");
        assert_eq!(g["periodEnd"], period["end"]);
        assert_eq!(rest_enum(&g["periodPrecision"]), period["precision"]);
        assert_eq!(g["periodLabel"], period["label"]);
        assert_eq!(rest_enum(&g["phase"]), r["phase"]);
        assert_eq!(g["publishedOn"], r["published_on"]);
        assert_eq!(g["summary"], r["summary"]);
        assert_eq!(g["note"], r["note"]);
        let themes: Vec<Value> = g["themes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t["code"].clone())
            .collect();
        assert_eq!(Value::Array(themes), r["themes"]);
        assert_eq!(g["focusAreaCount"], r["focus_area_count"]);
        assert_eq!(g["activityCount"], r["activity_count"]);
        let c = &r["status_counts"];
        assert_eq!(
            g["statusCounts"],
            json!({"planned": c["planned"], "inProgress": c["in_progress"], "completed": c["completed"],
                   "cancelled": c["cancelled"], "unknown": c["unknown"]})
        );
        assert_eq!(ids_of(&g["sources"]), r["sources"]);
        for s in g["sources"].as_array().unwrap() {
            let rs = r["source_details"]
                .as_array()
                .unwrap()
                .iter()
                .find(|x| x["id"] == s["id"])
                .expect("source in source_details");
            for (gk, rk) in [
                ("title", "title"),
                ("publisher", "publisher"),
                ("kind", "kind"),
                ("publishedOn", "published_on"),
                ("url", "url"),
                ("language", "language"),
                ("note", "note"),
            ] {
                assert_eq!(s[gk], rs[rk], "source {} {gk}", s["id"]);
            }
        }

        let areas = nodes(&g["focusAreas"]);
        let rest_areas = r["focus_areas"].as_array().unwrap();
        assert_eq!(areas.len(), rest_areas.len(), "{id}");
        for (ga, ra) in areas.iter().zip(rest_areas) {
            assert_eq!(ga["id"], ra["id"]);
            assert_eq!(ra["parent"]["type"], "pledge");
            assert_eq!(ga["pledge"]["id"], ra["parent"]["id"]);
            assert_eq!(ga["agreement"], Value::Null);
            assert_eq!(ga["municipality"], ra["municipality"]);
            assert_eq!(ga["position"], ra["position"]);
            assert_eq!(ga["title"], ra["title"]);
            assert_eq!(ga["description"], ra["description"]);
            assert_eq!(ga["goals"], ra["goals"]);
            let codes: Vec<Value> = ga["themes"]
                .as_array()
                .unwrap()
                .iter()
                .map(|t| t["code"].clone())
                .collect();
            assert_eq!(Value::Array(codes), ra["themes"]);
            assert_eq!(ga["activityCount"], ra["activity_count"]);
            assert_eq!(ids_of(&ga["sources"]), ra["sources"]);
            areas_seen += 1;
        }

        let acts = nodes(&g["activities"]);
        let rest_acts = r["activities"].as_array().unwrap();
        assert_eq!(acts.len(), rest_acts.len(), "{id}");
        for (ga, ra) in acts.iter().zip(rest_acts) {
            assert_eq!(ga["id"], ra["id"]);
            assert_eq!(ga["pledge"]["id"], ra["pledge_id"]);
            assert_eq!(ga["focusArea"]["id"].clone(), ra["focus_area_id"]);
            assert_eq!(ga["municipality"], ra["municipality"]);
            assert_eq!(ga["position"], ra["position"]);
            assert_eq!(ga["title"], ra["title"]);
            assert_eq!(ga["description"], ra["description"]);
            assert_eq!(rest_enum(&ga["status"]), ra["status"]);
            assert_eq!(ga["statusSince"], ra["status_since"]);
            assert_eq!(ga["responsible"], ra["responsible"]);
            assert_eq!(ga["plannedStart"], ra["planned_start"]);
            assert_eq!(ga["plannedEnd"], ra["planned_end"]);
            assert_eq!(ga["dueOn"], ra["due_on"]);
            assert_eq!(ga["note"], ra["note"]);
            assert_eq!(ids_of(&ga["sources"]), ra["sources"]);
            activities_seen += 1;
        }
    }
    assert!(
        areas_seen >= 5 && activities_seen >= 7,
        "{areas_seen} areas, {activities_seen} activities"
    );
    app.stop().await;
}

// Agreements, themes, sources, people, events and organizations have no REST endpoint on this
// branch yet: they are compared with the dataset the database was loaded from.
// TODO(rest): once /v1/agreements, /v1/themes, /v1/sources, /v1/people and /v1/events are merged,
// compare these records with their REST representations as municipalities and pledges are above.
fn bundled() -> openpledges::dataset::Dataset {
    openpledges::dataset::load(&[openpledges::dataset::bundled_dir()]).expect("bundled dataset")
}

fn day(d: Option<chrono::NaiveDate>) -> Value {
    d.map_or(Value::Null, |d| Value::String(d.to_string()))
}

fn opt(s: &Option<String>) -> Value {
    s.as_ref().map_or(Value::Null, |s| Value::String(s.clone()))
}

fn strings(v: &[String]) -> Value {
    json!(v)
}

/// Source ids as the API lists them: by id.
fn sorted(v: &[String]) -> Value {
    let mut v = v.to_vec();
    v.sort();
    json!(v)
}

#[actix_web::test]
async fn agreements_have_the_values_of_the_dataset() {
    let app = TestApp::spawn().await;
    let data = query(
        &app,
        "{ agreements(first: 100) { totalCount edges { node { id title municipality { id } signedOn periodStart
            periodEnd periodPrecision summary followUp note sources { id } parties { organization { id } role }
            signatories { person { id } role organization { id } } pledgeCount focusAreaCount
            focusAreas(first: 100) { edges { node { id title description goals themes { code } sources { id }
                agreement { id } pledge { id } } } }
            pledges { edges { node { id } } } } } } }",
    )
    .await;
    let d = bundled();
    assert_eq!(data["agreements"]["totalCount"], d.agreements.len());
    let list = nodes(&data["agreements"]);
    for a in &d.agreements {
        let g = find(&list, &a.id);
        assert_eq!(g["title"], a.title.as_str());
        assert_eq!(g["municipality"]["id"], a.municipality.as_str());
        assert_eq!(g["signedOn"], day(a.signed_on));
        assert_eq!(g["periodStart"], day(a.period.map(|p| p.start)));
        assert_eq!(g["periodEnd"], day(a.period.map(|p| p.end)));
        assert_eq!(
            rest_enum(&g["periodPrecision"]),
            a.period
                .map_or(Value::Null, |p| json!(p.precision.as_str()))
        );
        assert_eq!(g["summary"], opt(&a.summary));
        assert_eq!(g["followUp"], opt(&a.follow_up));
        assert_eq!(g["note"], opt(&a.note));
        assert_eq!(ids_of(&g["sources"]), sorted(&a.sources));
        let parties: Vec<Value> = g["parties"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["organization"]["id"].clone())
            .collect();
        assert_eq!(Value::Array(parties), strings(&a.parties), "{}", a.id);
        let signatories: Vec<Value> = g["signatories"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| json!([s["person"]["id"], s["role"], s["organization"]["id"]]))
            .collect();
        let expected: Vec<Value> = a
            .signatories
            .iter()
            .map(|s| json!([s.person, s.role, s.organization]))
            .collect();
        assert_eq!(signatories, expected, "{}", a.id);
        let areas = nodes(&g["focusAreas"]);
        assert_eq!(g["focusAreaCount"], a.focus_areas.len());
        assert_eq!(areas.len(), a.focus_areas.len());
        for (ga, fa) in areas.iter().zip(&a.focus_areas) {
            assert_eq!(ga["id"], fa.id.as_str());
            assert_eq!(ga["title"], fa.title.as_str());
            assert_eq!(ga["description"], opt(&fa.description));
            assert_eq!(ga["goals"], opt(&fa.goals));
            let codes: Vec<Value> = ga["themes"]
                .as_array()
                .unwrap()
                .iter()
                .map(|t| t["code"].clone())
                .collect();
            assert_eq!(Value::Array(codes), strings(&fa.themes));
            assert_eq!(ids_of(&ga["sources"]), sorted(&fa.sources));
            assert_eq!(ga["agreement"]["id"], a.id.as_str());
            assert_eq!(ga["pledge"], Value::Null);
        }
        let pledges: Vec<&str> = d
            .pledges
            .iter()
            .filter(|p| p.agreement.as_deref() == Some(a.id.as_str()))
            .map(|p| p.id.as_str())
            .collect();
        assert_eq!(ids_of(&json!(nodes(&g["pledges"]))), json!(pledges));
        assert_eq!(g["pledgeCount"], pledges.len());
    }
    // And from the municipality's side.
    let m = query(
        &app,
        "{ municipality(id: \"solvesborg\") { agreements { totalCount edges { node { id } } } } }",
    )
    .await;
    assert_eq!(m["municipality"]["agreements"]["totalCount"], 1);
    assert_eq!(
        nodes(&m["municipality"]["agreements"])[0]["id"],
        "solvesborg-2022-2026"
    );
    app.stop().await;
}

#[actix_web::test]
async fn themes_sources_people_events_and_organizations_have_the_values_of_the_dataset() {
    let app = TestApp::spawn().await;
    let d = bundled();
    let data = query(
        &app,
        "{ themes(first: 100) { totalCount edges { node { code labelSv labelEn description position } } }
           sources(first: 100) { totalCount edges { node { id title publisher kind publishedOn url language note } } }
           people(first: 100) { totalCount edges { node { id name roles { title organization { id } party asOf sources { id } } } } }
           events(first: 100) { totalCount edges { node { id kind title heldOn location summary note
               participants { organization { id } role } people { person { id } role } sources { id } } } } }",
    )
    .await;

    let themes = nodes(&data["themes"]);
    let codes: Vec<&str> = themes.iter().map(|t| t["code"].as_str().unwrap()).collect();
    let expected: Vec<&str> = d.themes.iter().map(|t| t.code.as_str()).collect();
    assert_eq!(codes, expected, "themes in display order");
    for (g, t) in themes.iter().zip(&d.themes) {
        assert_eq!(g["labelSv"], t.label_sv.as_str());
        assert_eq!(g["labelEn"], t.label_en.as_str());
        assert_eq!(g["description"], opt(&t.description));
    }

    let sources = nodes(&data["sources"]);
    assert_eq!(data["sources"]["totalCount"], d.sources.len());
    for s in &d.sources {
        let g = find(&sources, &s.id);
        assert_eq!(g["title"], s.title.as_str());
        assert_eq!(g["publisher"], s.publisher.as_str());
        assert_eq!(g["kind"], s.kind.as_str());
        assert_eq!(g["publishedOn"], day(s.published_on));
        assert_eq!(g["url"], opt(&s.url));
        assert_eq!(g["language"], s.language.as_str());
        assert_eq!(g["note"], opt(&s.note));
    }

    let people = nodes(&data["people"]);
    assert_eq!(data["people"]["totalCount"], d.people.len());
    for p in &d.people {
        let g = find(&people, &p.id);
        assert_eq!(g["name"], p.name.as_str());
        let roles = g["roles"].as_array().unwrap();
        assert_eq!(roles.len(), p.roles.len(), "{}", p.id);
        for (gr, r) in roles.iter().zip(&p.roles) {
            assert_eq!(gr["title"], r.title.as_str());
            assert_eq!(gr["organization"]["id"], opt(&r.organization));
            assert_eq!(gr["party"], opt(&r.party));
            assert_eq!(gr["asOf"], day(r.as_of));
            assert_eq!(ids_of(&gr["sources"]), sorted(&r.sources));
        }
    }

    let events = nodes(&data["events"]);
    assert_eq!(data["events"]["totalCount"], d.events.len());
    for e in &d.events {
        let g = find(&events, &e.id);
        assert_eq!(g["kind"], e.kind.as_str());
        assert_eq!(g["title"], e.title.as_str());
        assert_eq!(g["heldOn"], day(e.held_on));
        assert_eq!(g["location"], opt(&e.location));
        assert_eq!(g["summary"], opt(&e.summary));
        assert_eq!(g["note"], opt(&e.note));
        let mut orgs: Vec<(String, String)> = g["participants"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| {
                (
                    p["organization"]["id"].as_str().unwrap().to_owned(),
                    p["role"].as_str().unwrap().to_owned(),
                )
            })
            .collect();
        let mut expected = e.organizations.clone();
        orgs.sort();
        expected.sort();
        assert_eq!(orgs, expected);
        let mut people: Vec<(String, String)> = g["people"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| {
                (
                    p["person"]["id"].as_str().unwrap().to_owned(),
                    p["role"].as_str().unwrap().to_owned(),
                )
            })
            .collect();
        let mut expected = e.people.clone();
        people.sort();
        expected.sort();
        assert_eq!(people, expected);
        assert_eq!(ids_of(&g["sources"]), sorted(&e.sources));
    }

    for o in &d.organizations {
        let g = query(
            &app,
            &format!("{{ organization(id: \"{}\") {{ id kind name parent {{ id }} note sources {{ id }} }} }}", o.id),
        )
        .await;
        let g = &g["organization"];
        assert_eq!(g["kind"], o.kind.as_str());
        assert_eq!(g["name"], o.name.as_str());
        assert_eq!(g["parent"]["id"], opt(&o.parent));
        assert_eq!(g["note"], opt(&o.note));
        assert_eq!(ids_of(&g["sources"]), sorted(&o.sources));
    }
    app.stop().await;
}

#[actix_web::test]
async fn filters_select_what_the_rest_filters_select() {
    let app = TestApp::spawn().await;
    for (gql, rest) in [
        ("{municipality: [\"1083\"]}", "municipality=1083"),
        (
            "{municipality: [\"solvesborg\", \"1382\"]}",
            "municipality=solvesborg,1382",
        ),
        ("{theme: [\"traffic_safety\"]}", "theme=traffic_safety"),
        ("{theme: [\"youth_at_risk\"]}", "theme=youth_at_risk"),
        ("{year: [2022]}", "year=2022"),
        ("{year: [2019]}", "year=2019"),
        ("{activeOn: \"2023-06-01\"}", "active_on=2023-06-01"),
        ("{q: \"trafiksäkerhet\"}", "q=trafiks%C3%A4kerhet"),
    ] {
        let g = query(&app, &format!("{{ pledges(first: 100, filter: {gql}) {{ totalCount edges {{ node {{ id }} }} }} }}")).await;
        let r = app.json(&format!("/v1/pledges?limit=500&{rest}")).await;
        assert_eq!(g["pledges"]["totalCount"], r["total"], "{gql}");
        assert_eq!(
            ids_of(&json!(nodes(&g["pledges"]))),
            ids_of(&r["data"]),
            "{gql}"
        );
    }
    // The filters really filter.
    let one = query(
        &app,
        "{ pledges(filter: {municipality: [\"1083\"]}) { edges { node { id } } } }",
    )
    .await;
    assert_eq!(
        ids_of(&json!(nodes(&one["pledges"]))),
        json!(["solvesborg-2022-2023"])
    );

    // Status is an enum; nothing has a reported status yet.
    let acts = query(
        &app,
        "{ all: activities { totalCount } unknown: activities(filter: {status: [UNKNOWN]}) { totalCount }
           done: activities(filter: {status: [COMPLETED, IN_PROGRESS]}) { totalCount }
           f2: activities(filter: {theme: [\"property_crime\"]}) { edges { node { id } } } }",
    )
    .await;
    assert_eq!(acts["all"]["totalCount"], 7);
    assert_eq!(acts["unknown"]["totalCount"], 7);
    assert_eq!(acts["done"]["totalCount"], 0);
    assert_eq!(
        ids_of(&json!(nodes(&acts["f2"]))),
        json!([
            "solvesborg-2022-2023/a1",
            "solvesborg-2022-2023/a2",
            "solvesborg-2022-2023/a3"
        ])
    );
    let areas = query(&app, "{ focusAreas(first: 100, filter: {theme: [\"youth_at_risk\"]}) { edges { node { id } } } }").await;
    let ids = ids_of(&json!(nodes(&areas["focusAreas"])));
    assert!(
        ids.as_array()
            .unwrap()
            .contains(&json!("solvesborg-2022-2023/f1")),
        "{ids}"
    );
    assert!(
        ids.as_array()
            .unwrap()
            .contains(&json!("solvesborg-2022-2026/f2")),
        "{ids}"
    );
    assert!(
        !ids.as_array()
            .unwrap()
            .contains(&json!("solvesborg-2022-2023/f3")),
        "{ids}"
    );

    // Nested connections take filters too.
    let nested = query(
        &app,
        "{ municipality(id: \"solvesborg\") { in2022: pledges(filter: {year: [2022]}) { totalCount }
            in2019: pledges(filter: {year: [2019]}) { totalCount edges { node { id } } } } }",
    )
    .await;
    assert_eq!(nested["municipality"]["in2022"]["totalCount"], 1);
    assert_eq!(nested["municipality"]["in2019"]["totalCount"], 0);
    assert!(nodes(&nested["municipality"]["in2019"]).is_empty());
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
        assert_eq!(c["totalCount"], 6, "{body}");
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
            "hylte",
            "kungsbacka",
            "laholm",
            "solvesborg",
            "trelleborg"
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
    assert_eq!(zero["municipalities"]["totalCount"], 6);
    assert_eq!(zero["municipalities"]["edges"], json!([]));
    assert_eq!(zero["municipalities"]["pageInfo"]["hasNextPage"], true);
    app.stop().await;
}

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
    assert_eq!(ok["data"]["municipalities"]["totalCount"], 6);

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

    // The database is down: UNAVAILABLE, with nothing cached.
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
    assert_eq!(status, 200);
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
    assert_eq!(res.headers()["cache-control"], "no-store");
    assert!(res.headers().get("etag").is_none());
    down.stop().await;
}

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
    assert_eq!(statements, 2, "the pledge, then its focus areas' total");
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
        .get("/graphql?query=query%20One(%24id%3A%20String!)%20%7B%20municipality(id%3A%20%24id)%20%7B%20name%20%7D%20%7D&variables=%7B%22id%22%3A%221083%22%7D&operationName=One")
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
    let introspection = include_str!("graphql_introspection.graphql");
    let (_, body, _) = post_query(&app.base, &app.client, introspection, json!({})).await;
    assert!(body.get("errors").is_none(), "{body}");
    assert!(body["data"]["__schema"]["types"].as_array().unwrap().len() > 30);
    app.stop().await;
}
