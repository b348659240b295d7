//! The one place where a list filter becomes SQL, for every door: REST lists and GraphQL
//! connections (and GraphQL's loaders, which call each function once per batch of keys: records by
//! public ids, a page of children for many parents at once, totals by parent) read the same
//! conditions, so the two answer the same records and totals for the same filter.
//!
//! Every list statement takes the same parameters, in this order: `$1` parent ids (text[]),
//! `$2` municipalities, `$3` themes, `$4` statuses (text[]), `$5` years (int4[]), `$6` active_on
//! (date), `$7` q (tsquery text, see [`super::search::text_query`]), `$8`/`$9` the cursor's sort key
//! and id (text), `$10` the row limit (int8), `$11` as_of (date: the day activity statuses are given
//! for), `$12`/`$13` the first and last day of the years in `$5` (date: ranges the planner can
//! estimate from its statistics, where it cannot see into the array). A statement holds only the predicates of the filters that were given, so PostgreSQL plans
//! for the filter asked for, not for the worst case; the other parameters are bound and unused.

mod activity_filters;
mod by_ids_first;
pub mod records;
mod tables;
mod tallies;

use std::marker::PhantomData;

use chrono::NaiveDate;
use diesel::pg::{Pg, PgConnection};
use diesel::prelude::*;
use diesel::sql_types::{Array, BigInt, Date, Int4, Nullable, Text};

use super::sql;
use crate::domain::Filter;
pub use records::{
    AgreementRow, EventParticipantRow, EventPersonRow, EventRow, OrganizationRow, PartyRow,
    PersonRoleRow, PersonRow, SignatoryRow, StatusEventRow, ThemeRow,
};
pub use tables::*;

/// Where one kind of record is read from, and how it is filtered and ordered.
pub struct Table<R> {
    /// FROM clause; its aliases are those of `select`, which conditions and parents refer to.
    from: &'static str,
    /// The FROM of counts: the joins that the conditions need, and no more.
    count_from: fn(&Filter) -> &'static str,
    /// A count from kept tallies instead, for the filters they answer exactly (see `tallies`).
    tallied: fn(&Filter) -> Option<String>,
    /// The primary key and the public id (text).
    key: &'static str,
    public_id: &'static str,
    /// Matches the public ids bound at `$1`.
    by_ids: &'static str,
    /// The conditions of the filters given that this kind honours, over `$2`…`$7` and `$11`.
    conditions: fn(&Filter) -> String,
    /// The ids of a page in the table's own order read through its parents, for the filters where
    /// that costs what the page holds and a walk of the order's index does not (see
    /// `activity_filters`); `None` for the others. Its argument: whether a cursor is bound.
    ids_by_parent: fn(&Filter, bool) -> Option<String>,
    /// The full row, with `{sort_key} AS sort_key`; activity statuses on the day bound at the
    /// given parameter, the current ones without it.
    select: fn(&str, Option<usize>) -> String,
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

/// Binds the parameters every list statement takes (see the module comment); `tsquery` is the
/// filter's `q` as tsquery text.
fn bind_all(
    sql: String,
    parents: Option<&[String]>,
    f: &Filter,
    tsquery: Option<String>,
    after: &After,
    limit: i64,
) -> crate::db::statement::Statement<'static> {
    let (key, id) = after.clone().unzip();
    crate::db::statement::statement(sql)
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
        .bind::<Nullable<Date>, _>(
            f.years
                .iter()
                .min()
                .and_then(|y| NaiveDate::from_ymd_opt(*y, 1, 1)),
        )
        .bind::<Nullable<Date>, _>(
            f.years
                .iter()
                .max()
                .and_then(|y| NaiveDate::from_ymd_opt(*y, 12, 31)),
        )
}

/// The keyset condition of a page that starts after a cursor; `TRUE` on a first page, so that the
/// statement of a first page holds no cursor test.
fn after_condition(sort: &str, public_id: &str, descending: bool, after: bool) -> String {
    if after {
        sql::after_cursor(sort, public_id, descending, 8)
    } else {
        "TRUE".to_owned()
    }
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
    let after = after.map(|(k, i)| (k.to_owned(), i.to_owned()));
    let (rows, total) = page_rows(
        conn,
        t,
        f,
        &select,
        sort,
        &after_condition(sort, t.public_id, descending, after.is_some()),
        &sql::order(sort, t.public_id, descending),
        (tsquery, &after, i64::from(limit), descending),
        Some(count_sql(t, f)),
    )?;
    Ok((rows, total.unwrap_or_default()))
}

/// The rows of a page, and the count of `count` (a statement) when given. A filtered page reads its
/// ids first, planned for the values bound (see `ids_sql`), in the same statement as the count,
/// then its rows by key; an unfiltered one walks its order's index in one statement.
#[allow(clippy::too_many_arguments)]
fn page_rows<T, R>(
    conn: &mut PgConnection,
    t: &Table<T>,
    f: &Filter,
    select: &str,
    sort: &str,
    after_cond: &str,
    order: &str,
    (tsquery, after, limit, descending): (Option<String>, &After, i64, bool),
    count: Option<String>,
) -> QueryResult<(Vec<R>, Option<i64>)>
where
    R: QueryableByName<Pg> + 'static,
{
    if !narrowed(f) {
        let conditions = (t.conditions)(f);
        let sql = format!("{select} WHERE {conditions} AND {after_cond} {order} LIMIT $10");
        let rows = bind_all(sql, None, f, tsquery.clone(), after, limit).load(conn)?;
        let n = count
            .map(|c| bind_all(c, None, f, tsquery, &None, 0).get_result::<super::Count>(conn))
            .transpose()?;
        return Ok((rows, n.map(|c| c.n)));
    }
    let by_parent = (sort == t.sort && !descending)
        .then(|| (t.ids_by_parent)(f, after.is_some()))
        .flatten();
    // A page read through its parents has its plan in its SQL: the session's one generic plan
    // serves every value (planning it for each cost more than running it). Not with a text
    // query: a generic plan guesses its matches few and probed the GIN index once per parent
    // (4 ms each), where testing each parent's rows costs microseconds.
    let generic = by_parent.is_some() && f.q.is_none();
    let ids =
        by_parent.unwrap_or_else(|| by_ids_first::ids_sql(t, f, select, sort, after_cond, order));
    let sql = match &count {
        Some(c) => format!("SELECT ARRAY({ids}) AS ids, ({c}) AS n"),
        None => format!("SELECT ARRAY({ids}) AS ids, NULL::int8 AS n"),
    };
    let statement = bind_all(sql, None, f, tsquery, after, limit);
    let page: by_ids_first::PageIds = if generic {
        statement.get_result(conn)?
    } else {
        planned(conn, f, |conn| statement.get_result(conn))?
    };
    let rows = by_ids_first::in_order(conn, select, t.public_id, page.ids, f.as_of)?;
    Ok((rows, page.n))
}

/// Statements of a filtered list are planned for the values bound: how selective a filter is
/// decides between an index and a scan. Unfiltered ones keep the session's one generic plan.
fn planned<T>(
    conn: &mut PgConnection,
    f: &Filter,
    work: impl FnOnce(&mut PgConnection) -> QueryResult<T>,
) -> QueryResult<T> {
    if narrowed(f) {
        crate::db::statement::with_value_plans(conn, f.q.is_some(), work)
    } else {
        work(conn)
    }
}

fn narrowed(f: &Filter) -> bool {
    !(f.municipalities.is_empty()
        && f.themes.is_empty()
        && f.statuses.is_empty()
        && f.years.is_empty()
        && f.active_on.is_none()
        && f.q.is_none())
}

fn count_sql<R>(t: &Table<R>, f: &Filter) -> String {
    if let Some(sql) = (t.tallied)(f) {
        return sql;
    }
    format!(
        "SELECT count(*) AS n FROM {} WHERE {}",
        (t.count_from)(f),
        (t.conditions)(f)
    )
}

/// The select [`by_ids`] reads with (rows keyed by their public id), for a statement that reads
/// the same rows another way.
pub fn select_by_id<R>(t: &Table<R>, as_of: Option<usize>) -> String {
    (t.select)(t.public_id, as_of)
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
    let sql = format!(
        "{} WHERE {}",
        select_by_id(t, as_of.map(|_| AS_OF)),
        t.by_ids
    );
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
    let select = (t.select)(t.sort, f.as_of.map(|_| AS_OF));
    let tsquery = super::search::text_query(conn, f)?;
    page_rows(
        conn,
        t,
        f,
        &select,
        t.sort,
        &after_condition(t.sort, t.public_id, false, after.is_some()),
        &format!("ORDER BY {}, {}", t.sort, t.public_id),
        (tsquery, after, limit, false),
        None,
    )
    .map(|(rows, _)| rows)
}

/// How many records match the filter.
pub fn count<R>(conn: &mut PgConnection, t: &Table<R>, f: &Filter) -> QueryResult<i64> {
    let tsquery = super::search::text_query(conn, f)?;
    planned(conn, f, |conn| {
        Ok(bind_all(count_sql(t, f), None, f, tsquery, &None, 0)
            .get_result::<super::Count>(conn)?
            .n)
    })
}

/// For each parent, up to `limit` of its children matching the filter, after the cursor, in the
/// relation's order: one statement for all parents, each parent's page read by its own index lookup.
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
    let select = (t.select)(rel.sort, f.as_of.map(|_| AS_OF));
    let Some(columns) = select.strip_prefix("SELECT ") else {
        return Err(diesel::result::Error::QueryBuilderError(
            "a select builder must start with SELECT".into(),
        ));
    };
    let sql = format!(
        // Per parent, its own page: a generic plan looks each parent up by index however many
        // parents a batch holds (a window over every parent's children chose scans for large ones).
        "WITH w AS (
             SELECT k.parent_key, l.row_id, l.rn
             FROM unnest($1::text[]) AS k(parent_key)
             CROSS JOIN LATERAL (
                 SELECT {key} AS row_id, row_number() OVER (ORDER BY {sort}, {id}) AS rn
                 FROM {from} {joins}
                 WHERE {parent} = k.parent_key AND {conditions} AND {after}
                 ORDER BY {sort}, {id}
                 LIMIT $10
             ) l
         )
         SELECT w.parent_key, {columns}
         JOIN w ON w.row_id = {key}
         ORDER BY w.parent_key, w.rn",
        key = t.key,
        parent = rel.parent,
        sort = rel.sort,
        id = t.public_id,
        from = t.from,
        joins = rel.joins,
        conditions = (t.conditions)(f),
        after = after_condition(rel.sort, t.public_id, false, after.is_some()),
    );
    let tsquery = super::search::text_query(conn, f)?;
    planned(conn, f, |conn| {
        bind_all(sql, Some(parents), f, tsquery, after, limit).load(conn)
    })
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
    let counts = planned(conn, f, |conn| {
        bind_all(sql, Some(parents), f, tsquery, &None, 0).load::<ParentCount>(conn)
    })?;
    Ok(counts.into_iter().map(|c| (c.parent_key, c.n)).collect())
}
