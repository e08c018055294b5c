//! The Notifications page as an inbox: what has been read, how far back to look for
//! notifications, how live updates join the list, and how long to wait between polls.

use super::event::{page_reach, sort_newest_first, AuditEvent, EventPage};
use super::notify::{notifications, Matcher};
use super::query::ListRequest;
use super::scan::{string_list, string_list_json};
use super::words::count;
use chrono::{DateTime, TimeDelta, Utc};
use rustc_hash::FxHashSet as HashSet;
use std::borrow::Borrow;
use std::collections::VecDeque;
use std::time::Duration;

/// The `localStorage` key of the read state; each project has its own.
pub fn storage_key(project_id: Option<&str>) -> String {
    const BASE: &str = "banata.notifications.read";
    match project_id.map(str::trim).filter(|id| !id.is_empty()) {
        Some(project) => format!("{BASE}:{project}"),
        None => BASE.to_owned(),
    }
}

/// How many read ids are remembered. Far more than a page shows; old ids beyond it are
/// forgotten so that `localStorage` cannot grow forever.
pub const MAX_READ_IDS: usize = 2_000;

/// The ids of notifications the user has opened or marked read, oldest first.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReadState {
    order: VecDeque<String>,
    ids: HashSet<String>,
}

impl ReadState {
    pub fn is_read(&self, id: &str) -> bool {
        self.ids.contains(id)
    }

    /// Marks one notification read; `true` when it was unread.
    pub fn mark_read(&mut self, id: &str) -> bool {
        if !self.ids.insert(id.to_owned()) {
            return false;
        }
        self.order.push_back(id.to_owned());
        if self.order.len() > MAX_READ_IDS {
            if let Some(oldest) = self.order.pop_front() {
                self.ids.remove(&oldest);
            }
        }
        true
    }

    /// "Mark all as read" for the ids shown; returns how many were unread.
    pub fn mark_all_read<S: AsRef<str>>(&mut self, ids: impl IntoIterator<Item = S>) -> usize {
        ids.into_iter()
            .filter(|id| self.mark_read(id.as_ref()))
            .count()
    }

    /// What another tab marked read, added to this one's marks; how many were new here.
    pub fn merge(&mut self, theirs: Self) -> usize {
        self.mark_all_read(theirs.order)
    }

    /// The number on the nav link.
    pub fn unread_count<E: Borrow<AuditEvent>>(
        &self,
        events: impl IntoIterator<Item = E>,
    ) -> usize {
        events
            .into_iter()
            .filter(|event| !self.is_read(&event.borrow().id))
            .count()
    }

    /// A JSON array of ids, oldest first.
    pub fn to_storage(&self) -> String {
        string_list_json(&self.order)
    }

    /// Reads what [`ReadState::to_storage`] wrote; anything unreadable is an empty state
    /// (everything shows as unread, which is safe), and an oversized list keeps its newest.
    pub fn from_storage(raw: &str) -> Self {
        let stored = string_list(raw).unwrap_or_default();
        let mut state = Self::default();
        state.mark_all_read(stored);
        state
    }
}

/// Bounds of the deep fetch: the documented page filters one page of recent events, which
/// is often empty when session events dominate, so older pages are read until enough
/// notifications are found, within these limits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DeepFetch {
    pub max_pages: usize,
    pub max_age: TimeDelta,
    /// Notifications wanted.
    pub target: usize,
}

impl Default for DeepFetch {
    fn default() -> Self {
        Self {
            max_pages: 10,
            max_age: TimeDelta::days(30),
            target: 50,
        }
    }
}

impl DeepFetch {
    /// The cursor of the next older page to read after a page was added to `scan` (the
    /// first page is always read, without a cursor), or `None` to stop: enough
    /// notifications found, no older page (the whole history read), events older than
    /// `max_age` reached, `max_pages` read, or a cursor named again. `next_cursor` is that page's
    /// `listMetadata.after`.
    pub fn next_step(
        &self,
        scan: &Scan,
        next_cursor: Option<&str>,
        now: DateTime<Utc>,
    ) -> Option<String> {
        let too_old = match (scan.reached, now.checked_sub_signed(self.max_age)) {
            (Some(reached), Some(limit)) => reached <= limit,
            _ => false,
        };
        let done = scan.notifications.len() >= self.target || too_old || scan.cursor_repeated();
        next_cursor
            .filter(|_| !done && scan.pages < self.max_pages)
            .map(str::to_owned)
    }

    /// What a poll does after a page was added to its own `scan`: the cursor of the next
    /// older page while every event read is newer than `seen_up_to` (the newest an earlier
    /// fetch saw), since more than a page may have arrived between two polls; within
    /// `max_pages`. With nothing seen before (an empty history), every event is new: to the
    /// end of the history.
    pub fn poll_next(
        &self,
        scan: &Scan,
        next_cursor: Option<&str>,
        seen_up_to: Option<DateTime<Utc>>,
    ) -> Option<String> {
        let cursor = next_cursor?;
        let more = !scan.reaches(seen_up_to) && !scan.cursor_repeated();
        (more && scan.pages < self.max_pages).then(|| cursor.to_owned())
    }
}

/// What the deep fetch has found so far.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Scan {
    /// Notifications, newest first, unreadable times last, each id once.
    pub notifications: Vec<AuditEvent>,
    pub pages: usize,
    /// Rows of those pages that could not be read.
    pub skipped: usize,
    /// How far back the pages read reach (see [`page_reach`]), notifications or not.
    pub reached: Option<DateTime<Utc>>,
    /// The newest readable time among the events read: where the next poll must reach
    /// back to.
    pub newest_seen: Option<DateTime<Utc>>,
    /// The last page read named an older one, or was a full first page without a cursor
    /// (the shipped backend never sends one): the reading stopped before the start of the
    /// history, as far as it can tell.
    pub older_left: bool,
    /// The older pages' cursors the pages named: a backend that is not paging, naming one
    /// again, would have the same pages read to the limit.
    cursors: Vec<String>,
}

impl Scan {
    /// Adds one page as the backend sent it for `request`.
    pub fn add_page(&mut self, request: &ListRequest, page: &EventPage, matcher: &Matcher) {
        let events = &page.events;
        self.pages += 1;
        self.skipped += page.skipped;
        self.older_left = page.after.is_some() || request.cut_short::<()>(page).is_some();
        self.cursors.extend(page.after.clone());
        self.reached = self.reached.into_iter().chain(page_reach(events)).min();
        let newest = events.iter().filter_map(|event| event.occurred_at).max();
        self.newest_seen = self.newest_seen.max(newest);
        let important = notifications(events, matcher).into_iter().cloned();
        let unseen = unseen(&self.notifications, important);
        // Older pages go below; the sort only fixes a server order that was off.
        self.notifications.extend(unseen);
        sort_newest_first(&mut self.notifications);
    }

    /// Whether the last page's cursor was named by an earlier page.
    fn cursor_repeated(&self) -> bool {
        self.cursors
            .split_last()
            .is_some_and(|(last, earlier)| earlier.contains(last))
    }

    /// Where the next poll must read back to, as of `now`: the newest time read, but never
    /// past the clock. An event dated ahead (a sender's clock set wrong) stays on top of
    /// everything that arrives until its time comes; as the mark, it would let each poll stop
    /// at its first page as if it had reached what was seen before, and lose a burst unsaid.
    pub fn seen_up_to(&self, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
        self.newest_seen.map(|newest| newest.min(now))
    }

    /// Whether the events read reach back to `seen_up_to`, the newest an earlier fetch saw.
    /// Never with nothing seen before, nor with no readable time read yet.
    pub fn reaches(&self, seen_up_to: Option<DateTime<Utc>>) -> bool {
        matches!((self.reached, seen_up_to), (Some(reached), Some(seen)) if reached <= seen)
    }

    /// Whether a poll that stopped here left a gap before `seen_up_to`: every event it read
    /// is newer, so those between may hold notifications it did not see. It stops short at
    /// the page limit, and at every full page from a backend that sends no cursor (as the
    /// shipped one does), so more than a page arriving between two polls leaves one.
    pub fn falls_short_of(&self, seen_up_to: Option<DateTime<Utc>>) -> bool {
        matches!((self.reached, seen_up_to), (Some(reached), Some(seen)) if reached > seen)
    }
}

/// How far back the fetch looked from `now`, having read `pages` back to `reached`, e.g.
/// "Looked back 3 days (4 pages)". Measured from `now` as the clock ticks: polls keep the
/// list up to now (or say that they could not).
pub fn looked_back(pages: usize, reached: Option<DateTime<Utc>>, now: DateTime<Utc>) -> String {
    let pages = count(pages as u64, "page");
    let Some(reached) = reached else {
        return format!("Looked through {pages}");
    };
    let elapsed = now - reached;
    let span = if elapsed.num_days() >= 1 {
        count(elapsed.num_days().unsigned_abs(), "day")
    } else if elapsed.num_hours() >= 1 {
        count(elapsed.num_hours().unsigned_abs(), "hour")
    } else if elapsed.num_minutes() >= 1 {
        count(elapsed.num_minutes().unsigned_abs(), "minute")
    } else {
        "less than a minute".to_owned()
    };
    format!("Looked back {span} ({pages})")
}

/// The most notifications shown: a page left open on a busy project would otherwise gain
/// up to a page of arrivals on every poll, without end.
pub const MAX_SHOWN: usize = 200;

/// The sentence under the list: how far back the deep fetch looked (`looked_back`), and
/// whether it is still looking, stopped early, or left older events (`older_left`) that
/// Audit Logs shows. Once polls have let the oldest go, the reach no longer describes a list
/// cut at its oldest end, so it says that instead.
pub fn reach_note(
    looked_back: &str,
    looking_further: bool,
    trimmed: bool,
    stopped_early: Option<&str>,
    older_left: bool,
) -> String {
    let stopped = |error: &str| format!(" Stopped early: {error}");
    if trimmed {
        // The reason an older page failed stays while its Retry does.
        let after = stopped_early.map(stopped).unwrap_or_default();
        format!("Showing the newest {MAX_SHOWN} notifications; Audit Logs has every event.{after}")
    } else if looking_further {
        format!("{looked_back} so far; looking further back…")
    } else {
        let after = match stopped_early {
            Some(error) => stopped(error),
            None if older_left => " Older events are in Audit Logs.".to_owned(),
            None => String::new(),
        };
        format!("{looked_back}.{after}")
    }
}

/// The warning above the list that it may be out of date: a poll could not read back to
/// what was seen before (`gap`), or the last poll failed, with its reason and whether that
/// says when to try again (the next poll keeps the backend's wait). Empty when neither.
pub fn poll_warning(gap: bool, poll_failed: Option<(&str, bool)>) -> String {
    let gap = if gap {
        "More events arrived at once than a poll reads, so some notifications among them may be missing: reload the page to look again."
    } else {
        ""
    };
    let failed = poll_failed
        .map(|(error, waits)| {
            // "Try again in 100 seconds. Trying again." would contradict itself.
            let next = if waits {
                "Checking again then."
            } else {
                "Trying again."
            };
            format!(" Checking for new notifications failed: {error} {next}")
        })
        .unwrap_or_default();
    format!("{gap}{failed}").trim_start().to_owned()
}

/// What a poll changed in the shown notifications.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Merged {
    /// The ids of the new notifications, as far as they are still shown.
    pub added: Vec<String>,
    /// The oldest fell off the end to keep [`MAX_SHOWN`].
    pub trimmed: bool,
}

/// Live update: adds the `incoming` notifications not already `shown`. New ones go on top
/// (before shown ones of the same time), the list stays newest first with unreadable times
/// last, no id appears twice, and only the first [`MAX_SHOWN`] stay.
pub fn merge_newer(shown: &mut Vec<AuditEvent>, incoming: Vec<AuditEvent>) -> Merged {
    let mut merged = unseen(shown, incoming);
    let mut added: Vec<String> = merged.iter().map(|event| event.id.clone()).collect();
    merged.append(shown);
    sort_newest_first(&mut merged);
    let trimmed = keep_newest(&mut merged);
    if trimmed {
        added.retain(|id| merged.iter().any(|event| event.id == *id));
    }
    *shown = merged;
    Merged { added, trimmed }
}

/// Drops the `incoming` notifications older than the list's reach: a poll that reads back
/// past a busy spell's first page can read past what the first load looked back to, and
/// those are not arrivals (nor should the note's reach be contradicted below them).
pub fn within_reach(incoming: &mut Vec<AuditEvent>, reached: Option<DateTime<Utc>>) {
    if let Some(reached) = reached {
        incoming.retain(|event| event.occurred_at.is_none_or(|at| at >= reached));
    }
}

/// Keeps the first [`MAX_SHOWN`] of `notifications`, newest first; whether any went.
pub fn keep_newest(notifications: &mut Vec<AuditEvent>) -> bool {
    let trimmed = notifications.len() > MAX_SHOWN;
    notifications.truncate(MAX_SHOWN);
    trimmed
}

/// The `incoming` events whose id is neither in `existing` nor earlier in `incoming`.
fn unseen(
    existing: &[AuditEvent],
    incoming: impl IntoIterator<Item = AuditEvent>,
) -> Vec<AuditEvent> {
    let mut seen: HashSet<String> = existing.iter().map(|event| event.id.clone()).collect();
    incoming
        .into_iter()
        .filter(|event| seen.insert(event.id.clone()))
        .collect()
}

/// The longest wait between polls while the backend keeps failing.
pub const MAX_POLL_DELAY: Duration = Duration::from_secs(5 * 60);

/// The wait before the next poll: `base`, doubled for each consecutive error so that a
/// failing backend is not hammered, at most [`MAX_POLL_DELAY`] (or `base`, if longer). A
/// failure that names its wait (`Retry-After`) is polled again then instead, as the page
/// tells the admin ("Try again in 120 seconds. Checking again then.").
pub fn poll_delay(base: Duration, consecutive_errors: u32) -> Duration {
    let factor = 2_u32.saturating_pow(consecutive_errors);
    base.saturating_mul(factor).min(MAX_POLL_DELAY.max(base))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::event::normalize_event;
    use serde_json::{json, Value};

    fn now() -> DateTime<Utc> {
        "2026-03-10T12:00:00Z".parse().unwrap()
    }

    fn event(id: &str, action: &str, occurred_at: Option<DateTime<Utc>>) -> AuditEvent {
        let time = occurred_at.map_or(Value::Null, |t| json!(t.to_rfc3339()));
        normalize_event(&json!({ "id": id, "action": action, "occurredAt": time })).unwrap()
    }

    fn ago(elapsed: TimeDelta) -> Option<DateTime<Utc>> {
        Some(now() - elapsed)
    }

    fn ids(events: &[AuditEvent]) -> Vec<&str> {
        events.iter().map(|event| event.id.as_str()).collect()
    }

    fn scan(found: usize, pages: usize, reached: Option<DateTime<Utc>>) -> Scan {
        Scan {
            notifications: (0..found)
                .map(|i| event(&format!("n{i}"), "user.created", reached))
                .collect(),
            pages,
            reached,
            newest_seen: reached,
            ..Scan::default()
        }
    }

    fn step(scan: &Scan, cursor: Option<&str>) -> Option<String> {
        DeepFetch::default().next_step(scan, cursor, now())
    }

    #[test]
    fn storage_keys_are_per_project() {
        assert_eq!(storage_key(None), "banata.notifications.read");
        assert_eq!(storage_key(Some("  ")), "banata.notifications.read");
        assert_eq!(
            storage_key(Some("proj_1")),
            "banata.notifications.read:proj_1"
        );
        assert_ne!(storage_key(Some("proj_1")), storage_key(Some("proj_2")));
    }

    #[test]
    fn opening_a_notification_marks_it_read() {
        let mut state = ReadState::default();
        assert!(!state.is_read("a"));
        assert!(state.mark_read("a"));
        assert!(state.is_read("a"));
        assert!(!state.mark_read("a"), "already read");
    }

    #[test]
    fn unread_count_counts_the_shown_notifications_not_yet_read() {
        let events = [
            event("a", "user.created", None),
            event("b", "user.deleted", None),
            event("c", "mfa.enabled", None),
        ];
        let mut state = ReadState::default();
        assert_eq!(state.unread_count(&events), 3);
        state.mark_read("b");
        state.mark_read("not-shown");
        assert_eq!(state.unread_count(&events), 2);
        let refs: Vec<&AuditEvent> = events.iter().collect();
        assert_eq!(state.unread_count(refs), 2);
    }

    #[test]
    fn mark_all_read_clears_the_count() {
        let events = [
            event("a", "user.created", None),
            event("b", "user.deleted", None),
        ];
        let mut state = ReadState::default();
        state.mark_read("a");
        assert_eq!(state.mark_all_read(events.iter().map(|e| &e.id)), 1);
        assert_eq!(state.unread_count(&events), 0);
    }

    #[test]
    fn read_state_survives_a_reload() {
        let mut state = ReadState::default();
        state.mark_all_read(["b", "a", "c"]);
        let stored = state.to_storage();
        assert_eq!(stored, r#"["b","a","c"]"#);
        let reloaded = ReadState::from_storage(&stored);
        assert_eq!(reloaded, state);
        assert!(reloaded.is_read("a"));
    }

    #[test]
    fn corrupted_read_state_is_empty() {
        for raw in ["", "nope", "{}", "[1]", "[\"a\", null]", "[\"a\""] {
            assert_eq!(ReadState::from_storage(raw), ReadState::default(), "{raw}");
        }
        let state = ReadState::from_storage(r#"["a","a","b"]"#);
        assert_eq!(state.to_storage(), r#"["a","b"]"#);
    }

    #[test]
    fn read_state_forgets_the_oldest_beyond_its_bound() {
        let mut state = ReadState::default();
        state.mark_all_read((0..MAX_READ_IDS + 5).map(|i| format!("id{i}")));
        assert!(!state.is_read("id0"));
        assert!(!state.is_read("id4"));
        assert!(state.is_read("id5"));
        assert!(state.is_read(&format!("id{}", MAX_READ_IDS + 4)));
        let reloaded = ReadState::from_storage(&state.to_storage());
        assert_eq!(reloaded, state);
        // An oversized stored list keeps its newest ids.
        let long: Vec<String> = (0..MAX_READ_IDS + 1).map(|i| format!("x{i}")).collect();
        let loaded = ReadState::from_storage(&serde_json::to_string(&long).unwrap());
        assert!(!loaded.is_read("x0") && loaded.is_read("x1"));
        assert!(loaded.to_storage().len() < serde_json::to_string(&long).unwrap().len());
    }

    #[test]
    fn keeps_fetching_while_under_every_limit() {
        let found = scan(3, 2, ago(TimeDelta::days(2)));
        assert_eq!(step(&found, Some("evt_9")), Some("evt_9".into()));
    }

    #[test]
    fn stops_when_enough_were_found() {
        let found = scan(50, 1, ago(TimeDelta::hours(1)));
        assert_eq!(step(&found, Some("c")), None);
        let found = scan(49, 1, ago(TimeDelta::hours(1)));
        assert_eq!(step(&found, Some("c")), Some("c".into()));
    }

    #[test]
    fn stops_when_the_backend_has_no_older_page() {
        // The shipped backend always sends null cursors: one page and done.
        let found = scan(0, 1, ago(TimeDelta::hours(1)));
        assert_eq!(step(&found, None), None);
    }

    #[test]
    fn stops_at_thirty_days_back() {
        let found = scan(1, 3, ago(TimeDelta::days(30)));
        assert_eq!(step(&found, Some("c")), None);
        let found = scan(1, 3, ago(TimeDelta::days(30) - TimeDelta::seconds(1)));
        assert_eq!(step(&found, Some("c")), Some("c".into()));
    }

    #[test]
    fn stops_after_ten_pages() {
        let found = scan(1, 10, ago(TimeDelta::days(1)));
        assert_eq!(step(&found, Some("c")), None);
        let found = scan(1, 9, ago(TimeDelta::days(1)));
        assert_eq!(step(&found, Some("c")), Some("c".into()));
    }

    #[test]
    fn one_event_out_of_order_does_not_end_the_reading_as_if_the_page_reached_back_to_it() {
        let mut found = Scan::default();
        found.add_page(
            &ListRequest::default(),
            &EventPage {
                events: vec![
                    // An unreadable `occurredAt` gave way to an old `createdAt`, and the
                    // backend sorted its null first.
                    event("odd", "session.created", ago(TimeDelta::days(45))),
                    event("s1", "session.created", ago(TimeDelta::hours(1))),
                    event("s2", "session.created", ago(TimeDelta::hours(2))),
                ],
                after: Some("c1".to_owned()),
                ..EventPage::default()
            },
            &Matcher::default(),
        );
        assert_eq!(found.reached, ago(TimeDelta::hours(2)));
        assert_eq!(step(&found, Some("c1")), Some("c1".into()));
        assert_eq!(
            looked_back(found.pages, found.reached, now()),
            "Looked back 2 hours (1 page)"
        );
    }

    #[test]
    fn pages_without_readable_times_are_bounded_by_the_page_limit() {
        assert_eq!(step(&scan(0, 5, None), Some("c")), Some("c".into()));
        assert_eq!(step(&scan(0, 10, None), Some("c")), None);
    }

    #[test]
    fn a_full_first_page_without_a_cursor_may_leave_older_events() {
        // The shipped backend sends no cursors: fifty sessions say nothing of what is older.
        let first = ListRequest {
            limit: Some(50),
            ..ListRequest::default()
        };
        let sessions = |count: usize| EventPage {
            events: (0..count)
                .map(|at| {
                    event(
                        &format!("s{at}"),
                        "session.created",
                        ago(TimeDelta::minutes(1)),
                    )
                })
                .collect(),
            ..EventPage::default()
        };
        let mut full = Scan::default();
        full.add_page(&first, &sessions(50), &Matcher::default());
        assert!(full.older_left);
        let note = reach_note(
            "Looked back 1 minute (1 page)",
            false,
            false,
            None,
            full.older_left,
        );
        assert_eq!(
            note,
            "Looked back 1 minute (1 page). Older events are in Audit Logs."
        );
        // Fewer than asked for: the whole history.
        let mut short = Scan::default();
        short.add_page(&first, &sessions(49), &Matcher::default());
        assert!(!short.older_left);
    }

    #[test]
    fn a_scan_keeps_notifications_only_once_and_tracks_how_far_back_and_skipped_rows() {
        let matcher = Matcher::default();
        let mut found = Scan::default();
        found.add_page(
            &ListRequest::default(),
            &EventPage {
                events: vec![
                    event("s1", "session.created", ago(TimeDelta::minutes(1))),
                    event("u1", "user.created", ago(TimeDelta::minutes(5))),
                    event("s2", "session.created", ago(TimeDelta::hours(2))),
                ],
                skipped: 1,
                after: Some("c1".to_owned()),
                ..EventPage::default()
            },
            &matcher,
        );
        assert!(found.older_left, "the first page named an older one");
        found.add_page(
            &ListRequest::default(),
            &EventPage {
                events: vec![
                    event("u1", "user.created", ago(TimeDelta::minutes(5))),
                    event("broken", "user.deleted", None),
                    event("u2", "mfa.enabled", ago(TimeDelta::days(3))),
                    event("s3", "session.created", ago(TimeDelta::days(4))),
                ],
                skipped: 2,
                ..EventPage::default()
            },
            &matcher,
        );
        assert_eq!(ids(&found.notifications), ["u1", "u2", "broken"]);
        assert_eq!(found.pages, 2);
        assert!(!found.older_left, "the second was the last");
        assert_eq!(found.skipped, 3);
        assert_eq!(found.reached, ago(TimeDelta::days(4)));
        assert_eq!(found.newest_seen, ago(TimeDelta::minutes(1)));
        assert_eq!(
            looked_back(found.pages, found.reached, now()),
            "Looked back 4 days (2 pages)"
        );
    }

    #[test]
    fn another_tabs_marks_join_this_ones() {
        let mut mine = ReadState::from_storage(r#"["a","b"]"#);
        assert_eq!(mine.merge(ReadState::from_storage(r#"["a","c"]"#)), 1);
        assert!(["a", "b", "c"].iter().all(|id| mine.is_read(id)));
        // Nothing new: the caller then leaves its state, and storage, alone.
        assert_eq!(mine.merge(ReadState::from_storage(r#"["c","b"]"#)), 0);
    }

    #[test]
    fn a_poll_reads_older_pages_until_it_reaches_what_was_seen() {
        let seen = ago(TimeDelta::minutes(10));
        let newer = ago(TimeDelta::minutes(5));
        let next = |scan: &Scan, cursor, seen| DeepFetch::default().poll_next(scan, cursor, seen);
        // Every event read is newer than the last fetch's newest: more may lie between.
        assert_eq!(
            next(&scan(0, 1, newer), Some("p2"), seen).as_deref(),
            Some("p2")
        );
        // Only unreadable times so far: nothing shows the poll reached back.
        assert_eq!(
            next(&scan(0, 1, None), Some("p2"), seen).as_deref(),
            Some("p2")
        );
        // After an empty history, all that arrived is new: read on while there is more.
        assert_eq!(
            next(&scan(0, 1, newer), Some("p2"), None).as_deref(),
            Some("p2")
        );
        // Reached back; no older page; the page limit.
        assert_eq!(next(&scan(0, 1, seen), Some("p2"), seen), None);
        assert_eq!(next(&scan(0, 1, newer), None, seen), None);
        assert_eq!(next(&scan(0, 10, newer), Some("p11"), seen), None);
        assert_eq!(next(&scan(0, 10, newer), Some("p11"), None), None);

        // Stopped short of it, at the page limit or for want of a cursor: something may be
        // missing. Not when it reached back, nor with nothing seen or no time read.
        assert!(scan(0, 10, newer).falls_short_of(seen));
        assert!(scan(0, 1, newer).falls_short_of(seen));
        assert!(!scan(0, 10, seen).falls_short_of(seen));
        assert!(!scan(0, 1, newer).falls_short_of(None));
        assert!(!scan(0, 1, None).falls_short_of(seen));
    }

    #[test]
    fn a_cursor_named_again_ends_the_reading() {
        let matcher = Matcher::default();
        let page = |id: &str, minutes, after: &str| EventPage {
            events: vec![event(
                id,
                "session.created",
                ago(TimeDelta::minutes(minutes)),
            )],
            after: Some(after.to_owned()),
            ..EventPage::default()
        };
        let mut read = Scan::default();
        read.add_page(&ListRequest::default(), &page("s1", 1, "c1"), &matcher);
        read.add_page(&ListRequest::default(), &page("s2", 2, "c2"), &matcher);
        assert_eq!(step(&read, Some("c2")).as_deref(), Some("c2"));
        // The page after c2 names c1 again: the same pages would follow, to the limit.
        read.add_page(&ListRequest::default(), &page("s3", 3, "c1"), &matcher);
        assert_eq!(step(&read, Some("c1")), None);
        assert!(read.older_left, "the backend still says there is more");
        let poll = |scan: &Scan, cursor| {
            DeepFetch::default().poll_next(scan, cursor, ago(TimeDelta::hours(1)))
        };
        assert_eq!(poll(&read, Some("c1")), None);
        let mut once = Scan::default();
        once.add_page(&ListRequest::default(), &page("s1", 1, "c1"), &matcher);
        assert_eq!(poll(&once, Some("c1")).as_deref(), Some("c1"));
    }

    #[test]
    fn an_event_dated_ahead_of_the_clock_does_not_stop_the_next_poll_at_its_first_page() {
        let matcher = Matcher::default();
        let mut first_load = Scan::default();
        first_load.add_page(
            &ListRequest::default(),
            &EventPage {
                events: vec![
                    event("ahead", "session.created", ago(-TimeDelta::hours(1))),
                    event("u1", "user.created", ago(TimeDelta::minutes(5))),
                ],
                ..EventPage::default()
            },
            &matcher,
        );
        let seen = first_load.seen_up_to(now());
        assert_eq!(seen, Some(now()), "the clock, not the hour ahead");
        assert_eq!(Scan::default().seen_up_to(now()), None);
        assert_eq!(
            scan(0, 1, ago(TimeDelta::minutes(5))).seen_up_to(now()),
            ago(TimeDelta::minutes(5))
        );

        // A minute later a full page arrived: under the event ahead, all newer than the mark.
        let mut poll = Scan::default();
        let arrivals = (0..49).map(|i| {
            event(
                &format!("d{i}"),
                "user.deleted",
                ago(TimeDelta::seconds(-1 - i)),
            )
        });
        poll.add_page(
            &ListRequest::default(),
            &EventPage {
                events: std::iter::once(event(
                    "ahead",
                    "session.created",
                    ago(-TimeDelta::hours(1)),
                ))
                .chain(arrivals)
                .collect(),
                after: Some("p2".to_owned()),
                ..EventPage::default()
            },
            &matcher,
        );
        let next = DeepFetch::default().poll_next(&poll, Some("p2"), seen);
        assert_eq!(
            next.as_deref(),
            Some("p2"),
            "reads on to what it saw before"
        );
        // The hour ahead as the mark would have stopped it there, and said nothing.
        let unclamped = first_load.newest_seen;
        assert_eq!(
            DeepFetch::default().poll_next(&poll, Some("p2"), unclamped),
            None
        );
        assert!(!poll.falls_short_of(unclamped));
    }

    #[test]
    fn the_note_under_the_list_says_how_far_back_and_whether_it_goes_on() {
        let reach = "Looked back 2 days (3 pages)";
        let note = |looking, trimmed, stopped: Option<&str>| {
            reach_note(reach, looking, trimmed, stopped, false)
        };
        assert_eq!(note(false, false, None), "Looked back 2 days (3 pages).");
        // Stopped at a limit rather than at the start of the history.
        assert_eq!(
            reach_note(reach, false, false, None, true),
            "Looked back 2 days (3 pages). Older events are in Audit Logs."
        );
        assert_eq!(
            reach_note(reach, false, false, Some("Failed."), true),
            "Looked back 2 days (3 pages). Stopped early: Failed."
        );
        assert_eq!(
            note(true, false, None),
            "Looked back 2 days (3 pages) so far; looking further back…"
        );
        assert_eq!(
            note(false, false, Some("The backend failed (HTTP 500).")),
            "Looked back 2 days (3 pages). Stopped early: The backend failed (HTTP 500)."
        );
        // Cut by polls, the list no longer reaches as far as the deep fetch looked; why an
        // older page failed still shows beside its Retry.
        for looking in [false, true] {
            assert_eq!(
                note(looking, true, None),
                "Showing the newest 200 notifications; Audit Logs has every event."
            );
            assert_eq!(
                note(looking, true, Some("Failed.")),
                "Showing the newest 200 notifications; Audit Logs has every event. Stopped early: Failed."
            );
        }
    }

    #[test]
    fn the_warning_above_the_list_names_each_reason_it_may_be_out_of_date() {
        assert_eq!(poll_warning(false, None), "");
        let failed = poll_warning(false, Some(("You are not signed in.", false)));
        assert_eq!(
            failed,
            "Checking for new notifications failed: You are not signed in. Trying again."
        );
        assert_eq!(
            poll_warning(false, Some(("The backend answered HTTP 429. Try again in 100 seconds.", true))),
            "Checking for new notifications failed: The backend answered HTTP 429. Try again in 100 seconds. Checking again then."
        );
        let gap = poll_warning(true, None);
        assert!(
            gap.starts_with("More events arrived at once than a poll reads"),
            "{gap}"
        );
        assert_eq!(
            poll_warning(true, Some(("You are not signed in.", false))),
            format!("{gap} {failed}")
        );
    }

    #[test]
    fn looked_back_reads_naturally() {
        let say = |pages, oldest| looked_back(pages, oldest, now());
        assert_eq!(
            say(1, ago(TimeDelta::seconds(30))),
            "Looked back less than a minute (1 page)"
        );
        assert_eq!(
            say(1, ago(TimeDelta::minutes(1))),
            "Looked back 1 minute (1 page)"
        );
        assert_eq!(
            say(2, ago(TimeDelta::minutes(59))),
            "Looked back 59 minutes (2 pages)"
        );
        assert_eq!(
            say(1, ago(TimeDelta::hours(1))),
            "Looked back 1 hour (1 page)"
        );
        assert_eq!(
            say(1, ago(TimeDelta::hours(5))),
            "Looked back 5 hours (1 page)"
        );
        assert_eq!(
            say(4, ago(TimeDelta::days(1))),
            "Looked back 1 day (4 pages)"
        );
        assert_eq!(
            say(10, ago(TimeDelta::days(31))),
            "Looked back 31 days (10 pages)"
        );
        assert_eq!(say(1, None), "Looked through 1 page");
        assert_eq!(say(3, None), "Looked through 3 pages");
    }

    #[test]
    fn live_merge_puts_new_notifications_on_top_without_duplicates() {
        let shown = vec![
            event("b", "user.created", ago(TimeDelta::minutes(10))),
            event("a", "user.created", ago(TimeDelta::hours(1))),
            event("x", "user.deleted", None),
        ];
        let incoming = vec![
            event("b", "user.created", ago(TimeDelta::minutes(10))),
            event("d", "mfa.enabled", ago(TimeDelta::minutes(1))),
            event("c", "user.created", ago(TimeDelta::minutes(5))),
            event("d", "mfa.enabled", ago(TimeDelta::minutes(1))),
        ];
        let mut shown = shown;
        let merged = merge_newer(&mut shown, incoming);
        assert_eq!(merged.added, ["d", "c"]);
        assert_eq!(ids(&shown), ["d", "c", "b", "a", "x"]);
        assert!(!merged.trimmed);
    }

    #[test]
    fn live_merge_orders_by_time_and_puts_unreadable_times_last() {
        let shown = vec![event("old", "user.created", ago(TimeDelta::hours(3)))];
        let incoming = vec![
            event("undated", "user.deleted", None),
            event("late", "user.created", ago(TimeDelta::hours(5))),
            event("tie", "user.created", ago(TimeDelta::hours(3))),
        ];
        let mut shown = shown;
        assert_eq!(merge_newer(&mut shown, incoming).added.len(), 3);
        // A new event at the same time as a shown one goes above it.
        assert_eq!(ids(&shown), ["tie", "old", "late", "undated"]);
    }

    #[test]
    fn live_merge_with_nothing_new_changes_nothing() {
        let before = vec![event("a", "user.created", ago(TimeDelta::hours(1)))];
        let mut shown = before.clone();
        assert_eq!(merge_newer(&mut shown, before.clone()), Merged::default());
        assert_eq!(shown, before);
    }

    #[test]
    fn live_merge_keeps_the_newest_up_to_the_bound() {
        let minutes = |id: &str, n: i64| event(id, "user.created", ago(TimeDelta::minutes(n)));
        let mut shown: Vec<AuditEvent> = (0..MAX_SHOWN as i64 - 1)
            .map(|n| minutes(&format!("old{n}"), 10 + n))
            .collect();
        shown.push(event("undated", "user.created", None));
        let incoming = vec![minutes("new", 1), minutes("older than all", 10_000)];
        let merged = merge_newer(&mut shown, incoming);
        assert_eq!(shown.len(), MAX_SHOWN);
        assert!(merged.trimmed);
        // What falls off is the oldest: here the undated one and a new one older than all.
        assert_eq!(merged.added, ["new"]);
        assert_eq!(ids(&shown)[..2], ["new", "old0"]);
        assert_eq!(ids(&shown).last(), Some(&"old198"));

        // Exactly full: nothing was let go, and the note must not say so.
        let mut shown: Vec<AuditEvent> = (0..MAX_SHOWN as i64 - 1)
            .map(|n| minutes(&format!("old{n}"), 10 + n))
            .collect();
        let merged = merge_newer(&mut shown, vec![minutes("new", 1)]);
        assert_eq!(shown.len(), MAX_SHOWN);
        assert!(!merged.trimmed);
    }

    #[test]
    fn the_first_load_keeps_the_same_bound_as_a_poll() {
        let minutes = |n: i64| event(&format!("e{n}"), "user.created", ago(TimeDelta::minutes(n)));
        let mut found: Vec<AuditEvent> = (0..391).map(minutes).collect();
        assert!(keep_newest(&mut found));
        assert_eq!(found.len(), MAX_SHOWN);
        assert_eq!(ids(&found)[..2], ["e0", "e1"]);
        let mut few: Vec<AuditEvent> = (0..MAX_SHOWN as i64).map(minutes).collect();
        assert!(!keep_newest(&mut few));
        assert_eq!(few.len(), MAX_SHOWN);
    }

    #[test]
    fn polling_backs_off_by_doubling_up_to_five_minutes() {
        let every_30_s = Duration::from_secs(30);
        let delays: Vec<u64> = (0..6)
            .map(|errors| poll_delay(every_30_s, errors).as_secs())
            .collect();
        assert_eq!(delays, [30, 60, 120, 240, 300, 300]);
        assert_eq!(poll_delay(every_30_s, u32::MAX), MAX_POLL_DELAY);
    }

    #[test]
    fn a_base_longer_than_the_cap_is_kept() {
        let hourly = Duration::from_secs(3_600);
        assert_eq!(poll_delay(hourly, 0), hourly);
        assert_eq!(poll_delay(hourly, 3), hourly);
    }

    #[test]
    fn a_poll_that_reads_past_the_lists_reach_adds_only_what_arrived() {
        let matcher = Matcher::default();
        let first = ListRequest {
            limit: Some(50),
            ..ListRequest::default()
        };
        let older = ListRequest {
            after: Some("c1".into()),
            limit: Some(500),
            ..ListRequest::default()
        };
        let page = |events: &[AuditEvent], after: &str| EventPage {
            events: events.to_vec(),
            after: Some(after.into()),
            ..EventPage::default()
        };
        let important = |n: i64, every: i64| match n % every {
            0 => "user.created",
            _ => "session.created",
        };
        let at = |id: String, action: &str, minutes: i64| {
            event(&id, action, ago(TimeDelta::minutes(minutes)))
        };
        let history: Vec<AuditEvent> = (0..550)
            .map(|n| at(format!("h{n}"), important(n, 10), 100 + n))
            .collect();
        // The first load read one page (its older page failed): 5 notifications, 50 events.
        let mut deep = Scan::default();
        deep.add_page(&first, &page(&history[..50], "c1"), &matcher);
        let (seen, reached) = (deep.seen_up_to(now()), deep.reached);
        let mut shown = deep.notifications.clone();
        // 60 events arrive, 2 of them notifications: the poll reads past the first page.
        let arrivals = (0..60).map(|n| at(format!("a{n}"), important(n, 30), n));
        let all: Vec<AuditEvent> = arrivals.chain(history).collect();
        let mut poll = Scan::default();
        poll.add_page(&first, &page(&all[..50], "c1"), &matcher);
        assert!(DeepFetch::default()
            .poll_next(&poll, Some("c1"), seen)
            .is_some());
        poll.add_page(&older, &page(&all[50..550], "c2"), &matcher);
        let mut incoming = poll.notifications;
        within_reach(&mut incoming, reached);
        let merged = merge_newer(&mut shown, incoming);
        assert_eq!(merged.added, ["a0", "a30"]);
        assert_eq!(shown.len(), 7);
    }
}
