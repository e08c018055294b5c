//! Settings the host page gives the app, with no rebuild: `data-*` attributes on the mount
//! element and an optional `config.json` beside index.html; an attribute wins over the file.
//! Each setting is checked before use; a bad one is reported by name and its default used.

use super::patterns::{invisible, PatternError, Patterns, MAX_PATTERNS};
use super::redact::{redact_string, REDACTED};
use super::scan::{string_list, string_text, Invalid, Read, Scanner};
use std::fmt::{self, Write};
use std::time::Duration;

/// The checked settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    /// Prefix of the API paths: "" for this site, else an origin and/or path, no trailing `/`.
    pub api_base: String,
    pub auth: Auth,
    /// The active project: sent with every request, and the key of what the browser keeps.
    pub project_id: Option<String>,
    /// Where a 401 sends the admin to sign in.
    pub sign_in_url: Option<String>,
    /// How often Notifications asks for new events while visible.
    pub poll_interval: Duration,
    /// The list Notifications starts from until the admin changes it.
    pub important_actions: Patterns,
    /// How long a request may go unanswered.
    pub request_timeout: Duration,
    /// The router's base when the host page routes a path prefix to the app (`/security/audit`
    /// → `/security/audit/notifications`); `""` is the root. `None`: the base the server wrote
    /// into the page (`crate::base`).
    pub base_path: Option<String>,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            api_base: String::new(),
            auth: Auth::Cookie,
            project_id: None,
            sign_in_url: None,
            poll_interval: Duration::from_secs(30),
            important_actions: Patterns::default(),
            request_timeout: Duration::from_secs(30),
            base_path: None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Auth {
    /// The admin's session cookie (`credentials: include`), as Banata's dashboard does.
    Cookie,
    /// `Authorization: Bearer <key>` and no cookies, as the SDK does.
    Bearer(ApiKey),
}

/// A secret: it never reaches the screen, so not even `Debug` shows it.
#[derive(Clone, PartialEq, Eq)]
pub struct ApiKey(String);

impl ApiKey {
    pub fn authorization(&self) -> String {
        format!("Bearer {}", self.0)
    }

    /// `text` without the key, should the backend's words echo it ("Invalid API key …"):
    /// redaction knows a secret by its name or its form, and this one's form is the host's.
    pub fn hidden_in(&self, text: &str) -> String {
        match self.0.is_empty() {
            true => text.to_owned(),
            false => text.replace(&self.0, REDACTED),
        }
    }
}

impl fmt::Debug for ApiKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ApiKey(hidden)")
    }
}

/// One setting: its data attribute and its `config.json` key.
#[derive(Debug, Clone, Copy)]
pub struct Setting {
    pub attribute: &'static str,
    pub key: &'static str,
}

pub const API_BASE_URL: Setting = setting("data-api-base-url", "apiBaseUrl");
pub const AUTH: Setting = setting("data-auth", "auth");
pub const API_KEY: Setting = setting("data-api-key", "apiKey");
pub const PROJECT_ID: Setting = setting("data-project-id", "projectId");
pub const SIGN_IN_URL: Setting = setting("data-sign-in-url", "signInUrl");
pub const POLL_INTERVAL: Setting = setting("data-poll-interval-seconds", "pollIntervalSeconds");
pub const IMPORTANT_ACTIONS: Setting = setting("data-important-actions", "importantActions");
pub const REQUEST_TIMEOUT: Setting =
    setting("data-request-timeout-seconds", "requestTimeoutSeconds");
pub const BASE_PATH: Setting = setting("data-base-path", "basePath");

const fn setting(attribute: &'static str, key: &'static str) -> Setting {
    Setting { attribute, key }
}

/// What is wrong, shown on screen. A message never holds the API key: the variants about
/// the key, and about `auth` (where a key may be pasted by mistake), carry no value.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ConfigError {
    #[error("config.json could not be read: {0}. Its settings are not used.")]
    File(String),
    #[error("config.json has no setting {}; it is ignored.", Quoted(.0))]
    UnknownKey(String),
    #[error("{name} {problem} Its default is used instead.")]
    Invalid { name: String, problem: Problem },
    #[error("bearer auth needs an API key (data-api-key, or apiKey in config.json); the session cookie is used instead.")]
    MissingKey,
    #[error("the API key is sent only over https (or to localhost), and this page reaches its API otherwise; the session cookie is used instead.")]
    InsecureKey,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Problem {
    #[error("must be an http(s) URL (with no user or password: browsers refuse those) or a path starting with / (no ? or #), not {0}.")]
    ApiBaseUrl(Rejected),
    #[error("must be https on a page served over https, which browsers do not let reach plain http (but on this machine).")]
    PlainHttpApi,
    #[error("must be \"cookie\" or \"bearer\".")]
    AuthMode,
    #[error("must be printable characters without spaces (the value is not shown).")]
    ApiKey,
    #[error("must be 1 to 128 letters, digits, dots, dashes, underscores or colons, not {0}.")]
    ProjectId(Rejected),
    #[error("must be a path on this site (\"/sign-in\") or an http(s) URL, not {0}.")]
    SignInUrl(Rejected),
    #[error("must be a path starting with / (no ? or #), such as \"/security/audit\", not {0}.")]
    BasePath(Rejected),
    #[error("must be a whole number of seconds from {min} to {max}.")]
    Seconds { min: u64, max: u64 },
    #[error("must list at least one action.")]
    NoActions,
    #[error("must list at most {MAX_PATTERNS} actions.")]
    TooManyActions,
    #[error("has an invalid action: {0}")]
    Action(PatternError),
    #[error("must be text.")]
    NotText,
    #[error("must be a list of actions.")]
    NotList,
}

/// A rejected value as quoted back on the page, which helps to spot a typo; not one with
/// a query, a fragment or a user's credentials, where a key or a password may have been
/// pasted, nor one that redaction finds a secret in (a key pasted into the wrong setting).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rejected(String);

impl fmt::Display for Rejected {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.contains(['?', '#', '@']) || redact_string(&self.0).is_some() {
            f.write_str("the value given (not shown, as it may hold a secret)")
        } else {
            Quoted(&self.0).fmt(f)
        }
    }
}

/// A text quoted back on the page, a quote, a backslash and an invisible character
/// (`\u{200b}`) written out, so that a typo shows.
struct Quoted<'a>(&'a str);

impl fmt::Display for Quoted<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_char('"')?;
        for c in self.0.chars() {
            match c {
                '"' | '\\' => write!(f, "\\{c}")?,
                c if invisible(c) => write!(f, "\\u{{{:x}}}", u32::from(c))?,
                c => f.write_char(c)?,
            }
        }
        f.write_char('"')
    }
}

impl Config {
    /// Reads the settings from the mount element's attributes (`attribute("data-auth")`) and
    /// the text of `config.json`, when there is one, for a page at `page_origin` (which an
    /// API base on this site is reached through). Returns defaults for whatever is bad, and
    /// what was bad.
    pub fn read(
        attribute: impl Fn(&str) -> Option<String>,
        file: Option<&str>,
        page_origin: &str,
    ) -> (Self, Vec<ConfigError>) {
        let mut errors = Vec::new();
        let file = match file.map(parse_file).transpose() {
            Ok(file) => file.unwrap_or_default(),
            Err(error) => {
                errors.push(error);
                Vec::new()
            }
        };
        let mut reader = Reader {
            attribute,
            file,
            errors,
        };
        let defaults = Self::default();
        let api_base = reader
            .get(API_BASE_URL, |raw| api_base(raw.text()?, page_origin))
            .unwrap_or_default();
        let bearer = reader.get(AUTH, |raw| bearer_mode(raw.text()?)) == Some(true);
        let key = reader.get(API_KEY, |raw| api_key(raw.text()?)).flatten();
        let auth = match (bearer, key) {
            (false, _) => Auth::Cookie,
            (true, None) => reader.refuse(ConfigError::MissingKey),
            (true, Some(_)) if !keeps_a_key_safe(&api_base, page_origin) => {
                reader.refuse(ConfigError::InsecureKey)
            }
            (true, Some(key)) => Auth::Bearer(key),
        };
        let config = Self {
            api_base,
            auth,
            project_id: reader
                .get(PROJECT_ID, |raw| project_id(raw.text()?))
                .flatten(),
            sign_in_url: reader
                .get(SIGN_IN_URL, |raw| sign_in_url(raw.text()?))
                .flatten(),
            poll_interval: reader
                .get(POLL_INTERVAL, |raw| raw.seconds(5, 3600))
                .unwrap_or(defaults.poll_interval),
            important_actions: reader
                .get(IMPORTANT_ACTIONS, |raw| important_actions(raw.list()?))
                .unwrap_or(defaults.important_actions),
            request_timeout: reader
                .get(REQUEST_TIMEOUT, |raw| raw.seconds(1, 300))
                .unwrap_or(defaults.request_timeout),
            base_path: reader
                .get(BASE_PATH, |raw| base_path(raw.text()?))
                .flatten(),
        };
        let unknown = reader
            .file
            .into_iter()
            .map(|(key, _)| ConfigError::UnknownKey(key));
        let errors = reader.errors.into_iter().chain(unknown).collect();
        (config, errors)
    }
}

/// The file's settings in its order, each value's JSON text; a repeated key keeps its
/// first place and its last value, as a JSON object's reader would.
fn parse_file(text: &str) -> Result<Vec<(String, &str)>, ConfigError> {
    let mut scan = Scanner::new(text);
    if scan.peek() != Some(b'{') {
        return Err(match scan.value().and_then(|_| scan.end()) {
            Ok(()) => ConfigError::File("it is not a JSON object".into()),
            Err(Invalid) => not_json(text, &scan),
        });
    }
    let mut settings: Vec<(String, &str)> = Vec::new();
    let read: Read<()> = scan
        .object(|scan, key| {
            let value = scan.value()?;
            match settings.iter_mut().find(|(known, _)| *known == key) {
                Some((_, kept)) => *kept = value,
                None => settings.push((key.into_owned(), value)),
            }
            Ok(())
        })
        .and_then(|()| scan.end());
    match read {
        Ok(()) => Ok(settings),
        Err(Invalid) => Err(not_json(text, &scan)),
    }
}

/// Where the file stops being JSON, as a line and column: no content is quoted, so no
/// secret in the file can reach the screen.
fn not_json(text: &str, scan: &Scanner<'_>) -> ConfigError {
    let before = text.get(..scan.position()).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let column = before
        .rsplit('\n')
        .next()
        .unwrap_or_default()
        .chars()
        .count()
        + 1;
    ConfigError::File(format!(
        "it is not valid JSON (at line {line}, column {column})"
    ))
}

/// Takes each setting from its attribute, else from the file, and keeps what was wrong.
struct Reader<'a, A> {
    attribute: A,
    file: Vec<(String, &'a str)>,
    errors: Vec<ConfigError>,
}

impl<'a, A: Fn(&str) -> Option<String>> Reader<'a, A> {
    /// The setting checked by `check`, or `None` when it is not set or is bad.
    fn get<T>(
        &mut self,
        setting: Setting,
        check: impl FnOnce(Raw<'a>) -> Result<T, Problem>,
    ) -> Option<T> {
        // Taken from the file in any case, so that what is left over is unknown; in place,
        // so that the keys left over are reported in the file's order.
        let at = self.file.iter().position(|(key, _)| key == setting.key);
        let in_file = at
            .map(|at| self.file.remove(at).1)
            .filter(|&value| value != "null");
        let (name, raw) = match (self.attribute)(setting.attribute) {
            Some(text) if !text.trim().is_empty() => {
                (setting.attribute.to_owned(), Raw::Text(text))
            }
            _ => (
                format!("{} in config.json", setting.key),
                Raw::Json(in_file?),
            ),
        };
        check(raw)
            .map_err(|problem| self.errors.push(ConfigError::Invalid { name, problem }))
            .ok()
    }

    /// Keeps `error` and falls back to the session cookie, the safe default.
    fn refuse(&mut self, error: ConfigError) -> Auth {
        self.errors.push(error);
        Auth::Cookie
    }
}

/// A setting as written: an attribute's text or a JSON value's text.
enum Raw<'a> {
    Text(String),
    Json(&'a str),
}

impl Raw<'_> {
    /// Trimmed; `""` means not set.
    fn text(self) -> Result<String, Problem> {
        match self {
            Raw::Text(text) => Ok(text.trim().to_owned()),
            Raw::Json(json) => string_text(json)
                .map(|text| text.trim().to_owned())
                .ok_or(Problem::NotText),
        }
    }

    fn seconds(self, min: u64, max: u64) -> Result<Duration, Problem> {
        let seconds = match self {
            Raw::Text(text) => text.trim().parse().ok(),
            // Digits alone: a JSON number with a fraction or an exponent is not a count.
            Raw::Json(json) => json.parse().ok(),
        };
        seconds
            .filter(|seconds| (min..=max).contains(seconds))
            .map(Duration::from_secs)
            .ok_or(Problem::Seconds { min, max })
    }

    /// An attribute lists actions separated by commas; the file gives a JSON array.
    fn list(self) -> Result<Vec<String>, Problem> {
        match self {
            Raw::Text(text) => Ok(text
                .split(',')
                .map(str::trim)
                .filter(|action| !action.is_empty())
                .map(str::to_owned)
                .collect()),
            Raw::Json(json) => string_list(json).ok_or(Problem::NotList),
        }
    }
}

/// `true` for bearer; the value is never quoted back, as a key may be pasted here by mistake.
fn bearer_mode(text: String) -> Result<bool, Problem> {
    match text.to_ascii_lowercase().as_str() {
        "cookie" => Ok(false),
        "bearer" => Ok(true),
        _ => Err(Problem::AuthMode),
    }
}

/// An http(s) URL or a same-site path (a proxy's prefix), without a trailing `/`; paths
/// are appended to it, so a query or fragment would break them.
fn api_base(text: String, page_origin: &str) -> Result<String, Problem> {
    if !web_address(&text) || text.contains(['?', '#']) || has_user_info(&text) {
        return Err(Problem::ApiBaseUrl(Rejected(text)));
    }
    // Mixed content: every request would fail as if the backend were down.
    let secure_page = page_origin.to_ascii_lowercase().starts_with("https://");
    if secure_page && !reached_securely(&text) {
        return Err(Problem::PlainHttpApi);
    }
    Ok(text.trim_end_matches('/').to_owned())
}

/// Whether an API base is reached over https, or over plain http on this machine, which
/// browsers trust as they do https; a path on this site is reached as the page is.
fn reached_securely(api_base: &str) -> bool {
    let lower = api_base.to_ascii_lowercase();
    !lower.starts_with("http://")
        || (lower.strip_prefix("http://"))
            .is_some_and(|rest| matches!(host(rest), "localhost" | "127.0.0.1" | "[::1]"))
}

/// An http(s) URL with a host, or a path on this site, with no whitespace or control
/// character to break it.
fn web_address(text: &str) -> bool {
    let absolute =
        after_http_scheme(&text.to_ascii_lowercase()).is_some_and(|rest| !host(rest).is_empty());
    (absolute || is_site_path(text)) && !text.chars().any(|c| c.is_whitespace() || c.is_control())
}

/// A path on this site: `/…`, never `//host` nor `/\host`, which a browser reads as
/// another site (it takes `\` for `/` in a web address, and drops tabs and line breaks).
pub fn is_site_path(text: &str) -> bool {
    text.strip_prefix('/')
        .is_some_and(|path| !path.starts_with(['/', '\\']) && !path.contains(['\t', '\n', '\r']))
}

/// The host of a URL after its `scheme://`: without user info, port, path, query or fragment.
fn host(rest: &str) -> &str {
    let authority = authority(rest);
    let host = authority
        .rsplit_once('@')
        .map_or(authority, |(_, host)| host);
    host.rsplit_once(':')
        .filter(|(_, port)| port.chars().all(|c| c.is_ascii_digit()))
        .map_or(host, |(host, _)| host)
}

/// A URL's user info, port and host, after its `scheme://`.
fn authority(rest: &str) -> &str {
    rest.split(['/', '\\', '?', '#']).next().unwrap_or_default()
}

/// Whether an http(s) URL names a user (and a password): `fetch` refuses it, so every
/// request would fail as if the backend were down.
fn has_user_info(text: &str) -> bool {
    after_http_scheme(&text.to_ascii_lowercase()).is_some_and(|rest| authority(rest).contains('@'))
}

/// What follows `https://` or `http://` in a URL written in lower case.
fn after_http_scheme(lower: &str) -> Option<&str> {
    lower
        .strip_prefix("https://")
        .or_else(|| lower.strip_prefix("http://"))
}

/// Whether a key sent to the API is safe on the way: over https, or over plain http to
/// this machine. An API base on this site (a path, or none) is reached as the page is; a
/// page whose origin is opaque (`null` in a sandboxed frame) is not known to be either.
fn keeps_a_key_safe(api_base: &str, page_origin: &str) -> bool {
    let lower = api_base.to_ascii_lowercase();
    let reached = match after_http_scheme(&lower).is_some() {
        true => lower,
        false => page_origin.to_ascii_lowercase(),
    };
    reached.starts_with("https://")
        || (reached.starts_with("http://") && reached_securely(&reached))
}

fn api_key(text: String) -> Result<Option<ApiKey>, Problem> {
    // It travels in a header: visible ASCII only.
    if text.len() > 4096 || !text.chars().all(|c| c.is_ascii_graphic()) {
        return Err(Problem::ApiKey);
    }
    Ok((!text.is_empty()).then_some(ApiKey(text)))
}

fn project_id(text: String) -> Result<Option<String>, Problem> {
    // It travels in a request header, where only plain ASCII is safe.
    let plain = |c: char| c.is_ascii_alphanumeric() || "._-:".contains(c);
    if text.len() > 128 || !text.chars().all(plain) {
        return Err(Problem::ProjectId(Rejected(text)));
    }
    Ok((!text.is_empty()).then_some(text))
}

/// A same-site path or an http(s) URL: never `javascript:` or another scheme that would
/// run or leave the web, and never a protocol-relative `//host` (see `is_site_path`).
fn sign_in_url(text: String) -> Result<Option<String>, Problem> {
    match (text.is_empty(), web_address(&text)) {
        (true, _) => Ok(None),
        (false, true) => Ok(Some(text)),
        (false, false) => Err(Problem::SignInUrl(Rejected(text))),
    }
}

/// A path on this site with no trailing `/`: the router joins its `/…` routes onto it.
fn base_path(text: String) -> Result<Option<String>, Problem> {
    if text.is_empty() {
        return Ok(None);
    }
    if is_site_path(&text) && web_address(&text) && !text.contains(['?', '#']) {
        Ok(Some(text.trim_end_matches('/').to_owned()))
    } else {
        Err(Problem::BasePath(Rejected(text)))
    }
}

fn important_actions(actions: Vec<String>) -> Result<Patterns, Problem> {
    if actions.is_empty() {
        return Err(Problem::NoActions);
    }
    Patterns::with_defaults(&actions).map_err(|error| match error {
        // Not one action's fault: the list's.
        PatternError::Full => Problem::TooManyActions,
        error => Problem::Action(error),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Where the page under test is: https, so that a key may go to an API on this site.
    const PAGE: &str = "https://dash.example";

    fn attributes<'a>(pairs: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<String> + 'a {
        |name| {
            pairs
                .iter()
                .find(|(key, _)| *key == name)
                .map(|(_, value)| (*value).to_owned())
        }
    }

    fn read(pairs: &[(&str, &str)]) -> (Config, Vec<ConfigError>) {
        Config::read(attributes(pairs), None, PAGE)
    }

    fn messages(errors: &[ConfigError]) -> Vec<String> {
        errors.iter().map(ToString::to_string).collect()
    }

    const KEY: &str = "sk_live_7f3a9c";

    #[test]
    fn the_api_key_is_taken_out_of_the_backends_words() {
        let key = ApiKey("ba_9f8e7d6c5b4a".into());
        assert_eq!(
            key.hidden_in("Invalid API key ba_9f8e7d6c5b4a (ba_9f8e7d6c5b4a)"),
            "Invalid API key [redacted] ([redacted])"
        );
        assert_eq!(key.hidden_in("Invalid API key"), "Invalid API key");
        assert_eq!(ApiKey(String::new()).hidden_in("a b"), "a b");
    }

    #[test]
    fn nothing_configured_is_the_default() {
        assert_eq!(read(&[]), (Config::default(), vec![]));
        assert_eq!(
            read(&[("data-sign-in-url", "  "), ("data-project-id", "")]),
            (Config::default(), vec![])
        );
        assert_eq!(
            Config::read(|_| None, Some("{}"), PAGE),
            (Config::default(), vec![])
        );
        let defaults = Config::default();
        assert_eq!(defaults.poll_interval, Duration::from_secs(30));
        assert_eq!(defaults.request_timeout, Duration::from_secs(30));
        assert_eq!(defaults.auth, Auth::Cookie);
    }

    #[test]
    fn every_setting_is_read_from_attributes() {
        let (config, errors) = read(&[
            ("data-api-base-url", "https://auth.example.com/banata/"),
            ("data-auth", "Bearer"),
            ("data-api-key", KEY),
            ("data-project-id", "proj_1"),
            ("data-sign-in-url", "/sign-in"),
            ("data-poll-interval-seconds", "10"),
            ("data-important-actions", "user.create, api_key.created"),
            ("data-request-timeout-seconds", "5"),
            ("data-base-path", "/security/audit/"),
        ]);
        assert_eq!(errors, vec![]);
        assert_eq!(config.api_base, "https://auth.example.com/banata");
        assert_eq!(config.auth, Auth::Bearer(ApiKey(KEY.into())));
        assert_eq!(config.project_id.as_deref(), Some("proj_1"));
        assert_eq!(config.sign_in_url.as_deref(), Some("/sign-in"));
        assert_eq!(config.poll_interval, Duration::from_secs(10));
        assert_eq!(
            config.important_actions.as_slice(),
            ["user.create", "api_key.created"]
        );
        assert_eq!(config.request_timeout, Duration::from_secs(5));
        assert_eq!(config.base_path.as_deref(), Some("/security/audit"));
    }

    #[test]
    fn config_json_is_read_and_attributes_win() {
        let file = r#"{ "apiBaseUrl": "/proxy", "projectId": "proj_file", "pollIntervalSeconds": 60,
            "importantActions": ["user.create"], "requestTimeoutSeconds": 2, "signInUrl": null,
            "basePath": "/" }"#;
        // A blank attribute (a template's empty placeholder) is no setting: the file's holds.
        let (config, errors) = Config::read(
            attributes(&[
                ("data-project-id", "proj_attr"),
                ("data-poll-interval-seconds", " "),
            ]),
            Some(file),
            PAGE,
        );
        assert_eq!(errors, vec![]);
        assert_eq!(config.api_base, "/proxy");
        assert_eq!(config.project_id.as_deref(), Some("proj_attr"));
        assert_eq!(config.poll_interval, Duration::from_secs(60));
        assert_eq!(config.important_actions.as_slice(), ["user.create"]);
        assert_eq!(config.request_timeout, Duration::from_secs(2));
        assert_eq!(config.base_path.as_deref(), Some(""));
    }

    #[test]
    fn an_unreadable_file_or_unknown_key_is_named_and_the_rest_still_applies() {
        let (config, errors) =
            Config::read(attributes(&[("data-project-id", "p")]), Some("{oops"), PAGE);
        assert_eq!(config.project_id.as_deref(), Some("p"));
        assert!(messages(&errors)[0].starts_with(
            "config.json could not be read: it is not valid JSON (at line 1, column 2)"
        ));
        // Where it stops being JSON, by line and character, and nothing of its content.
        let (_, errors) = Config::read(
            |_| None,
            Some("{\n  \"apiKey\": \"sk_é\",\n  \"x\" 1\n}"),
            PAGE,
        );
        assert!(messages(&errors)[0].contains("(at line 3, column 7)"));
        assert!(!messages(&errors)[0].contains("sk_"));
        // A tab inside a string is named at its own column, not the next.
        let (_, errors) = Config::read(|_| None, Some("{\"a\": \"b\tc\"}"), PAGE);
        assert!(messages(&errors)[0].contains("(at line 1, column 9)"));
        // An unclosed string, at the end of the text.
        let (_, errors) = Config::read(|_| None, Some("{\"a\": \"bc"), PAGE);
        assert!(messages(&errors)[0].contains("(at line 1, column 10)"));
        let (_, errors) = Config::read(|_| None, Some(r#"["a"] x"#), PAGE);
        assert!(messages(&errors)[0].contains("not valid JSON (at line 1, column 7)"));
        let (_, errors) = Config::read(|_| None, Some(r#"["a"]"#), PAGE);
        assert_eq!(messages(&errors), ["config.json could not be read: it is not a JSON object. Its settings are not used."]);
        let (config, errors) = Config::read(
            |_| None,
            Some(r#"{"zeta": 1, "projectId": "p", "pollInterval": 5, "alpha": 2}"#),
            PAGE,
        );
        assert_eq!(config.project_id.as_deref(), Some("p"));
        assert_eq!(
            messages(&errors),
            [
                "config.json has no setting \"zeta\"; it is ignored.",
                "config.json has no setting \"pollInterval\"; it is ignored.",
                "config.json has no setting \"alpha\"; it is ignored."
            ]
        );
        // A repeated setting is one setting, whose last value counts, as in any JSON reader.
        let (config, errors) = Config::read(
            |_| None,
            Some(r#"{"projectId": "old", "zeta": 1, "projectId": "new", "zeta": 2}"#),
            PAGE,
        );
        assert_eq!(config.project_id.as_deref(), Some("new"));
        assert_eq!(
            messages(&errors),
            ["config.json has no setting \"zeta\"; it is ignored."]
        );
    }

    #[test]
    fn api_base_urls_are_web_urls_or_site_paths() {
        for (input, base) in [
            ("https://auth.example.com", "https://auth.example.com"),
            ("HTTP://127.0.0.1:8080/", "HTTP://127.0.0.1:8080"),
            ("/proxy/banata/", "/proxy/banata"),
        ] {
            assert_eq!(read(&[("data-api-base-url", input)]).0.api_base, base);
        }
        for bad in [
            "api",
            "./api",
            "//evil.example",
            "/\\evil.example",
            "ftp://x",
            "javascript:alert(1)",
            "https://",
            "https:///",
            "https://:80",
            "https://user@/",
            "https://x/?a=1",
            "/a#b",
            "/a b",
            "https://admin:hunter2@auth.example.com",
        ] {
            let (config, errors) = read(&[("data-api-base-url", bad)]);
            assert_eq!(config.api_base, "", "{bad}");
            assert!(
                messages(&errors)[0].starts_with("data-api-base-url must be an http(s) URL"),
                "{bad}"
            );
        }
        let (_, errors) = Config::read(|_| None, Some(r#"{"apiBaseUrl": "ftp://x"}"#), PAGE);
        assert!(
            messages(&errors)[0].starts_with("apiBaseUrl in config.json must be an http(s) URL")
        );
    }

    #[test]
    fn a_rejected_address_is_quoted_back_unless_it_may_hold_a_secret() {
        let (_, errors) = read(&[
            ("data-api-base-url", "ftp://files.example"),
            ("data-sign-in-url", "javascript:alert(1)"),
            ("data-base-path", &format!("/audit?token={KEY}")),
            ("data-project-id", &format!("proj#{KEY}")),
        ]);
        let said = |name: &str| {
            let said = messages(&errors);
            said.into_iter()
                .find(|message| message.starts_with(name))
                .unwrap()
        };
        assert!(said("data-api-base-url").contains(r#"not "ftp://files.example"."#));
        assert!(said("data-sign-in-url").contains(r#"not "javascript:alert(1)"."#));
        for name in ["data-base-path", "data-project-id"] {
            let hidden = "not the value given (not shown, as it may hold a secret).";
            assert!(said(name).contains(hidden), "{name}");
        }
        let (_, errors) = read(&[(
            "data-api-base-url",
            &format!("https://admin:{KEY}@auth.x/?"),
        )]);
        assert!(!messages(&errors)[0].contains(KEY));
        // User info alone is enough to hide it.
        let (_, errors) = read(&[("data-api-base-url", "ftp://admin:hunter2@files.example")]);
        assert!(!messages(&errors)[0].contains("hunter2"));
        // So is a key pasted into the wrong setting.
        let (_, errors) = read(&[
            ("data-api-base-url", "sk_live_7f3a9c0123"),
            ("data-sign-in-url", "Bearer tok3nV4lue99"),
        ]);
        for message in messages(&errors) {
            assert!(
                message.contains("(not shown, as it may hold a secret)"),
                "{message}"
            );
        }
    }

    #[test]
    fn a_page_over_https_reaches_no_api_over_plain_http_but_on_this_machine() {
        let (config, errors) = read(&[("data-api-base-url", "http://auth.example.com")]);
        assert_eq!(config.api_base, "");
        assert_eq!(
            messages(&errors),
            ["data-api-base-url must be https on a page served over https, which browsers do not let reach plain http (but on this machine). Its default is used instead."]
        );
        for base in [
            "http://localhost:8080",
            "http://127.0.0.1:1",
            "https://auth.example.com",
        ] {
            assert_eq!(read(&[("data-api-base-url", base)]).0.api_base, base);
        }
        let plain_page = |base| {
            Config::read(
                attributes(&[("data-api-base-url", base)]),
                None,
                "http://dash.example",
            )
        };
        assert_eq!(
            plain_page("http://auth.example.com").0.api_base,
            "http://auth.example.com"
        );
    }

    #[test]
    fn auth_modes_and_api_keys_are_checked_without_showing_the_key() {
        let bad_mode = read(&[("data-auth", KEY)]);
        assert_eq!(bad_mode.0.auth, Auth::Cookie);
        assert_eq!(
            messages(&bad_mode.1),
            ["data-auth must be \"cookie\" or \"bearer\". Its default is used instead."]
        );

        let missing = read(&[("data-auth", "bearer")]);
        assert_eq!(missing.0.auth, Auth::Cookie);
        assert!(messages(&missing.1)[0].starts_with("bearer auth needs an API key"));

        let spaced = format!("{KEY} {KEY}");
        let bad_key = read(&[("data-auth", "bearer"), ("data-api-key", &spaced)]);
        assert_eq!(bad_key.0.auth, Auth::Cookie);
        assert!(messages(&bad_key.1)[0].starts_with("data-api-key must be printable"));

        let over_http = Config::read(
            attributes(&[
                ("data-auth", "bearer"),
                ("data-api-key", KEY),
                ("data-api-base-url", "http://auth.example.com"),
            ]),
            None,
            "http://dash.example",
        );
        assert_eq!(over_http.0.auth, Auth::Cookie);
        assert!(messages(&over_http.1)[0].starts_with("the API key is sent only over https"));
        // The host is what follows any user info: this one is not this machine. A base with
        // user info is refused whole, so the key goes nowhere but this site.
        let disguised = read(&[
            ("data-auth", "bearer"),
            ("data-api-key", KEY),
            ("data-api-base-url", "http://localhost:8080@evil.example"),
        ]);
        assert_eq!(disguised.0.api_base, "");
        assert!(messages(&disguised.1)[0].starts_with("data-api-base-url must be an http(s) URL"));
        // An API on this site is reached as the page is: over plain http, only on this machine.
        let bearer = [("data-auth", "bearer"), ("data-api-key", KEY)];
        for base in [None, Some("/proxy")] {
            let pairs: Vec<_> = bearer
                .into_iter()
                .chain(base.map(|base| ("data-api-base-url", base)))
                .collect();
            let on = |origin| Config::read(attributes(&pairs), None, origin);
            let intranet = on("http://intranet.test");
            assert_eq!(intranet.0.auth, Auth::Cookie, "{base:?}");
            assert!(messages(&intranet.1)[0].starts_with("the API key is sent only over https"));
            // Nor from a page whose origin is opaque (a sandboxed frame) or unknown.
            for origin in ["null", "", "file://"] {
                assert_eq!(on(origin).0.auth, Auth::Cookie, "{origin:?} {base:?}");
            }
            for origin in [PAGE, "http://localhost:8080", "http://127.0.0.1:1"] {
                let key = Auth::Bearer(ApiKey(KEY.into()));
                assert_eq!(on(origin).0.auth, key, "{origin} {base:?}");
            }
        }
        let local = read(&[
            ("data-auth", "bearer"),
            ("data-api-key", KEY),
            ("data-api-base-url", "http://localhost:8080"),
        ]);
        assert_eq!(local.0.auth, Auth::Bearer(ApiKey(KEY.into())));

        let in_file = Config::read(
            |_| None,
            Some(&format!(r#"{{"auth": "bearer", "apiKey": "{KEY}é"}}"#)),
            PAGE,
        );
        assert_eq!(in_file.0.auth, Auth::Cookie);
        for case in [&bad_mode, &missing, &bad_key, &over_http, &in_file] {
            assert!(!format!("{:?} {:?}", case.0, messages(&case.1)).contains(KEY));
        }
        // A key given in cookie mode is not used.
        assert_eq!(read(&[("data-api-key", KEY)]).0.auth, Auth::Cookie);
    }

    #[test]
    fn intervals_are_whole_seconds_within_bounds() {
        for (input, seconds) in [("5", 5), (" 3600 ", 3600)] {
            let config = read(&[("data-poll-interval-seconds", input)]).0;
            assert_eq!(config.poll_interval, Duration::from_secs(seconds));
        }
        for bad in ["4", "3601", "-1", "1.5", "soon"] {
            let (config, errors) = read(&[("data-poll-interval-seconds", bad)]);
            assert_eq!(config.poll_interval, Duration::from_secs(30), "{bad}");
            assert_eq!(
                messages(&errors),
                ["data-poll-interval-seconds must be a whole number of seconds from 5 to 3600. Its default is used instead."]
            );
        }
        let (config, errors) =
            Config::read(|_| None, Some(r#"{"requestTimeoutSeconds": "2"}"#), PAGE);
        assert_eq!(config.request_timeout, Duration::from_secs(30));
        assert_eq!(
            messages(&errors),
            ["requestTimeoutSeconds in config.json must be a whole number of seconds from 1 to 300. Its default is used instead."]
        );
    }

    #[test]
    fn important_actions_are_validated_like_the_editor() {
        for (input, message) in [
            (" , ", "data-important-actions must list at least one action. Its default is used instead."),
            ("user.created, user created", "data-important-actions has an invalid action: An action has no spaces: use dots, dashes or underscores, for example user.created. Its default is used instead."),
            ("a.b,a.b", "data-important-actions has an invalid action: \"a.b\" is already in the list. Its default is used instead."),
            (&(0..=100).map(|n| format!("a.{n}")).collect::<Vec<_>>().join(","), "data-important-actions must list at most 100 actions. Its default is used instead."),
        ] {
            let (config, errors) = read(&[("data-important-actions", input)]);
            assert!(config.important_actions.is_default());
            assert_eq!(config.important_actions, Patterns::default());
            assert_eq!(messages(&errors), [message], "{input}");
        }
        for file in [
            r#"{"importantActions": []}"#,
            r#"{"importantActions": "user.created"}"#,
            r#"{"importantActions": [1]}"#,
        ] {
            let (config, errors) = Config::read(|_| None, Some(file), PAGE);
            assert_eq!(config.important_actions, Patterns::default());
            assert!(
                messages(&errors)[0].starts_with("importantActions in config.json must"),
                "{file}"
            );
        }
    }

    #[test]
    fn project_ids_are_plain_ascii() {
        assert_eq!(
            read(&[("data-project-id", "proj_1")])
                .0
                .project_id
                .as_deref(),
            Some("proj_1")
        );
        for bad in ["proj 1", "proj\n1", "prøj", &"p".repeat(129)] {
            let (config, errors) = read(&[("data-project-id", bad)]);
            assert_eq!(config.project_id, None);
            assert!(
                messages(&errors)[0].starts_with("data-project-id must be 1 to 128"),
                "{bad}"
            );
        }
        // Quoted back with what would not show written out, so that the typo can be seen.
        let (_, errors) = read(&[("data-project-id", "proj\u{200b}_\"1\"\\")]);
        assert!(
            messages(&errors)[0]
                .ends_with(r#"not "proj\u{200b}_\"1\"\\". Its default is used instead."#),
            "{:?}",
            messages(&errors)
        );
    }

    #[test]
    fn sign_in_links_are_paths_or_web_urls() {
        for url in [
            "/sign-in",
            "https://auth.example.com/login?next=/audit",
            "HTTP://x",
        ] {
            let config = read(&[("data-sign-in-url", url)]).0;
            assert_eq!(config.sign_in_url.as_deref(), Some(url));
        }
    }

    #[test]
    fn links_that_could_run_code_or_leave_the_site_unexpectedly_are_refused() {
        for url in [
            "javascript:alert(1)",
            "JavaScript:x",
            "data:text/html,x",
            "//evil.example",
            "/\\evil.example",
            "sign-in",
            "https://",
            "https://#x",
            "/sign in",
            "https://auth.example.com/\nlogin",
        ] {
            let (config, errors) = read(&[("data-sign-in-url", url)]);
            assert_eq!(config.sign_in_url, None);
            assert!(
                messages(&errors)[0].starts_with("data-sign-in-url must be"),
                "{url}"
            );
        }
    }

    #[test]
    fn a_base_path_is_a_path_on_this_site() {
        for bad in [
            "security",
            "//evil.example",
            "/\\evil.example",
            "/\t/evil.example",
            "https://x/security",
            "/a?b",
            "/a#b",
            "/a b",
        ] {
            let (config, errors) = read(&[("data-base-path", bad)]);
            assert_eq!(config.base_path, None, "{bad}");
            assert!(
                messages(&errors)[0].starts_with("data-base-path must be a path starting with /"),
                "{bad}"
            );
        }
    }
}
