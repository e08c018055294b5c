//! The loaded rows after search and sort, as a virtualised table with sortable headers, and
//! cursor paging for one server page.

use super::{Go, Rows};
use crate::api::ApiError;
use crate::components::badge::ActionBadge;
use crate::components::states::{focus, focus_region, EmptyState, SkippedNote};
use crate::components::stepped::stepped;
use crate::components::time::RelativeTime;
use crate::domain::category::category;
use crate::domain::event::{AuditEvent, Target};
use crate::domain::query::{AuditQuery, NoRows, PAGE_SIZES};
use crate::domain::search::{self, Direction, SearchIndex, SearchTrail, SortKey};
use crate::domain::window::{
    rendered_rows, row_after_key, rows_in_view, scroll_to_show, tab_stop, toward,
};
use crate::domain::words::events_shown;
use leptos::prelude::*;
use std::sync::Arc;
use web_sys::FocusOptions;

/// Rows have one fixed height (`.scroller tbody tr` in main.css), so the scroll position says
/// which rows are in view; only those, plus a margin, are in the DOM.
const ROW_HEIGHT: usize = 41;
const OVERSCAN: usize = 10;
const MAX_ROWS: usize = 150;

/// The rows the search leaves, as indices into the loaded events in display order.
#[derive(Debug, Clone, PartialEq)]
struct Shown {
    order: (SortKey, Direction),
    rows: Arc<[usize]>,
}

#[component]
pub fn Results(
    rows: Arc<Rows>,
    query: Memo<AuditQuery>,
    go: Go,
    said: RwSignal<String>,
) -> impl IntoView {
    let (skipped, cut_short, ranged) = (rows.skipped, rows.cut_short.clone(), rows.ranged);
    let loaded = rows.events.len();
    let index = StoredValue::new(SearchIndex::new(&rows.events));
    let events = StoredValue::new(rows);
    let sorting = Memo::new(move |_| query.with(|query| (query.sort, query.direction)));
    let sorted = Memo::new(move |_| {
        let (key, direction) = sorting.get();
        events.with_value(|rows| search::sorted_order(&rows.events, key, direction))
    });
    let terms = Memo::new(move |_| query.with(|query| query.search.clone().unwrap_or_default()));
    let trail = StoredValue::new(SearchTrail::default());
    let shown = Memo::new(move |previous: Option<&Shown>| {
        let (order, terms) = (sorting.get(), terms.get());
        if previous.is_some_and(|previous| previous.order != order) {
            trail.update_value(SearchTrail::clear);
        }
        let rows = sorted.with(|sorted| {
            index.with_value(|index| {
                trail
                    .try_update_value(|trail| trail.matches(index, sorted, &terms))
                    .unwrap_or_default()
            })
        });
        Shown { order, rows }
    });
    let count_shown = move || shown.with(|shown| shown.rows.len());

    let scroller = NodeRef::<leptos::html::Div>::new();
    let scroll_top = RwSignal::new(0.0);
    let viewport = RwSignal::new(ROW_HEIGHT as f64 * 20.0);
    // The sticky header's height, which covers the rows scrolled under it.
    let header = RwSignal::new(0.0);
    // One server page (25 to 100 rows) is shown whole; a date range is windowed.
    let wanted = Memo::new(move |_| {
        rendered_rows(
            !ranged,
            scroll_top.get(),
            viewport.get(),
            ROW_HEIGHT as f64,
            count_shown(),
            OVERSCAN,
            MAX_ROWS,
        )
    });
    let body = NodeRef::<leptos::html::Tbody>::new();
    // A focused row that leaves the DOM (scrolled away by the wheel, or by keys pressed faster
    // than the rows render) would drop the keyboard focus to the page, where keys move
    // nothing. The rows' body holds it instead, so the next key moves on from `last_focused`.
    let hold_focus = move || {
        let (Some(body), Some(active)) = (body.get_untracked(), document().active_element()) else {
            return;
        };
        let position = active
            .get_attribute("aria-rowindex")
            .and_then(|index| index.parse().ok())
            .and_then(row_position);
        let leaving =
            position.is_some_and(|row| !wanted.with_untracked(|rows| rows.contains(&row)));
        if leaving && body.contains(Some(&active)) {
            let options = FocusOptions::new();
            options.set_prevent_scroll(true);
            let _ = body.focus_with_options(&options);
        }
    };
    let measure = move || {
        // `try_`: a frame's measure may come after the table is gone.
        if let Some(element) = scroller.try_get_untracked().flatten() {
            scroll_top.set(f64::from(element.scroll_top()));
            viewport.set(f64::from(element.client_height()));
            let thead = element.query_selector("thead").ok().flatten();
            header.set(thead.map_or(0.0, |thead| f64::from(thead.client_height())));
            // Now, while the row is still in the DOM: it leaves in a microtask.
            hold_focus();
        }
    };
    // The box changes height with the window (it is a share of it) and with the rows shown
    // (a search that leaves a few shrinks it, clearing it grows it back): each time, the
    // rows in view are counted again, so none is left blank.
    let resized = window_event_listener(leptos::ev::resize, move |_| measure());
    on_cleanup(move || resized.remove());
    Effect::new(move || {
        if scroller.get().is_some() {
            count_shown();
            // Once the box has its new height, in the frame that shows it and before it
            // paints: measured now, a keystroke's task would wait for a layout of its own.
            request_animation_frame(measure);
        }
    });
    // The rows in the DOM: rows joining above those in view join one per render.
    let window = stepped(wanted, |rendered, wanted| {
        toward(rendered.clone(), wanted.clone())
    });
    // Which loaded event is shown at a position, while that position is in view: an index,
    // so a keystroke neither copies the events in view nor compares them field by field.
    let event_at = move |position: usize| {
        Memo::new(move |_| shown.with(|shown| shown.rows.get(position).copied()))
    };
    // The table is one Tab stop, its rows reached with the arrow keys, so that Tab goes past
    // fifty rows to the pager in one press. Positions, as the rows are keyed.
    let last_focused = RwSignal::new(0);
    let tab_stop = Memo::new(move |_| {
        let in_view = rows_in_view(
            scroll_top.get(),
            viewport.get(),
            header.get(),
            ROW_HEIGHT as f64,
            count_shown(),
        );
        tab_stop(last_focused.get(), &in_view)
    });
    let move_focus = move |row: usize| {
        // Now, not when the row takes the focus a frame later: a key repeated in between
        // moves on from here.
        last_focused.set(row);
        let Some(element) = scroller.get_untracked() else {
            return;
        };
        let (top, height) = (
            f64::from(element.scroll_top()),
            f64::from(element.client_height()),
        );
        let header = header.get_untracked();
        element.set_scroll_top(scroll_to_show(row, ROW_HEIGHT as f64, header, top, height) as i32);
        measure();
        // A row far off joins the DOM in this frame's microtasks (see `stepped`). The row
        // the last key led to, should more keys have come in the meantime.
        let focus_row = move || {
            let row = last_focused.get_untracked();
            focus(
                element
                    .query_selector(&format!("[aria-rowindex='{}']", aria_row_index(row)))
                    .ok()
                    .flatten(),
            )
        };
        request_animation_frame(focus_row);
    };
    let on_keydown = move |ev: leptos::ev::KeyboardEvent| {
        // With Alt, the key is the browser's (Alt+Home: its home page). Ctrl or Cmd with a key
        // move as the key does: left to the browser, they would scroll the focused row away.
        if ev.alt_key() {
            return;
        }
        // As a button does (Space would otherwise scroll the table), for the row the keys led
        // to: an arrow pressed just before moves the focus a frame later.
        if ["Enter", " "].contains(&&*ev.key()) {
            ev.prevent_default();
            let index =
                shown.with_untracked(|shown| shown.rows.get(last_focused.get_untracked()).copied());
            open_event(events, index, go);
            return;
        }
        let page = (viewport.get_untracked() as usize / ROW_HEIGHT)
            .saturating_sub(1)
            .max(1);
        if let Some(row) =
            row_after_key(&ev.key(), last_focused.get_untracked(), count_shown(), page)
        {
            ev.prevent_default();
            move_focus(row);
        }
    };
    // Whole pixels: an integer is written without Rust's float printing in the wasm.
    let space_above = move || window.with(|window| window.start) * ROW_HEIGHT;
    let space_below = move || (count_shown() - window.with(|window| window.end)) * ROW_HEIGHT;

    let clear = move || go.to(query.get_untracked().without_filters());
    let why = cut_short
        .map(|why| format!(" {}", why.explanation()))
        .unwrap_or_default();
    let scope = if ranged {
        "in this date range"
    } else {
        "on this page"
    };
    Effect::new(move |_| said.set(events_shown(count_shown(), loaded, scope) + &why));

    view! {
        <Show
            when=move || { count_shown() > 0 }
            fallback=move || match query.with(|query| query.no_rows(loaded, skipped, ranged)) {
                NoRows::PageEmpty => view! {
                    <EmptyState title="No events on this page." detail="The backend sent none at this cursor: the log may end here, or its events were removed.">
                        <button type="button" on:click=move |ev| { focus_region(&ev); go.to(query.get_untracked().first_page()) }>"Newest events"</button>
                    </EmptyState>
                }
                .into_any(),
                NoRows::LogEmpty => view! { <EmptyState title="No audit events recorded yet." detail="Events will appear here as actions occur." /> }.into_any(),
                NoRows::Unreadable => view! { <EmptyState title="No event in the response could be read." detail="The backend sent events this page cannot read: see the note below." /> }.into_any(),
                NoRows::NoMatch { hint } => {
                    view! {
                        <EmptyState title="No events match these filters" detail=hint>
                            <button type="button" on:click=move |ev| { focus_region(&ev); clear() }>"Clear filters"</button>
                        </EmptyState>
                    }
                    .into_any()
                }
            }
        >
            <div class="scroller" node_ref=scroller on:scroll=move |_| measure()>
                // The header row counts as row 1.
                // A row is not announced as something to press: the description says so.
                <table class="events" aria-rowcount=move || count_shown() + 1 aria-describedby="banata-audit-row-hint">
                    <caption class="visually-hidden">"Audit events"</caption>
                    <thead>
                        <tr aria-rowindex="1">
                            <SortHeader label="Action" key=SortKey::Action query go />
                            <th scope="col">"Actor"</th>
                            <th scope="col">"Target"</th>
                            <th scope="col">"Organization"</th>
                            <SortHeader label="Time" key=SortKey::Time query go />
                        </tr>
                    </thead>
                    <tbody node_ref=body tabindex="-1" on:keydown=on_keydown>
                        <Show when=move || { space_above() > 0 }>
                            <tr class="spacer" aria-hidden="true"><td colspan="5" style:height=move || format!("{}px", space_above())></td></tr>
                        </Show>
                        // Keyed by position: a keystroke or a new sort refills the rows in
                        // place instead of building new ones.
                        <For
                            each=move || window.get()
                            key=|position| *position
                            children=move |position| view! { <EventRow index=event_at(position) events position tab_stop last_focused go /> }
                        />
                        <Show when=move || { space_below() > 0 }>
                            <tr class="spacer" aria-hidden="true"><td colspan="5" style:height=move || format!("{}px", space_below())></td></tr>
                        </Show>
                    </tbody>
                </table>
                <p id="banata-audit-row-hint" hidden>"Arrow keys, Page Up, Page Down, Home and End move between rows; Enter or Space opens a row's details."</p>
            </div>
        </Show>
        <SkippedNote skipped />
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
    let toggle = move |_| go.to(query.with_untracked(|query| query.sorted_by(key)));
    let arrow = move || match sorted() {
        Some(Direction::Asc) => "▲",
        Some(Direction::Desc) => "▼",
        // Says the column sorts before it does.
        None => "↕",
    };
    view! {
        <th scope="col" aria-sort=aria_sort>
            <button type="button" class="sort" on:click=toggle>
                {label}<span aria-hidden="true">{arrow}</span>
            </button>
        </th>
    }
}

/// A row opens the event's details on click, or on Enter or Space (the table's keys). It
/// shows whichever event is at its position, and is empty for the moment its position leaves
/// the shown rows. Only the row at `tab_stop` is in the Tab order.
#[component]
fn EventRow(
    /// Of the event in `events` at this position, if any.
    index: Memo<Option<usize>>,
    events: StoredValue<Arc<Rows>>,
    position: usize,
    tab_stop: Memo<usize>,
    last_focused: RwSignal<usize>,
    go: Go,
) -> impl IntoView {
    let field = move |text: fn(&AuditEvent) -> String| {
        move || read_event(events, index.get(), text).unwrap_or_default()
    };
    // Whole in its tooltip (the action's too): a narrow column ends the text in an ellipsis.
    let cell = move |text: fn(&AuditEvent) -> String| {
        let text = field(text);
        // Its direction from its text: a right-to-left name cut short keeps its start.
        view! { <td dir="auto" title=text>{text}</td> }
    };
    let targets = |event: &AuditEvent| {
        let labels: Vec<String> = event.targets.iter().map(Target::label).collect();
        labels.join(", ")
    };
    view! {
        <tr
            tabindex=move || if tab_stop.get() == position { "0" } else { "-1" }
            aria-rowindex=aria_row_index(position)
            on:focus=move |_| last_focused.set(position)
            data-event=field(|event| event.id.clone())
            on:click=move |_| open_event(events, index.get_untracked(), go)
        >
            <td title=field(|event| event.action.clone())>
                <div class="action-cell">
                    <ActionBadge action=Signal::derive(field(|event| event.action.clone())) />
                    " "
                    <span class="category">{field(|event| category(&event.action).label().to_owned())}</span>
                </div>
            </td>
            {cell(|event| event.actor.label().to_owned())}
            {cell(targets)}
            {cell(|event| event.organization_id.clone().unwrap_or_default())}
            <td>
                <RelativeTime time=Signal::derive(move || read_event(events, index.get(), |event| event.occurred_at).flatten()) />
            </td>
        </tr>
    }
}

/// The `aria-rowindex` of the shown row at `position`: counted from 1, and the header row is 1.
fn aria_row_index(position: usize) -> usize {
    position + 2
}

/// The position of the shown row whose `aria-rowindex` is `index`; `None` for the header's.
fn row_position(index: usize) -> Option<usize> {
    index.checked_sub(2)
}

/// Opens the details of the event at `index`, if there is one.
fn open_event(events: StoredValue<Arc<Rows>>, index: Option<usize>, go: Go) {
    if let Some(id) = read_event(events, index, |event| event.id.clone()) {
        go.open(id);
    }
}

/// Reads the loaded event at `index` where it lies.
fn read_event<T>(
    events: StoredValue<Arc<Rows>>,
    index: Option<usize>,
    read: impl FnOnce(&AuditEvent) -> T,
) -> Option<T> {
    events.with_value(|rows| rows.events.get(index?).map(read))
}

/// Previous / Next and the page size, for one server page. The pager outlives the pages it
/// loads, so the control pressed keeps the keyboard focus; while there is no loaded page to
/// page from, Previous and Next are marked unavailable rather than disabled, which would
/// drop the focus.
#[component]
pub fn Pager(
    rows: ReadSignal<Option<Result<Arc<Rows>, ApiError>>>,
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
    let button = move |label: &'static str,
                       leads_to: fn(&AuditQuery, &Rows) -> Option<AuditQuery>| {
        let target = move || match &*rows.read() {
            Some(Ok(rows)) => query.with(|query| leads_to(query, rows)),
            _ => None,
        };
        view! {
            <button type="button" aria-disabled=move || target().is_none().then_some("true") on:click=move |_| { if let Some(q) = target() { go.to(q) } }>{label}</button>
        }
    };
    view! {
        <nav class="pager" aria-label="Pages">
            {button("Previous", |query, rows| query.previous_page(rows.before.clone()))}
            {button("Next", |query, rows| rows.after.clone().map(|cursor| query.next_page(cursor)))}
            <label>"Page size"
                <select on:change=resize>
                    {PAGE_SIZES.map(|size| view! { <option value=size.to_string() prop:selected=move || size == page_size()>{size}</option> }).collect_view()}
                </select>
            </label>
        </nav>
    }
}
