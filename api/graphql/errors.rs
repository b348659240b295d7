//! GraphQL errors with a stable `extensions.code`, mapped from the one `ApiError`.

use async_graphql::{Error, ErrorExtensions};

use crate::http::problem::ApiError;

/// Codes a client can match on, in `errors[].extensions.code`.
pub mod code {
    pub const NOT_FOUND: &str = "NOT_FOUND";
    pub const BAD_REQUEST: &str = "BAD_REQUEST";
    pub const UNAVAILABLE: &str = "UNAVAILABLE";
    pub const INTERNAL: &str = "INTERNAL";
    pub const QUERY_TOO_LARGE: &str = "QUERY_TOO_LARGE";
    pub const DEPTH_LIMIT: &str = "DEPTH_LIMIT";
    pub const COMPLEXITY_LIMIT: &str = "COMPLEXITY_LIMIT";
    pub const FIRST_TOO_LARGE: &str = "FIRST_TOO_LARGE";
    /// Brackets, lists or objects nested too deep, in the query or in the request's JSON.
    pub const NESTING_LIMIT: &str = "NESTING_LIMIT";
    /// Too many selections once fragments are expanded.
    pub const SELECTION_LIMIT: &str = "SELECTION_LIMIT";
    /// Too many root fields that run SQL of their own or answer with much.
    pub const EXPENSIVE_FIELDS_LIMIT: &str = "EXPENSIVE_FIELDS_LIMIT";
    /// The weighted cost of the fields is over the limit.
    pub const COST_LIMIT: &str = "COST_LIMIT";
    /// The request has run as many SQL statements as it may.
    pub const SQL_STATEMENT_LIMIT: &str = "SQL_STATEMENT_LIMIT";
    /// The answer would be larger than a response may be.
    pub const RESPONSE_TOO_LARGE: &str = "RESPONSE_TOO_LARGE";
}

/// An error with this code.
pub fn coded(code: &'static str, message: impl Into<String>) -> Error {
    Error::new(message).extend_with(|_, e| e.set("code", code))
}

/// A bad argument: `BAD_REQUEST`, naming the argument in `extensions.argument`.
pub fn bad_argument(argument: &str, message: impl std::fmt::Display) -> Error {
    let argument = argument.to_owned();
    Error::new(format!("argument `{argument}`: {message}")).extend_with(move |_, e| {
        e.set("code", code::BAD_REQUEST);
        e.set("argument", argument.as_str());
    })
}

/// The GraphQL face of an `ApiError`: internal details are logged, never shown.
pub fn from_api(e: ApiError) -> Error {
    match e {
        ApiError::NotFound(detail) | ApiError::NotFoundAs { detail, .. } => {
            coded(code::NOT_FOUND, detail)
        }
        ApiError::BadRequest { detail, .. }
        | ApiError::MethodNotAllowed(detail)
        | ApiError::RateLimited { detail, .. }
        | ApiError::TooLarge(detail)
        | ApiError::Timeout(detail) => coded(code::BAD_REQUEST, detail),
        ApiError::Unavailable(detail) => {
            tracing::warn!(error = %detail, "database unavailable");
            coded(
                code::UNAVAILABLE,
                "the database is unavailable; try again shortly",
            )
        }
        ApiError::Internal(detail) => {
            tracing::error!(error = %detail, "internal error");
            coded(
                code::INTERNAL,
                "an unexpected error occurred; it has been logged",
            )
        }
    }
}
