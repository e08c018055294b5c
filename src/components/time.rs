use super::clock::use_now;
use crate::domain::time::{absolute, iso, relative};
use chrono::{DateTime, Local, Utc};
use leptos::prelude::*;

/// Exactly one `<time>`: relative text, the absolute local time as its title, and a
/// `datetime` only when the event's time could be read.
#[component]
pub fn RelativeTime(time: Option<DateTime<Utc>>) -> impl IntoView {
    let now = use_now();
    match time {
        Some(time) => view! {
            <time datetime=iso(time) title=absolute(time, &Local)>
                {move || relative(time, now.get(), &Local)}
            </time>
        }
        .into_any(),
        None => view! { <time class="invalid-time">"Invalid date"</time> }.into_any(),
    }
}
