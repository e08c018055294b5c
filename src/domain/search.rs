//! Instant search and sorting over the rows already loaded, without asking the server.

use super::event::AuditEvent;
use super::patterns::invisible;
use memchr::memmem::Finder;
use std::cmp::Ordering;
use std::sync::Arc;

/// The fields a search looks in: the actor's name, email and id (or its type, when that is
/// all the page can show of it), the organization id, each target's type, id, name and
/// email, and the action.
pub fn searched_fields(event: &AuditEvent) -> impl Iterator<Item = &String> {
    let actor = &event.actor;
    let unnamed = actor.name.is_none() && actor.email.is_none() && actor.id.is_none();
    [&actor.name, &actor.email, &actor.id, &event.organization_id]
        .into_iter()
        .chain(unnamed.then_some(&actor.kind))
        .chain(
            event
                .targets
                .iter()
                .flat_map(|t| [&t.kind, &t.id, &t.name, &t.email]),
        )
        .flatten()
        .chain([&event.action])
}

/// The searched fields, lower-cased, each followed by a newline. A term has no whitespace,
/// so it can only match within one field.
fn push_searched_text(text: &mut String, event: &AuditEvent) {
    for field in searched_fields(event) {
        // Most fields are ASCII, which lowercases in place without a new String.
        if field.is_ascii() {
            let start = text.len();
            text.push_str(field);
            text[start..].make_ascii_lowercase();
        } else {
            text.push_str(&fold(field));
        }
        text.push('\n');
    }
}

/// The searched text of every loaded event, built once per load so that a keystroke only
/// scans text: no allocation per row, no event is cloned. One buffer with end offsets
/// rather than a `String` per row keeps it compact at 100,000 rows.
pub struct SearchIndex {
    text: String,
    ends: Vec<usize>,
}

impl SearchIndex {
    pub fn new(events: &[AuditEvent]) -> Self {
        let mut text = String::new();
        let mut ends = Vec::with_capacity(events.len());
        for event in events {
            push_searched_text(&mut text, event);
            ends.push(text.len());
        }
        Self { text, ends }
    }

    /// As bytes: a `str` slice would check both ends for character boundaries, row by row.
    fn row(&self, index: usize) -> &[u8] {
        let start = index.checked_sub(1).map_or(0, |before| self.ends[before]);
        &self.text.as_bytes()[start..self.ends[index]]
    }

    /// The candidates (indices into the events, in display order) that match the query,
    /// in the same order. Case-insensitive; every whitespace-separated term must appear in
    /// one of the searched fields (action, actor name/email/id, each target's
    /// type/id/name/email, organization id). An empty query matches everything. Compiled
    /// for speed: a keystroke runs it over up to every loaded row.
    #[cfg_attr(optimize_attribute, optimize(speed))]
    pub fn filter(&self, candidates: &[usize], query: &str) -> Vec<usize> {
        let terms: Vec<String> = query.split_whitespace().map(fold).collect();
        if terms.is_empty() {
            return candidates.to_vec();
        }
        // Each term's searcher is prepared once for all the rows: `str::contains` prepared
        // one per row, which cost more than scanning a row of a few dozen bytes.
        let finders: Vec<Finder> = terms.iter().map(Finder::new).collect();
        candidates
            .iter()
            .copied()
            .filter(|&index| {
                let row = self.row(index);
                finders.iter().all(|finder| finder.find(row).is_some())
            })
            .collect()
    }
}

/// Lower case, a character at a time: the word-final sigma as the other ("ΟΔΟΣ" is found
/// in "οδοσήμανση"), and the dotted capital I as `i` (its lower case is `i` and a combining
/// dot, which "izmir" would not find in "İzmir"). Without the characters that show nothing
/// (a soft hyphen, a zero-width space): "Ada" is found in the `A\u{ad}da` that shows as it.
fn fold(text: &str) -> String {
    if text.is_ascii() {
        return text.to_ascii_lowercase();
    }
    let mut folded = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            'ς' => folded.push('σ'),
            'İ' => folded.push('i'),
            c if invisible(c) && !c.is_whitespace() => {}
            c => folded.extend(c.to_lowercase()),
        }
    }
    folded
}

/// Whether the search `query` keeps `event`, as [`SearchIndex::filter`] would: for rows
/// seen once, such as an export's.
pub fn matches(event: &AuditEvent, query: &str) -> bool {
    !SearchIndex::new(std::slice::from_ref(event))
        .filter(&[0], query)
        .is_empty()
}

/// Whether the rows matching `next` are among those matching `previous`, so a keystroke
/// that extends the query only needs to re-check the previous result: every term of
/// `next` then contains the term of `previous` it grew from.
fn narrows(previous: &str, next: &str) -> bool {
    next.starts_with(previous)
}

/// The matches of the query being typed and of each shorter query it grew from. Typing a
/// character re-checks only the last matches; deleting one goes back to matches already
/// found, so neither scans every loaded row. Each query is a prefix of the next, so the
/// trail is no longer than the query.
#[derive(Default)]
pub struct SearchTrail {
    steps: Vec<(String, Arc<[usize]>)>,
}

impl SearchTrail {
    /// [`SearchIndex::filter`] of `all` (every row, in display order) by `query`.
    pub fn matches(&mut self, index: &SearchIndex, all: &[usize], query: &str) -> Arc<[usize]> {
        while self
            .steps
            .last()
            .is_some_and(|(previous, _)| !narrows(previous, query))
        {
            self.steps.pop();
        }
        let rows: Arc<[usize]> = match self.steps.last() {
            Some((previous, rows)) if previous == query => return rows.clone(),
            Some((_, rows)) => index.filter(rows, query).into(),
            None => index.filter(all, query).into(),
        };
        self.steps.push((query.to_owned(), rows.clone()));
        rows
    }

    /// Forgets every result: the display order they were found in has changed.
    pub fn clear(&mut self) {
        self.steps.clear();
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SortKey {
    #[default]
    Time,
    Action,
}

impl SortKey {
    /// Reads the URL value; anything else is `None`.
    pub fn parse(value: &str) -> Option<Self> {
        match value {
            "time" => Some(Self::Time),
            "action" => Some(Self::Action),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Time => "time",
            Self::Action => "action",
        }
    }
}

/// The default is newest first, as the server sends them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Direction {
    Asc,
    #[default]
    Desc,
}

impl Direction {
    /// Reads the URL value; anything else is `None`.
    pub fn parse(value: &str) -> Option<Self> {
        match value {
            "asc" => Some(Self::Asc),
            "desc" => Some(Self::Desc),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Asc => "asc",
            Self::Desc => "desc",
        }
    }

    fn apply(self, ordering: Ordering) -> Ordering {
        match self {
            Self::Asc => ordering,
            Self::Desc => ordering.reverse(),
        }
    }
}

/// The display order of the events as indices into them: a stable sort, so equal rows keep
/// the server's order. Actions compare case-insensitively. Rows whose time is unreadable
/// go last in either direction: they are neither old nor new.
pub fn sorted_order(events: &[AuditEvent], key: SortKey, direction: Direction) -> Vec<usize> {
    let mut order: Vec<usize> = (0..events.len()).collect();
    match key {
        SortKey::Time => {
            order.sort_by(
                |&a, &b| match (events[a].occurred_at, events[b].occurred_at) {
                    (Some(a), Some(b)) => direction.apply(a.cmp(&b)),
                    (Some(_), None) => Ordering::Less,
                    (None, Some(_)) => Ordering::Greater,
                    (None, None) => Ordering::Equal,
                },
            )
        }
        SortKey::Action => {
            let keys: Vec<String> = events
                .iter()
                .map(|event| lowercase(&event.action).collect())
                .collect();
            order.sort_by(|&a, &b| direction.apply(keys[a].cmp(&keys[b])));
        }
    }
    order
}

fn lowercase(text: &str) -> impl Iterator<Item = char> + '_ {
    text.chars().flat_map(char::to_lowercase)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::event::normalize_event;
    use serde_json::{json, Value};

    fn event(row: Value) -> AuditEvent {
        normalize_event(&row).unwrap()
    }

    fn sample() -> AuditEvent {
        event(json!({
            "id": "e1", "action": "member.invited",
            "actor": { "type": "admin", "id": "usr_1", "name": "Ada Lovelace", "email": "ada@acme.com" },
            "targets": [
                { "type": "user", "id": "usr_2", "email": "jane@example.org" },
                { "type": "organization", "id": "org_9", "name": "Globex" }
            ],
            "context": { "organizationId": "org_1", "ipAddress": "203.0.113.7" }
        }))
    }

    #[test]
    fn finds_every_searched_field_ignoring_case() {
        let event = sample();
        for query in [
            "member.invited",
            "INVITED",
            "ada lovelace",
            "ADA@ACME",
            "usr_1",
            "jane@example",
            "usr_2",
            "globex",
            "organization",
            "org_9",
            "org_1",
        ] {
            assert!(matches(&event, query), "{query}");
        }
    }

    /// An event whose actor is named `name`.
    fn named(name: &str) -> AuditEvent {
        event(
            json!({ "id": "e1", "action": "user.updated", "actor": { "id": "usr_1", "name": name } }),
        )
    }

    #[test]
    fn a_greek_sigma_matches_in_any_position() {
        // Lower-casing makes a word-final Σ a ς: typing "ΟΔΟΣ" must still find the name
        // it begins, and a name ending in Σ must be found by a σ.
        for query in ["ΟΔΟΣ", "οδος", "οδοσ", "ΟΔΟΣΗΜΑΝΣΗ"] {
            assert!(matches(&named("ΟΔΟΣΗΜΑΝΣΗ Α.Ε."), query), "{query}");
        }
        for query in ["ΚΏΣΤΑΣ", "κώστας", "κώστασ"] {
            assert!(matches(&named("ΚΏΣΤΑΣ"), query), "{query}");
        }
    }

    #[test]
    fn a_dotted_capital_i_matches_its_lower_case() {
        for query in ["izmir", "İzmir", "İZMİR", "ofisi"] {
            assert!(matches(&named("İzmir Ofisi"), query), "{query}");
        }
        assert!(matches(&named("İZMİR"), "izmir"));
    }

    #[test]
    fn characters_that_show_nothing_do_not_hide_a_name_from_its_search() {
        for shown_as_ada in ["A\u{ad}da", "Ad\u{200b}a", "\u{feff}Ada"] {
            assert!(matches(&named(shown_as_ada), "ada"), "{shown_as_ada:?}");
        }
        assert!(matches(&named("Ada Lovelace"), "a\u{200b}da"));
    }

    #[test]
    fn fields_outside_the_search_do_not_match() {
        let event = sample();
        for query in ["203.0.113.7", "admin", "e1", "bob"] {
            assert!(!matches(&event, query), "{query}");
        }
    }

    #[test]
    fn an_actor_shown_by_its_type_is_found_by_it() {
        let system = event(json!({ "id": "e1", "action": "user.deleted", "actorType": "system" }));
        assert_eq!(system.actor.label(), "system");
        assert!(matches(&system, "system"));
        // A named actor is shown, and found, by its name, not its type; one with only an id
        // by its id.
        assert!(!matches(&sample(), "admin"));
        let by_id =
            event(json!({ "id": "e2", "action": "x.y", "actorType": "user", "actorId": "usr_1" }));
        assert!(matches(&by_id, "usr_1"));
        assert!(!matches(&by_id, "user"));
    }

    #[test]
    fn every_term_must_match_somewhere() {
        let event = sample();
        assert!(matches(&event, "  ada   globex "));
        assert!(!matches(&event, "ada bob"));
        // A term must fit in one field, not across two.
        assert!(!matches(&event, "invitedada"));
    }

    #[test]
    fn an_empty_query_matches_everything() {
        let bare = event(json!({ "id": "x" }));
        assert!(matches(&bare, ""));
        assert!(matches(&bare, "   "));
        assert!(!matches(&bare, "x"));
    }

    fn ids(events: &[AuditEvent], order: &[usize]) -> Vec<String> {
        order.iter().map(|&i| events[i].id.clone()).collect()
    }

    fn unsorted() -> Vec<AuditEvent> {
        [
            ("b", "user.created", json!(2_000)),
            ("none", "Webhook.created", json!(null)),
            ("a", "api_key.created", json!(1_000)),
            ("c", "user.created", json!(3_000)),
            ("bad", "session.created", json!("garbage")),
        ]
        .into_iter()
        .map(|(id, action, at)| event(json!({ "id": id, "action": action, "occurredAt": at })))
        .collect()
    }

    #[test]
    fn by_time_with_unreadable_times_last_either_way() {
        let events = unsorted();
        let newest = sorted_order(&events, SortKey::Time, Direction::Desc);
        assert_eq!(ids(&events, &newest), ["c", "b", "a", "none", "bad"]);
        let oldest = sorted_order(&events, SortKey::Time, Direction::Asc);
        assert_eq!(ids(&events, &oldest), ["a", "b", "c", "none", "bad"]);
    }

    #[test]
    fn by_action_ignoring_case_and_keeping_ties_in_order() {
        let events = unsorted();
        let a_to_z = sorted_order(&events, SortKey::Action, Direction::Asc);
        assert_eq!(ids(&events, &a_to_z), ["a", "bad", "b", "c", "none"]);
        let z_to_a = sorted_order(&events, SortKey::Action, Direction::Desc);
        assert_eq!(ids(&events, &z_to_a), ["none", "b", "c", "bad", "a"]);
    }

    #[test]
    fn a_whole_index_filters_in_display_order_as_each_row_alone_would() {
        let events = unsorted();
        let index = SearchIndex::new(&events);
        let newest = sorted_order(&events, SortKey::Time, Direction::Desc);
        assert_eq!(ids(&events, &index.filter(&newest, "USER.")), ["c", "b"]);
        assert_eq!(
            ids(&events, &index.filter(&newest, "created user")),
            ["c", "b"]
        );
        assert_eq!(index.filter(&newest, "  "), newest);
        assert_eq!(index.filter(&newest, "nothing"), Vec::<usize>::new());
        for query in ["created", "key", "hook.c", "session created", "d.w"] {
            let expected: Vec<usize> = newest
                .iter()
                .copied()
                .filter(|&i| matches(&events[i], query))
                .collect();
            assert_eq!(index.filter(&newest, query), expected, "{query}");
        }
    }

    #[test]
    fn the_index_keeps_terms_within_one_field() {
        let events = vec![sample()];
        let index = SearchIndex::new(&events);
        assert_eq!(index.filter(&[0], "ada globex"), [0]);
        assert!(index.filter(&[0], "invitedada").is_empty());
        assert!(index.filter(&[0], "203.0.113.7").is_empty());
    }

    #[test]
    fn a_longer_query_narrows_the_previous_result() {
        assert!(narrows("", "a"));
        assert!(narrows("ad", "ada"));
        assert!(narrows("ada", "ada g"));
        assert!(!narrows("ada", "ad"));
        assert!(!narrows("ada", "bob"));
        // Narrowing really is safe: re-filtering the previous result gives the full answer.
        let events = unsorted();
        let index = SearchIndex::new(&events);
        let all = sorted_order(&events, SortKey::Time, Direction::Desc);
        let created = index.filter(&all, "created");
        assert_eq!(
            index.filter(&created, "created us"),
            index.filter(&all, "created us")
        );
    }

    #[test]
    fn the_trail_answers_typing_and_deleting_as_a_fresh_search_would() {
        let events = unsorted();
        let index = SearchIndex::new(&events);
        let all = sorted_order(&events, SortKey::Time, Direction::Desc);
        let mut trail = SearchTrail::default();
        let typed = [
            "c",
            "cr",
            "created",
            "created u",
            "created",
            "c",
            "",
            "s",
            "se",
            "x",
            "s",
        ];
        for query in typed {
            let fresh = index.filter(&all, query);
            assert_eq!(
                &*trail.matches(&index, &all, query),
                fresh.as_slice(),
                "{query}"
            );
        }
        // After a new order, the old results are not reused.
        let oldest = sorted_order(&events, SortKey::Time, Direction::Asc);
        trail.clear();
        assert_eq!(
            &*trail.matches(&index, &oldest, "s"),
            index.filter(&oldest, "s").as_slice()
        );
    }

    #[test]
    fn deleting_a_character_reuses_the_earlier_result() {
        let events = unsorted();
        let index = SearchIndex::new(&events);
        let all = sorted_order(&events, SortKey::Time, Direction::Desc);
        let mut trail = SearchTrail::default();
        let user = trail.matches(&index, &all, "user");
        trail.matches(&index, &all, "user.c");
        assert!(Arc::ptr_eq(&trail.matches(&index, &all, "user"), &user));
        // A different query is searched afresh, not taken from the trail.
        assert!(!Arc::ptr_eq(&trail.matches(&index, &all, "usex"), &user));
    }

    #[test]
    fn sort_settings_round_trip_through_the_url() {
        for key in [SortKey::Time, SortKey::Action] {
            assert_eq!(SortKey::parse(key.as_str()), Some(key));
        }
        for direction in [Direction::Asc, Direction::Desc] {
            assert_eq!(Direction::parse(direction.as_str()), Some(direction));
        }
        assert_eq!(SortKey::parse("Time"), None);
        assert_eq!(Direction::parse(""), None);
        assert_eq!(
            (SortKey::default(), Direction::default()),
            (SortKey::Time, Direction::Desc)
        );
    }
}
