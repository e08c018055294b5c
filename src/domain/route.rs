//! Which page a URL's path names, and the addresses of the app's pages.

/// Notifications' one setting in the address: `unread=1` shows the unread alone.
pub const UNREAD: &str = "unread";

/// Every setting the app's pages read from the address: Notifications' [`UNREAD`], then
/// Audit Logs' (`AuditQuery`'s). Any other is a host page's, which the app's navigation and
/// links keep as written.
pub const APP_KEYS: [&str; 15] = [
    UNREAD, "action", "actor", "org", "range", "from", "to", "q", "sort", "dir", "after", "before",
    "event", "size", "trail",
];

/// The dashboard's pages, each at a fixed path below the router's base.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Route {
    /// The base itself, which leads on to Notifications.
    Root,
    Notifications,
    AuditLogs,
}

impl Route {
    /// The page's path below the base.
    pub fn path(self) -> &'static str {
        match self {
            Route::Root => "/",
            Route::Notifications => "/notifications",
            Route::AuditLogs => "/audit-logs",
        }
    }

    /// The page's address under `base`, the router's base path (`""` at the root), with
    /// `query` (the app's settings for the page, encoded) and, after them, the settings of the
    /// `current` query string that no page of the app reads: a host page's, like
    /// `?tenant=acme`, which a link to another page keeps as the page's own navigation does.
    pub fn link(self, base: &str, query: &str, current: &str) -> String {
        let search = keeping_host_params(query, current, &APP_KEYS);
        format!("{base}{}{search}", self.path())
    }

    /// The page at `path` under `base` (`""` at the root, else like `/admin/audit`), or `None`
    /// for no page. As leptos_router's `<Routes>` matches: exactly, with one trailing slash
    /// allowed.
    pub fn at(path: &str, base: &str) -> Option<Route> {
        let below = path.strip_prefix(base)?;
        match below.strip_suffix('/').unwrap_or(below) {
            "" => Some(Route::Root),
            "/notifications" => Some(Route::Notifications),
            "/audit-logs" => Some(Route::AuditLogs),
            _ => None,
        }
    }
}

/// The value the query string gives `key`, the last if it names it more than once (as the
/// Audit Logs page reads its settings).
pub fn last_value(search: &str, key: &str) -> Option<String> {
    let search = search.strip_prefix('?').unwrap_or(search);
    (form_urlencoded::parse(search.as_bytes()))
        .filter(|(name, _)| name == key)
        .last()
        .map(|(_, value)| value.into_owned())
}

/// A page's query string, `?` and the app's own settings (`query`, encoded) followed by the
/// settings of the `current` query string whose keys are not the page's (`own`): a host
/// page's, like `?tenant=acme`, which the app's navigation keeps as they were written.
pub fn keeping_host_params(query: &str, current: &str, own: &[&str]) -> String {
    let mut kept = query.to_owned();
    let current = current.strip_prefix('?').unwrap_or(current);
    for pair in current.split('&') {
        let key = form_urlencoded::parse(pair.as_bytes()).next();
        if key.is_some_and(|(key, _)| !own.contains(&&*key)) {
            if !kept.is_empty() {
                kept.push('&');
            }
            kept.push_str(pair);
        }
    }
    if kept.is_empty() {
        kept
    } else {
        format!("?{kept}")
    }
}

#[cfg(test)]
mod tests {
    use super::{keeping_host_params, last_value, Route};

    #[test]
    fn a_setting_named_twice_takes_its_last_value() {
        assert_eq!(last_value("?unread=1", "unread").as_deref(), Some("1"));
        assert_eq!(
            last_value("unread=1&unread=0", "unread").as_deref(),
            Some("0")
        );
        assert_eq!(last_value("un%72ead=%31", "unread").as_deref(), Some("1"));
        assert_eq!(last_value("?unreadx=1", "unread"), None);
    }

    #[test]
    fn a_host_pages_own_settings_are_kept_as_written_after_the_apps() {
        let own = ["q", "unread"];
        assert_eq!(
            keeping_host_params("q=ada", "?tenant=acme%20co&q=old&x", &own),
            "?q=ada&tenant=acme%20co&x"
        );
        assert_eq!(
            keeping_host_params("", "tenant=a+b&&unread=1", &own),
            "?tenant=a+b"
        );
        assert_eq!(keeping_host_params("", "?unread=1", &own), "");
        assert_eq!(keeping_host_params("unread=1", "", &own), "?unread=1");
        // A key is compared decoded, as the app reads it.
        assert_eq!(keeping_host_params("", "%71=x&un%72ead=1", &own), "");
    }

    #[test]
    fn each_page_has_its_path_with_or_without_a_trailing_slash() {
        for (path, route) in [
            ("/", Route::Root),
            ("/notifications", Route::Notifications),
            ("/notifications/", Route::Notifications),
            ("/audit-logs", Route::AuditLogs),
            ("/audit-logs/", Route::AuditLogs),
        ] {
            assert_eq!(Route::at(path, ""), Some(route), "{path}");
        }
    }

    #[test]
    fn pages_under_a_base_path_are_found_below_it() {
        let base = "/admin/audit";
        assert_eq!(Route::at("/admin/audit", base), Some(Route::Root));
        assert_eq!(Route::at("/admin/audit/", base), Some(Route::Root));
        assert_eq!(
            Route::at("/admin/audit/audit-logs", base),
            Some(Route::AuditLogs)
        );
        // Outside the base, or a page's path at the root, is no page of this app.
        assert_eq!(Route::at("/audit-logs", base), None);
        assert_eq!(Route::at("/admin/auditaudit-logs", base), None);
        assert_eq!(Route::at("/admin", base), None);
    }

    #[test]
    fn each_page_is_found_at_its_own_path() {
        for base in ["", "/admin/audit"] {
            for route in [Route::Root, Route::Notifications, Route::AuditLogs] {
                let href = route.link(base, "", "");
                assert_eq!(Route::at(&href, base), Some(route), "{href}");
            }
        }
    }

    #[test]
    fn a_link_to_a_page_keeps_the_host_pages_settings_alone() {
        let current = "?action=user.created&tenant=acme&unread=1&q=ada&x";
        assert_eq!(
            Route::Notifications.link("/admin", "", current),
            "/admin/notifications?tenant=acme&x"
        );
        assert_eq!(
            Route::AuditLogs.link("", "range=7d", current),
            "/audit-logs?range=7d&tenant=acme&x"
        );
        assert_eq!(Route::AuditLogs.link("", "", "?unread=1"), "/audit-logs");
    }

    #[test]
    fn any_other_path_is_no_page() {
        for path in [
            "/notification",
            "/Notifications",
            "/notifications//",
            "/notifications/evt_1",
            "/audit-logs/x",
            "//",
            "/audit-logs.json",
        ] {
            assert_eq!(Route::at(path, ""), None, "{path}");
        }
    }
}
