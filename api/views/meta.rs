//! The dataset's licence, as `/v1/meta` and the export package state it.

pub const LICENCE_ID: &str = "CC0-1.0";
pub const LICENCE_NAME: &str = "CC0 1.0 Universal";
pub const LICENCE_URL: &str = "https://creativecommons.org/publicdomain/zero/1.0/";
