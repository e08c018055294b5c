//! The loaded rows after search and sort, as a table with sortable headers and paging.

use super::{Go, Rows};
use crate::components::badge::ActionBadge;
use crate::components::states::{EmptyState, SkippedNote};
use crate::components::time::RelativeTime;
use crate::domain::category::category;
use crate::domain::event::AuditEvent;
use crate::domain::query::{AuditQuery, PAGE_SIZES};
use crate::domain::search::{self, Direction, SortKey};
use crate::domain::words::count;
use leptos::prelude::*;

#[component]
pub fn Results(rows: Rows, query: Memo<AuditQuery>, go: Go) -> impl IntoView {
    let Rows {
        events,
        skipped,
        before,
        after,
        more_may_exist,
        ranged,
        ..
    } = rows;
    let loaded = events.len();
    let events = StoredValue::new(events);
    let shown = Memo::new(move |_| {
        query.with(|query| {
            let terms = query.search.as_deref().unwrap_or_default();
            let mut shown: Vec<AuditEvent> = events.with_value(|events| {
                events
                    .iter()
                    .filter(|event| search::matches(event, terms))
                    .cloned()
                    .collect()
            });
            search::sort(&mut shown, query.sort, query.direction);
            shown
        })
    });
    // A date range is paged here; one server page is shown whole.
    let page_rows = move || {
        shown.with(|shown| {
            if !ranged {
                return shown.clone();
            }
            let (page, size) = query.with(|query| (query.page, query.page_size as usize));
            shown
                .iter()
                .skip((page - 1) * size)
                .take(size)
                .cloned()
                .collect()
        })
    };
    let has_next_page =
        move || query.with(|query| query.page * query.page_size as usize) < shown.with(Vec::len);
    let previous = move || {
        let current = query.get();
        if ranged {
            (current.page > 1).then(|| AuditQuery {
                page: current.page - 1,
                event: None,
                ..current
            })
        } else {
            current.previous_page(before.clone())
        }
    };
    let next = move || {
        let current = query.get();
        if ranged {
            has_next_page().then(|| AuditQuery {
                page: current.page + 1,
                event: None,
                ..current
            })
        } else {
            after.clone().map(|cursor| current.next_page(cursor))
        }
    };
    let clear = move || {
        go.to(AuditQuery {
            page_size: query.get_untracked().page_size,
            ..AuditQuery::default()
        })
    };

    view! {
        <Show
            when=move || !shown.with(Vec::is_empty)
            fallback=move || {
                if loaded == 0 && !query.with(AuditQuery::has_filters) {
                    view! { <EmptyState title="No audit events recorded yet." detail="Events will appear here as actions occur." /> }.into_any()
                } else {
                    view! {
                        <EmptyState title="No events match these filters" detail="Change or clear the filters to see more.">
                            <button type="button" on:click=move |_| clear()>"Clear filters"</button>
                        </EmptyState>
                    }
                    .into_any()
                }
            }
        >
            <table class="events">
                <caption class="visually-hidden">"Audit events"</caption>
                <thead>
                    <tr>
                        <SortHeader label="Action" key=SortKey::Action query go />
                        <th scope="col">"Actor"</th>
                        <th scope="col">"Target"</th>
                        <th scope="col">"Organization"</th>
                        <SortHeader label="Time" key=SortKey::Time query go />
                    </tr>
                </thead>
                <tbody>
                    <For each=page_rows key=|event| event.id.clone() children=move |event| view! { <EventRow event query go /> } />
                </tbody>
            </table>
        </Show>
        <p class="note" role="status">
            {move || summary(shown.with(Vec::len), loaded, ranged)}
            {more_may_exist.then_some(" The backend sent no cursor for older events, so older events may exist.")}
        </p>
        <SkippedNote skipped />
        <Pager previous=Signal::derive(previous) next=Signal::derive(next) query go />
    }
}

fn summary(shown: usize, loaded: usize, ranged: bool) -> String {
    let scope = if ranged {
        "in this date range"
    } else {
        "on this page"
    };
    if shown == loaded {
        format!("{} {scope}.", count(loaded as u64, "event"))
    } else {
        format!("{shown} of {loaded} events {scope} match the search.")
    }
}

/// A column header that sorts by its column, toggling the direction.
#[component]
fn SortHeader(label: &'static str, key: SortKey, query: Memo<AuditQuery>, go: Go) -> impl IntoView {
    let sorted = move || query.with(|query| (query.sort == key).then_some(query.direction));
    let aria_sort = move || match sorted() {
        Some(Direction::Asc) => "ascending",
        Some(Direction::Desc) => "descending",
        None => "none",
    };
    let toggle = move |_| {
        let direction = match sorted() {
            Some(Direction::Desc) => Direction::Asc,
            Some(Direction::Asc) => Direction::Desc,
            // Newest and A→Z first are what people look for first.
            None if key == SortKey::Time => Direction::Desc,
            None => Direction::Asc,
        };
        go.to(AuditQuery {
            sort: key,
            direction,
            page: 1,
            ..query.get_untracked()
        });
    };
    let arrow = move || match sorted() {
        Some(Direction::Asc) => "▲",
        Some(Direction::Desc) => "▼",
        None => "",
    };
    view! {
        <th scope="col" aria-sort=aria_sort>
            <button type="button" class="sort" on:click=toggle>
                {label}<span aria-hidden="true">{arrow}</span>
            </button>
        </th>
    }
}

/// A row opens the event's details on click or Enter.
#[component]
fn EventRow(event: AuditEvent, query: Memo<AuditQuery>, go: Go) -> impl IntoView {
    let targets = event
        .targets
        .iter()
        .map(|target| target.label())
        .collect::<Vec<_>>()
        .join(", ");
    let id = event.id.clone();
    let open = move || {
        go.to(AuditQuery {
            event: Some(id.clone()),
            ..query.get_untracked()
        })
    };
    let open_on_enter = open.clone();
    let group = category(&event.action);
    view! {
        <tr
            tabindex="0"
            data-event=event.id.clone()
            on:click=move |_| open()
            on:keydown=move |ev| {
                if ev.key() == "Enter" {
                    ev.prevent_default();
                    open_on_enter();
                }
            }
        >
            <td>
                <ActionBadge action=event.action.clone() />
                <span class="category">{group.label()}</span>
            </td>
            <td class="wrap">{event.actor.label().to_owned()}</td>
            <td class="wrap">{targets}</td>
            <td class="wrap">{event.organization_id.clone().unwrap_or_default()}</td>
            <td><RelativeTime time=event.occurred_at /></td>
        </tr>
    }
}

/// Previous / Next and the page size.
#[component]
fn Pager(
    previous: Signal<Option<AuditQuery>>,
    next: Signal<Option<AuditQuery>>,
    query: Memo<AuditQuery>,
    go: Go,
) -> impl IntoView {
    let resize = move |ev| {
        if let Ok(page_size) = event_target_value(&ev).parse() {
            go.to(AuditQuery {
                page_size,
                ..query.get_untracked().first_page()
            });
        }
    };
    let page_size = move || query.with(|query| query.page_size);
    view! {
        <nav class="pager" aria-label="Pages">
            <button type="button" disabled=move || previous.with(Option::is_none) on:click=move |_| { if let Some(q) = previous.get() { go.to(q) } }>"Previous"</button>
            <button type="button" disabled=move || next.with(Option::is_none) on:click=move |_| { if let Some(q) = next.get() { go.to(q) } }>"Next"</button>
            <label>"Page size"
                <select on:change=resize>
                    {PAGE_SIZES.map(|size| view! { <option value=size.to_string() selected=move || size == page_size()>{size}</option> }).collect_view()}
                </select>
            </label>
        </nav>
    }
}
