//! What every door shares about HTTP and nothing below the doors needs.

pub mod client;
pub mod csv;
pub mod cursor;
pub mod encode;
pub mod head;
pub mod params;
pub mod problem;
pub mod ratelimit;
pub mod respond;
