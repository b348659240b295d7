//! The one place where a list filter becomes SQL, for every door: REST lists and GraphQL
//! connections (and GraphQL's loaders, which call each function once per batch of keys: records by
//! public ids, a page of children for many parents at once, totals by parent) read the same
//! conditions, so the two answer the same records and totals for the same filter.
//!
//! Every list statement takes the same parameters, in this order: `$1` parent ids (text[]),
//! `$2` municipalities, `$3` themes, `$4` statuses (text[]), `$5` years (int4[]), `$6` active_on
//! (date), `$7` q (tsquery text, see [`super::search::text_query`]), `$8`/`$9` the cursor's sort key
//! and id (text), `$10` the row limit (int8), `$11` as_of (date: the day activity statuses are given
//! for). A statement holds only the predicates of the filters that were given, so PostgreSQL plans
//! for the filter asked for, not for the worst case; the other parameters are bound and unused.

pub mod records;

use std::marker::PhantomData;

use chrono::NaiveDate;
use diesel::pg::{Pg, PgConnection};
use diesel::prelude::*;
use diesel::query_builder::{BoxedSqlQuery, SqlQuery};
use diesel::sql_types::{Array, BigInt, Date, Int4, Nullable, Text};

use super::activities::{self, ActivityRow};
use super::focus_areas::{self, FocusAreaRow};
use super::municipalities::{self, MunicipalityRow};
use super::pledges::{self, PledgeRow};
use super::sources::{self, SourceRow};
use super::sql;
use crate::domain::Filter;
pub use records::{
    AgreementRow, EventParticipantRow, EventPersonRow, EventRow, OrganizationRow, PartyRow,
    PersonRoleRow, PersonRow, SignatoryRow, StatusEventRow, ThemeRow,
};

/// Where one kind of record is read from, and how it is filtered and ordered.
pub struct Table<R> {
    /// FROM clause; its aliases are those of `select`, which conditions and parents refer to.
    from: &'static str,
    /// The primary key and the public id (text).
    key: &'static str,
    public_id: &'static str,
    /// Matches the public ids bound at `$1`.
    by_ids: &'static str,
    /// The conditions of the filters given that this kind honours, over `$2`…`$7` and `$11`.
    conditions: fn(&Filter) -> String,
    /// The full row, with `{sort_key} AS sort_key`.
    select: fn(&str) -> String,
    /// Text sort key of a top-level list, and its name in cursors.
    pub sort: &'static str,
    pub sort_name: &'static str,
    row: PhantomData<fn() -> R>,
}

/// Children of a kind of parent: the table, how to reach the parent, and the order within a parent.
pub struct Relation<R: 'static> {
    pub table: &'static Table<R>,
    /// Joins added to the table's FROM to reach the parent.
    joins: &'static str,
    /// The parent's public id.
    parent: &'static str,
    pub sort: &'static str,
    pub sort_name: &'static str,
}

/// A row with the public id of the parent it was loaded for.
#[derive(Debug, Clone, QueryableByName)]
pub struct Keyed<R> {
    #[diesel(sql_type = Text)]
    pub parent_key: String,
    #[diesel(embed)]
    pub row: R,
}

#[derive(Debug, QueryableByName)]
struct ParentCount {
    #[diesel(sql_type = Text)]
    parent_key: String,
    #[diesel(sql_type = BigInt)]
    n: i64,
}

/// Where a page starts: after the record with this sort key and public id.
pub type After = Option<(String, String)>;

const POSITION: &str = "position";
/// The parameter that binds `as_of`.
const AS_OF: usize = 11;
const ID: &str = "id";

fn no_conditions(_: &Filter) -> String {
    "TRUE".to_owned()
}

/// The conditions present, joined with AND.
fn all(parts: impl IntoIterator<Item = Option<String>>) -> String {
    let parts: Vec<String> = parts.into_iter().flatten().collect();
    if parts.is_empty() {
        "TRUE".to_owned()
    } else {
        parts.join(" AND ")
    }
}

fn municipality(f: &Filter) -> Option<String> {
    (!f.municipalities.is_empty()).then(|| sql::in_municipalities("o", "m", 2))
}

/// Records with a focus area (`focus_area_ids`: a subquery or a column) tagged with a theme at `$3`.
fn themed(f: &Filter, focus_area_ids: &str) -> Option<String> {
    (!f.themes.is_empty()).then(|| {
        format!(
            "EXISTS (SELECT 1 FROM focus_area_themes ft0 JOIN themes t0 ON t0.id = ft0.theme_id
              WHERE ft0.focus_area_id IN ({focus_area_ids}) AND t0.code = ANY($3::text[]))"
        )
    })
}

/// The period filters (`year`, `active_on`) over the periods of these aliases (any may match).
fn period(f: &Filter, aliases: &[&str]) -> [Option<String>; 2] {
    let any = |cond: fn(&str, usize) -> String, n| {
        let arms: Vec<String> = aliases.iter().map(|a| cond(a, n)).collect();
        format!("({})", arms.join(" OR "))
    };
    [
        (!f.years.is_empty()).then(|| any(sql::touches_years, 5)),
        f.active_on.map(|_| any(sql::active_on, 6)),
    ]
}

fn search(f: &Filter, alias: &str) -> Option<String> {
    f.q.as_ref().map(|_| sql::matches_text(alias, 7))
}

pub static MUNICIPALITIES: Table<MunicipalityRow> = Table {
    from: "municipalities m JOIN organizations o ON o.id = m.organization_id",
    key: "o.id",
    public_id: "o.public_id",
    by_ids: "(o.public_id = ANY($1) OR m.code = ANY($1))",
    conditions: |f| all([municipality(f)]),
    select: |_| municipalities::select("id"),
    sort: "o.public_id",
    sort_name: ID,
    row: PhantomData,
};

pub static AGREEMENTS: Table<AgreementRow> = Table {
    from: "agreements a JOIN municipalities m ON m.organization_id = a.municipality_id
           JOIN organizations o ON o.id = m.organization_id",
    key: "a.id",
    public_id: "a.public_id",
    by_ids: "a.public_id = ANY($1)",
    conditions: |f| {
        let [years, active] = period(f, &["a"]);
        all([
            municipality(f),
            themed(
                f,
                "SELECT f1.id FROM focus_areas f1 WHERE f1.agreement_id = a.id",
            ),
            years,
            active,
            search(f, "a"),
        ])
    },
    select: records::agreements,
    sort: "a.public_id",
    sort_name: ID,
    row: PhantomData,
};

pub static PLEDGES: Table<PledgeRow> = Table {
    from: "pledges p JOIN municipalities m ON m.organization_id = p.municipality_id
           JOIN organizations o ON o.id = m.organization_id
           LEFT JOIN agreements a ON a.id = p.agreement_id",
    key: "p.id",
    public_id: "p.public_id",
    by_ids: "p.public_id = ANY($1)",
    conditions: |f| {
        let [years, active] = period(f, &["p"]);
        all([
            municipality(f),
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
    select: |_| pledges::select("id", AS_OF),
    sort: "p.public_id",
    sort_name: ID,
    row: PhantomData,
};

pub static FOCUS_AREAS: Table<FocusAreaRow> = Table {
    from: "focus_areas f LEFT JOIN pledges p ON p.id = f.pledge_id
           LEFT JOIN agreements a ON a.id = f.agreement_id
           JOIN municipalities m ON m.organization_id = coalesce(p.municipality_id, a.municipality_id)
           JOIN organizations o ON o.id = m.organization_id",
    key: "f.id",
    public_id: "f.public_id",
    by_ids: "f.public_id = ANY($1)",
    // `year` and `active_on` apply to the parent's period; the other parent's is null.
    conditions: |f| {
        let [years, active] = period(f, &["p", "a"]);
        all([
            municipality(f),
            themed(f, "f.id"),
            years,
            active,
            search(f, "f"),
        ])
    },
    select: focus_areas::select,
    sort: "f.public_id",
    sort_name: ID,
    row: PhantomData,
};

pub static ACTIVITIES: Table<ActivityRow> = Table {
    from: "activities x JOIN pledges p ON p.id = x.pledge_id
           LEFT JOIN focus_areas f ON f.id = x.focus_area_id
           JOIN municipalities m ON m.organization_id = p.municipality_id
           JOIN organizations o ON o.id = m.organization_id",
    key: "x.id",
    public_id: "x.public_id",
    by_ids: "x.public_id = ANY($1)",
    // `theme` applies to the activity's focus area, `status` to its status on `as_of` (the latest
    // without it), `year` and `active_on` to its pledge's period.
    conditions: |f| {
        let [years, active] = period(f, &["p"]);
        all([
            municipality(f),
            themed(f, "x.focus_area_id"),
            // Today's status is a column (indexed); a past day's is read from the events.
            (!f.statuses.is_empty()).then(|| {
                let status = match f.as_of {
                    None => sql::status_of("x", None),
                    Some(_) => sql::status_of("x", Some(AS_OF)),
                };
                format!("{status} = ANY($4::text[])")
            }),
            years,
            active,
            search(f, "x"),
        ])
    },
    select: |sort| activities::select(sort, AS_OF),
    sort: "x.public_id",
    sort_name: ID,
    row: PhantomData,
};

pub static THEMES: Table<ThemeRow> = Table {
    from: "themes t",
    key: "t.id",
    public_id: "t.code",
    by_ids: "t.code = ANY($1)",
    conditions: no_conditions,
    select: records::themes,
    sort: "lpad(t.position::text, 10, '0')",
    sort_name: POSITION,
    row: PhantomData,
};

pub static SOURCES: Table<SourceRow> = Table {
    from: "sources s",
    key: "s.id",
    public_id: "s.public_id",
    by_ids: "s.public_id = ANY($1)",
    conditions: no_conditions,
    select: sources::select,
    sort: "s.public_id",
    sort_name: ID,
    row: PhantomData,
};

pub static ORGANIZATIONS: Table<OrganizationRow> = Table {
    from: "organizations g LEFT JOIN organizations gp ON gp.id = g.parent_id",
    key: "g.id",
    public_id: "g.public_id",
    by_ids: "g.public_id = ANY($1)",
    conditions: no_conditions,
    select: records::organizations,
    sort: "g.public_id",
    sort_name: ID,
    row: PhantomData,
};

pub static PEOPLE: Table<PersonRow> = Table {
    from: "people h",
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
    select: records::people,
    sort: "h.public_id",
    sort_name: ID,
    row: PhantomData,
};

pub static EVENTS: Table<EventRow> = Table {
    from: "events ev",
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
    select: records::events,
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

/// Binds the parameters every list statement takes (see the module comment); `tsquery` is the
/// filter's `q` as tsquery text.
fn bind_all(
    sql: String,
    parents: Option<&[String]>,
    f: &Filter,
    tsquery: Option<String>,
    after: &After,
    limit: i64,
) -> BoxedSqlQuery<'static, Pg, SqlQuery> {
    let (key, id) = after.clone().unzip();
    diesel::sql_query(sql)
        .into_boxed()
        .bind::<Nullable<Array<Text>>, _>(parents.map(<[String]>::to_vec))
        .bind::<Nullable<Array<Text>>, _>(f.municipalities_or_none())
        .bind::<Nullable<Array<Text>>, _>(f.themes_or_none())
        .bind::<Nullable<Array<Text>>, _>(f.statuses_or_none())
        .bind::<Nullable<Array<Int4>>, _>(f.years_or_none())
        .bind::<Nullable<Date>, _>(f.active_on)
        .bind::<Nullable<Text>, _>(tsquery)
        .bind::<Nullable<Text>, _>(key)
        .bind::<Nullable<Text>, _>(id)
        .bind::<BigInt, _>(limit)
        .bind::<Nullable<Date>, _>(f.as_of)
}

fn after_condition(sort: &str, public_id: &str) -> String {
    format!("($8::text IS NULL OR ({sort}, {public_id}) > ($8::text, $9::text))")
}

/// A page of a REST list and how many match in all: `select` (over the table's aliases, with
/// `sort` as its `sort_key`) gives the rows, the table gives the conditions and the count.
#[allow(clippy::too_many_arguments)]
pub fn list<T, R>(
    conn: &mut PgConnection,
    t: &Table<T>,
    select: String,
    sort: &str,
    descending: bool,
    f: &Filter,
    after: Option<(&str, &str)>,
    limit: u32,
) -> QueryResult<(Vec<R>, i64)>
where
    R: QueryableByName<Pg> + 'static,
{
    let tsquery = super::search::text_query(conn, f)?;
    let sql = format!(
        "{select} WHERE {conditions} AND {after} {order} LIMIT $10",
        conditions = (t.conditions)(f),
        after = sql::after(sort, t.public_id, descending, 8),
        order = sql::order(sort, t.public_id, descending),
    );
    let after = after.map(|(k, i)| (k.to_owned(), i.to_owned()));
    let rows = bind_all(sql, None, f, tsquery.clone(), &after, i64::from(limit)).load(conn)?;
    let total = bind_all(count_sql(t, f), None, f, tsquery, &None, 0)
        .get_result::<super::Count>(conn)?
        .n;
    Ok((rows, total))
}

fn count_sql<R>(t: &Table<R>, f: &Filter) -> String {
    format!(
        "SELECT count(*) AS n FROM {} WHERE {}",
        t.from,
        (t.conditions)(f)
    )
}

/// These records, by public id (a municipality also by kommunkod), in no particular order;
/// activity statuses as they stood on `as_of` (the latest without it).
pub fn by_ids<R>(
    conn: &mut PgConnection,
    t: &Table<R>,
    ids: &[String],
    as_of: Option<NaiveDate>,
) -> QueryResult<Vec<R>>
where
    R: QueryableByName<Pg> + 'static,
{
    let sql = format!("{} WHERE {}", (t.select)(t.public_id), t.by_ids);
    let f = Filter {
        as_of,
        ..Filter::default()
    };
    bind_all(sql, Some(ids), &f, None, &None, 0).load(conn)
}

/// Up to `limit` records matching the filter, after the cursor, in the table's order.
pub fn page<R>(
    conn: &mut PgConnection,
    t: &Table<R>,
    f: &Filter,
    after: &After,
    limit: i64,
) -> QueryResult<Vec<R>>
where
    R: QueryableByName<Pg> + 'static,
{
    let sql = format!(
        "{select} WHERE {conditions} AND {after} ORDER BY {sort}, {id} LIMIT $10",
        select = (t.select)(t.sort),
        conditions = (t.conditions)(f),
        after = after_condition(t.sort, t.public_id),
        sort = t.sort,
        id = t.public_id,
    );
    let tsquery = super::search::text_query(conn, f)?;
    bind_all(sql, None, f, tsquery, after, limit).load(conn)
}

/// How many records match the filter.
pub fn count<R>(conn: &mut PgConnection, t: &Table<R>, f: &Filter) -> QueryResult<i64> {
    let tsquery = super::search::text_query(conn, f)?;
    Ok(bind_all(count_sql(t, f), None, f, tsquery, &None, 0)
        .get_result::<super::Count>(conn)?
        .n)
}

/// For each parent, up to `limit` of its children matching the filter, after the cursor, in the
/// relation's order: one statement for all parents, numbering each parent's children with a window.
pub fn children<R>(
    conn: &mut PgConnection,
    rel: &Relation<R>,
    parents: &[String],
    f: &Filter,
    after: &After,
    limit: i64,
) -> QueryResult<Vec<Keyed<R>>>
where
    R: QueryableByName<Pg> + 'static,
{
    let t = rel.table;
    let select = (t.select)(rel.sort);
    let Some(columns) = select.strip_prefix("SELECT ") else {
        return Err(diesel::result::Error::QueryBuilderError(
            "a select builder must start with SELECT".into(),
        ));
    };
    let sql = format!(
        "WITH k AS (
             SELECT {key} AS row_id, {parent} AS parent_key, {sort} AS sk, {id} AS pid
             FROM {from} {joins}
             WHERE {parent} = ANY($1) AND {conditions}
         ), w AS (
             SELECT row_id, parent_key, row_number() OVER (PARTITION BY parent_key ORDER BY sk, pid) AS rn
             FROM k WHERE {after}
         )
         SELECT w.parent_key, {columns}
         JOIN w ON w.row_id = {key}
         WHERE w.rn <= $10
         ORDER BY w.parent_key, w.rn",
        key = t.key,
        parent = rel.parent,
        sort = rel.sort,
        id = t.public_id,
        from = t.from,
        joins = rel.joins,
        conditions = (t.conditions)(f),
        after = after_condition("sk", "pid"),
    );
    let tsquery = super::search::text_query(conn, f)?;
    bind_all(sql, Some(parents), f, tsquery, after, limit).load(conn)
}

/// How many children match the filter, for each parent that has any.
pub fn count_children<R>(
    conn: &mut PgConnection,
    rel: &Relation<R>,
    parents: &[String],
    f: &Filter,
) -> QueryResult<Vec<(String, i64)>> {
    let t = rel.table;
    let sql = format!(
        "SELECT {parent} AS parent_key, count(*) AS n FROM {from} {joins}
         WHERE {parent} = ANY($1) AND {conditions} GROUP BY 1",
        parent = rel.parent,
        from = t.from,
        joins = rel.joins,
        conditions = (t.conditions)(f),
    );
    let tsquery = super::search::text_query(conn, f)?;
    Ok(bind_all(sql, Some(parents), f, tsquery, &None, 0)
        .load::<ParentCount>(conn)?
        .into_iter()
        .map(|c| (c.parent_key, c.n))
        .collect())
}
