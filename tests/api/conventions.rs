//! The list conventions of API.md, table-driven over every collection and every sort the code
//! declares (a new collection or sort is covered by adding it to the table, a new sort without
//! touching this file): paging by cursor gives exactly the unpaged order with a steady `total` and
//! `Link`, `-sort` is the exact reverse, a cursor belongs to its sort, `limit` is 1–500 in digits,
//! unknown or doubled parameters are refused by name, and every list speaks CSV.

use serde_json::Value;

use crate::common::{problem, TestApp, TestDb};
use crate::support::lists::walk;
use openpledges::queries;

struct Collection {
    path: &'static str,
    id: &'static str,
    sorts: &'static [&'static str],
}

const COLLECTIONS: &[Collection] = &[
    Collection {
        path: "/v1/municipalities",
        id: "id",
        sorts: queries::municipalities::SORTS,
    },
    Collection {
        path: "/v1/agreements",
        id: "id",
        sorts: queries::agreements::SORTS,
    },
    Collection {
        path: "/v1/pledges",
        id: "id",
        sorts: queries::pledges::SORTS,
    },
    Collection {
        path: "/v1/focus-areas",
        id: "id",
        sorts: queries::focus_areas::SORTS,
    },
    Collection {
        path: "/v1/activities",
        id: "id",
        sorts: queries::activities::SORTS,
    },
    Collection {
        path: "/v1/themes",
        id: "code",
        sorts: queries::themes::SORTS,
    },
    Collection {
        path: "/v1/sources",
        id: "id",
        sorts: queries::sources::SORTS,
    },
    Collection {
        path: "/v1/people",
        id: "id",
        sorts: queries::people::SORTS,
    },
    Collection {
        path: "/v1/events",
        id: "id",
        sorts: queries::events::SORTS,
    },
];

async fn page(app: &TestApp, c: &Collection, query: &str) -> (Vec<String>, Value) {
    let body = app.json(&format!("{}?{query}", c.path)).await;
    let ids = body["data"]
        .as_array()
        .unwrap_or_else(|| panic!("{}?{query}: no data in {body}", c.path))
        .iter()
        .map(|r| {
            r[c.id]
                .as_str()
                .unwrap_or_else(|| panic!("no {} in {r}", c.id))
                .to_owned()
        })
        .collect();
    (ids, body)
}

async fn refused(app: &TestApp, path: &str, field: &str) {
    let body = problem(app.get(path).await, 400).await;
    let fields: Vec<&str> = body["errors"]
        .as_array()
        .map(|e| e.iter().filter_map(|x| x["field"].as_str()).collect())
        .unwrap_or_default();
    assert!(
        fields.contains(&field),
        "GET {path} should name `{field}`: {body}"
    );
}

/// Every convention over one database; returns the collections that had records enough (two or
/// more) to page through and to take a cursor from.
async fn check_all(app: &TestApp) -> Vec<&'static str> {
    let mut paged = Vec::new();
    for c in COLLECTIONS {
        let (all, body) = page(app, c, "limit=500").await;
        let total = body["total"].as_u64().unwrap() as usize;
        assert_eq!(all.len(), total, "{}: one page of 500 holds all", c.path);
        assert_eq!(body["next_cursor"], Value::Null, "{}", c.path);
        if total >= 2 {
            paged.push(c.path);
        }

        for sort in c.sorts.iter().filter(|_| total >= 2) {
            let (asc, _) = page(app, c, &format!("limit=500&sort={sort}")).await;
            let (desc, _) = page(app, c, &format!("limit=500&sort=-{sort}")).await;
            let mut sorted = asc.clone();
            sorted.sort();
            let mut everything = all.clone();
            everything.sort();
            assert_eq!(
                sorted, everything,
                "{} sort={sort}: the same records",
                c.path
            );
            let reversed: Vec<String> = asc.iter().rev().cloned().collect();
            assert_eq!(
                desc, reversed,
                "{} sort=-{sort} is the reverse of sort={sort}",
                c.path
            );
            for dir in ["", "-"] {
                let path = format!("{}?sort={dir}{sort}", c.path);
                let walked = walk(app, &path, 2).await;
                let want = if dir.is_empty() { &asc } else { &desc };
                assert_eq!(&walked, want, "{path}: pages of 2 give the unpaged order");
            }
            // A cursor belongs to its sort.
            let (_, first) = page(app, c, &format!("limit=1&sort={sort}")).await;
            let cursor = first["next_cursor"].as_str().unwrap().to_owned();
            let other = c.sorts.iter().find(|s| *s != sort).unwrap();
            refused(
                app,
                &format!("{}?sort={other}&cursor={cursor}", c.path),
                "cursor",
            )
            .await;
        }

        for limit in ["0", "501", "+5", "-1", "abc", "1.5", ""] {
            refused(app, &format!("{}?limit={limit}", c.path), "limit").await;
        }
        refused(app, &format!("{}?limit=1&limit=2", c.path), "limit").await;
        refused(app, &format!("{}?bogus=1", c.path), "bogus").await;
        refused(app, &format!("{}?sort=nonsense", c.path), "sort").await;
        refused(app, &format!("{}?cursor=c2.forged", c.path), "cursor").await;

        let res = app.get(&format!("{}?format=csv&limit=500", c.path)).await;
        assert_eq!(res.status(), 200, "{} as CSV", c.path);
        assert_eq!(res.headers()["content-type"], "text/csv; charset=utf-8");
        let text = res.text().await.unwrap();
        let mut reader = csv::Reader::from_reader(text.as_bytes());
        let header: Vec<String> = reader
            .headers()
            .unwrap()
            .iter()
            .map(str::to_owned)
            .collect();
        let col = header
            .iter()
            .position(|h| h == c.id)
            .unwrap_or_else(|| panic!("{}: no `{}` column in {header:?}", c.path, c.id));
        let csv_ids: Vec<String> = reader
            .records()
            .map(|r| r.unwrap()[col].to_owned())
            .collect();
        assert_eq!(
            csv_ids, all,
            "{}: the CSV holds the same records in the same order",
            c.path
        );
    }
    paged
}

#[actix_web::test]
async fn every_collection_pages_sorts_and_refuses_alike() {
    // The bundled data has one event; the synthetic data one source: together, every collection
    // has records enough to page through in at least one of them.
    let bundled = TestApp::spawn().await;
    let mut paged = check_all(&bundled).await;
    let synthetic = TestApp::spawn_on(TestDb::synthetic(3, 2, 5)).await;
    paged.extend(check_all(&synthetic).await);
    for c in COLLECTIONS {
        assert!(paged.contains(&c.path), "{}: never paged through", c.path);
    }
}
