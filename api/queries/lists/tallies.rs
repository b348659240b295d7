//! Totals of activity lists from the tallies the database keeps (migration `activity_tallies`):
//! activities per pledge and status, per pledge, theme and status, and the same over all pledges.
//! A total then sums a few rows instead of counting every matching activity, and its cost follows
//! the pledges the filter picks, not the size of the table. One year alone (or with a theme or a
//! status) reads the year's own totals (migration `activity_year_tallies`) instead of every
//! pledge of that year. Statuses on a past day alone are counted from the status periods
//! (migration `activity_status_periods`), one per activity on any day.

use super::tables::{all, AS_OF};
use crate::domain::status::Status;
use crate::domain::Filter;
use crate::queries::sql;

/// The count statement for an activity filter the tallies answer exactly; `None` for the others:
/// a text search, statuses on a past day with another filter (tallies hold today's), or more than
/// one theme (an activity whose focus area has two of them would count twice).
pub(super) fn activities(f: &Filter) -> Option<String> {
    if let Some(sql) = on_a_day(f) {
        return Some(sql);
    }
    if f.q.is_some() || f.themes.len() > 1 || (f.as_of.is_some() && !f.statuses.is_empty()) {
        return None;
    }
    let status = (!f.statuses.is_empty()).then(|| "c.status = ANY($4::text[])".to_owned());
    // One theme: its id as a value, so that each pledge's rows are read by key.
    let theme = (!f.themes.is_empty()).then(|| {
        "c.theme_id = (SELECT t0.id FROM themes t0 WHERE t0.code = ($3::text[])[1])".to_owned()
    });
    let one_year = f.years.len() == 1 && f.municipalities.is_empty() && f.active_on.is_none();
    if one_year {
        let table = match theme.is_some() {
            false => "activity_year_totals",
            true => "activity_year_theme_totals",
        };
        let year = Some("c.year = ($5::int4[])[1]".to_owned());
        let tallied = all([year, theme, status]);
        return Some(format!(
            "SELECT coalesce(sum(c.n), 0)::int8 AS n FROM {table} c WHERE {tallied}"
        ));
    }
    let which = super::activity_filters::pledge_conditions(f);
    let table = match (which.is_some(), theme.is_some()) {
        (true, false) => "activity_tallies",
        (true, true) => "activity_theme_tallies",
        (false, false) => "activity_totals",
        (false, true) => "activity_theme_totals",
    };
    let tallied = all([theme, status]);
    Some(match which {
        // Each pledge's rows by key, also under a plan made before the values are known: a join
        // (or a subquery that PostgreSQL folds into one) let such a plan hash the whole table
        // against a few pledges.
        Some(which) => format!(
            "SELECT coalesce(sum(c.n), 0)::int8 AS n FROM pledges p0
             CROSS JOIN LATERAL (SELECT sum(c.n) AS n FROM {table} c
                                 WHERE c.pledge_id = p0.id AND {tallied}) c
             WHERE {which}"
        ),
        None => format!("SELECT coalesce(sum(c.n), 0)::int8 AS n FROM {table} c WHERE {tallied}"),
    })
}

/// Statuses on a past day and no other filter: the periods that held that day, one per activity
/// that had an event by then; the others are `unknown` that day, so when `unknown` is asked for
/// they count too (all activities, from the tallies, less those with a period that held).
fn on_a_day(f: &Filter) -> Option<String> {
    let alone = f.q.is_none()
        && f.themes.is_empty()
        && f.municipalities.is_empty()
        && f.years.is_empty()
        && f.active_on.is_none();
    if f.as_of.is_none() || f.statuses.is_empty() || !alone {
        return None;
    }
    let held = sql::held_on("sp", AS_OF);
    let with_status = format!(
        "(SELECT count(*) FROM activity_status_periods sp
          WHERE sp.status = ANY($4::text[]) AND {held})"
    );
    Some(match f.statuses.contains(&Status::Unknown) {
        false => format!("SELECT {with_status} AS n"),
        true => format!(
            "SELECT {with_status} + (SELECT coalesce(sum(c.n), 0)::int8 FROM activity_totals c)
                    - (SELECT count(*) FROM activity_status_periods sp WHERE {held}) AS n"
        ),
    })
}
