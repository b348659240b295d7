//! What every door shares about HTTP and nothing below the doors needs.

pub mod client;
pub mod cursor;
pub mod head;
pub mod ratelimit;
