//! The served OpenAPI document is the contract, and the service keeps it.
//!
//! - The document validates against the official JSON Schema for OpenAPI 3.1.
//! - A seeded, property-based run generates requests for every GET operation the document lists
//!   (valid ones from its examples, enums, ranges and real ids; invalid ones: unknown and duplicate
//!   parameters, wrong types, out-of-range values, garbage cursors, random Unicode) and checks every
//!   response against the document: no 5xx, a documented status, a documented content type, a body
//!   that validates against the documented schema, problem documents with all their fields.
//!
//! Nothing here names an endpoint: operations added to the document are covered as they appear.
//! `CONTRACT_SEED=<n>` runs another seed (a failure names the seed it ran with);
//! `CONTRACT_VERBOSE=1` prints every request with its status.

use crate::common;

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;

use common::TestApp;
use jsonschema::{Draft, Validator};
use serde_json::{json, Map, Value};

const DEFAULT_SEED: u64 = 0x5EED_0A11;
/// Requests per operation, besides the baseline and the pages followed through `Link`.
const VALID_PER_OP: usize = 7;
const INVALID_PER_OP: usize = 9;
const FOLLOW_PER_OP: usize = 2;

// ---------------------------------------------------------------------------------------------
// A small deterministic generator: the same seed gives the same requests on every machine.

struct Rng(u64);

impl Rng {
    /// SplitMix64.
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    fn percent(&mut self, p: u64) -> bool {
        self.next() % 100 < p
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    fn between(&mut self, lo: i64, hi: i64) -> i64 {
        let span = (hi - lo).max(0) as u64 + 1;
        lo + (self.next() % span) as i64
    }

    /// Text that parsers stumble over: Swedish letters, CJK, emoji, controls (NUL too),
    /// separators, bidi overrides, combining marks, zero-width characters.
    fn unicode(&mut self, max_len: usize) -> String {
        const POOLS: &[&str] = &[
            "abcxyzABC0123456789-_.~",
            "åäöÅÄÖéü",
            "漢字かなカナ한글",
            "🚓🏛️👮‍♀️🇸🇪",
            "\0\t\n\r\u{7f}\u{1b}",
            "%&=+#?/;,:'\"\\<>[]{}| ",
            "\u{202e}\u{200b}\u{feff}\u{301}\u{fffd}",
        ];
        let len = self.below(max_len + 1);
        (0..len)
            .map(|_| {
                let pool: Vec<char> = self.pick(POOLS).chars().collect();
                *self.pick(&pool)
            })
            .collect()
    }
}

// ---------------------------------------------------------------------------------------------
// The document, read generically.

#[derive(Debug, Clone)]
struct Param {
    name: String,
    /// `path`, `query` or `header`.
    location: String,
    required: bool,
    schema: Value,
    /// Documented examples (parameter and schema), as strings.
    examples: Vec<String>,
}

impl Param {
    fn kind(&self) -> &str {
        match &self.schema["type"] {
            Value::String(t) => t,
            Value::Array(ts) => ts
                .iter()
                .filter_map(Value::as_str)
                .find(|t| *t != "null")
                .unwrap_or("string"),
            _ => "string",
        }
    }

    fn enum_values(&self) -> Vec<String> {
        self.schema["enum"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(scalar)
            .collect()
    }

    fn bounds(&self) -> (Option<i64>, Option<i64>) {
        (
            self.schema["minimum"].as_i64(),
            self.schema["maximum"].as_i64(),
        )
    }

    /// A value the parameter must reject: its type, range or format says so.
    fn is_strict(&self) -> bool {
        matches!(self.kind(), "integer" | "number" | "boolean")
            || !self.enum_values().is_empty()
            || matches!(self.schema["format"].as_str(), Some("date" | "date-time"))
            || self.name == "cursor"
    }
}

#[derive(Debug, Clone)]
struct Op {
    path: String,
    params: Vec<Param>,
    responses: Map<String, Value>,
}

impl Op {
    fn path_params(&self) -> Vec<&Param> {
        self.params
            .iter()
            .filter(|p| p.location == "path")
            .collect()
    }

    fn query_params(&self) -> Vec<&Param> {
        self.params
            .iter()
            .filter(|p| p.location == "query")
            .collect()
    }

    fn documents(&self, status: u16) -> bool {
        response_for(&self.responses, status).is_some()
    }

    /// The collection an item path belongs to: `/v1/x/{id}/history` → `/v1/x`.
    fn collection(&self) -> Option<String> {
        let i = self.path.find('{')?;
        Some(self.path[..i].trim_end_matches('/').to_owned())
    }
}

fn scalar(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

struct Spec {
    doc: Value,
    ops: Vec<Op>,
}

impl Spec {
    fn new(doc: Value) -> Spec {
        let mut ops = Vec::new();
        let paths = doc["paths"].as_object().cloned().unwrap_or_default();
        for (path, item) in &paths {
            let item = resolve(&doc, item);
            let Some(get) = item.get("get") else { continue };
            let get = resolve(&doc, get);
            let mut params: Vec<Param> = Vec::new();
            // Path-item parameters apply too, unless the operation overrides them.
            for raw in item["parameters"]
                .as_array()
                .into_iter()
                .flatten()
                .chain(get["parameters"].as_array().into_iter().flatten())
            {
                let p = resolve(&doc, raw);
                let schema = resolve(&doc, &p["schema"]).clone();
                let mut examples: Vec<String> = Vec::new();
                examples.extend(scalar(&p["example"]));
                for e in p["examples"]
                    .as_object()
                    .into_iter()
                    .flat_map(|m| m.values())
                {
                    examples.extend(scalar(&resolve(&doc, e)["value"]));
                }
                examples.extend(scalar(&schema["example"]));
                for e in schema["examples"].as_array().into_iter().flatten() {
                    examples.extend(scalar(e));
                }
                let param = Param {
                    name: p["name"].as_str().unwrap_or_default().to_owned(),
                    location: p["in"].as_str().unwrap_or_default().to_owned(),
                    required: p["required"].as_bool().unwrap_or(false),
                    schema,
                    examples,
                };
                params.retain(|q| !(q.name == param.name && q.location == param.location));
                params.push(param);
            }
            let responses = get["responses"]
                .as_object()
                .map(|m| {
                    m.iter()
                        .map(|(k, v)| (k.clone(), resolve(&doc, v).clone()))
                        .collect()
                })
                .unwrap_or_default();
            ops.push(Op {
                path: path.clone(),
                params,
                responses,
            });
        }
        Spec { doc, ops }
    }

    fn op(&self, path: &str) -> Option<&Op> {
        self.ops.iter().find(|o| o.path == path)
    }
}

/// Follows local `$ref`s (`#/components/...`).
fn resolve<'a>(doc: &'a Value, v: &'a Value) -> &'a Value {
    let mut v = v;
    for _ in 0..16 {
        match v.get("$ref").and_then(Value::as_str) {
            Some(r) if r.starts_with('#') => match doc.pointer(&r[1..]) {
                Some(target) => v = target,
                None => return v,
            },
            _ => return v,
        }
    }
    v
}

/// The response documented for a status, with its key: exact, then a range like `4XX`, then `default`.
fn response_for(responses: &Map<String, Value>, status: u16) -> Option<(&String, &Value)> {
    [
        status.to_string(),
        format!("{}XX", status / 100),
        "default".into(),
    ]
    .iter()
    .find_map(|k| responses.get_key_value(k))
}

// ---------------------------------------------------------------------------------------------
// Checking one response against the document.

/// Compiles response schemas once; `$ref`s into `components` resolve against the document.
struct Checker<'s> {
    spec: &'s Spec,
    validators: HashMap<(String, String, String), Validator>,
}

impl<'s> Checker<'s> {
    fn new(spec: &'s Spec) -> Checker<'s> {
        Checker {
            spec,
            validators: HashMap::new(),
        }
    }

    fn validator(&mut self, op: &Op, status: &str, media: &str, schema: &Value) -> &Validator {
        let key = (op.path.clone(), status.to_owned(), media.to_owned());
        let components = self.spec.doc["components"].clone();
        self.validators.entry(key).or_insert_with(|| {
            // The document's `components` sit beside the schema, so `#/components/...` resolves.
            let root = json!({
                "$schema": "https://json-schema.org/draft/2020-12/schema",
                "allOf": [schema],
                "components": components,
            });
            jsonschema::options()
                .with_draft(Draft::Draft202012)
                .should_validate_formats(true)
                .build(&root)
                .unwrap_or_else(|e| panic!("schema of {} {status} {media}: {e}", op.path))
        })
    }

    /// What is wrong with this response, per the document; empty when nothing is.
    fn check(
        &mut self,
        op: &Op,
        status: u16,
        content_type: Option<&str>,
        body: &[u8],
    ) -> Vec<String> {
        let mut problems = Vec::new();
        if status >= 500 {
            problems.push(format!("server error {status}"));
        }
        let Some((status_key, response)) = response_for(&op.responses, status) else {
            let documented: Vec<&String> = op.responses.keys().collect();
            problems.push(format!(
                "undocumented status {status} (documented: {documented:?})"
            ));
            return problems;
        };
        let content = response["content"].as_object().cloned().unwrap_or_default();
        if content.is_empty() {
            if !body.is_empty() {
                problems.push(format!(
                    "status {status} documents no body, got {} bytes",
                    body.len()
                ));
            }
            return problems;
        }
        let Some(ct) = content_type else {
            problems.push(format!("status {status} without a Content-Type"));
            return problems;
        };
        let media = ct
            .split(';')
            .next()
            .unwrap_or("")
            .trim()
            .to_ascii_lowercase();
        let documented = content.iter().find(|(k, _)| {
            let k = k.to_ascii_lowercase();
            k == media
                || k == "*/*"
                || (k.ends_with("/*") && media.starts_with(k.trim_end_matches('*')))
        });
        let Some((media_key, media_obj)) = documented else {
            let keys: Vec<&String> = content.keys().collect();
            problems.push(format!(
                "status {status}: Content-Type `{ct}` is not documented (documented: {keys:?})"
            ));
            return problems;
        };
        let is_json = media == "application/json" || media.ends_with("+json");
        if !is_json {
            if media.starts_with("text/") && std::str::from_utf8(body).is_err() {
                problems.push(format!("status {status}: `{media}` body is not UTF-8"));
            }
            return problems;
        }
        let value: Value = match serde_json::from_slice(body) {
            Ok(v) => v,
            Err(e) => {
                problems.push(format!("status {status}: `{media}` body is not JSON: {e}"));
                return problems;
            }
        };
        if media == "application/problem+json" {
            for field in ["type", "title", "detail", "code"] {
                if !value[field].is_string() {
                    problems.push(format!("problem without a string `{field}`: {value}"));
                }
            }
            if value["status"].as_u64() != Some(u64::from(status)) {
                problems.push(format!(
                    "problem `status` {} differs from the HTTP status {status}",
                    value["status"]
                ));
            }
        }
        if let Some(schema) = media_obj.get("schema") {
            let schema = schema.clone();
            let errors: Vec<String> = self
                .validator(op, status_key, media_key, &schema)
                .iter_errors(&value)
                .take(3)
                .map(|e| format!("at `{}`: {e}", e.instance_path()))
                .collect();
            if !errors.is_empty() {
                problems.push(format!(
                    "status {status}: body breaks its schema: {}",
                    errors.join("; ")
                ));
            }
        }
        problems
    }
}

// ---------------------------------------------------------------------------------------------
// Generating requests.

/// Percent-encodes all but RFC 3986 unreserved characters.
fn enc(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(b as char);
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

/// One request to send, and what it must produce beyond the contract.
#[derive(Debug, Clone)]
struct Case {
    /// Path and query, encoded.
    target: String,
    accept: Option<&'static str>,
    /// What this case tries, for the report.
    label: String,
    /// Set when API.md demands a 400 (a strict parameter got a bad value, an unknown parameter…).
    expect_400: bool,
    /// The baseline must succeed.
    expect_200: bool,
}

struct Gen {
    rng: Rng,
    /// Ids of the records of each collection path, fetched from the service.
    ids: BTreeMap<String, Vec<String>>,
}

impl Gen {
    /// Real ids for a query parameter named after a collection: `municipality` ↔ `/v1/municipalities`.
    fn ids_for_param(&self, name: &str) -> Vec<String> {
        for (collection, ids) in &self.ids {
            let last = collection
                .rsplit('/')
                .next()
                .unwrap_or("")
                .replace('-', "_");
            let singular = last
                .strip_suffix("ies")
                .map(|s| format!("{s}y"))
                .or_else(|| last.strip_suffix('s').map(str::to_owned))
                .unwrap_or(last.clone());
            if name == singular || name == last {
                return ids.clone();
            }
        }
        Vec::new()
    }

    /// A value the document says is fine, if it says enough to make one.
    fn valid_value(&mut self, p: &Param) -> Option<String> {
        let mut candidates: Vec<String> = p.examples.clone();
        // A single element of a comma-separated example is as valid as the whole.
        for e in &p.examples {
            if e.contains(',') {
                candidates.extend(e.split(',').map(str::to_owned));
            }
        }
        candidates.extend(p.enum_values());
        candidates.extend(self.ids_for_param(&p.name));
        match p.kind() {
            "integer" => {
                let (lo, hi) = p.bounds();
                let lo = lo.unwrap_or(0);
                let hi = hi.unwrap_or(lo + 1000);
                // Small pages more often, so that cursors and Link headers get exercised.
                let v = if self.rng.percent(60) {
                    self.rng.between(lo, (lo + 2).min(hi))
                } else {
                    self.rng.between(lo, hi)
                };
                candidates.push(v.to_string());
            }
            "boolean" if candidates.is_empty() => {
                candidates.push(self.rng.pick(&["true", "false"]).to_string())
            }
            "string" if p.schema["format"] == "date" => candidates.push(format!(
                "{}-{:02}-{:02}",
                self.rng.between(2015, 2030),
                self.rng.between(1, 12),
                self.rng.between(1, 28)
            )),
            _ => {}
        }
        if candidates.is_empty() {
            None
        } else {
            Some(self.rng.pick(&candidates).clone())
        }
    }

    /// The path with its parameters filled: from a real record, else from the examples.
    fn fill_path(&mut self, op: &Op, random_real: bool) -> String {
        let params = op.path_params();
        let real = op.collection().and_then(|c| self.ids.get(&c)).cloned();
        let mut values: HashMap<String, String> = HashMap::new();
        if let Some(ids) = real.filter(|ids| !ids.is_empty()) {
            let id = if random_real {
                self.rng.pick(&ids).clone()
            } else {
                ids[0].clone()
            };
            let parts: Vec<&str> = id.split('/').collect();
            if parts.len() == params.len() {
                for (p, part) in params.iter().zip(parts) {
                    values.insert(p.name.clone(), enc(part));
                }
            } else if params.len() == 1 {
                // An id with `/` in a one-segment pattern travels as `%2F`.
                values.insert(params[0].name.clone(), enc(&id));
            }
        }
        for p in &params {
            if !values.contains_key(&p.name) {
                let v = p.examples.first().cloned().unwrap_or_else(|| "x".into());
                values.insert(p.name.clone(), enc(&v));
            }
        }
        substitute(&op.path, &values)
    }

    fn required_query(&mut self, op: &Op) -> Vec<(String, String)> {
        op.query_params()
            .into_iter()
            .filter(|p| p.required)
            .map(|p| {
                let v = p.examples.first().cloned().or_else(|| self.valid_value(p));
                (p.name.clone(), v.unwrap_or_default())
            })
            .collect()
    }

    fn baseline(&mut self, op: &Op) -> Case {
        let path = self.fill_path(op, false);
        let query = self.required_query(op);
        Case {
            target: target(&path, &query, ""),
            accept: None,
            label: "baseline".into(),
            expect_400: false,
            expect_200: true,
        }
    }

    fn valid(&mut self, op: &Op) -> Case {
        let path = self.fill_path(op, true);
        let mut query = self.required_query(op);
        for p in op.query_params() {
            if p.required || !self.rng.percent(45) {
                continue;
            }
            if let Some(v) = self.valid_value(p) {
                query.retain(|(k, _)| *k != p.name);
                query.push((p.name.clone(), v));
            }
        }
        let names: Vec<&str> = query.iter().map(|(k, _)| k.as_str()).collect();
        // Where the document says a 200 can be CSV, ask for it the other way too.
        let csv = response_for(&op.responses, 200)
            .and_then(|(_, r)| r["content"].as_object())
            .is_some_and(|c| c.keys().any(|k| k.starts_with("text/csv")));
        let accept = (csv && self.rng.percent(25)).then_some("text/csv");
        Case {
            label: format!(
                "valid {names:?}{}",
                if accept.is_some() {
                    " Accept: text/csv"
                } else {
                    ""
                }
            ),
            target: target(&path, &query, ""),
            accept,
            expect_400: false,
            expect_200: false,
        }
    }

    fn invalid(&mut self, op: &Op, nth: usize) -> Case {
        let documents_400 = op.documents(400);
        let mut path = self.fill_path(op, true);
        let mut query = self.required_query(op);
        let mut raw = String::new();
        let mut expect_400 = false;
        let strict: Vec<Param> = op
            .query_params()
            .into_iter()
            .filter(|p| p.is_strict())
            .cloned()
            .collect();
        let free: Vec<Param> = op
            .query_params()
            .into_iter()
            .filter(|p| !p.is_strict())
            .cloned()
            .collect();
        let required: Vec<Param> = op
            .query_params()
            .into_iter()
            .filter(|p| p.required)
            .cloned()
            .collect();
        let any_query: Vec<Param> = op.query_params().into_iter().cloned().collect();
        let has_path = !op.path_params().is_empty();
        // Round-robin over the mutations that apply, from a random start.
        let kinds: Vec<&str> = [
            ("unknown", true),
            ("strict", !strict.is_empty()),
            ("duplicate", !any_query.is_empty()),
            ("unicode-query", !free.is_empty()),
            ("unicode-path", has_path),
            ("long-path", has_path),
            ("missing-required", !required.is_empty()),
            ("malformed", true),
        ]
        .into_iter()
        .filter(|(_, ok)| *ok)
        .map(|(k, _)| k)
        .collect();
        let kind = kinds[(nth + self.rng.below(kinds.len())) % kinds.len()];
        let label = match kind {
            "unknown" => {
                let name = format!("zz_{}", self.rng.below(1000));
                query.push((name.clone(), self.rng.unicode(6)));
                expect_400 = documents_400;
                format!("unknown parameter `{name}`")
            }
            "strict" => {
                let p = self.rng.pick(&strict).clone();
                let v = self.bad_value(&p);
                query.retain(|(k, _)| *k != p.name);
                query.push((p.name.clone(), v.clone()));
                expect_400 = documents_400;
                format!("bad `{}`={v:?}", p.name)
            }
            "duplicate" => {
                let p = self.rng.pick(&any_query).clone();
                let v = self.valid_value(&p).unwrap_or_else(|| "x".into());
                query.retain(|(k, _)| *k != p.name);
                query.push((p.name.clone(), v.clone()));
                query.push((p.name.clone(), v));
                expect_400 = documents_400;
                format!("`{}` twice", p.name)
            }
            "unicode-query" => {
                let p = self.rng.pick(&free).clone();
                let v = self.rng.unicode(40);
                query.retain(|(k, _)| *k != p.name);
                query.push((p.name.clone(), v.clone()));
                format!("`{}`={v:?}", p.name)
            }
            "unicode-path" | "long-path" => {
                let params = op.path_params();
                let p = (*self.rng.pick(&params)).clone();
                let v = if kind == "long-path" {
                    "a".repeat(self.rng.between(200, 3000) as usize)
                } else {
                    let mut v = self.rng.unicode(30);
                    if v.is_empty() {
                        v.push('\0');
                    }
                    v
                };
                let mut values: HashMap<String, String> = HashMap::new();
                for q in params {
                    let own = q.examples.first().cloned().unwrap_or_else(|| "x".into());
                    values.insert(q.name.clone(), enc(&own));
                }
                values.insert(p.name.clone(), enc(&v));
                path = substitute(&op.path, &values);
                format!(
                    "path `{}`={:?}",
                    p.name,
                    v.chars().take(40).collect::<String>()
                )
            }
            "missing-required" => {
                let p = self.rng.pick(&required).clone();
                query.retain(|(k, _)| *k != p.name);
                expect_400 = documents_400;
                format!("without required `{}`", p.name)
            }
            _ => {
                raw = self
                    .rng
                    .pick(&[
                        "%zz=1",
                        "limit=%FF%FE",
                        "%=%",
                        "&&=&",
                        "a=%2",
                        "cursor=%E2%82",
                    ])
                    .to_string();
                format!("malformed query {raw:?}")
            }
        };
        Case {
            target: target(&path, &query, &raw),
            accept: None,
            label,
            expect_400,
            expect_200: false,
        }
    }

    /// A value a strict parameter must reject.
    fn bad_value(&mut self, p: &Param) -> String {
        let mut bad: Vec<String> = vec![String::new(), self.rng.unicode(12)];
        match p.kind() {
            "integer" | "number" => {
                let (lo, hi) = p.bounds();
                bad.extend(
                    ["abc", "1.5", "1e3", "0x10", " 7", "99999999999999999999"].map(String::from),
                );
                if p.kind() == "number" {
                    bad.retain(|v| v.parse::<f64>().is_err());
                }
                if let Some(lo) = lo {
                    bad.push((lo - 1).to_string());
                }
                if let Some(hi) = hi {
                    bad.push((hi + 1).to_string());
                    bad.push((hi * 1000).to_string());
                }
            }
            "boolean" => bad.extend(["yes", "1", "TRUE", "truefalse"].map(String::from)),
            _ if p.schema["format"] == "date" => bad.extend(
                [
                    "2023-02-30",
                    "2023-13-01",
                    "yesterday",
                    "23-06-01",
                    "2023-06-01T00:00",
                ]
                .map(String::from),
            ),
            _ if p.name == "cursor" => {
                bad.push("c1.".to_owned() + &"A".repeat(self.rng.between(1, 40) as usize));
                // Well-formed base64 of JSON that is not a cursor: `{"x":1}`.
                bad.push("c1.eyJ4IjoxfQ".to_owned());
                bad.extend(["c9.abc", "%%%", "null", "eyJ9"].map(String::from));
            }
            _ => bad.push("not-one-of-the-enum".into()),
        }
        let enums = p.enum_values();
        bad.retain(|v| !enums.contains(v));
        if p.name == "cursor" {
            // An empty cursor is "no cursor" for some clients; the garbage ones are what matter.
            bad.retain(|v| !v.is_empty());
        }
        self.rng.pick(&bad).clone()
    }
}

fn substitute(template: &str, values: &HashMap<String, String>) -> String {
    let mut out = template.to_owned();
    for (k, v) in values {
        out = out.replace(&format!("{{{k}}}"), v);
    }
    out
}

fn target(path: &str, query: &[(String, String)], raw: &str) -> String {
    let mut q: Vec<String> = query
        .iter()
        .map(|(k, v)| format!("{}={}", enc(k), enc(v)))
        .collect();
    if !raw.is_empty() {
        q.push(raw.to_owned());
    }
    if q.is_empty() {
        path.to_owned()
    } else {
        format!("{path}?{}", q.join("&"))
    }
}

/// The `rel="next"` target of a `Link` header.
fn next_link(link: &str) -> Option<String> {
    link.split(',').find_map(|part| {
        let (url, rest) = part.trim().split_once(';')?;
        rest.contains("rel=\"next\"").then(|| {
            url.trim()
                .trim_start_matches('<')
                .trim_end_matches('>')
                .to_owned()
        })
    })
}

// ---------------------------------------------------------------------------------------------
// The runs.

fn committed_document() -> Value {
    let text = std::fs::read_to_string(common::project_dir().join("openapi/openapi.json"))
        .expect("openapi/openapi.json");
    serde_json::from_str(&text).expect("openapi/openapi.json is JSON")
}

fn openapi_31_validator() -> Validator {
    let text = std::fs::read_to_string(
        common::project_dir().join("tests/fixtures/openapi-3.1-schema.json"),
    )
    .expect("tests/fixtures/openapi-3.1-schema.json");
    let schema: Value = serde_json::from_str(&text).expect("the OpenAPI 3.1 schema is JSON");
    jsonschema::options()
        .with_draft(Draft::Draft202012)
        .build(&schema)
        .expect("the OpenAPI 3.1 schema compiles")
}

fn openapi_errors(doc: &Value) -> Vec<String> {
    openapi_31_validator()
        .iter_errors(doc)
        .map(|e| format!("at `{}`: {e}", e.instance_path()))
        .collect()
}

#[actix_web::test]
async fn the_served_document_is_valid_openapi_3_1() {
    let app = TestApp::spawn().await;
    let doc = app.json("/openapi.json").await;
    let errors = openapi_errors(&doc);
    assert!(errors.is_empty(), "not OpenAPI 3.1:\n{}", errors.join("\n"));
    assert!(doc["openapi"].as_str().unwrap_or("").starts_with("3.1."));
    app.stop().await;
}

#[test]
fn a_broken_document_fails_validation() {
    let doc = committed_document();
    assert!(
        openapi_errors(&doc).is_empty(),
        "the committed document is valid"
    );

    let mut no_info = doc.clone();
    no_info.as_object_mut().unwrap().remove("info");
    assert!(
        !openapi_errors(&no_info).is_empty(),
        "a document without info"
    );

    let mut old = doc.clone();
    old["openapi"] = json!("3.0.3");
    assert!(!openapi_errors(&old).is_empty(), "a 3.0 version string");

    let mut bad_param = doc.clone();
    let path = bad_param["paths"]
        .as_object()
        .unwrap()
        .keys()
        .next()
        .unwrap()
        .clone();
    bad_param["paths"][&path]["get"]["parameters"] = json!([{ "name": "x", "in": "body" }]);
    assert!(
        !openapi_errors(&bad_param).is_empty(),
        "a parameter `in: body`"
    );

    let mut bad_status = doc.clone();
    bad_status["paths"][&path]["get"]["responses"]["20"] = json!({ "description": "x" });
    assert!(
        !openapi_errors(&bad_status).is_empty(),
        "a response code `20`"
    );
}

/// Real ids of every collection the document lists (a GET without path parameters whose body
/// has `data[].id`), for path parameters and for filters named after a collection.
async fn real_ids(app: &TestApp, spec: &Spec) -> (BTreeMap<String, Vec<String>>, usize) {
    let mut ids = BTreeMap::new();
    let mut sent = 0;
    for op in &spec.ops {
        if !op.path_params().is_empty() || op.query_params().iter().any(|p| p.required) {
            continue;
        }
        let limit = op
            .query_params()
            .into_iter()
            .find(|p| p.name == "limit")
            .and_then(|p| p.bounds().1);
        let url = match limit {
            Some(max) => format!("{}?limit={max}", op.path),
            None => op.path.clone(),
        };
        let res = app.get(&url).await;
        sent += 1;
        if res.status() != 200 {
            continue;
        }
        let Ok(body) = res.json::<Value>().await else {
            continue;
        };
        let found: Vec<String> = body["data"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|r| r["id"].as_str().map(str::to_owned))
            .collect();
        if !found.is_empty() {
            ids.insert(op.path.clone(), found);
        }
    }
    (ids, sent)
}

#[derive(Default)]
struct Tally {
    requests: usize,
    statuses: BTreeMap<u16, usize>,
}

#[actix_web::test]
async fn generated_requests_keep_the_contract() {
    let seed = std::env::var("CONTRACT_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(DEFAULT_SEED);
    let verbose = std::env::var_os("CONTRACT_VERBOSE").is_some();
    let started = std::time::Instant::now();
    let app = TestApp::spawn().await;
    let spec = Spec::new(app.json("/openapi.json").await);
    assert!(!spec.ops.is_empty(), "the document lists no GET operation");
    let (ids, setup) = real_ids(&app, &spec).await;
    let mut gen = Gen {
        rng: Rng(seed),
        ids,
    };
    let mut checker = Checker::new(&spec);
    let mut violations: Vec<String> = Vec::new();
    let mut tallies: BTreeMap<String, Tally> = BTreeMap::new();

    for op in &spec.ops {
        let mut cases = vec![gen.baseline(op)];
        cases.extend((0..VALID_PER_OP).map(|_| gen.valid(op)));
        cases.extend((0..INVALID_PER_OP).map(|i| gen.invalid(op, i)));
        let mut followed = 0;
        let mut i = 0;
        while i < cases.len() {
            let case = cases[i].clone();
            i += 1;
            let mut req = app.client.get(app.url(&case.target));
            if let Some(accept) = case.accept {
                req = req.header("accept", accept);
            }
            let res = req.send().await.expect("request");
            let status = res.status().as_u16();
            let content_type = res
                .headers()
                .get("content-type")
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned);
            let link = res
                .headers()
                .get("link")
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned);
            let body = res.bytes().await.expect("body");
            if verbose {
                println!("{status} GET {} [{}]", case.target, case.label);
            }
            let tally = tallies.entry(op.path.clone()).or_default();
            tally.requests += 1;
            *tally.statuses.entry(status).or_default() += 1;

            let mut found = checker.check(op, status, content_type.as_deref(), &body);
            if case.expect_400 && status != 400 {
                found.push(format!("expected 400, got {status}"));
            }
            if case.expect_200 && status != 200 {
                found.push(format!("the baseline request got {status}, not 200"));
            }
            // A page with a next cursor says so in `Link`, and the link leads on.
            if status == 200 && content_type.as_deref().is_some_and(|c| c.contains("json")) {
                let value: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
                if let Some(cursor) = value.get("next_cursor").and_then(Value::as_str) {
                    match link.as_deref().and_then(next_link) {
                        Some(next) if next.contains(&format!("cursor={}", enc(cursor))) => {
                            if followed < FOLLOW_PER_OP {
                                followed += 1;
                                cases.push(Case {
                                    target: next,
                                    accept: case.accept,
                                    label: format!("next page of [{}]", case.label),
                                    expect_400: false,
                                    expect_200: true,
                                });
                            }
                        }
                        other => found.push(format!(
                            "next_cursor {cursor:?} without a matching Link rel=\"next\" ({other:?})"
                        )),
                    }
                }
            }
            for f in found {
                let snippet: String = String::from_utf8_lossy(&body).chars().take(300).collect();
                violations.push(format!(
                    "GET {} [{}] → {status}: {f}\n    body: {snippet}",
                    case.target.chars().take(200).collect::<String>(),
                    case.label
                ));
            }
        }
    }
    app.stop().await;

    let total: usize = tallies.values().map(|t| t.requests).sum();
    let mut summary = format!(
        "contract: seed {seed}, {} operations × ~{} requests = {total} requests (+{setup} to fetch ids) in {:.1}s\n",
        spec.ops.len(),
        total / spec.ops.len().max(1),
        started.elapsed().as_secs_f64()
    );
    for (path, t) in &tallies {
        let _ = writeln!(
            summary,
            "  {path:<45} {:>3} requests, statuses {:?}",
            t.requests, t.statuses
        );
    }
    println!("{summary}");
    for op in &spec.ops {
        let ok = tallies
            .get(&op.path)
            .and_then(|t| t.statuses.get(&200))
            .copied()
            .unwrap_or(0);
        if ok == 0 {
            violations.push(format!("{}: no generated request got a 200", op.path));
        }
    }
    assert!(
        violations.is_empty(),
        "{} violation(s) of the document (CONTRACT_SEED={seed}):\n{}\n\n{summary}",
        violations.len(),
        violations.join("\n")
    );
}

// ---------------------------------------------------------------------------------------------
// The checker catches what it is meant to catch.

fn committed_spec() -> Spec {
    Spec::new(committed_document())
}

fn problem_body(status: u16) -> Vec<u8> {
    serde_json::to_vec(&json!({
        "type": "/problems/x", "title": "X", "status": status, "detail": "d", "code": "x"
    }))
    .unwrap()
}

/// The first documented item operation of the JSON API (with a path parameter, a 200 JSON body
/// and a 404).
fn item_op(spec: &Spec) -> &Op {
    spec.ops
        .iter()
        .filter(|o| o.path.starts_with("/v1/"))
        .find(|o| !o.path_params().is_empty() && o.documents(404) && o.documents(200))
        .expect("an item operation")
}

#[test]
fn the_checker_accepts_documented_responses() {
    let spec = committed_spec();
    let op = item_op(&spec);
    let mut checker = Checker::new(&spec);
    let p = problem_body(404);
    assert_eq!(
        checker.check(op, 404, Some("application/problem+json"), &p),
        Vec::<String>::new()
    );
    assert_eq!(checker.check(op, 304, None, b""), Vec::<String>::new());
    let health = spec.op("/healthz").expect("/healthz is documented");
    assert_eq!(
        checker.check(health, 200, Some("application/json"), br#"{"status":"ok"}"#),
        Vec::<String>::new()
    );
}

#[test]
fn the_checker_reports_undocumented_statuses_and_server_errors() {
    let spec = committed_spec();
    let op = item_op(&spec);
    let mut checker = Checker::new(&spec);
    let found = checker.check(
        op,
        418,
        Some("application/problem+json"),
        &problem_body(418),
    );
    assert!(
        found.iter().any(|f| f.contains("undocumented status 418")),
        "{found:?}"
    );
    let found = checker.check(
        op,
        500,
        Some("application/problem+json"),
        &problem_body(500),
    );
    assert!(
        found.iter().any(|f| f.contains("server error")),
        "{found:?}"
    );
}

#[test]
fn the_checker_reports_bodies_that_break_their_schema() {
    let spec = committed_spec();
    let op = item_op(&spec);
    let mut checker = Checker::new(&spec);
    let found = checker.check(op, 200, Some("application/json"), br#"{"id": 5}"#);
    assert!(
        found.iter().any(|f| f.contains("breaks its schema")),
        "{found:?}"
    );
    let found = checker.check(op, 200, Some("application/json"), b"not json");
    assert!(found.iter().any(|f| f.contains("not JSON")), "{found:?}");
    let health = spec.op("/healthz").unwrap();
    let found = checker.check(health, 200, Some("application/json"), br#"{"status": 1}"#);
    assert!(
        found.iter().any(|f| f.contains("breaks its schema")),
        "{found:?}"
    );
}

#[test]
fn the_checker_reports_wrong_content_types_and_incomplete_problems() {
    let spec = committed_spec();
    let op = item_op(&spec);
    let mut checker = Checker::new(&spec);
    let found = checker.check(op, 404, Some("text/html; charset=utf-8"), b"<h1>404</h1>");
    assert!(
        found.iter().any(|f| f.contains("not documented")),
        "{found:?}"
    );
    let found = checker.check(op, 404, None, b"");
    assert!(
        found.iter().any(|f| f.contains("without a Content-Type")),
        "{found:?}"
    );
    let found = checker.check(
        op,
        404,
        Some("application/problem+json"),
        br#"{"type":"/problems/x","title":"X","status":404,"detail":"d"}"#,
    );
    assert!(found.iter().any(|f| f.contains("`code`")), "{found:?}");
    let found = checker.check(
        op,
        404,
        Some("application/problem+json"),
        &problem_body(400),
    );
    assert!(found.iter().any(|f| f.contains("differs")), "{found:?}");
    let found = checker.check(op, 304, None, b"stale");
    assert!(found.iter().any(|f| f.contains("no body")), "{found:?}");
}

#[test]
fn the_generator_is_deterministic_and_covers_every_mutation() {
    let spec = committed_spec();
    let run = |seed| {
        let mut gen = Gen {
            rng: Rng(seed),
            ids: BTreeMap::new(),
        };
        let mut out = Vec::new();
        for op in &spec.ops {
            out.push(gen.baseline(op).target);
            for i in 0..INVALID_PER_OP {
                let c = gen.invalid(op, i);
                out.push(format!("{} {}", c.label, c.target));
            }
        }
        out
    };
    assert_eq!(run(7), run(7));
    assert_ne!(run(7), run(8));
    let all = run(DEFAULT_SEED).join("\n");
    for kind in [
        "unknown parameter",
        "bad `",
        "twice",
        "path `id`",
        "malformed query",
    ] {
        assert!(all.contains(kind), "no `{kind}` case:\n{all}");
    }
}
