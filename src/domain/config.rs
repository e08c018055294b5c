//! Settings the host dashboard gives the app when it embeds it, read from the mount
//! element's data attributes and checked before use.

/// The checked settings.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Config {
    /// Where a 401 sends the admin to sign in.
    pub sign_in_url: Option<String>,
    /// The active project: sent with every request, and the key of what the browser keeps.
    pub project_id: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ConfigError {
    #[error(
        "data-sign-in-url must be a path on this site (\"/sign-in\") or an http(s) URL, not {0:?}."
    )]
    SignInUrl(String),
    #[error("data-project-id must be 1 to 128 letters, digits, dots, dashes, underscores or colons, not {0:?}.")]
    ProjectId(String),
}

impl Config {
    /// Reads `data-*` attributes through `get` (e.g. `get("data-sign-in-url")`).
    pub fn from_attributes(get: impl Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        let sign_in_url = get("data-sign-in-url")
            .map(|url| url.trim().to_owned())
            .filter(|url| !url.is_empty());
        if let Some(url) = &sign_in_url {
            if !is_safe_link(url) {
                return Err(ConfigError::SignInUrl(url.clone()));
            }
        }
        let project_id = get("data-project-id")
            .map(|id| id.trim().to_owned())
            .filter(|id| !id.is_empty());
        if let Some(id) = &project_id {
            // It travels in a request header, where only plain ASCII is safe.
            let plain = |c: char| c.is_ascii_alphanumeric() || "._-:".contains(c);
            if id.len() > 128 || !id.chars().all(plain) {
                return Err(ConfigError::ProjectId(id.clone()));
            }
        }
        Ok(Self {
            sign_in_url,
            project_id,
        })
    }
}

/// A same-site path or an http(s) URL: never `javascript:` or another scheme that would
/// run or leave the web, and never a protocol-relative `//host`.
fn is_safe_link(url: &str) -> bool {
    let lower = url.to_ascii_lowercase();
    (url.starts_with('/') && !url.starts_with("//"))
        || lower.starts_with("https://")
        || lower.starts_with("http://")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(sign_in: Option<&str>) -> Result<Config, ConfigError> {
        Config::from_attributes(|name| {
            (name == "data-sign-in-url")
                .then(|| sign_in.map(str::to_owned))
                .flatten()
        })
    }

    fn project(id: &str) -> Result<Config, ConfigError> {
        Config::from_attributes(|name| (name == "data-project-id").then(|| id.to_owned()))
    }

    #[test]
    fn project_ids_are_plain_ascii() {
        assert_eq!(
            project("proj_1").unwrap().project_id.as_deref(),
            Some("proj_1")
        );
        assert_eq!(project(" ").unwrap().project_id, None);
        for bad in ["proj 1", "proj\n1", "prøj", &"p".repeat(129)] {
            assert!(
                matches!(project(bad), Err(ConfigError::ProjectId(_))),
                "{bad}"
            );
        }
    }

    #[test]
    fn nothing_configured_is_the_default() {
        assert_eq!(read(None), Ok(Config::default()));
        assert_eq!(read(Some("  ")), Ok(Config::default()));
    }

    #[test]
    fn sign_in_links_are_paths_or_web_urls() {
        for url in [
            "/sign-in",
            "https://auth.example.com/login?next=/audit",
            "HTTP://x",
        ] {
            assert_eq!(read(Some(url)).unwrap().sign_in_url.as_deref(), Some(url));
        }
    }

    #[test]
    fn links_that_could_run_code_or_leave_the_site_unexpectedly_are_refused() {
        for url in [
            "javascript:alert(1)",
            "JavaScript:x",
            "data:text/html,x",
            "//evil.example",
            "sign-in",
        ] {
            let error = read(Some(url)).unwrap_err();
            assert!(
                error.to_string().starts_with("data-sign-in-url must be"),
                "{url}"
            );
        }
    }
}
