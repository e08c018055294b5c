//! What the list endpoint is asked, and the Audit Logs page state that lives in the URL.

use super::event::{AuditEvent, EventPage};
use super::export::first_cursor;
use super::range::{Bounds, CutShort, DateRange, Preset, RANGE_PAGE_SIZE};
use super::route::Route;
use super::scan::ObjectWriter;
use super::search::{matches, Direction, SortKey};
use super::time::{long_day, parse_day};
use chrono::{DateTime, NaiveDate, Utc};

/// Body of `POST …/audit-logs/list`. Unset fields are left out of the JSON: the backend
/// matches an empty string literally, so `"action": ""` would return nothing.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ListRequest {
    pub organization_id: Option<String>,
    pub action: Option<String>,
    pub actor_id: Option<String>,
    pub limit: Option<u32>,
    pub after: Option<String>,
    pub before: Option<String>,
    pub project_id: Option<String>,
}

impl ListRequest {
    pub fn to_json(&self) -> String {
        let mut body = ObjectWriter::default();
        body.text("organizationId", self.organization_id.as_deref());
        body.text("action", self.action.as_deref());
        body.text("actorId", self.actor_id.as_deref());
        body.number("limit", self.limit.map(i64::from));
        body.text("after", self.after.as_deref());
        body.text("before", self.before.as_deref());
        body.text("projectId", self.project_id.as_deref());
        body.end()
    }

    /// Whether a first page leaves older events that cannot be paged to: as many rows as
    /// were asked for, and no cursor for older ones.
    pub fn cut_short<E>(&self, page: &EventPage) -> Option<CutShort<E>> {
        let full_page = (self.limit).is_some_and(|limit| page.rows_sent() as u32 >= limit);
        let first_page = self.after.is_none() && self.before.is_none();
        (full_page && first_page && page.after.is_none()).then_some(CutShort::NoCursor)
    }
}

/// Body of `POST …/audit-logs/export`. Dates and the cursor are epoch milliseconds.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ExportRequest {
    pub organization_id: Option<String>,
    pub action: Option<String>,
    pub format: &'static str,
    pub start_date: Option<i64>,
    pub end_date: Option<i64>,
    pub limit: Option<u32>,
    pub cursor: Option<i64>,
    pub project_id: Option<String>,
}

impl ExportRequest {
    pub fn to_json(&self) -> String {
        let mut body = ObjectWriter::default();
        body.text("organizationId", self.organization_id.as_deref());
        body.text("action", self.action.as_deref());
        body.text("format", Some(self.format));
        body.number("startDate", self.start_date);
        body.number("endDate", self.end_date);
        body.number("limit", self.limit.map(i64::from));
        body.number("cursor", self.cursor);
        body.text("projectId", self.project_id.as_deref());
        body.end()
    }

    /// The first page of a date range's events: from its end (the cursor is a time, so the
    /// export endpoint starts there, where the list endpoint starts at the newest event),
    /// filtered by organization and action as `filters` asks.
    pub fn for_range(
        filters: &ListRequest,
        bounds: &Bounds,
        format: &'static str,
        project_id: Option<String>,
    ) -> Self {
        let millis = |time: Option<DateTime<Utc>>| time.map(|time| time.timestamp_millis());
        Self {
            organization_id: filters.organization_id.clone(),
            action: filters.action.clone(),
            format,
            start_date: millis(bounds.start),
            end_date: millis(bounds.end),
            limit: Some(RANGE_PAGE_SIZE),
            cursor: first_cursor(millis(bounds.end)),
            project_id,
        }
    }
}

/// Why the events table shows no rows: each has its own empty state.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoRows {
    /// An older page is empty, while earlier pages had events: only this page is.
    PageEmpty,
    /// Nothing was recorded, as far as an unfiltered first page says.
    LogEmpty,
    /// Filters, a date range or a search leave nothing; `hint` says what to do about it.
    NoMatch { hint: &'static str },
    /// Rows came, and none could be read (the note under the table counts them).
    Unreadable,
}

/// Page sizes offered on the Audit Logs page.
pub const PAGE_SIZES: [u32; 3] = [25, 50, 100];
const DEFAULT_PAGE_SIZE: u32 = 50;

/// The Audit Logs page state, read from and written to the query string so that reloads
/// and shared links restore it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditQuery {
    pub action: Option<String>,
    pub actor_id: Option<String>,
    pub organization_id: Option<String>,
    pub after: Option<String>,
    pub before: Option<String>,
    pub page_size: u32,
    /// The event whose details are open.
    pub event: Option<String>,
    pub range: DateRange,
    /// Client-side search over the loaded rows.
    pub search: Option<String>,
    pub sort: SortKey,
    pub direction: Direction,
    /// The `after` cursors of the pages before this one ("" for the first page), so that
    /// Previous works against a backend that sends no `before` cursor.
    pub trail: Vec<String>,
}

impl Default for AuditQuery {
    fn default() -> Self {
        Self {
            action: None,
            actor_id: None,
            organization_id: None,
            after: None,
            before: None,
            page_size: DEFAULT_PAGE_SIZE,
            event: None,
            range: DateRange::default(),
            search: None,
            sort: SortKey::default(),
            direction: Direction::default(),
            trail: Vec::new(),
        }
    }
}

impl AuditQuery {
    /// Reads the state from a query string (with or without `?`), decoded once, as
    /// `to_query_string` encoded it, with the names of the settings whose value it could
    /// not read (left at their defaults). Unknown keys are ignored: a host page may add its
    /// own.
    pub fn from_query_string(query: &str) -> (Self, Vec<&'static str>) {
        let query = query.strip_prefix('?').unwrap_or(query);
        let params: Vec<(String, String)> = form_urlencoded::parse(query.as_bytes())
            .into_owned()
            .collect();
        let get_all = |key: &str| -> Vec<String> {
            (params.iter())
                .filter(|(name, _)| name == key)
                .map(|(_, value)| value.clone())
                .collect()
        };
        let get = |key| get_all(key).pop();
        let field = |key| get(key).and_then(non_empty);
        // Cursors and ids are the backend's, sent back exactly as they came (a blank one is
        // none, as in a response).
        let opaque = |key| get(key).filter(|value| !value.trim().is_empty());
        // A shared link that lost its range or page size would show other events without
        // saying so: a value that is there but cannot be read is named.
        let mut unreadable = Vec::new();
        let size = |size: &str| size.parse().ok().filter(|size| PAGE_SIZES.contains(size));
        let page_size = noted(field("size"), size, "Page size", &mut unreadable);
        let preset = noted(field("range"), Preset::parse, "Date range", &mut unreadable);
        // A preset wins over dates, so a link never holds two ranges at once; the dates it
        // drops are named, as the page shows another range than they say.
        let range = match preset {
            Some(preset) => {
                for (key, label) in [("from", "From"), ("to", "To")] {
                    if field(key).is_some() {
                        unreadable.push(label);
                    }
                }
                DateRange {
                    preset: Some(preset),
                    ..DateRange::default()
                }
            }
            None => DateRange {
                preset: None,
                from: noted(field("from"), parse_day, "From", &mut unreadable),
                to: noted(field("to"), parse_day, "To", &mut unreadable),
            },
        };
        let sort = noted(field("sort"), SortKey::parse, "Sort", &mut unreadable);
        let direction = noted(
            field("dir"),
            Direction::parse,
            "Sort direction",
            &mut unreadable,
        );
        let query = Self {
            action: field("action"),
            actor_id: field("actor"),
            organization_id: field("org"),
            after: opaque("after"),
            before: opaque("before"),
            page_size: page_size.unwrap_or(DEFAULT_PAGE_SIZE),
            event: opaque("event"),
            range,
            search: get("q").filter(|q| !q.trim().is_empty()),
            sort: sort.unwrap_or_default(),
            direction: direction.unwrap_or_default(),
            trail: get_all("trail"),
        };
        (query, unreadable)
    }

    /// The query string (without `?`) holding this state; defaults are left out.
    pub fn to_query_string(&self) -> String {
        let mut query = form_urlencoded::Serializer::new(String::new());
        let day = |day: Option<NaiveDate>| day.map(|day| day.to_string());
        let fields = [
            ("action", self.action.clone()),
            ("actor", self.actor_id.clone()),
            ("org", self.organization_id.clone()),
            (
                "range",
                self.range.preset.map(|preset| preset.as_str().to_owned()),
            ),
            ("from", day(self.range.from)),
            ("to", day(self.range.to)),
            ("q", self.search.clone()),
            (
                "sort",
                (self.sort != SortKey::default()).then(|| self.sort.as_str().to_owned()),
            ),
            (
                "dir",
                (self.direction != Direction::default())
                    .then(|| self.direction.as_str().to_owned()),
            ),
            ("after", self.after.clone()),
            ("before", self.before.clone()),
            ("event", self.event.clone()),
        ];
        for (key, value) in fields {
            if let Some(value) = value {
                query.append_pair(key, &value);
            }
        }
        if self.page_size != DEFAULT_PAGE_SIZE {
            query.append_pair("size", &self.page_size.to_string());
        }
        for cursor in &self.trail {
            query.append_pair("trail", cursor);
        }
        query.finish()
    }

    pub fn list_request(&self) -> ListRequest {
        ListRequest {
            organization_id: self.organization_id.clone(),
            action: self.action.clone(),
            actor_id: self.actor_id.clone(),
            limit: Some(self.page_size),
            after: self.after.clone(),
            before: self.before.clone(),
            project_id: None,
        }
    }

    /// Whether the page would show `event`, for the rows of the export endpoint, which
    /// filters by organization and action only: the actor (matched exactly, as the list
    /// endpoint matches it) and the search are applied here.
    pub fn shows(&self, event: &AuditEvent) -> bool {
        (self.actor_id.as_ref()).is_none_or(|actor| event.actor.id.as_ref() == Some(actor))
            && matches(event, self.search.as_deref().unwrap_or_default())
    }

    /// Whether the page is one the backend's cursor leads to, rather than the newest (a date
    /// range reads from its end, whatever cursor the link holds).
    pub fn at_cursor(&self) -> bool {
        !self.range.is_set() && (self.after.is_some() || self.before.is_some())
    }

    /// The same filters on their first page: any change of filter restarts paging.
    pub fn first_page(&self) -> Self {
        Self {
            after: None,
            before: None,
            event: None,
            trail: Vec::new(),
            ..self.clone()
        }
    }

    /// What an export of this view saves: its filters, search and date range, whichever
    /// page, sort or event is open.
    pub fn export_view(&self) -> Self {
        Self {
            action: self.action.clone(),
            actor_id: self.actor_id.clone(),
            organization_id: self.organization_id.clone(),
            range: self.range,
            search: self.search.clone(),
            ..Self::default()
        }
    }

    /// The older page at the backend's `after` cursor, remembering how to come back.
    pub fn next_page(&self, after: String) -> Self {
        let mut trail = self.trail.clone();
        trail.push(self.after.clone().unwrap_or_default());
        Self {
            after: Some(after),
            trail,
            ..self.first_page()
        }
    }

    /// The newer page: the first page when this one was reached from it (the newest
    /// events, as Next left them, at the page's plain address), else the backend's `before`
    /// cursor when it sent one, else the cursor this page was reached from. `None` on the
    /// first page. The trail's first entry alone is the first page: later empty ones are
    /// pages reached by a `before` cursor, which the trail cannot name.
    pub fn previous_page(&self, before: Option<String>) -> Option<Self> {
        let mut trail = self.trail.clone();
        let came_from = trail.pop();
        let (after, before) = match (came_from, before) {
            (Some(first), _) if first.is_empty() && trail.is_empty() => (None, None),
            (_, Some(before)) => (None, Some(before)),
            (Some(after), None) => (Some(after).filter(|after| !after.is_empty()), None),
            (None, None) => return None,
        };
        Some(Self {
            after,
            before,
            trail,
            ..self.first_page()
        })
    }

    /// The Audit Logs address that opens one event's details, under `base`, the router's
    /// base path (`""` at the root). Not relative: from `/notifications/` that would lead
    /// to `/notifications/audit-logs`. `current` is the query string of the page the link is
    /// on: a host page's settings in it stay.
    pub fn event_href(base: &str, id: &str, current: &str) -> String {
        let query = Self {
            event: Some(id.to_owned()),
            ..Self::default()
        };
        Route::AuditLogs.link(base, &query.to_query_string(), current)
    }

    /// A link to an actor's events in the same date range (around the event an admin is
    /// reading), without the other filters and the search, which would hide them; a host
    /// page's settings in `current` stay.
    pub fn actor_events_href(&self, base: &str, actor_id: &str, current: &str) -> String {
        let query = Self {
            actor_id: Some(actor_id.to_owned()),
            range: self.range,
            ..self.without_filters()
        };
        Route::AuditLogs.link(base, &query.to_query_string(), current)
    }

    /// The open event looked for among the last 30 days' events, when a link names an event
    /// that is not on the page it opens (pasted from a ticket, say): a date range reads every
    /// page of its days. The filters and search stay, since the link asked for them too.
    pub fn looking_back(&self) -> Self {
        Self {
            range: DateRange {
                preset: Some(Preset::Month),
                ..DateRange::default()
            },
            event: self.event.clone(),
            ..self.first_page()
        }
    }

    /// Whether anything narrows the rows: server filters, a date range or a search.
    pub fn has_filters(&self) -> bool {
        !self.active_filters().is_empty()
    }

    /// The filters that are set, in the order of their controls, each with the label of
    /// its chip.
    pub fn active_filters(&self) -> Vec<(Filter, String)> {
        Filter::ALL
            .into_iter()
            .filter_map(|filter| Some((filter, self.chip_label(filter)?)))
            .collect()
    }

    fn chip_label(&self, filter: Filter) -> Option<String> {
        let day =
            |day: Option<NaiveDate>, or: &str| day.map_or(or.to_owned(), |day| long_day(&day));
        match filter {
            Filter::Action => self
                .action
                .as_ref()
                .map(|action| format!("Action: {action}")),
            Filter::Actor => self
                .actor_id
                .as_ref()
                .map(|actor| format!("Actor: {actor}")),
            Filter::Organization => (self.organization_id.as_ref())
                .map(|organization| format!("Organization: {organization}")),
            Filter::Range => self.range.is_set().then(|| match self.range.preset {
                Some(preset) => preset.label().to_owned(),
                None => format!(
                    "{} – {}",
                    day(self.range.from, "beginning"),
                    day(self.range.to, "now")
                ),
            }),
            Filter::Search => self
                .search
                .as_ref()
                .map(|search| format!("Search: {search}")),
        }
    }

    /// Why no rows show when `loaded` rows were loaded for this query, and `skipped` rows
    /// of the response could not be read. A date range reads from its end whatever cursor
    /// the URL holds, so its pages are never "this page".
    pub fn no_rows(&self, loaded: usize, skipped: usize, ranged: bool) -> NoRows {
        let paged = !ranged && (self.after.is_some() || self.before.is_some());
        match loaded {
            0 if skipped > 0 => NoRows::Unreadable,
            0 if paged => NoRows::PageEmpty,
            // The search reads only the rows loaded: with none, it left nothing out.
            0 if !self.without(Filter::Search).has_filters() => NoRows::LogEmpty,
            _ if self.range.is_reversed() => NoRows::NoMatch {
                hint: "From is after To, so no day is in this range. Swap them, or clear the filters.",
            },
            // The Actor column shows a name or an email, and the filter takes the id.
            0 if self.actor_id.as_ref().is_some_and(|actor| actor.contains('@')) => NoRows::NoMatch {
                hint: "The Actor filter matches an actor's id, not an email: search for the email instead.",
            },
            0 if self.actor_id.as_ref().is_some_and(|actor| actor.contains(' ')) => NoRows::NoMatch {
                hint: "The Actor filter matches an actor's id, not a name: search for the name instead.",
            },
            // Rows came, and the search, which reads only them, left none: older events are on
            // other pages, which a date range reads too.
            1.. if !ranged && self.search.is_some() => NoRows::NoMatch {
                hint: "The search looks through this page's events only: choose a date range to search every event in it, or see older pages.",
            },
            _ => NoRows::NoMatch {
                hint: "Change or clear the filters to see more.",
            },
        }
    }

    /// Sorted by `key`: the other way when it already sorts by it, else newest or A→Z
    /// first, which is what people look for first.
    pub fn sorted_by(&self, key: SortKey) -> Self {
        let direction = match (self.sort == key, self.direction, key) {
            (true, Direction::Desc, _) | (false, _, SortKey::Action) => Direction::Asc,
            (true, Direction::Asc, _) | (false, _, SortKey::Time) => Direction::Desc,
        };
        Self {
            sort: key,
            direction,
            ..self.clone()
        }
    }

    /// No filter at all, on the first page, seen as before: the page size and the sort stay.
    pub fn without_filters(&self) -> Self {
        Self {
            page_size: self.page_size,
            sort: self.sort,
            direction: self.direction,
            ..Self::default()
        }
    }

    /// The same query without one filter, on its first page; without the search, which
    /// narrows the loaded rows only, on the same page, as when the search box is emptied.
    pub fn without(&self, filter: Filter) -> Self {
        let mut query = match filter {
            Filter::Search => self.clone(),
            _ => self.first_page(),
        };
        match filter {
            Filter::Action => query.action = None,
            Filter::Actor => query.actor_id = None,
            Filter::Organization => query.organization_id = None,
            Filter::Range => query.range = DateRange::default(),
            Filter::Search => query.search = None,
        }
        query
    }
}

/// What narrows the rows, each removable on its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Filter {
    Action,
    Actor,
    Organization,
    Range,
    Search,
}

impl Filter {
    const ALL: [Self; 5] = [
        Self::Action,
        Self::Actor,
        Self::Organization,
        Self::Range,
        Self::Search,
    ];
}

/// A setting of the address read by `read`, or `None`; one that is there but does not read
/// is named by its `label` in `unreadable`.
fn noted<T>(
    value: Option<String>,
    read: impl FnOnce(&str) -> Option<T>,
    label: &'static str,
    unreadable: &mut Vec<&'static str>,
) -> Option<T> {
    let read = read(&value?);
    if read.is_none() {
        unreadable.push(label);
    }
    read
}

fn non_empty(value: String) -> Option<String> {
    let trimmed = value.trim();
    (!trimmed.is_empty()).then(|| trimmed.to_owned())
}

#[cfg(test)]
mod tests {
    use super::super::route::APP_KEYS;
    use super::*;

    fn parse(query: &str) -> AuditQuery {
        AuditQuery::from_query_string(query).0
    }

    fn body_of(json: &str) -> serde_json::Value {
        serde_json::from_str(json).expect("a request body is JSON")
    }

    #[test]
    fn an_exported_row_is_kept_as_the_page_would_show_it_by_actor_and_search() {
        let event = super::super::event::normalize_event(&serde_json::json!({
            "id": "evt_1", "action": "user.created", "occurredAt": "2026-03-03T10:00:00Z",
            "actor": { "type": "user", "id": "usr_1", "email": "ada@example.com" },
        }))
        .unwrap();
        let shows = |query: &str| parse(query).shows(&event);
        assert!(shows(""));
        assert!(shows("actor=usr_1&q=ADA%40example"));
        assert!(!shows("actor=usr_2"));
        assert!(!shows("actor=USR_1"), "the actor is matched exactly");
        assert!(
            !shows("actor=ada%40example.com"),
            "the actor is an id, not an email"
        );
        assert!(!shows("actor=usr_1&q=deleted"));
    }

    #[test]
    fn only_a_full_first_page_without_a_cursor_leaves_older_events_unreachable() {
        let full = |after: Option<&str>| EventPage {
            events: Vec::new(),
            skipped: 50,
            before: None,
            after: after.map(str::to_owned),
        };
        let first = AuditQuery::default().list_request();
        assert_eq!(first.cut_short::<()>(&full(None)), Some(CutShort::NoCursor));
        assert_eq!(first.cut_short::<()>(&full(Some("c1"))), None);
        let short = EventPage {
            skipped: 49,
            ..full(None)
        };
        assert_eq!(first.cut_short::<()>(&short), None);
        let later = ListRequest {
            after: Some("c1".to_owned()),
            ..first
        };
        assert_eq!(later.cut_short::<()>(&full(None)), None);
    }

    #[test]
    fn a_page_is_at_a_cursor_only_when_its_request_sends_one() {
        assert!(!parse("action=user.created").at_cursor());
        assert!(parse("after=evt_9").at_cursor());
        assert!(parse("before=evt_9&trail=").at_cursor());
        assert!(parse("after=evt_9").next_page("evt_3".into()).at_cursor());
        assert!(!parse("after=evt_9").first_page().at_cursor());
        // A date range reads from its end: the link's cursor is not sent.
        assert!(!parse("after=evt_9&range=7d").at_cursor());
    }

    #[test]
    fn every_key_the_page_writes_is_one_of_the_apps_keys() {
        let everything = parse(
            "action=a&actor=b&org=c&range=7d&q=d&sort=action&dir=asc&after=e&before=f&event=g&size=25&trail=h",
        );
        let dated = parse("from=2026-03-01&to=2026-03-02");
        for query in [everything, dated] {
            let written = query.to_query_string();
            let keys: Vec<_> = form_urlencoded::parse(written.as_bytes()).collect();
            assert!(keys.len() >= 2, "{written}");
            for (key, _) in keys {
                assert!(APP_KEYS.contains(&&*key), "{key}");
            }
        }
    }

    #[test]
    fn unset_filters_are_left_out_of_the_request_body() {
        let body = body_of(&AuditQuery::default().list_request().to_json());
        assert_eq!(body, serde_json::json!({ "limit": 50 }));
    }

    #[test]
    fn set_filters_use_the_backends_field_names() {
        let query = parse("action=user.created&actor=usr_1&org=org_1&after=evt_9");
        let body = body_of(&query.list_request().to_json());
        assert_eq!(
            body,
            serde_json::json!({
                "action": "user.created", "actorId": "usr_1", "organizationId": "org_1",
                "after": "evt_9", "limit": 50
            })
        );
    }

    #[test]
    fn blank_parameters_are_no_filter() {
        assert_eq!(
            parse("action=&actor=%20%20&org=&after=%20&before=&event=%09"),
            AuditQuery::default()
        );
    }

    #[test]
    fn round_trips_through_the_query_string() {
        let query = AuditQuery {
            action: Some("user.created & more".into()),
            actor_id: Some("usr/1?x=ü".into()),
            organization_id: Some("org_1".into()),
            // A cursor and an id are sent back exactly, surrounding spaces too.
            after: Some(" 0 ".into()),
            before: None,
            page_size: 25,
            event: Some(" evt 1".into()),
            range: DateRange {
                preset: None,
                from: "2026-03-01".parse().ok(),
                to: "2026-03-09".parse().ok(),
            },
            // Spaces typed around a search stay as typed.
            search: Some(" ada  lovelace 100%25 %41 ".into()),
            sort: SortKey::Action,
            direction: Direction::Asc,
            trail: vec![String::new(), "c1,with=odd&chars".into()],
        };
        assert_eq!(parse(&query.to_query_string()), query);
    }

    #[test]
    fn event_links_are_encoded() {
        assert_eq!(
            AuditQuery::event_href("", "evt_1", ""),
            "/audit-logs?event=evt_1"
        );
        assert_eq!(
            AuditQuery::event_href("/admin/audit", "a&b=<c>", "?unread=1&tenant=acme"),
            "/admin/audit/audit-logs?event=a%26b%3D%3Cc%3E&tenant=acme"
        );
    }

    #[test]
    fn an_actors_events_keep_the_range_and_sort_and_drop_the_rest() {
        let reading = parse("action=user.deleted&org=o1&q=ada&from=2026-03-01&to=2026-03-02&sort=action&dir=asc&after=c1&event=e1");
        let href = reading.actor_events_href("/admin", "usr_1&2", "?q=ada&tenant=acme");
        let (query, host) = href
            .strip_prefix("/admin/audit-logs?")
            .and_then(|search| search.split_once("&tenant="))
            .unwrap();
        assert_eq!(
            parse(query),
            parse("actor=usr_1%262&from=2026-03-01&to=2026-03-02&sort=action&dir=asc")
        );
        assert_eq!(host, "acme");
    }

    #[test]
    fn a_preset_wins_over_dates_and_unreadable_values_are_named() {
        let (query, unreadable) = AuditQuery::from_query_string("range=7d&from=2026-03-01");
        assert_eq!(query.range.preset, Some(Preset::Week));
        assert_eq!(query.range.from, None);
        assert_eq!(unreadable, ["From"]);
        let (_, unreadable) = AuditQuery::from_query_string("to=2026-03-09&range=24h&from=%20");
        assert_eq!(unreadable, ["To"]);
        let (query, unreadable) = AuditQuery::from_query_string(
            "range=forever&from=2026-02-30&to=2026-03-01&size=37&sort=colour&dir=up&q=%20&action=",
        );
        assert_eq!(query.range.preset, None);
        assert_eq!(query.range.from, None);
        assert_eq!(query.range.to, "2026-03-01".parse().ok());
        assert_eq!(query.page_size, DEFAULT_PAGE_SIZE);
        assert_eq!((query.sort, query.direction), Default::default());
        assert_eq!(
            unreadable,
            ["Page size", "Date range", "From", "Sort", "Sort direction"]
        );
        let (_, unreadable) = AuditQuery::from_query_string("size=&from=%20&utm_source=mail");
        assert_eq!(
            unreadable, [""; 0],
            "empty and unknown settings are not named"
        );
    }

    #[test]
    fn each_active_filter_has_a_chip_in_the_order_of_the_controls() {
        let query = parse("q=ada&org=org_1&action=user.created&range=7d&actor=usr_1");
        let labels: Vec<String> = query
            .active_filters()
            .into_iter()
            .map(|(_, label)| label)
            .collect();
        assert_eq!(
            labels,
            [
                "Action: user.created",
                "Actor: usr_1",
                "Organization: org_1",
                "Last 7 days",
                "Search: ada"
            ]
        );
        assert!(AuditQuery::default().active_filters().is_empty());
    }

    #[test]
    fn a_range_of_days_is_labelled_by_its_ends() {
        let label = |query: &str| parse(query).active_filters().pop().map(|(_, label)| label);
        assert_eq!(
            label("from=2026-03-01&to=2026-03-05").as_deref(),
            Some("Mar 1, 2026 – Mar 5, 2026")
        );
        assert_eq!(
            label("from=2026-03-01").as_deref(),
            Some("Mar 1, 2026 – now")
        );
        assert_eq!(
            label("to=2026-03-05").as_deref(),
            Some("beginning – Mar 5, 2026")
        );
    }

    #[test]
    fn removing_a_filter_keeps_the_others_and_restarts_paging_unless_it_is_the_search() {
        let query = parse("action=user.created&actor=usr_1&range=24h&q=ada&size=100&after=evt_9&trail=&event=evt_2");
        let without_actor = query.without(Filter::Actor);
        assert_eq!(
            without_actor,
            parse("action=user.created&range=24h&q=ada&size=100")
        );
        assert_eq!(query.without(Filter::Range).range, DateRange::default());
        assert_eq!(
            query.without(Filter::Search),
            parse(
                "action=user.created&actor=usr_1&range=24h&size=100&after=evt_9&trail=&event=evt_2"
            )
        );
        assert_eq!(
            query
                .without(Filter::Action)
                .without(Filter::Actor)
                .without(Filter::Range)
                .without(Filter::Search),
            parse("size=100")
        );
    }

    #[test]
    fn clearing_the_filters_keeps_how_the_rows_are_seen() {
        let query = parse("action=user.created&range=24h&q=ada&size=100&sort=action&dir=asc&after=evt_9&trail=&event=evt_2");
        assert_eq!(
            query.without_filters(),
            parse("size=100&sort=action&dir=asc")
        );
    }

    #[test]
    fn ranges_and_searches_count_as_filters() {
        assert!(!AuditQuery::default().has_filters());
        assert!(parse("range=24h").has_filters());
        assert!(parse("q=ada").has_filters());
        assert!(!parse("q=%20").has_filters());
    }

    #[test]
    fn an_empty_table_says_whether_the_page_the_log_or_the_filters_are_empty() {
        assert_eq!(parse("").no_rows(0, 0, false), NoRows::LogEmpty);
        assert_eq!(parse("q=ada").no_rows(0, 0, false), NoRows::LogEmpty);
        assert_eq!(parse("after=c1").no_rows(0, 0, false), NoRows::PageEmpty);
        // Rows came and none could be read: neither an empty log nor an empty page.
        for query in ["", "after=c1", "action=a", "range=7d"] {
            let ranged = query.contains("range");
            assert_eq!(parse(query).no_rows(0, 50, ranged), NoRows::Unreadable);
        }
        let hint =
            |query: &str, loaded| match parse(query).no_rows(loaded, 0, query.contains("from")) {
                NoRows::NoMatch { hint } => hint,
                other => panic!("{other:?}"),
            };
        // A date range ignores the cursor; its filters are why nothing shows.
        assert!(hint("after=c1&from=2026-03-09&to=2026-03-01", 0).starts_with("From is after To"));
        // Rows were loaded, and a search or filter left none: a page's search says it read
        // that page alone; a date range's, which read every page, does not.
        assert!(hint("q=zzz", 3).starts_with("The search looks through this page's events only"));
        assert_eq!(
            hint("q=zzz&from=2026-03-01", 3),
            "Change or clear the filters to see more."
        );
        assert_eq!(
            hint("action=a", 0),
            "Change or clear the filters to see more."
        );
        // An email typed where the id goes.
        assert!(
            hint("actor=ada%40acme.com", 0).starts_with("The Actor filter matches an actor's id")
        );
        // A name typed where the id goes.
        assert!(hint("actor=Ada+Lovelace", 0).ends_with("not a name: search for the name instead."));
        // An id with an @ that the backend matched: the search left nothing.
        assert!(hint("actor=ada%40acme.com&q=zzz", 3).starts_with("The search looks through"));
    }

    #[test]
    fn a_header_sorts_its_column_newest_or_a_to_z_first_then_the_other_way() {
        let newest = AuditQuery::default();
        let by_action = newest.sorted_by(SortKey::Action);
        assert_eq!(
            (by_action.sort, by_action.direction),
            (SortKey::Action, Direction::Asc)
        );
        let z_to_a = by_action.sorted_by(SortKey::Action);
        assert_eq!(z_to_a.direction, Direction::Desc);
        assert_eq!(z_to_a.sorted_by(SortKey::Action).direction, Direction::Asc);
        let oldest = newest.sorted_by(SortKey::Time);
        assert_eq!(
            (oldest.sort, oldest.direction),
            (SortKey::Time, Direction::Asc)
        );
        let newest_again = z_to_a.sorted_by(SortKey::Time);
        assert_eq!(newest_again, newest);
    }

    #[test]
    fn export_requests_use_the_backends_field_names() {
        let request = ExportRequest {
            action: Some("user.created".into()),
            format: "csv",
            start_date: Some(1),
            end_date: Some(2),
            cursor: Some(3),
            limit: Some(1000),
            project_id: Some("proj_1".into()),
            ..ExportRequest::default()
        };
        assert_eq!(
            body_of(&request.to_json()),
            serde_json::json!({
                "action": "user.created", "format": "csv", "startDate": 1, "endDate": 2,
                "cursor": 3, "limit": 1000, "projectId": "proj_1"
            })
        );
    }

    #[test]
    fn previous_replays_the_cursor_trail_when_the_backend_sends_no_before() {
        let first = parse("action=a");
        let second = first.next_page("c1".into());
        let third = second.next_page("c2".into());
        assert_eq!(third.after.as_deref(), Some("c2"));
        assert_eq!(third.action.as_deref(), Some("a"));
        let back = third.previous_page(None).unwrap();
        assert_eq!(back, second);
        assert_eq!(parse(&back.to_query_string()), second);
        assert_eq!(back.previous_page(None).unwrap(), first);
        assert_eq!(first.previous_page(None), None);
    }

    #[test]
    fn previous_prefers_the_backends_before_cursor_past_the_second_page() {
        let third = parse("").next_page("c1".into()).next_page("c2".into());
        let back = third.previous_page(Some("b2".into())).unwrap();
        assert_eq!(
            (&back.after, &back.before, back.trail.len()),
            (&None, &Some("b2".into()), 1)
        );
        // From the second page, back to the first page itself: its address, its newest events.
        let first = parse("action=a&size=25");
        let second = first.next_page("c1".into());
        assert_eq!(second.previous_page(Some("b1".into())).unwrap(), first);
        assert_eq!(first.to_query_string(), "action=a&size=25");
        // Next, Next, Previous (by `before`), Next, Previous: one page newer each time.
        let third = second.next_page("c2".into());
        let second_again = third.previous_page(Some("b2".into())).unwrap();
        let third_again = second_again.next_page("c2".into());
        let back = third_again.previous_page(Some("b3".into())).unwrap();
        assert_eq!((&back.after, &back.before), (&None, &Some("b3".into())));
        assert_eq!(back.previous_page(Some("b4".into())).unwrap(), first);
    }

    #[test]
    fn defaults_make_an_empty_query_string() {
        assert_eq!(AuditQuery::default().to_query_string(), "");
    }

    #[test]
    fn only_offered_page_sizes_are_accepted() {
        assert_eq!(parse("size=100").page_size, 100);
        assert_eq!(parse("size=7").page_size, 50);
        assert_eq!(parse("size=lots").page_size, 50);
    }

    #[test]
    fn first_page_keeps_filters_and_drops_cursors() {
        let query = parse("action=a&after=x&before=y&size=25");
        let first = query.first_page();
        assert_eq!((first.after, first.before), (None, None));
        assert_eq!(first.action.as_deref(), Some("a"));
        assert_eq!(first.page_size, 25);
    }

    #[test]
    fn an_event_not_on_its_page_is_looked_for_in_the_last_30_days_with_the_same_filters() {
        let looking = parse("action=a&q=ada&after=x&trail=&event=evt_1").looking_back();
        assert_eq!(
            looking.to_query_string(),
            parse("action=a&q=ada&range=30d&event=evt_1").to_query_string()
        );
    }

    #[test]
    fn an_export_saves_the_filters_search_and_range_of_any_page() {
        let view = parse("action=a&actor=b&org=c&q=ada&range=7d").export_view();
        let elsewhere =
            "action=a&actor=b&org=c&q=ada&range=7d&after=x&trail=&size=25&sort=actor&event=e";
        assert_eq!(parse(elsewhere).export_view(), view);
        for other in [
            "actor=b&org=c&q=ada&range=7d",
            "action=a&actor=b&org=c&q=bob&range=7d",
            "action=a&actor=b&org=c&q=ada&range=30d",
        ] {
            assert_ne!(parse(other).export_view(), view, "{other}");
        }
    }
}
