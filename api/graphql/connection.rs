//! Relay connections: `edges { cursor node }`, `pageInfo`, `totalCount`, paged forward with
//! `first` (at most 100) and `after`. Cursors are opaque to clients and bound to the list's order.

use crate::http::cursor::{self, CursorError};
use async_graphql::connection::PageInfo;
use async_graphql::{ComplexObject, OutputType, Result, SimpleObject};

use super::errors::{bad_argument, code, coded};
use super::objects::{
    Activity, Agreement, Event, FocusArea, Municipality, Person, Pledge, SearchHit, Source,
    Statement, Theme,
};
use crate::queries::lists::After;

/// Page size when `first` is not given.
pub const DEFAULT_FIRST: i32 = 10;
/// The largest `first` a connection accepts.
pub const MAX_FIRST: i32 = 100;

/// Where a record stands in its list: its cursor, signed only when a query asks for it (a signed
/// cursor per record cost more than the rest of its edge).
pub struct At {
    order: String,
    key: String,
    id: String,
}

impl At {
    fn cursor(&self) -> String {
        cursor::encode(&self.order, &self.key, &self.id)
    }
}

/// A page of nodes with their positions, before it becomes a connection type of the schema.
pub struct Page<N> {
    pub edges: Vec<(At, N)>,
    pub page_info: PageInfo,
    pub total_count: i64,
}

/// A node type and the connection type its lists are.
pub trait HasConnection: Sized {
    type Connection: OutputType + From<Page<Self>>;
}

/// The connection type of a node type, e.g. `Connection<Pledge>` is `PledgeConnection`.
pub type Connection<N> = <N as HasConnection>::Connection;

macro_rules! connection {
    ($node:ty, $conn:ident, $edge:ident) => {
        /// A page of records, in a stable order.
        #[derive(SimpleObject)]
        pub struct $conn {
            /// The records of this page, each with the cursor to continue after it.
            pub edges: Vec<$edge>,
            /// Whether there are more pages, and the cursors at this page's ends.
            pub page_info: PageInfo,
            /// How many records match, over all pages.
            pub total_count: i64,
        }

        /// A record in a page, with its cursor.
        #[derive(SimpleObject)]
        #[graphql(complex)]
        pub struct $edge {
            #[graphql(skip)]
            pub at: At,
            /// The record.
            pub node: $node,
        }

        #[ComplexObject]
        impl $edge {
            /// Pass as `after` to get the records that follow this one.
            async fn cursor(&self) -> String {
                self.at.cursor()
            }
        }

        impl From<Page<$node>> for $conn {
            fn from(p: Page<$node>) -> $conn {
                $conn {
                    edges: p
                        .edges
                        .into_iter()
                        .map(|(at, node)| $edge { at, node })
                        .collect(),
                    page_info: p.page_info,
                    total_count: p.total_count,
                }
            }
        }

        impl HasConnection for $node {
            type Connection = $conn;
        }
    };
}

connection!(Municipality, MunicipalityConnection, MunicipalityEdge);
connection!(Agreement, AgreementConnection, AgreementEdge);
connection!(Pledge, PledgeConnection, PledgeEdge);
connection!(FocusArea, FocusAreaConnection, FocusAreaEdge);
connection!(Activity, ActivityConnection, ActivityEdge);
connection!(Theme, ThemeConnection, ThemeEdge);
connection!(Source, SourceConnection, SourceEdge);
connection!(Person, PersonConnection, PersonEdge);
connection!(Event, EventConnection, EventEdge);
connection!(Statement, StatementConnection, StatementEdge);

/// The hits of a search, best first: a page of records, with "did you mean".
#[derive(SimpleObject)]
pub struct SearchHitConnection {
    /// The hits of this page, each with the cursor to continue after it.
    pub edges: Vec<SearchHitEdge>,
    /// Whether there are more pages, and the cursors at this page's ends.
    pub page_info: PageInfo,
    /// How many hits there are, over all pages.
    pub total_count: i64,
    /// The query with the words that no record holds replaced by the most similar words of the
    /// data ("did you mean"); null when every word is known or nothing is similar.
    pub suggestion: Option<String>,
}

/// A hit in a page, with its cursor.
#[derive(SimpleObject)]
#[graphql(complex)]
pub struct SearchHitEdge {
    #[graphql(skip)]
    pub at: At,
    /// The hit.
    pub node: SearchHit,
}

#[ComplexObject]
impl SearchHitEdge {
    /// Pass as `after` to get the hits that follow this one.
    async fn cursor(&self) -> String {
        self.at.cursor()
    }
}

impl From<Page<SearchHit>> for SearchHitConnection {
    fn from(p: Page<SearchHit>) -> SearchHitConnection {
        SearchHitConnection {
            edges: p
                .edges
                .into_iter()
                .map(|(at, node)| SearchHitEdge { at, node })
                .collect(),
            page_info: p.page_info,
            total_count: p.total_count,
            suggestion: None,
        }
    }
}

impl HasConnection for SearchHit {
    type Connection = SearchHitConnection;
}

/// A validated request for a page: how many, after which record.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct PageRequest {
    pub first: i64,
    pub after: After,
}

impl PageRequest {
    /// Checks `first` and decodes `after`, which must come from a list in the same order.
    pub fn new(first: Option<i32>, after: Option<String>, order: &str) -> Result<PageRequest> {
        let first = first.unwrap_or(DEFAULT_FIRST);
        if first > MAX_FIRST {
            return Err(coded(
                code::FIRST_TOO_LARGE,
                format!("`first` is {first}; a page holds at most {MAX_FIRST} records"),
            ));
        }
        if first < 0 {
            return Err(bad_argument("first", "must not be negative"));
        }
        let after = match after {
            None => None,
            Some(c) => match cursor::decode(&c, order) {
                Ok(p) => Some((p.key, p.id)),
                Err(CursorError::OtherOrder(_)) => {
                    return Err(bad_argument(
                        "after",
                        "this cursor belongs to a list in another order",
                    ))
                }
                Err(CursorError::Forged) => return Err(bad_argument(
                    "after",
                    "not a cursor this service issued; take one from `pageInfo.endCursor` or `edges.cursor`",
                )),
            },
        };
        Ok(PageRequest {
            first: i64::from(first),
            after,
        })
    }

    /// Rows to ask for: one more than the page, to know whether another page follows.
    pub fn limit(&self) -> i64 {
        self.first + 1
    }
}

/// A row that can stand at a cursor: its sort key and public id.
pub trait Positioned {
    fn sort_key(&self) -> &str;
    fn public_id(&self) -> &str;
}

/// A page from up to `first + 1` rows in order.
pub fn page<R: Positioned, N: HasConnection>(
    mut rows: Vec<R>,
    req: &PageRequest,
    order: &str,
    total_count: i64,
    node: impl Fn(R) -> N,
) -> Connection<N> {
    let has_next_page = rows.len() as i64 > req.first;
    rows.truncate(req.first.max(0) as usize);
    let edges: Vec<(At, N)> = rows
        .into_iter()
        .map(|r| {
            let at = At {
                order: order.to_owned(),
                key: r.sort_key().to_owned(),
                id: r.public_id().to_owned(),
            };
            (at, node(r))
        })
        .collect();
    let page_info = PageInfo {
        // Forward paging only: a page after a cursor has records before it.
        has_previous_page: req.after.is_some(),
        has_next_page,
        start_cursor: edges.first().map(|e| e.0.cursor()),
        end_cursor: edges.last().map(|e| e.0.cursor()),
    };
    Page {
        edges,
        page_info,
        total_count,
    }
    .into()
}

/// Complexity of a connection field: the fields under one record, times the records on a page.
pub fn complexity(first: Option<i32>, child_complexity: usize) -> usize {
    let n = first.unwrap_or(DEFAULT_FIRST).clamp(0, MAX_FIRST) as usize;
    n.max(1).saturating_mul(child_complexity).saturating_add(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_round_trip_and_keep_to_their_order() {
        let c = cursor::encode("position", "0000000003", "solvesborg-2022-2023/f3");
        let req = PageRequest::new(Some(5), Some(c.clone()), "position").unwrap();
        assert_eq!(
            req.after,
            Some(("0000000003".into(), "solvesborg-2022-2023/f3".into()))
        );
        assert_eq!(req.limit(), 6);
        assert!(PageRequest::new(None, Some(c), "id").is_err());
        assert!(PageRequest::new(None, Some("bogus".into()), "id").is_err());
        assert!(PageRequest::new(Some(101), None, "id").is_err());
        assert!(PageRequest::new(Some(-1), None, "id").is_err());
        assert_eq!(PageRequest::new(None, None, "id").unwrap().first, 10);
    }
}
