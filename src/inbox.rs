//! The notifications inbox, app-wide so that the nav can show the unread count on every
//! page: the deep fetch, live polling, read state and the user's important actions.
//! Which events are notifications, what is read, how pages merge and how long to wait
//! are decided in `domain::{notify, inbox, patterns}`; this module sequences the requests
//! and holds their state.

use crate::api::{Api, ApiError};
use crate::components::clock::wall_clock;
use crate::domain::config::Config;
use crate::domain::event::AuditEvent;
use crate::domain::inbox::{
    keep_newest, merge_newer, poll_delay, storage_key, within_reach, DeepFetch, ReadState, Scan,
};
use crate::domain::notify::Matcher;
use crate::domain::patterns::{Patterns, EQUIVALENTS_KEY, STORAGE_KEY};
use crate::domain::query::ListRequest;
use crate::storage;
use chrono::{DateTime, Utc};
use futures::channel::oneshot;
use futures::future::{abortable, AbortHandle};
use leptos::ev;
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::cell::Cell;
use std::future::Future;
use std::time::Duration;

/// Events per list request, as the documented page asks for.
const PAGE_SIZE: u32 = 50;
/// Events per older page: pages of 50 looked back only a few hours on a busy trail before
/// the page limit. Ten times as many reach ten times as far in as many requests, while each
/// stays quick to read, so what the pages so far found shows without a long wait.
const OLDER_PAGE_SIZE: u32 = 500;
/// How long an arrival's announcement stays cleared before it is written: long enough for
/// the browser to pass the empty region to assistive technology.
const ANNOUNCE_AFTER: Duration = Duration::from_millis(150);

#[derive(Debug, Clone, PartialEq)]
pub enum Load {
    Loading,
    Failed(ApiError),
    Loaded(Found),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Found {
    /// Newest first, unreadable times last.
    pub notifications: Vec<AuditEvent>,
    /// The pages the deep fetch read, and how far back they reach: "Looked back 3 days
    /// (2 pages)", counted from the page's clock.
    pub pages: usize,
    pub reached: Option<DateTime<Utc>>,
    /// Rows of the responses that could not be read.
    pub skipped: usize,
    /// A later page failed; what was found before it is still shown.
    pub stopped_early: Option<Stopped>,
    /// The deep fetch is still reading older pages; what it has found is shown meanwhile.
    pub looking_further: bool,
    /// It stopped at a limit, before the start of the history.
    pub older_left: bool,
    /// Polls have brought so many that the oldest were let go.
    pub trimmed: bool,
    /// A poll stopped short of what was seen before it (see `Scan::falls_short_of`).
    pub gap: bool,
    /// The last poll failed: the list may be out of date, and the admin is told why.
    pub poll_failed: Option<ApiError>,
    /// The newest time of any event read so far, but not past the clock: what the next poll
    /// reads back to (see `Scan::seen_up_to`).
    pub seen_up_to: Option<DateTime<Utc>>,
}

/// An older page that failed: why, and where the deep fetch goes on from at its Retry.
#[derive(Debug, Clone, PartialEq)]
pub struct Stopped {
    pub error: ApiError,
    reading: Box<Reading>,
}

impl Found {
    /// Keeps what the list `shown` has from polls since a deep fetch stopped, as that fetch
    /// goes on (`self`): the notifications they brought, and what they found out.
    fn keep_polled(&mut self, shown: &Found) {
        let merged = merge_newer(&mut self.notifications, shown.notifications.clone());
        self.trimmed |= shown.trimmed || merged.trimmed;
        self.gap = shown.gap;
        self.poll_failed.clone_from(&shown.poll_failed);
        self.seen_up_to = self.seen_up_to.max(shown.seen_up_to);
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    pub patterns: Patterns,
    pub equivalents: bool,
}

impl Settings {
    /// As this browser keeps them, over the host's `defaults`.
    fn stored(defaults: Patterns) -> Self {
        Self {
            patterns: match storage::load(STORAGE_KEY) {
                Some(raw) => defaults.restored(&raw),
                None => defaults,
            },
            equivalents: storage::load(EQUIVALENTS_KEY).as_deref() == Some("true"),
        }
    }

    fn matcher(&self) -> Matcher {
        Matcher::new(self.patterns.as_slice(), self.equivalents)
    }
}

#[derive(Clone, Copy)]
pub struct Inbox {
    pub load: RwSignal<Load>,
    pub read: RwSignal<ReadState>,
    pub settings: RwSignal<Settings>,
    /// How many notifications the last poll added, for the live announcement.
    pub announced: RwSignal<usize>,
    /// The ids the last poll added, which slide in; the first load's rows appear at once.
    /// Each is taken out as its row is built, so that a list built again (a return to the
    /// page) shows it at once too. Not reactive: it only tells a new row how to appear.
    pub arrived: StoredValue<Vec<String>>,
    /// Shown on the nav link and used by "Mark all as read"; counted once per change.
    pub unread: Memo<usize>,
    /// Bumped by each fetch; a poll's result from before a newer fetch is dropped.
    generation: StoredValue<u64>,
    /// The deep fetch under way, which a newer one aborts (with its requests).
    fetching: StoredValue<Option<AbortHandle>>,
    /// Polls sent, and the newest of them whose answer was taken: a poll that answers after
    /// a later one (a Retry's) is out of date, and its failure would cover a fresh list.
    polls_sent: StoredValue<u64>,
    poll_taken: StoredValue<u64>,
    /// When the newest failure put on screen asked to be tried again (its `Retry-After`), as
    /// its message says, in epoch milliseconds (0 when it did not ask): the poll loop polls
    /// then, though the failure came during its wait.
    not_before: StoredValue<u64>,
    /// "Mark all as read" was pressed since the deep fetch began (polls do not read it).
    marked_all: StoredValue<bool>,
    api: StoredValue<Api>,
}

/// Creates the inbox, loads it, keeps it live, and makes it available to every view.
pub fn provide_inbox() {
    let config = expect_context::<Config>();
    let defaults = config.important_actions;
    let settings = RwSignal::new(Settings::stored(defaults.clone()));
    let read_key = storage_key(config.project_id.as_deref());
    let load = RwSignal::new(Load::Loading);
    let read = RwSignal::new(
        storage::load(&read_key)
            .map(|raw| ReadState::from_storage(&raw))
            .unwrap_or_default(),
    );
    let inbox = Inbox {
        load,
        read,
        unread: Memo::new(move |_| {
            load.with(|load| match load {
                Load::Loaded(found) => read.with(|read| read.unread_count(&found.notifications)),
                _ => 0,
            })
        }),
        settings,
        announced: RwSignal::new(0),
        arrived: StoredValue::new(Vec::new()),
        generation: StoredValue::new(0),
        fetching: StoredValue::new(None),
        polls_sent: StoredValue::new(0),
        poll_taken: StoredValue::new(0),
        not_before: StoredValue::new(0),
        marked_all: StoredValue::new(false),
        api: StoredValue::new(expect_context::<Api>()),
    };
    // Another tab's marks are merged as it saves them, so that this tab's next save keeps
    // them (and its count follows them). Its important actions are taken as they are: the
    // last edit wins in every tab, and the list is read again by its new rules.
    let stored_key = read_key.clone();
    // App-wide, as the inbox is: it lives as long as the page, so its handle is not kept.
    let _ = window_event_listener(ev::storage, move |ev| match ev.key() {
        Some(key) if key == stored_key => {
            let theirs = ReadState::from_storage(&ev.new_value().unwrap_or_default());
            read.maybe_update(|read| read.merge(theirs) > 0);
        }
        Some(key) if key == STORAGE_KEY || key == EQUIVALENTS_KEY => {
            let theirs = Settings::stored(defaults.clone());
            settings.maybe_update(|settings| {
                let changed = *settings != theirs;
                *settings = theirs;
                changed
            });
        }
        _ => {}
    });
    Effect::new(move |_| {
        inbox
            .read
            .with(|read| storage::save(&read_key, &read.to_storage()))
    });
    // Sent now, not from the effect below: effects run after the page is built.
    inbox.reload();
    // Saving and refetching whenever the settings change; not refetching on the first run,
    // whose list request `reload` above has already sent.
    Effect::new(move |earlier_run: Option<()>| {
        inbox.settings.with(|settings| {
            // Only the admin's own list is kept, so that the host's defaults still apply.
            if settings.patterns.is_default() {
                storage::remove(STORAGE_KEY);
            } else {
                storage::save(STORAGE_KEY, &settings.patterns.to_storage());
            }
            storage::save(EQUIVALENTS_KEY, &settings.equivalents.to_string());
        });
        if earlier_run.is_some() {
            inbox.reload();
        }
    });
    spawn_local(inbox.poll(config.poll_interval));
    provide_context(inbox);
}

pub fn use_inbox() -> Inbox {
    expect_context::<Inbox>()
}

impl Inbox {
    /// Runs the deep fetch again from the newest event.
    pub fn reload(self) {
        self.load.set(Load::Loading);
        spawn_local(self.fetched(None));
    }

    /// Retry beside a failed poll, the list staying on screen: polls now. Reading the list
    /// again from the newest would drop what polls had added past the deep fetch's target.
    /// Failing again, it keeps the list and says so.
    pub fn check_now(self) {
        spawn_local(async move {
            self.check_for_new().await;
        });
    }

    /// Retry beside a failed older page, the list staying on screen: the deep fetch goes on
    /// from that page, and what it finds joins the list below what polls have brought.
    /// Failing again, it keeps the list and says so.
    pub fn retry_older(self) {
        let resumed = self.load.try_update(|load| match load {
            Load::Loaded(found) => {
                found.looking_further = true;
                found.stopped_early.take().map(|stopped| *stopped.reading)
            }
            _ => None,
        });
        spawn_local(self.fetched(resumed.flatten()));
    }

    /// The deep fetch from the newest event, or going on with a `resumed` one onto the list
    /// shown; the returned future runs it to its end or until a newer one aborts it. The
    /// older one is aborted at once, not when the future first runs.
    fn fetched(self, resumed: Option<Reading>) -> impl Future<Output = ()> {
        let onto_list = resumed.is_some();
        if !onto_list {
            self.generation.update_value(|generation| *generation += 1);
            self.marked_all.set_value(false);
            self.arrived.set_value(Vec::new());
        }
        let from = resumed.unwrap_or_else(Reading::from_newest);
        let matcher = self.settings.with_untracked(Settings::matcher);
        let api = self.api.get_value();
        // What the first pages found shows while older ones are read: on a project where
        // notifications are rare, the deep fetch reads up to ten pages, one after another.
        let show = move |found| self.show(Load::Loaded(found), onto_list);
        let (fetch, handle) =
            abortable(async move { deep_fetch(&api, &matcher, &show, from).await });
        if let Some(older) = self
            .fetching
            .try_update_value(|fetching| fetching.replace(handle))
            .flatten()
        {
            older.abort();
        }
        async move {
            // Aborted, a newer fetch has taken over.
            let Ok(load) = fetch.await else {
                return;
            };
            match load {
                Load::Failed(error) => self.fail(error),
                load => self.show(load, onto_list),
            }
        }
    }

    /// Puts a failure on screen: beside a list, which stays (a backend still down takes no
    /// list away), as a poll's failure; in the list's place while there is none.
    fn fail(self, error: ApiError) {
        // A wait of none ("Retry-After: 0") names no time, and the poll loop backs off.
        let asked = (error.retry_after()).filter(|wait| !wait.is_zero());
        self.not_before
            .set_value(asked.map_or(0, |wait| now_millis() + wait.as_millis() as u64));
        self.load.update(|load| match load {
            Load::Loaded(found) => found.poll_failed = Some(error),
            _ => *load = Load::Failed(error),
        });
    }

    pub fn mark_read(self, id: &str) {
        if !self.read.with_untracked(|read| read.is_read(id)) {
            self.read.update(|read| {
                read.mark_read(id);
            });
        }
    }

    pub fn mark_all_read(self) {
        self.marked_all.set_value(true);
        self.load.with_untracked(|load| self.read_all(load));
    }

    fn read_all(self, load: &Load) {
        if let Load::Loaded(found) = load {
            self.read.update(|read| {
                read.mark_all_read(found.notifications.iter().map(|event| &event.id));
            });
        }
    }

    /// What the deep fetch has found; `onto_list` when it went on from a failed older page,
    /// so that what polls brought meanwhile stays. Once "Mark all as read" was pressed during
    /// it, the older notifications it goes on to find are read too: they are part of the
    /// "all".
    fn show(self, mut load: Load, onto_list: bool) {
        if let (true, Load::Loaded(found)) = (onto_list, &mut load) {
            self.load.with_untracked(|shown| {
                if let Load::Loaded(shown) = shown {
                    found.keep_polled(shown);
                }
            });
        }
        if self.marked_all.get_value() {
            self.read_all(&load);
        }
        self.load.set(load);
    }

    /// Whether the list is loaded and its last poll, if any, answered: no failure on screen.
    fn recovered(self) -> bool {
        self.load.with_untracked(
            |load| matches!(load, Load::Loaded(found) if found.poll_failed.is_none()),
        )
    }

    /// When the failure on screen asked to be tried again, in epoch milliseconds, if it did.
    fn asked_time(self) -> Option<u64> {
        let failing = self.load.with_untracked(|load| match load {
            Load::Failed(_) => true,
            Load::Loaded(found) => found.poll_failed.is_some(),
            Load::Loading => false,
        });
        Some(self.not_before.get_value()).filter(|&time| failing && time > 0)
    }

    /// Every `interval` while the page is visible (and as it is shown again), asks for the
    /// newest page and slides new notifications in on top; waits longer after each failure.
    async fn poll(self, interval: Duration) {
        let mut failures = 0;
        loop {
            // Slept an interval at a time: once a Retry has brought the list back during a
            // back-off or a `Retry-After` wait, polls come at their interval again, not when
            // the wait ends.
            let failing = !self.recovered();
            let backed_off = now_millis() + poll_delay(interval, failures).as_millis() as u64;
            loop {
                // At the time the failure on screen named, as its message says, instead of
                // the back-off's; also one that came meanwhile (the first load's, a Retry's).
                let due = self.asked_time().unwrap_or(backed_off);
                let left = Duration::from_millis(due.saturating_sub(now_millis()));
                if left.is_zero() {
                    break;
                }
                gloo_timers::future::sleep(left.min(interval)).await;
                if failing && self.recovered() {
                    failures = 0;
                    break;
                }
            }
            until_visible().await;
            // A failed load is tried again as a poll is, so that a page left open recovers
            // from a backend that was down for a while. Its failure stays on screen (and
            // its Retry keeps the focus) until an answer replaces it; once one has, polls
            // come at their interval again.
            let failed = || {
                self.load
                    .with_untracked(|load| matches!(load, Load::Failed(_)))
            };
            if failed() {
                self.fetched(None).await;
                failures = if failed() { failures + 1 } else { 0 };
                continue;
            }
            let settled = self.load.with_untracked(
                |load| matches!(load, Load::Loaded(found) if !found.looking_further),
            );
            if !settled {
                continue;
            }
            match self.check_for_new().await {
                Some(true) => failures = 0,
                Some(false) => failures += 1,
                None => {}
            }
        }
    }

    /// A poll: reads what arrived since the list was last read and slides it in on top, or
    /// says beside the list that it failed. Whether it answered; `None` when a newer fetch
    /// replaced the list meanwhile, or a later poll has answered.
    async fn check_for_new(self) -> Option<bool> {
        let generation = self.generation.get_value();
        let poll = self
            .polls_sent
            .try_update_value(|sent| {
                *sent += 1;
                *sent
            })
            .unwrap_or_default();
        let matcher = self.settings.with_untracked(Settings::matcher);
        let seen_up_to = self.load.with_untracked(|load| match load {
            Load::Loaded(found) => found.seen_up_to,
            _ => None,
        });
        let polled = poll_pages(&self.api.get_value(), &matcher, seen_up_to).await;
        if self.generation.get_value() != generation || self.poll_taken.get_value() > poll {
            return None;
        }
        self.poll_taken.set_value(poll);
        let scan = match polled {
            Ok(scan) => scan,
            Err(error) => {
                self.fail(error);
                return Some(false);
            }
        };
        let missed = scan.falls_short_of(seen_up_to);
        let mut arrived = 0;
        self.load.update(|load| {
            if let Load::Loaded(found) = load {
                found.poll_failed = None;
                found.gap |= missed;
                found.seen_up_to = found.seen_up_to.max(scan.seen_up_to(wall_clock()));
                let mut incoming = scan.notifications;
                within_reach(&mut incoming, found.reached);
                let merged = merge_newer(&mut found.notifications, incoming);
                arrived = merged.added.len();
                self.arrived.set_value(merged.added);
                found.trimmed |= merged.trimmed;
            }
        });
        // Cleared, then written a moment later: a screen reader reads a live region when
        // its text changes, so "1 new notification" twice in a row would otherwise be read
        // once.
        self.announced.set(0);
        if arrived > 0 {
            gloo_timers::future::sleep(ANNOUNCE_AFTER).await;
            if self.generation.get_value() == generation {
                self.announced.set(arrived);
            }
        }
        Some(true)
    }
}

/// The clock, in epoch milliseconds.
fn now_millis() -> u64 {
    js_sys::Date::now() as u64
}

/// Returns once the page is visible: a hidden page is not polled, and one shown again is
/// polled at once rather than up to an interval later.
async fn until_visible() {
    if !document().hidden() {
        return;
    }
    let (shown, was_shown) = oneshot::channel();
    let shown = Cell::new(Some(shown));
    let listener = window_event_listener(ev::visibilitychange, move |_| {
        // Taken only once shown: a sender dropped while hidden would end the wait too.
        if !document().hidden() {
            if let Some(shown) = shown.take() {
                let _ = shown.send(());
            }
        }
    });
    let _ = was_shown.await;
    listener.remove();
}

/// What arrived since `seen_up_to`: the newest page, and older ones while they hold only
/// newer events (see `DeepFetch::poll_next`). A failure leaves `seen_up_to` where it was,
/// so the next poll reads the same span again.
async fn poll_pages(
    api: &Api,
    matcher: &Matcher,
    seen_up_to: Option<DateTime<Utc>>,
) -> Result<Scan, ApiError> {
    let limits = DeepFetch::default();
    let next = |scan: &Scan, cursor: Option<&str>| limits.poll_next(scan, cursor, seen_up_to);
    match read_pages(api, matcher, &next, Reading::from_newest()).await {
        (reading, None) => Ok(reading.scan),
        (_, Some(error)) => Err(error),
    }
}

/// Follows the cursor, within the limits, `from` where a reading is, until enough
/// notifications are found; before each older page, `show`s what the pages so far found, if
/// anything.
async fn deep_fetch(api: &Api, matcher: &Matcher, show: &dyn Fn(Found), from: Reading) -> Load {
    let limits = DeepFetch::default();
    let next = |scan: &Scan, cursor: Option<&str>| {
        let next = limits.next_step(scan, cursor, wall_clock());
        if next.is_some() && !scan.notifications.is_empty() {
            show(found(scan.clone(), None, true));
        }
        next
    };
    match read_pages(api, matcher, &next, from).await {
        (reading, None) => Load::Loaded(found(reading.scan, None, false)),
        // With nothing found yet, "all caught up" would not be known: the failure is the answer.
        (reading, Some(error)) if reading.scan.notifications.is_empty() => Load::Failed(error),
        (reading, Some(error)) => {
            let scan = reading.scan.clone();
            let reading = Box::new(reading);
            Load::Loaded(found(scan, Some(Stopped { error, reading }), false))
        }
    }
}

/// The inbox's list from what the deep fetch read.
fn found(scan: Scan, stopped_early: Option<Stopped>, looking_further: bool) -> Found {
    let seen_up_to = scan.seen_up_to(wall_clock());
    let mut notifications = scan.notifications;
    // The bound a poll keeps, from the first load: older pages of 500 can find hundreds.
    let trimmed = keep_newest(&mut notifications);
    Found {
        pages: scan.pages,
        reached: scan.reached,
        seen_up_to,
        notifications,
        skipped: scan.skipped,
        older_left: scan.older_left,
        stopped_early,
        looking_further,
        trimmed,
        gap: false,
        poll_failed: None,
    }
}

/// Pages read so far, and the one to read next.
#[derive(Debug, Clone, PartialEq)]
struct Reading {
    scan: Scan,
    request: ListRequest,
}

impl Reading {
    fn from_newest() -> Self {
        Self {
            scan: Scan::default(),
            request: ListRequest {
                limit: Some(PAGE_SIZE),
                ..ListRequest::default()
            },
        }
    }
}

/// Reads pages on `from` a reading while `next` gives the cursor of an older one. Also gives
/// the failure that ended the reading, if one did, its request left as the one that failed.
/// `next` is a trait object so that both callers share one copy of this loop.
async fn read_pages(
    api: &Api,
    matcher: &Matcher,
    next: &dyn Fn(&Scan, Option<&str>) -> Option<String>,
    from: Reading,
) -> (Reading, Option<ApiError>) {
    let mut reading = from;
    loop {
        let page = match api.list_events(&reading.request).await {
            Ok(page) => page,
            Err(error) => return (reading, Some(error)),
        };
        reading.scan.add_page(&reading.request, &page, matcher);
        match next(&reading.scan, page.after.as_deref()) {
            Some(cursor) => {
                reading.request.after = Some(cursor);
                reading.request.limit = Some(OLDER_PAGE_SIZE);
            }
            None => return (reading, None),
        }
    }
}
