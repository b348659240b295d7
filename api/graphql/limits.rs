//! Limits on what one request may ask: the query's size, the `first` of every connection, the
//! depth of the selection and its complexity (fields, times `first` for connections). Every
//! refusal is an error whose `extensions.code` names the limit; nothing is executed.

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

/// The limits of one request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Bytes of query text.
    pub max_query_bytes: usize,
    /// Levels of nested selections.
    pub max_depth: usize,
    /// Estimated fields of the response: each field counts 1, a connection its fields times `first`.
    pub max_complexity: usize,
}

impl Default for Limits {
    /// Room for the README's query (four nested connections with status histories: depth 14,
    /// complexity 170 301) and for GraphiQL's introspection (depth 15), with some to spare.
    fn default() -> Self {
        Limits {
            max_query_bytes: 16 * 1024,
            max_depth: 18,
            max_complexity: 250_000,
        }
    }
}

/// Checks a request against the limits and stops before executing it (see `schema::Graph`).
pub struct Enforce(pub Limits);

impl ExtensionFactory for Enforce {
    fn create(&self) -> Arc<dyn Extension> {
        Arc::new(Enforcer(self.0))
    }
}

struct Enforcer(Limits);

fn refusal(code: &'static str, message: String) -> ServerError {
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
        request: Request,
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
        Ok(doc)
    }

    async fn validation(
        &self,
        ctx: &ExtensionContext<'_>,
        next: NextValidation<'_>,
    ) -> Result<ValidationResult, Vec<ServerError>> {
        let result = next.run(ctx).await?;
        if result.depth > self.0.max_depth {
            return Err(vec![refusal(
                code::DEPTH_LIMIT,
                format!(
                    "the query nests {} levels deep; at most {} are allowed",
                    result.depth, self.0.max_depth
                ),
            )]);
        }
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
