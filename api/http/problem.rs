//! RFC 9457 problem details: the one error type, and how every error reaches a client.

use actix_web::http::{header, StatusCode};
use actix_web::{HttpResponse, ResponseError};
use diesel::PgConnection;
use serde::Serialize;
use utoipa::ToSchema;

use crate::db::{Db, PoolError};

/// A problem with one request parameter or field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct FieldError {
    /// The parameter or field, e.g. `limit`.
    pub field: String,
    /// What is wrong with it, and what would be right.
    pub message: String,
}

/// An RFC 9457 problem document (`application/problem+json`).
#[derive(Debug, Serialize, ToSchema)]
pub struct Problem {
    /// A URI reference naming the kind of problem; stable, like `code`.
    #[schema(example = "/problems/not-found")]
    #[serde(rename = "type")]
    pub kind: String,
    #[schema(example = "Not Found")]
    pub title: String,
    #[schema(example = 404)]
    pub status: u16,
    #[schema(example = "no municipality has the id or kommunkod `atlantis`")]
    pub detail: String,
    /// A stable machine-readable code: `not_found`, `bad_request`, `method_not_allowed`, `unavailable`,
    /// `internal`; `unknown_municipality` and `no_pledge` from the widget's pledge.
    #[schema(example = "not_found")]
    pub code: String,
    /// Per-field problems, for 400 and 422.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldError>,
}

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("{0}")]
    NotFound(String),
    /// A 404 whose `code` says more precisely what is missing (`unknown_municipality`, `no_pledge`).
    #[error("{detail}")]
    NotFoundAs { code: &'static str, detail: String },
    #[error("{detail}")]
    BadRequest {
        detail: String,
        errors: Vec<FieldError>,
    },
    #[error("{0}")]
    MethodNotAllowed(String),
    #[error("{0}")]
    Unavailable(String),
    /// A client over one of its budgets (429), with the seconds until it may try again.
    #[error("{detail}")]
    RateLimited { detail: String, retry_after: u64 },
    /// A request body over the limit (413).
    #[error("{0}")]
    TooLarge(String),
    /// A request body that did not arrive in time (408).
    #[error("{0}")]
    Timeout(String),
    /// The detail is logged, never shown.
    #[error("{0}")]
    Internal(String),
}

impl ApiError {
    pub fn not_found(detail: impl Into<String>) -> ApiError {
        ApiError::NotFound(detail.into())
    }

    pub fn bad_param(field: &str, message: impl Into<String>) -> ApiError {
        let message = message.into();
        ApiError::BadRequest {
            detail: format!("parameter `{field}`: {message}"),
            errors: vec![FieldError {
                field: field.to_owned(),
                message,
            }],
        }
    }

    pub fn unavailable(e: impl std::fmt::Display) -> ApiError {
        ApiError::Unavailable(e.to_string())
    }

    pub fn internal(e: impl std::fmt::Display) -> ApiError {
        ApiError::Internal(e.to_string())
    }

    fn code(&self) -> &'static str {
        match self {
            ApiError::NotFound(_) => "not_found",
            ApiError::NotFoundAs { code, .. } => code,
            ApiError::BadRequest { .. } => "bad_request",
            ApiError::MethodNotAllowed(_) => "method_not_allowed",
            ApiError::Unavailable(_) => "unavailable",
            ApiError::RateLimited { .. } => "rate_limited",
            ApiError::TooLarge(_) => "payload_too_large",
            ApiError::Timeout(_) => "request_timeout",
            ApiError::Internal(_) => "internal",
        }
    }

    pub fn to_problem(&self) -> Problem {
        let status = self.status_code();
        let (detail, errors) = match self {
            ApiError::BadRequest { detail, errors } => (detail.clone(), errors.clone()),
            ApiError::Unavailable(_) => (
                "the database is unavailable; try again shortly".to_owned(),
                vec![],
            ),
            ApiError::Internal(_) => (
                "an unexpected error occurred; it has been logged".to_owned(),
                vec![],
            ),
            other => (other.to_string(), vec![]),
        };
        Problem {
            kind: format!("/problems/{}", self.code().replace('_', "-")),
            title: status.canonical_reason().unwrap_or("Error").to_owned(),
            status: status.as_u16(),
            detail,
            code: self.code().to_owned(),
            errors,
        }
    }
}

impl From<diesel::result::Error> for ApiError {
    fn from(e: diesel::result::Error) -> ApiError {
        use diesel::result::{DatabaseErrorKind, Error};
        match &e {
            Error::DatabaseError(
                DatabaseErrorKind::ClosedConnection | DatabaseErrorKind::UnableToSendCommand,
                _,
            ) => ApiError::unavailable(e),
            _ => ApiError::internal(e),
        }
    }
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        match self {
            ApiError::NotFound(_) | ApiError::NotFoundAs { .. } => StatusCode::NOT_FOUND,
            ApiError::BadRequest { .. } => StatusCode::BAD_REQUEST,
            ApiError::MethodNotAllowed(_) => StatusCode::METHOD_NOT_ALLOWED,
            ApiError::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
            ApiError::RateLimited { .. } => StatusCode::TOO_MANY_REQUESTS,
            ApiError::TooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            ApiError::Timeout(_) => StatusCode::REQUEST_TIMEOUT,
            ApiError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn error_response(&self) -> HttpResponse {
        match self {
            ApiError::Internal(detail) => tracing::error!(error = %detail, "internal error"),
            ApiError::Unavailable(detail) => {
                tracing::warn!(error = %detail, "database unavailable")
            }
            _ => {}
        }
        let mut res = HttpResponse::build(self.status_code());
        res.insert_header((header::CONTENT_TYPE, "application/problem+json"));
        res.insert_header((header::CACHE_CONTROL, "no-store"));
        match self {
            ApiError::Unavailable(_) => {
                res.insert_header((header::RETRY_AFTER, "5"));
            }
            ApiError::RateLimited { retry_after, .. } => {
                res.insert_header((header::RETRY_AFTER, retry_after.to_string()));
            }
            // The rest of the body is not read: the connection cannot carry another request.
            ApiError::TooLarge(_) | ApiError::Timeout(_) => {
                res.insert_header((header::CONNECTION, "close"));
            }
            _ => {}
        }
        if matches!(self, ApiError::MethodNotAllowed(_)) {
            res.insert_header((header::ALLOW, "GET, HEAD, OPTIONS"));
        }
        res.body(serde_json::to_string(&self.to_problem()).unwrap_or_default())
    }
}

impl From<PoolError> for ApiError {
    fn from(e: PoolError) -> ApiError {
        match e {
            PoolError::Unavailable(_) => ApiError::unavailable(e),
            PoolError::Blocking(_) => ApiError::internal(e),
        }
    }
}

/// The doors' way to the database: `Db::blocking` with their error type, so that closures need no
/// annotation. An inherent impl here because `db` sits below `http` and may not name `ApiError`.
impl Db {
    pub async fn run<T, F>(&self, f: F) -> Result<T, ApiError>
    where
        F: FnOnce(&mut PgConnection) -> Result<T, ApiError> + Send + 'static,
        T: Send + 'static,
    {
        self.blocking(f).await
    }
}
