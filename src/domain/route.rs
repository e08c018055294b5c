//! Which page a URL's path names.

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

    /// The page's address under `base`, the router's base path (`""` at the root).
    pub fn href(self, base: &str) -> String {
        format!("{base}{}", self.path())
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

#[cfg(test)]
mod tests {
    use super::Route;

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
                let href = route.href(base);
                assert_eq!(Route::at(&href, base), Some(route), "{href}");
            }
        }
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
