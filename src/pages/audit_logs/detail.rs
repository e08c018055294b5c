//! The open event, in a modal `<dialog>`: the browser traps focus and closes it on Escape;
//! the URL's `event` parameter says which event is open, and focus returns to its row.

use super::{Go, Rows};
use crate::api::ApiError;
use crate::base::RouterBase;
use crate::components::badge::ActionBadge;
use crate::components::states::{focus, focus_region};
use crate::components::time::{ExactTime, RelativeTime};
use crate::domain::category::category;
use crate::domain::diff::diff;
use crate::domain::event::{AuditEvent, LazyJson};
use crate::domain::export::event_json;
use crate::domain::query::AuditQuery;
use crate::domain::redact::redact_event;
use crate::inbox::{use_inbox, Load};
use leptos::html::Dialog;
use leptos::prelude::*;
use leptos_router::hooks::use_location;
use std::sync::Arc;
use wasm_bindgen::JsCast;

#[component]
pub fn EventDetail(
    query: Memo<AuditQuery>,
    go: Go,
    rows: ReadSignal<Option<Result<Arc<Rows>, ApiError>>>,
) -> impl IntoView {
    let inbox = use_inbox();
    let RouterBase(base) = expect_context();
    let dialog = NodeRef::<Dialog>::new();
    let open_id = Memo::new(move |_| query.with(|query| query.event.clone()));
    // The loaded rows first; an event opened from Notifications may only be in the inbox.
    let event = Memo::new(move |_| {
        let id = open_id.get()?;
        let find = |events: &[AuditEvent]| events.iter().find(|event| event.id == id).cloned();
        rows.with(|rows| match rows {
            Some(Ok(rows)) => find(&rows.events),
            _ => None,
        })
        .or_else(|| {
            inbox.load.with(|load| match load {
                Load::Loaded(found) => find(&found.notifications),
                _ => None,
            })
        })
    });
    Effect::new(move |_| {
        let should_open = open_id.with(Option::is_some);
        if !should_open {
            go.closed();
        }
        if let Some(dialog) = dialog.get() {
            if should_open && !dialog.open() {
                let _ = dialog.show_modal();
            } else if !should_open && dialog.open() {
                dialog.close();
            }
        }
    });
    // Escape and the Close button both end in the dialog's `close` event.
    let on_close = move |_| {
        let Some(id) = open_id.get_untracked() else {
            // Closed by the address (Back, or the actor's events): the browser gave the
            // focus back to the row that opened it, unless a new load took that row away.
            if document().active_element() == document().body().map(Into::into) {
                focus_row("");
            }
            return;
        };
        go.close(&id);
        focus_row(&id);
    };
    let inbox_looking = move || {
        inbox.load.with(|load| match load {
            Load::Loading => true,
            Load::Loaded(found) => found.looking_further,
            Load::Failed(_) => false,
        })
    };
    let body = move || {
        match (open_id.get(), event.get()) {
        (None, _) => None,
        (Some(_), Some(event)) => {
            let actor_events = event.actor.id.as_ref().map(|id| query.with_untracked(|query| query.actor_events_href(&base, id, &use_location().search.get_untracked())));
            Some(view! { <Details event actor_events /> }.into_any())
        }
        (Some(id), None) if rows.with(|rows| matches!(rows, Some(Err(_)))) => Some(view! { <p>{format!("Event {id} cannot be shown: the audit log failed to load. Close this to see why.")}</p> }.into_any()),
        (Some(id), None) if rows.with(Option::is_none) => Some(view! { <p>{format!("Loading event {id}…")}</p> }.into_any()),
        // A notification's link: the inbox's older pages may still bring it.
        (Some(id), None) if inbox_looking() => Some(view! { <p>{format!("Looking for event {id} in older notifications…")}</p> }.into_any()),
        (Some(id), None) if query.with(|query| query.range.is_set()) => Some(view! { <p>{format!("Event {id} is not among this date range's events that the filters and search keep: it may be older, or its link wrong.")}</p> }.into_any()),
        // A link naming an event alone (pasted from a ticket) opens the newest page: a date
        // range reads every page of its days. The button goes, so the dialog takes the focus.
        (Some(id), None) => Some(view! {
            <p>
                {format!("Event {id} is not among this page's events. ")}
                <button type="button" on:click=move |ev| { focus_region(&ev); go.to(query.get_untracked().looking_back()) }>"Look for it in the last 30 days"</button>
            </p>
        }.into_any()),
    }
    };
    view! {
        <dialog node_ref=dialog class="detail" aria-labelledby="banata-audit-detail-title" tabindex="-1" on:close=on_close>
            <div class="detail-head">
                <h2 id="banata-audit-detail-title">"Event details"</h2>
                <button type="button" on:click=move |_| { if let Some(dialog) = dialog.get() { dialog.close() } }>"Close"</button>
            </div>
            {body}
        </dialog>
    }
}

/// Found by comparing attributes: an id in a selector would need escaping. An event with no
/// row in the table (linked, or scrolled out of it) hands the focus to the events instead,
/// which would otherwise fall to the page.
fn focus_row(id: &str) {
    let rows = document().query_selector_all("tr[data-event]").ok();
    let mut rows = rows
        .into_iter()
        .flat_map(|rows| (0..rows.length()).filter_map(move |i| rows.item(i)))
        .filter_map(|node| node.dyn_into::<web_sys::Element>().ok());
    let row = rows.find(|row| row.get_attribute("data-event").as_deref() == Some(id));
    focus(row.or_else(|| document().query_selector("section.results").ok().flatten()));
}

/// `actor_events`: a link to the actor's other events, when the actor has an id.
#[component]
fn Details(event: AuditEvent, actor_events: Option<String>) -> impl IntoView {
    // `diff` redacts by itself and needs the raw values to see that a secret changed.
    let changes = (event.changes.as_ref())
        .and_then(LazyJson::get)
        .map(|changes| diff(&changes))
        .unwrap_or_default();
    let event = redact_event(&event);
    // Changes that are not a before/after pair are shown as sent (redacted), not dropped.
    let unpaired = (event.changes.as_ref())
        .and_then(LazyJson::unpaired)
        .map(|sent| serde_json::to_string_pretty(&sent).unwrap_or_default());
    let (copied, set_copied) = signal(None::<bool>);
    let json = event_json(&event);
    let copy = move |_| {
        // Absent outside secure contexts, where calling it would throw.
        let clipboard = js_sys::Reflect::get(&window().navigator(), &"clipboard".into())
            .ok()
            .filter(|clipboard| !clipboard.is_undefined())
            .map(JsCast::unchecked_into::<web_sys::Clipboard>);
        let Some(clipboard) = clipboard else {
            set_copied.set(Some(false));
            return;
        };
        let promise = clipboard.write_text(&json);
        leptos::task::spawn_local(async move {
            let done = wasm_bindgen_futures::JsFuture::from(promise).await;
            set_copied.set(Some(done.is_ok()));
        });
    };
    let actor = event.actor.clone();
    let field = |label: &'static str, value: Option<String>| {
        value.map(|value| view! { <dt>{label}</dt><dd dir="auto">{value}</dd> })
    };
    view! {
        <dl class="facts">
            <dt>"Action"</dt><dd><ActionBadge action=event.action.clone() /></dd>
            // Also here for when the table has no room for it beside a long action.
            <dt>"Category"</dt><dd>{category(&event.action).label()}</dd>
            <dt>"Time"</dt><dd><RelativeTime time=event.occurred_at /></dd>
            {event.occurred_at.map(|time| view! { <dt>"Exact time"</dt><dd><ExactTime time /></dd> })}
            {event.recorded_apart().map(|time| view! { <dt>"Recorded"</dt><dd><ExactTime time /></dd> })}
            <dt>"Event id"</dt><dd>{event.id.clone()}</dd>
            {field("Actor type", actor.kind)}
            {actor.id.map(|id| view! {
                <dt>"Actor id"</dt>
                <dd>{id} " " {actor_events.map(|href| view! { <a href=href>"Events by this actor"</a> })}</dd>
            })}
            {field("Actor name", actor.name)}
            {field("Actor email", actor.email)}
            {field("IP address", event.ip_address.clone())}
            {field("User agent", event.user_agent.clone())}
            {field("Request id", event.request_id.clone())}
            {field("Organization", event.organization_id.clone())}
        </dl>
        <h3>"Targets"</h3>
        {if event.targets.is_empty() {
            view! { <p class="note">"No targets recorded."</p> }.into_any()
        } else {
            view! { <ul class="targets">{event.targets.iter().map(|target| view! { <li>{target.described()}</li> }).collect_view()}</ul> }.into_any()
        }}
        <h3>"Changes"</h3>
        {if let Some(sent) = unpaired {
            view! {
                <p class="note">"Not recorded as before and after; as sent:"</p>
                <pre class="json">{sent}</pre>
            }.into_any()
        } else if changes.is_empty() {
            view! { <p class="note">"No field changes recorded."</p> }.into_any()
        } else {
            view! {
                <table class="diff">
                    <thead><tr><th scope="col">"Field"</th><th scope="col">"Before"</th><th scope="col">"After"</th></tr></thead>
                    <tbody>
                        {changes.into_iter().map(|change| {
                            let kind = change.kind.label();
                            view! {
                                <tr class=kind>
                                    <th scope="row">{change.field}<span class="kind">{kind}</span></th>
                                    <td>{change.before.unwrap_or_default()}</td>
                                    <td>{change.after.unwrap_or_default()}</td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            }.into_any()
        }}
        <JsonSection title="Context" value=event.context.as_ref().and_then(LazyJson::get).map(serde_json::Value::Object) />
        <JsonSection title="Metadata" value=event.metadata.as_ref().and_then(LazyJson::get) />
        <JsonSection title="Actor metadata" value=event.actor.metadata.as_ref().and_then(LazyJson::get) />
        <p>
            <button type="button" on:click=copy>"Copy as JSON"</button>
            <span role="status">{move || copied.get().map(|copied| if copied {
                " Copied."
            } else {
                " Could not copy: browsers allow it only on https pages, and when permitted."
            })}</span>
        </p>
    }
}

#[component]
fn JsonSection(title: &'static str, value: Option<serde_json::Value>) -> impl IntoView {
    value.map(|value| {
        let text = serde_json::to_string_pretty(&value).unwrap_or_default();
        view! { <h3>{title}</h3><pre class="json">{text}</pre> }
    })
}
