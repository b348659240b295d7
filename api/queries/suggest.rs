//! Words beyond the query's own: the domain's thesaurus (`thesaurus.txt`, kept as data), and
//! "did you mean" for words that no record holds.

use diesel::pg::PgConnection;
use diesel::prelude::*;
use diesel::sql_types::{Array, Bool, Nullable, Text};

/// The groups of `thesaurus.txt`, by each of their words.
pub(super) fn thesaurus() -> &'static std::collections::HashMap<String, Vec<String>> {
    static GROUPS: std::sync::OnceLock<std::collections::HashMap<String, Vec<String>>> =
        std::sync::OnceLock::new();
    GROUPS.get_or_init(|| {
        let mut by_word = std::collections::HashMap::new();
        for line in include_str!("thesaurus.txt").lines() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let group: Vec<String> = line.split(',').map(|w| w.trim().to_owned()).collect();
            for w in &group {
                by_word.insert(w.clone(), group.clone());
            }
        }
        by_word
    })
}

#[derive(QueryableByName)]
struct Suggested {
    #[diesel(sql_type = Nullable<Text>)]
    q: Option<String>,
}

/// "Did you mean": `q` with each word that no record holds (neither whole, nor as the start of a
/// longer word, nor through the thesaurus) replaced by the most similar word of the data
/// (`search_words`, pg_trgm similarity). `None` when every word is known, when no similar word
/// exists, or when `q` is more than plain words (quotes, `-`, `or`: syntax is left alone).
pub fn suggestion(conn: &mut PgConnection, q: &str) -> QueryResult<Option<String>> {
    let words: Vec<String> = q.split_whitespace().map(str::to_lowercase).collect();
    let plain = !words.is_empty()
        && words.len() <= 10
        && words
            .iter()
            .all(|w| w != "or" && w.chars().all(char::is_alphabetic));
    if !plain {
        return Ok(None);
    }
    let known: Vec<bool> = words.iter().map(|w| thesaurus().contains_key(w)).collect();
    let row: Suggested = crate::db::statement::statement(
        "SELECT CASE WHEN bool_or(s.word IS NOT NULL)
                     THEN string_agg(coalesce(s.word, w.word), ' ' ORDER BY w.i) END AS q
         FROM unnest($1::text[], $2::bool[]) WITH ORDINALITY AS w(word, known, i)
         LEFT JOIN LATERAL (
             SELECT sw.word FROM search_words sw
             WHERE NOT w.known AND length(w.word) >= 3
               AND NOT EXISTS (SELECT 1 FROM search_words k WHERE starts_with(k.word, w.word))
               AND sw.word % w.word
             ORDER BY similarity(sw.word, w.word) DESC, sw.word
             LIMIT 1
         ) s ON true",
    )
    .bind::<Array<Text>, _>(&words)
    .bind::<Array<Bool>, _>(&known)
    .get_result(conn)?;
    Ok(row.q)
}
