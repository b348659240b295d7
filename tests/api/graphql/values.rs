//! Every record type gives the values REST (or, until its endpoint is merged, the dataset) gives;
//! filters select what REST's select.

use super::*;

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
    assert_eq!(list.len(), 8);
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

// Agreements, themes, sources, people, events and organizations, against the bundled dataset.
// Besides REST (`agreements_themes_people_and_events_match_rest` below), these records are checked
// against the dataset the database was loaded from.
fn bundled() -> openpledges::dataset::Dataset {
    openpledges::dataset::bundled().expect("bundled dataset")
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

/// The records whose REST endpoints arrived after the GraphQL API: the same values in both.
#[actix_web::test]
async fn agreements_themes_people_and_events_match_rest() {
    let app = TestApp::spawn().await;

    let agreements = app
        .json("/v1/agreements?limit=500&include=focus_areas")
        .await;
    assert_eq!(agreements["data"].as_array().unwrap().len(), 3);
    for r in agreements["data"].as_array().unwrap() {
        let id = r["id"].as_str().unwrap();
        let g = query(
            &app,
            &format!(
                "{{ agreement(id: \"{id}\") {{ id title signedOn periodStart periodEnd summary followUp note phase
                   municipality {{ id name code }} sources {{ id }} focusAreas(first: 100) {{ edges {{ node {{ id title }} }} }} }} }}"
            ),
        )
        .await["agreement"]
            .clone();
        assert_eq!(g["id"], r["id"]);
        for (gk, rk) in [
            ("title", "title"),
            ("signedOn", "signed_on"),
            ("summary", "summary"),
            ("followUp", "follow_up"),
            ("note", "note"),
        ] {
            assert_eq!(g[gk], r[rk], "{id} {gk}");
        }
        assert_eq!(g["periodStart"], r["period"]["start"], "{id}");
        assert_eq!(g["periodEnd"], r["period"]["end"], "{id}");
        assert_eq!(rest_enum(&g["phase"]), r["phase"], "{id}");
        assert_eq!(g["municipality"], r["municipality"], "{id}");
        assert_eq!(ids_of(&g["sources"]), r["sources"], "{id}");
        let g_areas: Vec<Value> = nodes(&g["focusAreas"])
            .iter()
            .map(|f| json!([f["id"], f["title"]]))
            .collect();
        let r_areas: Vec<Value> = r["focus_areas"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| json!([f["id"], f["title"]]))
            .collect();
        assert_eq!(g_areas, r_areas, "{id}");
    }

    let themes = app.json("/v1/themes").await;
    let g = query(
        &app,
        "{ themes(first: 100) { edges { node { code labelSv labelEn description position } } } }",
    )
    .await;
    let g_themes = nodes(&g["themes"]);
    assert_eq!(g_themes.len(), themes["data"].as_array().unwrap().len());
    for (gt, rt) in g_themes.iter().zip(themes["data"].as_array().unwrap()) {
        assert_eq!(gt["code"], rt["code"]);
        assert_eq!(gt["labelSv"], rt["label_sv"]);
        assert_eq!(gt["labelEn"], rt["label_en"]);
        assert_eq!(gt["description"], rt["description"]);
    }

    for r in app.json("/v1/people?limit=500").await["data"]
        .as_array()
        .unwrap()
    {
        let id = r["id"].as_str().unwrap();
        let g = query(
            &app,
            &format!("{{ person(id: \"{id}\") {{ id name roles {{ title party asOf organization {{ id }} sources {{ id }} }} }} }}"),
        )
        .await["person"]
            .clone();
        assert_eq!(g["name"], r["name"], "{id}");
        let roles = g["roles"].as_array().unwrap();
        let rest_roles = r["roles"].as_array().unwrap();
        assert_eq!(roles.len(), rest_roles.len(), "{id}");
        for (gr, rr) in roles.iter().zip(rest_roles) {
            assert_eq!(gr["title"], rr["title"], "{id}");
            assert_eq!(gr["party"], rr["party"], "{id}");
            assert_eq!(gr["asOf"], rr["as_of"], "{id}");
            assert_eq!(gr["organization"]["id"], rr["organization"]["id"], "{id}");
            assert_eq!(ids_of(&gr["sources"]), rr["sources"], "{id}");
        }
    }

    for r in app.json("/v1/events?limit=500").await["data"]
        .as_array()
        .unwrap()
    {
        let id = r["id"].as_str().unwrap();
        let g = query(
            &app,
            &format!("{{ event(id: \"{id}\") {{ id kind title heldOn location summary note sources {{ id }} }} }}"),
        )
        .await["event"]
            .clone();
        for (gk, rk) in [
            ("kind", "kind"),
            ("title", "title"),
            ("heldOn", "held_on"),
            ("location", "location"),
            ("summary", "summary"),
            ("note", "note"),
        ] {
            assert_eq!(g[gk], r[rk], "{id} {gk}");
        }
        assert_eq!(ids_of(&g["sources"]), r["sources"], "{id}");
    }
    app.stop().await;
}

/// `search` and `compare` answer what `/v1/search` and `/v1/compare` answer.
#[actix_web::test]
async fn search_and_compare_match_rest() {
    let app = TestApp::spawn().await;
    for q in ["narkotikan", "trafiksäkerheten", "lägesbild", "kommunen"] {
        let rest = app.json(&format!("/v1/search?q={q}&limit=100")).await;
        let g = query(
            &app,
            &format!("{{ search(query: \"{q}\", first: 100) {{ totalCount edges {{ node {{ type id title excerpt url municipality {{ id }} }} }} }} }}"),
        )
        .await["search"]
            .clone();
        assert_eq!(g["totalCount"], rest["total"], "{q}");
        let hits: Vec<Value> = g["edges"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["node"].clone())
            .collect();
        let rest_hits = rest["data"].as_array().unwrap();
        assert_eq!(hits.len(), rest_hits.len(), "{q}");
        for (gh, rh) in hits.iter().zip(rest_hits) {
            assert_eq!(gh["id"], rh["id"], "{q}");
            assert_eq!(rest_enum(&gh["type"]), rh["type"], "{q}");
            assert_eq!(gh["title"], rh["title"], "{q}");
            assert_eq!(gh["excerpt"], rh["excerpt"], "{q}");
            assert_eq!(gh["url"], rh["url"], "{q}");
            assert_eq!(gh["municipality"]["id"], rh["municipality"]["id"], "{q}");
        }
    }
    let narkotikan = query(
        &app,
        "{ search(query: \"narkotikan\") { edges { node { id } } } }",
    )
    .await;
    assert_eq!(
        narkotikan["search"]["edges"][0]["node"]["id"],
        "solvesborg-2022-2023/f1"
    );

    // Paged by two, through GraphQL's cursors and through REST's, the hits are REST's, in order.
    let all = app.json("/v1/search?q=kommunen&limit=100").await;
    let expected: Vec<Value> = all["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["id"].clone())
        .collect();
    assert!(expected.len() > 4, "{all}");
    let (mut seen, mut after) = (Vec::new(), Value::Null);
    loop {
        let page = query(
            &app,
            &format!(
                "{{ search(query: \"kommunen\", first: 2, after: {after}) {{ totalCount
                   pageInfo {{ hasNextPage endCursor }} edges {{ node {{ id }} }} }} }}"
            ),
        )
        .await["search"]
            .clone();
        assert_eq!(page["totalCount"], all["total"]);
        seen.extend(
            page["edges"]
                .as_array()
                .unwrap()
                .iter()
                .map(|e| e["node"]["id"].clone()),
        );
        if page["pageInfo"]["hasNextPage"] != true {
            break;
        }
        after = page["pageInfo"]["endCursor"].clone();
    }
    assert_eq!(seen, expected, "GraphQL pages");
    let first = app.json("/v1/search?q=kommunen&limit=2").await;
    let cursor = first["next_cursor"].clone();
    let second = query(
        &app,
        &format!("{{ search(query: \"kommunen\", first: 2, after: {cursor}) {{ edges {{ node {{ id }} }} }} }}"),
    )
    .await;
    assert_eq!(
        second["search"]["edges"][0]["node"]["id"], expected[2],
        "a REST cursor in GraphQL"
    );

    for (args, rest_query) in [
        ("year: 2022", "year=2022"),
        ("activeOn: \"2024-06-01\"", "active_on=2024-06-01"),
    ] {
        let rest = app.json(&format!("/v1/compare?{rest_query}")).await;
        let g = query(
            &app,
            &format!(
                "{{ compare({args}) {{ rows {{ municipality {{ id }} agreements pledges undatedPledges focusAreaCount
                   statusCounts {{ unknown }} }} }} }}"
            ),
        )
        .await["compare"]
            .clone();
        let rows = g["rows"].as_array().unwrap();
        let rest_rows = rest["data"].as_array().unwrap();
        assert_eq!(rows.len(), rest_rows.len(), "{args}");
        for (gr, rr) in rows.iter().zip(rest_rows) {
            assert_eq!(gr["municipality"]["id"], rr["municipality"]["id"], "{args}");
            assert_eq!(gr["agreements"], rr["agreements"], "{args}");
            assert_eq!(gr["pledges"], rr["pledges"], "{args}");
            assert_eq!(gr["undatedPledges"], rr["undated_pledges"], "{args}");
            assert_eq!(gr["focusAreaCount"], rr["focus_area_count"], "{args}");
            assert_eq!(
                gr["statusCounts"]["unknown"], rr["status_counts"]["unknown"],
                "{args}"
            );
        }
    }
    let (_, body, _) = post_query(
        &app.base,
        &app.client,
        "{ compare(year: 2022, municipalities: [\"atlantis\"]) { rows { agreements } } }",
        json!({}),
    )
    .await;
    assert_eq!(codes(&body), ["BAD_REQUEST"]);
    app.stop().await;
}
