use crate::common;

use common::pages::{csv, ids, walk};
use common::{problem, TestApp};
use serde_json::{json, Value};

/// Every person in `data/people.toml`, by id.
const ALL: [&str; 14] = [
    "anders-borjesson",
    "ann-ronnang",
    "anneli-svensson",
    "brittis-benzler",
    "christer-bartholdsson",
    "daniel-riedel",
    "gunmarie-stenstrom",
    "henrik-johnsson",
    "lars-gunnar-bjornqvist",
    "linda-fetiu",
    "louise-englund",
    "louise-erixon",
    "mikael-rubin",
    "per-svensson",
];

#[actix_web::test]
async fn lists_everyone_by_id() {
    let app = TestApp::spawn().await;
    let body = app.json("/v1/people").await;
    assert_eq!(body["total"], 14);
    assert_eq!(body["next_cursor"], Value::Null);
    assert_eq!(ids(&body), ALL);
    app.stop().await;
}

#[actix_web::test]
async fn a_person_with_roles_signatures_and_events() {
    let app = TestApp::spawn().await;
    let per = app.json("/v1/people/per-svensson").await;
    assert_eq!(
        per,
        json!({
            "id": "per-svensson",
            "name": "Per Svensson",
            "roles": [
                {
                    "title": "kommunstyrelsens ordförande",
                    "organization": {"id": "falkenberg", "name": "Falkenbergs kommun"},
                    "party": "S",
                    "as_of": "2020-01-15",
                    "sources": ["falkenberg-2020-pressinbjudan-samverkan"],
                    "inferred": []
                },
                {
                    "title": "kommunråd",
                    "organization": {"id": "falkenberg", "name": "Falkenbergs kommun"},
                    "party": "S",
                    "as_of": null,
                    "sources": ["falkenberg-medborgarlofte-nyhet"],
                    "inferred": []
                }
            ],
            "signed": ["falkenberg-2020-2023"],
            "events": ["falkenberg-2020-undertecknande"]
        })
    );
    let anneli = app.json("/v1/people/anneli-svensson").await;
    assert_eq!(anneli["signed"], json!([]));
    assert_eq!(
        anneli["events"],
        json!(["halland-konferens-brottsforebyggande"])
    );
    assert_eq!(anneli["roles"].as_array().unwrap().len(), 2);
    assert_eq!(anneli["roles"][0]["party"], Value::Null);
    assert_eq!(
        anneli["roles"][1]["sources"],
        json!(["lansstyrelsen-halland-konferens-brottsforebyggande"])
    );
    let rubin = app.json("/v1/people/mikael-rubin").await;
    assert_eq!(rubin["signed"], json!(["trelleborg-2019-2022"]));
    assert_eq!(rubin["roles"][0]["organization"]["id"], "trelleborg");
    // The list carries the same record.
    let list = app.json("/v1/people?q=per%20svensson").await;
    assert_eq!(list["data"], json!([per]));
    app.stop().await;
}

#[actix_web::test]
async fn filters_by_municipality() {
    let app = TestApp::spawn().await;
    // Roles at Falkenberg, at its agreement's parties (the regional committee, LPO Falkenberg),
    // and its agreement's signatories.
    assert_eq!(
        ids(&app.json("/v1/people?municipality=falkenberg").await),
        [
            "anneli-svensson",
            "christer-bartholdsson",
            "gunmarie-stenstrom",
            "per-svensson"
        ]
    );
    assert_eq!(
        ids(&app.json("/v1/people?municipality=1287").await),
        ["lars-gunnar-bjornqvist", "mikael-rubin"]
    );
    let two = app
        .json("/v1/people?municipality=trelleborg,solvesborg")
        .await;
    assert_eq!(two["total"], 6);
    assert_eq!(
        ids(&two),
        [
            "daniel-riedel",
            "henrik-johnsson",
            "lars-gunnar-bjornqvist",
            "louise-englund",
            "louise-erixon",
            "mikael-rubin"
        ]
    );
    // Hylte has no roles, parties or signatories in the data.
    assert_eq!(app.json("/v1/people?municipality=hylte").await["total"], 0);
    app.stop().await;
}

#[actix_web::test]
async fn a_signatory_without_a_role_there_is_found_through_the_agreement() {
    let app = TestApp::spawn().await;
    use diesel::connection::SimpleConnection;
    // Someone whose only tie to Hylte is signing an agreement of Hylte's.
    app.db
        .conn()
        .batch_execute(
            "INSERT INTO people (public_id, name) VALUES ('test-person', 'Test Person');
             INSERT INTO agreements (public_id, municipality_id, title)
             SELECT 'hylte-2024-2027', organization_id, 'Test' FROM municipalities WHERE code = '1315';
             INSERT INTO signatories (agreement_id, person_id, position, role)
             SELECT a.id, p.id, 1, 'kommunstyrelsens ordförande' FROM agreements a, people p
             WHERE a.public_id = 'hylte-2024-2027' AND p.public_id = 'test-person'",
        )
        .unwrap();
    let hylte = app.json("/v1/people?municipality=hylte").await;
    assert_eq!(ids(&hylte), ["test-person"]);
    assert_eq!(hylte["data"][0]["signed"], json!(["hylte-2024-2027"]));
    assert_eq!(hylte["data"][0]["roles"], json!([]));
    app.stop().await;
}

#[actix_web::test]
async fn filters_by_name_ignoring_case() {
    let app = TestApp::spawn().await;
    assert_eq!(
        ids(&app.json("/v1/people?q=svensson").await),
        ["anneli-svensson", "per-svensson"]
    );
    assert_eq!(
        ids(&app.json("/v1/people?q=B%C3%96RJESSON").await),
        ["anders-borjesson"]
    );
    assert_eq!(
        ids(&app.json("/v1/people?q=r%C3%B6nn%C3%A4ng").await),
        ["ann-ronnang"]
    );
    assert_eq!(
        ids(&app
            .json("/v1/people?q=louise&municipality=solvesborg")
            .await),
        ["louise-englund", "louise-erixon"]
    );
    assert_eq!(app.json("/v1/people?q=kommunpolis").await["total"], 0);
    app.stop().await;
}

#[actix_web::test]
async fn sorts_by_id_and_name() {
    let app = TestApp::spawn().await;
    let mut reversed = ALL.to_vec();
    reversed.reverse();
    assert_eq!(ids(&app.json("/v1/people?sort=-id").await), reversed);
    let body = app.json("/v1/people?sort=name").await;
    let names: Vec<&str> = body["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    // Whatever the database's collation, these two are first and last.
    assert_eq!(names[0], "Anders Börjesson");
    assert_eq!(names[13], "Per Svensson");
    let mut by_name = ids(&body);
    by_name.reverse();
    assert_eq!(ids(&app.json("/v1/people?sort=-name").await), by_name);
    app.stop().await;
}

#[actix_web::test]
async fn pagination_walks_everyone_once() {
    let app = TestApp::spawn().await;
    let by_name = ids(&app.json("/v1/people?sort=name").await);
    for limit in [1, 2] {
        assert_eq!(walk(&app, "/v1/people", limit).await, ALL);
        assert_eq!(walk(&app, "/v1/people?sort=name", limit).await, by_name);
        assert_eq!(
            walk(&app, "/v1/people?municipality=falkenberg", limit)
                .await
                .len(),
            4
        );
    }
    app.stop().await;
}

#[actix_web::test]
async fn csv_has_the_same_records_as_json() {
    let app = TestApp::spawn().await;
    let json = app.json("/v1/people").await;
    let (headers, rows) = csv(&app, "/v1/people?format=csv", false).await;
    assert_eq!(
        headers,
        [
            "id",
            "name",
            "roles",
            "organizations",
            "parties",
            "signed",
            "events",
            "sources"
        ]
    );
    let data = json["data"].as_array().unwrap();
    assert_eq!(rows.len(), data.len());
    for (row, person) in rows.iter().zip(data) {
        assert_eq!(row[0], person["id"].as_str().unwrap());
        assert_eq!(row[1], person["name"].as_str().unwrap());
        let roles = person["roles"].as_array().unwrap();
        assert_eq!(row[2].split('|').count(), roles.len());
        for (cell, role) in row[2].split('|').zip(roles) {
            assert!(cell.starts_with(role["title"].as_str().unwrap()), "{cell}");
        }
        let joined = |v: &Value| {
            v.as_array()
                .unwrap()
                .iter()
                .map(|s| s.as_str().unwrap())
                .collect::<Vec<_>>()
                .join("|")
        };
        assert_eq!(row[5], joined(&person["signed"]));
        assert_eq!(row[6], joined(&person["events"]));
    }
    let per = rows.iter().find(|r| r[0] == "per-svensson").unwrap();
    assert_eq!(
        per[2],
        "kommunstyrelsens ordförande (falkenberg, S, 2020-01-15)|kommunråd (falkenberg, S)"
    );
    assert_eq!(per[3], "falkenberg");
    assert_eq!(per[4], "S");
    assert_eq!(
        per[7],
        "falkenberg-2020-pressinbjudan-samverkan|falkenberg-medborgarlofte-nyhet"
    );
    let (_, excel) = csv(&app, "/v1/people?format=csv&excel=true", true).await;
    assert_eq!(excel, rows);
    app.stop().await;
}

#[actix_web::test]
async fn errors_are_problems() {
    let app = TestApp::spawn().await;
    let body = problem(app.get("/v1/people/nobody-here").await, 404).await;
    assert!(body["detail"].as_str().unwrap().contains("nobody-here"));
    let body = problem(app.get("/v1/people/Per%20Svensson").await, 400).await;
    assert_eq!(body["errors"][0]["field"], "id");
    for (query, field) in [
        ("name=per", "name"),
        ("municipality=", "municipality"),
        ("municipality=G%C3%B6teborg", "municipality"),
        ("q=%20", "q"),
        ("year=2020", "year"),
        ("include=sources", "include"),
        ("sort=party", "sort"),
        ("limit=0", "limit"),
        ("limit=501", "limit"),
        ("cursor=bogus", "cursor"),
        ("format=pdf", "format"),
        ("excel=1", "excel"),
    ] {
        let body = problem(app.get(&format!("/v1/people?{query}")).await, 400).await;
        assert_eq!(body["errors"][0]["field"], field, "{query}: {body}");
    }
    let body = problem(app.get("/v1/people/per-svensson?include=roles").await, 400).await;
    assert_eq!(body["errors"][0]["field"], "include");
    let res = app
        .client
        .put(app.url("/v1/people/per-svensson"))
        .send()
        .await
        .unwrap();
    problem(res, 405).await;
    app.stop().await;
}
