//! How deeply a request's text nests, measured before anything parses it.
//!
//! The GraphQL parser and the value types recurse once per level of `[`, `{` or `(`: a few
//! kilobytes of brackets overflow a thread's stack and abort the whole process, which no error
//! handling can catch. A linear scan that only counts brackets cannot overflow, so every request
//! is scanned first and refused when it nests deeper than any real query needs.

/// The deepest nesting of brackets, braces and parentheses in GraphQL text, outside strings and
/// comments; it stops counting as soon as `limit` is passed and answers `limit + 1`.
pub fn graphql_depth(text: &str, limit: usize) -> usize {
    let bytes = text.as_bytes();
    let (mut depth, mut deepest, mut i) = (0usize, 0usize, 0usize);
    while i < bytes.len() {
        match bytes[i] {
            b'{' | b'[' | b'(' => {
                depth += 1;
                deepest = deepest.max(depth);
                if deepest > limit {
                    return limit + 1;
                }
            }
            b'}' | b']' | b')' => depth = depth.saturating_sub(1),
            b'#' => {
                while i < bytes.len() && bytes[i] != b'\n' && bytes[i] != b'\r' {
                    i += 1;
                }
            }
            b'"' if bytes[i..].starts_with(b"\"\"\"") => {
                // A block string ends at the first unescaped `"""`.
                i += 3;
                while i < bytes.len() && !bytes[i..].starts_with(b"\"\"\"") {
                    i += if bytes[i..].starts_with(b"\\\"\"\"") {
                        4
                    } else {
                        1
                    };
                }
                i += 2;
            }
            b'"' => i = skip_string(bytes, i),
            _ => {}
        }
        i += 1;
    }
    deepest
}

/// The deepest nesting of arrays and objects in JSON text, outside strings; it stops counting as
/// soon as `limit` is passed and answers `limit + 1`. Invalid JSON is measured all the same: the
/// parser that follows refuses it.
pub fn json_depth(text: &[u8], limit: usize) -> usize {
    let (mut depth, mut deepest, mut i) = (0usize, 0usize, 0usize);
    while i < text.len() {
        match text[i] {
            b'{' | b'[' => {
                depth += 1;
                deepest = deepest.max(depth);
                if deepest > limit {
                    return limit + 1;
                }
            }
            b'}' | b']' => depth = depth.saturating_sub(1),
            b'"' => i = skip_string(text, i),
            _ => {}
        }
        i += 1;
    }
    deepest
}

/// The index of the quote that closes the string opened at `start` (or the last index).
fn skip_string(bytes: &[u8], start: usize) -> usize {
    let mut i = start + 1;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'"' => return i,
            _ => i += 1,
        }
    }
    bytes.len().saturating_sub(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn graphql_nesting_counts_brackets_outside_strings_and_comments() {
        assert_eq!(graphql_depth("{ a }", 10), 1);
        assert_eq!(graphql_depth("{ a(x: [[1]]) { b } }", 10), 4);
        assert_eq!(graphql_depth("{ a(x: \"[[[[{{{{\") }", 10), 2);
        assert_eq!(graphql_depth("{ a(x: \"\\\"[[[[\") }", 10), 2);
        assert_eq!(
            graphql_depth("{ a(x: \"\"\"[[[ \\\"\"\" [[\"\"\") }", 10),
            2
        );
        assert_eq!(graphql_depth("# {{{{{{\n{ a }", 10), 1);
        assert_eq!(graphql_depth("}}}}{ a }", 10), 1);
        let deep = format!("{{ a(x: {}1{}) }}", "[".repeat(5000), "]".repeat(5000));
        assert_eq!(graphql_depth(&deep, 48), 49);
        // An unterminated string or block string ends the scan without panicking.
        assert_eq!(graphql_depth("{ a(x: \"[[", 10), 2);
        assert_eq!(graphql_depth("{ a(x: \"\"\"[[", 10), 2);
        assert_eq!(graphql_depth("\"\\", 10), 0);
    }

    #[test]
    fn json_nesting_counts_arrays_and_objects_outside_strings() {
        assert_eq!(json_depth(br#"{"query": "{ a { b } }"}"#, 10), 1);
        assert_eq!(json_depth(br#"{"variables": {"v": [[1]]}}"#, 10), 4);
        assert_eq!(json_depth(br#"{"q": "\"[[[["}"#, 10), 1);
        let deep = format!(
            "{{\"variables\": {{\"v\": {}1{}}}}}",
            "[".repeat(5000),
            "]".repeat(5000)
        );
        assert_eq!(json_depth(deep.as_bytes(), 48), 49);
        assert_eq!(json_depth(b"\"\\", 10), 0);
    }
}
