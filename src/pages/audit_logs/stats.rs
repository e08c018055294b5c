//! Statistics of the loaded rows: counts by category, the top actions, and an activity
//! chart whose bars narrow the date range when clicked.

use super::{Go, Rows};
use crate::components::clock::wall_clock;
use crate::components::states::focus_results;
use crate::components::time::Zone;
use crate::domain::query::AuditQuery;
use crate::domain::stats::{action_counts, activity, by_category, chart_span, top_actions, Bar};
use crate::domain::window::bar_after_key;
use crate::domain::words::{grouped, statistics_scope};
use chrono::{Local, Utc};
use leptos::prelude::*;
use std::sync::Arc;
use wasm_bindgen::JsCast;
use web_sys::{Element, Event, SvgElement};

const TOP_ACTIONS: usize = 5;
/// The chart's drawing box, in its own units; the SVG scales to its container.
const WIDTH: u32 = 600;
const HEIGHT: u32 = 120;

/// `open`: whether the admin has them open, kept across loads and redraws.
#[component]
pub fn Statistics(
    rows: Arc<Rows>,
    zone: Zone,
    open: RwSignal<bool>,
    query: Memo<AuditQuery>,
    go: Go,
) -> impl IntoView {
    let events = &rows.events;
    let bars = match chart_span(events, rows.bounds, rows.cut_short.is_some(), wall_clock()) {
        Some((from, to)) => match zone {
            Zone::Local => activity(events, from, to, &Local),
            Zone::Utc => activity(events, from, to, &Utc),
        },
        None => Vec::new(),
    };
    let counts = action_counts(events);
    let categories = by_category(&counts);
    let top = top_actions(&counts, TOP_ACTIONS);
    let shown = query.get_untracked().range;
    let narrow = move |bar: &Bar| {
        // Not an empty period: it would narrow to no rows, and its bar, a pixel high, would be
        // a Tab stop and a target too small to hit.
        if bar.count == 0 {
            return None;
        }
        let range = shown.narrowed_to(bar.days.0, bar.days.1)?;
        // The bar goes with the rows it counts: its focus goes to the events.
        let activate = move |ev: &Event| {
            focus_results(ev);
            go.to(AuditQuery {
                range,
                ..query.get_untracked().first_page()
            })
        };
        Some((bar.offer.clone(), activate))
    };
    view! {
        <details class="stats" open=open.get_untracked() on:toggle=move |ev| open.set(event_target::<Element>(&ev).has_attribute("open"))>
            <summary>"Statistics"</summary>
            <p class="note">{statistics_scope(events.len(), rows.ranged, rows.cut_short.is_some())}</p>
            <div class="stats-grid">
                <section aria-labelledby="banata-audit-by-category">
                    <h2 id="banata-audit-by-category">"By category"</h2>
                    <dl class="counts">
                        {categories.into_iter().map(|(category, count)| view! { <dt>{category.label()}</dt><dd>{grouped(count as u64)}</dd> }).collect_view()}
                    </dl>
                </section>
                <section aria-labelledby="banata-audit-top-actions">
                    <h2 id="banata-audit-top-actions">"Top actions"</h2>
                    <ol class="counts">
                        {top.into_iter().map(|(action, count)| view! { <li><code>{action}</code>" "<span class="tally">{grouped(count as u64)}</span></li> }).collect_view()}
                    </ol>
                </section>
            </div>
            <Chart bars narrow />
        </details>
    }
}

/// Bars as inline SVG; each that can narrow the range is a keyboard-reachable button named
/// by its label and what it shows.
#[component]
fn Chart<N, F>(bars: Vec<Bar>, narrow: N) -> impl IntoView
where
    N: Fn(&Bar) -> Option<(String, F)>,
    F: Fn(&Event) + Clone + 'static,
{
    if bars.is_empty() {
        return None;
    }
    // The axis names the first and last periods; each bar's own is in its label.
    let period = |bar: Option<&Bar>| bar.map(|bar| bar.period.clone()).unwrap_or_default();
    let (first, last) = (period(bars.first()), period(bars[1..].last()));
    let tallest = bars.iter().map(|bar| bar.count).max().unwrap_or(0).max(1) as f64;
    let (width, full_height) = (f64::from(WIDTH), f64::from(HEIGHT));
    let slot = width / bars.len() as f64;
    let offers: Vec<_> = bars.iter().map(narrow).collect();
    let caption = if offers.iter().any(Option::is_some) {
        "Activity (select a bar to narrow the date range)"
    } else {
        "Activity"
    };
    // The bars are one Tab stop, the last one moved to (the first at first); the arrow keys,
    // Home and End move between them, as between the table's rows. Not by a `focus` listener:
    // Chromium makes any SVG element that has one a Tab stop, the bars that are not buttons
    // too.
    let buttons = offers.iter().flatten().count();
    let tab_stop = RwSignal::new(0);
    let mut button_index = 0..;
    let rects = bars
        .iter()
        .zip(offers)
        .enumerate()
        .map(|(i, (bar, offer))| {
            let height = (bar.count as f64 / tallest * (full_height - 4.0)).max(1.0);
            let (offer, activate) = offer.unzip();
            let button = activate.is_some().then(|| button_index.next()).flatten();
            let on_enter = activate.clone();
            view! {
                <rect
                    class="bar"
                    role=button.map(|_| "button")
                    tabindex=move || button.map(|button| if tab_stop.get() == button { "0" } else { "-1" })
                    aria-label=offer.map(|offer| format!("{}. {offer}", bar.label))
                    x=hundredths(i as f64 * slot + slot * 0.1)
                    y=hundredths(full_height - height)
                    width=hundredths(slot * 0.8)
                    height=hundredths(height)
                    on:click=move |ev| activate.iter().for_each(|activate| activate(&ev))
                    on:keydown=move |ev| {
                        if ev.key() == "Enter" || ev.key() == " " {
                            ev.prevent_default();
                            on_enter.iter().for_each(|activate| activate(&ev));
                        } else if let Some(next) = button.and_then(|button| bar_after_key(&ev.key(), button, buttons)) {
                            ev.prevent_default();
                            tab_stop.set(next);
                            focus_bar(&ev, next);
                        }
                    }
                >
                    <title>{bar.label.clone()}</title>
                </rect>
            }
        })
        .collect_view();
    Some(view! {
        <figure class="chart">
            <figcaption>{caption}</figcaption>
            <svg viewBox=format!("0 0 {WIDTH} {HEIGHT}") preserveAspectRatio="none" role="group" aria-label="Events over time">
                {rects}
            </svg>
            <p class="chart-axis" aria-hidden="true"><span>{first}</span><span>{last}</span></p>
        </figure>
    })
}

/// Focuses the chart's bar button number `index`, among those of the chart whose bar had `ev`.
fn focus_bar(ev: &Event, index: usize) {
    let bar = (ev.current_target())
        .and_then(|bar| bar.dyn_into::<Element>().ok())
        .and_then(|bar| bar.parent_element())
        .and_then(|chart| chart.query_selector_all(".bar[role=button]").ok())
        .and_then(|bars| bars.item(index as u32))
        .and_then(|bar| bar.dyn_into::<SvgElement>().ok());
    if let Some(bar) = bar {
        let _ = bar.focus();
    }
}

/// A coordinate (never negative) to two decimals, written with integers: formatting an f64
/// would bring Rust's float printing into the wasm for this alone.
fn hundredths(value: f64) -> String {
    let hundredths = (value * 100.0).round() as u64;
    format!("{}.{:02}", hundredths / 100, hundredths % 100)
}

#[cfg(test)]
mod tests {
    use super::hundredths;

    #[test]
    fn coordinates_are_written_to_two_decimals() {
        assert_eq!(hundredths(0.0), "0.00");
        assert_eq!(hundredths(0.05), "0.05");
        assert_eq!(hundredths(7.5), "7.50");
        assert_eq!(hundredths(116.0), "116.00");
        assert_eq!(hundredths(600.0 / 7.0), "85.71");
    }
}
