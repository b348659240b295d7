//! The GraphQL interface at `/graphql`: the whole domain as a graph over the same `queries` as REST.
//! Every relation goes through a DataLoader, so a request costs a number of SQL statements fixed by
//! the shape of its query; limits on size, nesting, depth, fan-out, expensive fields, cost,
//! complexity and page size keep that shape bounded before it runs, and a budget of statements,
//! connections and answer size bounds it while it runs (see `limits`, `cost`, `session`).

pub mod catalog;
pub mod connection;
pub mod cost;
pub mod errors;
pub mod filters;
mod graph;
mod graphiql;
pub mod http;
pub mod limits;
pub mod loaders;
pub mod nesting;
mod node;
pub mod objects;
mod positions;
mod prefetch;
pub mod scalars;
pub mod schema;
pub mod session;

pub use graph::{build, Graph, OpenPledgesSchema};
pub use limits::Limits;
pub use schema::sdl;
