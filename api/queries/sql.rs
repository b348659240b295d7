//! SQL fragments several queries share.

/// The status event of activity `{activity}` in force on the day bound at `$n` (on or before it);
/// the one place that decides which event gives an activity's status on a past day. The current
/// status is kept on the activity (`status`, `status_since`) by triggers that apply the same rule.
fn event_on(activity: &str, n: usize) -> String {
    format!(
        "SELECT e.status, e.effective_on FROM activity_status_events e
         WHERE e.activity_id = {activity}.id AND e.effective_on <= ${n}::date
         ORDER BY e.effective_on DESC, e.id DESC LIMIT 1"
    )
}

/// The status of activity `{activity}` on the day bound at `$n`: its latest event by then, else
/// `unknown`; its current status when that day is null, or without `as_of`.
pub fn status_of(activity: &str, as_of: Option<usize>) -> String {
    match as_of {
        None => format!("{activity}.status"),
        Some(n) => format!(
            "CASE WHEN ${n}::date IS NULL THEN {activity}.status
                  ELSE coalesce((SELECT s.status FROM ({}) s), 'unknown') END",
            event_on(activity, n)
        ),
    }
}

/// Whether activity `{activity}`'s status on the day bound at `$day` is one of those bound at `$n`
/// (`unknown` not among them), as a set: the activities whose events held those statuses on that
/// day, read by index from `activity_status_periods` (kept by the triggers that keep the current
/// status, by the rule of [`status_of`]). For one activity at a time, [`status_of`] costs less.
pub fn status_held(activity: &str, n: usize, day: usize) -> String {
    format!(
        "{activity}.id IN (SELECT sp.activity_id FROM activity_status_periods sp
           WHERE sp.status = ANY(${n}::text[]) AND {})",
        held_on("sp", day)
    )
}

/// Whether the status period `{period}` (a row of `activity_status_periods`) held on the day bound
/// at `$day`. An activity has at most one such period: the one of its latest event by then.
pub fn held_on(period: &str, day: usize) -> String {
    format!(
        "{period}.held_from <= ${day}::date
         AND ({period}.held_until IS NULL OR {period}.held_until > ${day}::date)"
    )
}

/// Joins activity `{activity}`'s status on the day bound at `$n` (see [`status_of`]) as `{alias}`
/// (`status`, `effective_on`; nulls when no event gives one). Without a day it reads the columns
/// kept on the activity; with one, one probe of `activity_status_events_latest_idx`.
pub fn status_join(activity: &str, alias: &str, as_of: Option<usize>) -> String {
    let current = format!(
        "SELECT nullif({activity}.status, 'unknown') AS status, {activity}.status_since AS effective_on"
    );
    match as_of {
        None => format!("CROSS JOIN LATERAL ({current}) {alias}"),
        Some(n) => format!(
            "LEFT JOIN LATERAL ({current} WHERE ${n}::date IS NULL
                                UNION ALL ({} )) {alias} ON true",
            event_on(activity, n)
        ),
    }
}

/// Source ids cited by the record `{alias}.id` through citations column `{column}`.
pub fn sources_of(alias: &str, column: &str) -> String {
    format!(
        "ARRAY(SELECT s.public_id FROM citations c JOIN sources s ON s.id = c.source_id
               WHERE c.{column} = {alias}.id ORDER BY s.public_id)"
    )
}

/// Rows whose period (`{alias}.period_start/_end`) touches any of the years bound at `$n`
/// (only written when years are given). The span of those years, bound as days at `$first` and
/// `$last`, comes first: a range PostgreSQL can estimate, where the array hides how few match.
/// When the years have no gap the span says it all, and the array is not read.
pub fn touches_years(alias: &str, n: usize, (first, last): (usize, usize), gaps: bool) -> String {
    let span = format!(
        "{} && daterange(${first}::date, ${last}::date, '[]')",
        period_range(alias)
    );
    if !gaps {
        return span;
    }
    format!(
        "{span}
         AND EXISTS (SELECT 1 FROM unnest(${n}::int4[]) y
          WHERE {alias}.period_start <= make_date(y, 12, 31) AND {alias}.period_end >= make_date(y, 1, 1))"
    )
}

/// Rows whose period contains the day bound at `$n` (only written when a day is given).
pub fn active_on(alias: &str, n: usize) -> String {
    format!("({} @> ${n}::date)", period_range(alias))
}

/// The period of `{alias}` as a range, for rows with both ends known (an open end does not mean
/// "forever"): the expression of the periods' GiST indexes, whose statistics let PostgreSQL
/// estimate how many periods a span or a day meets (two comparisons of columns it cannot).
fn period_range(alias: &str) -> String {
    format!(
        "{alias}.period_start IS NOT NULL AND {alias}.period_end IS NOT NULL
         AND daterange({alias}.period_start, {alias}.period_end, '[]')"
    )
}

/// The municipality filter bound at `$n`: slugs or kommunkoder.
pub fn in_municipalities(org: &str, muni: &str, n: usize) -> String {
    format!("(${n}::text[] IS NULL OR {org}.public_id = ANY(${n}::text[]) OR {muni}.code = ANY(${n}::text[]))")
}

/// Keyset condition after the cursor bound at `$k` (sort key) and `$k+1` (id), in the page's
/// direction; true when no cursor is bound.
pub fn after(sort_expr: &str, id_expr: &str, descending: bool, k: usize) -> String {
    format!(
        "(${k}::text IS NULL OR {})",
        after_cursor(sort_expr, id_expr, descending, k)
    )
}

/// Keyset condition after the cursor bound at `$k` (sort key) and `$k+1` (id), for a statement
/// that is only made when there is a cursor.
pub fn after_cursor(sort_expr: &str, id_expr: &str, descending: bool, k: usize) -> String {
    let op = if descending { "<" } else { ">" };
    format!(
        "({sort_expr}, {id_expr}) {op} (${k}::text, ${}::text)",
        k + 1
    )
}

pub fn order(sort_expr: &str, id_expr: &str, descending: bool) -> String {
    let dir = if descending { "DESC" } else { "ASC" };
    format!("ORDER BY {sort_expr} {dir}, {id_expr} {dir}")
}

/// Internal ids of the municipalities named (by slug or kommunkod) in the array bound at `$n`.
/// Two index lookups: one `OR` over both columns hashed every organization instead.
pub fn municipality_ids(n: usize) -> String {
    format!(
        "(SELECT m.organization_id FROM municipalities m JOIN organizations o ON o.id = m.organization_id
          WHERE o.public_id = ANY(${n}::text[])
          UNION ALL SELECT m.organization_id FROM municipalities m WHERE m.code = ANY(${n}::text[]))"
    )
}

/// Folds text for case-insensitive matching. The database may run with the C locale, where `lower`
/// leaves non-ASCII letters alone, so the Swedish capitals are mapped explicitly.
pub fn fold(expr: &str) -> String {
    format!("lower(translate({expr}, 'ÅÄÖÉÈÜØÆ', 'åäöéèüøæ'))")
}

/// Rows where any of `exprs` contains the text bound at `$n` (already folded by the caller
/// with `fold_query`), ignoring case.
pub fn contains_any(exprs: &[&str], n: usize) -> String {
    let tests: Vec<String> = exprs
        .iter()
        .map(|e| {
            format!(
                "strpos({}, ${n}::text) > 0",
                fold(&format!("coalesce({e}, '')"))
            )
        })
        .collect();
    format!("(${n}::text IS NULL OR {})", tests.join(" OR "))
}

/// The Rust side of `fold`: what a plain-text query is compared as.
pub fn fold_query(q: &str) -> String {
    q.to_lowercase()
}

/// Rows whose `{alias}.search` matches the tsquery text bound at `$n`, made by `search::text_query`
/// (web-search syntax widened for Swedish compounds and definite forms, as `/v1/search` does).
pub fn matches_text(alias: &str, n: usize) -> String {
    format!("{alias}.search @@ ${n}::text::tsquery")
}

/// The table aliases an SQL expression reads (`x` of `x.title`).
pub fn aliases(expr: &str) -> impl Iterator<Item = &str> {
    expr.match_indices('.').filter_map(move |(i, _)| {
        let start = expr[..i]
            .rfind(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .map_or(0, |j| j + 1);
        let alias = &expr[start..i];
        (!alias.is_empty() && !alias.starts_with(|c: char| c.is_ascii_digit())).then_some(alias)
    })
}

/// The aliases of a FROM list: its first table's (`activities x`) and every one a join reads.
pub fn from_aliases(from: &str) -> Vec<&str> {
    let mut known: Vec<&str> = aliases(from).collect();
    known.extend(from.split_whitespace().nth(1));
    known
}

#[cfg(test)]
mod tests {
    use super::{aliases, from_aliases};

    #[test]
    fn reads_the_aliases_of_expressions_and_from_lists() {
        let sort = "array_position(ARRAY['planned', 'x.y'], x.status)::text || o.public_id || 1.5";
        assert_eq!(aliases(sort).collect::<Vec<_>>(), ["x", "x", "o"]);
        assert_eq!(from_aliases("activities x"), ["x"]);
        let from = "activities x JOIN pledges p ON p.id = x.pledge_id";
        assert_eq!(from_aliases(from), ["p", "x", "x"]);
    }
}
