//! When a read request that failed is sent again: on 429 and 5xx only, at most three times
//! (as the Banata SDK does), after an exponential backoff with jitter that never comes
//! sooner than the backend's `Retry-After`.

use super::time::parse_http_date;
use chrono::{DateTime, Utc};
use std::time::Duration;

pub const MAX_RETRIES: u32 = 3;
/// The longest wait before the first retry (jitter takes up to half of it off), doubled
/// for each later one.
const FIRST_DELAY: Duration = Duration::from_millis(500);
/// A backend that asks for a longer pause gets it from the admin, through Retry, instead
/// of a page that seems to hang.
pub const MAX_RETRY_AFTER: Duration = Duration::from_secs(10);

/// Whether an answer with this status may succeed when sent again: the backend is busy
/// (429) or failed (5xx). Other answers (401, 403, 404, other 4xx) would not change.
pub fn is_retryable(status: u16) -> bool {
    status == 429 || (500..=599).contains(&status)
}

/// The longest `Retry-After` taken as meant: a backend that asks for more than a day is
/// broken, and its wait would stop polling and be promised to the admin to the second.
const MAX_MEANINGFUL_WAIT: Duration = Duration::from_secs(24 * 60 * 60);

/// A `Retry-After` header, in seconds or as an HTTP date, as a wait from `now`; `None`
/// also for a wait of more than a day.
pub fn retry_after(header: &str, now: DateTime<Utc>) -> Option<Duration> {
    let header = header.trim();
    let wait = match header.parse::<u64>() {
        Ok(seconds) => Duration::from_secs(seconds),
        // A date in the past means "now".
        Err(_) => (parse_http_date(header)? - now)
            .to_std()
            .unwrap_or_default(),
    };
    (wait <= MAX_MEANINGFUL_WAIT).then_some(wait)
}

/// The wait before retry number `retry` (0 for the first): `FIRST_DELAY` doubled per retry,
/// its upper half scaled by `jitter` (in 0..1) so that many pages do not retry in step,
/// and never less than `retry_after`. `None` when the backend asks for more than
/// [`MAX_RETRY_AFTER`].
pub fn delay(retry: u32, retry_after: Option<Duration>, jitter: f64) -> Option<Duration> {
    let retry_after = retry_after.unwrap_or_default();
    if retry_after > MAX_RETRY_AFTER {
        return None;
    }
    let backoff = FIRST_DELAY.saturating_mul(2_u32.saturating_pow(retry));
    let jittered = backoff / 2 + (backoff / 2).mul_f64(jitter.clamp(0.0, 1.0));
    Some(jittered.max(retry_after))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn now() -> DateTime<Utc> {
        "2015-10-21T07:28:00Z".parse().unwrap()
    }

    fn millis(retry: u32, retry_after: Option<u64>, jitter: f64) -> Option<u128> {
        delay(retry, retry_after.map(Duration::from_secs), jitter).map(|d| d.as_millis())
    }

    #[test]
    fn only_busy_and_failing_backends_are_asked_again() {
        for status in [429, 500, 502, 503, 504, 599] {
            assert!(is_retryable(status), "{status}");
        }
        for status in [200, 400, 401, 403, 404, 409, 422, 600] {
            assert!(!is_retryable(status), "{status}");
        }
    }

    #[test]
    fn backoff_doubles_and_jitter_spreads_the_upper_half() {
        assert_eq!(millis(0, None, 0.0), Some(250));
        assert_eq!(millis(0, None, 0.999_999), Some(499));
        assert_eq!(millis(1, None, 0.5), Some(750));
        assert_eq!(millis(2, None, 1.0), Some(2000));
        // Jitter outside 0..1 cannot stretch or shrink the schedule.
        assert_eq!(millis(2, None, 7.0), Some(2000));
        assert_eq!(millis(2, None, -1.0), Some(1000));
    }

    #[test]
    fn retry_after_is_a_minimum_up_to_ten_seconds() {
        assert_eq!(millis(0, Some(2), 0.0), Some(2000));
        assert_eq!(millis(2, Some(1), 1.0), Some(2000));
        assert_eq!(millis(0, Some(10), 0.0), Some(10_000));
        assert_eq!(millis(0, Some(11), 0.0), None);
    }

    #[test]
    fn retry_after_reads_seconds_and_http_dates() {
        assert_eq!(retry_after("3", now()), Some(Duration::from_secs(3)));
        assert_eq!(retry_after(" 0 ", now()), Some(Duration::ZERO));
        assert_eq!(
            retry_after("Wed, 21 Oct 2015 07:28:05 GMT", now()),
            Some(Duration::from_secs(5))
        );
        assert_eq!(
            retry_after("Wed, 21 Oct 2015 07:27:00 GMT", now()),
            Some(Duration::ZERO)
        );
        assert_eq!(
            retry_after("86400", now()),
            Some(Duration::from_secs(86_400))
        );
        for bad in [
            "",
            "-1",
            "1.5",
            "soon",
            "2015-10-21T07:28:05Z",
            "86401",
            "18446744073709551615",
            "Thu, 01 Jan 2099 00:00:00 GMT",
        ] {
            assert_eq!(retry_after(bad, now()), None, "{bad}");
        }
    }
}
