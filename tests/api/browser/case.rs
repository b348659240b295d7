//! A page the browser script visits, and how what it saw there is judged.

use serde::Serialize;
use serde_json::Value;

use super::expect::Pledge;

/// One page load, at each width in turn. Serialised as the browser script reads it.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Case {
    pub name: String,
    pub url: String,
    pub lang: &'static str,
    pub color_scheme: &'static str,
    pub widths: Vec<u32>,
    /// `frame`: look inside the page's iframe rather than the page.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target: Option<&'static str>,
    pub axe: bool,
    /// A selector axe checks instead of the whole document (the widget on a host page).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub axe_include: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub wait_for: Option<String>,
    /// `abort-api` fails the JSON request; `delay-api` holds it back for 3 s.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub route: Option<&'static str>,
    /// README screenshots: `{"width", "file", "element"?}`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub readme_shots: Vec<Value>,
    #[serde(skip)]
    pub expect: Expect,
}

#[derive(Debug, Clone, Default)]
pub struct Expect {
    /// The main document's status.
    pub status: u16,
    /// Origins requests may go to.
    pub origins: Vec<String>,
    /// The pledge the page must render in full.
    pub pledge: Option<Pledge>,
    /// An error state: a visible `role="alert"` with text, and no pledge.
    pub alert: bool,
    /// A loading state: a visible `role="status"` with text.
    pub loading: bool,
    /// `<html lang>` is the case's language (pages of the app, not host pages).
    pub html_lang: bool,
    /// Text the page must show.
    pub texts: Vec<String>,
}

/// Everything wrong with one case's result, as readable lines.
pub fn judge(case: &Case, r: &Value) -> Vec<String> {
    let mut bad = Vec::new();
    let name = &case.name;
    let mut fail = |msg: String| bad.push(format!("{name} ({}): {msg}", case.url));
    if let Some(e) = r["error"].as_str() {
        fail(format!("the browser script failed: {e}"));
        return bad;
    }
    if let Some(e) = r["waitError"].as_str() {
        fail(e.to_owned());
    }
    if r["status"] != case.expect.status {
        fail(format!(
            "status {} instead of {}",
            r["status"], case.expect.status
        ));
    }
    requests_and_cookies(case, r, &mut fail);
    for e in r["pageErrors"].as_array().into_iter().flatten() {
        fail(format!("uncaught script error: {e}"));
    }
    for m in r["console"].as_array().into_iter().flatten() {
        let m = m.as_str().unwrap_or_default();
        if m.contains("Content Security Policy") || m.contains("Refused to") {
            fail(format!("blocked by the page's own policy: {m}"));
        }
    }
    // The same finding at several widths is one line.
    let mut by_width: Vec<(String, Vec<String>)> = Vec::new();
    for w in r["widths"].as_array().into_iter().flatten() {
        let width = w["width"].to_string();
        let hooks = &w["hooks"];
        let mut at = |msg: String| match by_width.iter_mut().find(|(m, _)| *m == msg) {
            Some((_, widths)) => widths.push(width.clone()),
            None => by_width.push((msg, vec![width.clone()])),
        };
        if case.expect.html_lang && hooks["lang"] != case.lang {
            at(format!(
                "<html lang={}> instead of {}",
                hooks["lang"], case.lang
            ));
        }
        if hooks["scrollWidth"].as_i64() > hooks["clientWidth"].as_i64() {
            at(format!(
                "scrolls sideways (content {} px wide in {} px; WCAG 1.4.10 reflow)",
                hooks["scrollWidth"], hooks["clientWidth"]
            ));
        }
        let text = hooks["text"].as_str().unwrap_or_default();
        for junk in ["[object ", "undefined", "NaN"] {
            if text.contains(junk) {
                at(format!(
                    "the page shows script junk {junk:?}: …{}…",
                    around(text, junk)
                ));
            }
        }
        for t in &case.expect.texts {
            if !text.contains(t.as_str()) {
                at(format!("{t:?} is not shown"));
            }
        }
        if let Some(p) = &case.expect.pledge {
            rendered(p, hooks, &mut at);
            for title in &p.sources {
                if !text.contains(title.as_str()) {
                    at(format!("the pledge's source {title:?} is not shown"));
                }
            }
        }
        if case.expect.alert {
            state(hooks, "alerts", "role=\"alert\"", &mut at);
            if hooks["pledges"].as_array().is_some_and(|p| !p.is_empty()) {
                at("an error state that still shows a pledge".into());
            }
        }
        if case.expect.loading {
            state(hooks, "statuses", "role=\"status\" (loading)", &mut at);
        }
        if case.axe {
            axe(&w["axe"], &mut at);
        }
    }
    for (msg, widths) in by_width {
        fail(format!("at {} px: {msg}", widths.join(", ")));
    }
    bad
}

/// Some context around `needle` in `text`, for a failure message.
fn around(text: &str, needle: &str) -> String {
    let (before, after) = text.split_once(needle).unwrap_or((text, ""));
    let head: String = before
        .chars()
        .rev()
        .take(60)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    let tail: String = after.chars().take(20).collect();
    format!("{head}{needle}{tail}")
}

fn origin(url: &str) -> Option<String> {
    let rest = url.split_once("://")?;
    let host = rest.1.split(['/', '?', '#']).next()?;
    Some(format!("{}://{host}", rest.0))
}

fn requests_and_cookies(case: &Case, r: &Value, fail: &mut impl FnMut(String)) {
    let requests = r["requests"].as_array().cloned().unwrap_or_default();
    if requests.is_empty() {
        fail("no request was recorded (the recorder saw nothing)".into());
    }
    for q in &requests {
        let url = q["url"].as_str().unwrap_or_default();
        // Inline data is no request to a host.
        if url.starts_with("data:") || url.starts_with("about:") {
            continue;
        }
        match origin(url) {
            Some(o) if case.expect.origins.contains(&o) => {}
            _ => fail(format!(
                "request to another host: {} {url} (allowed: {:?})",
                q["type"], case.expect.origins
            )),
        }
        for c in q["setCookie"].as_array().into_iter().flatten() {
            fail(format!("Set-Cookie on {url}: {c}"));
        }
        if let Some(f) = q["failure"].as_str() {
            if case.route != Some("abort-api") {
                fail(format!("request failed: {url}: {f}"));
            }
        }
    }
    // The web component's JSON: one request per widget on the page, not one per attribute.
    let fetches = requests
        .iter()
        .filter(|q| {
            q["type"] == "fetch" && q["url"].as_str().is_some_and(|u| u.contains("/pledge"))
        })
        .count();
    if fetches > 1 {
        fail(format!(
            "the web component asked for its JSON {fetches} times for one element"
        ));
    }
    if r["cookies"].as_array().is_none_or(|c| !c.is_empty()) {
        fail(format!("cookies in the browser: {}", r["cookies"]));
    }
}

/// Every focus area and activity of `p`, with the API's status, its word shown, and nothing else.
fn rendered(p: &Pledge, hooks: &Value, at: &mut impl FnMut(String)) {
    let list = |k: &str| hooks[k].as_array().cloned().unwrap_or_default();
    if !list("pledges").iter().any(|id| id == p.id.as_str()) {
        at(format!(
            "no element with data-pledge-id=\"{}\" (found {})",
            p.id, hooks["pledges"]
        ));
    }
    let focus_areas = list("focusAreas");
    for (id, title) in &p.focus_areas {
        let found: Vec<&Value> = focus_areas.iter().filter(|f| f["id"] == *id).collect();
        if found.is_empty() {
            at(format!("focus area {id} ({title}) is missing"));
        }
        for f in found {
            if !f["text"]
                .as_str()
                .unwrap_or_default()
                .contains(title.as_str())
            {
                at(format!("focus area {id} does not show its title {title:?}"));
            }
            if f["visible"] != true {
                at(format!("focus area {id} is not visible"));
            }
        }
    }
    for f in &focus_areas {
        let id = f["id"].as_str().unwrap_or_default();
        if !p.focus_areas.contains_key(id) {
            at(format!(
                "focus area {id} is shown but not in the API's pledge"
            ));
        }
    }
    let activities = list("activities");
    for (id, a) in &p.activities {
        let found: Vec<&Value> = activities.iter().filter(|x| x["id"] == *id).collect();
        if found.is_empty() {
            at(format!("activity {id} ({}) is missing", a.title));
        }
        for x in found {
            if x["status"] != a.status.as_str() {
                at(format!(
                    "activity {id}: data-status={} but the API says {:?}",
                    x["status"], a.status
                ));
                continue;
            }
            if !x["text"]
                .as_str()
                .unwrap_or_default()
                .contains(a.title.as_str())
            {
                at(format!(
                    "activity {id} does not show its title {:?}",
                    a.title
                ));
            }
            let shown = &x["statusWordShown"];
            let word = &x["statusWord"];
            if shown["found"] != true {
                at(format!(
                    "activity {id}: status word {word} not in its text {}",
                    x["text"]
                ));
            } else if shown["visible"] != true || shown["ariaHidden"] == true {
                at(format!(
                    "activity {id}: status word {word} is there but not visible"
                ));
            } else if shown["inViewport"] != true {
                at(format!(
                    "activity {id}: status word {word} is outside the viewport"
                ));
            }
            if x["visible"] != true {
                at(format!("activity {id} is not visible"));
            }
        }
    }
    for x in &activities {
        let id = x["id"].as_str().unwrap_or_default();
        if !p.activities.contains_key(id) {
            at(format!(
                "activity {id} is shown but not in the API's pledge"
            ));
        }
    }
}

fn state(hooks: &Value, key: &str, what: &str, at: &mut impl FnMut(String)) {
    let found = hooks[key].as_array().cloned().unwrap_or_default();
    let readable = found.iter().any(|s| {
        s["visible"] == true
            && s["text"]
                .as_str()
                .is_some_and(|t| t.chars().filter(|c| c.is_alphabetic()).count() >= 8)
    });
    if !readable {
        at(format!(
            "no visible {what} with readable text (found {})",
            hooks[key]
        ));
    }
}

fn axe(a: &Value, at: &mut impl FnMut(String)) {
    if a["passes"].as_u64().unwrap_or(0) == 0 {
        at(format!("axe did not run (no rule passed): {a}"));
        return;
    }
    // Undecided is unchecked, except contrast of icon glyphs (aria-hidden; the word carries the status).
    for v in a["incomplete"].as_array().into_iter().flatten() {
        for n in v["nodes"].as_array().into_iter().flatten() {
            let why = n["why"].as_str().unwrap_or_default();
            if !(v["id"] == "color-contrast" && why.contains("only non-text characters")) {
                at(format!(
                    "axe could not decide {} on {}: {why}",
                    v["id"], n["target"]
                ));
            }
        }
    }
    for v in a["violations"].as_array().into_iter().flatten() {
        let targets: Vec<&str> = v["nodes"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|n| n["target"].as_str())
            .collect();
        // The first node's summary says why (a contrast ratio, a missing name).
        let why = v["nodes"][0]["summary"]
            .as_str()
            .unwrap_or_default()
            .replace('\n', " ");
        at(format!(
            "axe {} ({}): {} — {} [{why}]",
            v["id"].as_str().unwrap_or("?"),
            v["impact"].as_str().unwrap_or("?"),
            v["help"].as_str().unwrap_or(""),
            targets.join(", ")
        ));
    }
}
