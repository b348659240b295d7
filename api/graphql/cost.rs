//! The cost of a query as it would be executed: fragments expanded, aliases counted, expensive
//! fields weighted by what they cost, all measured in a walk that stops as soon as a limit is
//! passed.
//!
//! A fragment spread ten times in a fragment that is itself spread ten times, eight levels on,
//! is a 640-byte query with 10⁸ fields. Anything that walks the expanded query to the end before
//! comparing with a limit (async-graphql's own depth and complexity visitors do) takes as long as
//! executing it, so this walk counts every selection it visits and gives up past
//! `Limits::max_selections`: its work is bounded by the limit, never by the fan-out. Only a query
//! that passes it reaches async-graphql's parser checks and validation, which expand fragments too.

use async_graphql::parser::types::{
    ExecutableDocument, Field, OperationType, Selection, SelectionSet,
};
use async_graphql::{Positioned, ServerError};

use super::errors::code;
use super::limits::{refusal, Limits};

/// What a field at the root of a query costs beyond its place in the response, roughly in SQL
/// statements (or, for introspection, in the size of its answer); 0 for a cheap field. Root
/// fields are resolved once per mention, alias or not, and these run SQL of their own each time
/// instead of sharing a DataLoader's batch.
fn root_weight(field: &Field) -> usize {
    match field.name.node.as_str() {
        // Text query, page and total, and the words for "did you mean".
        "search" => 4,
        // Unknown municipalities, and the matrix.
        "compare" => 3,
        // Unknown ids, the text query, a page and a total.
        "statements" => 4,
        // A page and a total.
        "municipalities" | "agreements" | "pledges" | "focusAreas" | "activities" | "themes"
        | "sources" | "people" | "events" => 2,
        // The kinds of the ids, then the records (loaders shared with the rest of the query).
        "node" | "nodes" => 2,
        // A record as it stood on a day is read on its own, outside the loaders.
        "pledge" | "activity" if has_argument(field, "asOf") => 1,
        // The whole schema: some 100 KB of answer, no SQL.
        "__schema" => 20,
        "__type" => 2,
        _ => 0,
    }
}

/// What a field below the root costs: a total is a grouped count, and a field with arguments (a
/// page, a filter) is a statement of its own for each distinct set of arguments.
fn nested_weight(field: &Field) -> usize {
    usize::from(field.name.node == "totalCount") + usize::from(!field.arguments.is_empty())
}

fn has_argument(field: &Field, name: &str) -> bool {
    field.arguments.iter().any(|(n, _)| n.node == name)
}

/// What the walk found in a query within the limits.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Cost {
    /// Selections visited with fragments expanded: fields, spreads and inline fragments.
    pub selections: usize,
    /// The deepest nesting of fields.
    pub depth: usize,
    /// Root fields that cost SQL (or introspection) of their own.
    pub expensive_fields: usize,
    /// The weights of all fields.
    pub cost: usize,
}

/// A selection set still to visit: the fields around it, whether it is the operation's root,
/// and how many fragment spreads led to it.
struct Pending<'a> {
    set: &'a Positioned<SelectionSet>,
    depth: usize,
    root: bool,
    spreads: usize,
}

/// Walks every operation of the document with its fragments expanded; refuses at the first limit
/// passed. Iterative, so neither fan-out nor a long chain of fragments can deepen the stack.
pub fn measure(doc: &ExecutableDocument, limits: &Limits) -> Result<Cost, ServerError> {
    let mut cost = Cost::default();
    let mut pending: Vec<Pending<'_>> = doc
        .operations
        .iter()
        .map(|(_, op)| Pending {
            set: &op.node.selection_set,
            depth: 0,
            root: op.node.ty == OperationType::Query,
            spreads: 0,
        })
        .collect();
    while let Some(p) = pending.pop() {
        for item in &p.set.node.items {
            cost.selections += 1;
            if cost.selections > limits.max_selections {
                return Err(refusal(
                    code::SELECTION_LIMIT,
                    format!(
                        "the query as executed (fragments expanded, aliases counted) selects more than {} fields; at most {} are allowed",
                        limits.max_selections, limits.max_selections
                    ),
                ));
            }
            match &item.node {
                Selection::Field(field) => {
                    let field = &field.node;
                    let depth = p.depth + 1;
                    if depth > limits.max_depth {
                        return Err(refusal(
                            code::DEPTH_LIMIT,
                            format!(
                                "the query nests more than {} levels deep (fragments expanded); at most {} are allowed",
                                limits.max_depth, limits.max_depth
                            ),
                        ));
                    }
                    cost.depth = cost.depth.max(depth);
                    let weight = if p.root {
                        root_weight(field)
                    } else {
                        nested_weight(field)
                    };
                    if p.root && weight > 0 {
                        cost.expensive_fields += 1;
                        if cost.expensive_fields > limits.max_expensive_fields {
                            return Err(refusal(
                                code::EXPENSIVE_FIELDS_LIMIT,
                                format!(
                                    "the query asks for more than {} expensive root fields (search, compare, lists, introspection, records as of a day; aliases counted); at most {} are allowed per request",
                                    limits.max_expensive_fields, limits.max_expensive_fields
                                ),
                            ));
                        }
                    }
                    cost.cost += weight;
                    if cost.cost > limits.max_cost {
                        return Err(refusal(
                            code::COST_LIMIT,
                            format!(
                                "the query's cost is more than {} (search and compare 3, lists 2, totals and arguments below the root 1, __schema 20; aliases counted); at most {} is allowed",
                                limits.max_cost, limits.max_cost
                            ),
                        ));
                    }
                    if !field.selection_set.node.items.is_empty() {
                        pending.push(Pending {
                            set: &field.selection_set,
                            depth,
                            root: false,
                            spreads: p.spreads,
                        });
                    }
                }
                Selection::InlineFragment(f) => pending.push(Pending {
                    set: &f.node.selection_set,
                    ..p
                }),
                Selection::FragmentSpread(spread) => {
                    let name = &spread.node.fragment_name.node;
                    // An unknown fragment is left to validation, which names it.
                    let Some(fragment) = doc.fragments.get(name) else {
                        continue;
                    };
                    // More spreads in a row than there are fragments: one of them repeats.
                    if p.spreads + 1 > doc.fragments.len() {
                        return Err(refusal(
                            code::BAD_REQUEST,
                            format!("fragment `{name}` spreads itself, directly or through others; fragments must not form cycles"),
                        ));
                    }
                    pending.push(Pending {
                        set: &fragment.node.selection_set,
                        depth: p.depth,
                        root: p.root,
                        spreads: p.spreads + 1,
                    });
                }
            }
        }
    }
    Ok(cost)
}

#[cfg(test)]
mod tests {
    use async_graphql::parser::parse_query;

    use super::*;

    fn measured(q: &str) -> Result<Cost, String> {
        let doc = parse_query(q).map_err(|e| e.to_string())?;
        measure(&doc, &Limits::default()).map_err(|e| {
            e.extensions
                .and_then(|x| x.get("code").cloned())
                .map(|c| c.to_string())
                .unwrap_or_default()
        })
    }

    #[test]
    fn fragments_are_expanded_and_aliases_counted() {
        let c = measured(
            "{ a: themes { totalCount } b: themes { ...T } } fragment T on ThemeConnection { totalCount edges { node { code } } }",
        )
        .unwrap();
        // themes, totalCount; themes, ...T, totalCount, edges, node, code.
        assert_eq!(c.selections, 8);
        assert_eq!(c.depth, 4);
        assert_eq!(c.expensive_fields, 2);
        assert_eq!(c.cost, 2 + 1 + 2 + 1);
    }

    #[test]
    fn fan_out_stops_at_the_limit_and_cycles_are_refused() {
        let mut q = String::from("{ ...F12 } fragment F0 on Query { __typename } ");
        for k in 1..=12 {
            q.push_str(&format!(
                "fragment F{k} on Query {{ {}}} ",
                format!("...F{} ", k - 1).repeat(10)
            ));
        }
        assert_eq!(measured(&q), Err("\"SELECTION_LIMIT\"".into()));
        assert_eq!(
            measured("{ ...A } fragment A on Query { ...B } fragment B on Query { ...A }"),
            Err("\"BAD_REQUEST\"".into())
        );
        let chain: String = (1..=30)
            .map(|k| format!("fragment F{k} on Query {{ ...F{} }} ", k - 1))
            .collect();
        let c = measured(&format!(
            "{{ ...F30 }} fragment F0 on Query {{ __typename }} {chain}"
        ))
        .unwrap();
        assert_eq!((c.selections, c.depth), (32, 1));
    }
}
