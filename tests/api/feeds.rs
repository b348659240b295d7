//! Atom feeds of the change log: well-formed RFC 4287, with live links, per municipality too.

use crate::common;
use crate::support::datasets;

use std::collections::HashSet;

use common::{problem, TestApp};
use datasets::{copy_of_data, edit};
use openpledges::dataset::{self, import};
use serde_json::Value;

const ATOM_NS: &str = "http://www.w3.org/2005/Atom";

/// What a test reads from a feed: the parts RFC 4287 requires, checked on the way.
#[derive(Debug)]
struct Parsed {
    id: String,
    title: String,
    self_link: String,
    entries: Vec<ParsedEntry>,
}

#[derive(Debug)]
struct ParsedEntry {
    id: String,
    title: String,
    link: String,
    summary: String,
}

fn child<'a>(node: roxmltree::Node<'a, 'a>, name: &str) -> Option<roxmltree::Node<'a, 'a>> {
    node.children().find(|c| c.has_tag_name((ATOM_NS, name)))
}

fn text_of(node: roxmltree::Node, name: &str) -> String {
    child(node, name)
        .and_then(|c| c.text())
        .unwrap_or_else(|| panic!("no atom:{name} in <{}>", node.tag_name().name()))
        .to_owned()
}

fn rfc3339(node: roxmltree::Node) {
    let updated = text_of(node, "updated");
    chrono::DateTime::parse_from_rfc3339(&updated)
        .unwrap_or_else(|e| panic!("atom:updated `{updated}`: {e}"));
}

fn link_with_rel(node: roxmltree::Node, rel: &str) -> Option<String> {
    node.children()
        .filter(|c| c.has_tag_name((ATOM_NS, "link")))
        .find(|l| l.attribute("rel").unwrap_or("alternate") == rel)
        .map(|l| l.attribute("href").expect("link without href").to_owned())
}

/// Parses the XML strictly, checks the elements RFC 4287 requires of a feed and its entries,
/// and reads it again with atom_syndication as a feed reader would.
fn parse(xml: &str) -> Parsed {
    let doc = roxmltree::Document::parse(xml).unwrap_or_else(|e| panic!("not well-formed: {e}"));
    let feed = doc.root_element();
    assert!(
        feed.has_tag_name((ATOM_NS, "feed")),
        "root is not atom:feed"
    );
    rfc3339(feed);
    let author = child(feed, "author").expect("feed without atom:author");
    assert!(!text_of(author, "name").is_empty());
    let mut entries = Vec::new();
    for e in feed
        .children()
        .filter(|c| c.has_tag_name((ATOM_NS, "entry")))
    {
        rfc3339(e);
        let entry = ParsedEntry {
            id: text_of(e, "id"),
            title: text_of(e, "title"),
            link: link_with_rel(e, "alternate").expect("entry without an alternate link"),
            summary: text_of(e, "summary"),
        };
        assert!(entry.id.starts_with("tag:"), "{entry:?}");
        assert!(!entry.title.is_empty(), "{entry:?}");
        entries.push(entry);
    }
    let ids: HashSet<&str> = entries.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(ids.len(), entries.len(), "entry ids repeat");
    let parsed = Parsed {
        id: text_of(feed, "id"),
        title: text_of(feed, "title"),
        self_link: link_with_rel(feed, "self").expect("feed without rel=self"),
        entries,
    };
    assert!(
        link_with_rel(feed, "alternate").is_some(),
        "feed without rel=alternate"
    );
    let reader =
        atom_syndication::Feed::read_from(xml.as_bytes()).expect("atom_syndication reads it");
    assert_eq!(reader.id(), parsed.id);
    assert_eq!(reader.entries().len(), parsed.entries.len());
    parsed
}

async fn get_feed(app: &TestApp, path: &str) -> (Parsed, String) {
    let res = app.get(path).await;
    assert_eq!(res.status(), 200, "GET {path}");
    assert_eq!(res.headers()["content-type"], "application/atom+xml");
    let etag = res.headers()["etag"].to_str().unwrap().to_owned();
    let xml = res.text().await.unwrap();
    (parse(&xml), etag)
}

/// The latest `n` changes as `/v1/changes` lists them, newest first.
async fn latest_changes(app: &TestApp, query: &str, n: usize) -> Vec<Value> {
    let mut all: Vec<Value> = Vec::new();
    let mut after = 0;
    loop {
        let page = app
            .json(&format!("/v1/changes?{query}&after={after}&limit=500"))
            .await;
        let data = page["data"].as_array().unwrap().clone();
        let Some(last) = data.last() else { break };
        after = last["id"].as_i64().unwrap();
        all.extend(data);
    }
    all.reverse();
    all.truncate(n);
    all
}

fn path_of<'a>(app: &TestApp, url: &'a str) -> &'a str {
    url.strip_prefix(app.base.as_str())
        .unwrap_or_else(|| panic!("{url} is not an absolute link to this service"))
}

#[actix_web::test]
async fn the_feed_is_atom_with_every_required_element_and_live_links() {
    let app = TestApp::spawn().await;
    let (feed, _) = get_feed(&app, "/feed.atom").await;
    assert_eq!(feed.self_link, app.url("/feed.atom"));
    assert!(feed.title.contains("OpenPledges"));
    let changes = latest_changes(&app, "", 100).await;
    assert!(!changes.is_empty());
    assert_eq!(feed.entries.len(), changes.len(), "the latest 100 changes");
    for (entry, change) in feed.entries.iter().zip(&changes) {
        let id = change["id"].as_i64().unwrap();
        assert!(
            entry.id.ends_with(&format!(":change:{id}")),
            "{entry:?} for {change}"
        );
        let title = change["title"].as_str().unwrap();
        let word = match change["type"].as_str().unwrap() {
            "agreement" => "Ny samverkansöverenskommelse",
            "pledge" => "Nytt medborgarlöfte",
            "focus_area" => "Nytt fokusområde",
            "activity" => "Ny aktivitet",
            other => panic!("a first import has no {other} change"),
        };
        assert_eq!(entry.title, format!("{word}: {title}"));
        assert_eq!(Some(entry.link.as_str()), change["url"].as_str());
        let record = app.json(path_of(&app, &entry.link)).await;
        assert_eq!(record["id"], change["record_id"]);
        assert!(!entry.summary.is_empty());
    }
}

#[actix_web::test]
async fn the_feed_revalidates_and_is_open_to_every_origin() {
    let app = TestApp::spawn().await;
    let (_, etag) = get_feed(&app, "/feed.atom").await;
    let res = app
        .client
        .get(app.url("/feed.atom"))
        .header("if-none-match", &etag)
        .header("origin", "https://example.kommun.se")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 304);
    assert_eq!(res.headers()["access-control-allow-origin"], "*");
    let res = app
        .client
        .get(app.url("/v1/municipalities/solvesborg/feed.atom"))
        .header("origin", "https://example.kommun.se")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["access-control-allow-origin"], "*");
    assert_eq!(
        res.headers()["cache-control"],
        "public, max-age=60, stale-while-revalidate=300"
    );
    problem(app.get("/feed.atom?limit=5").await, 400).await;
}

#[actix_web::test]
async fn a_municipality_feed_holds_only_that_municipality() {
    let app = TestApp::spawn().await;
    let (feed, _) = get_feed(&app, "/v1/municipalities/solvesborg/feed.atom").await;
    let (by_code, _) = get_feed(&app, "/v1/municipalities/1083/feed.atom").await;
    assert_eq!(
        by_code.entries.iter().map(|e| &e.id).collect::<Vec<_>>(),
        feed.entries.iter().map(|e| &e.id).collect::<Vec<_>>()
    );
    assert_eq!(
        feed.self_link,
        app.url("/v1/municipalities/solvesborg/feed.atom")
    );
    assert!(feed.title.contains("Sölvesborg"), "{}", feed.title);
    let (all, _) = get_feed(&app, "/feed.atom").await;
    assert_ne!(feed.id, all.id);

    let changes = latest_changes(&app, "municipality=solvesborg", 100).await;
    assert!(!changes.is_empty());
    assert_eq!(feed.entries.len(), changes.len());
    for (entry, change) in feed.entries.iter().zip(&changes) {
        assert_eq!(change["municipality"], "solvesborg");
        assert!(entry.id.ends_with(&format!(":change:{}", change["id"])));
        let record = app.json(path_of(&app, &entry.link)).await;
        assert_eq!(record["municipality"]["id"], "solvesborg", "{}", entry.link);
    }
    // Another municipality's feed shares no entry with this one.
    let (other, _) = get_feed(&app, "/v1/municipalities/falkenberg/feed.atom").await;
    assert!(!other.entries.is_empty());
    let mine: HashSet<&String> = feed.entries.iter().map(|e| &e.id).collect();
    assert!(other.entries.iter().all(|e| !mine.contains(&e.id)));

    let body = problem(app.get("/v1/municipalities/atlantis/feed.atom").await, 404).await;
    assert_eq!(body["code"], "not_found");
    problem(app.get("/v1/municipalities/9999/feed.atom").await, 404).await;
    problem(
        app.get("/v1/municipalities/S%C3%B6lvesborg/feed.atom")
            .await,
        400,
    )
    .await;
}

#[actix_web::test]
async fn deletions_and_status_changes_read_in_swedish() {
    let app = TestApp::spawn().await;
    let (_, etag) = get_feed(&app, "/v1/municipalities/solvesborg/feed.atom").await;
    let dir = copy_of_data();
    let file = dir.path().join("municipalities/solvesborg.toml");
    // Made-up changes, in the copy only: a status event for a1, a3 removed, a pledge retitled.
    edit(
        &file,
        "[[pledge.activity]]\nid = \"a2\"",
        "[[pledge.activity.status]]\nstatus = \"completed\"\neffective_on = \"2023-11-30\"\n\
         source = \"solvesborg-2022-medborgarlofte-nyhet\"\n\n[[pledge.activity]]\nid = \"a2\"",
    );
    edit(
        &file,
        "title = \"Medborgarlöfte för Sölvesborgs kommun 2022-2023\"",
        "title = \"Medborgarlöftet 2022-2023\"",
    );
    let text = std::fs::read_to_string(&file).unwrap();
    let cut = text.rfind("[[pledge.activity]]").unwrap();
    std::fs::write(&file, &text[..cut]).unwrap();
    let data = dataset::load(&[dir.path().to_owned()]).unwrap();
    import::import(&mut app.db.conn(), &data).unwrap();

    let (feed, new_etag) = get_feed(&app, "/v1/municipalities/solvesborg/feed.atom").await;
    assert_ne!(etag, new_etag, "the feed changed, so must its ETag");
    let titles: Vec<&str> = feed
        .entries
        .iter()
        .take(3)
        .map(|e| e.title.as_str())
        .collect();
    assert!(
        titles.contains(&"Borttaget: aktivitet solvesborg-2022-2023/a3"),
        "{titles:?}"
    );
    assert!(
        titles.contains(&"Ändrat medborgarlöfte: Medborgarlöftet 2022-2023"),
        "{titles:?}"
    );
    assert!(
        titles.contains(&"Ändrad status: Medborgardialog – Genomförd"),
        "{titles:?}"
    );
    let status = feed
        .entries
        .iter()
        .find(|e| e.title.starts_with("Ändrad status"))
        .unwrap();
    assert!(
        status.summary.contains("Genomförd sedan 2023-11-30"),
        "{}",
        status.summary
    );
    // Every link answers, the deletion's too (its entry in the JSON log).
    for e in &feed.entries {
        let res = app.get(path_of(&app, &e.link)).await;
        assert_eq!(res.status(), 200, "{}", e.link);
    }
    let gone = feed
        .entries
        .iter()
        .find(|e| e.title.starts_with("Borttaget"))
        .unwrap();
    let log = app.json(path_of(&app, &gone.link)).await;
    assert_eq!(log["data"][0]["action"], "deleted");
    assert_eq!(log["data"][0]["record_id"], "solvesborg-2022-2023/a3");
    assert!(gone
        .id
        .ends_with(&format!(":change:{}", log["data"][0]["id"])));
}

/// With `OPENPLEDGES_PUBLIC_URL` set, links use it whatever host the request named.
#[actix_web::test]
async fn links_use_the_public_url() {
    use actix_web::test as aw;
    use openpledges::app::{self, AppState};
    use openpledges::db::Db;
    let db = common::TestDb::loaded();
    let state = AppState::new(Db::new(&db.url, 2))
        .with_public_url(Some("https://openpledges.example/".into()));
    let srv = aw::init_service(app::build(state)).await;
    let get = |uri: &str| aw::TestRequest::get().uri(uri).to_request();
    let xml = aw::call_and_read_body(&srv, get("/feed.atom")).await;
    let feed = parse(std::str::from_utf8(&xml).unwrap());
    assert_eq!(feed.self_link, "https://openpledges.example/feed.atom");
    assert!(feed.id.starts_with("tag:openpledges.example,2026:"));
    assert!(feed
        .entries
        .iter()
        .all(|e| e.link.starts_with("https://openpledges.example/v1/")));
    let body: Value = aw::call_and_read_body_json(&srv, get("/v1/changes?limit=3")).await;
    for c in body["data"].as_array().unwrap() {
        assert!(c["url"]
            .as_str()
            .unwrap()
            .starts_with("https://openpledges.example/v1/"));
    }
}
