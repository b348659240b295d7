//! The schema as it runs requests: limits checked first, documents parsed once.
//!
//! Parsed documents are kept by query text: clients send the same few queries again and again
//! (a widget, an app, a benchmark), and parsing is a large part of a small request's cost. Only
//! documents that passed the limits are kept, so a hit is as safe as the first parse.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use async_graphql::parser::types::ExecutableDocument;
use async_graphql::{EmptyMutation, EmptySubscription, Request, Response, Schema, ValidationMode};

use super::limits::{Enforce, Limits};
use super::schema::Query;

pub type OpenPledgesSchema = Schema<Query, EmptyMutation, EmptySubscription>;

/// The schema, and the limits every request is checked against before it runs.
///
/// The limits are checked by a second instance of the schema whose only extension refuses what is
/// over a limit and stops after validation. The schema that executes has no extension: with one,
/// async-graphql routes every field of the response through the extension chain, which made the
/// README's query a quarter slower.
#[derive(Clone)]
pub struct Graph {
    exec: OpenPledgesSchema,
    check: OpenPledgesSchema,
    limits: Limits,
    parsed: Parsed,
}

/// The schema with these limits.
pub fn build(limits: Limits) -> Graph {
    Graph {
        // Every request reaches `exec` only after `check` validated the same document and
        // variables in full, so `exec` keeps only the checks that feed execution.
        exec: Schema::build(Query::default(), EmptyMutation, EmptySubscription)
            .validation_mode(ValidationMode::Fast)
            .finish(),
        check: Schema::build(Query::default(), EmptyMutation, EmptySubscription)
            .extension(Enforce(limits))
            .finish(),
        limits,
        parsed: Parsed::default(),
    }
}

impl Graph {
    /// Checks the request against the limits, then runs it. Both instances get the document
    /// parsed once; a query text seen before is not parsed again.
    pub async fn execute(&self, mut request: Request) -> Response {
        let mut probe = Request::new(request.query.clone()).variables(request.variables.clone());
        probe.operation_name = request.operation_name.clone();
        let known = self.parsed.get(&request.query);
        if let Some(doc) = &known {
            probe.set_parsed_query(doc.clone());
        }
        let checked = self.check.execute(probe).await;
        if !checked.errors.is_empty() {
            return checked;
        }
        // Parsed only now: the limits on size and nesting come before any parsing.
        match known {
            Some(doc) => request.set_parsed_query(doc),
            None => {
                if let Ok(doc) = request.parsed_query().cloned() {
                    self.parsed.put(&request.query, doc);
                }
            }
        }
        self.exec.execute(request).await
    }

    /// The limits requests are checked against.
    pub fn limits(&self) -> &Limits {
        &self.limits
    }

    /// The schema in SDL.
    pub fn sdl(&self) -> String {
        self.exec.sdl()
    }
}

/// Queries kept at most; past it the cache starts over, so no sequence of queries grows it.
const CAPACITY: usize = 256;
/// Longer query texts are parsed every time instead of kept.
const MAX_KEPT_BYTES: usize = 8 * 1024;

#[derive(Clone, Default)]
struct Parsed(Arc<Mutex<HashMap<String, ExecutableDocument>>>);

impl Parsed {
    fn get(&self, query: &str) -> Option<ExecutableDocument> {
        self.0.lock().ok()?.get(query).cloned()
    }

    fn put(&self, query: &str, doc: ExecutableDocument) {
        if query.len() > MAX_KEPT_BYTES {
            return;
        }
        if let Ok(mut kept) = self.0.lock() {
            if kept.len() >= CAPACITY {
                kept.clear();
            }
            kept.insert(query.to_owned(), doc);
        }
    }
}
