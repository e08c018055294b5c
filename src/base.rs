//! Where the app is mounted. The page's boot script carries `data-base`: `./` as built, which
//! a server rewrites to its base path (e.g. `/admin/audit/`) along with the asset URLs, so
//! one build runs at `/` and under any prefix.

/// The router's base path, for links written out in full (see `AuditQuery::event_href`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RouterBase(pub String);

/// The router's base for a `data-base` value: `/admin/audit/` → `/admin/audit`; the root, or
/// a value no server rewrote (`./`) or that names another site (`//host/`), → `` (the
/// router joins its `/…` routes onto it).
pub fn router_base(data_base: &str) -> String {
    if crate::domain::config::is_site_path(data_base) {
        data_base.trim_end_matches('/').to_owned()
    } else {
        String::new()
    }
}

/// The boot script's `data-base`, empty when the page has none.
pub fn document_base() -> String {
    leptos::prelude::document()
        .query_selector("script[data-base]")
        .ok()
        .flatten()
        .and_then(|script| script.get_attribute("data-base"))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::router_base;

    #[test]
    fn the_root_has_an_empty_base_and_prefixes_lose_their_trailing_slash() {
        assert_eq!(router_base("/"), "");
        assert_eq!(router_base("/admin/audit/"), "/admin/audit");
        assert_eq!(router_base("/admin/audit"), "/admin/audit");
    }

    #[test]
    fn a_page_no_server_rewrote_runs_at_the_root() {
        assert_eq!(router_base("./"), "");
        assert_eq!(router_base(""), "");
    }

    #[test]
    fn a_base_on_another_site_is_not_followed() {
        assert_eq!(router_base("//evil.example/"), "");
        assert_eq!(router_base("/\\evil.example/"), "");
    }
}
