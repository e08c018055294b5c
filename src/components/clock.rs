//! The clock the views read (the API module reads its own only to turn a `Retry-After`
//! date into a wait); everything in `domain` is handed `now`.

use chrono::{DateTime, Utc};
use leptos::prelude::*;
use std::time::Duration;

#[derive(Clone, Copy)]
struct Clock(ReadSignal<DateTime<Utc>>);

/// Starts a clock that ticks four times a minute, so relative times stay true on an open
/// page: counted in minutes, each is at most a quarter of a minute behind ("just now" of an
/// event a minute and a half old, with a tick each minute).
pub fn provide_clock() {
    let (now, set_now) = signal(wall_clock());
    // App-wide: it ticks as long as the page lives, so its handle is not kept.
    set_interval(move || set_now.set(wall_clock()), Duration::from_secs(15));
    provide_context(Clock(now));
}

pub fn use_now() -> ReadSignal<DateTime<Utc>> {
    expect_context::<Clock>().0
}

pub fn wall_clock() -> DateTime<Utc> {
    DateTime::from_timestamp_millis(js_sys::Date::now() as i64).unwrap_or_default()
}
