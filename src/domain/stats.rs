//! Statistics for the loaded range: events per category, the busiest actions, and an
//! activity histogram in the viewer's time zone.

use super::category::{category, Category, KNOWN_ACTIONS};
use super::event::AuditEvent;
use super::range::{local_midnight, Bounds};
use super::time::{clock, month_day, utc_offset};
use super::words;
use chrono::{DateTime, Days, Duration, NaiveDate, NaiveTime, TimeZone, Timelike, Utc};
use rustc_hash::FxHashMap as HashMap;

/// Every category, in [`Category::ALL`] order, with how many events it has (zeros too,
/// so the chart keeps its shape).
pub fn by_category(counts: &ActionCounts) -> Vec<(Category, usize)> {
    // Actions repeat: each distinct one is categorised once, not once per event.
    let per_action: Vec<(Category, usize)> = counts
        .iter()
        .map(|(action, &count)| (category(action), count))
        .collect();
    Category::ALL
        .iter()
        .map(|&wanted| {
            let count = per_action
                .iter()
                .filter(|&&(category, _)| category == wanted)
                .map(|&(_, count)| count)
                .sum();
            (wanted, count)
        })
        .collect()
}

/// How many events each action has: counted once per load for the statistics, which each
/// read it, rather than once by each.
pub type ActionCounts<'a> = HashMap<&'a str, usize>;

pub fn action_counts(events: &[AuditEvent]) -> ActionCounts<'_> {
    let mut counts: HashMap<&str, usize> = HashMap::default();
    for event in events {
        *counts.entry(&event.action).or_default() += 1;
    }
    counts
}

/// Suggestions for the action filter: the known actions and every other one the events
/// carry (a custom action, or one of the backend's that the list lacks, as
/// `user.login_failed`), once each, sorted. The server matches the filter exactly, so they
/// are kept as written.
pub fn action_suggestions(counts: &ActionCounts) -> Vec<String> {
    let mut suggestions: Vec<&str> = (counts.keys().copied())
        .filter(|action| !action.trim().is_empty())
        .chain(KNOWN_ACTIONS)
        .collect();
    suggestions.sort_unstable();
    suggestions.dedup();
    suggestions.into_iter().map(str::to_owned).collect()
}

/// The `n` most frequent actions, most frequent first, ties by name. Events without an
/// action are not counted.
pub fn top_actions(counts: &ActionCounts, n: usize) -> Vec<(String, usize)> {
    let mut top: Vec<(String, usize)> = counts
        .iter()
        .filter(|(action, _)| !action.is_empty())
        .map(|(&action, &count)| (action.to_owned(), count))
        .collect();
    top.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    top.truncate(n);
    top
}

/// At most this many bars, so a long range stays readable.
pub const MAX_BARS: u64 = 90;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Bucket {
    Hour,
    Day,
}

/// Hourly bars for a range of up to 48 hours, daily bars beyond.
fn bucket(from: DateTime<Utc>, to: DateTime<Utc>) -> Bucket {
    if to - from <= Duration::hours(48) {
        Bucket::Hour
    } else {
        Bucket::Day
    }
}

/// One bar of the activity chart.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bar {
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    pub count: usize,
    /// The time it covers, e.g. "Mar 3" or "Mar 3, 14:00".
    pub period: String,
    /// What a screen reader says, e.g. "Mar 3: 12 events", or "Mar 3, from 17:21: 5
    /// events" for a day that starts before the range.
    pub label: String,
    /// The local days it covers, which selecting it narrows the date range to: the range
    /// is whole days, so an hourly bar gives its day.
    pub days: (NaiveDate, NaiveDate),
    /// What selecting it shows, e.g. "Show only Mar 3.", or "Show all of Mar 3." for a day
    /// that starts before the range and is counted only from there.
    pub offer: String,
}

/// The span `[from, to)` the chart covers: the range's bounds; without an end, up to `now`
/// or past the newest event when that is later (a backend's clock can run ahead of the
/// browser's), and without a start, or when the reading was `cut_short` of it, from the
/// oldest event: days it did not reach are not drawn as days without events, and the
/// first bar says from when it counts. `None` when nothing is in it.
pub fn chart_span(
    events: &[AuditEvent],
    bounds: Bounds,
    cut_short: bool,
    now: DateTime<Utc>,
) -> Option<(DateTime<Utc>, DateTime<Utc>)> {
    let times = || events.iter().filter_map(|event| event.occurred_at);
    let just_after = |time| time + Duration::milliseconds(1);
    let to = (bounds.end.map(just_after))
        .unwrap_or_else(|| times().max().map_or(now, just_after).max(now));
    let from = (bounds.start.filter(|_| !cut_short)).or_else(|| times().min())?;
    (from < to).then_some((from, to))
}

/// Bars covering `[from, to)`, empty ones included, starting and ending on local hour or
/// day boundaries in `tz` (so a day with a DST change is 23 or 25 hours long). Only events
/// with a time inside `[from, to)` are counted, so a first daily bar that starts before
/// `from` (a rolling "last 7 days") says from when it counts. A range of more than
/// [`MAX_BARS`] days gets bars of several days each, labelled with their first and last
/// day; the last bar ends with the range's last day.
pub fn activity<Tz: TimeZone>(
    events: &[AuditEvent],
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    tz: &Tz,
) -> Vec<Bar> {
    if from >= to {
        return Vec::new();
    }
    // Days per bar, and the end of the range's last day, where the last bar stops short.
    let days = match bucket(from, to) {
        Bucket::Hour => None,
        Bucket::Day => {
            let last = local_date(to - Duration::nanoseconds(1), tz);
            let days = (last - local_date(from, tz)).num_days().unsigned_abs() + 1;
            Some((days.div_ceil(MAX_BARS), midnight(last + Days::new(1), tz)))
        }
    };
    let days_per_bar = days.map(|(per_bar, _)| per_bar);
    let next = |edge: DateTime<Utc>| match days {
        None => edge + Duration::hours(1),
        Some((per_bar, end)) => midnight(local_date(edge, tz) + Days::new(per_bar), tz).min(end),
    };
    let mut edges = vec![match days_per_bar {
        None => hour_start(from, tz),
        Some(_) => midnight(local_date(from, tz), tz),
    }];
    while let Some(&edge) = edges.last().filter(|&&edge| edge < to) {
        // At least an hour on, whatever a zone says of its days: an edge that did not move
        // would add edges until memory ran out.
        edges.push(next(edge).max(edge + Duration::hours(1)));
    }

    let mut counts = vec![0; edges.len() - 1];
    for time in events.iter().filter_map(|event| event.occurred_at) {
        if (from..to).contains(&time) {
            // The first edge is at or before `from` and the last at or after `to`.
            counts[edges.partition_point(|&edge| edge <= time) - 1] += 1;
        }
    }

    edges
        .windows(2)
        .zip(counts)
        .map(|(pair, count)| {
            let (start, end) = (pair[0], pair[1]);
            let local = |time: DateTime<Utc>| time.with_timezone(tz);
            let partial = days_per_bar.is_some() && start < from;
            // `counted`: what the label names instead of the period, when they differ.
            let days = (
                local(start).date_naive(),
                local(end - Duration::nanoseconds(1)).date_naive(),
            );
            let (period, counted) = match days_per_bar {
                None => {
                    let mut hour = format!(
                        "{}, {}",
                        month_day(&local(start)),
                        clock(&local(start), false)
                    );
                    // The hour a clock change repeats is told apart by its offset.
                    let same_hour =
                        |other: DateTime<Utc>| local(other).hour() == local(start).hour();
                    if same_hour(start - Duration::hours(1)) || same_hour(end) {
                        hour = format!("{hour} {}", utc_offset(&local(start)));
                    }
                    (hour, None)
                }
                Some(_) => {
                    let first = month_day(&local(start));
                    let last = month_day(&local(end - Duration::nanoseconds(1)));
                    let one_day = first == last;
                    let counted = partial.then(|| {
                        let since = clock(&local(from), false);
                        match one_day {
                            true => format!("{first}, from {since}"),
                            false => format!("{first}, {since} – {last}"),
                        }
                    });
                    let period = match one_day {
                        true => first,
                        false => format!("{first} – {last}"),
                    };
                    (period, counted)
                }
            };
            let offer = if days_per_bar.is_none() {
                format!("Show only {}.", month_day(&days.0))
            } else if partial {
                format!("Show all of {period}.")
            } else {
                "Show only this period.".to_owned()
            };
            let events = words::count(count as u64, "event");
            Bar {
                start,
                end,
                count,
                label: format!("{}: {events}", counted.as_deref().unwrap_or(&period)),
                period,
                days,
                offer,
            }
        })
        .collect()
}

fn local_date<Tz: TimeZone>(time: DateTime<Utc>, tz: &Tz) -> NaiveDate {
    time.with_timezone(tz).date_naive()
}

/// The local hour that `time` falls in, found in absolute time so that half-hour offsets
/// and DST changes need no special case.
fn hour_start<Tz: TimeZone>(time: DateTime<Utc>, tz: &Tz) -> DateTime<Utc> {
    let local = time.with_timezone(tz);
    time - Duration::seconds(i64::from(local.minute() * 60 + local.second()))
        - Duration::nanoseconds(i64::from(local.nanosecond()))
}

/// When `date` begins in `tz` (see `local_midnight`); at the calendar's end, where that is
/// unknown, the UTC day's start.
fn midnight<Tz: TimeZone>(date: NaiveDate, tz: &Tz) -> DateTime<Utc> {
    local_midnight(date, tz).unwrap_or_else(|| date.and_time(NaiveTime::MIN).and_utc())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::event::normalize_event;
    use chrono::{FixedOffset, MappedLocalTime, NaiveDateTime};
    use serde_json::json;

    fn event(action: &str, at: &str) -> AuditEvent {
        normalize_event(
            &json!({ "id": format!("{action}@{at}"), "action": action, "occurredAt": at }),
        )
        .unwrap()
    }

    fn utc(iso: &str) -> DateTime<Utc> {
        iso.parse().unwrap()
    }

    fn day(iso: &str) -> NaiveDate {
        iso.parse().unwrap()
    }

    #[test]
    fn the_chart_spans_the_range_and_every_event_of_an_open_one() {
        let now = utc("2026-03-10T12:00:00Z");
        let events = [
            event("user.created", "2026-03-09T08:00:00Z"),
            event("user.created", "2026-03-10T12:00:30Z"),
        ];
        let span = |start: Option<&str>, end: Option<&str>, events: &[AuditEvent]| {
            let bounds = Bounds {
                start: start.map(utc),
                end: end.map(utc),
            };
            chart_span(events, bounds, false, now)
        };
        // An event ahead of the browser's clock is in the last bar, not left out.
        assert_eq!(
            span(None, None, &events),
            Some((utc("2026-03-09T08:00:00Z"), utc("2026-03-10T12:00:30.001Z")))
        );
        assert_eq!(
            span(Some("2026-03-03T00:00:00Z"), None, &events[..1]),
            Some((utc("2026-03-03T00:00:00Z"), now))
        );
        assert_eq!(
            span(
                Some("2026-03-03T00:00:00Z"),
                Some("2026-03-03T23:59:59.999Z"),
                &events
            ),
            Some((utc("2026-03-03T00:00:00Z"), utc("2026-03-04T00:00:00Z")))
        );
        assert_eq!(span(None, None, &[event("user.created", "x")]), None);
        assert_eq!(span(Some("2026-03-11T00:00:00Z"), None, &events[..1]), None);
        // A reading cut short of the start: from the oldest event read, not from days
        // it never reached.
        let week = Bounds {
            start: Some(utc("2026-03-03T00:00:00Z")),
            end: None,
        };
        assert_eq!(
            chart_span(&events, week, true, now),
            Some((utc("2026-03-09T08:00:00Z"), utc("2026-03-10T12:00:30.001Z")))
        );
    }

    #[test]
    fn the_first_and_last_readable_times_chart_in_any_zone() {
        let events = [
            event("user.created", "0001-01-01T00:00:00Z"),
            event("user.created", "9999-12-31T23:59:59.999Z"),
        ];
        let now = utc("2026-03-10T12:00:00Z");
        let (from, to) = chart_span(&events, Bounds::default(), false, now).unwrap();
        for offset in [-12, 0, 14] {
            let zone = FixedOffset::east_opt(offset * 3600).unwrap();
            let bars = activity(&events, from, to, &zone);
            assert_eq!(bars.iter().map(|bar| bar.count).sum::<usize>(), 2, "{zone}");
        }
    }

    #[test]
    fn every_category_is_counted_in_fixed_order() {
        let events = [
            event("user.created", "x"),
            event("user_signed_up", "x"),
            event("user.login", "x"),
            event("api-key.created", "x"),
            event("document.exported", "x"),
        ];
        assert_eq!(
            by_category(&action_counts(&events)),
            [
                (Category::User, 2),
                (Category::Session, 1),
                (Category::EmailPassword, 0),
                (Category::Organization, 0),
                (Category::Security, 1),
                (Category::Custom, 1),
            ]
        );
        assert!(by_category(&action_counts(&[]))
            .iter()
            .all(|&(_, count)| count == 0));
    }

    #[test]
    fn suggestions_add_the_loaded_actions_once_each_in_order() {
        let events: Vec<_> = [
            "user.login_failed",
            "user.created",
            "billing.Invoice_paid",
            "user.login_failed",
            " ",
            "",
        ]
        .into_iter()
        .map(|action| event(action, "x"))
        .collect();
        let suggestions = action_suggestions(&action_counts(&events));
        assert_eq!(suggestions.len(), KNOWN_ACTIONS.len() + 2);
        assert!(suggestions.windows(2).all(|pair| pair[0] < pair[1]));
        for action in [
            "user.login_failed",
            "billing.Invoice_paid",
            "user.created",
            "admin.impersonate",
        ] {
            assert!(
                suggestions.iter().any(|suggested| suggested == action),
                "{action}"
            );
        }
        assert_eq!(action_suggestions(&ActionCounts::default()), KNOWN_ACTIONS);
    }

    #[test]
    fn top_actions_most_frequent_first_ties_by_name() {
        let events: Vec<_> = [
            "user.login",
            "b.thing",
            "user.login",
            "a.thing",
            "",
            "",
            "",
            "b.thing",
            "user.login",
            "c.thing",
        ]
        .into_iter()
        .map(|action| event(action, "x"))
        .collect();
        let counts = action_counts(&events);
        let top = |n| top_actions(&counts, n);
        assert_eq!(
            top(3),
            [
                ("user.login".to_owned(), 3),
                ("b.thing".to_owned(), 2),
                ("a.thing".to_owned(), 1),
            ]
        );
        assert_eq!(top(10).len(), 4);
        assert!(top(0).is_empty());
    }

    #[test]
    fn up_to_48_hours_is_hourly_beyond_is_daily() {
        let from = utc("2026-03-01T00:00:00Z");
        assert_eq!(bucket(from, from + Duration::hours(48)), Bucket::Hour);
        assert_eq!(
            bucket(from, from + Duration::hours(48) + Duration::seconds(1)),
            Bucket::Day
        );
    }

    #[test]
    fn hourly_bars_include_empty_hours_and_count_only_the_range() {
        let events = [
            event("a", "2026-03-03T10:10:00Z"), // before `from`
            event("a", "2026-03-03T10:45:00Z"),
            event("a", "2026-03-03T10:59:59Z"),
            event("a", "2026-03-03T12:14:59Z"),
            event("a", "2026-03-03T12:15:00Z"), // at `to`: outside
            event("a", "not a time"),
        ];
        let bars = activity(
            &events,
            utc("2026-03-03T10:30:00Z"),
            utc("2026-03-03T12:15:00Z"),
            &Utc,
        );
        let summary: Vec<_> = bars
            .iter()
            .map(|bar| (bar.start, bar.end, bar.count, bar.label.as_str()))
            .collect();
        assert_eq!(
            summary,
            [
                (
                    utc("2026-03-03T10:00:00Z"),
                    utc("2026-03-03T11:00:00Z"),
                    2,
                    "Mar 3, 10:00: 2 events"
                ),
                (
                    utc("2026-03-03T11:00:00Z"),
                    utc("2026-03-03T12:00:00Z"),
                    0,
                    "Mar 3, 11:00: 0 events"
                ),
                (
                    utc("2026-03-03T12:00:00Z"),
                    utc("2026-03-03T13:00:00Z"),
                    1,
                    "Mar 3, 12:00: 1 event"
                ),
            ]
        );
    }

    #[test]
    fn a_full_day_is_24_hourly_bars() {
        let from = utc("2026-03-03T00:00:00Z");
        let bars = activity(&[], from, from + Duration::days(1), &Utc);
        assert_eq!(bars.len(), 24);
        assert_eq!(bars[23].end, from + Duration::days(1));
    }

    /// Each bar's start, count and label.
    fn starts_counts_labels(bars: &[Bar]) -> Vec<(DateTime<Utc>, usize, &str)> {
        bars.iter()
            .map(|bar| (bar.start, bar.count, bar.label.as_str()))
            .collect()
    }

    #[test]
    fn daily_bars_follow_local_midnight() {
        let east = FixedOffset::east_opt(2 * 3600).unwrap();
        // 23:30 UTC on Mar 2 is already Mar 3 in UTC+2.
        let events = [
            event("a", "2026-03-02T23:30:00Z"),
            event("a", "2026-03-03T21:59:00Z"),
        ];
        let bars = activity(
            &events,
            utc("2026-03-01T22:00:00Z"),
            utc("2026-03-04T22:00:00Z"),
            &east,
        );
        assert_eq!(
            starts_counts_labels(&bars),
            [
                (utc("2026-03-01T22:00:00Z"), 0, "Mar 2: 0 events"),
                (utc("2026-03-02T22:00:00Z"), 2, "Mar 3: 2 events"),
                (utc("2026-03-03T22:00:00Z"), 0, "Mar 4: 0 events"),
            ]
        );
    }

    #[test]
    fn a_first_day_that_starts_before_the_range_says_from_when_it_counts() {
        let events = [
            event("a", "2026-03-01T08:00:00Z"),
            event("a", "2026-03-01T18:00:00Z"),
        ];
        let bars = activity(
            &events,
            utc("2026-03-01T17:21:00Z"),
            utc("2026-03-04T10:00:00Z"),
            &Utc,
        );
        let summary: Vec<_> = bars
            .iter()
            .map(|bar| {
                (
                    bar.count,
                    bar.period.as_str(),
                    bar.label.as_str(),
                    bar.offer.as_str(),
                )
            })
            .collect();
        assert_eq!(
            summary[..2],
            [
                (
                    1,
                    "Mar 1",
                    "Mar 1, from 17:21: 1 event",
                    "Show all of Mar 1."
                ),
                (0, "Mar 2", "Mar 2: 0 events", "Show only this period."),
            ]
        );

        // Bars of several days: the first names the time its count starts from.
        let long = activity(
            &events,
            utc("2026-01-01T17:21:00Z"),
            utc("2026-06-01T00:00:00Z"),
            &Utc,
        );
        assert_eq!(long[0].period, "Jan 1 – Jan 2");
        assert_eq!(long[0].label, "Jan 1, 17:21 – Jan 2: 0 events");
        assert_eq!(long[0].offer, "Show all of Jan 1 – Jan 2.");
        assert_eq!(long[0].days, (day("2026-01-01"), day("2026-01-02")));
        assert_eq!(long[1].offer, "Show only this period.");
    }

    #[test]
    fn daily_bars_across_a_skipped_midnight_end_and_start_the_day_at_its_first_hour() {
        use crate::domain::range::tests::SkipsAhead;
        for zone in [SkipsAhead::midnight(false), SkipsAhead::midnight(true)] {
            let bars = activity(
                &[
                    event("a", "2026-03-08T04:30:00Z"),
                    event("a", "2026-03-08T05:30:00Z"),
                ],
                utc("2026-03-06T05:00:00Z"),
                utc("2026-03-10T04:00:00Z"),
                &zone,
            );
            assert_eq!(
                starts_counts_labels(&bars),
                [
                    (utc("2026-03-06T05:00:00Z"), 0, "Mar 6: 0 events"),
                    (utc("2026-03-07T05:00:00Z"), 1, "Mar 7: 1 event"),
                    (utc("2026-03-08T05:00:00Z"), 1, "Mar 8: 1 event"),
                    (utc("2026-03-09T04:00:00Z"), 0, "Mar 9: 0 events"),
                ]
            );
        }
    }

    #[test]
    fn hourly_bars_follow_half_hour_offsets() {
        let india = FixedOffset::east_opt(5 * 3600 + 1800).unwrap();
        let bars = activity(
            &[],
            utc("2026-03-03T10:00:00Z"),
            utc("2026-03-03T12:00:00Z"),
            &india,
        );
        let labels: Vec<_> = bars.iter().map(|bar| bar.label.as_str()).collect();
        assert_eq!(
            labels,
            [
                "Mar 3, 15:00: 0 events",
                "Mar 3, 16:00: 0 events",
                "Mar 3, 17:00: 0 events"
            ]
        );
        assert_eq!(bars[0].start, utc("2026-03-03T09:30:00Z"));
    }

    #[test]
    fn an_hourly_bar_offers_its_local_day() {
        let india = FixedOffset::east_opt(5 * 3600 + 1800).unwrap();
        let bars = activity(
            &[],
            utc("2026-03-03T18:00:00Z"),
            utc("2026-03-03T19:00:00Z"),
            &india,
        );
        let offers: Vec<_> = bars
            .iter()
            .map(|bar| (bar.days, bar.offer.as_str()))
            .collect();
        assert_eq!(
            offers,
            [
                ((day("2026-03-03"), day("2026-03-03")), "Show only Mar 3."),
                ((day("2026-03-04"), day("2026-03-04")), "Show only Mar 4."),
            ]
        );
    }

    #[test]
    fn a_long_range_is_capped_with_several_days_per_bar() {
        let from = utc("2025-01-01T00:00:00Z");
        let to = utc("2026-01-01T00:00:00Z");
        let events: Vec<_> = (0..365)
            .map(|day| {
                let at = from + Duration::days(day) + Duration::hours(12);
                event("a", &at.to_rfc3339())
            })
            .collect();
        let bars = activity(&events, from, to, &Utc);
        assert!(bars.len() <= MAX_BARS as usize, "{}", bars.len());
        assert_eq!(bars.iter().map(|bar| bar.count).sum::<usize>(), 365);
        // 365 days at 5 days per bar.
        assert_eq!(bars.len(), 73);
        assert_eq!(bars[0].label, "Jan 1 – Jan 5: 5 events");
        assert_eq!(bars[0].period, "Jan 1 – Jan 5");
        assert_eq!(bars[0].end - bars[0].start, Duration::days(5));
        // 90 days still get one bar each.
        let bars = activity(&[], from, from + Duration::days(90), &Utc);
        assert_eq!(bars.len(), 90);
        assert_eq!(bars[89].label, "Mar 31: 0 events");
    }

    #[test]
    fn the_last_bar_of_several_days_ends_with_the_range() {
        // 92 days at 2 days per bar: the last bar holds the range's one remaining day.
        let from = utc("2026-01-01T00:00:00Z");
        let to = from + Duration::days(91);
        let bars = activity(&[], from, to, &Utc);
        let last = bars.last().unwrap();
        assert_eq!(last.end, to);
        assert_eq!(last.period, "Apr 1");
        assert_eq!(bars[bars.len() - 2].period, "Mar 30 – Mar 31");
    }

    #[test]
    fn an_empty_or_backwards_range_has_no_bars() {
        let at = utc("2026-03-03T10:00:00Z");
        assert!(activity(&[], at, at, &Utc).is_empty());
        assert!(activity(&[], at, at - Duration::hours(1), &Utc).is_empty());
    }

    /// Central European time in 2026: UTC+1, and UTC+2 from Mar 29 01:00 UTC to Oct 25
    /// 01:00 UTC.
    #[derive(Debug, Clone, Copy)]
    struct Cet;

    fn offset(hours: i32) -> FixedOffset {
        FixedOffset::east_opt(hours * 3600).unwrap()
    }

    impl TimeZone for Cet {
        type Offset = FixedOffset;

        fn from_offset(_: &FixedOffset) -> Self {
            Cet
        }

        fn offset_from_utc_datetime(&self, utc: &NaiveDateTime) -> FixedOffset {
            let summer = |iso: &str| iso.parse::<NaiveDateTime>().unwrap();
            if (summer("2026-03-29T01:00:00")..summer("2026-10-25T01:00:00")).contains(utc) {
                offset(2)
            } else {
                offset(1)
            }
        }

        fn offset_from_utc_date(&self, utc: &NaiveDate) -> FixedOffset {
            self.offset_from_utc_datetime(&utc.and_time(NaiveTime::MIN))
        }

        fn offset_from_local_datetime(
            &self,
            local: &NaiveDateTime,
        ) -> MappedLocalTime<FixedOffset> {
            let fits: Vec<_> = [offset(2), offset(1)]
                .into_iter()
                .filter(|&off| {
                    let utc = *local - Duration::seconds(off.local_minus_utc().into());
                    self.offset_from_utc_datetime(&utc) == off
                })
                .collect();
            match fits[..] {
                [one] => MappedLocalTime::Single(one),
                [early, late] => MappedLocalTime::Ambiguous(early, late),
                _ => MappedLocalTime::None,
            }
        }

        fn offset_from_local_date(&self, local: &NaiveDate) -> MappedLocalTime<FixedOffset> {
            self.offset_from_local_datetime(&local.and_time(NaiveTime::MIN))
        }
    }

    #[test]
    fn a_dst_day_is_23_hours_long() {
        // Mar 28 to Mar 30, local midnights.
        let from = utc("2026-03-27T23:00:00Z");
        let to = utc("2026-03-30T22:00:00Z");
        // 00:30 on Mar 30 local, still Mar 29 in UTC.
        let bars = activity(&[event("a", "2026-03-29T22:30:00Z")], from, to, &Cet);
        let summary: Vec<_> = bars
            .iter()
            .map(|bar| ((bar.end - bar.start).num_hours(), bar.label.as_str()))
            .collect();
        assert_eq!(
            summary,
            [
                (24, "Mar 28: 0 events"),
                (23, "Mar 29: 0 events"),
                (24, "Mar 30: 1 event"),
            ]
        );
    }

    /// The labels of the hourly bars of the three hours from `from`, in central Europe.
    fn three_hours_in_cet(from: &str) -> Vec<String> {
        let from = utc(from);
        let bars = activity(&[], from, from + Duration::hours(3), &Cet);
        bars.into_iter().map(|bar| bar.label).collect()
    }

    #[test]
    fn hourly_bars_skip_the_hour_that_dst_skips() {
        assert_eq!(
            three_hours_in_cet("2026-03-29T00:00:00Z"),
            [
                "Mar 29, 01:00: 0 events",
                "Mar 29, 03:00: 0 events",
                "Mar 29, 04:00: 0 events"
            ]
        );
    }

    #[test]
    fn the_hour_a_clock_change_repeats_is_told_apart_by_its_offset() {
        assert_eq!(
            three_hours_in_cet("2026-10-25T00:00:00Z"),
            [
                "Oct 25, 02:00 UTC+02:00: 0 events",
                "Oct 25, 02:00 UTC+01:00: 0 events",
                "Oct 25, 03:00: 0 events"
            ]
        );
    }
}
