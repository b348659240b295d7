//! Swedish full-text search over agreements, pledges, focus areas, activities and statements.
//!
//! Each table has a generated, GIN-indexed `search` tsvector (title weight A, then B, C). A query is
//! parsed with web-search syntax, widened for Swedish (see [`swedish_tsquery`]), matched through the
//! indexes, ranked with `ts_rank_cd`, and only the rows of the page get a `ts_headline` excerpt.

use diesel::pg::PgConnection;
use diesel::prelude::*;
use diesel::sql_types::{Array, BigInt, Float4, Int4, Nullable, Text};

/// The record types search covers, in the order ties on rank are broken.
pub const TYPES: &[&str] = &["agreement", "pledge", "focus_area", "activity", "statement"];

/// What to search for.
#[derive(Debug, Clone)]
pub struct Search {
    /// Tsquery text, from [`parse`].
    pub tsquery: String,
    /// Record types to search; a subset of [`TYPES`].
    pub types: Vec<String>,
    /// Municipality slugs or kommunkoder; none means all.
    pub municipalities: Option<Vec<String>>,
}

/// The order of search pages, as cursors name it (REST and GraphQL take each other's cursors).
pub const ORDER: &str = "rank";

/// Where the previous page ended: its last hit's rank, type position and id.
#[derive(Debug, Clone, PartialEq)]
pub struct After {
    pub rank: f32,
    pub type_position: i32,
    pub id: String,
}

impl After {
    /// The position a cursor holds: its key is the rank (exactly, as Rust prints an `f32`), its
    /// id `<type>:<id>`. `None` when it is no search position.
    pub fn from_cursor(key: &str, id: &str) -> Option<After> {
        let rank = key.parse::<f32>().ok().filter(|r| r.is_finite())?;
        let (kind, id) = id.split_once(':')?;
        let position = TYPES.iter().position(|t| *t == kind)?;
        Some(After {
            rank,
            type_position: position as i32 + 1,
            id: id.to_owned(),
        })
    }
}

/// One hit of a page.
#[derive(Debug, Clone, QueryableByName)]
pub struct HitRow {
    /// One of [`TYPES`].
    #[diesel(sql_type = Text)]
    pub kind: String,
    /// 1-based position of `kind` in [`TYPES`].
    #[diesel(sql_type = Int4)]
    pub type_position: i32,
    #[diesel(sql_type = Text)]
    pub id: String,
    #[diesel(sql_type = Text)]
    pub title: String,
    #[diesel(sql_type = Text)]
    pub municipality_id: String,
    #[diesel(sql_type = Text)]
    pub municipality_name: String,
    #[diesel(sql_type = Text)]
    pub municipality_code: String,
    #[diesel(sql_type = Float4)]
    pub rank: f32,
    /// HTML: the record's text escaped, with `<mark>…</mark>` around matches.
    #[diesel(sql_type = Text)]
    pub excerpt: String,
    /// All hits, over all pages.
    #[diesel(sql_type = BigInt)]
    pub total: i64,
}

impl HitRow {
    /// The key and id of a cursor that starts after this hit (see [`After::from_cursor`]).
    pub fn cursor(&self) -> (String, String) {
        (self.rank.to_string(), format!("{}:{}", self.kind, self.id))
    }
}

#[derive(QueryableByName)]
struct Simple {
    #[diesel(sql_type = Text)]
    q: String,
}

/// Parses `q` with web-search syntax (words, `"phrases"`, `-not`, `or`) without stemming, widens
/// it with [`swedish_tsquery`], stems it with `to_tsquery('swedish', …)` and returns the result as
/// tsquery text (`$n::tsquery` in SQL), without the operands the widening repeated (see
/// [`super::tsquery`]).
pub fn parse(conn: &mut PgConnection, q: &str) -> QueryResult<String> {
    let simple: Simple =
        crate::db::statement::statement("SELECT websearch_to_tsquery('simple', $1)::text AS q")
            .bind::<Text, _>(q)
            .get_result(conn)?;
    let stemmed: Simple =
        crate::db::statement::statement("SELECT to_tsquery('swedish', $1)::text AS q")
            .bind::<Text, _>(swedish_tsquery(&simple.q))
            .get_result(conn)?;
    Ok(super::tsquery::simplified(&stemmed.q))
}

/// The `q` filter of a list as tsquery text for [`super::sql::matches_text`], so that lists and
/// `/v1/search` find the same records.
pub fn text_query(
    conn: &mut PgConnection,
    f: &crate::domain::Filter,
) -> QueryResult<Option<String>> {
    f.q.as_deref().map(|q| parse(conn, q)).transpose()
}

/// Widens a query for Swedish, on the text of a `simple` tsquery (lower-cased words, not stemmed):
/// - every word of four letters or more also matches as a prefix of a word, so that `narkotika`
///   finds the compound `narkotikaklassade` (Swedish writes compounds as one word);
/// - a definite form the Swedish Snowball stemmer leaves whole also matches its base form:
///   `narkotikan` (→ `narkotika`), `flickan`, `brottet` (→ `brott`).
///
/// `to_tsquery('swedish', …)` then stems every word and drops stop words, as the indexed columns did.
pub fn swedish_tsquery(simple: &str) -> String {
    let mut out = String::with_capacity(simple.len() * 2);
    let mut chars = simple.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\'' {
            out.push(c);
            continue;
        }
        // A quoted lexeme: `''` and `\\` are escapes inside it.
        let mut raw = String::new();
        while let Some(c) = chars.next() {
            match c {
                '\'' if chars.peek() == Some(&'\'') => {
                    chars.next();
                    raw.push_str("''");
                }
                '\'' => break,
                '\\' => {
                    raw.push('\\');
                    if let Some(n) = chars.next() {
                        raw.push(n);
                    }
                }
                other => raw.push(other),
            }
        }
        let variants = variants(&raw);
        if variants.len() > 1 {
            out.push_str("( ");
        }
        for (i, v) in variants.iter().enumerate() {
            if i > 0 {
                out.push_str(" | ");
            }
            out.push('\'');
            out.push_str(v);
            out.push('\'');
            if v.chars().count() >= 4 {
                out.push_str(":*");
            }
        }
        if variants.len() > 1 {
            out.push_str(" )");
        }
    }
    out
}

/// The word as given, its base form when it looks like a definite form Snowball keeps, and the
/// other words of the thesaurus group of either.
fn variants(raw: &str) -> Vec<String> {
    let mut v = vec![raw.to_owned()];
    let letters: Vec<char> = raw.chars().collect();
    if letters.len() >= 5 && letters.iter().all(|c| c.is_alphabetic()) {
        v.extend(definite_base(&letters));
    }
    // The group of the word or of its base form (`narkotikan` is `narkotika`'s).
    let group = v
        .iter()
        .find_map(|w| super::suggest::thesaurus().get(w))
        .cloned();
    for w in group.into_iter().flatten() {
        if !v.contains(&w) {
            v.push(w);
        }
    }
    v
}

/// The base form of a word that looks like a definite form the Swedish stemmer keeps whole.
fn definite_base(letters: &[char]) -> Option<String> {
    let n = letters.len();
    let vowel = |c: char| "aeiouyåäöé".contains(c);
    if letters.ends_with(&['e', 't']) {
        // brottet, huset: neuter definite
        Some(letters[..n - 2].iter().collect())
    } else if letters[n - 1] == 'n' && vowel(letters[n - 2]) {
        // narkotikan, flickan: common-gender definite of a word ending in a vowel
        Some(letters[..n - 1].iter().collect())
    } else {
        None
    }
}

/// The hits and their ranks, for every matching record (a CTE body). Binds: $1 tsquery text,
/// $2 types, $3 municipalities.
const HITS: &str = "
    munis AS (
        SELECT m.organization_id FROM municipalities m JOIN organizations o ON o.id = m.organization_id
        WHERE o.public_id = ANY($3::text[]) OR m.code = ANY($3::text[])
    ),
    hits AS (
        SELECT 1 AS type_position, a.id AS pk, a.public_id AS id, a.municipality_id AS muni,
               ts_rank_cd('{0.1, 0.2, 0.4, 1.0}', a.search, $1::tsquery) AS rank
        FROM agreements a
        WHERE 'agreement' = ANY($2::text[]) AND a.search @@ $1::tsquery
          AND ($3::text[] IS NULL OR a.municipality_id IN (SELECT organization_id FROM munis))
        UNION ALL
        SELECT 2, p.id, p.public_id, p.municipality_id,
               ts_rank_cd('{0.1, 0.2, 0.4, 1.0}', p.search, $1::tsquery)
        FROM pledges p
        WHERE 'pledge' = ANY($2::text[]) AND p.search @@ $1::tsquery
          AND ($3::text[] IS NULL OR p.municipality_id IN (SELECT organization_id FROM munis))
        UNION ALL
        SELECT 3, f.id, f.public_id, coalesce(fp.municipality_id, fa.municipality_id),
               ts_rank_cd('{0.1, 0.2, 0.4, 1.0}', f.search, $1::tsquery)
        FROM focus_areas f
        LEFT JOIN pledges fp ON fp.id = f.pledge_id
        LEFT JOIN agreements fa ON fa.id = f.agreement_id
        WHERE 'focus_area' = ANY($2::text[]) AND f.search @@ $1::tsquery
          AND ($3::text[] IS NULL
               OR coalesce(fp.municipality_id, fa.municipality_id) IN (SELECT organization_id FROM munis))
        UNION ALL
        SELECT 4, x.id, x.public_id, xp.municipality_id,
               ts_rank_cd('{0.1, 0.2, 0.4, 1.0}', x.search, $1::tsquery)
        FROM activities x
        JOIN pledges xp ON xp.id = x.pledge_id
        WHERE 'activity' = ANY($2::text[]) AND x.search @@ $1::tsquery
          AND ($3::text[] IS NULL OR xp.municipality_id IN (SELECT organization_id FROM munis))
        UNION ALL
        SELECT 5, st.id, st.public_id, st.municipality_id,
               ts_rank_cd('{0.1, 0.2, 0.4, 1.0}', st.search, $1::tsquery)
        FROM statements st
        WHERE 'statement' = ANY($2::text[]) AND st.search @@ $1::tsquery
          AND ($3::text[] IS NULL OR st.municipality_id IN (SELECT organization_id FROM munis))
    )";

/// The text an excerpt is cut from: what the record's `search` column indexes, in the same order,
/// HTML-escaped. Escaped before ts_headline, not after: ts_headline drops what its parser takes for
/// tags and keeps entities whole, so the text survives and `<mark>` is the only markup.
const EXCERPT_SOURCE: &str = "replace(replace(replace(replace(CASE h.type_position
        WHEN 1 THEN concat_ws(' – ', a.title, a.summary, a.follow_up)
        WHEN 2 THEN concat_ws(' – ', p.title, p.summary)
        WHEN 3 THEN concat_ws(' – ', f.title, f.description, f.goals)
        WHEN 4 THEN concat_ws(' – ', x.title, x.description)
        ELSE st.quote END,
    '&', '&amp;'), '<', '&lt;'), '>', '&gt;'), '\"', '&quot;')";

/// A page of hits, best first (rank, then type in [`TYPES`] order, then id), with the total.
pub fn page(
    conn: &mut PgConnection,
    s: &Search,
    after: Option<&After>,
    limit: u32,
) -> QueryResult<(Vec<HitRow>, i64)> {
    let sql = format!(
        "WITH {HITS},
        page AS (
            SELECT * FROM hits
            WHERE $4::real IS NULL OR rank < $4::real
               OR (rank = $4::real AND (type_position, id) > ($5::int4, $6::text))
            ORDER BY rank DESC, type_position, id
            LIMIT $7
        )
        SELECT (ARRAY['agreement', 'pledge', 'focus_area', 'activity', 'statement'])[h.type_position] AS kind,
               h.type_position, h.id,
               coalesce(a.title, p.title, f.title, x.title, sp.name || ', ' || st.role) AS title,
               o.public_id AS municipality_id, m.name AS municipality_name, m.code AS municipality_code,
               h.rank,
               ts_headline('swedish', {EXCERPT_SOURCE}, $1::tsquery,
                           'StartSel=<mark>, StopSel=</mark>, MaxWords=25, MinWords=8, MaxFragments=1')
                   AS excerpt,
               (SELECT count(*) FROM hits) AS total
        FROM page h
        LEFT JOIN agreements a ON h.type_position = 1 AND a.id = h.pk
        LEFT JOIN pledges p ON h.type_position = 2 AND p.id = h.pk
        LEFT JOIN focus_areas f ON h.type_position = 3 AND f.id = h.pk
        LEFT JOIN activities x ON h.type_position = 4 AND x.id = h.pk
        LEFT JOIN statements st ON h.type_position = 5 AND st.id = h.pk
        LEFT JOIN people sp ON sp.id = st.person_id
        JOIN municipalities m ON m.organization_id = h.muni
        JOIN organizations o ON o.id = m.organization_id
        ORDER BY h.rank DESC, h.type_position, h.id"
    );
    let rows: Vec<HitRow> = crate::db::statement::statement(sql)
        .bind::<Text, _>(&s.tsquery)
        .bind::<Array<Text>, _>(&s.types)
        .bind::<Nullable<Array<Text>>, _>(s.municipalities.as_ref())
        .bind::<Nullable<Float4>, _>(after.map(|a| a.rank))
        .bind::<Nullable<Int4>, _>(after.map(|a| a.type_position))
        .bind::<Nullable<Text>, _>(after.map(|a| a.id.as_str()))
        .bind::<BigInt, _>(i64::from(limit))
        .load(conn)?;
    // An empty page (past the end) carries no total: count apart.
    let total = match rows.first() {
        Some(r) => r.total,
        None => count(conn, s)?,
    };
    Ok((rows, total))
}

/// How many records match.
pub fn count(conn: &mut PgConnection, s: &Search) -> QueryResult<i64> {
    crate::db::statement::statement(format!("WITH {HITS} SELECT count(*) AS n FROM hits"))
        .bind::<Text, _>(&s.tsquery)
        .bind::<Array<Text>, _>(&s.types)
        .bind::<Nullable<Array<Text>>, _>(s.municipalities.as_ref())
        .get_result::<super::Count>(conn)
        .map(|c| c.n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widens_words_for_swedish() {
        assert_eq!(swedish_tsquery("'flickan'"), "( 'flickan':* | 'flicka':* )");
        assert_eq!(
            swedish_tsquery("'huset' & !'trafik'"),
            "( 'huset':* | 'hus' ) & !'trafik':*"
        );
        assert_eq!(
            swedish_tsquery("'alkohol' <-> 'och' <-> 'tobak' | 'mbu'"),
            "'alkohol':* <-> 'och' <-> 'tobak':* | 'mbu'"
        );
        // Short words match whole; words with digits or marks are not folded.
        assert_eq!(swedish_tsquery("'en' & '2022'"), "'en' & '2022':*");
        assert_eq!(swedish_tsquery("'e-post'"), "'e-post':*");
    }

    #[test]
    fn a_word_of_the_thesaurus_also_matches_its_group() {
        let trygghet = swedish_tsquery("'trygghet'");
        assert!(trygghet.contains("'otrygghet':*"), "{trygghet}");
        // Through a definite form's base: `narkotikan` is `narkotika`, whose group holds `droger`.
        assert_eq!(
            swedish_tsquery("'narkotikan'"),
            "( 'narkotikan':* | 'narkotika':* | 'droger':* | 'drogerna':* | 'knark':* )"
        );
        let unga = swedish_tsquery("'ungdomar'");
        for w in ["'ungdomar':*", "'unga':*", "'ungdom':*"] {
            assert!(unga.contains(w), "{unga}");
        }
        assert_eq!(swedish_tsquery("'tobak'"), "'tobak':*");
    }

    #[test]
    fn keeps_escapes_inside_lexemes() {
        assert_eq!(swedish_tsquery("'it''s'"), "'it''s':*");
        assert_eq!(swedish_tsquery("'a\\\\b'"), "'a\\\\b':*");
        assert_eq!(swedish_tsquery(""), "");
    }
}
