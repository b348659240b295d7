//! Reading the HTML of the widget pages in tests: start tags, elements, links.
#![allow(dead_code)]

use std::collections::HashMap;

/// Status words of the contract: status, Swedish, English.
pub const WORDS: &[(&str, &str, &str)] = &[
    ("planned", "Planerad", "Planned"),
    ("in_progress", "Pågår", "In progress"),
    ("completed", "Genomförd", "Completed"),
    ("cancelled", "Inställd", "Cancelled"),
    ("unknown", "Status okänd", "Status unknown"),
];

pub fn word(status: &str, lang: &str) -> &'static str {
    let w = WORDS.iter().find(|w| w.0 == status).expect("a status");
    if lang == "en" {
        w.2
    } else {
        w.1
    }
}

/// Text as the templates escape it.
pub fn esc(s: &str) -> String {
    s.replace('&', "&#38;")
        .replace('<', "&#60;")
        .replace('>', "&#62;")
        .replace('"', "&#34;")
        .replace('\'', "&#39;")
}

/// A start tag: its name, attributes, and where it starts in the page.
#[derive(Debug)]
pub struct Tag {
    pub name: String,
    pub attrs: HashMap<String, String>,
    pub at: usize,
}

/// Every start tag of a page (attribute values are escaped, so `>` ends a tag).
pub fn tags(html: &str) -> Vec<Tag> {
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(open) = html[i..].find('<') {
        let start = i + open;
        let Some(len) = html[start..].find('>') else {
            break;
        };
        let inner = &html[start + 1..start + len];
        i = start + len + 1;
        if inner.starts_with('/') || inner.starts_with('!') {
            continue;
        }
        let name: String = inner
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
            .collect();
        let mut attrs = HashMap::new();
        let mut rest = &inner[name.len()..];
        while let Some(eq) = rest.find("=\"") {
            let key = rest[..eq]
                .trim()
                .rsplit(' ')
                .next()
                .unwrap_or("")
                .to_owned();
            let after = &rest[eq + 2..];
            let end = after.find('"').expect("a closing quote");
            attrs.insert(key, after[..end].to_owned());
            rest = &after[end + 1..];
        }
        out.push(Tag {
            name: name.to_ascii_lowercase(),
            attrs,
            at: start,
        });
    }
    out
}

/// The markup from the tag with `attr="value"` to the next `</{close}>`.
pub fn element<'a>(html: &'a str, attr: &str, value: &str, close: &str) -> &'a str {
    let tag = tags(html)
        .into_iter()
        .find(|t| t.attrs.get(attr).map(String::as_str) == Some(value))
        .unwrap_or_else(|| panic!("no element with {attr}=\"{value}\""));
    let end = html[tag.at..]
        .find(&format!("</{close}>"))
        .map_or(html.len(), |e| tag.at + e);
    &html[tag.at..end]
}

/// `src` and `href` of every tag: where the page would load from or send people to.
pub fn urls(html: &str) -> Vec<(String, String, String)> {
    tags(html)
        .into_iter()
        .flat_map(|t| {
            ["src", "href"].into_iter().filter_map(move |a| {
                t.attrs
                    .get(a)
                    .map(|v| (t.name.clone(), a.to_owned(), v.replace("&#38;", "&")))
            })
        })
        .collect()
}
