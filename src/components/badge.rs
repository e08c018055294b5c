use leptos::prelude::*;

/// An action exactly as received, as a badge.
#[component]
pub fn ActionBadge(action: String) -> impl IntoView {
    if action.is_empty() {
        view! { <span class="badge badge-missing">"no action"</span> }.into_any()
    } else {
        view! { <span class="badge">{action}</span> }.into_any()
    }
}
