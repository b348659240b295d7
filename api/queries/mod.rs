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
pub mod widget;

use diesel::sql_types::BigInt;

/// The result of a `SELECT count(*) AS n`.
#[derive(Debug, diesel::QueryableByName)]
pub struct Count {
    #[diesel(sql_type = BigInt)]
    pub n: i64,
}
