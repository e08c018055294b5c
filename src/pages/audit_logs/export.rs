//! Export of the current filters, search and date range through the export endpoint, to
//! JSON or CSV, with progress and cancel. The shipped backend ignores the dates, so the
//! range is enforced here: paging starts just after the end and stops once rows are older
//! than it.

use super::Go;
use crate::api::{Api, ApiError};
use crate::components::clock::wall_clock;
use crate::components::states::{focus_region, focus_region_of};
use crate::components::time::use_zone;
use crate::domain::export::{file_name, next_cursor, to_csv, to_json, Progress};
use crate::domain::query::{AuditQuery, ExportRequest};
use crate::domain::range::{Bounds, RangeRows};
use crate::domain::words::export_scope;
use futures::future::{abortable, AbortHandle};
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::{JsCast, JsValue};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Json,
    Csv,
}

impl Format {
    fn as_str(self) -> &'static str {
        match self {
            Format::Json => "json",
            Format::Csv => "csv",
        }
    }
}

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
    let start = move |format: Format| {
        stop();
        go.apply_typed_dates();
        let current = query.get_untracked();
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
            format.as_str(),
        );
        progress.set(Progress::Running(0));
        let api = api.get_value();
        let (exported, handle) = abortable(async move {
            let report = move |count| progress.set(Progress::Running(count));
            export(&api, &current, bounds, format, report).await
        });
        in_flight.set_value(Some(handle));
        spawn_local(async move {
            let Ok(exported) = exported.await else {
                return;
            };
            // Cancel goes with an export that ends by itself too: its focus moves as when
            // it is pressed.
            let cancel = document().active_element();
            if let Some(cancel) = cancel.filter(|focused| focused.class_name() == "cancel") {
                focus_region_of(&cancel);
            }
            progress.set(match exported {
                Ok(RangeRows {
                    events, skipped, ..
                }) => {
                    let text = match format {
                        Format::Json => to_json(&events),
                        Format::Csv => to_csv(&events),
                    };
                    match download(&name, format, &text) {
                        Ok(()) => Progress::Done {
                            count: events.len(),
                            skipped,
                            file: name,
                        },
                        Err(_) => Progress::Failed("the browser did not save the file.".to_owned()),
                    }
                }
                Err(error) => Progress::Failed(error.to_string()),
            });
        });
    };
    // Cancel goes with the export: its keyboard focus goes to the group rather than back to
    // the top of the page.
    let cancel = move |ev: web_sys::MouseEvent| {
        focus_region(&ev);
        stop();
        progress.set(Progress::Cancelled);
    };
    let running = move || progress.with(|progress| matches!(progress, Progress::Running(_)));
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
        ExportRequest::for_range(&filters, &bounds, format.as_str(), api.project_id());
    let mut kept = RangeRows::default();
    loop {
        let page = api.export_page(&request).await?;
        let oldest = kept.add_page(&bounds, page.events, page.skipped, |event| {
            query.shows(event)
        });
        report(kept.events.len());
        match next_cursor(&bounds, request.cursor, page.next_cursor, oldest)? {
            Some(next) => request.cursor = Some(next),
            None => return Ok(kept),
        }
    }
}

/// Saves `text` as an ordinary browser download.
fn download(name: &str, format: Format, text: &str) -> Result<(), JsValue> {
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(match format {
        Format::Json => "application/json",
        Format::Csv => "text/csv",
    });
    let parts = js_sys::Array::of1(&JsValue::from_str(text));
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob)?;
    let link: web_sys::HtmlAnchorElement = document().create_element("a")?.unchecked_into();
    link.set_href(&url);
    link.set_download(name);
    link.click();
    // Revoked later: revoking at once can cancel the download in some browsers.
    set_timeout(
        move || drop(web_sys::Url::revoke_object_url(&url)),
        std::time::Duration::from_secs(60),
    );
    Ok(())
}
