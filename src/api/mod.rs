//! The one way the dashboard talks to the backend: JSON over `POST`, with the admin's
//! session cookie, and one error type whose messages are what the admin reads.

use crate::domain::event::{
    error_message, parse_export_response, parse_list_response, EventPage, ExportPage, ShapeError,
};
use crate::domain::query::{ExportRequest, ListRequest};
use gloo_net::http::Request;
use serde::Serialize;
use web_sys::RequestCredentials;

const LIST_PATH: &str = "/api/auth/banata/audit-logs/list";
const EXPORT_PATH: &str = "/api/auth/banata/audit-logs/export";

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ApiError {
    #[error("The audit log backend could not be reached. Check that it is running.")]
    Network,
    #[error("You are not signed in, or your session has expired.")]
    Unauthorized,
    #[error("Your account lacks the audit.read permission.")]
    Forbidden,
    #[error("The backend answered HTTP {status}{}", message.as_deref().map(|m| format!(": {m}")).unwrap_or_default())]
    Http {
        status: u16,
        message: Option<String>,
    },
    #[error("The backend's answer could not be read: {0}.")]
    Body(#[from] ShapeError),
}

/// The backend as this page is configured to reach it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Api {
    /// Sent as body `projectId` and header `x-banata-project-id`, as the dashboard does.
    project_id: Option<String>,
}

impl Api {
    pub fn new(project_id: Option<String>) -> Self {
        Self { project_id }
    }

    pub async fn list_events(&self, request: &ListRequest) -> Result<EventPage, ApiError> {
        let request = ListRequest {
            project_id: self.project_id.clone(),
            ..request.clone()
        };
        let body = self.post_json(LIST_PATH, &request).await?;
        Ok(parse_list_response(&body)?)
    }

    pub async fn export_page(&self, request: &ExportRequest) -> Result<ExportPage, ApiError> {
        let body = self.post_json(EXPORT_PATH, request).await?;
        Ok(parse_export_response(&body)?)
    }

    /// Sends `body` and returns the response text of a 2xx answer.
    async fn post_json(&self, path: &str, body: &impl Serialize) -> Result<String, ApiError> {
        // Our request types always serialise; were one not to, the backend's 400 says so.
        let json = serde_json::to_string(body).unwrap_or_default();
        let mut request = Request::post(path)
            .header("content-type", "application/json")
            .credentials(RequestCredentials::Include);
        if let Some(project) = &self.project_id {
            request = request.header("x-banata-project-id", project);
        }
        send(request.body(json).map_err(|_| ApiError::Network)?).await
    }
}

async fn send(request: Request) -> Result<String, ApiError> {
    let response = request.send().await.map_err(|_| ApiError::Network)?;
    let status = response.status();
    // A body that cannot be read is treated as empty: the status alone still says enough.
    let text = response.text().await.unwrap_or_default();
    match status {
        200..=299 => Ok(text),
        401 => Err(ApiError::Unauthorized),
        403 => Err(ApiError::Forbidden),
        _ => Err(ApiError::Http {
            status,
            message: error_message(&text),
        }),
    }
}
