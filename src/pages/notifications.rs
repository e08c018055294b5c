//! Notifications: the documented page (important actions by substring, newest first) and
//! the inbox around it: deep fetch, read state, severity, the admin's own important
//! actions, equivalent names and live updates. The data lives in `crate::inbox`.

use crate::api::ApiError;
use crate::base::RouterBase;
use crate::components::badge::ActionBadge;
use crate::components::clock::use_now;
use crate::components::shell::name_page;
use crate::components::states::{
    focus, focus_region, sign_in_for, EmptyState, ErrorState, RetryActions, Skeleton, SkippedNote,
};
use crate::components::stepped::stepped;
use crate::components::time::RelativeTime;
use crate::domain::event::AuditEvent;
use crate::domain::inbox::{looked_back, poll_warning, reach_note};
use crate::domain::notify::severity;
use crate::domain::patterns::capitals_note;
use crate::domain::query::AuditQuery;
use crate::domain::route::{keeping_host_params, last_value, APP_KEYS, UNREAD};
use crate::domain::window::next_start;
use crate::domain::words::count;
use crate::inbox::{use_inbox, Found, Inbox, Load};
use leptos::ev::SubmitEvent;
use leptos::html::Input;
use leptos::prelude::*;
use leptos_router::hooks::{use_location, use_navigate};
use leptos_router::NavigateOptions;
use wasm_bindgen::JsCast;
use web_sys::{Element, Event};

/// What the region shows; the list inside updates without re-rendering the region.
#[derive(Clone, PartialEq)]
enum Phase {
    Loading,
    Failed(crate::api::ApiError),
    Loaded,
}

#[component]
pub fn Notifications() -> impl IntoView {
    name_page("Notifications");
    let inbox = use_inbox();
    let search = use_location().search;
    let unread_only = Memo::new(move |_| {
        search.with(|search| last_value(search, UNREAD).as_deref() == Some("1"))
    });
    let navigate = use_navigate();
    let set_unread_only = move |on: bool| {
        let own = if on { "unread=1" } else { "" };
        let search = search.with_untracked(|search| keeping_host_params(own, search, &APP_KEYS));
        navigate(
            &format!("/notifications{search}"),
            NavigateOptions::default(),
        );
    };
    let phase = Memo::new(move |_| {
        inbox.load.with(|load| match load {
            Load::Loading => Phase::Loading,
            Load::Failed(error) => Phase::Failed(error.clone()),
            Load::Loaded(_) => Phase::Loaded,
        })
    });
    let body = move || match phase.get() {
        Phase::Loading => view! { <Skeleton /> }.into_any(),
        Phase::Failed(error) => view! {
            <ErrorState
                title="Failed to load notifications"
                error
                forbidden="Notifications require admin-level access."
                on_retry=move || inbox.reload()
            />
        }
        .into_any(),
        Phase::Loaded => view! { <NotificationList unread_only /> }.into_any(),
    };
    // Also while older pages are read: more notifications may join at the bottom.
    let busy = move || {
        inbox.load.with(|load| match load {
            Load::Loading => true,
            Load::Loaded(found) => found.looking_further,
            Load::Failed(_) => false,
        })
    };
    let all_read = move || inbox.unread.get() == 0;
    let announcement = move || match inbox.announced.get() {
        0 => String::new(),
        n => count(n as u64, "new notification"),
    };
    view! {
        <h1>"Notifications"</h1>
        <p class="lead">"A focused view of the auth events that matter most — new users, security changes, organization activity, and key management."</p>
        <div class="toolbar">
            <label class="toggle">
                <input type="checkbox" prop:checked=unread_only on:change=move |ev| set_unread_only(event_target_checked(&ev)) />
                "Unread only"
            </label>
            // Unavailable rather than disabled once pressed, which would drop the focus.
            <button type="button" aria-disabled=move || all_read().then_some("true") on:click=move |_| { if !all_read() { inbox.mark_all_read() } }>
                "Mark all as read"
            </button>
        </div>
        <ImportantActions />
        <section class="results recent" aria-label="Recent notifications" tabindex="-1" aria-busy=move || busy().to_string()>
            {body}
        </section>
        <p class="visually-hidden" aria-live="polite">{announcement}</p>
    }
}

#[component]
fn NotificationList(unread_only: Memo<bool>) -> impl IntoView {
    let inbox = use_inbox();
    let found = move |read: fn(&Found) -> usize| {
        inbox.load.with(|load| match load {
            Load::Loaded(found) => read(found),
            _ => 0,
        })
    };
    let shown = Memo::new(move |_| {
        inbox.load.with(|load| {
            let Load::Loaded(found) = load else {
                return Vec::new();
            };
            inbox.read.with(|read| {
                found
                    .notifications
                    .iter()
                    .filter(|event| !unread_only.get() || !read.is_read(&event.id))
                    .cloned()
                    .collect::<Vec<_>>()
            })
        })
    });
    // What a poll brings joins one per render, so the focus and a click stay where they are.
    let rendered = stepped(shown, |previous, wanted| {
        let start = next_start(wanted, |event| {
            previous.iter().any(|shown| shown.id == event.id)
        });
        wanted[start..].to_vec()
    });
    // With no important action left, nothing could ever be a notification: not caught up.
    let nothing_selected = move || {
        inbox
            .settings
            .with(|settings| settings.patterns.as_slice().is_empty())
    };
    let now = use_now();
    let summary = move || {
        inbox.load.with(|load| match load {
            // Nothing was looked for: how far back says nothing.
            Load::Loaded(_) if nothing_selected() => String::new(),
            Load::Loaded(found) => reach_note(
                &looked_back(found.pages, found.reached, now.get()),
                found.looking_further,
                found.trimmed,
                (found.stopped_early.as_ref())
                    .map(|stopped| stopped.error.to_string())
                    .as_deref(),
                found.older_left,
            ),
            _ => String::new(),
        })
    };
    // Above the list, where it is seen: the list may be out of date. One element throughout
    // (hidden while empty), so that a screen reader hears it as it comes.
    let live_note = move || {
        inbox.load.with(|load| match load {
            Load::Loaded(found) => {
                let failed = (found.poll_failed.as_ref())
                    .map(|error| (error.to_string(), error.says_when()));
                poll_warning(
                    found.gap,
                    failed
                        .as_ref()
                        .map(|(error, waits)| (error.as_str(), *waits)),
                )
            }
            _ => String::new(),
        })
    };
    let documented_empty = move || {
        if nothing_selected() {
            view! { <EmptyState title="No important actions are selected" detail="Add an action under Important actions, or reset them to the defaults." /> }
        } else {
            view! { <EmptyState title="No notifications" detail="You're all caught up. Check back later for updates." /> }
        }
    };
    view! {
        <p class="live-note" role="status">{live_note}</p>
        <FailureActions failure=|found| found.poll_failed.clone() retry=Inbox::check_now />
        <Show when=move || { found(|found| found.notifications.len()) > 0 } fallback=documented_empty>
            <Show
                when=move || !shown.with(Vec::is_empty)
                fallback=|| view! { <EmptyState title="No unread notifications" detail="Every notification here has been read." /> }
            >
                <ul class="notifications">
                    <For each=move || rendered.get() key=|event| event.id.clone() children=move |event| view! { <NotificationItem event unread_only /> } />
                </ul>
            </Show>
        </Show>
        <p class="note">{summary}</p>
        <FailureActions failure=|found| found.stopped_early.as_ref().map(|stopped| stopped.error.clone()) retry=Inbox::retry_older />
        {move || view! { <SkippedNote skipped=found(|found| found.skipped) /> }}
    }
}

/// Beside the note on a failure the list outlived (a poll, an older page): Retry, which
/// does again what failed (`retry`) while the list stays, and the sign-in link when the
/// session is what failed, as the page's own failure state offers.
#[component]
fn FailureActions(failure: fn(&Found) -> Option<ApiError>, retry: fn(Inbox)) -> impl IntoView {
    let inbox = use_inbox();
    move || {
        let failure = inbox.load.with(|load| match load {
            Load::Loaded(found) => failure(found),
            _ => None,
        });
        failure.map(|error| {
            view! {
                <p class="failure-actions">
                    <RetryActions sign_in=sign_in_for(&error) on_retry=Box::new(move || retry(inbox)) />
                </p>
            }
        })
    }
}

#[component]
fn NotificationItem(event: AuditEvent, unread_only: Memo<bool>) -> impl IntoView {
    let inbox = use_inbox();
    let RouterBase(base) = expect_context();
    let id = event.id.clone();
    let unread = {
        let id = id.clone();
        Memo::new(move |_| !inbox.read.with(|read| read.is_read(&id)))
    };
    // Opening it marks it read, in this tab or, with a middle click, in a new one.
    let open = move |ev: &Event| {
        if unread_only.get_untracked() {
            hand_focus_on(ev);
        }
        inbox.mark_read(&id);
    };
    let level = severity(&event.action);
    // What the last poll brought slides in (style/main.css), once: taken from the arrivals,
    // so that the list built again (a return to the page) shows it at once, as it shows
    // the first load.
    let arrived = inbox.arrived.try_update_value(|arrived| {
        let before = arrived.len();
        arrived.retain(|id| *id != event.id);
        arrived.len() < before
    }) == Some(true);
    let class = if arrived {
        "notification arrived"
    } else {
        "notification"
    };
    view! {
        <li class=class class:unread=unread>
            <span class=format!("severity severity-{}", level.label().to_ascii_lowercase())>{level.label()}</span>
            <ActionBadge action=event.action.clone() />
            <span class="actor" dir="auto">{event.actor.label().to_owned()}</span>
            <RelativeTime time=event.occurred_at />
            <span class="unread-marker">{move || unread.get().then_some("Unread")}</span>
            <a class="details-link" href=AuditQuery::event_href(&base, &event.id, &use_location().search.get_untracked()) on:click={ let open = open.clone(); move |ev| open(&ev) } on:auxclick=move |ev| if ev.button() == 1 { open(&ev) }>
                "View in audit log"
                // A list of links read out of context must tell the 200 of them apart.
                <span class="visually-hidden">{format!(" ({} by {})", event.action, event.actor.label())}</span>
            </a>
        </li>
    }
}

/// In "Unread only" an opened notification leaves the list. A link that had the keyboard
/// focus (opened in a new tab, the page stays) hands it to the next notification's link,
/// else the one before, else the list, so that the admin can go on down it.
fn hand_focus_on(ev: &Event) {
    let Some(link) = ev
        .current_target()
        .and_then(|link| link.dyn_into::<Element>().ok())
    else {
        return;
    };
    if document().active_element().as_ref() != Some(&link) {
        return;
    }
    let item = link.closest("li").ok().flatten();
    match item.and_then(|item| {
        item.next_element_sibling()
            .or(item.previous_element_sibling())
    }) {
        Some(neighbour) => focus(neighbour.query_selector(".details-link").ok().flatten()),
        None => focus_region(ev),
    }
}

/// The admin's own important actions and the equivalent-names switch, kept in the browser.
#[component]
fn ImportantActions() -> impl IntoView {
    let inbox = use_inbox();
    let (error, set_error) = signal(None::<String>);
    let (note, set_note) = signal(None::<String>);
    // What was said of the last input ("already in the list", "Added…") may no longer hold
    // once the list changes otherwise.
    let forget_input = move || {
        set_error.set(None);
        set_note.set(None);
    };
    let is_default = move || {
        inbox
            .settings
            .with(|settings| settings.patterns.is_default())
    };
    let input = NodeRef::<Input>::new();
    let add = move |ev: SubmitEvent| {
        ev.prevent_default();
        let Some(field) = input.get() else { return };
        let mut patterns = inbox
            .settings
            .with_untracked(|settings| settings.patterns.clone());
        let value = field.value();
        forget_input();
        match patterns.add(&value) {
            Ok(()) => {
                inbox
                    .settings
                    .update(|settings| settings.patterns = patterns);
                field.set_value("");
                set_note.set(capitals_note(&value));
            }
            Err(refused) => set_error.set(Some(refused.to_string())),
        }
    };
    let patterns = move || {
        inbox
            .settings
            .with(|settings| settings.patterns.as_slice().to_vec())
    };
    view! {
        <details class="settings">
            <summary>"Important actions"</summary>
            <p>"An event is a notification when its action contains one of these."</p>
            // A removed action's button goes with it: the focus goes to the list.
            <ul class="patterns" aria-label="Important actions" tabindex="-1">
                <For each=patterns key=|pattern| pattern.clone() children=move |pattern| {
                    let label = format!("Remove {pattern}");
                    let removed = pattern.clone();
                    view! {
                        <li>
                            <code>{pattern}</code>
                            <button type="button" aria-label=label on:click=move |ev| {
                                focus_region(&ev);
                                forget_input();
                                inbox.settings.update(|settings| settings.patterns.remove(&removed));
                            }>
                                "Remove"
                            </button>
                        </li>
                    }
                } />
            </ul>
            <form class="add-pattern" on:submit=add>
                <label for="banata-audit-new-pattern">"Add an action"</label>
                <input id="banata-audit-new-pattern" node_ref=input placeholder="e.g. api_key.created" aria-describedby="banata-audit-pattern-error" aria-invalid=move || error.with(Option::is_some).to_string() />
                <button type="submit">"Add"</button>
            </form>
            <p id="banata-audit-pattern-error" class="field-error" role="alert">{move || error.get()}</p>
            <p class="note" role="status">{move || note.get()}</p>
            <div class="settings-actions">
                <button
                    type="button"
                    aria-disabled=move || is_default().then_some("true")
                    on:click=move |_| {
                        if !is_default() {
                            forget_input();
                            inbox.settings.update(|settings| settings.patterns.reset())
                        }
                    }
                >
                    "Reset to defaults"
                </button>
                <label class="toggle">
                    <input
                        type="checkbox"
                        prop:checked=move || inbox.settings.with(|settings| settings.equivalents)
                        on:change=move |ev| inbox.settings.update(|settings| settings.equivalents = event_target_checked(&ev))
                    />
                    "Also count the same events under the shipped backend's and Better Auth's names"
                </label>
            </div>
        </details>
    }
}
