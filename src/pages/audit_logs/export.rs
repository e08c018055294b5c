//! Export of the current filters, search and date range through the export endpoint, to
//! JSON or CSV, with progress and cancel. The shipped backend ignores the dates, so the
//! range is enforced here: paging starts just after its end and stops once rows are older
//! than its start.

use super::Go;
use crate::api::{Api, ApiError};
use crate::components::clock::wall_clock;
use crate::components::states::{focus_region, focus_region_of};
use crate::components::time::use_zone;
use crate::domain::event::AuditEvent;
use crate::domain::export::{file_name, next_cursor, Format, Progress};
use crate::domain::query::{AuditQuery, ExportRequest};
use crate::domain::range::{Bounds, RangeRows};
use crate::domain::words::export_scope;
use futures::future::{abortable, AbortHandle};
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::time::Duration;
use wasm_bindgen::{JsCast, JsValue};

/// Events per part of the file: some 20 ms of writing between the page's frames.
const ROWS_PER_PART: usize = 1_000;

#[component]
pub fn Export(query: Memo<AuditQuery>, go: Go) -> impl IntoView {
    let zone = use_zone();
    let api = StoredValue::new(expect_context::<Api>());
    let progress = RwSignal::new(Progress::Idle);
    // The export in flight. Cancel, a newer export or leaving the page drops it, and with it
    // the request of the page on its way.
    let in_flight = StoredValue::new(None::<AbortHandle>);
    let stop = move || {
        // `try_`: leaving the page may have disposed it already.
        if let Some(export) = in_flight.try_update_value(Option::take).flatten() {
            export.abort();
        }
    };
    on_cleanup(stop);
    // A finished export's last word is about the view it saved, and goes once the view
    // differs from it; not when the export's own start applies dates still being typed. One
    // under way goes on, and says how it ended.
    let view = Memo::new(move |_| query.with(AuditQuery::export_view));
    let exported_view = StoredValue::new(None::<AuditQuery>);
    Effect::new(move || {
        let other_view =
            view.with(|view| exported_view.with_value(|exported| exported.as_ref() != Some(view)));
        if other_view && !progress.with_untracked(Progress::under_way) {
            progress.set(Progress::Idle);
        }
    });
    let start = move |format: Format| {
        stop();
        let half_typed = go.apply_typed_dates();
        let current = query.get_untracked();
        exported_view.set_value(Some(current.export_view()));
        // The range the inputs show is what is exported: one of them is not a range yet.
        if let Some(label) = half_typed {
            progress.set(Progress::Failed(format!(
                "{label} is not a whole date: finish it or clear it."
            )));
            return;
        }
        // The page says why it shows nothing; a file of headers alone would say less.
        if current.range.is_reversed() {
            progress.set(Progress::Failed(
                "From is after To, so no event is in this range.".to_owned(),
            ));
            return;
        }
        let zone = zone.get_untracked();
        let now = wall_clock();
        let bounds = zone.bounds(&current.range, now);
        let name = file_name(
            current
                .range
                .from
                .or_else(|| bounds.start.map(|start| zone.day(start))),
            current.range.to.unwrap_or_else(|| zone.day(now)),
            &current,
            format.extension(),
        );
        progress.set(Progress::Running(0));
        let api = api.get_value();
        let (exported, handle) = abortable(async move {
            let report = move |count| progress.set(Progress::Running(count));
            let rows = match export(&api, &current, bounds, format, report).await {
                Ok(rows) => rows,
                Err(error) => return Progress::Failed(error.to_string()),
            };
            progress.set(Progress::Writing(rows.events.len()));
            match save(&name, format, &rows.events).await {
                Ok(()) => Progress::Done {
                    count: rows.events.len(),
                    skipped: rows.skipped,
                    file: name,
                },
                Err(_) => Progress::Failed("the browser did not save the file.".to_owned()),
            }
        });
        in_flight.set_value(Some(handle));
        spawn_local(async move {
            let Ok(outcome) = exported.await else {
                return;
            };
            // Cancel goes with an export that ends by itself too: its focus moves as when
            // it is pressed.
            let cancel = document().active_element();
            if let Some(cancel) = cancel.filter(|focused| focused.class_name() == "cancel") {
                focus_region_of(&cancel);
            }
            progress.set(outcome);
        });
    };
    // Cancel goes with the export: its keyboard focus goes to the group rather than back to
    // the top of the page.
    let cancel = move |ev: web_sys::MouseEvent| {
        focus_region(&ev);
        stop();
        progress.set(Progress::Cancelled);
    };
    let running = move || progress.with(Progress::under_way);
    // Unavailable rather than disabled while an export runs, which would drop the focus.
    let export_button = move |label: &'static str, format: Format| {
        view! {
            <button type="button" aria-disabled=move || running().then_some("true") on:click=move |_| {
                if !running() {
                    start(format)
                }
            }>{label}</button>
        }
    };
    let status = move || progress.with(Progress::status);
    view! {
        <div class="export" role="group" aria-label="Export" aria-describedby="banata-audit-export-scope" tabindex="-1">
            {export_button("Export JSON", Format::Json)}
            {export_button("Export CSV", Format::Csv)}
            <span id="banata-audit-export-scope" class="note">{move || export_scope(query.with(|query| query.range.is_set()))}</span>
            <Show when=running>
                <button type="button" class="cancel" on:click=cancel>"Cancel export"</button>
            </Show>
            <span class="export-status" role="status">{status}</span>
        </div>
    }
}

/// Follows `nextCursor` to the end of the range, keeping the rows the page would show.
async fn export(
    api: &Api,
    query: &AuditQuery,
    bounds: Bounds,
    format: Format,
    report: impl Fn(usize),
) -> Result<RangeRows, ApiError> {
    let filters = query.list_request();
    let mut request =
        ExportRequest::for_range(&filters, &bounds, format.extension(), api.project_id());
    let mut kept = RangeRows::default();
    loop {
        let page = api.export_page(&request).await?;
        // As many as asked for: more is a backend that ignores the limit and sent them all.
        let full = request
            .limit
            .is_some_and(|limit| page.events.len() + page.skipped == limit as usize);
        let oldest = kept.add_page(&bounds, page.events, page.skipped, |event| {
            query.shows(event)
        });
        report(kept.events.len());
        match next_cursor(&bounds, request.cursor, page.next_cursor, oldest, full)? {
            Some(next) => request.cursor = Some(kept.read_on_from(next, request.cursor)),
            None => return Ok(kept),
        }
    }
}

/// Saves `events` as an ordinary browser download. The file is written a part at a time,
/// each part made a blob of its own, between the page's turns: its frames, and Cancel. In a
/// hidden tab, which has neither, it is written at once: browsers run a hidden tab's timers
/// once a second, or once a minute, which would make seconds of writing minutes. Joining
/// blobs costs next to nothing, where one blob of the whole text held the page still for a
/// quarter of a second at 100,000 events.
async fn save(name: &str, format: Format, events: &[AuditEvent]) -> Result<(), JsValue> {
    let parts = js_sys::Array::new();
    for part in format.parts(events, ROWS_PER_PART) {
        let text = js_sys::Array::of1(&JsValue::from_str(&part));
        let blob = web_sys::Blob::new_with_str_sequence(&text)?;
        parts.push(&blob);
        if !document().hidden() {
            gloo_timers::future::sleep(Duration::ZERO).await;
        }
    }
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(format.media_type());
    let blob = web_sys::Blob::new_with_blob_sequence_and_options(&parts, &options)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob)?;
    let link: web_sys::HtmlAnchorElement = document().create_element("a")?.unchecked_into();
    link.set_href(&url);
    link.set_download(name);
    link.click();
    // Revoked later: revoking at once can cancel the download in some browsers.
    set_timeout(
        move || drop(web_sys::Url::revoke_object_url(&url)),
        Duration::from_secs(60),
    );
    Ok(())
}
