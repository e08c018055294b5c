//! The full audit trail. Server filters and cursors go to the list endpoint; a date range
//! is read page by page client-side (the endpoint has none); search, sort and the open
//! event apply to the loaded rows. All of it lives in the URL.

mod detail;
mod export;
mod filters;
mod stats;
mod table;

use crate::api::{Api, ApiError};
use crate::components::clock::wall_clock;
use crate::components::shell::name_page;
use crate::components::states::{
    focus_region, focus_results, focus_results_from, ErrorState, FailureState, Skeleton,
};
use crate::components::time::{use_zone, Zone};
use crate::domain::event::AuditEvent;
use crate::domain::event::EventPage;
use crate::domain::query::{AuditQuery, ExportRequest, ListRequest};
use crate::domain::range::{Bounds, CutShort, DateRange, RangeReader, Reading, RANGE_PAGE_SIZE};
use crate::domain::route::{keeping_host_params, APP_KEYS};
use crate::domain::stats::{action_counts, action_suggestions, ActionCounts};
use crate::domain::words::unreadable_settings;
use futures::future::{abortable, AbortHandle};
use leptos::prelude::*;
use leptos_router::hooks::{use_location, use_navigate};
use leptos_router::NavigateOptions;
use std::sync::Arc;
use std::time::Duration;
use wasm_split_helpers::SplitLoaderError;

/// What one load produced.
#[derive(Debug, Clone, PartialEq)]
pub struct Rows {
    pub events: Vec<AuditEvent>,
    pub skipped: usize,
    /// Server cursors (list mode only).
    pub before: Option<String>,
    pub after: Option<String>,
    /// Why older events may exist that are not shown, if they may.
    pub cut_short: Option<CutShort<ApiError>>,
    /// Whether the rows are a client-side date range rather than one server page.
    pub ranged: bool,
    /// The range the rows were read for (open when not ranged).
    pub bounds: Bounds,
}

/// Everything that changes what is fetched; search, sort and paging within a range do not.
#[derive(Debug, Clone, PartialEq)]
struct FetchKey {
    request: ListRequest,
    range: DateRange,
    /// The zone whose days a date range reads; `None` without a range, whose rows do not
    /// depend on it, so switching local time and UTC loads nothing again.
    range_zone: Option<Zone>,
}

/// How long typing must pause before the URL follows the search box: writing the history
/// entry and re-reading the URL on every keystroke cost about as much as the search itself.
const SEARCH_URL_DELAY: Duration = Duration::from_millis(300);

/// Navigation within the page. A new state is pushed to history; a search being typed
/// applies at once and reaches the URL when typing pauses, or before any other navigation.
#[derive(Clone, Copy)]
pub struct Go {
    /// Writes a query to the URL, onto the history entry [`Entry`] says.
    write: Callback<(AuditQuery, Entry)>,
    /// The search as typed while the URL has not caught up (`Some(None)`: cleared).
    typed: RwSignal<Option<Option<String>>>,
    /// Counted so that only the last keystroke's timer writes the URL.
    keystrokes: StoredValue<u64>,
    query: Memo<AuditQuery>,
    /// The event whose details a row opened onto a new history entry: closing them goes
    /// back to the entry before rather than adding one, so that Back does not reopen them.
    opened: StoredValue<Option<String>>,
    /// Whether that going back is still on its way (the browser takes it a task later),
    /// and the event a row opened meanwhile, opened once the details are closed: opened at
    /// once, its new entry would be the one the browser goes back from.
    going_back: StoredValue<(bool, Option<String>)>,
    /// Applies a date typed in the filters and still waiting for its typing's pause, for an
    /// action that must see it at once (an export).
    typed_dates: StoredValue<Option<Callback<(), Option<&'static str>>>>,
}

/// Where [`Go`] writes a state in the history.
#[derive(Clone, Copy)]
enum Entry {
    /// A new entry, which Back leaves.
    New,
    /// A search being typed: over the current entry when it holds a search already, which
    /// typing edits; else a new one.
    Typed,
    /// Over the current entry.
    Current,
}

impl Go {
    pub fn to(self, query: AuditQuery) {
        self.write_to(query, Entry::New);
    }

    fn write_to(self, query: AuditQuery, entry: Entry) {
        self.write_typed_search();
        self.write.run((query, entry));
    }

    /// Opens an event's details from its row.
    pub fn open(self, id: String) {
        // Rows are inert while details are shown (the dialog is modal), so details still in
        // the address are closing: Escape closes the dialog and gives the focus back to the
        // row at once, a task before its `close` event leads here to `close`.
        let closing = self.query.with_untracked(|query| query.event.is_some());
        if closing || self.going_back.with_value(|(going, _)| *going) {
            self.going_back
                .update_value(|(_, waiting)| *waiting = Some(id));
            return;
        }
        self.opened.set_value(Some(id.clone()));
        self.to(AuditQuery {
            event: Some(id),
            ..self.query.get_untracked()
        });
    }

    /// Closes the details of event `id`. Details a link opened, or Back or Forward showed
    /// again, close in their entry's place: a new entry would have Back reopen them and drop
    /// the one Forward leads to.
    pub fn close(self, id: &str) {
        if self.opened.get_value().as_deref() == Some(id) {
            self.opened.set_value(None);
            self.going_back.update_value(|(going, _)| *going = true);
            let _ = window().history().map(|history| history.back());
        } else {
            let closed = AuditQuery {
                event: None,
                ..self.query.get_untracked()
            };
            self.write_to(closed, Entry::Current);
        }
    }

    /// For keystrokes: the rows follow at once, the URL without filling the history.
    pub fn search(self, search: Option<String>) {
        self.typed.set(Some(search));
        let keystroke = self.keystrokes.with_value(|count| count + 1);
        self.keystrokes.set_value(keystroke);
        // Stale timers are left to run and do nothing, rather than cleared: Leptos keeps a
        // timer's id as an i32, which a test clock's ids (from 10^12) overflow. Once the
        // page is left, its values are gone and no timer writes.
        set_timeout(
            move || {
                if self.keystrokes.try_get_value() == Some(keystroke) {
                    self.write_typed_search();
                }
            },
            SEARCH_URL_DELAY,
        );
    }

    /// Forgets a search typed and not yet in the address, when Back or Forward leaves its
    /// state: written after, it would land on the state gone to, as a new entry that drops
    /// the one Forward leads to.
    fn forget_typed_search(self) {
        self.keystrokes.update_value(|count| *count += 1);
        self.typed.set(None);
    }

    /// The address has no open event: details closed by Back leave no entry a row opened
    /// current (closing details shown again must not go back from it), and a going back
    /// has arrived, so a row opened meanwhile opens now.
    pub fn closed(self) {
        self.opened.set_value(None);
        let (_, waiting) = self.going_back.with_value(Clone::clone);
        self.going_back.set_value((false, None));
        if let Some(id) = waiting {
            self.open(id);
        }
    }

    /// Set by the filters: what [`Go::apply_typed_dates`] runs.
    pub fn on_typed_dates(self, apply: Callback<(), Option<&'static str>>) {
        self.typed_dates.set_value(Some(apply));
    }

    /// Applies a date typed and still waiting for its pause, if any; the label of a date
    /// input left half typed, if one is ("To"), which the range does not follow.
    pub fn apply_typed_dates(self) -> Option<&'static str> {
        self.typed_dates.get_value()?.run(())
    }

    /// Writes a search typed since the last URL update: after a state without one, onto a
    /// new history entry, so that Back returns to that state.
    fn write_typed_search(self) {
        if self.typed.try_get_untracked().flatten().is_some() {
            self.write.run((self.query.get_untracked(), Entry::Typed));
            self.typed.set(None);
        }
    }
}

/// The route's page. Its code is a wasm of its own (scripts/wasm-split.mjs), fetched when the
/// page is first opened, so that a first load of Notifications does not carry it. The page is
/// named and headed meanwhile, so that the title and the focus move as for any page.
#[component]
pub fn AuditLogsPage() -> impl IntoView {
    name_page("Audit Logs");
    // `None` while the code downloads: at first, and again on Retry, which then shows that it
    // is trying (a resource's refetch would keep showing the failure meanwhile).
    let code = RwSignal::new_local(None);
    let load = move || {
        code.set(None);
        leptos::task::spawn_local(async move {
            code.try_set(Some(audit_logs().await));
        });
    };
    load();
    let body = move || match code.get() {
        Some(Ok(build)) => build(),
        Some(Err(_)) => {
            let title = "The Audit Logs page could not be loaded";
            let reason = "Its code did not download. Check the connection and retry; if the \
                          dashboard was updated meanwhile, reload the page.";
            view! { <FailureState title reason on_retry=load /> }.into_any()
        }
        None => view! { <Skeleton /> }.into_any(),
    };
    view! {
        <h1>"Audit Logs"</h1>
        <p class="lead">"Every recorded auth event. Open a row for its details and changes."</p>
        {body}
    }
}

/// Starts the download of the page's code when an admin is about to open it (a pointer over
/// its link, or the focus on it), so that on a slow connection it is under way or done by the
/// click. A failure here is left to the page, which tries again when it opens.
pub fn preload() {
    leptos::task::spawn_local(async {
        let _ = audit_logs().await;
    });
}

/// Hands back the page's constructor once its wasm is loaded, or that it could not be.
#[wasm_split_helpers::wasm_split(audit_logs, fallible)]
fn audit_logs() -> Result<fn() -> AnyView, SplitLoaderError> {
    Ok(|| view! { <AuditLogs /> }.into_any())
}

/// The page itself, under [`AuditLogsPage`]'s heading once its code is loaded.
#[component]
fn AuditLogs() -> impl IntoView {
    // The raw query string: the router's parsed map decodes each value twice, turning a
    // search for `%41` into `A`.
    let search = use_location().search;
    let from_url =
        Memo::new(move |_| search.with(|search| AuditQuery::from_query_string(search).0));
    let typed = RwSignal::new(None::<Option<String>>);
    let query = Memo::new(move |_| {
        let mut query = from_url.get();
        if let Some(search) = typed.get() {
            query.search = search;
        }
        query
    });
    let zone = use_zone();
    let key = Memo::new(move |_| {
        query.with(|query| {
            let ranged = query.range.is_set();
            FetchKey {
                request: if ranged {
                    ListRequest {
                        limit: Some(RANGE_PAGE_SIZE),
                        after: None,
                        before: None,
                        ..query.list_request()
                    }
                } else {
                    query.list_request()
                },
                range: query.range,
                range_zone: ranged.then(|| zone.get()),
            }
        })
    });
    // A newer key (or Retry) drops the load before it, which aborts its request; a
    // LocalResource would let that load end first, holding back the newer one. Shared,
    // because 100,000 loaded events must not be copied each time a view reads them.
    let api = expect_context::<Api>();
    let rows = RwSignal::new(None::<Result<Arc<Rows>, ApiError>>);
    // How far a date range's reading has got, and what stops the page being read.
    let reading = RwSignal::new(None::<(Reading, AbortHandle)>);
    let retry = Trigger::new();
    // How many events are shown, or that they load, in one status region for the page's
    // life: a region inserted with its text is not announced by every screen reader. The
    // results say how many; a failure's alert speaks for itself.
    let said = RwSignal::new(String::new());
    let stats_open = RwSignal::new(false);
    Effect::new(move |_| {
        retry.track();
        // The last load's rows would read as the new filters' and page with their cursors.
        rows.set(None);
        said.set("Loading…".to_owned());
        reading.set(None);
        let show = move |read_so_far, stop| reading.set(Some((read_so_far, stop)));
        let (loading, superseded) = abortable(load(api.clone(), key.get(), show));
        on_cleanup(move || superseded.abort());
        leptos::task::spawn_local(async move {
            if let Ok(loaded) = loading.await {
                if loaded.is_err() {
                    said.set(String::new());
                }
                // Stop goes with a reading that ends by itself too: its focus moves as when
                // it is pressed, rather than to the page's body.
                let focused = document().active_element();
                if let Some(stop) = focused.filter(|focused| focused.class_name() == "stop") {
                    focus_results_from(&stop);
                }
                rows.set(Some(loaded.map(Arc::new)));
            }
        });
    });
    let navigate = use_navigate();
    let go = Go {
        write: Callback::new(move |(next, entry): (AuditQuery, Entry)| {
            let options = NavigateOptions {
                replace: match entry {
                    Entry::New => false,
                    Entry::Typed => from_url.with_untracked(|url| url.search.is_some()),
                    Entry::Current => true,
                },
                scroll: false,
                ..NavigateOptions::default()
            };
            let search = search.with_untracked(|search| {
                keeping_host_params(&next.to_query_string(), search, &APP_KEYS)
            });
            navigate(&format!("/audit-logs{search}"), options);
        }),
        typed,
        keystrokes: StoredValue::new(0),
        query,
        opened: StoredValue::new(None),
        going_back: StoredValue::new((false, None)),
        typed_dates: StoredValue::new(None),
    };
    let traversed = window_event_listener(leptos::ev::popstate, move |_| go.forget_typed_search());
    on_cleanup(move || traversed.remove());

    // Kept from the last rows while the next ones load: a list emptied at each load would
    // close an open suggestion box.
    let actions = Memo::new(move |previous: Option<&Vec<String>>| {
        rows.with(|rows| match rows {
            Some(Ok(rows)) => action_suggestions(&action_counts(&rows.events)),
            _ => previous
                .cloned()
                .unwrap_or_else(|| action_suggestions(&ActionCounts::default())),
        })
    });
    let ranged = Memo::new(move |_| query.with(|query| query.range.is_set()));
    // One view for both failures: a date range whose older pages failed keeps what it read.
    let failed = move |title, error| {
        view! {
            <ErrorState title error forbidden="Audit logs require admin-level access." on_retry=move || retry.notify() />
        }
    };
    let body = move || {
        match rows.get() {
        None => view! { <Skeleton quiet=true /> }.into_any(),
        Some(Err(error)) => {
            // An old link's cursor that the backend no longer knows fails on every Retry.
            let stale_cursor = error.is_refused() && query.with_untracked(AuditQuery::at_cursor);
            view! {
                {failed("Failed to load audit logs", error)}
                {stale_cursor.then(|| view! {
                    <p class="note">
                        "This page starts at an older page's cursor, which the backend may no longer accept. "
                        <button type="button" on:click=move |ev| { focus_region(&ev); go.to(query.get_untracked().first_page()) }>"Newest events"</button>
                    </p>
                })}
            }
            .into_any()
        }
        Some(Ok(rows)) => view! {
            {match &rows.cut_short {
                Some(CutShort::Failed(error)) => Some(failed("Older events in this range could not be read", error.clone())),
                _ => None,
            }}
            // Redrawn in the zone the table's times follow: rows read without a range are
            // not read again for a new zone.
            {let rows = rows.clone(); move || view! { <stats::Statistics rows=rows.clone() zone=zone.get() open=stats_open query go /> }}
            <table::Results rows query go said />
        }
        .into_any(),
    }
    };
    view! {
        // Read again rather than kept beside the state in its memo: a memo of a new type costs
        // the wasm more than reading a short address twice.
        {move || search.with(|search| unreadable_settings(&AuditQuery::from_query_string(search).1)).map(|text| view! { <p class="note">{text}</p> })}
        <filters::Filters query go actions />
        <export::Export query go />
        // Above the table, in sight when a date range's reading stops short; outside the
        // section, whose changes wait while it is busy.
        <p class="note" role="status">{move || said.get()}</p>
        // Outside the section too, so that each page's progress is announced as it is read.
        <Show when=move || rows.with(Option::is_none)>
            <RangeReading reading />
        </Show>
        <section class="results" aria-label="Audit events" tabindex="-1" aria-busy=move || rows.get().is_none().to_string()>
            {body}
        </section>
        // A date range shows all its rows in the scrolling table; one server page pages here,
        // outside the region that is busy while a page loads.
        <Show when=move || !ranged.get()>
            <table::Pager rows=rows.read_only() query go />
        </Show>
        <detail::EventDetail query go rows=rows.read_only() />
    }
}

/// How far a date range's reading has got, while it reads older pages, and a way to stop it
/// there. The button stays one element across pages, so that it keeps the keyboard focus.
#[component]
fn RangeReading(reading: RwSignal<Option<(Reading, AbortHandle)>>) -> impl IntoView {
    // A change of zone reads the range again, so this need not follow it.
    let zone = use_zone().get_untracked();
    view! {
        // One live region for the whole reading, so that each page's progress is announced.
        <p class="note" role="status">{move || reading.with(|reading| reading.as_ref().map(|(reading, _)| reading.summary(|time| zone.absolute(time))))}</p>
        <button type="button" class="stop" hidden=move || reading.with(Option::is_none) on:click=move |ev| {
            focus_results(&ev);
            reading.with(|reading| reading.as_ref().map(|(_, stop)| stop.abort()));
        }>
            "Stop and show what's read"
        </button>
    }
}

async fn load(
    api: Api,
    key: FetchKey,
    show: impl Fn(Reading, AbortHandle),
) -> Result<Rows, ApiError> {
    let Some(zone) = key.range_zone else {
        let page = api.list_events(&key.request).await?;
        return Ok(Rows {
            cut_short: key.request.cut_short(&page),
            events: page.events,
            skipped: page.skipped,
            before: page.before,
            after: page.after,
            ranged: false,
            bounds: Bounds::default(),
        });
    };
    load_range(
        &api,
        key.request,
        zone.bounds(&key.range, wall_clock()),
        show,
    )
    .await
}

/// Reads newest-first pages until rows are older than the range's start, keeping the rows
/// in range, and `show`s how far it has got before each older page, with the handle that
/// stops that page: the reading then ends with the pages before it.
///
/// The list is read on by the export endpoint, whose cursor is a time, where the list's own
/// cursor would not serve: a range that ends before the list's pages reach it (a past day,
/// read from its end rather than through every newer event, which spent the page limit),
/// and a list page that came without a cursor (the shipped backend sends none). Only the
/// list endpoint filters by actor, so an actor's range is read there alone, as is any range
/// whose first export page fails.
async fn load_range(
    api: &Api,
    mut request: ListRequest,
    bounds: Bounds,
    show: impl Fn(Reading, AbortHandle),
) -> Result<Rows, ApiError> {
    // The export's pages once read on by time; whether that may still happen (once, without
    // an actor filter); whether the list had ended then; whether the export has answered.
    let mut export = None::<ExportRequest>;
    let mut may_switch = request.actor_id.is_none();
    let (mut list_ended, mut exported) = (false, false);
    let mut reader = RangeReader::default();
    let cut_short = loop {
        let page = async {
            let Some(export) = &export else {
                return api.list_events(&request).await;
            };
            let page = api.export_page(export).await?;
            Ok(EventPage {
                events: page.events,
                skipped: page.skipped,
                before: None,
                after: page.next_cursor.map(|cursor| cursor.to_string()),
            })
        };
        let (page, stop) = abortable(page);
        let first_page = reader.reading.pages == 0;
        if !first_page {
            show(reader.reading, stop);
        }
        let page = match page.await {
            Ok(Ok(page)) => page,
            // Without the first page there is nothing to show; after it, its rows are kept.
            Ok(Err(error)) if first_page => return Err(error),
            // An export endpoint closed to this admin, or missing: the list as it was.
            Ok(Err(_)) if export.is_some() && !exported => {
                export = None;
                if list_ended {
                    break Some(CutShort::NoCursor);
                }
                continue;
            }
            Ok(Err(error)) => break Some(CutShort::Failed(error)),
            Err(_) => break Some(CutShort::Stopped),
        };
        exported |= export.is_some();
        let step = reader.add_page(&bounds, page, export.is_some());
        if may_switch && export.is_none() {
            list_ended = matches!(step, Err(Some(CutShort::NoCursor)));
            let before = step.is_ok() && reader.before_range(&bounds);
            if let Some(cursor) = (list_ended || before)
                .then(|| reader.time_cursor(&bounds))
                .flatten()
            {
                may_switch = false;
                let project = api.project_id();
                let mut by_time = ExportRequest::for_range(&request, &bounds, "json", project);
                by_time.cursor = Some(cursor);
                export = Some(by_time);
                request.after = step.ok();
                continue;
            }
        }
        match (step, &mut export) {
            // A time cursor must go back, or the same rows would come again.
            (Ok(next), Some(export)) => {
                match next.parse().ok().filter(|next| export.cursor > Some(*next)) {
                    Some(next) => {
                        export.cursor = Some(reader.rows.read_on_from(next, export.cursor));
                    }
                    None => break Some(CutShort::CursorRepeated),
                }
            }
            (Ok(cursor), None) => request.after = Some(cursor),
            (Err(why), _) => break why,
        }
    };
    Ok(Rows {
        events: reader.rows.events,
        skipped: reader.rows.skipped,
        before: None,
        after: None,
        cut_short,
        ranged: true,
        bounds,
    })
}
