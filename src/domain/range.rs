//! The Audit Logs date range. The list endpoint has no date filter, so the page reads
//! pages newest first and keeps the rows in range, stopping once rows are older than it.

use super::event::{page_reach, AuditEvent, EventPage};
use super::words::count;
use chrono::{DateTime, Days, NaiveDate, TimeDelta, TimeZone, Utc};
use rustc_hash::FxHashSet as HashSet;

/// A date range is read with the largest pages the list endpoint allows, and at most this
/// many, so that a range over a huge history cannot hang the tab.
pub const RANGE_PAGE_SIZE: u32 = 1000;
pub const MAX_RANGE_PAGES: usize = 20;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Preset {
    Day,
    Week,
    Month,
}

impl Preset {
    pub const ALL: [Preset; 3] = [Preset::Day, Preset::Week, Preset::Month];

    /// The URL value.
    pub fn as_str(self) -> &'static str {
        match self {
            Preset::Day => "24h",
            Preset::Week => "7d",
            Preset::Month => "30d",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|preset| preset.as_str() == value)
    }

    pub fn label(self) -> &'static str {
        match self {
            Preset::Day => "Last 24 hours",
            Preset::Week => "Last 7 days",
            Preset::Month => "Last 30 days",
        }
    }

    fn span(self) -> TimeDelta {
        match self {
            Preset::Day => TimeDelta::hours(24),
            Preset::Week => TimeDelta::days(7),
            Preset::Month => TimeDelta::days(30),
        }
    }
}

/// Either a preset relative to now, or whole local days From..=To (either may be open).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DateRange {
    pub preset: Option<Preset>,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
}

/// Inclusive instants; `None` is open.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Bounds {
    pub start: Option<DateTime<Utc>>,
    pub end: Option<DateTime<Utc>>,
}

impl DateRange {
    pub fn is_set(&self) -> bool {
        self.preset.is_some() || self.from.is_some() || self.to.is_some()
    }

    /// The range once the From and To inputs are applied: days entered replace a preset,
    /// and untouched inputs keep it.
    pub fn with_days(self, from: Option<NaiveDate>, to: Option<NaiveDate>) -> DateRange {
        match (from, to) {
            (None, None) => DateRange {
                preset: self.preset,
                from,
                to,
            },
            (from, to) => DateRange {
                preset: None,
                from,
                to,
            },
        }
    }

    /// The whole local days `first..=last`, unless they are this range already: a chart's
    /// bar narrows the range to the days it covers (an hourly bar, its day), and one that
    /// would change nothing is not offered.
    pub fn narrowed_to(&self, first: NaiveDate, last: NaiveDate) -> Option<DateRange> {
        let days = DateRange {
            preset: None,
            from: Some(first),
            to: Some(last),
        };
        (days != *self).then_some(days)
    }

    /// From after To: nothing can be in range, and the page says why.
    pub fn is_reversed(&self) -> bool {
        matches!((self.from, self.to), (Some(from), Some(to)) if from > to)
    }

    /// The instants this range covers: From's local midnight up to the last millisecond of
    /// To's local day, or the preset's span back from `now`.
    pub fn bounds<Tz: TimeZone>(&self, now: DateTime<Utc>, tz: &Tz) -> Bounds {
        if let Some(preset) = self.preset {
            return Bounds {
                start: now.checked_sub_signed(preset.span()),
                end: None,
            };
        }
        Bounds {
            start: self.from.and_then(|day| local_midnight(day, tz)),
            end: self
                .to
                .and_then(|day| day.checked_add_days(Days::new(1)))
                .and_then(|next| local_midnight(next, tz))
                .map(|next| next - TimeDelta::milliseconds(1)),
        }
    }
}

impl Bounds {
    /// Whether a row belongs in the range. A row without a readable time belongs only in
    /// an open range: it cannot be shown to be inside a bounded one.
    pub fn contains(&self, time: Option<DateTime<Utc>>) -> bool {
        if *self == Bounds::default() {
            return true;
        }
        // The end is the last millisecond of To's day, so it is compared in milliseconds: a
        // time sent with microseconds inside that millisecond is in the day too.
        let within_end = |time: DateTime<Utc>, end: DateTime<Utc>| {
            time.timestamp_millis() <= end.timestamp_millis()
        };
        time.is_some_and(|time| {
            self.start.is_none_or(|start| time >= start)
                && self.end.is_none_or(|end| within_end(time, end))
        })
    }

    /// Newest-first paging can stop once a page reaches back past the start.
    pub fn passed_start(&self, reach: Option<DateTime<Utc>>) -> bool {
        matches!((self.start, reach), (Some(start), Some(reach)) if reach < start)
    }
}

/// The rows of a date range kept as its pages are read, newest first (for the table and for
/// an export alike).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RangeRows {
    pub events: Vec<AuditEvent>,
    /// Rows sent that could not be read, repeated a row kept, or had no readable time to
    /// place them in a bounded range: counted, never silently left out.
    pub skipped: usize,
    ids: HashSet<String>,
    /// The millisecond a time cursor reads on from (see [`RangeRows::read_on_from`]): its
    /// rows come again, and those kept already are not repeats.
    seam: Option<i64>,
}

impl RangeRows {
    /// Keeps the rows of a page that are in `bounds` and `wanted`, each id once (pages may
    /// overlap where rows share a cursor's time); `unreadable` is how many the page could
    /// not read. Returns how far back the page reaches ([`page_reach`]), which says whether
    /// older pages can still hold rows in range.
    pub fn add_page(
        &mut self,
        bounds: &Bounds,
        page: Vec<AuditEvent>,
        unreadable: usize,
        wanted: impl Fn(&AuditEvent) -> bool,
    ) -> Option<DateTime<Utc>> {
        self.skipped += unreadable;
        let reach = page_reach(&page);
        // Not wanted first: a row the filters leave out is not one skipped, dated or not.
        for event in page.into_iter().filter(|event| wanted(event)) {
            if !bounds.contains(event.occurred_at) {
                self.skipped += usize::from(event.occurred_at.is_none());
            } else if self.ids.insert(event.id.clone()) {
                self.events.push(event);
            } else if event.occurred_at.map(|time| time.timestamp_millis()) != self.seam {
                self.skipped += 1;
            }
        }
        reach
    }

    /// The time cursor (rows strictly older are sent) to read on with after a page that
    /// ended at the millisecond `last`, read with the cursor `used`: just after `last`, since
    /// rows sharing it may not all have fit in the page; those that did come again and are
    /// not counted twice. At `last` itself when a page held nothing older, as it would
    /// otherwise come again whole (the rest of that millisecond is then not read: a time
    /// cursor cannot name a place inside one).
    pub fn read_on_from(&mut self, last: i64, used: Option<i64>) -> i64 {
        let after_last = last.saturating_add(1);
        if used.is_some_and(|used| after_last >= used) {
            self.seam = None;
            return last;
        }
        self.seam = Some(last);
        after_last
    }
}

/// How far the reading of a date range has got, shown while older pages are read.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Reading {
    pub pages: usize,
    /// Rows kept so far: in range, each id once.
    pub in_range: usize,
    /// How far back the pages read reach ([`page_reach`]).
    pub reached: Option<DateTime<Utc>>,
}

impl Reading {
    /// One more page read, after which `in_range` rows are kept.
    pub fn add_page(&mut self, in_range: usize, reach: Option<DateTime<Utc>>) {
        self.pages += 1;
        self.in_range = in_range;
        self.reached = self.reached.into_iter().chain(reach).min();
    }

    /// "Read 3 pages so far: 2,841 events in this range, back to Mar 1, 2026, …"
    pub fn summary(&self, write_time: impl Fn(DateTime<Utc>) -> String) -> String {
        let back_to = self
            .reached
            .map(|time| format!(", back to {}", write_time(time)))
            .unwrap_or_default();
        format!(
            "Read {} so far: {} in this range{back_to}. Reading older pages…",
            count(self.pages as u64, "page"),
            count(self.in_range as u64, "event"),
        )
    }
}

/// Why older events may exist that are not shown. `E` is how a page after the first failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CutShort<E> {
    /// A full page came back without a cursor: older events cannot be paged to.
    NoCursor,
    /// A date range's reading stopped at [`MAX_RANGE_PAGES`] before reaching its start.
    PageLimit,
    /// A date range's next cursor was one already followed: reading on would loop.
    CursorRepeated,
    /// The admin stopped a date range's reading before it reached the range's start.
    Stopped,
    /// A date range's page after the first failed: the pages before it are kept.
    Failed(E),
}

impl<E> CutShort<E> {
    /// Said after the count of the events shown.
    pub fn explanation(&self) -> String {
        let not_shown = "before the start of this range, so its older events are not shown.";
        match self {
            Self::NoCursor => "The backend sent no cursor for older events, so older events may exist.".to_owned(),
            Self::CursorRepeated => "The backend sent a cursor for older events that it had sent before, so older events may exist.".to_owned(),
            Self::Stopped => format!("Reading was stopped {not_shown}"),
            Self::Failed(_) => format!("Reading an older page failed {not_shown}"),
            Self::PageLimit => format!(
                "Reading stopped at {} {not_shown} A shorter range, or a filter by action, actor or organization, reaches further back; Export saves the whole range.",
                count((MAX_RANGE_PAGES * RANGE_PAGE_SIZE as usize) as u64, "event"),
            ),
        }
    }
}

/// A date range read page by page, newest first: the rows kept, how far the reading has
/// got, and the cursors it has followed.
#[derive(Debug, Default)]
pub struct RangeReader {
    pub rows: RangeRows,
    pub reading: Reading,
    followed: HashSet<String>,
}

impl RangeReader {
    /// Keeps the rows of a page of [`RANGE_PAGE_SIZE`] asked for that are in `bounds`, and
    /// gives the cursor of the older page to read next, or why the reading ends there:
    /// `None` at the range's start or the log's end, else what may be left unread. A time
    /// cursor (`by_time`) comes again when a millisecond holds more than a page, so it is
    /// not held to being new: the reading checks that it goes older as it follows it.
    pub fn add_page<E>(
        &mut self,
        bounds: &Bounds,
        page: EventPage,
        by_time: bool,
    ) -> Result<String, Option<CutShort<E>>> {
        let full_page = page.rows_sent() as u32 >= RANGE_PAGE_SIZE;
        let reach = self
            .rows
            .add_page(bounds, page.events, page.skipped, |_| true);
        if bounds.passed_start(reach) {
            return Err(None);
        }
        self.reading.add_page(self.rows.events.len(), reach);
        match page.after {
            None => Err(full_page.then_some(CutShort::NoCursor)),
            // A cursor sent before would read the same pages again, not older ones.
            Some(cursor) if !by_time && !self.followed.insert(cursor.clone()) => {
                Err(Some(CutShort::CursorRepeated))
            }
            Some(_) if self.reading.pages >= MAX_RANGE_PAGES => Err(Some(CutShort::PageLimit)),
            Some(cursor) => Ok(cursor),
        }
    }

    /// Whether every page read is newer than the range: none of its rows reached yet, which
    /// a time cursor could jump to.
    pub fn before_range(&self, bounds: &Bounds) -> bool {
        (bounds.end).is_some_and(|end| self.reading.reached.is_some_and(|reached| reached > end))
    }

    /// The export endpoint's time cursor (rows strictly older are sent) to read on from: the
    /// range's end while no page has reached it, else just after the oldest time read, so
    /// that rows sharing its millisecond are not lost (those read already are not counted
    /// again). `None` before any readable time.
    pub fn time_cursor(&mut self, bounds: &Bounds) -> Option<i64> {
        let from = match bounds.end {
            Some(end) if self.before_range(bounds) => end,
            _ => self.reading.reached?,
        };
        Some(self.rows.read_on_from(from.timestamp_millis(), None))
    }
}

/// When a local day begins. Where a DST change skips midnight, at the first hour that
/// exists; where a zone skipped the whole day (Samoa's 2011-12-30), where the next began.
pub fn local_midnight<Tz: TimeZone>(day: NaiveDate, tz: &Tz) -> Option<DateTime<Utc>> {
    let first_hour = |day: NaiveDate| {
        (0..24).find_map(|hour| {
            let wanted = day.and_hms_opt(hour, 0, 0)?;
            let start = tz.from_local_datetime(&wanted).earliest()?;
            // In the browser, chrono's `Local` gives a time that does not exist the offset
            // after the change rather than none, which lands an hour before it, on the day
            // before: a time counts only when it reads back as the one asked for.
            let exists = start.with_timezone(tz).naive_local() == wanted;
            exists.then(|| start.with_timezone(&Utc))
        })
    };
    first_hour(day).or_else(|| first_hour(day.succ_opt()?))
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::domain::event::normalize_event;
    use chrono::{FixedOffset, MappedLocalTime, NaiveDateTime};

    fn event(id: &str, time: serde_json::Value) -> AuditEvent {
        normalize_event(
            &serde_json::json!({ "id": id, "action": "user.created", "occurredAt": time }),
        )
        .unwrap()
    }

    #[test]
    fn range_rows_keep_each_row_in_range_once_and_count_what_they_leave_out() {
        let bounds = Bounds {
            start: Some(utc("2026-03-08T00:00:00Z")),
            end: Some(utc("2026-03-09T23:59:59.999Z")),
        };
        let mut rows = RangeRows::default();
        let newest = vec![
            event("after", "2026-03-10T01:00:00Z".into()),
            event("in", "2026-03-09T12:00:00Z".into()),
            event("undated", "soon".into()),
            event("unwanted", "2026-03-09T11:00:00Z".into()),
            event("unwanted", "soon".into()),
        ];
        let reach = rows.add_page(&bounds, newest, 2, |event| event.id != "unwanted");
        assert_eq!(reach, Some(utc("2026-03-09T11:00:00Z")));
        assert!(!bounds.passed_start(reach));
        // The next page repeats a row kept where the two pages meet.
        let older = vec![
            event("in", "2026-03-09T12:00:00Z".into()),
            event("first", "2026-03-08T00:00:00Z".into()),
            event("before", "2026-03-07T23:59:59Z".into()),
        ];
        let reach = rows.add_page(&bounds, older, 0, |_| true);
        assert!(bounds.passed_start(reach));
        let ids: Vec<&str> = rows.events.iter().map(|event| event.id.as_str()).collect();
        assert_eq!(ids, ["in", "first"]);
        // Two unreadable, one undated, one repeated; rows outside the range or not wanted
        // are not skipped, only not kept.
        assert_eq!(rows.skipped, 4);
        // A page whose first row is out of order, dated before the range, reaches back only
        // as far as its last: older pages may still hold rows in range.
        let misordered = vec![
            event("odd", "2026-01-20T00:00:00Z".into()),
            event("late", "2026-03-09T10:00:00Z".into()),
        ];
        let mut rows = RangeRows::default();
        let reach = rows.add_page(&bounds, misordered, 0, |_| true);
        assert_eq!(reach, Some(utc("2026-03-09T10:00:00Z")));
        assert!(!bounds.passed_start(reach));
    }

    /// A page of events at `time`, as many as a range asks for when `full`, with the cursor
    /// `after`.
    fn page(first_id: usize, time: &str, full: bool, after: Option<&str>) -> EventPage {
        let rows = if full { RANGE_PAGE_SIZE as usize } else { 3 };
        EventPage {
            events: (first_id..first_id + rows)
                .map(|id| event(&format!("e{id}"), time.into()))
                .collect(),
            skipped: 0,
            before: None,
            after: after.map(str::to_owned),
        }
    }

    #[test]
    fn a_range_reads_on_until_its_start_or_the_log_s_end() {
        let bounds = Bounds {
            start: Some(utc("2026-03-08T00:00:00Z")),
            end: None,
        };
        let mut reader = RangeReader::default();
        let next = reader.add_page::<()>(
            &bounds,
            page(0, "2026-03-09T00:00:00Z", true, Some("c1")),
            false,
        );
        assert_eq!(next, Ok("c1".to_owned()));
        assert_eq!(reader.reading.pages, 1);
        // A page that reaches past the start ends the reading, its cursor unneeded.
        let next = reader.add_page::<()>(
            &bounds,
            page(1000, "2026-03-07T00:00:00Z", true, Some("c2")),
            false,
        );
        assert_eq!(next, Err(None));
        assert_eq!(reader.rows.events.len(), 1000);

        let mut reader = RangeReader::default();
        let short = page(0, "2026-03-09T00:00:00Z", false, None);
        assert_eq!(
            reader.add_page::<()>(&bounds, short, false),
            Err(None),
            "the log's end"
        );
    }

    #[test]
    fn a_range_that_ends_before_the_pages_read_can_be_jumped_to() {
        let past_day = Bounds {
            start: Some(utc("2026-03-01T00:00:00Z")),
            end: Some(utc("2026-03-01T23:59:59.999Z")),
        };
        let mut reader = RangeReader::default();
        assert!(!reader.before_range(&past_day), "nothing read yet");
        let newer = page(0, "2026-03-09T00:00:00Z", false, Some("c1"));
        assert!(reader.add_page::<()>(&past_day, newer, false).is_ok());
        assert!(reader.before_range(&past_day));
        let reaching_in = page(3, "2026-03-01T12:00:00Z", false, Some("c2"));
        assert!(reader.add_page::<()>(&past_day, reaching_in, false).is_ok());
        assert!(!reader.before_range(&past_day));
        // A range up to now has nothing newer to jump over.
        let mut reader = RangeReader::default();
        let open = Bounds {
            end: None,
            ..past_day
        };
        assert!(reader
            .add_page::<()>(
                &open,
                page(0, "2026-03-09T00:00:00Z", false, Some("c1")),
                false
            )
            .is_ok());
        assert!(!reader.before_range(&open));
    }

    #[test]
    fn a_time_cursor_reads_on_from_the_ranges_end_or_the_oldest_time_read() {
        let bounds = Bounds {
            start: Some(utc("2026-03-01T00:00:00Z")),
            end: Some(utc("2026-03-05T23:59:59.999Z")),
        };
        let ms = |iso: &str| utc(iso).timestamp_millis();
        let mut reader = RangeReader::default();
        assert_eq!(reader.time_cursor(&bounds), None, "no time read yet");
        let newer = page(0, "2026-03-09T00:00:00Z", false, Some("c1"));
        assert!(reader.add_page::<()>(&bounds, newer, false).is_ok());
        assert_eq!(
            reader.time_cursor(&bounds),
            Some(ms("2026-03-06T00:00:00Z"))
        );

        // A full page without a cursor, inside the range: on from just after its oldest time.
        let mut reader = RangeReader::default();
        let stuck = page(0, "2026-03-04T00:00:00Z", true, None);
        assert_eq!(
            reader.add_page::<()>(&bounds, stuck, false),
            Err(Some(CutShort::NoCursor))
        );
        assert_eq!(
            reader.time_cursor(&bounds),
            Some(ms("2026-03-04T00:00:00Z") + 1)
        );
        // The next page brings the rows of that millisecond again, and older ones: those
        // read are neither kept twice nor counted as repeats.
        let mut on = page(999, "2026-03-04T00:00:00Z", false, Some("1"));
        on.events
            .push(event("older", "2026-03-03T00:00:00Z".into()));
        assert!(reader.add_page::<()>(&bounds, on, false).is_ok());
        assert_eq!(
            reader.rows.events.len(),
            1000 + 2 + 1,
            "e1000, e1001 and older"
        );
        assert_eq!(reader.rows.skipped, 0);
    }

    #[test]
    fn a_range_says_why_its_reading_stopped_short_of_its_start() {
        let bounds = Bounds::default();
        let at = "2026-03-09T00:00:00Z";
        let mut reader = RangeReader::default();
        let full_without_cursor = page(0, at, true, None);
        assert_eq!(
            reader.add_page::<()>(&bounds, full_without_cursor, false),
            Err(Some(CutShort::NoCursor))
        );

        let mut reader = RangeReader::default();
        assert!(reader
            .add_page::<()>(&bounds, page(0, at, true, Some("c1")), false)
            .is_ok());
        assert_eq!(
            reader.add_page::<()>(&bounds, page(1000, at, true, Some("c1")), false),
            Err(Some(CutShort::CursorRepeated))
        );

        let mut reader = RangeReader::default();
        for n in 1..MAX_RANGE_PAGES {
            let next = reader.add_page::<()>(
                &bounds,
                page(n * 1000, at, true, Some(&format!("c{n}"))),
                false,
            );
            assert_eq!(next, Ok(format!("c{n}")));
        }
        let last = page(MAX_RANGE_PAGES * 1000, at, true, Some("more"));
        assert_eq!(
            reader.add_page::<()>(&bounds, last, false),
            Err(Some(CutShort::PageLimit))
        );
        assert_eq!(reader.rows.events.len(), 20_000);
    }

    #[test]
    fn each_reason_to_stop_short_is_explained() {
        let limit: CutShort<()> = CutShort::PageLimit;
        assert_eq!(
            limit.explanation(),
            "Reading stopped at 20,000 events before the start of this range, so its older events are not shown. A shorter range, or a filter by action, actor or organization, reaches further back; Export saves the whole range."
        );
        assert_eq!(
            CutShort::Failed("timeout").explanation(),
            "Reading an older page failed before the start of this range, so its older events are not shown."
        );
        assert_eq!(
            CutShort::<()>::NoCursor.explanation(),
            "The backend sent no cursor for older events, so older events may exist."
        );
    }

    #[test]
    fn an_open_range_keeps_undated_rows() {
        let mut rows = RangeRows::default();
        rows.add_page(
            &Bounds::default(),
            vec![event("undated", "soon".into())],
            0,
            |_| true,
        );
        assert_eq!((rows.events.len(), rows.skipped), (1, 0));
    }

    fn utc(iso: &str) -> DateTime<Utc> {
        iso.parse().unwrap()
    }

    fn day(iso: &str) -> Option<NaiveDate> {
        Some(iso.parse().unwrap())
    }

    #[test]
    fn entered_days_replace_a_preset_and_untouched_inputs_keep_it() {
        let week = DateRange {
            preset: Some(Preset::Week),
            ..DateRange::default()
        };
        assert_eq!(week.with_days(None, None), week);
        let from = day("2026-03-01");
        let days = week.with_days(from, None);
        assert_eq!((days.preset, days.from, days.to), (None, from, None));
        // Emptied inputs clear the days.
        assert_eq!(days.with_days(None, None), DateRange::default());
    }

    #[test]
    fn a_bar_narrows_to_its_days_unless_they_are_the_range_already() {
        let (first, last) = (day("2026-03-07").unwrap(), day("2026-03-08").unwrap());
        let days = DateRange {
            from: Some(first),
            to: Some(last),
            ..DateRange::default()
        };
        assert_eq!(DateRange::default().narrowed_to(first, last), Some(days));
        let last_24_hours = DateRange {
            preset: Some(Preset::Day),
            ..DateRange::default()
        };
        assert_eq!(last_24_hours.narrowed_to(first, last), Some(days));
        assert_eq!(days.narrowed_to(first, last), None);
        assert_eq!(
            days.narrowed_to(first, first).map(|range| range.to),
            Some(Some(first))
        );
    }

    #[test]
    fn whole_days_include_all_of_to() {
        let range = DateRange {
            from: day("2026-03-01"),
            to: day("2026-03-02"),
            ..DateRange::default()
        };
        let bounds = range.bounds(utc("2026-03-10T00:00:00Z"), &Utc);
        assert_eq!(bounds.start, Some(utc("2026-03-01T00:00:00Z")));
        assert_eq!(bounds.end, Some(utc("2026-03-02T23:59:59.999Z")));
        assert!(bounds.contains(Some(utc("2026-03-02T23:59:59.999Z"))));
        // Within its last millisecond too, as an ISO time with microseconds may be.
        assert!(bounds.contains(Some(utc("2026-03-02T23:59:59.999500Z"))));
        assert!(!bounds.contains(Some(utc("2026-03-03T00:00:00Z"))));
        assert!(!bounds.contains(Some(utc("2026-02-28T23:59:59.999Z"))));
        assert!(!bounds.contains(None));
        assert!(Bounds::default().contains(None));
        assert!(Bounds::default().contains(Some(utc("1969-01-01T00:00:00Z"))));
    }

    #[test]
    fn days_are_local_to_the_given_time_zone() {
        let paris = FixedOffset::east_opt(3600).unwrap();
        let range = DateRange {
            from: day("2026-03-01"),
            to: day("2026-03-01"),
            ..DateRange::default()
        };
        let bounds = range.bounds(utc("2026-03-10T00:00:00Z"), &paris);
        assert_eq!(bounds.start, Some(utc("2026-02-28T23:00:00Z")));
        assert_eq!(bounds.end, Some(utc("2026-03-01T22:59:59.999Z")));
    }

    /// A zone whose clocks jump ahead once, at the instant `at`, from `before` to `after`
    /// hours east of UTC, so that the local times between do not exist. `like_a_browser`
    /// gives them the offset after the change, as chrono's `Local` does in wasm, where
    /// natively chrono says they do not exist.
    #[derive(Clone, Copy)]
    pub(crate) struct SkipsAhead {
        at: &'static str,
        before: i32,
        after: i32,
        like_a_browser: bool,
    }

    impl SkipsAhead {
        /// As Havana does, from 00:00 to 01:00 at the start of 2026-03-08 (UTC-5 to UTC-4):
        /// that day has no midnight.
        pub(crate) fn midnight(like_a_browser: bool) -> Self {
            Self {
                at: "2026-03-08T05:00:00Z",
                before: -5,
                after: -4,
                like_a_browser,
            }
        }

        /// Samoa's 2011: from UTC-10 to UTC+14, skipping Dec 30 whole.
        fn a_day() -> Self {
            Self {
                at: "2011-12-30T10:00:00Z",
                before: -10,
                after: 14,
                like_a_browser: false,
            }
        }

        fn offset(hours: i32) -> FixedOffset {
            FixedOffset::east_opt(hours * 3600).unwrap()
        }
    }

    impl TimeZone for SkipsAhead {
        type Offset = FixedOffset;

        fn from_offset(_: &FixedOffset) -> Self {
            Self::midnight(false)
        }

        fn offset_from_local_date(&self, local: &NaiveDate) -> MappedLocalTime<FixedOffset> {
            self.offset_from_local_datetime(&local.and_hms_opt(12, 0, 0).unwrap())
        }

        fn offset_from_local_datetime(
            &self,
            local: &NaiveDateTime,
        ) -> MappedLocalTime<FixedOffset> {
            let at = utc(self.at).naive_utc();
            let (before, after) = (Self::offset(self.before), Self::offset(self.after));
            if *local < at + before {
                MappedLocalTime::Single(before)
            } else if *local < at + after && !self.like_a_browser {
                MappedLocalTime::None
            } else {
                MappedLocalTime::Single(after)
            }
        }

        fn offset_from_utc_date(&self, utc: &NaiveDate) -> FixedOffset {
            self.offset_from_utc_datetime(&utc.and_hms_opt(0, 0, 0).unwrap())
        }

        fn offset_from_utc_datetime(&self, at: &NaiveDateTime) -> FixedOffset {
            let jumped = *at >= utc(self.at).naive_utc();
            Self::offset(if jumped { self.after } else { self.before })
        }
    }

    #[test]
    fn a_day_whose_midnight_is_skipped_begins_at_its_first_hour() {
        for zone in [SkipsAhead::midnight(false), SkipsAhead::midnight(true)] {
            let one_day = |iso| {
                DateRange::default()
                    .with_days(day(iso), day(iso))
                    .bounds(utc("2026-03-10T00:00:00Z"), &zone)
            };
            let bounds = one_day("2026-03-08");
            // 01:00 at UTC-4, the moment 00:00 at UTC-5 would have been: no instant is lost.
            assert_eq!(bounds.start, Some(utc("2026-03-08T05:00:00Z")));
            assert_eq!(bounds.end, Some(utc("2026-03-09T03:59:59.999Z")));
            // The day before ends where it begins.
            let bounds = one_day("2026-03-07");
            assert_eq!(bounds.start, Some(utc("2026-03-07T05:00:00Z")));
            assert_eq!(bounds.end, Some(utc("2026-03-08T04:59:59.999Z")));
        }
    }

    #[test]
    fn a_day_a_zone_skipped_whole_closes_a_range_rather_than_opening_it() {
        let one_day = |iso| {
            DateRange::default()
                .with_days(day(iso), day(iso))
                .bounds(utc("2026-03-10T00:00:00Z"), &SkipsAhead::a_day())
        };
        // Dec 29 ends where Dec 31 begins, not now.
        assert_eq!(
            one_day("2011-12-29").end,
            Some(utc("2011-12-30T09:59:59.999Z"))
        );
        // Dec 30 holds no instant, rather than every one before Dec 31.
        let skipped = one_day("2011-12-30");
        assert!(!skipped.contains(Some(utc("2011-01-01T00:00:00Z"))));
        assert!(!skipped.contains(Some(utc("2011-12-30T10:00:00Z"))));
    }

    #[test]
    fn open_ends_and_presets() {
        let now = utc("2026-03-10T12:00:00Z");
        let from_only = DateRange {
            from: day("2026-03-09"),
            ..DateRange::default()
        };
        assert!(from_only
            .bounds(now, &Utc)
            .contains(Some(utc("2030-01-01T00:00:00Z"))));
        let day_preset = DateRange {
            preset: Some(Preset::Day),
            ..DateRange::default()
        };
        let bounds = day_preset.bounds(now, &Utc);
        assert_eq!(bounds.start, Some(utc("2026-03-09T12:00:00Z")));
        assert!(bounds.contains(Some(now)));
        let week = DateRange {
            preset: Some(Preset::Week),
            ..DateRange::default()
        }
        .bounds(now, &Utc);
        assert_eq!(week.start, Some(utc("2026-03-03T12:00:00Z")));
        let month = DateRange {
            preset: Some(Preset::Month),
            ..DateRange::default()
        }
        .bounds(now, &Utc);
        assert_eq!(month.start, Some(utc("2026-02-08T12:00:00Z")));
        assert_eq!(DateRange::default().bounds(now, &Utc), Bounds::default());
    }

    #[test]
    fn presets_round_trip_through_their_url_value() {
        for preset in Preset::ALL {
            assert_eq!(Preset::parse(preset.as_str()), Some(preset));
        }
        assert_eq!(Preset::parse("1y"), None);
    }

    #[test]
    fn reading_counts_pages_and_rows_and_reaches_the_oldest_time() {
        let mut reading = Reading::default();
        reading.add_page(1000, Some(utc("2026-03-09T08:00:00Z")));
        reading.add_page(1000, None);
        reading.add_page(1841, Some(utc("2026-03-08T14:05:09Z")));
        assert_eq!(
            reading,
            Reading {
                pages: 3,
                in_range: 1841,
                reached: Some(utc("2026-03-08T14:05:09Z")),
            }
        );
        let summary = reading.summary(|time| time.to_rfc3339());
        assert_eq!(
            summary,
            "Read 3 pages so far: 1,841 events in this range, back to 2026-03-08T14:05:09+00:00. Reading older pages…"
        );
        let mut unreadable = Reading::default();
        unreadable.add_page(0, None);
        assert_eq!(
            unreadable.summary(|_| unreachable!()),
            "Read 1 page so far: 0 events in this range. Reading older pages…"
        );
    }

    #[test]
    fn paging_stops_once_rows_are_older_than_the_start() {
        let bounds = Bounds {
            start: Some(utc("2026-03-01T00:00:00Z")),
            end: None,
        };
        assert!(!bounds.passed_start(Some(utc("2026-03-01T00:00:00Z"))));
        assert!(bounds.passed_start(Some(utc("2026-02-28T23:59:59Z"))));
        assert!(!bounds.passed_start(None));
        assert!(!Bounds::default().passed_start(Some(utc("1970-01-01T00:00:00Z"))));
    }

    /// A page of `rows` (id, epoch ms; newest first) as the reference server's export sends
    /// it: strictly older than `cursor`, a page extended with the rest of its last
    /// millisecond, and that millisecond as the next cursor while older rows exist.
    fn exported_page(rows: &[(String, i64)], cursor: i64) -> EventPage {
        let older: Vec<_> = rows.iter().filter(|(_, at)| *at < cursor).collect();
        let limit = RANGE_PAGE_SIZE as usize;
        let last = older.get(limit - 1).map(|(_, at)| *at);
        let page: Vec<_> = (older.iter().enumerate())
            .take_while(|(index, (_, at))| *index < limit || Some(*at) == last)
            .map(|(_, row)| row)
            .collect();
        let next = (page.last())
            .map(|(_, at)| *at)
            .filter(|last| rows.iter().any(|(_, at)| at < last));
        EventPage {
            events: (page.iter())
                .map(|(id, at)| event(id, serde_json::json!(at)))
                .collect(),
            after: next.map(|next| next.to_string()),
            ..EventPage::default()
        }
    }

    #[test]
    fn a_millisecond_holding_more_than_a_page_does_not_stop_a_reading_by_time() {
        // A full list page without a cursor, then, read on by time, a bulk import of 1,500
        // rows sharing one millisecond, and one older row.
        let mut rows: Vec<(String, i64)> =
            (0..1000).map(|n| (format!("l{n}"), 9_000 - n)).collect();
        rows.extend((0..1500).map(|n| (format!("bulk{n}"), 5_000)));
        rows.push(("old".to_owned(), 1_000));
        let open = Bounds::default();
        let mut reader = RangeReader::default();
        let listed = EventPage {
            events: (rows[..1000].iter())
                .map(|(id, at)| event(id, serde_json::json!(at)))
                .collect(),
            ..EventPage::default()
        };
        let ended = reader.add_page::<()>(&open, listed, false);
        assert_eq!(ended, Err(Some(CutShort::NoCursor)));
        let mut cursor = reader.time_cursor(&open).unwrap();
        let why = loop {
            match reader.add_page::<()>(&open, exported_page(&rows, cursor), true) {
                Ok(next) => match next.parse().ok().filter(|next| cursor > *next) {
                    Some(next) => cursor = reader.rows.read_on_from(next, Some(cursor)),
                    None => break Some(CutShort::CursorRepeated),
                },
                Err(why) => break why,
            }
        };
        assert_eq!(why, None, "read to the log's end");
        assert_eq!((reader.rows.events.len(), reader.rows.skipped), (2501, 0));
    }

    #[test]
    fn a_reversed_range_is_reported() {
        let reversed = DateRange {
            from: day("2026-03-05"),
            to: day("2026-03-01"),
            ..DateRange::default()
        };
        assert!(reversed.is_reversed());
        assert!(!DateRange {
            from: day("2026-03-01"),
            ..DateRange::default()
        }
        .is_reversed());
        // One day, From and To the same: a range, not a reversed one.
        assert!(!DateRange {
            from: day("2026-03-01"),
            to: day("2026-03-01"),
            ..DateRange::default()
        }
        .is_reversed());
    }
}
