//! Response types and their assembly that every door shares: REST, GraphQL, the pages and the
//! exports. Handlers stay in their doors; this layer knows no routes.

pub mod activities;
pub mod focus_areas;
pub mod meta;
pub mod pledges;
pub mod sources;
pub mod statements;
pub mod types;
pub mod widget;
