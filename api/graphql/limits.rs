//! Limits on what one request may ask: the query's size and nesting, the `first` of every
//! connection, and, over the query as executed (fragments expanded, aliases counted), its
//! selections, depth, expensive fields, cost and complexity (fields, times `first` for
//! connections); while it runs, its SQL statements, pooled connections and the size of its
//! answer. Every refusal is an error whose `extensions.code` names the limit and whose message
//! gives its value; a request refused before it runs executes nothing.

use std::collections::HashMap;
use std::sync::Arc;

use async_graphql::extensions::{
    Extension, ExtensionContext, ExtensionFactory, NextExecute, NextParseQuery, NextPrepareRequest,
    NextValidation,
};
use async_graphql::parser::types::{ExecutableDocument, Selection, SelectionSet};
use async_graphql::{
    ErrorExtensionValues, Name, Positioned, Request, Response, ServerError, ServerResult,
    ValidationResult, Value, Variables,
};

use super::connection::MAX_FIRST;
use super::errors::code;
use super::{cost, nesting, positions};

/// The limits of one request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Bytes of query text.
    pub max_query_bytes: usize,
    /// Levels of `[`, `{` and `(` in the query text, and of arrays and objects in the JSON of the
    /// request: checked before anything parses them, so that no input can exhaust the stack.
    pub max_nesting: usize,
    /// Levels of nested selections.
    pub max_depth: usize,
    /// Fields, fragment spreads and inline fragments of the query with its fragments expanded.
    pub max_selections: usize,
    /// Root fields that run SQL of their own each time they are named (search, compare, lists,
    /// records as of a day) or answer with much (introspection).
    pub max_expensive_fields: usize,
    /// The weights of the query's fields: roughly the SQL statements it will take (see `cost`).
    pub max_cost: usize,
    /// Estimated fields of the response: each field counts 1, a connection its fields times `first`.
    pub max_complexity: usize,
    /// SQL statements one request may run; once they are spent, further reads fail.
    pub max_sql_statements: u64,
    /// Pooled connections one request may hold at once.
    pub max_connections: usize,
    /// Bytes of the JSON answer.
    pub max_response_bytes: usize,
}

impl Default for Limits {
    /// Room for the README's query (four nested connections with status histories: depth 14,
    /// complexity 170 301, cost 6, 12 SQL statements) and for GraphiQL's introspection (depth 15,
    /// nesting 13, cost about 25), with some to spare. Nesting 48 is far below what overflows a
    /// stack (about 1 500 levels in a release build) and above any query within the depth limit.
    fn default() -> Self {
        Limits {
            max_query_bytes: 16 * 1024,
            max_nesting: 48,
            max_depth: 18,
            max_selections: 2_000,
            max_expensive_fields: 20,
            max_cost: 100,
            max_complexity: 250_000,
            max_sql_statements: 100,
            max_connections: 2,
            max_response_bytes: 4 * 1024 * 1024,
        }
    }
}

/// The refusal of a request that nests deeper than `limit`, in `what`.
pub fn nesting_refusal(limit: usize, what: &str) -> ServerError {
    refusal(
        code::NESTING_LIMIT,
        format!("{what} nests brackets, lists or objects more than {limit} levels deep; at most {limit} are allowed"),
    )
}

/// Checks a request against the limits and stops before executing it (see `schema::Graph`).
pub struct Enforce(pub Limits);

impl ExtensionFactory for Enforce {
    fn create(&self) -> Arc<dyn Extension> {
        Arc::new(Enforcer(self.0))
    }
}

struct Enforcer(Limits);

/// An error with a limit's code.
pub(crate) fn refusal(code: &'static str, message: String) -> ServerError {
    crate::telemetry::metrics::graphql_refused(code);
    let mut e = ServerError::new(message, None);
    let mut ext = ErrorExtensionValues::default();
    ext.set("code", code);
    e.extensions = Some(ext);
    e
}

#[async_graphql::async_trait::async_trait]
impl Extension for Enforcer {
    async fn prepare_request(
        &self,
        ctx: &ExtensionContext<'_>,
        mut request: Request,
        next: NextPrepareRequest<'_>,
    ) -> ServerResult<Request> {
        let size = request.query.len();
        if size > self.0.max_query_bytes {
            return Err(refusal(
                code::QUERY_TOO_LARGE,
                format!(
                    "the query is {size} bytes; at most {} are accepted",
                    self.0.max_query_bytes
                ),
            ));
        }
        let nesting = nesting::graphql_depth(&request.query, self.0.max_nesting);
        if nesting > self.0.max_nesting {
            return Err(nesting_refusal(self.0.max_nesting, "the query"));
        }
        // A query that does not parse goes on, and async-graphql says where it is wrong. One that
        // does is kept, so it is parsed once, and measured before anything else expands it.
        if let Ok(doc) = request.parsed_query() {
            cost::measure(doc, &self.0)?;
        }
        next.run(ctx, request).await
    }

    async fn parse_query(
        &self,
        ctx: &ExtensionContext<'_>,
        query: &str,
        variables: &Variables,
        next: NextParseQuery<'_>,
    ) -> ServerResult<ExecutableDocument> {
        let doc = next.run(ctx, query, variables).await?;
        check_first(&doc, variables)?;
        // async-graphql leaves this rule of validation out; the first offence is reported.
        if let Err(errors) = positions::check(&doc) {
            return Err(errors.into_iter().next().expect("an error"));
        }
        Ok(doc)
    }

    async fn validation(
        &self,
        ctx: &ExtensionContext<'_>,
        next: NextValidation<'_>,
    ) -> Result<ValidationResult, Vec<ServerError>> {
        // Depth was measured before parsing went on; complexity needs the schema's types.
        let result = next.run(ctx).await?;
        if result.complexity > self.0.max_complexity {
            return Err(vec![refusal(
                code::COMPLEXITY_LIMIT,
                format!(
                    "the query's complexity is {} (fields, times `first` for connections); at most {} is allowed: ask for fewer records or fields",
                    result.complexity, self.0.max_complexity
                ),
            )]);
        }
        Ok(result)
    }

    /// Only checks: a request within the limits is run by the schema without this extension.
    async fn execute(
        &self,
        _ctx: &ExtensionContext<'_>,
        _operation_name: Option<&str>,
        _next: NextExecute<'_>,
    ) -> Response {
        Response::new(Value::Null)
    }
}

/// Refuses any `first` above the maximum, literal or from a variable, before anything runs.
fn check_first(doc: &ExecutableDocument, variables: &Variables) -> ServerResult<()> {
    let mut values: HashMap<Name, Value> = HashMap::new();
    for (_, op) in doc.operations.iter() {
        for def in &op.node.variable_definitions {
            if let Some(default) = &def.node.default_value {
                values.insert(def.node.name.node.clone(), default.node.clone());
            }
        }
    }
    for (name, value) in variables.iter() {
        values.insert(name.clone(), value.clone());
    }
    let mut sets: Vec<&Positioned<SelectionSet>> = doc
        .operations
        .iter()
        .map(|(_, op)| &op.node.selection_set)
        .collect();
    sets.extend(doc.fragments.values().map(|f| &f.node.selection_set));
    while let Some(set) = sets.pop() {
        for item in &set.node.items {
            match &item.node {
                Selection::Field(field) => {
                    for (arg, value) in &field.node.arguments {
                        if arg.node != "first" {
                            continue;
                        }
                        let value = value
                            .node
                            .clone()
                            .into_const_with(|v| {
                                Ok::<_, ()>(values.get(&v).cloned().unwrap_or(Value::Null))
                            })
                            .unwrap_or(Value::Null);
                        if let Value::Number(n) = value {
                            if n.as_i64().is_none_or(|n| n > i64::from(MAX_FIRST)) {
                                return Err(refusal(
                                    code::FIRST_TOO_LARGE,
                                    format!(
                                        "`first` is {n} on `{}`; a page holds at most {MAX_FIRST} records",
                                        field.node.name.node
                                    ),
                                ));
                            }
                        }
                    }
                    sets.push(&field.node.selection_set);
                }
                Selection::InlineFragment(f) => sets.push(&f.node.selection_set),
                Selection::FragmentSpread(_) => {}
            }
        }
    }
    Ok(())
}
