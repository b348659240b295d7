use actix_web::{get, web, HttpResponse};
use serde::Serialize;
use utoipa::ToSchema;

use super::problem::{ApiError, Problem};
use crate::state::AppState;

/// Health of the process or its dependencies.
#[derive(Debug, Serialize, ToSchema)]
pub struct Health {
    #[schema(example = "ok")]
    pub status: String,
    /// The database connection pool (on `/readyz` only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pool: Option<PoolStatus>,
}

/// The database connection pool as the readiness check found it.
#[derive(Debug, Serialize, ToSchema)]
pub struct PoolStatus {
    /// Most connections the pool opens (`OPENPLEDGES_POOL_SIZE`).
    #[schema(example = 16)]
    pub max_size: u32,
    /// Connections open now.
    #[schema(example = 2)]
    pub connections: u32,
    /// Open connections not in use.
    #[schema(example = 1)]
    pub idle: u32,
}

/// Liveness: the process answers.
#[utoipa::path(tag = "operations", responses((status = 200, body = Health)))]
#[get("/healthz")]
pub async fn healthz() -> HttpResponse {
    HttpResponse::Ok()
        .insert_header(("Cache-Control", "no-store"))
        .json(Health {
            status: "ok".into(),
            pool: None,
        })
}

/// Readiness: the service is not shutting down, and the database answers, is fully migrated and
/// holds the dataset.
#[utoipa::path(
    operation_id = "getReadiness",
    tag = "operations",
    responses(
        (status = 200, body = Health),
        (status = 503, description = "Database unreachable or not migrated.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/readyz")]
pub async fn readyz(state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    if let Some(reason) = state.lifecycle.not_ready() {
        return Err(ApiError::unavailable(reason));
    }
    state
        .db
        .run(|conn| {
            crate::queries::health::ping(conn).map_err(ApiError::unavailable)?;
            match crate::db::is_migrated(conn) {
                Ok(true) => Ok(()),
                Ok(false) => Err(ApiError::unavailable("migrations are pending")),
                Err(e) => Err(ApiError::unavailable(e)),
            }
        })
        .await?;
    let pool = state.db.pool();
    let now = pool.state();
    Ok(HttpResponse::Ok()
        .insert_header(("Cache-Control", "no-store"))
        .json(Health {
            status: "ok".into(),
            pool: Some(PoolStatus {
                max_size: pool.max_size(),
                connections: now.connections,
                idle: now.idle_connections,
            }),
        }))
}
