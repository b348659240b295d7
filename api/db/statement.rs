//! SQL text with bound values that PostgreSQL prepares once per connection.
//!
//! `diesel::sql_query` never caches its statement: every call is parsed and planned again, which
//! cost more than running most of this API's queries. [`statement`] takes the same SQL (with `$n`
//! placeholders, each usable many times) and the same `.bind::<Type, _>(value)` calls, but passes
//! the SQL to diesel's query builder piece by piece, so diesel keys its statement cache by the SQL
//! text and the statement is prepared on first use and reused after. The SQL must therefore come
//! from this program (never from a request): its text is a cache key, and the set of texts is
//! bounded by the code that builds them.

use diesel::connection::SimpleConnection;
use diesel::pg::Pg;
use diesel::pg::PgConnection;
use diesel::query_builder::{AstPass, Query, QueryFragment, QueryId};
use diesel::query_dsl::RunQueryDsl;
use diesel::serialize::ToSql;
use diesel::sql_types::{HasSqlType, Untyped};
use diesel::QueryResult;

/// How the API's sessions plan prepared statements: one generic plan per statement, made once.
/// Most statements look records up by key, where a plan for the values would be the same plan
/// made again on every call (planning cost several times the execution).
pub const SESSION_PLANS: &str = "SET plan_cache_mode = force_generic_plan";

/// Runs `work` with plans made for the values bound each time (`force_custom_plan`): for small
/// statements whose best plan depends on the values, such as the ids of a filtered page, where a
/// selective filter wants its keys first and a broad one the order's index. PostgreSQL's `auto`
/// settled on a generic plan after five runs and then walked the whole index for a filter that
/// matches a few rows. The session's mode is set back afterwards, also when `work` fails.
///
/// With `text` (a full-text match among the conditions) sequential scans are off as well: the
/// planner prices `@@` like `=`, but testing a row costs about half a microsecond, so for a
/// broad word it read and tested the whole table where the GIN index and the matching rows cost
/// a third (a word in a third of the activities at 290×10: 45 ms against 16 ms).
pub fn with_value_plans<T>(
    conn: &mut PgConnection,
    text: bool,
    work: impl FnOnce(&mut PgConnection) -> QueryResult<T>,
) -> QueryResult<T> {
    conn.batch_execute(match text {
        false => "SET plan_cache_mode = force_custom_plan",
        true => "SET plan_cache_mode = force_custom_plan; SET enable_seqscan = off",
    })?;
    let out = work(conn);
    conn.batch_execute(&match text {
        false => SESSION_PLANS.to_owned(),
        true => format!("{SESSION_PLANS}; RESET enable_seqscan"),
    })?;
    out
}

/// One bound value and its SQL type.
trait Value {
    fn push<'b>(&'b self, out: &mut AstPass<'_, 'b, Pg>) -> QueryResult<()>;
}

struct Typed<ST, V> {
    value: V,
    sql_type: std::marker::PhantomData<fn() -> ST>,
}

impl<ST, V> Value for Typed<ST, V>
where
    Pg: HasSqlType<ST>,
    V: ToSql<ST, Pg>,
{
    fn push<'b>(&'b self, out: &mut AstPass<'_, 'b, Pg>) -> QueryResult<()> {
        out.push_bind_param::<ST, V>(&self.value)
    }
}

enum Piece {
    Text(std::ops::Range<usize>),
    /// `$n`: the n-th bound value, from 1.
    Param(usize),
}

/// A statement built from SQL text; see the module comment.
pub struct Statement<'a> {
    sql: String,
    pieces: Vec<Piece>,
    values: Vec<Box<dyn Value + 'a>>,
}

/// The statement for this SQL; bind its `$1`, `$2`, … in order with [`Statement::bind`].
pub fn statement<'a>(sql: impl Into<String>) -> Statement<'a> {
    let sql = sql.into();
    let pieces = split(&sql);
    Statement {
        sql,
        pieces,
        values: Vec::new(),
    }
}

/// Splits SQL at its `$n` placeholders. The SQL of this program has no `$` inside literals or
/// identifiers, and no dollar-quoting.
fn split(sql: &str) -> Vec<Piece> {
    let bytes = sql.as_bytes();
    let mut pieces = Vec::new();
    let (mut start, mut i) = (0, 0);
    while i < bytes.len() {
        if bytes[i] == b'$' && bytes.get(i + 1).is_some_and(u8::is_ascii_digit) {
            let mut end = i + 1;
            while end < bytes.len() && bytes[end].is_ascii_digit() {
                end += 1;
            }
            pieces.push(Piece::Text(start..i));
            pieces.push(Piece::Param(sql[i + 1..end].parse().unwrap_or(0)));
            start = end;
            i = end;
        } else {
            i += 1;
        }
    }
    pieces.push(Piece::Text(start..bytes.len()));
    pieces
}

impl<'a> Statement<'a> {
    /// Binds the next parameter (`$1` first) as SQL type `ST`.
    pub fn bind<ST, V>(mut self, value: V) -> Statement<'a>
    where
        Pg: HasSqlType<ST>,
        V: ToSql<ST, Pg> + 'a,
        ST: 'a,
    {
        self.values.push(Box::new(Typed::<ST, V> {
            value,
            sql_type: std::marker::PhantomData,
        }));
        self
    }
}

impl QueryFragment<Pg> for Statement<'_> {
    fn walk_ast<'b>(&'b self, mut out: AstPass<'_, 'b, Pg>) -> QueryResult<()> {
        for piece in &self.pieces {
            match piece {
                Piece::Text(r) => out.push_sql(&self.sql[r.clone()]),
                Piece::Param(n) => {
                    let value = n
                        .checked_sub(1)
                        .and_then(|i| self.values.get(i))
                        .ok_or_else(|| {
                            diesel::result::Error::QueryBuilderError(
                                format!("${n} has no bound value").into(),
                            )
                        })?;
                    value.push(&mut out)?;
                }
            }
        }
        Ok(())
    }
}

/// No static id: diesel keys the cached statement by its SQL text and bind types.
impl QueryId for Statement<'_> {
    type QueryId = ();
    const HAS_STATIC_QUERY_ID: bool = false;
}

impl Query for Statement<'_> {
    type SqlType = Untyped;
}

impl<C> RunQueryDsl<C> for Statement<'_> {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_at_each_placeholder_and_keeps_casts() {
        let p = split("SELECT $1::text, $12 WHERE x = $1 AND y = '$'");
        let shape: Vec<String> = p
            .iter()
            .map(|p| match p {
                Piece::Text(r) => format!("t{}", r.len()),
                Piece::Param(n) => format!("${n}"),
            })
            .collect();
        assert_eq!(shape, ["t7", "$1", "t8", "$12", "t11", "$1", "t12"]);
    }
}
