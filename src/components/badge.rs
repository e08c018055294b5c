use leptos::prelude::*;

/// An action exactly as received, as a badge. Reactive, so a reused table row shows its
/// new event's action without a new element.
#[component]
pub fn ActionBadge(#[prop(into)] action: Signal<String>) -> impl IntoView {
    let missing = move || action.with(String::is_empty);
    view! {
        <span class="badge" class:badge-missing=missing>
            {move || if missing() { "no action".to_owned() } else { action.get() }}
        </span>
    }
}
