//! The documented Notifications page: one page of recent events, filtered client-side to the
//! important actions, newest first.

use crate::api::{self, ApiError};
use crate::components::badge::ActionBadge;
use crate::components::states::{EmptyState, ErrorState, Skeleton, SkippedNote};
use crate::components::time::RelativeTime;
use crate::domain::event::{AuditEvent, EventPage};
use crate::domain::notify::{notifications, IMPORTANT_ACTIONS};
use crate::domain::query::{AuditQuery, ListRequest};
use leptos::prelude::*;
use leptos_router::components::A;

/// How many recent events the documented page filters.
const RECENT_EVENTS: u32 = 50;

#[component]
pub fn Notifications() -> impl IntoView {
    let page = LocalResource::new(|| async {
        let request = ListRequest {
            limit: Some(RECENT_EVENTS),
            ..ListRequest::default()
        };
        api::list_events(&request).await
    });
    let body = move || match page.get() {
        None => view! { <Skeleton /> }.into_any(),
        Some(Err(error)) => view! { <Failure error on_retry=move || page.refetch() /> }.into_any(),
        Some(Ok(page)) => view! { <NotificationList page /> }.into_any(),
    };
    view! {
        <h1>"Notifications"</h1>
        <p class="lead">"The auth events that matter most: new users, security changes, organization activity and key management."</p>
        <section aria-label="Recent notifications" aria-busy=move || page.get().is_none().to_string()>
            {body}
        </section>
    }
}

#[component]
fn Failure(error: ApiError, on_retry: impl Fn() + 'static) -> impl IntoView {
    view! {
        <ErrorState
            title="Failed to load notifications"
            error
            forbidden="Notifications require admin access."
            on_retry
        />
    }
}

#[component]
fn NotificationList(page: EventPage) -> impl IntoView {
    let important: Vec<AuditEvent> = notifications(&page.events, &IMPORTANT_ACTIONS)
        .into_iter()
        .cloned()
        .collect();
    if important.is_empty() {
        return view! {
            <EmptyState title="No notifications" detail="You're all caught up. Check back later for updates.">
                <SkippedNote skipped=page.skipped />
            </EmptyState>
        }
        .into_any();
    }
    view! {
        <ul class="notifications">
            {important.into_iter().map(|event| view! { <NotificationItem event /> }).collect_view()}
        </ul>
        <SkippedNote skipped=page.skipped />
    }
    .into_any()
}

#[component]
fn NotificationItem(event: AuditEvent) -> impl IntoView {
    let detail_href = AuditQuery::event_href(&event.id);
    view! {
        <li class="notification">
            <ActionBadge action=event.action.clone() />
            <span class="actor">{event.actor.label().to_owned()}</span>
            <RelativeTime time=event.occurred_at />
            <A href=detail_href attr:class="details-link">
                "View in audit log"
            </A>
        </li>
    }
}
