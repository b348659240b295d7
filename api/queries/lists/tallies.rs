//! Totals of activity lists from the tallies the database keeps (migration `activity_tallies`):
//! activities per pledge and status, per pledge, theme and status, and the same over all pledges.
//! A total then sums a few rows instead of counting every matching activity, and its cost follows
//! the pledges the filter picks, not the size of the table.

use super::tables::{all, municipality, period};
use crate::domain::Filter;

/// The count statement for an activity filter the tallies answer exactly; `None` for the others:
/// a text search, statuses on a past day (tallies hold today's), or more than one theme (an
/// activity whose focus area has two of them would count twice).
pub(super) fn activities(f: &Filter) -> Option<String> {
    if f.q.is_some() || f.themes.len() > 1 || (f.as_of.is_some() && !f.statuses.is_empty()) {
        return None;
    }
    let [years, active] = period(f, &["p0"]);
    let municipality = municipality(f, "p0.municipality_id");
    let by_pledge = municipality.is_some() || years.is_some() || active.is_some();
    let pledges = by_pledge.then(|| {
        let which = all([municipality, years, active]);
        format!("c.pledge_id IN (SELECT p0.id FROM pledges p0 WHERE {which})")
    });
    let theme = (!f.themes.is_empty()).then(|| {
        // One theme: its id as a value, so that each pledge's rows are read by key.
        "c.theme_id = (SELECT t0.id FROM themes t0 WHERE t0.code = ($3::text[])[1])".to_owned()
    });
    let table = match (by_pledge, theme.is_some()) {
        (true, false) => "activity_tallies",
        (true, true) => "activity_theme_tallies",
        (false, false) => "activity_totals",
        (false, true) => "activity_theme_totals",
    };
    let status = (!f.statuses.is_empty()).then(|| "c.status = ANY($4::text[])".to_owned());
    Some(format!(
        "SELECT coalesce(sum(c.n), 0)::int8 AS n FROM {table} c WHERE {}",
        all([pledges, theme, status])
    ))
}
