//! The one way the dashboard talks to the backend: JSON over `POST` as configured (base URL,
//! cookie or bearer key, project), with a timeout and retries, and one error type whose
//! messages are what the admin reads.

use crate::domain::config::{ApiKey, Auth, Config};
use crate::domain::event::{
    error_message, parse_export_response, parse_list_response, EventPage, ExportPage, ShapeError,
};
use crate::domain::query::{ExportRequest, ListRequest};
use crate::domain::retry::{self, MAX_RETRIES};
use crate::domain::words::count;
use gloo_net::http::{Request, Response};
use gloo_timers::callback::Timeout;
use std::cell::Cell;
use std::rc::Rc;
use std::time::Duration;
use web_sys::{AbortController, AbortSignal, RequestCredentials, RequestRedirect};

const LIST_PATH: &str = "/api/auth/banata/audit-logs/list";
const EXPORT_PATH: &str = "/api/auth/banata/audit-logs/export";
/// Beside index.html.
const CONFIG_FILE: &str = "config.json";
const CONFIG_TIMEOUT: Duration = Duration::from_secs(10);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ApiError {
    #[error("The audit log backend could not be reached. Check that it is running.")]
    Network,
    #[error("The server did not answer within {}.", count(*seconds, "second"))]
    Timeout { seconds: u64 },
    #[error("You are not signed in, or your session has expired.")]
    Unauthorized,
    /// A 401 to a request that carried a bearer key: the key, not a session, was refused.
    #[error("The backend did not accept the API key (HTTP 401). Check the API key setting.")]
    KeyRefused,
    /// A 2xx web page reached through a redirect, or a redirect the page may not follow (to
    /// another origin): what a sign-in wall answers an expired session with, where an API
    /// would answer 401.
    #[error("The request was redirected to a web page instead of the events, which usually means your session has expired.")]
    SignInPage,
    /// A 2xx web page without a redirect: a site's page fallback where the API should be.
    #[error("The backend answered with a web page, not events. Check the API base URL setting.")]
    WebPage,
    #[error("Your account lacks the audit.read permission.")]
    Forbidden,
    #[error("The backend has no audit log endpoint at this address (HTTP 404). Check the API base URL setting.")]
    NotFound,
    #[error("The backend is receiving too many requests (HTTP 429). {}", try_again(*retry_after))]
    TooManyRequests { retry_after: Option<u64> },
    #[error("{}", http_reason(*status, message.as_deref(), *retry_after))]
    Http {
        status: u16,
        message: Option<String>,
        /// A 5xx's `Retry-After`, said in the message: a pause longer than `retry::MAX_RETRY_AFTER` is
        /// not waited for, and a shorter one is still worth saying when the retries failed.
        retry_after: Option<u64>,
    },
    /// A 2xx that reports an error in place of events.
    #[error("{}", reason("The backend reported an error", message.as_deref()))]
    Reported { message: Option<String> },
    #[error("The backend's answer could not be read: {0}.")]
    Body(ShapeError),
}

impl From<ShapeError> for ApiError {
    fn from(error: ShapeError) -> Self {
        match error {
            ShapeError::Reported(message) => Self::Reported { message },
            error => Self::Body(error),
        }
    }
}

impl ApiError {
    /// The failure with `key` taken out of the backend's message.
    fn without(mut self, key: &ApiKey) -> Self {
        if let Self::Http {
            message: Some(message),
            ..
        }
        | Self::Reported {
            message: Some(message),
        } = &mut self
        {
            *message = key.hidden_in(message);
        }
        self
    }

    /// A 4xx about the request itself (a session, a permission, the address and the rate
    /// have their own), which asking again will not change.
    pub fn is_refused(&self) -> bool {
        matches!(
            self,
            Self::Http {
                status: 400..=499,
                ..
            }
        )
    }

    /// Whether signing in again is what would help.
    pub fn is_signed_out(&self) -> bool {
        matches!(self, Self::Unauthorized | Self::SignInPage)
    }

    /// The wait the backend's `Retry-After` asked for, as its message says it.
    pub fn retry_after(&self) -> Option<Duration> {
        match self {
            Self::TooManyRequests { retry_after } | Self::Http { retry_after, .. } => {
                retry_after.map(Duration::from_secs)
            }
            _ => None,
        }
    }

    /// Whether its message says when to try again ("Try again in 30 seconds."), so that a
    /// poll's warning need not say it tries again.
    pub fn says_when(&self) -> bool {
        match self {
            Self::TooManyRequests { .. } => true,
            Self::Http { retry_after, .. } => retry_after.is_some_and(|seconds| seconds > 0),
            _ => false,
        }
    }
}

/// "The backend answered HTTP 503: its message. Try again in 120 seconds."
fn http_reason(status: u16, message: Option<&str>, retry_after: Option<u64>) -> String {
    let mut reason = reason(&format!("The backend answered HTTP {status}"), message);
    if retry_after.is_some_and(|seconds| seconds > 0) {
        reason.push(' ');
        reason.push_str(&try_again(retry_after));
    }
    reason
}

/// "`lead`: the backend's message.", a sentence like every other failure's, whatever the
/// message ends with.
fn reason(lead: &str, message: Option<&str>) -> String {
    let mut reason = lead.to_owned();
    if let Some(message) = message {
        reason.push_str(": ");
        reason.push_str(message);
    }
    if !matches!(reason.as_bytes().last(), Some(b'.' | b'!' | b'?')) {
        reason.push('.');
    }
    reason
}

/// "Try again in 120 seconds.", or "in a moment" when the backend named no wait (or 0).
fn try_again(retry_after: Option<u64>) -> String {
    match retry_after.filter(|&seconds| seconds > 0) {
        Some(seconds) => format!("Try again in {}.", count(seconds, "second")),
        None => "Try again in a moment.".to_owned(),
    }
}

/// The backend as this page is configured to reach it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Api {
    base: String,
    auth: Auth,
    /// Sent as body `projectId` and header `x-banata-project-id`, as the dashboard does: the
    /// backend scopes by the body's, and refuses an export without it.
    project_id: Option<String>,
    timeout: Duration,
}

impl Api {
    pub fn new(config: &Config) -> Self {
        Self {
            base: config.api_base.clone(),
            auth: config.auth.clone(),
            project_id: config.project_id.clone(),
            timeout: config.request_timeout,
        }
    }

    pub async fn list_events(&self, request: &ListRequest) -> Result<EventPage, ApiError> {
        let request = ListRequest {
            project_id: self.project_id.clone(),
            ..request.clone()
        };
        let body = self.post_json(LIST_PATH, request.to_json()).await?;
        parse_list_response(&body).map_err(|error| self.in_own_words(error.into()))
    }

    /// For an export's request, which is built once for all its pages (a copy per page
    /// with the project set here was 0.3 KB more).
    pub fn project_id(&self) -> Option<String> {
        self.project_id.clone()
    }

    pub async fn export_page(&self, request: &ExportRequest) -> Result<ExportPage, ApiError> {
        let body = self.post_json(EXPORT_PATH, request.to_json()).await?;
        parse_export_response(&body).map_err(|error| self.in_own_words(error.into()))
    }

    /// A failure in the backend's own words without the configured API key, should they
    /// echo it.
    fn in_own_words(&self, error: ApiError) -> ApiError {
        match &self.auth {
            Auth::Bearer(key) => error.without(key),
            Auth::Cookie => error,
        }
    }

    /// Sends the `json` body and returns the response text of a 2xx answer. Both endpoints only
    /// read, so a busy or failing backend is asked again (see `domain::retry`).
    async fn post_json(&self, path: &str, json: String) -> Result<String, ApiError> {
        let url = format!("{}{path}", self.base);
        let keyed = matches!(self.auth, Auth::Bearer(_));
        let mut retries = 0;
        loop {
            let answer = self.send(&url, &json).await?;
            let wait = (retries < MAX_RETRIES && retry::is_retryable(answer.status))
                .then(|| retry::delay(retries, answer.retry_after, js_sys::Math::random()))
                .flatten();
            match wait {
                Some(wait) => gloo_timers::future::sleep(wait).await,
                None => {
                    return answer
                        .into_result(keyed)
                        .map_err(|error| self.in_own_words(error))
                }
            }
            retries += 1;
        }
    }

    /// One request. A session's is not let follow a redirect at once: one to another origin,
    /// as a sign-in wall (an SSO's, Cloudflare Access's) answers an expired session, fails as
    /// if the backend were down. A redirect seen is followed in a second request, whose
    /// failure is then the sign-in wall's; a hop to where the API answers still gives its
    /// answer.
    async fn send(&self, url: &str, json: &str) -> Result<Answer, ApiError> {
        if matches!(self.auth, Auth::Bearer(_)) {
            return self.send_once(url, json, RequestRedirect::Follow).await;
        }
        match self.send_once(url, json, RequestRedirect::Manual).await {
            // The status of a redirect not followed, which the page cannot read.
            Ok(answer) if answer.status == 0 => {
                match self.send_once(url, json, RequestRedirect::Follow).await {
                    Err(ApiError::Network) => Err(ApiError::SignInPage),
                    followed => followed,
                }
            }
            sent => sent,
        }
    }

    /// One request, aborted when it is not answered within the timeout.
    async fn send_once(
        &self,
        url: &str,
        json: &str,
        redirect: RequestRedirect,
    ) -> Result<Answer, ApiError> {
        let deadline = Deadline::new(self.timeout).ok_or(ApiError::Network)?;
        let request = Request::post(url)
            .header("content-type", "application/json")
            .redirect(redirect)
            .abort_signal(Some(&deadline.signal()));
        let request = match &self.auth {
            Auth::Cookie => request.credentials(RequestCredentials::Include),
            Auth::Bearer(key) => request
                .credentials(RequestCredentials::Omit)
                .header("authorization", &key.authorization()),
        };
        let request = match &self.project_id {
            Some(project) => request.header("x-banata-project-id", project),
            None => request,
        };
        let answer = async {
            let request = request.body(json).map_err(|_| ApiError::Network)?;
            Answer::read(request.send().await.map_err(|_| ApiError::Network)?).await
        };
        match answer.await {
            Err(ApiError::Network) if deadline.passed() => Err(ApiError::Timeout {
                seconds: self.timeout.as_secs(),
            }),
            other => other,
        }
    }
}

/// Aborts a request that has not been answered in time, or whose caller no longer waits
/// for it (dropping it aborts the request if it is still on its way).
struct Deadline {
    controller: AbortController,
    passed: Rc<Cell<bool>>,
    _timer: Timeout,
}

impl Deadline {
    fn new(timeout: Duration) -> Option<Self> {
        let controller = AbortController::new().ok()?;
        let passed = Rc::new(Cell::new(false));
        let millis = timeout.as_millis().try_into().unwrap_or(u32::MAX);
        let timer = Timeout::new(millis, {
            let (controller, passed) = (controller.clone(), passed.clone());
            move || {
                passed.set(true);
                controller.abort();
            }
        });
        Some(Self {
            controller,
            passed,
            _timer: timer,
        })
    }

    fn signal(&self) -> AbortSignal {
        self.controller.signal()
    }

    /// Whether the request was aborted because the time ran out.
    fn passed(&self) -> bool {
        self.passed.get()
    }
}

impl Drop for Deadline {
    fn drop(&mut self) {
        self.controller.abort();
    }
}

/// A response, read whole.
struct Answer {
    status: u16,
    text: String,
    retry_after: Option<Duration>,
    redirected: bool,
}

/// The body as `Response.text()` reads it (UTF-8, no byte-order mark, bad bytes replaced),
/// but copied into wasm as bytes: converting a JS string of a large page cost more than
/// parsing it.
fn body_text(bytes: Vec<u8>) -> String {
    let mut text = String::from_utf8(bytes)
        .unwrap_or_else(|bad| String::from_utf8_lossy(bad.as_bytes()).into_owned());
    if text.starts_with('\u{feff}') {
        text.drain(..'\u{feff}'.len_utf8());
    }
    text
}

impl Answer {
    async fn read(response: Response) -> Result<Self, ApiError> {
        let retry_after = response
            .headers()
            .get("retry-after")
            .and_then(|header| retry::retry_after(&header, chrono::Utc::now()));
        Ok(Self {
            status: response.status(),
            // A body cut off on the way is a failed request.
            text: body_text(response.binary().await.map_err(|_| ApiError::Network)?),
            retry_after,
            redirected: response.redirected(),
        })
    }

    /// `keyed`: the request carried a bearer key and no cookies, so no session was asked
    /// for, and signing in would change nothing.
    fn into_result(self, keyed: bool) -> Result<String, ApiError> {
        // JSON never starts with `<`; markup is a page meant for a person.
        let markup = self.text.as_bytes().trim_ascii_start().first() == Some(&b'<');
        match self.status {
            200..=299 if markup && self.redirected && !keyed => Err(ApiError::SignInPage),
            200..=299 if markup => Err(ApiError::WebPage),
            200..=299 => Ok(self.text),
            401 if keyed => Err(ApiError::KeyRefused),
            401 => Err(ApiError::Unauthorized),
            403 => Err(ApiError::Forbidden),
            404 => Err(ApiError::NotFound),
            429 => Err(ApiError::TooManyRequests {
                retry_after: self.retry_after.map(|wait| wait.as_secs()),
            }),
            status => Err(ApiError::Http {
                status,
                message: error_message(&self.text),
                retry_after: (self.retry_after)
                    .filter(|_| retry::is_retryable(status))
                    .map(|wait| wait.as_secs()),
            }),
        }
    }
}

/// Under the base the server wrote into the page, so a deep link like `/audit-logs/x/`
/// finds it too, at the URL index.html preloads; in a host page, beside the host page.
fn config_url() -> String {
    let base = crate::base::document_base();
    if crate::domain::config::is_site_path(&base) {
        format!("{base}{CONFIG_FILE}")
    } else {
        CONFIG_FILE.to_owned()
    }
}

/// The text of `config.json`, or `None` when there is none: a 404, or an HTML page that a
/// host with an SPA fallback (like the reference server) serves for any unknown path.
/// The app waits for it before its first request, so it gets a deadline of its own. It is
/// the host's file, not the backend's answer, so a failure is the reason the settings'
/// alert gives ("it could not be fetched"), not an `ApiError`, whose sentences are about
/// the backend.
pub async fn config_file() -> Result<Option<String>, String> {
    let deadline = Deadline::new(CONFIG_TIMEOUT).ok_or("it could not be requested")?;
    let failed = |_| {
        if deadline.passed() {
            format!(
                "it did not arrive within {}",
                count(CONFIG_TIMEOUT.as_secs(), "second")
            )
        } else {
            "it could not be fetched".to_owned()
        }
    };
    let request = Request::get(&config_url()).abort_signal(Some(&deadline.signal()));
    let response = request.send().await.map_err(failed)?;
    let html = response
        .headers()
        .get("content-type")
        .is_some_and(|kind| kind.starts_with("text/html"));
    match response.status() {
        404 => Ok(None),
        200..=299 if html => Ok(None),
        200..=299 => response.text().await.map(Some).map_err(failed),
        status => Err(format!("HTTP {status}")),
    }
}

#[cfg(test)]
mod tests {
    use super::{body_text, http_reason, Answer, ApiError, ShapeError};

    #[test]
    fn a_body_reads_as_the_browser_reads_text() {
        assert_eq!(body_text(br#"{"data": []}"#.to_vec()), r#"{"data": []}"#);
        assert_eq!(body_text("\u{feff}[1]".into()), "[1]");
        assert_eq!(body_text(b"[\"a\xffb\"]".to_vec()), "[\"a\u{fffd}b\"]");
        assert_eq!(body_text("é ✓".into()), "é ✓");
    }

    #[test]
    fn an_answer_that_reports_an_error_says_so_in_its_own_words() {
        let reported = |message: Option<&str>| {
            ApiError::from(ShapeError::Reported(message.map(Into::into))).to_string()
        };
        assert_eq!(
            reported(Some("Database unavailable")),
            "The backend reported an error: Database unavailable."
        );
        assert_eq!(reported(None), "The backend reported an error.");
        assert_eq!(
            ApiError::from(ShapeError::NoEventList).to_string(),
            "The backend's answer could not be read: the response holds no list of events."
        );
    }

    #[test]
    fn a_web_page_in_place_of_events_is_a_failure_that_says_why() {
        let answer = |text: &str, redirected| {
            let (status, retry_after) = (200, None);
            let text = text.to_owned();
            (Answer {
                status,
                text,
                retry_after,
                redirected,
            })
            .into_result(false)
        };
        let sign_in_page = "\n <!DOCTYPE html><title>Sign in</title>";
        assert_eq!(answer(sign_in_page, true), Err(ApiError::SignInPage));
        assert!(ApiError::SignInPage.is_signed_out());
        assert_eq!(
            answer("<html><body>Dashboard</body></html>", false),
            Err(ApiError::WebPage)
        );
        assert!(!ApiError::WebPage.is_signed_out());
        // Redirected JSON (an http-to-https hop, say) is still the answer.
        assert_eq!(
            answer(r#"{"data": []}"#, true),
            Ok(r#"{"data": []}"#.to_owned())
        );
    }

    #[test]
    fn with_a_bearer_key_a_401_refuses_the_key_and_a_sign_in_page_is_a_wrong_address() {
        let keyed = |status, text: &str| {
            let (text, retry_after, redirected) = (text.to_owned(), None, true);
            (Answer {
                status,
                text,
                retry_after,
                redirected,
            })
            .into_result(true)
        };
        assert_eq!(keyed(401, ""), Err(ApiError::KeyRefused));
        assert_eq!(keyed(200, "<!DOCTYPE html>"), Err(ApiError::WebPage));
        // No session was asked for: signing in would change nothing.
        assert!(!ApiError::KeyRefused.is_signed_out());
    }

    #[test]
    fn only_a_plain_client_error_is_a_refusal_that_asking_again_will_not_change() {
        let http = |status| ApiError::Http {
            status,
            message: None,
            retry_after: None,
        };
        assert!(http(400).is_refused());
        assert!(http(422).is_refused());
        assert!(!http(500).is_refused());
        assert!(!http(503).is_refused());
        let own_sentences = [
            ApiError::Unauthorized,
            ApiError::Forbidden,
            ApiError::NotFound,
        ];
        assert!(own_sentences.iter().all(|error| !error.is_refused()));
        assert!(!ApiError::Network.is_refused());
    }

    #[test]
    fn a_failure_says_how_long_the_backend_asks_to_wait() {
        assert_eq!(
            http_reason(422, None, None),
            "The backend answered HTTP 422."
        );
        assert_eq!(
            http_reason(503, Some("down for upgrade"), Some(120)),
            "The backend answered HTTP 503: down for upgrade. Try again in 120 seconds."
        );
        assert_eq!(
            http_reason(503, Some("Maintenance."), Some(1)),
            "The backend answered HTTP 503: Maintenance. Try again in 1 second."
        );
    }

    #[test]
    fn a_busy_backend_names_its_wait_only_when_there_is_one() {
        let busy = |retry_after| ApiError::TooManyRequests { retry_after }.to_string();
        assert_eq!(
            busy(Some(30)),
            "The backend is receiving too many requests (HTTP 429). Try again in 30 seconds."
        );
        assert_eq!(
            busy(Some(0)),
            "The backend is receiving too many requests (HTTP 429). Try again in a moment."
        );
        assert_eq!(busy(None), busy(Some(0)));
    }

    #[test]
    fn an_error_says_when_to_try_again_only_when_its_message_does() {
        let http = |retry_after| ApiError::Http {
            status: 503,
            message: None,
            retry_after,
        };
        for (error, says) in [
            (ApiError::TooManyRequests { retry_after: None }, true),
            (http(Some(30)), true),
            (http(Some(0)), false),
            (http(None), false),
            (ApiError::NotFound, false),
        ] {
            assert_eq!(error.says_when(), says, "{error}");
            assert_eq!(error.to_string().contains("Try again in"), says, "{error}");
        }
    }
}
