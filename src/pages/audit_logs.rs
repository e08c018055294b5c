//! The full audit trail: server filters, cursor paging and page size, all held in the URL.

use crate::api::{self, ApiError};
use crate::components::badge::ActionBadge;
use crate::components::states::{EmptyState, ErrorState, Skeleton, SkippedNote};
use crate::components::time::RelativeTime;
use crate::domain::event::{AuditEvent, EventPage};
use crate::domain::query::{AuditQuery, PAGE_SIZES};
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};
use leptos_router::NavigateOptions;

#[component]
pub fn AuditLogs() -> impl IntoView {
    let params = use_query_map();
    let query =
        Memo::new(move |_| params.with(|params| AuditQuery::from_params(|key| params.get(key))));
    let page = LocalResource::new(move || {
        let request = query.get().list_request();
        async move { api::list_events(&request).await }
    });
    let navigate = use_navigate();
    let go = Callback::new(move |next: AuditQuery| {
        navigate(
            &format!("/audit-logs?{}", next.to_query_string()),
            NavigateOptions::default(),
        );
    });

    let body = move || match page.get() {
        None => view! { <Skeleton /> }.into_any(),
        Some(Err(error)) => view! { <Failure error on_retry=move || page.refetch() /> }.into_any(),
        Some(Ok(page)) => view! { <EventTable page query=query.get_untracked() go /> }.into_any(),
    };
    view! {
        <h1>"Audit Logs"</h1>
        <p class="lead">"Every recorded auth event, newest first."</p>
        <Filters query go />
        <section aria-label="Audit events" aria-busy=move || page.get().is_none().to_string()>
            {body}
        </section>
    }
}

#[component]
fn Failure(error: ApiError, on_retry: impl Fn() + 'static) -> impl IntoView {
    view! {
        <ErrorState
            title="Failed to load audit logs"
            error
            forbidden="Audit logs require admin access."
            on_retry
        />
    }
}

/// The exact-match filters the list endpoint supports, applied on Enter or change.
#[component]
fn Filters(query: Memo<AuditQuery>, go: Callback<AuditQuery>) -> impl IntoView {
    let action = NodeRef::<leptos::html::Input>::new();
    let actor = NodeRef::<leptos::html::Input>::new();
    let organization = NodeRef::<leptos::html::Input>::new();
    let read = |input: NodeRef<leptos::html::Input>| {
        input
            .get()
            .map(|input| input.value().trim().to_owned())
            .filter(|value| !value.is_empty())
    };
    let apply = move || {
        let next = AuditQuery {
            action: read(action),
            actor_id: read(actor),
            organization_id: read(organization),
            ..query.get_untracked().first_page()
        };
        if next != query.get_untracked() {
            go.run(next);
        }
    };
    let value = move |field: fn(&AuditQuery) -> &Option<String>| {
        move || query.with(|query| field(query).clone().unwrap_or_default())
    };
    view! {
        <form class="filters" role="search" on:submit=move |ev| { ev.prevent_default(); apply(); }>
            <label>"Action" <input node_ref=action name="action" prop:value=value(|q| &q.action) on:change=move |_| apply() /></label>
            <label>"Actor" <input node_ref=actor name="actor" placeholder="Actor id" prop:value=value(|q| &q.actor_id) on:change=move |_| apply() /></label>
            <label>"Organization" <input node_ref=organization name="org" placeholder="Organization id" prop:value=value(|q| &q.organization_id) on:change=move |_| apply() /></label>
            <button type="submit">"Apply"</button>
            <Show when=move || query.with(AuditQuery::has_filters)>
                <button type="button" on:click=move |_| go.run(AuditQuery { page_size: query.get_untracked().page_size, ..AuditQuery::default() })>
                    "Clear filters"
                </button>
            </Show>
        </form>
    }
}

#[component]
fn EventTable(page: EventPage, query: AuditQuery, go: Callback<AuditQuery>) -> impl IntoView {
    if page.events.is_empty() {
        let (title, detail) = if query.has_filters() {
            (
                "No events match these filters",
                "Try other filters, or clear them.",
            )
        } else {
            (
                "No audit events recorded yet.",
                "Events will appear here as actions occur.",
            )
        };
        return view! { <EmptyState title detail><SkippedNote skipped=page.skipped /></EmptyState> }.into_any();
    }
    let rows = page
        .events
        .into_iter()
        .map(|event| view! { <EventRow event /> })
        .collect_view();
    view! {
        <table class="events">
            <thead>
                <tr>
                    <th scope="col">"Action"</th>
                    <th scope="col">"Actor"</th>
                    <th scope="col">"Target"</th>
                    <th scope="col">"Organization"</th>
                    <th scope="col">"Time"</th>
                </tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
        <SkippedNote skipped=page.skipped />
        <Pager query before=page.before after=page.after go />
    }
    .into_any()
}

#[component]
fn EventRow(event: AuditEvent) -> impl IntoView {
    let targets = event
        .targets
        .iter()
        .map(|target| target.label())
        .collect::<Vec<_>>()
        .join(", ");
    view! {
        <tr>
            <td><ActionBadge action=event.action.clone() /></td>
            <td class="wrap">{event.actor.label().to_owned()}</td>
            <td class="wrap">{targets}</td>
            <td class="wrap">{event.organization_id.clone().unwrap_or_default()}</td>
            <td><RelativeTime time=event.occurred_at /></td>
        </tr>
    }
}

/// Previous / Next from the backend's cursors, and the page size.
#[component]
fn Pager(
    query: AuditQuery,
    before: Option<String>,
    after: Option<String>,
    go: Callback<AuditQuery>,
) -> impl IntoView {
    let previous = before.map(|cursor| AuditQuery {
        before: Some(cursor),
        ..query.first_page()
    });
    let next = after.map(|cursor| AuditQuery {
        after: Some(cursor),
        ..query.first_page()
    });
    let page_size = query.page_size;
    let resize = move |ev| {
        let size = event_target_value(&ev).parse().unwrap_or(page_size);
        go.run(AuditQuery {
            page_size: size,
            ..query.first_page()
        });
    };
    let disabled = previous.is_none();
    let next_disabled = next.is_none();
    view! {
        <nav class="pager" aria-label="Pages">
            <button type="button" disabled=disabled on:click=move |_| { if let Some(q) = previous.clone() { go.run(q) } }>"Previous"</button>
            <button type="button" disabled=next_disabled on:click=move |_| { if let Some(q) = next.clone() { go.run(q) } }>"Next"</button>
            <label>"Page size "
                <select on:change=resize>
                    {PAGE_SIZES.map(|size| view! { <option value=size.to_string() selected=size == page_size>{size}</option> }).collect_view()}
                </select>
            </label>
        </nav>
    }
}
