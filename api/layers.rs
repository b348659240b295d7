//! The library's top-level modules form layers: each may import (`crate::<module>`) only modules
//! below it, so there is no circle and a lower layer never learns about a higher one. This test
//! reads the sources and fails, naming file, line and import, when that no longer holds.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Low to high, one line per layer, with why it sits there.
const LAYERS: &[(&str, &str)] = &[
    ("domain", "ids, periods, filters: plain values, no I/O"),
    ("db", "pool, schema, migrations; returns its own errors"),
    ("queries", "SQL over `db`, returning rows"),
    (
        "dataset",
        "loads, validates and imports the dataset through `queries`",
    ),
    (
        "http",
        "problem documents, parameters, CSV, ETags: what every door shares",
    ),
    ("config", "settings; checks rate-limit specs with `http`"),
    (
        "views",
        "response types and their assembly, shared by every door",
    ),
    (
        "exports",
        "export files, written from `queries` with `views`",
    ),
    ("cache", "the response cache's store"),
    (
        "state",
        "what every door is handed: database, cache, exports, settings",
    ),
    (
        "telemetry",
        "logs and metrics; `/metrics` reads the pool from `state`",
    ),
    ("embed", "the HTML door: widget, pages, oEmbed"),
    (
        "guards",
        "middleware before any door; knows which paths are pages",
    ),
    ("graphql", "the GraphQL door"),
    (
        "rest",
        "the REST door, and the OpenAPI document over all doors",
    ),
    ("app", "wires the doors and middleware into one actix App"),
    ("listener", "binds sockets and serves `app`"),
    ("service", "start-up: database, dataset, listener"),
];

/// Files that are no module of their own (the crate roots) or that only talk about imports.
const SKIP: &[&str] = &["lib", "main", "layers"];

/// One `crate::<module>` reference.
#[derive(Debug, PartialEq, Eq)]
struct Import {
    line: usize,
    module: String,
}

/// The top-level modules a file's text names, with their lines. Comments are skipped;
/// `crate::{a, b::c}` groups count each name.
fn imports(text: &str) -> Vec<Import> {
    let mut found = Vec::new();
    let mut group: Option<(usize, String, i32)> = None;
    for (n, line) in text.lines().enumerate() {
        let line_no = n + 1;
        let mut rest = strip_comment(line);
        if let Some((start, mut acc, mut depth)) = group.take() {
            let (done, used) = scan_group(rest, &mut acc, &mut depth);
            if done {
                found.extend(group_names(&acc).map(|m| Import {
                    line: start,
                    module: m,
                }));
                rest = &rest[used..];
            } else {
                group = Some((start, acc, depth));
                continue;
            }
        }
        while let Some(i) = rest.find("crate::") {
            let before = rest[..i].chars().last();
            let after = &rest[i + "crate::".len()..];
            rest = after;
            // `$crate::` and `foo_crate::` are not this crate's paths.
            if before.is_some_and(|c| c == '$' || c == '_' || c.is_alphanumeric()) {
                continue;
            }
            if let Some(inner) = after.strip_prefix('{') {
                let (mut acc, mut depth) = (String::new(), 1);
                let (done, used) = scan_group(inner, &mut acc, &mut depth);
                if done {
                    found.extend(group_names(&acc).map(|m| Import {
                        line: line_no,
                        module: m,
                    }));
                    rest = &inner[used..];
                } else {
                    group = Some((line_no, acc, depth));
                    break;
                }
            } else {
                let name: String = after
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                if !name.is_empty() {
                    found.push(Import {
                        line: line_no,
                        module: name,
                    });
                }
            }
        }
    }
    found
}

/// The line without its `//` comment (a `://` in a URL is no comment).
fn strip_comment(line: &str) -> &str {
    let mut from = 0;
    while let Some(i) = line[from..].find("//") {
        let at = from + i;
        if !line[..at].ends_with(':') {
            return &line[..at];
        }
        from = at + 2;
    }
    line
}

/// Collects a `{...}` group's text up to its closing brace; returns whether it closed on this
/// line and how many bytes it used.
fn scan_group(text: &str, acc: &mut String, depth: &mut i32) -> (bool, usize) {
    for (i, c) in text.char_indices() {
        match c {
            '{' => *depth += 1,
            '}' => {
                *depth -= 1;
                if *depth == 0 {
                    return (true, i + 1);
                }
            }
            _ => {}
        }
        acc.push(c);
    }
    acc.push(' ');
    (false, text.len())
}

/// The first name of each top-level item of a group (`a::b, c` gives `a`, `c`; `self` is none).
fn group_names(group: &str) -> impl Iterator<Item = String> + '_ {
    let mut items = Vec::new();
    let (mut depth, mut start) = (0, 0);
    for (i, c) in group.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            ',' if depth == 0 => {
                items.push(&group[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    items.push(&group[start..]);
    items.into_iter().filter_map(|item| {
        let name: String = item
            .trim()
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect();
        (!name.is_empty() && name != "self").then_some(name)
    })
}

fn rank(module: &str) -> Option<usize> {
    LAYERS.iter().position(|(m, _)| *m == module)
}

/// Every import of a module not below the importing one, as `file:line: ...` messages. `files`
/// holds (importing module, file name, text).
fn violations(files: &[(String, String, String)]) -> Vec<String> {
    let mut out = Vec::new();
    for (module, file, text) in files {
        let Some(own) = rank(module) else {
            out.push(format!("{file}: module `{module}` is missing from LAYERS"));
            continue;
        };
        for import in imports(text) {
            if import.module == *module {
                continue;
            }
            match rank(&import.module) {
                Some(r) if r < own => {}
                Some(_) => out.push(format!(
                    "{file}:{}: `{module}` imports `crate::{}`, which is not below it",
                    import.line, import.module
                )),
                None => out.push(format!(
                    "{file}:{}: `crate::{}` is missing from LAYERS",
                    import.line, import.module
                )),
            }
        }
    }
    out
}

/// Strongly connected components of more than one module (Tarjan's algorithm).
fn circles(edges: &BTreeMap<String, BTreeSet<String>>) -> Vec<Vec<String>> {
    struct Tarjan<'a> {
        edges: &'a BTreeMap<String, BTreeSet<String>>,
        index: BTreeMap<&'a str, usize>,
        low: BTreeMap<&'a str, usize>,
        stack: Vec<&'a str>,
        found: Vec<Vec<String>>,
    }
    impl<'a> Tarjan<'a> {
        fn visit(&mut self, v: &'a str) {
            let i = self.index.len();
            self.index.insert(v, i);
            self.low.insert(v, i);
            self.stack.push(v);
            for w in self.edges.get(v).into_iter().flatten() {
                if !self.index.contains_key(w.as_str()) {
                    self.visit(w);
                    let lw = self.low[w.as_str()];
                    let lv = self.low.get_mut(v).expect("visited");
                    *lv = (*lv).min(lw);
                } else if self.stack.contains(&w.as_str()) {
                    let iw = self.index[w.as_str()];
                    let lv = self.low.get_mut(v).expect("visited");
                    *lv = (*lv).min(iw);
                }
            }
            if self.low[v] == self.index[v] {
                let mut component = Vec::new();
                while let Some(w) = self.stack.pop() {
                    component.push(w.to_owned());
                    if w == v {
                        break;
                    }
                }
                if component.len() > 1 {
                    component.sort();
                    self.found.push(component);
                }
            }
        }
    }
    let mut t = Tarjan {
        edges,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        found: Vec::new(),
    };
    for v in edges.keys() {
        if !t.index.contains_key(v.as_str()) {
            t.visit(v);
        }
    }
    t.found
}

/// (top-level module, file name relative to the crate, text) for every `.rs` file under `api/`.
fn sources() -> Vec<(String, String, String)> {
    fn walk(dir: &Path, root: &Path, out: &mut Vec<(String, String, String)>) {
        let mut entries: Vec<_> = std::fs::read_dir(dir)
            .expect("readable source folder")
            .map(|e| e.expect("readable entry").path())
            .collect();
        entries.sort();
        for path in entries {
            if path.is_dir() {
                walk(&path, root, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let rel = path.strip_prefix(root).expect("under api/");
                let first = rel.components().next().expect("a component");
                let module = first.as_os_str().to_string_lossy();
                let module = module.trim_end_matches(".rs").to_owned();
                if SKIP.contains(&module.as_str()) {
                    continue;
                }
                let text = std::fs::read_to_string(&path).expect("readable source");
                out.push((module, format!("api/{}", rel.display()), text));
            }
        }
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("api");
    let mut out = Vec::new();
    walk(&root, &root, &mut out);
    out
}

fn edges(files: &[(String, String, String)]) -> BTreeMap<String, BTreeSet<String>> {
    let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (module, _, text) in files {
        let targets = edges.entry(module.clone()).or_default();
        targets.extend(
            imports(text)
                .into_iter()
                .map(|i| i.module)
                .filter(|m| m != module),
        );
    }
    edges
}

#[test]
fn modules_import_only_lower_layers() {
    let files = sources();
    assert!(
        files.iter().any(|(m, _, _)| m == "rest"),
        "no sources found under api/"
    );
    let found = violations(&files);
    assert!(found.is_empty(), "layering broken:\n{}", found.join("\n"));
}

#[test]
fn no_circle_among_top_level_modules() {
    let found = circles(&edges(&sources()));
    assert!(
        found.is_empty(),
        "modules importing each other in a circle: {found:?}"
    );
}

#[test]
fn every_layer_is_a_module() {
    let modules: BTreeSet<String> = sources().into_iter().map(|(m, _, _)| m).collect();
    for (layer, _) in LAYERS {
        assert!(
            modules.contains(*layer),
            "LAYERS names `{layer}`, which has no sources"
        );
    }
}

#[test]
fn the_checker_flags_what_it_should() {
    let file = |m: &str, text: &str| vec![(m.to_owned(), format!("api/{m}/x.rs"), text.to_owned())];
    let up = violations(&file("db", "use std::fmt;\nuse crate::rest::x;\n"));
    assert_eq!(
        up,
        ["api/db/x.rs:2: `db` imports `crate::rest`, which is not below it"]
    );
    let grouped = violations(&file(
        "http",
        "use crate::{\n    domain::Filter,\n    views::{a, b},\n};",
    ));
    assert_eq!(grouped.len(), 1, "{grouped:?}");
    assert!(grouped[0].contains("crate::views"), "{grouped:?}");
    assert!(violations(&file("db", "use crate::domain::X; // not crate::rest\n")).is_empty());
    assert!(violations(&file(
        "db",
        "/// Unlike `crate::rest`, ...\nlet x = $crate::rest;\n"
    ))
    .is_empty());
    assert_eq!(
        violations(&file("nowhere", "")).len(),
        1,
        "an unlisted module fails"
    );

    let mut g: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (a, b) in [("a", "b"), ("b", "c"), ("c", "a"), ("c", "d")] {
        g.entry(a.into()).or_default().insert(b.into());
    }
    assert_eq!(circles(&g), [vec!["a".to_owned(), "b".into(), "c".into()]]);
    g.remove("c");
    assert!(circles(&g).is_empty());
}
