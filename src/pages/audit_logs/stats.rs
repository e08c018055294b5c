//! Statistics of the loaded rows: counts by category, the top actions, and an activity
//! chart whose bars narrow the date range when clicked.

use super::{Go, Rows};
use crate::components::clock::wall_clock;
use crate::components::time::{use_zone, Zone};
use crate::domain::query::AuditQuery;
use crate::domain::range::DateRange;
use crate::domain::stats::{activity, by_category, top_actions, Bar};
use chrono::{Local, TimeDelta, Utc};
use leptos::prelude::*;
use std::sync::Arc;

const TOP_ACTIONS: usize = 5;
/// The chart's drawing box; the SVG scales to its container.
const WIDTH: f64 = 600.0;
const HEIGHT: f64 = 120.0;

#[component]
pub fn Statistics(rows: Arc<Rows>, query: Memo<AuditQuery>, go: Go) -> impl IntoView {
    // Drawn once per load; a change of zone reloads the rows and redraws it.
    let zone = use_zone().get_untracked();
    let (events, bounds) = (&rows.events, rows.bounds);
    let now = wall_clock();
    let oldest = events.iter().filter_map(|event| event.occurred_at).min();
    let to = bounds
        .end
        .map_or(now, |end| end + TimeDelta::milliseconds(1));
    let bars = match bounds.start.or(oldest) {
        Some(from) if from < to => match zone {
            Zone::Local => activity(events, from, to, &Local),
            Zone::Utc => activity(events, from, to, &Utc),
        },
        _ => Vec::new(),
    };
    let categories = by_category(events);
    let top = top_actions(events, TOP_ACTIONS);
    let narrow = move |bar: &Bar| {
        let last = bar.end - TimeDelta::milliseconds(1);
        let range = DateRange {
            preset: None,
            from: Some(zone.day(bar.start)),
            to: Some(zone.day(last)),
        };
        move || {
            go.to(AuditQuery {
                range,
                ..query.get_untracked().first_page()
            })
        }
    };
    view! {
        <details class="stats">
            <summary>"Statistics"</summary>
            <div class="stats-grid">
                <section aria-labelledby="by-category">
                    <h2 id="by-category">"By category"</h2>
                    <dl class="counts">
                        {categories.into_iter().map(|(category, count)| view! { <dt>{category.label()}</dt><dd>{count}</dd> }).collect_view()}
                    </dl>
                </section>
                <section aria-labelledby="top-actions">
                    <h2 id="top-actions">"Top actions"</h2>
                    <ol class="counts">
                        {top.into_iter().map(|(action, count)| view! { <li><code>{action}</code>" "{count}</li> }).collect_view()}
                    </ol>
                </section>
            </div>
            <Chart bars narrow />
        </details>
    }
}

/// Bars as inline SVG; each is a keyboard-reachable button named by its label.
#[component]
fn Chart<N, F>(bars: Vec<Bar>, narrow: N) -> impl IntoView
where
    N: Fn(&Bar) -> F,
    F: Fn() + Clone + 'static,
{
    if bars.is_empty() {
        return None;
    }
    let tallest = bars.iter().map(|bar| bar.count).max().unwrap_or(0).max(1) as f64;
    let slot = WIDTH / bars.len() as f64;
    let rects = bars
        .iter()
        .enumerate()
        .map(|(i, bar)| {
            let height = (bar.count as f64 / tallest * (HEIGHT - 4.0)).max(1.0);
            let activate = narrow(bar);
            let on_enter = activate.clone();
            view! {
                <rect
                    class="bar"
                    role="button"
                    tabindex="0"
                    aria-label=format!("{}. Show only this period.", bar.label)
                    x=format!("{:.2}", i as f64 * slot + slot * 0.1)
                    y=format!("{:.2}", HEIGHT - height)
                    width=format!("{:.2}", slot * 0.8)
                    height=format!("{height:.2}")
                    on:click=move |_| activate()
                    on:keydown=move |ev| {
                        if ev.key() == "Enter" || ev.key() == " " {
                            ev.prevent_default();
                            on_enter();
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
            <figcaption>"Activity (select a bar to narrow the date range)"</figcaption>
            <svg viewBox=format!("0 0 {WIDTH} {HEIGHT}") preserveAspectRatio="none" role="group" aria-label="Events over time">
                {rects}
            </svg>
        </figure>
    })
}
