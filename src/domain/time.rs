//! Time as people read it. `now` and the time zone are always passed in, so every rule is
//! testable and the view decides what "now" and "local" mean.

use chrono::{
    DateTime, Datelike, NaiveDate, Offset, SecondsFormat, TimeDelta, TimeZone, Timelike, Utc,
};

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];
const WEEKDAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

/// Relative time as documented, by the time elapsed: "just now", "N minutes ago", "N hours
/// ago", "yesterday" (a day), "N days ago", then the full date from 7 days on.
pub fn relative<Tz: TimeZone>(time: DateTime<Utc>, now: DateTime<Utc>, tz: &Tz) -> String {
    let elapsed = now - time;
    // Up to five minutes ahead is still "just now": the page's `now` ticks every 15 s, so it
    // lags a new event by up to that, and the backend's clock may run minutes ahead of the
    // browser's. Anything further out is shown as is. Compared exactly: whole seconds
    // would let 300.9 s ahead pass.
    if elapsed < -TimeDelta::minutes(5) {
        return full_date(time, tz);
    }
    // Days elapsed, as the docs' table counts them, not calendar days: those would make an
    // event 3 days and an hour old "4 days ago" just after midnight, and differ by zone.
    match (
        elapsed.num_minutes(),
        elapsed.num_hours(),
        elapsed.num_days(),
    ) {
        (..1, _, _) => "just now".to_owned(),
        (1, _, _) => "1 minute ago".to_owned(),
        (minutes, 0, _) => format!("{minutes} minutes ago"),
        (_, 1, _) => "1 hour ago".to_owned(),
        (_, hours, 0) => format!("{hours} hours ago"),
        (_, _, 1) => "yesterday".to_owned(),
        (_, _, days @ 2..=6) => format!("{days} days ago"),
        _ => full_date(time, tz),
    }
}

/// "Feb 28, 2026"
pub fn full_date<Tz: TimeZone>(time: DateTime<Utc>, tz: &Tz) -> String {
    long_day(&time.with_timezone(tz))
}

/// "Feb 28, 2026", as the page writes a day wherever it names one.
pub fn long_day(date: &impl Datelike) -> String {
    format!("{}, {}", month_day(date), date.year())
}

/// "Feb 28, 2026, 14:32:05 UTC+01:00": the tooltip beside a relative time.
pub fn absolute<Tz: TimeZone>(time: DateTime<Utc>, tz: &Tz) -> String {
    let local = time.with_timezone(tz);
    format!(
        "{}, {}, {} {}",
        month_day(&local),
        local.year(),
        clock(&local, true),
        utc_offset(&local)
    )
}

/// "UTC+01:00": the offset a local time has from UTC.
pub fn utc_offset<Tz: TimeZone>(local: &DateTime<Tz>) -> String {
    let offset = local.offset().fix().local_minus_utc();
    let sign = if offset < 0 { '-' } else { '+' };
    let (hours, minutes) = (offset.abs() / 3600, offset.abs() / 60 % 60);
    format!("UTC{sign}{hours:02}:{minutes:02}")
}

/// "Feb 28". Written out rather than with chrono's `format`, whose strftime interpreter
/// costs the wasm more bytes than these few patterns.
pub fn month_day(date: &impl Datelike) -> String {
    format!("{} {}", MONTHS[date.month0() as usize], date.day())
}

/// "14:32", or "14:32:05" with `seconds`.
pub fn clock(time: &impl Timelike, seconds: bool) -> String {
    let minutes = format!("{:02}:{:02}", time.hour(), time.minute());
    match seconds {
        true => format!("{minutes}:{:02}", time.second()),
        false => minutes,
    }
}

/// A calendar day as URLs and date inputs write it, `2026-02-28`. Read by hand, like the
/// dates written above: chrono's general parser costs the wasm more than these two shapes.
pub fn parse_day(text: &str) -> Option<NaiveDate> {
    let parts: Vec<&str> = text.split('-').collect();
    let [year, month, day] = parts[..] else {
        return None;
    };
    NaiveDate::from_ymd_opt(digits(year, 4)? as i32, digits(month, 2)?, digits(day, 2)?)
}

/// An HTTP date in the form RFC 9110 has senders use (IMF-fixdate), as a `Retry-After`
/// header gives it: `Wed, 21 Oct 2015 07:28:05 GMT`.
pub fn parse_http_date(text: &str) -> Option<DateTime<Utc>> {
    let parts: Vec<&str> = text.split(' ').collect();
    let [weekday, day, month, year, time, "GMT"] = parts[..] else {
        return None;
    };
    let clock: Vec<&str> = time.split(':').collect();
    let [hour, minute, second] = clock[..] else {
        return None;
    };
    let month = MONTHS.iter().position(|name| *name == month)? as u32 + 1;
    let date = NaiveDate::from_ymd_opt(digits(year, 4)? as i32, month, digits(day, 2)?)?;
    // The weekday must be the date's, or the two disagree on which day is meant.
    let named = WEEKDAYS[date.weekday().num_days_from_monday() as usize];
    (weekday.strip_suffix(',') == Some(named)).then_some(())?;
    date.and_hms_opt(digits(hour, 2)?, digits(minute, 2)?, digits(second, 2)?)
        .map(|time| time.and_utc())
}

/// A number written with exactly `width` ASCII digits.
fn digits(text: &str, width: usize) -> Option<u32> {
    let all_digits = text.len() == width && text.bytes().all(|byte| byte.is_ascii_digit());
    all_digits.then(|| text.parse().ok()).flatten()
}

/// An instant in RFC 3339, UTC, to the millisecond.
pub fn iso(time: DateTime<Utc>) -> String {
    time.to_rfc3339_opts(SecondsFormat::Millis, true)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{Duration, FixedOffset};

    fn now() -> DateTime<Utc> {
        "2026-03-10T12:00:00Z".parse().unwrap()
    }

    fn ago(elapsed: Duration) -> String {
        relative(now() - elapsed, now(), &Utc)
    }

    #[test]
    fn under_a_minute_is_just_now() {
        assert_eq!(ago(Duration::zero()), "just now");
        assert_eq!(ago(Duration::seconds(59)), "just now");
        assert_eq!(ago(Duration::seconds(-30)), "just now");
    }

    #[test]
    fn minutes() {
        assert_eq!(ago(Duration::seconds(60)), "1 minute ago");
        assert_eq!(ago(Duration::seconds(119)), "1 minute ago");
        assert_eq!(ago(Duration::minutes(2)), "2 minutes ago");
        assert_eq!(ago(Duration::seconds(59 * 60 + 59)), "59 minutes ago");
    }

    #[test]
    fn hours() {
        assert_eq!(ago(Duration::minutes(60)), "1 hour ago");
        assert_eq!(ago(Duration::minutes(119)), "1 hour ago");
        assert_eq!(ago(Duration::hours(2)), "2 hours ago");
        assert_eq!(ago(Duration::seconds(23 * 3600 + 3599)), "23 hours ago");
    }

    #[test]
    fn days_as_elapsed_whatever_the_time_of_day_or_zone() {
        assert_eq!(ago(Duration::hours(24)), "yesterday");
        assert_eq!(ago(Duration::hours(47)), "yesterday");
        assert_eq!(ago(Duration::hours(48)), "2 days ago");
        assert_eq!(ago(Duration::hours(3 * 24 + 1)), "3 days ago");
        assert_eq!(ago(Duration::seconds(7 * 86400 - 1)), "6 days ago");
        // At 02:00 in Honolulu as at noon in UTC: the same age reads the same.
        let honolulu = chrono::FixedOffset::west_opt(10 * 3600).unwrap();
        let thirty_hours_ago = now() - Duration::hours(30);
        assert_eq!(relative(thirty_hours_ago, now(), &honolulu), "yesterday");
        assert_eq!(relative(thirty_hours_ago, now(), &Utc), "yesterday");
    }

    #[test]
    fn a_week_or_more_is_the_full_date() {
        assert_eq!(ago(Duration::days(7)), "Mar 3, 2026");
        assert_eq!(ago(Duration::days(10)), "Feb 28, 2026");
        assert_eq!(ago(Duration::days(400)), "Feb 3, 2025");
    }

    #[test]
    fn a_few_minutes_ahead_is_just_now_and_further_the_full_date() {
        assert_eq!(ago(Duration::seconds(-63)), "just now");
        assert_eq!(ago(Duration::minutes(-5)), "just now");
        assert_eq!(ago(Duration::milliseconds(-300_001)), "Mar 10, 2026");
        assert_eq!(ago(Duration::seconds(-301)), "Mar 10, 2026");
        assert_eq!(ago(Duration::days(-800)), "May 18, 2028");
    }

    #[test]
    fn full_dates_follow_the_given_time_zone() {
        let late_evening = "2026-02-28T23:30:00Z".parse().unwrap();
        let east = FixedOffset::east_opt(2 * 3600).unwrap();
        assert_eq!(full_date(late_evening, &Utc), "Feb 28, 2026");
        assert_eq!(full_date(late_evening, &east), "Mar 1, 2026");
        assert_eq!(
            absolute(late_evening, &east),
            "Mar 1, 2026, 01:30:00 UTC+02:00"
        );
        assert_eq!(
            absolute(late_evening, &Utc),
            "Feb 28, 2026, 23:30:00 UTC+00:00"
        );
    }

    #[test]
    fn days_are_read_as_urls_and_date_inputs_write_them() {
        assert_eq!(
            parse_day("2026-02-28"),
            NaiveDate::from_ymd_opt(2026, 2, 28)
        );
        assert_eq!(
            parse_day("2024-02-29"),
            NaiveDate::from_ymd_opt(2024, 2, 29)
        );
        for bad in [
            "",
            "2026-2-28",
            "2026-02-30",
            "2025-02-29",
            "26-02-28",
            "2026-02-28T00:00",
            "2026/02/28",
            "+2026-02-28",
            "2026-02-28-01",
            " 2026-02-28",
            "２０２６-02-28",
        ] {
            assert_eq!(parse_day(bad), None, "{bad}");
        }
    }

    #[test]
    fn http_dates_are_read_in_their_imf_fixdate_form() {
        assert_eq!(
            parse_http_date("Wed, 21 Oct 2015 07:28:05 GMT"),
            Some("2015-10-21T07:28:05Z".parse().unwrap())
        );
        for bad in [
            "",
            "Wed, 21 Oct 2015 07:28:05",
            "Wed, 21 Oct 2015 07:28:05 UTC",
            "Wed, 21 Oct 2015 07:28 GMT",
            "Wed, 32 Oct 2015 07:28:05 GMT",
            "Wed, 21 Okt 2015 07:28:05 GMT",
            "Wed, 21 Oct 2015 25:28:05 GMT",
            "Wed 21 Oct 2015 07:28:05 GMT",
            "Thu, 21 Oct 2015 07:28:05 GMT",
            "2015-10-21T07:28:05Z",
        ] {
            assert_eq!(parse_http_date(bad), None, "{bad}");
        }
    }

    #[test]
    fn iso_is_a_utc_instant_with_millis() {
        assert_eq!(iso(now()), "2026-03-10T12:00:00.000Z");
    }
}
