//! A filtered page read ids first: the ids from a statement small enough to plan for the values
//! bound each time, then the rows by key under one generic plan.

use chrono::NaiveDate;
use diesel::pg::{Pg, PgConnection};
use diesel::prelude::*;
use diesel::sql_types::Text;

use super::{bind_all, sql, Table};
use crate::domain::Filter;

#[derive(QueryableByName)]
pub(super) struct PageId {
    #[diesel(sql_type = Text)]
    id: String,
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
    ids: Vec<PageId>,
    as_of: Option<NaiveDate>,
) -> QueryResult<Vec<R>>
where
    R: QueryableByName<Pg> + 'static,
{
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let ids: Vec<String> = ids.into_iter().map(|r| r.id).collect();
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
