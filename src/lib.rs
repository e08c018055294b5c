//! The Banata audit trail for admins: Notifications and Audit Logs.
// The shipped wasm is built by a pinned nightly (scripts/tools.sh), which sets this cfg: the
// reader's hottest functions are then compiled for speed in a size-optimised build.
#![cfg_attr(optimize_attribute, feature(optimize_attribute))]

pub mod api;
mod base;
mod components;
pub mod domain;
mod inbox;
mod pages;
mod storage;

use components::clock::provide_clock;
use components::shell::Shell;
use components::time::provide_zone;
use domain::config::{Config, ConfigError};
use domain::route::{keeping_host_params, Route};
use inbox::provide_inbox;
use leptos::prelude::*;
use leptos_router::components::Router;
use leptos_router::hooks::{use_location, use_navigate};
use leptos_router::location::{BrowserUrl, LocationProvider, Url};
use leptos_router::NavigateOptions;
use pages::{audit_logs::AuditLogsPage, not_found::NotFound, notifications::Notifications};
use std::time::Duration;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::HtmlAnchorElement;

/// Where the app lives in the host page: the first element marked `data-banata-audit`, else
/// `<body>` (the app's own index.html).
pub fn mount_element() -> web_sys::HtmlElement {
    document()
        .query_selector("[data-banata-audit]")
        .ok()
        .flatten()
        .and_then(|element| element.dyn_into().ok())
        .or_else(|| document().body())
        .expect("a document has a body")
}

#[component]
pub fn App() -> impl IntoView {
    // The settings are read before anything asks the backend for data. A signal set by a
    // task: a `LocalResource`, the app's only one, brought 6.8 KB of async machinery.
    let loaded = RwSignal::new_local(None);
    leptos::task::spawn_local(async move { loaded.set(Some(read_config().await)) });
    move || match loaded.get() {
        Some((config, errors)) => view! { <Dashboard config errors /> }.into_any(),
        // Seen only while config.json is slow (it usually arrives before the app starts), so
        // the page is never blank and silent meanwhile.
        None => view! { <p role="status">"Loading the audit trail…"</p> }.into_any(),
    }
}

/// The host page configures the app through `config.json` and, winning over it, data
/// attributes on the mount element.
async fn read_config() -> (Config, Vec<ConfigError>) {
    let (file, file_error) = match api::config_file().await {
        Ok(file) => (file, None),
        Err(reason) => (None, Some(ConfigError::File(reason))),
    };
    let mount = mount_element();
    let (config, errors) = Config::read(
        |name| mount.get_attribute(name),
        file.as_deref(),
        &window().location().origin().unwrap_or_default(),
    );
    (config, file_error.into_iter().chain(errors).collect())
}

#[component]
fn Dashboard(config: Config, errors: Vec<ConfigError>) -> impl IntoView {
    let router_base = config
        .base_path
        .clone()
        .unwrap_or_else(|| base::router_base(&base::document_base()));
    leave_other_links_to_the_browser(router_base.clone());
    provide_context(base::RouterBase(router_base));
    provide_context(api::Api::new(&config));
    provide_context(config);
    provide_clock();
    provide_zone();
    provide_inbox();
    // The pages are built on the next turn of the task queue, after the inbox's first list
    // request has left: that request then travels while the pages build (20-60 ms sooner
    // to the first notifications in Chromium).
    let built = RwSignal::new(false);
    leptos::task::spawn_local(async move { built.set(true) });
    move || {
        built.get().then(|| {
            let errors = errors.clone();
            view! { <Pages errors /> }
        })
    }
}

/// Keeps leptos_router to this app's own pages. Its click handler, on the whole window,
/// follows any same-origin link whose path begins with the base path's text: embedded
/// without a base path, or beside a host link like `/admin/audit-settings` under
/// `/admin/audit`, it took the host's links and showed "Page not found". A link to no page
/// of the app is marked `rel="external"`, which the router leaves to the browser, while its
/// click is dispatched.
fn leave_other_links_to_the_browser(base: String) {
    // Registered before the router's (the pages are built a task later), so it runs first.
    let on_click = window_event_listener_untyped("click", move |ev| {
        // The link the router looks at: the outermost in the event's path, through shadow
        // roots. A click already handled (a host's own router) the router leaves alone.
        let path = ev.composed_path();
        let link = (0..path.length())
            .rev()
            .find_map(|at| path.get(at).dyn_into::<HtmlAnchorElement>().ok())
            .filter(|link| !ev.default_prevented() && !link.rel().contains("external"));
        let Some(link) = link.filter(|link| Route::at(&link.pathname(), &base).is_none()) else {
            return;
        };
        let rel = link.get_attribute("rel");
        link.set_rel(&format!("{} external", rel.as_deref().unwrap_or_default()));
        set_timeout(
            move || match &rel {
                Some(rel) => link.set_rel(rel),
                None => _ = link.remove_attribute("rel"),
            },
            Duration::ZERO,
        );
    });
    // App-wide, for the page's life.
    std::mem::forget(on_click);
}

/// Puts the page shown in the address bar when leptos_router left it behind. Its list of
/// visited addresses (0.8.17) gains a replaced address rather than swapping it in, so after
/// a replace and Back it takes a later navigation for the address it is already at and does
/// not push it: the page changes, the address does not, and reload, bookmarks and Back go
/// elsewhere (a search edited, then Back, Next, Back, Next). Called once a navigation has
/// settled (a link's completes a task after its page is shown).
fn keep_address_bar_in_step(shown: &Url) {
    let search = match shown.search() {
        "" => String::new(),
        search => format!("?{search}"),
    };
    let shown = format!("{}{search}{}", shown.path(), shown.hash());
    let location = window().location();
    let address = [location.pathname(), location.search(), location.hash()];
    if address
        .into_iter()
        .collect::<Result<String, _>>()
        .is_ok_and(|at| at != shown)
    {
        let history = window().history();
        let _ = history
            .and_then(|history| history.push_state_with_url(&JsValue::NULL, "", Some(&shown)));
    }
}

#[component]
fn Pages(errors: Vec<ConfigError>) -> impl IntoView {
    let base::RouterBase(base) = expect_context();
    view! {
        <Router base>
            <Routed errors />
        </Router>
    }
}

/// The shell, around the page the URL names. The page is chosen here rather than by
/// leptos_router's `<Routes>` or `<FlatRoutes>`, whose nested routes, route loaders and
/// transitions this app has no use for: they were 21 and 12 KB of the first load (brotli;
/// docs/performance.md).
#[component]
fn Routed(errors: Vec<ConfigError>) -> impl IntoView {
    let base::RouterBase(base) = expect_context();
    let path = use_location().pathname;
    // A new query string, or a trailing slash, keeps the page as it is.
    let route = Memo::new(move |_| path.with(|path| Route::at(path, &base)));
    // The router puts a followed link's address in the address bar once the route views
    // say that its page is shown, as `<Routes>` would (a new query string too, which it has
    // done already); a task later, the address bar is checked against it.
    let location = use_context::<BrowserUrl>();
    Effect::new(move |_| {
        if let Some(location) = &location {
            let shown = location.as_url().clone();
            shown.track();
            location.ready_to_complete();
            set_timeout(
                move || shown.with_untracked(keep_address_bar_in_step),
                Duration::ZERO,
            );
        }
    });
    // The root leads on to Notifications in place of itself, so that Back does not return
    // to it and be sent on again.
    let navigate = use_navigate();
    let search = use_location().search;
    Effect::new(move |_| {
        if route.get() == Some(Route::Root) {
            let replace = NavigateOptions {
                replace: true,
                ..NavigateOptions::default()
            };
            // A host page's settings go along.
            let search = search.with_untracked(|search| keeping_host_params("", search, &[]));
            navigate(&format!("{}{search}", Route::Notifications.path()), replace);
        }
    });
    let page = move || match route.get() {
        Some(Route::Root) => ().into_any(),
        Some(Route::Notifications) => view! { <Notifications /> }.into_any(),
        Some(Route::AuditLogs) => view! { <AuditLogsPage /> }.into_any(),
        None => view! { <NotFound /> }.into_any(),
    };
    view! { <Shell config_errors=errors route>{page}</Shell> }
}
