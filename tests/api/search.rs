//! `GET /v1/search`: Swedish full text over agreements, pledges, focus areas, activities and
//! statements.

use crate::common;

use common::{problem, TestApp};
use diesel::RunQueryDsl;
use serde_json::Value;

fn enc(s: &str) -> String {
    serde_urlencoded::to_string([("q", s)]).unwrap()
}

async fn search(app: &TestApp, query: &str) -> Value {
    app.json(&format!("/v1/search?{query}")).await
}

/// (type, id) of every hit on the page.
fn hits(body: &Value) -> Vec<(String, String)> {
    body["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| {
            (
                h["type"].as_str().unwrap().to_owned(),
                h["id"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

fn pairs(v: &[(&str, &str)]) -> Vec<(String, String)> {
    v.iter()
        .map(|(t, i)| ((*t).to_owned(), (*i).to_owned()))
        .collect()
}

#[actix_web::test]
async fn a_definite_form_finds_the_compound_that_says_narkotika() {
    let app = TestApp::spawn().await;
    // In data/, only this focus area's title holds a word built on narkotika ("narkotikaklassade").
    // Snowball keeps `narkotikan` whole; the search folds it to `narkotika` and matches compounds.
    // Through the thesaurus it also finds what says `droger` (drogkonsumtion), ranked after it;
    // and Trelleborg's police chief, who says `narkotikan` and `narkotika`.
    let body = search(&app, &enc("narkotikan")).await;
    assert_eq!(
        hits(&body),
        pairs(&[
            ("focus_area", "solvesborg-2022-2023/f1"),
            ("statement", "trelleborg-2019-bjornqvist-unga-narkotika"),
            ("focus_area", "trelleborg-2019-2022/f1"),
            ("pledge", "solvesborg-2022-2023"),
        ]),
        "{body}"
    );
    let hit = &body["data"][0];
    assert_eq!(
        hit["title"],
        "Minskad tillgång till- och konsumtion av alkohol, narkotikaklassade läkemedel och droger"
    );
    assert_eq!(
        hit["municipality"],
        serde_json::json!({"id": "solvesborg", "name": "Sölvesborg", "code": "1083"})
    );
    assert_eq!(hit["url"], "/v1/focus-areas/solvesborg-2022-2023/f1");
    let excerpt = hit["excerpt"].as_str().unwrap();
    assert!(
        excerpt.contains("<mark>narkotikaklassade</mark>"),
        "{excerpt}"
    );
    assert!(excerpt.split_whitespace().count() <= 30, "short: {excerpt}");
    assert!(hit["rank"].as_f64().unwrap() > 0.0);
    // The base form finds the same; the compound itself, outside the thesaurus, only its record.
    assert_eq!(hits(&search(&app, &enc("narkotika")).await), hits(&body));
    assert_eq!(
        hits(&search(&app, &enc("narkotikaklassade")).await),
        pairs(&[("focus_area", "solvesborg-2022-2023/f1")])
    );
    app.stop().await;
}

#[actix_web::test]
async fn stemming_finds_inflected_forms() {
    let app = TestApp::spawn().await;
    let body = search(&app, &enc("trafiksäkerheten")).await;
    assert_eq!(
        hits(&body),
        pairs(&[("focus_area", "solvesborg-2022-2023/f3")])
    );
    assert!(body["data"][0]["excerpt"]
        .as_str()
        .unwrap()
        .starts_with("Ökad <mark>trafiksäkerhet</mark>"));
    // `brottet` (definite) → brott, and as a prefix the compounds brottslighet, brottsförebyggande;
    // the thesaurus adds `kriminalitet` (an activity of Falkenberg's says it and not `brott`); two
    // statements of Falkenberg's say `brottsligheten` and `kriminalitet`.
    let body = search(&app, &enc("brottet")).await;
    assert_eq!(body["total"], 11, "{body}");
    let ids: Vec<String> = hits(&body).into_iter().map(|(_, i)| i).collect();
    for id in [
        "falkenberg-2020-2023",
        "falkenberg-undated-1",
        "trelleborg-2019-2022/f1",
        "trelleborg-2019-2022/f3",
        "falkenberg-undated-1/a4",
    ] {
        assert!(ids.iter().any(|i| i == id), "{id} not in {ids:?}");
    }
    // A word as the first part of a compound: `drog` finds `drogkonsumtion`, and `droger`.
    let body = search(&app, &enc("drog")).await;
    let mut found = hits(&body);
    found.sort();
    assert_eq!(
        found,
        pairs(&[
            ("focus_area", "solvesborg-2022-2023/f1"),
            ("focus_area", "trelleborg-2019-2022/f1"),
            ("pledge", "solvesborg-2022-2023"),
        ])
    );
    // Stop words alone match nothing, and are no error.
    assert_eq!(search(&app, &enc("och")).await["total"], 0);
    app.stop().await;
}

#[actix_web::test]
async fn web_search_syntax_phrases_negation_or() {
    let app = TestApp::spawn().await;
    let all = search(&app, &enc("polisen")).await;
    assert_eq!(all["total"], 10, "{all}");
    let without = search(&app, &enc("polisen -falkenberg")).await;
    let mut expected = hits(&all);
    // The two hits whose text names Falkenberg (as a word or the start of one) drop out.
    expected.retain(|(_, id)| id != "falkenberg-2020-2023" && id != "falkenberg-undated-1/a2");
    assert_eq!(hits(&without), expected);
    assert_eq!(without["total"], 8, "{without}");
    // `hamn` is also the start of the verb `hamnar`, which two statements say: prefix matching
    // finds compounds at the price of such words.
    let either = search(&app, &enc("hamn or grannsamverkan")).await;
    let mut found = hits(&either);
    found.sort();
    assert_eq!(
        found,
        pairs(&[
            ("activity", "solvesborg-2022-2023/a2"),
            ("focus_area", "trelleborg-2019-2022/f3"),
            (
                "statement",
                "falkenberg-2021-svensson-unga-missbruk-kriminalitet"
            ),
            ("statement", "trelleborg-2019-bjornqvist-unga-narkotika"),
        ])
    );
    let phrase = search(&app, &enc("\"riktad polisiär närvaro\"")).await;
    assert_eq!(
        hits(&phrase),
        pairs(&[("activity", "falkenberg-undated-1/a2")])
    );
    assert_eq!(
        search(&app, &enc("\"närvaro riktad\"")).await["total"],
        0,
        "a phrase keeps its order"
    );
    app.stop().await;
}

#[actix_web::test]
async fn hits_are_ranked_with_titles_first_and_ties_by_type_then_id() {
    let app = TestApp::spawn().await;
    let body = search(&app, &enc("kommunen")).await;
    assert_eq!(body["total"], 13, "{body}");
    let data = body["data"].as_array().unwrap();
    let order = |t: &str| {
        ["agreement", "pledge", "focus_area", "activity", "statement"]
            .iter()
            .position(|x| *x == t)
            .unwrap()
    };
    for w in data.windows(2) {
        let (a, b) = (&w[0], &w[1]);
        let (ra, rb) = (a["rank"].as_f64().unwrap(), b["rank"].as_f64().unwrap());
        assert!(ra >= rb, "by rank: {a} then {b}");
        if ra == rb {
            let key = |h: &Value| {
                (
                    order(h["type"].as_str().unwrap()),
                    h["id"].as_str().unwrap().to_owned(),
                )
            };
            assert!(key(a) < key(b), "ties by type, then id: {a} then {b}");
        }
    }
    // A title match outranks a match in the text only.
    let body = search(&app, &enc("trygghet")).await;
    assert_eq!(body["data"][0]["id"], "falkenberg-undated-1");
    let last = body["data"].as_array().unwrap().last().unwrap().clone();
    assert!(last["rank"].as_f64().unwrap() < body["data"][0]["rank"].as_f64().unwrap());
    app.stop().await;
}

#[actix_web::test]
async fn type_and_municipality_filter() {
    let app = TestApp::spawn().await;
    let q = enc("kommunen");
    let activities = search(&app, &format!("{q}&type=activity")).await;
    let mut found = hits(&activities);
    found.sort();
    assert_eq!(
        found,
        pairs(&[
            ("activity", "falkenberg-undated-1/a1"),
            ("activity", "falkenberg-undated-1/a2"),
            ("activity", "falkenberg-undated-1/a4"),
        ])
    );
    assert_eq!(activities["total"], 3);
    let two = search(&app, &format!("{q}&type=agreement,pledge")).await;
    assert_eq!(two["total"], 5);
    assert!(hits(&two)
        .iter()
        .all(|(t, _)| t == "agreement" || t == "pledge"));
    let mut per_type = 0;
    for t in ["agreement", "pledge", "focus_area", "activity", "statement"] {
        per_type += search(&app, &format!("{q}&type={t}")).await["total"]
            .as_i64()
            .unwrap();
    }
    assert_eq!(per_type, 13, "the types partition the hits");

    let falkenberg = search(&app, &format!("{q}&municipality=1382")).await;
    assert_eq!(falkenberg["total"], 6, "{falkenberg}");
    assert!(falkenberg["data"]
        .as_array()
        .unwrap()
        .iter()
        .all(|h| h["municipality"]["id"] == "falkenberg"));
    let mut per_municipality = 0;
    for m in [
        "falkenberg",
        "hylte",
        "kungsbacka",
        "laholm",
        "solvesborg",
        "trelleborg",
    ] {
        per_municipality += search(&app, &format!("{q}&municipality={m}")).await["total"]
            .as_i64()
            .unwrap();
    }
    assert_eq!(per_municipality, 13);
    let both = search(
        &app,
        &format!("{q}&municipality=solvesborg,trelleborg&type=focus_area"),
    )
    .await;
    let mut found = hits(&both);
    found.sort();
    assert_eq!(
        found,
        pairs(&[
            ("focus_area", "solvesborg-2022-2023/f1"),
            ("focus_area", "solvesborg-2022-2023/f2"),
            ("focus_area", "solvesborg-2022-2026/f1"),
        ])
    );
    // A municipality that does not exist is a bad value, not an empty result.
    let body = common::problem(
        app.get(&format!("/v1/search?{q}&municipality=atlantis"))
            .await,
        400,
    )
    .await;
    assert_eq!(body["errors"][0]["field"], "municipality");
    app.stop().await;
}

#[actix_web::test]
async fn pagination_walks_every_hit_once() {
    let app = TestApp::spawn().await;
    let q = enc("kommunen");
    let whole = search(&app, &format!("{q}&limit=500")).await;
    assert_eq!(whole["next_cursor"], Value::Null);
    let expected = hits(&whole);
    assert_eq!(expected.len(), 13);
    for limit in [1, 2] {
        let mut seen = Vec::new();
        let mut path = format!("/v1/search?{q}&limit={limit}");
        let mut pages = 0;
        loop {
            let res = app.get(&path).await;
            assert_eq!(res.status(), 200);
            let link = res
                .headers()
                .get("link")
                .map(|l| l.to_str().unwrap().to_owned());
            let body: Value = res.json().await.unwrap();
            assert_eq!(body["total"], 13);
            seen.extend(hits(&body));
            pages += 1;
            assert!(pages <= 20, "no end");
            match body["next_cursor"].as_str() {
                Some(c) => {
                    let link = link.expect("a Link header beside next_cursor");
                    assert!(link.contains(c) && link.ends_with("rel=\"next\""), "{link}");
                    path = format!("/v1/search?{q}&limit={limit}&cursor={c}");
                }
                None => break,
            }
        }
        assert_eq!(seen, expected, "limit={limit}");
    }
    app.stop().await;
}

#[actix_web::test]
async fn csv_is_the_same_hits() {
    let app = TestApp::spawn().await;
    let q = enc("kommunen");
    let json = search(&app, &q).await;
    let res = app.get(&format!("/v1/search?{q}&format=csv")).await;
    assert_eq!(res.status(), 200);
    assert!(res.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/csv"));
    let text = res.text().await.unwrap();
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    assert_eq!(
        reader.headers().unwrap().iter().collect::<Vec<_>>(),
        [
            "type",
            "id",
            "title",
            "municipality_id",
            "municipality_code",
            "rank",
            "url",
            "excerpt"
        ]
    );
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let data = json["data"].as_array().unwrap();
    assert_eq!(rows.len(), data.len());
    for (row, hit) in rows.iter().zip(data) {
        assert_eq!(row[0], *hit["type"].as_str().unwrap());
        assert_eq!(row[1], *hit["id"].as_str().unwrap());
        assert_eq!(row[2], *hit["title"].as_str().unwrap());
        assert_eq!(row[3], *hit["municipality"]["id"].as_str().unwrap());
        assert_eq!(row[4], *hit["municipality"]["code"].as_str().unwrap());
        assert_eq!(
            row[5].parse::<f32>().unwrap(),
            hit["rank"].as_f64().unwrap() as f32
        );
        assert_eq!(row[6], *hit["url"].as_str().unwrap());
        assert_eq!(row[7], *hit["excerpt"].as_str().unwrap());
    }
    let excel = app
        .get(&format!("/v1/search?{q}&format=csv&excel=true"))
        .await
        .bytes()
        .await
        .unwrap();
    assert!(excel.starts_with("\u{feff}".as_bytes()));
    assert!(String::from_utf8_lossy(&excel)
        .lines()
        .next()
        .unwrap()
        .starts_with("\u{feff}type;id;title;"));
    app.stop().await;
}

#[actix_web::test]
async fn excerpts_escape_the_text_and_mark_only_matches() {
    let app = TestApp::spawn().await;
    let mut conn = app.db.conn();
    diesel::sql_query(
        "UPDATE activities SET description = 'Se <script>alert(\"x\")</script> & grannsamverkan på <b>riktigt</b>.'
         WHERE public_id = 'solvesborg-2022-2023/a2'",
    )
    .execute(&mut conn)
    .unwrap();
    let body = search(&app, &enc("grannsamverkan")).await;
    assert_eq!(body["total"], 1);
    let excerpt = body["data"][0]["excerpt"].as_str().unwrap();
    assert!(
        excerpt.contains(
            "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; <mark>grannsamverkan</mark>"
        ),
        "{excerpt}"
    );
    assert!(excerpt.contains("&lt;b&gt;riktigt"), "{excerpt}");
    let markup = excerpt.replace("<mark>", "").replace("</mark>", "");
    assert!(!markup.contains('<') && !markup.contains('>'), "{excerpt}");
    app.stop().await;
}

#[actix_web::test]
async fn queries_with_syntax_characters_never_fail() {
    let app = TestApp::spawn().await;
    for q in [
        "it's o'clock",
        "a\\b",
        "'",
        "''",
        "\"",
        "-",
        "or",
        "& | ! <-> :* ( )",
        "polisen:*",
        "'polisen' & 'x'",
        "\"unclosed phrase",
        "-polisen",
        "e-post",
        "2022",
        "ö",
    ] {
        let res = app.get(&format!("/v1/search?{}", enc(q))).await;
        assert_eq!(res.status(), 200, "q={q}");
        let body: Value = res.json().await.unwrap();
        assert!(body["total"].is_i64(), "q={q}: {body}");
    }
    app.stop().await;
}

#[actix_web::test]
async fn bad_requests_name_the_parameter() {
    let app = TestApp::spawn().await;
    let body = problem(app.get("/v1/search").await, 400).await;
    assert_eq!(body["errors"][0]["field"], "q");
    assert!(body["detail"].as_str().unwrap().contains("required"));
    let long = "a".repeat(201);
    for (query, field) in [
        ("q=", "q"),
        ("q=%20%20", "q"),
        (&format!("q={long}")[..], "q"),
        ("q=polisen&type=person", "type"),
        ("q=polisen&type=", "type"),
        ("q=polisen&type=pledge,", "type"),
        ("q=polisen&limit=0", "limit"),
        ("q=polisen&limit=501", "limit"),
        ("q=polisen&cursor=bogus", "cursor"),
        ("q=polisen&municipality=S%C3%B6lvesborg", "municipality"),
        ("q=polisen&sort=rank", "sort"),
        ("q=polisen&theme=port", "theme"),
        ("q=polisen&format=xml", "format"),
        ("q=polisen&q=kommunen", "q"),
    ] {
        let body = problem(app.get(&format!("/v1/search?{query}")).await, 400).await;
        assert_eq!(body["errors"][0]["field"], field, "{query}: {body}");
    }
    // A cursor of another list is refused, not misread.
    let other = app.json("/v1/pledges?limit=1").await;
    let c = other["next_cursor"].as_str().unwrap();
    let body = problem(
        app.get(&format!("/v1/search?q=polisen&cursor={c}")).await,
        400,
    )
    .await;
    assert_eq!(body["errors"][0]["field"], "cursor");
    let res = app
        .client
        .post(app.url("/v1/search?q=x"))
        .send()
        .await
        .unwrap();
    problem(res, 405).await;
    app.stop().await;
}

#[actix_web::test]
async fn etag_revalidation() {
    let app = TestApp::spawn().await;
    let res = app.get("/v1/search?q=polisen").await;
    let etag = res.headers()["etag"].to_str().unwrap().to_owned();
    let again = app
        .client
        .get(app.url("/v1/search?q=polisen"))
        .header("If-None-Match", &etag)
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), 304);
    app.stop().await;
}

/// The thesaurus (`api/queries/thesaurus.txt`): `ungdomar` finds what the sources call `unga`, in
/// `/v1/search`, in a list's `q` and in GraphQL alike; a word outside it finds only itself.
#[actix_web::test]
async fn a_thesaurus_word_finds_its_group() {
    let app = TestApp::spawn().await;
    let youth = (
        "focus_area".to_owned(),
        "falkenberg-undated-1/f2".to_owned(),
    );
    for q in ["unga", "ungdomar", "ungdom"] {
        let found = hits(&search(&app, &format!("{}&type=focus_area", enc(q))).await);
        assert!(found.contains(&youth), "{q}: {found:?}");
        let list = app.json(&format!("/v1/focus-areas?{}", enc(q))).await;
        let ids: Vec<&str> = list["data"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|f| f["id"].as_str())
            .collect();
        assert!(
            ids.contains(&"falkenberg-undated-1/f2"),
            "/v1/focus-areas?q={q}: {ids:?}"
        );
    }
    let without = hits(&search(&app, &format!("{}&type=focus_area", enc("ungdomsgård"))).await);
    assert!(!without.contains(&youth), "{without:?}");
    app.stop().await;
}

/// "Did you mean": a word that no record holds is offered the most similar word of the data; known
/// words (whole, as the start of a compound, or through the thesaurus) and query syntax are left
/// alone. GraphQL's `search` offers the same.
#[actix_web::test]
async fn a_misspelt_word_gets_a_suggestion() {
    let app = TestApp::spawn().await;
    let body = search(&app, &enc("trygghett")).await;
    assert_eq!(body["suggestion"], "trygghet", "{body}");
    let body = search(&app, &enc("ökad trygghett")).await;
    assert_eq!(body["suggestion"], "ökad trygghet", "{body}");
    for q in [
        "trygghet",
        "drog",
        "ungdomar",
        "\"trygghett\"",
        "-trygghett",
        "xqzv",
    ] {
        let body = search(&app, &enc(q)).await;
        assert!(body.get("suggestion").is_none(), "{q}: {body}");
    }
    let lists = app.json("/v1/activities?limit=1").await;
    assert!(
        lists.get("suggestion").is_none(),
        "only search suggests: {lists}"
    );
    let res = app
        .client
        .post(format!("{}/graphql", app.base))
        .json(&serde_json::json!({ "query": "{ search(query: \"trygghett\") { totalCount suggestion } }" }))
        .send()
        .await
        .unwrap();
    let g: Value = res.json().await.unwrap();
    assert_eq!(g["data"]["search"]["suggestion"], "trygghet", "{g}");
    app.stop().await;
}

/// The query the server binds (stemmed, without the operands the widening repeated) matches the
/// same rows as the widened query stemmed by PostgreSQL as it was, in every searchable table,
/// over the bundled data and over a synthetic database.
#[test]
fn the_simplified_query_matches_what_the_widened_one_matched() {
    use openpledges::queries::search::{parse, swedish_tsquery};
    #[derive(diesel::QueryableByName)]
    struct Text {
        #[diesel(sql_type = diesel::sql_types::Text)]
        q: String,
    }
    let queries = [
        "ungdomar",
        "polisen",
        "narkotikan",
        "trygghet",
        "brottet",
        "flickan",
        "unga polis",
        "\"unga ungdomar\"",
        "trygghet or brott",
        "samverkan -alkohol",
        "skolan skola skolor",
        "trygghetsvandring",
        "och",
        "",
    ];
    let tables = [
        "agreements",
        "pledges",
        "focus_areas",
        "activities",
        "statements",
    ];
    for db in [
        common::TestDb::loaded(),
        common::TestDb::synthetic(12, 3, 5),
    ] {
        let mut conn = db.conn();
        let mut shorter = 0;
        for q in queries {
            let simple: Text =
                diesel::sql_query("SELECT websearch_to_tsquery('simple', $1)::text AS q")
                    .bind::<diesel::sql_types::Text, _>(q)
                    .get_result(&mut conn)
                    .unwrap();
            let widened = swedish_tsquery(&simple.q).replace('\'', "''");
            let bound = parse(&mut conn, q).unwrap();
            shorter += usize::from(bound.len() < widened.len());
            for table in tables {
                let mut count = |cond: String| {
                    common::count(
                        &mut conn,
                        &format!("SELECT count(*) AS n FROM {table} WHERE {cond}"),
                    )
                };
                let before = format!("search @@ to_tsquery('swedish', '{widened}')");
                let after = format!("search @@ '{}'::tsquery", bound.replace('\'', "''"));
                let (b, a) = (count(before.clone()), count(after.clone()));
                let both = count(format!("({before}) = ({after})"));
                assert_eq!(a, b, "{q:?} in {table}: {bound}");
                let total = count("TRUE".into());
                assert_eq!(
                    both, total,
                    "{q:?} in {table}: the same rows, not only as many"
                );
            }
        }
        assert!(
            shorter >= 3,
            "the widening repeated operands in some of these queries"
        );
    }
}
