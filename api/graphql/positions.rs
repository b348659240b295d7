//! Rules of the specification's validation that async-graphql 7 does not enforce, so that the
//! server refuses what the reference implementation (graphql-core) refuses:
//! - "All Variable Usages Are Allowed" (5.8.5): a `$id: String!` passed where an `ID!` is expected
//!   ran. Every use of a variable, in arguments and in the input objects and lists inside them,
//!   must have a type the position accepts.
//! - "Required Arguments" (5.4.2.1) of `@skip` and `@include`.
//!
//! Argument and input field types are read from the schema's own SDL, once.

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use async_graphql::parser::types::{
    BaseType, Directive, ExecutableDocument, Selection, SelectionSet, Type, TypeKind,
    TypeSystemDefinition,
};
use async_graphql::{Pos, Positioned, ServerError, Value as ConstValue};
use async_graphql_value::Value;

/// For each type, its fields' arguments (object and interface types) or its fields (input
/// objects): name → (type, whether it has a default), and each field's type.
#[derive(Default)]
struct Types {
    arguments: HashMap<(String, String), HashMap<String, (Type, bool)>>,
    field_types: HashMap<(String, String), String>,
    input_fields: HashMap<String, HashMap<String, (Type, bool)>>,
}

fn types() -> &'static Types {
    static TYPES: OnceLock<Types> = OnceLock::new();
    TYPES.get_or_init(|| {
        let mut t = Types::default();
        let Ok(doc) = async_graphql::parser::parse_schema(super::schema::sdl()) else {
            return t;
        };
        for def in doc.definitions {
            let TypeSystemDefinition::Type(def) = def else {
                continue;
            };
            let name = def.node.name.node.to_string();
            let fields = match def.node.kind {
                TypeKind::Object(o) => o.fields,
                TypeKind::Interface(i) => i.fields,
                TypeKind::InputObject(i) => {
                    let fields = i
                        .fields
                        .into_iter()
                        .map(|f| {
                            let f = f.node;
                            (
                                f.name.node.to_string(),
                                (f.ty.node, f.default_value.is_some()),
                            )
                        })
                        .collect();
                    t.input_fields.insert(name, fields);
                    continue;
                }
                _ => continue,
            };
            for f in fields {
                let f = f.node;
                let key = (name.clone(), f.name.node.to_string());
                t.field_types
                    .insert(key.clone(), named(&f.ty.node).to_owned());
                let args = f
                    .arguments
                    .into_iter()
                    .map(|a| {
                        let a = a.node;
                        (
                            a.name.node.to_string(),
                            (a.ty.node, a.default_value.is_some()),
                        )
                    })
                    .collect();
                t.arguments.insert(key, args);
            }
        }
        t
    })
}

fn named(ty: &Type) -> &str {
    match &ty.base {
        BaseType::Named(n) => n.as_str(),
        BaseType::List(inner) => named(inner),
    }
}

/// Whether a variable of type `var` may be used where `location` is expected; `defaulted` when the
/// variable or the location has a default, which lets a nullable variable fill a non-null place.
fn allowed(var: &Type, location: &Type, defaulted: bool) -> bool {
    if !location.nullable && var.nullable && !defaulted {
        return false;
    }
    match (&var.base, &location.base) {
        (BaseType::List(v), BaseType::List(l)) => allowed(v, l, false),
        (BaseType::Named(v), BaseType::Named(l)) => v == l,
        _ => false,
    }
}

struct Walk<'a> {
    doc: &'a ExecutableDocument,
    variables: HashMap<&'a str, (&'a Type, bool)>,
    errors: Vec<ServerError>,
}

impl<'a> Walk<'a> {
    fn value(&mut self, pos: Pos, value: &'a Value, location: &Type, defaulted: bool) {
        match value {
            Value::Variable(name) => {
                let Some((var, var_default)) = self.variables.get(name.as_str()).copied() else {
                    return;
                };
                if !allowed(var, location, var_default || defaulted) {
                    self.errors.push(ServerError::new(
                        format!(
                            "Variable \"${name}\" of type \"{var}\" used in position expecting type \"{location}\""
                        ),
                        Some(pos),
                    ));
                }
            }
            Value::List(items) => {
                if let BaseType::List(inner) = &location.base {
                    for item in items {
                        self.value(pos, item, inner, false);
                    }
                }
            }
            Value::Object(fields) => {
                let Some(input) = types().input_fields.get(named(location)) else {
                    return;
                };
                for (name, v) in fields {
                    if let Some((ty, default)) = input.get(name.as_str()) {
                        self.value(pos, v, ty, *default);
                    }
                }
            }
            _ => {}
        }
    }

    /// `@skip` and `@include`, the only directives of queries: their `if` is a required
    /// `Boolean!` (async-graphql ran a `@skip` without it).
    fn directives(&mut self, directives: &'a [Positioned<Directive>]) {
        let boolean = Type::new("Boolean!").expect("a type");
        for d in directives {
            let name = d.node.name.node.as_str();
            if matches!(name, "skip" | "include")
                && !d.node.arguments.iter().any(|(n, _)| n.node == "if")
            {
                self.errors.push(ServerError::new(
                    format!("Directive \"@{name}\" argument \"if\" of type \"Boolean!\" is required, but it was not provided."),
                    Some(d.pos),
                ));
            }
            for (_, v) in &d.node.arguments {
                self.value(v.pos, &v.node, &boolean, false);
            }
        }
    }

    fn selections(&mut self, root: &'a Positioned<SelectionSet>, root_type: &str) {
        let mut pending: Vec<(&'a Positioned<SelectionSet>, String)> =
            vec![(root, root_type.to_owned())];
        let mut spread: HashSet<&str> = HashSet::new();
        while let Some((set, parent)) = pending.pop() {
            for item in &set.node.items {
                match &item.node {
                    Selection::Field(field) => {
                        let f = &field.node;
                        self.directives(&f.directives);
                        let key = (parent.clone(), f.name.node.to_string());
                        if let Some(args) = types().arguments.get(&key) {
                            for (name, v) in &f.arguments {
                                if let Some((ty, default)) = args.get(name.node.as_str()) {
                                    self.value(v.pos, &v.node, ty, *default);
                                }
                            }
                        }
                        if let Some(child) = types().field_types.get(&key) {
                            pending.push((&f.selection_set, child.clone()));
                        }
                    }
                    Selection::FragmentSpread(s) => {
                        self.directives(&s.node.directives);
                        let name = s.node.fragment_name.node.as_str();
                        if let (true, Some(fragment)) =
                            (spread.insert(name), self.doc.fragments.get(name))
                        {
                            self.directives(&fragment.node.directives);
                            let on = fragment.node.type_condition.node.on.node.to_string();
                            pending.push((&fragment.node.selection_set, on));
                        }
                    }
                    Selection::InlineFragment(i) => {
                        self.directives(&i.node.directives);
                        let on = i
                            .node
                            .type_condition
                            .as_ref()
                            .map_or(parent.clone(), |c| c.node.on.node.to_string());
                        pending.push((&i.node.selection_set, on));
                    }
                }
            }
        }
    }
}

/// Every use of a variable whose type its position does not accept, in every operation.
pub fn check(doc: &ExecutableDocument) -> Result<(), Vec<ServerError>> {
    let mut errors = Vec::new();
    for (_, op) in doc.operations.iter() {
        let mut walk = Walk {
            doc,
            variables: op
                .node
                .variable_definitions
                .iter()
                .map(|d| {
                    let d = &d.node;
                    let non_null_default = d
                        .default_value
                        .as_ref()
                        .is_some_and(|v| !matches!(v.node, ConstValue::Null));
                    (d.name.node.as_str(), (&d.var_type.node, non_null_default))
                })
                .collect(),
            errors: Vec::new(),
        };
        walk.directives(&op.node.directives);
        // Only queries: the schema has no mutations or subscriptions.
        walk.selections(&op.node.selection_set, "Query");
        errors.extend(walk.errors);
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}
