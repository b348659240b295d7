//! How an activity filter becomes SQL. `year`, `active_on` and `municipality` apply to the
//! activity's pledge, `theme`, `status` and `q` to the activity itself.
//!
//! A page in id order under a pledge filter is read pledge by pledge: the pledges the filter picks
//! (a year's or a municipality's: a few hundred however many years the data holds) in the order
//! of `public_id || '/'`, and each one's activities in id order until the page is full. An
//! activity's id is its pledge's id, `/`, and more, and pledge ids hold no `/`, so that order is the
//! activities' id order (bytewise; under another collation it is the order of pledge, then id, for
//! every page of such a list alike). Walking the activities' id index instead tested every
//! activity before the first match, and a year's share of the table shrinks as years are added.

use super::tables::{all, municipality, period, AS_OF, THEME_IDS};
use crate::domain::status::Status;
use crate::domain::Filter;
use crate::queries::sql;

/// The conditions on the pledge `p0`, or `None` when the filter has none.
pub(super) fn pledge_conditions(f: &Filter) -> Option<String> {
    let [years, active] = period(f, &["p0"]);
    let municipality = municipality(f, "p0.municipality_id");
    let any = municipality.is_some() || years.is_some() || active.is_some();
    any.then(|| all([municipality, years, active]))
}

/// The status condition: today's status is a column (indexed); a past day's is read from the
/// periods the events held, as a set over the table, or per activity (`one_by_one`, for the few
/// of a pledge). `unknown` on a past day is also the lack of any event by then, which no set
/// holds: it is read per activity.
fn status(f: &Filter, one_by_one: bool) -> Option<String> {
    (!f.statuses.is_empty()).then(|| {
        let unknown = f.statuses.contains(&Status::Unknown);
        match f.as_of {
            None => format!("{} = ANY($4::text[])", sql::status_of("x", None)),
            Some(_) if one_by_one || unknown => {
                format!("{} = ANY($4::text[])", sql::status_of("x", Some(AS_OF)))
            }
            Some(_) => sql::status_held("x", 4, AS_OF),
        }
    })
}

fn search(f: &Filter) -> Option<String> {
    f.q.as_ref().map(|_| sql::matches_text("x", 7))
}

/// The conditions of a list or a count over `activities x` (pledges reached by key).
pub(super) fn conditions(f: &Filter) -> String {
    let which = pledge_conditions(f);
    let by_municipality = !f.municipalities.is_empty();
    let pledges = which
        .as_ref()
        .map(|w| format!("x.pledge_id IN (SELECT p0.id FROM pledges p0 WHERE {w})"));
    // A theme is tagged on thousands of focus areas at national scale; with a municipality the
    // pledges are few, so only their focus areas are read (22 → 5 ms at 10× the data).
    let themed = (!f.themes.is_empty()).then(|| {
        let of_pledges = match (&which, by_municipality) {
            (Some(w), true) => format!(
                " AND ft0.focus_area_id IN (SELECT f1.id FROM focus_areas f1
                   WHERE f1.pledge_id IN (SELECT p0.id FROM pledges p0 WHERE {w}))"
            ),
            _ => String::new(),
        };
        format!(
            "x.focus_area_id IN (SELECT ft0.focus_area_id FROM focus_area_themes ft0
               WHERE ft0.theme_id = ANY({THEME_IDS}){of_pledges})"
        )
    });
    all([pledges, themed, status(f, false), search(f)])
}

/// The ids of a page in id order, read pledge by pledge (see the module comment), for a filter
/// with a pledge condition; `None` for the others. `after`: the page continues after the id bound
/// at `$9`.
pub(super) fn ids_by_pledge(f: &Filter, after: bool) -> Option<String> {
    let which = pledge_conditions(f)?;
    // Per activity, one probe of the focus area's tags: the theme's own list grows with the data.
    let themed = (!f.themes.is_empty()).then(|| {
        format!(
            "EXISTS (SELECT 1 FROM focus_area_themes ft0 WHERE ft0.focus_area_id = x.focus_area_id
               AND ft0.theme_id = ANY({THEME_IDS}))"
        )
    });
    let key = "p0.public_id || '/'";
    let cursor_key = "split_part($9::text, '/', 1) || '/'";
    let (pledge_after, activity_after) = if after {
        (
            Some(format!("{key} >= {cursor_key}")),
            Some(format!("(p0.k > {cursor_key} OR x.public_id > $9::text)")),
        )
    } else {
        (None, None)
    };
    let pledges = all([Some(which), pledge_after]);
    let activities = all([themed, status(f, true), search(f), activity_after]);
    Some(format!(
        // The fence keeps the pledges in their order, so the page stops at its last pledge.
        "SELECT l.id FROM (SELECT p0.id, {key} AS k FROM pledges p0 WHERE {pledges}
                            ORDER BY 2 OFFSET 0) p0
         CROSS JOIN LATERAL (SELECT x.public_id AS id FROM activities x
                             WHERE x.pledge_id = p0.id AND {activities}
                             ORDER BY x.public_id LIMIT $10) l
         ORDER BY p0.k, l.id LIMIT $10"
    ))
}
