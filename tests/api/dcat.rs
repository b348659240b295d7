//! `/dcat.jsonld`: the DCAT-AP (DCAT-AP-SE) catalogue has the classes and properties the profile
//! asks for, states what the API states, and every link in it is answered.

use crate::common;

use std::collections::{BTreeSet, HashMap};

use common::{problem, TestApp};
use serde_json::Value;

const EU: &str = "http://publications.europa.eu/resource/authority";

/// The catalogue's nodes by `@id`.
struct Graph {
    nodes: HashMap<String, Value>,
}

impl Graph {
    fn new(doc: &Value) -> Graph {
        let nodes = doc["@graph"]
            .as_array()
            .expect("@graph")
            .iter()
            .map(|n| (n["@id"].as_str().expect("@id").to_owned(), n.clone()))
            .collect();
        Graph { nodes }
    }

    fn of_type(&self, t: &str) -> Vec<&Value> {
        self.nodes.values().filter(|n| n["@type"] == t).collect()
    }

    fn one(&self, t: &str) -> &Value {
        let all = self.of_type(t);
        assert_eq!(all.len(), 1, "one {t}");
        all[0]
    }

    /// The node a property points to, which must be in the graph and of this type.
    fn follow(&self, node: &Value, prop: &str, t: &str) -> &Value {
        let id = node[prop]["@id"]
            .as_str()
            .unwrap_or_else(|| panic!("{prop} is no reference: {node}"));
        let target = self
            .nodes
            .get(id)
            .unwrap_or_else(|| panic!("{prop} → {id} is not in the graph"));
        assert_eq!(target["@type"], t, "{prop} → {id}");
        target
    }
}

/// Values of a property that may be one value or a list.
fn many(v: &Value) -> Vec<&Value> {
    match v {
        Value::Array(a) => a.iter().collect(),
        Value::Null => vec![],
        other => vec![other],
    }
}

fn languages(v: &Value) -> BTreeSet<&str> {
    many(v)
        .into_iter()
        .filter(|t| t["@value"].as_str().is_some_and(|s| !s.trim().is_empty()))
        .filter_map(|t| t["@language"].as_str())
        .collect()
}

fn ids(v: &Value) -> Vec<&str> {
    many(v)
        .into_iter()
        .filter_map(|x| x["@id"].as_str())
        .collect()
}

/// Every `@id` in the graph: the nodes' own and their references.
fn references(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::Array(a) => a.iter().for_each(|x| references(x, out)),
        Value::Object(o) => {
            for (k, x) in o {
                match (k.as_str(), x) {
                    ("@id", Value::String(id)) => out.push(id.clone()),
                    _ => references(x, out),
                }
            }
        }
        _ => {}
    }
}

async fn catalogue(app: &TestApp) -> Value {
    let res = app.get("/dcat.jsonld").await;
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["content-type"], "application/ld+json");
    assert!(res.headers().contains_key("etag"));
    res.json().await.expect("JSON-LD")
}

#[actix_web::test]
async fn the_catalogue_has_the_classes_and_properties_of_dcat_ap_se() {
    let app = TestApp::spawn().await;
    let doc = catalogue(&app).await;
    for (prefix, ns) in [
        ("dcat", "http://www.w3.org/ns/dcat#"),
        ("dct", "http://purl.org/dc/terms/"),
        ("foaf", "http://xmlns.com/foaf/0.1/"),
        ("vcard", "http://www.w3.org/2006/vcard/ns#"),
        ("xsd", "http://www.w3.org/2001/XMLSchema#"),
    ] {
        assert_eq!(doc["@context"][prefix], ns);
    }
    let g = Graph::new(&doc);
    let licence = "http://creativecommons.org/publicdomain/zero/1.0/";

    let catalog = g.one("dcat:Catalog");
    assert_eq!(
        languages(&catalog["dct:title"]),
        BTreeSet::from(["en", "sv"])
    );
    assert_eq!(
        languages(&catalog["dct:description"]),
        BTreeSet::from(["en", "sv"])
    );
    assert_eq!(catalog["dct:license"]["@id"], licence);
    let publisher = g.follow(catalog, "dct:publisher", "foaf:Agent");
    assert!(!languages(&publisher["foaf:name"]).is_empty());
    assert!(catalog["foaf:homepage"]["@id"].is_string());
    assert_eq!(
        ids(&catalog["dct:language"]),
        [format!("{EU}/language/SWE"), format!("{EU}/language/ENG")]
    );
    let dataset = g.follow(catalog, "dcat:dataset", "dcat:Dataset");
    g.follow(catalog, "dcat:service", "dcat:DataService");

    assert_eq!(
        languages(&dataset["dct:title"]),
        BTreeSet::from(["en", "sv"])
    );
    assert_eq!(
        languages(&dataset["dct:description"]),
        BTreeSet::from(["en", "sv"])
    );
    assert_eq!(g.follow(dataset, "dct:publisher", "foaf:Agent"), publisher);
    let contact = g.follow(dataset, "dcat:contactPoint", "vcard:Organization");
    assert!(contact["vcard:fn"].as_str().is_some_and(|s| !s.is_empty()));
    assert!(contact["vcard:hasURL"]["@id"].is_string());
    for personal in ["vcard:hasEmail", "vcard:hasTelephone"] {
        assert!(contact.get(personal).is_none(), "no {personal}: {contact}");
    }
    let themes = ids(&dataset["dcat:theme"]);
    assert!(themes.contains(&format!("{EU}/data-theme/JUST").as_str()));
    assert!(themes
        .iter()
        .all(|t| t.starts_with(&format!("{EU}/data-theme/"))));
    assert!(
        languages(&dataset["dcat:keyword"]).len() == 2,
        "keywords in sv and en"
    );
    assert_eq!(dataset["dct:license"]["@id"], licence);
    assert_eq!(
        dataset["dct:accrualPeriodicity"]["@id"]
            .as_str()
            .map(|f| f.starts_with(&format!("{EU}/frequency/"))),
        Some(true)
    );
    assert_eq!(dataset["dct:temporal"]["@type"], "dct:PeriodOfTime");

    // Every reference to a node of this document resolves.
    let base = format!("{}/dcat.jsonld#", app.base);
    let mut referred = Vec::new();
    references(&doc["@graph"], &mut referred);
    assert!(referred.len() > 10);
    for id in referred.iter().filter(|id| id.starts_with(&base)) {
        assert!(
            g.nodes.contains_key(id),
            "{id} is referred to but not in the graph"
        );
    }

    let distributions = ids(&dataset["dcat:distribution"]);
    assert!(distributions.len() >= 3 * 15 + 3, "{}", distributions.len());
    for d in &distributions {
        let node = &g.nodes[*d];
        assert_eq!(node["@type"], "dcat:Distribution");
        assert_eq!(node["dct:license"]["@id"], licence, "{d}");
        assert!(node["dcat:accessURL"]["@id"].is_string(), "{d}");
        assert!(
            node["dct:format"]["@id"]
                .as_str()
                .is_some_and(|f| f.starts_with(&format!("{EU}/file-type/"))),
            "{d}"
        );
        assert!(!languages(&node["dct:title"]).is_empty(), "{d}");
    }
    let service = distributions
        .iter()
        .map(|d| &g.nodes[*d])
        .find(|n| n.get("dcat:accessService").is_some())
        .expect("a distribution through the API");
    let api = g.follow(service, "dcat:accessService", "dcat:DataService");
    assert!(api["dcat:endpointURL"]["@id"].is_string());
    assert!(api["dcat:endpointDescription"]["@id"].is_string());
    // A distribution for every file the exports list, and for each CSV in the Excel dialect.
    let downloads: BTreeSet<String> = distributions
        .iter()
        .filter_map(|d| g.nodes[*d]["dcat:downloadURL"]["@id"].as_str())
        .map(|u| u[app.base.len()..].to_owned())
        .collect();
    let listing = app.json("/v1/exports/").await;
    let files = listing["files"].as_array().expect("files");
    assert!(!files.is_empty());
    for f in files {
        let path = f["path"].as_str().unwrap();
        assert!(downloads.contains(path), "{path} has no distribution");
        if f["format"] == "csv" {
            let excel = format!("{path}?excel=true");
            assert!(downloads.contains(&excel), "{excel} has no distribution");
        }
    }
    for format in ["CSV", "XLSX", "ZIP"] {
        let suffix = format!("{EU}/file-type/{format}");
        assert!(
            distributions
                .iter()
                .any(|d| g.nodes[*d]["dct:format"]["@id"] == suffix.as_str()),
            "a {format} distribution"
        );
    }
    app.stop().await;
}

#[actix_web::test]
async fn the_catalogue_states_what_the_api_states() {
    let app = TestApp::spawn().await;
    let doc = catalogue(&app).await;
    let g = Graph::new(&doc);
    let dataset = g.one("dcat:Dataset");

    // Released and modified as the dataset version says.
    let meta = app.json("/v1/meta").await;
    let released = &meta["dataset"]["released_on"];
    assert!(released.is_string());
    assert_eq!(&dataset["dct:modified"]["@value"], released);
    assert_eq!(dataset["dct:modified"]["@type"], "xsd:date");
    assert_eq!(dataset["dcat:version"], meta["dataset"]["version"]);
    let issued = dataset["dct:issued"]["@value"]
        .as_str()
        .expect("dct:issued");
    assert!(issued <= released.as_str().unwrap());

    // Temporal coverage: from the first to the last day of any stated period.
    let mut starts = Vec::new();
    let mut ends = Vec::new();
    for path in ["/v1/agreements?limit=500", "/v1/pledges?limit=500"] {
        for r in app.json(path).await["data"].as_array().unwrap() {
            if let Some(p) = r["period"].as_object() {
                starts.push(p["start"].as_str().unwrap().to_owned());
                ends.push(p["end"].as_str().unwrap().to_owned());
            }
        }
    }
    let temporal = &dataset["dct:temporal"];
    assert_eq!(
        temporal["dcat:startDate"]["@value"],
        *starts.iter().min().unwrap()
    );
    assert_eq!(
        temporal["dcat:endDate"]["@value"],
        *ends.iter().max().unwrap()
    );

    // Spatial coverage: Sweden and every municipality, by kommunkod.
    let spatial = ids(&dataset["dct:spatial"]);
    assert_eq!(spatial[0], format!("{EU}/country/SWE"));
    let municipalities = app.json("/v1/municipalities?limit=500").await;
    let codes: BTreeSet<String> = municipalities["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["code"].as_str().unwrap().to_owned())
        .collect();
    let places: BTreeSet<String> = spatial[1..]
        .iter()
        .map(|id| g.nodes[*id]["dct:identifier"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(places, codes);
    for id in &spatial[1..] {
        assert_eq!(g.nodes[*id]["@type"], "dct:Location");
    }
    app.stop().await;
}

#[actix_web::test]
async fn every_link_of_the_catalogue_is_answered() {
    let app = TestApp::spawn().await;
    let doc = catalogue(&app).await;
    let g = Graph::new(&doc);
    let mut links = BTreeSet::new();
    for node in g.nodes.values() {
        for prop in [
            "dcat:accessURL",
            "dcat:downloadURL",
            "dcat:endpointDescription",
            "foaf:homepage",
            "dcat:landingPage",
            "vcard:hasURL",
        ] {
            if let Some(url) = node[prop]["@id"].as_str() {
                links.insert(url.to_owned());
            }
        }
    }
    for node in g.of_type("dct:Location") {
        links.insert(node["@id"].as_str().unwrap().to_owned());
    }
    // Without OPENPLEDGES_PUBLIC_URL, links are under the origin the request came to.
    assert!(links.iter().all(|l| l.starts_with(&app.base)), "{links:?}");
    assert!(links.iter().any(|l| l.contains("/v1/exports/")));
    let mut unanswered = Vec::new();
    for link in &links {
        let path = &link[app.base.len()..];
        let status = app.get(path).await.status();
        if status != 200 {
            unanswered.push(format!("{status} {path}"));
        }
    }
    assert!(unanswered.is_empty(), "unanswered links: {unanswered:?}");
    app.stop().await;
}

#[actix_web::test]
async fn the_catalogue_revalidates_and_takes_no_parameters() {
    let app = TestApp::spawn().await;
    let res = app.get("/dcat.jsonld").await;
    let etag = res.headers()["etag"].to_str().unwrap().to_owned();
    assert_eq!(
        res.headers()["cache-control"],
        "public, max-age=60, stale-while-revalidate=300"
    );
    let again = app
        .client
        .get(app.url("/dcat.jsonld"))
        .header("If-None-Match", &etag)
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), 304);
    problem(app.get("/dcat.jsonld?format=ttl").await, 400).await;
    app.stop().await;
}
