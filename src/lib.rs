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
use inbox::provide_inbox;
use leptos::prelude::*;
use leptos_router::components::{Redirect, Route, Router, Routes};
use leptos_router::path;
use pages::{audit_logs::AuditLogs, not_found::NotFound, notifications::Notifications};

#[component]
pub fn App() -> impl IntoView {
    provide_clock();
    provide_zone();
    provide_inbox();
    view! {
        <Router>
            <Shell>
                <Routes fallback=NotFound>
                    <Route path=path!("/") view=|| view! { <Redirect path="/notifications" /> } />
                    <Route path=path!("/notifications") view=Notifications />
                    <Route path=path!("/audit-logs") view=AuditLogs />
                </Routes>
            </Shell>
        </Router>
    }
}
