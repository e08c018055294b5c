use super::theme::{provide_theme, ThemeSelect};
use crate::domain::config::ConfigError;
use crate::domain::route::Route;
use crate::inbox::use_inbox;
use crate::pages::audit_logs::preload as preload_audit_logs;
use leptos::prelude::*;
use leptos_router::hooks::use_location;
use wasm_bindgen::JsCast;

/// The id of the content region; prefixed so it cannot collide with the host page's ids.
const CONTENT_ID: &str = "banata-audit-content";

/// The app's root, sidebar and content region the pages render into. Everything the app
/// draws sits inside `.banata-audit`, the one element its stylesheet is scoped to. The link
/// to the `route` shown is marked `aria-current="page"`.
#[component]
pub fn Shell(
    config_errors: Vec<ConfigError>,
    route: Memo<Option<Route>>,
    children: Children,
) -> impl IntoView {
    let inbox = use_inbox();
    // Mounted into <body> (the app's own page), the app owns the page; embedded in a host page
    // that has its own <main>, the app is a labelled region instead.
    let standalone = standalone();
    let theme = provide_theme(standalone);
    let unread = move || {
        let count = inbox.unread.get();
        (count > 0).then(|| view! { <span class="count">{count}<span class="visually-hidden">" unread"</span></span> })
    };
    // The router would turn a hash link into a navigation that scrolls but leaves focus
    // behind; the skip link moves focus itself.
    let skip = |ev: leptos::ev::MouseEvent| {
        let content = document().get_element_by_id(CONTENT_ID);
        if let Some(content) = content.and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok()) {
            ev.prevent_default();
            let _ = content.focus();
        }
    };
    // A page that replaces another (a sidebar link, Back, Forward) takes the focus to its
    // heading, so the keyboard starts from its top and a screen reader names it; otherwise
    // the focus would stay on the link or fall to <body>. The first page leaves it alone,
    // also when it was reached by the redirect from the root.
    Effect::watch(
        move || route.get(),
        move |_, before, _| {
            if before.is_some_and(|before| *before != Some(Route::Root)) {
                request_animation_frame(focus_heading);
            }
        },
        false,
    );
    // Plain links, which the router follows: its `A` component, which resolves relative
    // addresses and marks the current page, was 2.0 KB more.
    let crate::base::RouterBase(base) = expect_context();
    // A host page's settings in the address go along.
    let search = use_location().search;
    let href = move |page: Route| {
        let base = base.clone();
        move || search.with(|search| page.link(&base, "", search))
    };
    let current = move |page: Route| move || (route.get() == Some(page)).then_some("page");
    let content = view! {
        {config_errors.into_iter().map(|error| view! {
            <p class="config-error" role="alert">{format!("This page is misconfigured: {error}")}</p>
        }).collect_view()}
        {children()}
    };
    let content = if standalone {
        view! { <main class="content" id=CONTENT_ID tabindex="-1">{content}</main> }.into_any()
    } else {
        view! {
            <section class="content" id=CONTENT_ID tabindex="-1" aria-label="Audit trail">{content}</section>
        }
        .into_any()
    };
    view! {
        <div class="banata-audit" data-theme=move || theme.get().key()>
            <a class="skip-link" href=format!("#{CONTENT_ID}") on:click=skip>"Skip to content"</a>
            <div class="shell">
                <nav class="sidebar" aria-label="Audit trail">
                    <p class="brand">"Banata"</p>
                    <ul>
                        <li>
                            <a href=href(Route::Notifications) aria-current=current(Route::Notifications)>
                                "Notifications" {unread}
                            </a>
                        </li>
                        <li>
                            <a
                                href=href(Route::AuditLogs)
                                aria-current=current(Route::AuditLogs)
                                on:pointerenter=|_| preload_audit_logs()
                                on:focus=|_| preload_audit_logs()
                            >
                                "Audit Logs"
                            </a>
                        </li>
                    </ul>
                    <ThemeSelect />
                </nav>
                {content}
            </div>
        </div>
    }
}

fn focus_heading() {
    let heading = document()
        .query_selector(&format!("#{CONTENT_ID} h1"))
        .ok()
        .flatten();
    if let Some(heading) = heading.and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok()) {
        heading.set_tab_index(-1);
        // Where the browser scrolled the page stays: Back returns to where the admin was.
        let options = web_sys::FocusOptions::new();
        options.set_prevent_scroll(true);
        let _ = heading.focus_with_options(&options);
    }
}

/// Whether the app is mounted into <body>, its own page, rather than into a host page.
fn standalone() -> bool {
    crate::mount_element().tag_name() == "BODY"
}

/// Names the page in the browser's tab, history and bookmarks when the app owns the document;
/// a host page that embeds the app keeps its own title.
pub fn name_page(name: &str) {
    if standalone() {
        document().set_title(&format!("{name} · Audit trail · Banata"));
    }
}
