//! The three audit-log endpoints. Handlers check auth before the body, so an
//! anonymous caller learns nothing from validation errors.

use std::sync::Arc;

use axum::extract::rejection::JsonRejection;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::{json, Value};

use crate::auth::{Auth, Permission};
use crate::db::{Db, Event, ExportQuery, Filters, Page, QueryError};
use crate::Shape;

#[derive(Clone)]
pub struct AppState {
    pub db: Arc<Db>,
    pub auth: Arc<Auth>,
    pub shape: Shape,
}

pub fn routes(state: AppState) -> Router {
    Router::new()
        .route("/auth/banata/audit-logs/list", post(list))
        .route("/auth/banata/audit-logs/export", post(export))
        .route("/auth/banata/audit-logs/create", post(create))
        .fallback(no_such_endpoint)
        .method_not_allowed_fallback(|| async {
            ApiError::new(StatusCode::METHOD_NOT_ALLOWED, "Use POST")
        })
        .with_state(state)
}

/// What any other path under /api answers, `/api/` too (which `nest` leaves to the app).
pub async fn no_such_endpoint() -> ApiError {
    ApiError::new(StatusCode::NOT_FOUND, "No such API endpoint")
}

/// An error response: `{"message": ...}` with a status.
#[derive(Debug)]
pub struct ApiError {
    status: StatusCode,
    message: String,
}

impl ApiError {
    pub fn new(status: StatusCode, message: impl Into<String>) -> Self {
        Self {
            status,
            message: message.into(),
        }
    }

    fn bad_request(message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, message)
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        (self.status, Json(json!({ "message": self.message }))).into_response()
    }
}

/// Malformed JSON, wrong types and a missing JSON content type are all 400
/// (axum would use 415/422 for some), with axum's descriptive text.
impl From<JsonRejection> for ApiError {
    fn from(rejection: JsonRejection) -> Self {
        Self::bad_request(rejection.body_text())
    }
}

impl From<QueryError> for ApiError {
    fn from(error: QueryError) -> Self {
        match error {
            QueryError::UnknownCursor(_) => Self::bad_request(error.to_string()),
            QueryError::Sql(error) => error.into(),
        }
    }
}

impl From<rusqlite::Error> for ApiError {
    fn from(error: rusqlite::Error) -> Self {
        eprintln!("database error: {error}");
        Self::new(StatusCode::INTERNAL_SERVER_ERROR, "Database error")
    }
}

/// Runs blocking SQLite work off the async workers.
async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> Result<T, ApiError> + Send + 'static,
) -> Result<T, ApiError> {
    tokio::task::spawn_blocking(f)
        .await
        .map_err(|_| ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "Request handler failed"))?
}

fn page_limit(limit: Option<u32>, default: u32) -> Result<u32, ApiError> {
    match limit.unwrap_or(default) {
        limit @ 1..=1000 => Ok(limit),
        _ => Err(ApiError::bad_request(
            "limit must be an integer from 1 to 1000",
        )),
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ListRequest {
    organization_id: Option<String>,
    action: Option<String>,
    actor_id: Option<String>,
    limit: Option<u32>,
    after: Option<String>,
    before: Option<String>,
    /// Type-checked only: this server holds a single project.
    #[serde(rename = "projectId")]
    _project_id: Option<String>,
}

async fn list(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Result<Json<ListRequest>, JsonRejection>,
) -> Result<Json<Value>, ApiError> {
    state.auth.require(&headers, Permission::Read)?;
    let Json(req) = body?;
    let limit = page_limit(req.limit, 50)?;
    let filters = Filters {
        organization_id: req.organization_id,
        action: req.action,
        actor_id: req.actor_id,
    };
    let db = state.db.clone();
    let page = blocking(move || {
        let page = match (req.after.as_deref(), req.before.as_deref()) {
            (None, None) => Page::First,
            (Some(id), None) => Page::After(id),
            (None, Some(id)) => Page::Before(id),
            (Some(_), Some(_)) => {
                return Err(ApiError::bad_request(
                    "send either after or before, not both",
                ))
            }
        };
        Ok(db.list(&filters, page, limit)?)
    })
    .await?;
    let id = |event: Option<&Event>| event.map(|e| e.id.clone());
    Ok(Json(json!({
        "data": state.shape.render_all(&page.events),
        "listMetadata": {
            "before": if page.has_newer { id(page.events.first()) } else { None },
            "after": if page.has_older { id(page.events.last()) } else { None },
        },
    })))
}

#[derive(Deserialize)]
#[serde(rename_all = "lowercase")]
enum ExportFormat {
    Json,
    Csv,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ExportRequest {
    organization_id: Option<String>,
    action: Option<String>,
    /// Accepted and validated; like the real backend, output is always JSON.
    #[serde(rename = "format")]
    _format: Option<ExportFormat>,
    start_date: Option<i64>,
    end_date: Option<i64>,
    limit: Option<u32>,
    cursor: Option<i64>,
}

async fn export(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Result<Json<ExportRequest>, JsonRejection>,
) -> Result<Json<Value>, ApiError> {
    state.auth.require(&headers, Permission::Read)?;
    let Json(req) = body?;
    let query = ExportQuery {
        filters: Filters {
            organization_id: req.organization_id,
            action: req.action,
            actor_id: None,
        },
        start: req.start_date,
        end: req.end_date,
        cursor: req.cursor,
        limit: page_limit(req.limit, 1000)?,
    };
    let db = state.db.clone();
    let page = blocking(move || Ok(db.export(&query)?)).await?;
    Ok(Json(json!({
        "data": state.shape.render_all(&page.events),
        "count": page.events.len(),
        "nextCursor": page.next_cursor,
    })))
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct CreateRequest {
    action: Option<String>,
    actor_type: Option<String>,
    actor_id: Option<String>,
    actor_name: Option<String>,
    actor_email: Option<String>,
    targets: Option<String>,
    organization_id: Option<String>,
    ip_address: Option<String>,
    user_agent: Option<String>,
    request_id: Option<String>,
    changes: Option<String>,
    idempotency_key: Option<String>,
    metadata: Option<String>,
    occurred_at: Option<i64>,
}

const ACTOR_TYPES: [&str; 5] = ["user", "admin", "system", "api_key", "scim"];

fn required(value: Option<String>, field: &str) -> Result<String, ApiError> {
    value
        .filter(|v| !v.trim().is_empty())
        .ok_or_else(|| ApiError::bad_request(format!("{field} is required")))
}

/// Checks that a JSON-string field holds JSON of the expected kind.
fn json_text(
    value: Option<String>,
    field: &str,
    kind: &str,
    is_kind: fn(&Value) -> bool,
) -> Result<Option<String>, ApiError> {
    match &value {
        Some(text) if !serde_json::from_str(text).is_ok_and(|v| is_kind(&v)) => Err(
            ApiError::bad_request(format!("{field} must be a string holding a JSON {kind}")),
        ),
        _ => Ok(value),
    }
}

async fn create(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Result<Json<CreateRequest>, JsonRejection>,
) -> Result<Json<Value>, ApiError> {
    state.auth.require(&headers, Permission::Write)?;
    let Json(req) = body?;
    let action = required(req.action, "action")?;
    let actor_type = required(req.actor_type, "actorType")?;
    let actor_id = required(req.actor_id, "actorId")?;
    if !ACTOR_TYPES.contains(&actor_type.as_str()) {
        return Err(ApiError::bad_request(format!(
            "actorType must be one of {}",
            ACTOR_TYPES.join(", ")
        )));
    }
    let now = crate::now_ms();
    let event = Event {
        // Time first keeps ids roughly ordered; the random part keeps them unique.
        id: format!("evt_{now:012x}{:08x}", fastrand::u32(..)),
        project_id: crate::seed::PROJECT_ID.to_owned(),
        action,
        version: 1,
        actor_type,
        actor_id,
        actor_name: req.actor_name,
        actor_email: req.actor_email,
        actor_metadata: None,
        targets: json_text(req.targets, "targets", "array", Value::is_array)?,
        organization_id: req.organization_id,
        ip_address: req.ip_address,
        user_agent: req.user_agent,
        request_id: req.request_id,
        changes: json_text(req.changes, "changes", "object", Value::is_object)?,
        idempotency_key: req.idempotency_key,
        metadata: json_text(req.metadata, "metadata", "object", Value::is_object)?,
        occurred_at: req.occurred_at.unwrap_or(now),
        created_at: now,
    };
    let db = state.db.clone();
    let stored = blocking(move || Ok(db.create(event)?)).await?;
    Ok(Json(state.shape.render(0, &stored)))
}
