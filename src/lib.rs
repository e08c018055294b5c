//! The Banata audit trail for admins: Notifications and Audit Logs.

pub mod api;
mod components;
pub mod domain;
mod inbox;
mod pages;
mod storage;

use components::clock::provide_clock;
use components::shell::Shell;
use components::time::provide_zone;
use domain::config::Config;
use inbox::provide_inbox;
use leptos::prelude::*;
use leptos_router::components::{Redirect, Route, Router, Routes};
use leptos_router::path;
use pages::{audit_logs::AuditLogs, not_found::NotFound, notifications::Notifications};

#[component]
pub fn App() -> impl IntoView {
    // The host page configures the app through data attributes on the mount element.
    let mount = document().body();
    let config = Config::from_attributes(|name| mount.as_ref()?.get_attribute(name));
    let settings = config.clone().unwrap_or_default();
    provide_context(api::Api::new(settings.project_id.clone()));
    provide_context(settings);
    provide_clock();
    provide_zone();
    provide_inbox();
    view! {
        <Router>
            <Shell config_error=config.err()>
                <Routes fallback=NotFound>
                    <Route path=path!("/") view=|| view! { <Redirect path="/notifications" /> } />
                    <Route path=path!("/notifications") view=Notifications />
                    <Route path=path!("/audit-logs") view=AuditLogs />
                </Routes>
            </Shell>
        </Router>
    }
}
