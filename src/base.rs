//! Where the app is mounted: the document's base URL, which the server sets with
//! `<base href>` (`--base-path`), so one build runs at `/` and under any prefix.

/// The router's base for a base-URL path: `/admin/audit/` → `/admin/audit`, `/` → `` (the
/// router joins its routes, which start with `/`, onto it).
pub fn router_base(base_path: &str) -> String {
    base_path.trim_end_matches('/').to_owned()
}

/// The path of the document's base URL, `/` when the page has none or it cannot be read.
pub fn document_base_path() -> String {
    leptos::prelude::document()
        .base_uri()
        .ok()
        .flatten()
        .and_then(|uri| web_sys::Url::new(&uri).ok())
        .map(|url| url.pathname())
        .unwrap_or_else(|| "/".to_owned())
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
}
