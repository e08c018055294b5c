//! Reading a list response in wasm, as the app does once a response's bytes are in its
//! memory: UTF-8 checked, then every row normalised. Built for wasm32 by `./scripts/bench`
//! and timed in Chromium by `end2end/bench/browser.bench.ts`.

use audit_dashboard::domain::event::{parse_list_response, EventPage};
use std::cell::RefCell;
use wasm_bindgen::prelude::*;

thread_local! {
    static BODY: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
    // The last page read, kept as the app keeps it until the next load starts.
    static PAGE: RefCell<Option<EventPage>> = const { RefCell::new(None) };
}

/// Copies a response body into wasm memory (not timed: the app's copy is the fetch's).
#[wasm_bindgen]
pub fn load(body: Vec<u8>) {
    BODY.set(body);
    PAGE.set(None);
}

/// Drops the last page read (not timed: the app drops a load's rows as the next load
/// starts, before its request, and never while it reads).
#[wasm_bindgen]
pub fn drop_page() {
    PAGE.set(None);
}

/// Reads the loaded body; the number of events read, or -1 when it was not a list.
#[wasm_bindgen]
pub fn normalize() -> i32 {
    let page = BODY.with_borrow(|body| {
        let text = std::str::from_utf8(body).ok()?;
        parse_list_response(text).ok()
    });
    let read = page.as_ref().map_or(-1, |page| page.events.len() as i32);
    PAGE.set(page);
    read
}

/// serde_json's own pass over the body, keeping nothing, after the same UTF-8 check: the
/// machine's pace in the run, to compare runs by (the reader no longer goes through
/// serde_json). 1 when the body was valid JSON.
#[wasm_bindgen]
pub fn skim() -> i32 {
    BODY.with_borrow(|body| {
        let valid = std::str::from_utf8(body)
            .is_ok_and(|text| serde_json::from_str::<serde::de::IgnoredAny>(text).is_ok());
        i32::from(valid)
    })
}
