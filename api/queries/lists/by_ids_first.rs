//! A filtered page read ids first: the ids from a statement small enough to plan for the values
//! bound each time, then the rows by key under one generic plan.

use chrono::NaiveDate;
use diesel::pg::{Pg, PgConnection};
use diesel::prelude::*;
use diesel::sql_types::{Array, BigInt, Nullable, Text};

use super::{bind_all, sql, Table};
use crate::domain::Filter;

/// The ids of a page, in order, and how many match in all (when asked).
#[derive(QueryableByName)]
pub(super) struct PageIds {
    #[diesel(sql_type = Array<Text>)]
    pub(super) ids: Vec<String>,
    #[diesel(sql_type = Nullable<BigInt>)]
    pub(super) n: Option<i64>,
}

/// The public ids of a page, in its order, from the tables its conditions and order read (those
/// of the count) when they suffice: a small statement, cheap to plan for the values bound, whose
/// joins cannot hide a selective filter from the planner. Otherwise the select as a subquery.
pub(super) fn ids_sql<T>(
    t: &Table<T>,
    f: &Filter,
    select: &str,
    sort: &str,
    after: &str,
    order: &str,
) -> String {
    let conditions = (t.conditions)(f);
    let from = (t.count_from)(f);
    let known = sql::from_aliases(from);
    let lean = sql::aliases(sort)
        .chain(sql::aliases(t.public_id))
        .all(|a| known.contains(&a));
    if lean {
        format!(
            "SELECT {} AS id FROM {from} WHERE {conditions} AND {after} {order} LIMIT $10",
            t.public_id
        )
    } else {
        format!("SELECT r.id FROM ({select} WHERE {conditions} AND {after} {order} LIMIT $10) r")
    }
}

/// The rows of these public ids, in their order, by key (one generic plan for every page).
pub(super) fn in_order<R>(
    conn: &mut PgConnection,
    select: &str,
    public_id: &str,
    ids: Vec<String>,
    as_of: Option<NaiveDate>,
) -> QueryResult<Vec<R>>
where
    R: QueryableByName<Pg> + 'static,
{
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let sql = format!(
        "{select} JOIN unnest($1::text[]) WITH ORDINALITY AS page(id, i) ON page.id = {public_id}
         ORDER BY page.i"
    );
    let f = Filter {
        as_of,
        ..Filter::default()
    };
    bind_all(sql, Some(&ids), &f, None, &None, 0).load(conn)
}
