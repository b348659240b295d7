//! Each kind of record as a list: its FROM, its public id, the filters it honours and how each
//! becomes SQL, its order; and the relations from parents to children. The one place per kind.

use std::marker::PhantomData;

use super::records::{AgreementRow, EventRow, OrganizationRow, PersonRow, ThemeRow};
use super::{records, Relation, Table};
use crate::domain::Filter;
use crate::queries::activities::{self, ActivityRow};
use crate::queries::focus_areas::{self, FocusAreaRow};
use crate::queries::municipalities::{self, MunicipalityRow};
use crate::queries::pledges::{self, PledgeRow};
use crate::queries::sources::{self, SourceRow};
use crate::queries::sql;

const POSITION: &str = "position";
/// The parameter that binds `as_of`.
pub(super) const AS_OF: usize = 11;
const ID: &str = "id";

fn untallied(_: &Filter) -> Option<String> {
    None
}

fn no_parent_pages(_: &Filter, _: bool) -> Option<String> {
    None
}

fn no_conditions(_: &Filter) -> String {
    "TRUE".to_owned()
}

/// The conditions present, joined with AND.
pub(super) fn all(parts: impl IntoIterator<Item = Option<String>>) -> String {
    let parts: Vec<String> = parts.into_iter().flatten().collect();
    if parts.is_empty() {
        "TRUE".to_owned()
    } else {
        parts.join(" AND ")
    }
}

/// Records whose municipality (the organization id in `column`) is one of those at `$2`; by
/// column, not through the joined names, so that counts need no join to reach it. As an array the
/// ids are few to every plan, also one made before the names are known (`IN` a subquery let such a
/// plan hash every pledge against them).
pub(super) fn municipality(f: &Filter, column: &str) -> Option<String> {
    (!f.municipalities.is_empty())
        .then(|| format!("{column} = ANY(ARRAY{})", sql::municipality_ids(2)))
}

/// The ids of the themes whose codes are bound at `$3`: resolved once, so that testing a record
/// is one probe of a focus area's tags (a join to `themes` there read three times as much).
pub(super) const THEME_IDS: &str =
    "ARRAY(SELECT t0.id FROM themes t0 WHERE t0.code = ANY($3::text[]))";

/// Records with a focus area (`focus_area_ids`: a subquery or a column) tagged with a theme at `$3`.
fn themed(f: &Filter, focus_area_ids: &str) -> Option<String> {
    (!f.themes.is_empty()).then(|| {
        format!(
            "EXISTS (SELECT 1 FROM focus_area_themes ft0
              WHERE ft0.focus_area_id IN ({focus_area_ids}) AND ft0.theme_id = ANY({THEME_IDS}))"
        )
    })
}

/// Whether some year between the first and the last of these is not among them.
fn year_gaps(years: &[i32]) -> bool {
    let mut distinct = years.to_vec();
    distinct.sort_unstable();
    distinct.dedup();
    distinct.windows(2).any(|w| w[1] - w[0] > 1)
}

/// The period filters (`year`, `active_on`) over the periods of these aliases (any may match).
pub(super) fn period(f: &Filter, aliases: &[&str]) -> [Option<String>; 2] {
    let any = |cond: fn(&str, usize) -> String, n| {
        let arms: Vec<String> = aliases.iter().map(|a| cond(a, n)).collect();
        format!("({})", arms.join(" OR "))
    };
    [
        (!f.years.is_empty()).then(|| {
            let gaps = year_gaps(&f.years);
            let arms: Vec<String> = aliases
                .iter()
                .map(|a| sql::touches_years(a, 5, (12, 13), gaps))
                .collect();
            format!("({})", arms.join(" OR "))
        }),
        f.active_on.map(|_| any(sql::active_on, 6)),
    ]
}

fn search(f: &Filter, alias: &str) -> Option<String> {
    f.q.as_ref().map(|_| sql::matches_text(alias, 7))
}

pub static MUNICIPALITIES: Table<MunicipalityRow> = Table {
    from: "municipalities m JOIN organizations o ON o.id = m.organization_id",
    count_from: |_| "municipalities m JOIN organizations o ON o.id = m.organization_id",
    tallied: untallied,
    key: "o.id",
    public_id: "o.public_id",
    by_ids: "(o.public_id = ANY($1) OR m.code = ANY($1))",
    conditions: |f| {
        all([(!f.municipalities.is_empty()).then(|| sql::in_municipalities("o", "m", 2))])
    },
    ids_by_parent: no_parent_pages,
    select: |_, _| municipalities::select("id"),
    sort: "o.public_id",
    sort_name: ID,
    row: PhantomData,
};

pub static AGREEMENTS: Table<AgreementRow> = Table {
    from: "agreements a JOIN municipalities m ON m.organization_id = a.municipality_id
           JOIN organizations o ON o.id = m.organization_id",
    count_from: |_| "agreements a",
    tallied: untallied,
    key: "a.id",
    public_id: "a.public_id",
    by_ids: "a.public_id = ANY($1)",
    conditions: |f| {
        let [years, active] = period(f, &["a"]);
        all([
            municipality(f, "a.municipality_id"),
            themed(
                f,
                "SELECT f1.id FROM focus_areas f1 WHERE f1.agreement_id = a.id",
            ),
            years,
            active,
            search(f, "a"),
        ])
    },
    ids_by_parent: no_parent_pages,
    select: |sort, _| records::agreements(sort),
    sort: "a.public_id",
    sort_name: ID,
    row: PhantomData,
};

pub static PLEDGES: Table<PledgeRow> = Table {
    from: "pledges p JOIN municipalities m ON m.organization_id = p.municipality_id
           JOIN organizations o ON o.id = m.organization_id
           LEFT JOIN agreements a ON a.id = p.agreement_id",
    count_from: |_| "pledges p",
    tallied: untallied,
    key: "p.id",
    public_id: "p.public_id",
    by_ids: "p.public_id = ANY($1)",
    conditions: |f| {
        let [years, active] = period(f, &["p"]);
        all([
            municipality(f, "p.municipality_id"),
            themed(
                f,
                "SELECT f1.id FROM focus_areas f1 WHERE f1.pledge_id = p.id",
            ),
            years,
            active,
            search(f, "p"),
        ])
    },
    // `id` sorts by `p.public_id`, the order of every pledge list here.
    ids_by_parent: no_parent_pages,
    select: |_, as_of| pledges::select("id", as_of),
    sort: "p.public_id",
    sort_name: ID,
    row: PhantomData,
};

pub static FOCUS_AREAS: Table<FocusAreaRow> = Table {
    from: "focus_areas f LEFT JOIN pledges p ON p.id = f.pledge_id
           LEFT JOIN agreements a ON a.id = f.agreement_id
           JOIN municipalities m ON m.organization_id = coalesce(p.municipality_id, a.municipality_id)
           JOIN organizations o ON o.id = m.organization_id",
    count_from: |_| "focus_areas f LEFT JOIN pledges p ON p.id = f.pledge_id LEFT JOIN agreements a ON a.id = f.agreement_id",
    tallied: untallied,
    key: "f.id",
    public_id: "f.public_id",
    by_ids: "f.public_id = ANY($1)",
    // `year` and `active_on` apply to the parent's period; the other parent's is null.
    conditions: |f| {
        let [years, active] = period(f, &["p", "a"]);
        all([
            municipality(f, "coalesce(p.municipality_id, a.municipality_id)"),
            themed(f, "f.id"),
            years,
            active,
            search(f, "f"),
        ])
    },
    ids_by_parent: no_parent_pages,
    select: |sort, _| focus_areas::select(sort),
    sort: "f.public_id",
    sort_name: ID,
    row: PhantomData,
};

pub static ACTIVITIES: Table<ActivityRow> = Table {
    from: "activities x JOIN pledges p ON p.id = x.pledge_id
           LEFT JOIN focus_areas f ON f.id = x.focus_area_id
           JOIN municipalities m ON m.organization_id = p.municipality_id
           JOIN organizations o ON o.id = m.organization_id",
    // Every condition reaches its table by key: a count reads activities alone (by status: its
    // index only).
    count_from: |_| "activities x",
    tallied: super::tallies::activities,
    key: "x.id",
    public_id: "x.public_id",
    by_ids: "x.public_id = ANY($1)",
    // See `activity_filters`.
    conditions: super::activity_filters::conditions,
    ids_by_parent: super::activity_filters::ids_by_pledge,
    select: activities::select,
    sort: "x.public_id",
    sort_name: ID,
    row: PhantomData,
};

pub static THEMES: Table<ThemeRow> = Table {
    from: "themes t",
    count_from: |_| "themes t",
    tallied: untallied,
    key: "t.id",
    public_id: "t.code",
    by_ids: "t.code = ANY($1)",
    conditions: no_conditions,
    ids_by_parent: no_parent_pages,
    select: |sort, _| records::themes(sort),
    sort: "lpad(t.position::text, 10, '0')",
    sort_name: POSITION,
    row: PhantomData,
};

pub static SOURCES: Table<SourceRow> = Table {
    from: "sources s",
    count_from: |_| "sources s",
    tallied: untallied,
    key: "s.id",
    public_id: "s.public_id",
    by_ids: "s.public_id = ANY($1)",
    conditions: no_conditions,
    ids_by_parent: no_parent_pages,
    select: |sort, _| sources::select(sort),
    sort: "s.public_id",
    sort_name: ID,
    row: PhantomData,
};

pub static ORGANIZATIONS: Table<OrganizationRow> = Table {
    from: "organizations g LEFT JOIN organizations gp ON gp.id = g.parent_id",
    count_from: |_| "organizations g LEFT JOIN organizations gp ON gp.id = g.parent_id",
    tallied: untallied,
    key: "g.id",
    public_id: "g.public_id",
    by_ids: "g.public_id = ANY($1)",
    conditions: no_conditions,
    ids_by_parent: no_parent_pages,
    select: |sort, _| records::organizations(sort),
    sort: "g.public_id",
    sort_name: ID,
    row: PhantomData,
};

pub static PEOPLE: Table<PersonRow> = Table {
    from: "people h",
    count_from: |_| "people h",
    tallied: untallied,
    key: "h.id",
    public_id: "h.public_id",
    by_ids: "h.public_id = ANY($1)",
    conditions: |_| {
        "($2::text[] IS NULL OR EXISTS (SELECT 1 FROM person_roles r0
              JOIN organizations ro ON ro.id = r0.organization_id
              LEFT JOIN municipalities rm ON rm.organization_id = ro.id
              WHERE r0.person_id = h.id AND (ro.public_id = ANY($2::text[]) OR rm.code = ANY($2::text[]))))"
            .to_owned()
    },
    ids_by_parent: no_parent_pages,
    select: |sort, _| records::people(sort),
    sort: "h.public_id",
    sort_name: ID,
    row: PhantomData,
};

pub static EVENTS: Table<EventRow> = Table {
    from: "events ev",
    count_from: |_| "events ev",
    tallied: untallied,
    key: "ev.id",
    public_id: "ev.public_id",
    by_ids: "ev.public_id = ANY($1)",
    conditions: |_| {
        "($2::text[] IS NULL OR EXISTS (SELECT 1 FROM event_participants ep0
              JOIN organizations eo ON eo.id = ep0.organization_id
              LEFT JOIN municipalities em ON em.organization_id = eo.id
              WHERE ep0.event_id = ev.id AND (eo.public_id = ANY($2::text[]) OR em.code = ANY($2::text[]))))
         AND ($5::int4[] IS NULL OR extract(year FROM ev.held_on)::int4 = ANY($5::int4[]))"
            .to_owned()
    },
    ids_by_parent: no_parent_pages,
    select: |sort, _| records::events(sort),
    sort: "ev.public_id",
    sort_name: ID,
    row: PhantomData,
};

const BY_POSITION_F: &str = "lpad(f.position::text, 10, '0')";
const BY_POSITION_X: &str = "lpad(x.position::text, 10, '0')";

pub static AGREEMENTS_OF_MUNICIPALITY: Relation<AgreementRow> = Relation {
    table: &AGREEMENTS,
    joins: "",
    parent: "o.public_id",
    sort: "a.public_id",
    sort_name: ID,
};

pub static PLEDGES_OF_MUNICIPALITY: Relation<PledgeRow> = Relation {
    table: &PLEDGES,
    joins: "",
    parent: "o.public_id",
    sort: "p.public_id",
    sort_name: ID,
};

pub static PLEDGES_OF_AGREEMENT: Relation<PledgeRow> = Relation {
    table: &PLEDGES,
    joins: "",
    parent: "a.public_id",
    sort: "p.public_id",
    sort_name: ID,
};

pub static FOCUS_AREAS_OF_PLEDGE: Relation<FocusAreaRow> = Relation {
    table: &FOCUS_AREAS,
    joins: "",
    parent: "p.public_id",
    sort: BY_POSITION_F,
    sort_name: POSITION,
};

pub static FOCUS_AREAS_OF_AGREEMENT: Relation<FocusAreaRow> = Relation {
    table: &FOCUS_AREAS,
    joins: "",
    parent: "a.public_id",
    sort: BY_POSITION_F,
    sort_name: POSITION,
};

pub static FOCUS_AREAS_OF_THEME: Relation<FocusAreaRow> = Relation {
    table: &FOCUS_AREAS,
    joins: "JOIN focus_area_themes fth ON fth.focus_area_id = f.id JOIN themes th ON th.id = fth.theme_id",
    parent: "th.code",
    sort: "f.public_id",
    sort_name: ID,
};

pub static ACTIVITIES_OF_PLEDGE: Relation<ActivityRow> = Relation {
    table: &ACTIVITIES,
    joins: "",
    parent: "p.public_id",
    sort: BY_POSITION_X,
    sort_name: POSITION,
};

pub static ACTIVITIES_OF_FOCUS_AREA: Relation<ActivityRow> = Relation {
    table: &ACTIVITIES,
    joins: "",
    parent: "f.public_id",
    sort: BY_POSITION_X,
    sort_name: POSITION,
};
