//! Private data: no e-mail address or phone number may enter the public data.

use super::{At, Checker};

impl Checker<'_> {
    /// No e-mail address or phone number may enter the public data.
    pub(super) fn private(&mut self, at: &At, field: &str, value: &str) {
        if looks_like_email(value) {
            self.report(
                at,
                format!("`{field}` contains an e-mail address; the public data must not"),
            );
        }
        if looks_like_phone(value) {
            self.report(
                at,
                format!("`{field}` contains a phone number; the public data must not"),
            );
        }
    }
}

fn looks_like_email(s: &str) -> bool {
    s.split_whitespace().any(|w| {
        let w = w.trim_matches(|c: char| !c.is_alphanumeric());
        match w.split_once('@') {
            Some((user, host)) => !user.is_empty() && host.contains('.'),
            None => false,
        }
    })
}

/// Eight or more digits in a run of digits, spaces and dashes, starting with 0 or +: a Swedish phone number.
fn looks_like_phone(s: &str) -> bool {
    let chars: Vec<char> = s.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let starts_word = i == 0 || !(chars[i - 1].is_ascii_digit() || chars[i - 1] == '-');
        let starts_number = chars[i] == '0'
            || (chars[i] == '+' && chars.get(i + 1).is_some_and(|c| c.is_ascii_digit()));
        if starts_word && starts_number {
            let mut digits = 0;
            let mut j = i;
            while j < chars.len()
                && (chars[j].is_ascii_digit() || matches!(chars[j], ' ' | '-' | '+'))
            {
                digits += chars[j].is_ascii_digit() as usize;
                j += 1;
            }
            if digits >= 8 {
                return true;
            }
            i = j.max(i + 1);
        } else {
            i += 1;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn private_data_is_recognised() {
        assert!(looks_like_email(
            "skriv till namn.efternamn@exempel.example"
        ));
        assert!(!looks_like_email("a @ b"));
        // Numbers from the ranges Swedish regulation (PTS) keeps for fiction: they belong to no one.
        assert!(looks_like_phone("ring 031-390 06 12"));
        assert!(looks_like_phone("070-174 06 12"));
        assert!(looks_like_phone("+46 70 174 06 12"));
        assert!(!looks_like_phone("kommunkod 1083, period 2019 - 2022"));
        assert!(!looks_like_phone("2022-2023"));
        assert!(!looks_like_phone("från 2020-01-17 2023-12-31"));
    }
}
