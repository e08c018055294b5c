use super::clock::use_now;
use crate::domain::range::{Bounds, DateRange};
use crate::domain::time::{absolute, iso, relative};
use crate::storage;
use chrono::{DateTime, Local, NaiveDate, Utc};
use leptos::prelude::*;

const ZONE_KEY: &str = "banata.timezone";

/// Where absolute times and whole days are read: the browser's zone or UTC.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Zone {
    Local,
    Utc,
}

impl Zone {
    /// The instants a date range covers, with days read in this zone.
    pub fn bounds(self, range: &DateRange, now: DateTime<Utc>) -> Bounds {
        match self {
            Zone::Local => range.bounds(now, &Local),
            Zone::Utc => range.bounds(now, &Utc),
        }
    }

    /// An instant written out in this zone: "Mar 1, 2026, 14:05:09 UTC+09:00".
    pub fn absolute(self, time: DateTime<Utc>) -> String {
        match self {
            Zone::Local => absolute(time, &Local),
            Zone::Utc => absolute(time, &Utc),
        }
    }

    /// The calendar day of an instant in this zone.
    pub fn day(self, time: DateTime<Utc>) -> NaiveDate {
        match self {
            Zone::Local => time.with_timezone(&Local).date_naive(),
            Zone::Utc => time.date_naive(),
        }
    }
}

/// The admin's time-zone choice, persisted in the browser.
pub fn provide_zone() {
    let zone = RwSignal::new(match storage::load(ZONE_KEY).as_deref() {
        Some("utc") => Zone::Utc,
        _ => Zone::Local,
    });
    Effect::new(move |_| {
        storage::save(
            ZONE_KEY,
            if zone.get() == Zone::Utc {
                "utc"
            } else {
                "local"
            },
        )
    });
    provide_context(zone);
}

pub fn use_zone() -> RwSignal<Zone> {
    expect_context::<RwSignal<Zone>>()
}

/// An instant written out in the chosen zone, for where the exact time matters.
#[component]
pub fn ExactTime(time: DateTime<Utc>) -> impl IntoView {
    let zone = use_zone();
    view! { <time datetime=iso(time)>{move || zone.get().absolute(time)}</time> }
}

/// Exactly one `<time>`: relative text, the absolute time in the chosen zone as its
/// title, and a `datetime` only when the event's time could be read. Reactive, so a reused
/// table row shows its new event's time without a new element.
#[component]
pub fn RelativeTime(#[prop(into)] time: Signal<Option<DateTime<Utc>>>) -> impl IntoView {
    let now = use_now();
    let zone = use_zone();
    let title = move || Some(zone.get().absolute(time.get()?));
    let text = move || match (time.get(), zone.get()) {
        (Some(time), Zone::Local) => relative(time, now.get(), &Local),
        (Some(time), Zone::Utc) => relative(time, now.get(), &Utc),
        (None, _) => "Invalid date".to_owned(),
    };
    view! {
        <time datetime=move || time.get().map(iso) title=title class:invalid-time=move || time.with(Option::is_none)>
            {text}
        </time>
    }
}
