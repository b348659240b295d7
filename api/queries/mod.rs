//! The one place where SQL is written. Plain functions over a connection, shared by every interface.

pub mod activities;
pub mod agreements;
pub mod changes;
pub mod compare;
pub mod dcat;
pub mod events;
pub mod exports;
pub mod focus_areas;
pub mod health;
pub mod known;
pub mod lists;
pub mod meta;
pub mod municipalities;
pub mod people;
pub mod pledges;
pub mod search;
pub mod sources;
pub mod sql;
pub mod statements;
pub mod suggest;
pub mod themes;
pub mod tsquery;
pub mod widget;

use diesel::sql_types::BigInt;

/// The result of a `SELECT count(*) AS n`.
#[derive(Debug, diesel::QueryableByName)]
pub struct Count {
    #[diesel(sql_type = BigInt)]
    pub n: i64,
}

/// How much of a record a select reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Detail {
    /// Every field.
    Whole,
    /// Without what is gathered per row from other tables (sources and responsible organizations;
    /// a pledge's themes, counts and statuses too) and, for focus areas and activities, without
    /// the fields beyond a tree's outline (goals; an activity's description, note and dates): left
    /// empty, and the row says so (`lean`), for a caller that does not show them.
    Lean,
}

impl Detail {
    /// `expr`, or an empty text array when lean.
    fn list(self, expr: String) -> String {
        self.pick(expr, "'{}'::text[]")
    }

    /// `expr`, or a NULL of `sql_type` when lean.
    fn or_null(self, expr: &str, sql_type: &str) -> String {
        self.pick(expr.to_owned(), &format!("NULL::{sql_type}"))
    }

    /// `whole`, or `lean` when lean.
    fn pick(self, whole: String, lean: &str) -> String {
        match self {
            Detail::Whole => whole,
            Detail::Lean => lean.to_owned(),
        }
    }

    fn is_lean(self) -> &'static str {
        match self {
            Detail::Whole => "FALSE",
            Detail::Lean => "TRUE",
        }
    }
}
