//! Counted nouns as people write them.

/// "1 event", "3 events", "20,000 events". Every noun here takes a plain "s".
pub fn count(n: u64, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{} {noun}s", grouped(n))
    }
}

/// "20,000": a count with its thousands marked, as the page's English sentences write them.
pub fn grouped(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() * 4 / 3);
    for (i, digit) in digits.char_indices() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

/// What becomes of rows the backend sent that no event could be read from.
pub fn skipped_rows(skipped: u64) -> String {
    let verb = if skipped == 1 { "was" } else { "were" };
    let rows = count(skipped, "unreadable or repeated row");
    format!("{rows} in the response {verb} skipped.")
}

/// How many of the loaded events a search leaves: "3 events on this page.", or "19,900 of
/// 20,000 events in this date range match the search."
pub fn events_shown(shown: usize, loaded: usize, scope: &str) -> String {
    if shown == loaded {
        format!("{} {scope}.", count(loaded as u64, "event"))
    } else {
        format!(
            "{} of {} events {scope} match the search.",
            grouped(shown as u64),
            grouped(loaded as u64)
        )
    }
}

/// What the statistics count: every loaded event, whatever the search; without a date
/// range no more than the page, and of a range cut short, only what was read.
pub fn statistics_scope(loaded: usize, ranged: bool, cut_short: bool) -> String {
    let events = count(loaded as u64, "event");
    match (ranged, cut_short) {
        (true, false) => format!("Counting all {events} in this date range."),
        (true, true) => format!(
            "Counting the {events} read from this date range: its older events were not read."
        ),
        (false, _) => format!(
            "Counting the {events} on this page only: choose a date range to count a period."
        ),
    }
}

/// What Export saves: every event the page's settings match, not only the rows on screen.
pub fn export_scope(ranged: bool) -> &'static str {
    match ranged {
        true => "Saves every event in this date range that the filters and search match.",
        false => {
            "Saves every event the filters and search match, from all pages, not only this one."
        }
    }
}

/// The settings a page's address held but could not be read, named by their controls'
/// labels: "This page's address has a setting that cannot be used, so it is ignored:
/// From."
pub fn unreadable_settings(labels: &[&str]) -> Option<String> {
    let (settings, they) = match labels.len() {
        0 => return None,
        1 => ("a setting", "it is"),
        _ => ("settings", "they are"),
    };
    Some(format!(
        "This page's address has {settings} that cannot be used, so {they} ignored: {}.",
        labels.join(", ")
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statistics_say_what_they_count() {
        assert_eq!(
            statistics_scope(20_000, true, false),
            "Counting all 20,000 events in this date range."
        );
        assert_eq!(
            statistics_scope(20_000, true, true),
            "Counting the 20,000 events read from this date range: its older events were not read."
        );
        assert_eq!(
            statistics_scope(1, false, false),
            "Counting the 1 event on this page only: choose a date range to count a period."
        );
    }

    #[test]
    fn unreadable_settings_are_named_once_each() {
        assert_eq!(unreadable_settings(&[]), None);
        assert_eq!(
            unreadable_settings(&["From"]).as_deref(),
            Some("This page's address has a setting that cannot be used, so it is ignored: From.")
        );
        assert_eq!(
            unreadable_settings(&["Page size", "To"]).as_deref(),
            Some("This page's address has settings that cannot be used, so they are ignored: Page size, To.")
        );
    }

    #[test]
    fn events_shown_say_what_the_search_leaves_of_what_was_loaded() {
        assert_eq!(events_shown(1, 1, "on this page"), "1 event on this page.");
        assert_eq!(
            events_shown(20_000, 20_000, "in this date range"),
            "20,000 events in this date range."
        );
        assert_eq!(
            events_shown(19_900, 20_000, "in this date range"),
            "19,900 of 20,000 events in this date range match the search."
        );
    }

    #[test]
    fn skipped_rows_agree_with_their_count() {
        assert_eq!(
            skipped_rows(1),
            "1 unreadable or repeated row in the response was skipped."
        );
        assert_eq!(
            skipped_rows(3),
            "3 unreadable or repeated rows in the response were skipped."
        );
    }

    #[test]
    fn one_is_singular_and_everything_else_plural() {
        assert_eq!(count(1, "event"), "1 event");
        assert_eq!(count(0, "event"), "0 events");
        assert_eq!(count(12, "new notification"), "12 new notifications");
        assert_eq!(count(20_000, "event"), "20,000 events");
    }

    #[test]
    fn thousands_are_marked_every_three_digits() {
        let cases = [
            (0, "0"),
            (999, "999"),
            (1_000, "1,000"),
            (12_345, "12,345"),
            (100_000, "100,000"),
            (1_234_567, "1,234,567"),
            (u64::MAX, "18,446,744,073,709,551,615"),
        ];
        for (n, written) in cases {
            assert_eq!(grouped(n), written);
        }
    }
}
