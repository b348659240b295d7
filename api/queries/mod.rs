//! The one place where SQL is written. Plain functions over a connection, shared by every interface.

pub mod health;
pub mod municipalities;
