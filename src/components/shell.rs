use crate::domain::config::ConfigError;
use crate::inbox::use_inbox;
use leptos::prelude::*;
use leptos_router::components::A;

/// The sidebar and main region the pages render into. `A` marks the current page's link
/// with `aria-current="page"`.
#[component]
pub fn Shell(config_errors: Vec<ConfigError>, children: Children) -> impl IntoView {
    let inbox = use_inbox();
    let unread = move || {
        let count = inbox.unread.get();
        (count > 0).then(|| view! { <span class="count">{count}<span class="visually-hidden">" unread"</span></span> })
    };
    view! {
        <a class="skip-link" href="#main">"Skip to content"</a>
        <div class="shell">
            <nav class="sidebar" aria-label="Audit trail">
                <p class="brand">"Banata"</p>
                <ul>
                    <li><A href="/notifications">"Notifications" {unread}</A></li>
                    <li><A href="/audit-logs">"Audit Logs"</A></li>
                </ul>
            </nav>
            <main id="main" tabindex="-1">
                {config_errors.into_iter().map(|error| view! {
                    <p class="config-error" role="alert">{format!("This page is misconfigured: {error}")}</p>
                }).collect_view()}
                {children()}
            </main>
        </div>
    }
}
