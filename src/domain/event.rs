//! One audit event type for every shape the backend or its docs produce.
//!
//! The docs describe nested `actor`/`target`/`context` objects with ISO times; the shipped
//! backend sends flat columns, epoch-ms times and JSON *strings* for structured fields.
//! Every field is read leniently: a wrong type drops that field, never the row, unless the
//! row has no id.
//!
//! The row loop, a row's field names and its texts are compiled for speed in the shipped wasm,
//! as the scanner's steps are (see `scan`).

use super::patterns::invisible;
use super::redact::{redact_string, redact_text};
use super::scan::{is_json, scalar_text, string_text, write_string, Invalid, Json, Read, Scanner};
use chrono::{DateTime, Datelike, Utc};
use serde_json::{Map, Value};
use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

#[derive(Debug, Clone, PartialEq)]
pub struct AuditEvent {
    pub id: String,
    /// Exactly as received; empty when the row had none.
    pub action: String,
    /// `None` when the row's time is missing or unreadable.
    pub occurred_at: Option<DateTime<Utc>>,
    /// When the backend stored the event (`createdAt`), if it says so: an event created
    /// with its own `occurredAt` may say it happened long before or after.
    pub recorded_at: Option<DateTime<Utc>>,
    pub actor: Actor,
    pub targets: Vec<Target>,
    pub organization_id: Option<String>,
    pub ip_address: Option<String>,
    pub user_agent: Option<String>,
    pub request_id: Option<String>,
    /// Context entries not lifted into the fields above, if any, in the order sent.
    pub context: Option<LazyJson<Map<String, Value>>>,
    pub changes: Option<LazyJson<Changes>>,
    pub metadata: Option<LazyJson<Value>>,
}

/// How far apart the stored and the occurred time must be to be worth saying: the moment
/// between an event and its storing is not news, a backdated event is.
const RECORDED_APART: chrono::TimeDelta = chrono::TimeDelta::minutes(1);

impl AuditEvent {
    /// When the event was stored, if a minute or more from when it says it occurred: a
    /// backdated event, or one created late, which an auditor wants to see.
    pub fn recorded_apart(&self) -> Option<DateTime<Utc>> {
        let recorded = self.recorded_at?;
        let apart = self
            .occurred_at
            .is_none_or(|occurred| (recorded - occurred).abs() >= RECORDED_APART);
        apart.then_some(recorded)
    }
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Actor {
    pub kind: Option<String>,
    pub id: Option<String>,
    pub name: Option<String>,
    pub email: Option<String>,
    pub metadata: Option<LazyJson<Value>>,
}

impl Actor {
    /// What a person reads: the name, else the email, else the id, else the type (a
    /// `system` actor often has no id, and "system" says more than "Unknown actor").
    pub fn label(&self) -> &str {
        [&self.name, &self.email, &self.id, &self.kind]
            .into_iter()
            .find_map(|field| field.as_deref())
            .unwrap_or("Unknown actor")
    }
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Target {
    pub kind: Option<String>,
    pub id: Option<String>,
    pub name: Option<String>,
    pub email: Option<String>,
    /// Its other fields as sent (a webhook's `url`), for the details and the exports.
    pub other: Option<LazyJson<Map<String, Value>>>,
}

impl Target {
    /// Its type and every name it has, for the event's details: "user Jane, jane@acme.com,
    /// usr_1". The table's [`Target::label`] has room for one.
    pub fn described(&self) -> String {
        let names: Vec<&str> = [&self.name, &self.email, &self.id]
            .into_iter()
            .filter_map(|field| field.as_deref())
            .collect();
        let mut described = match (&self.kind, names.is_empty()) {
            (_, true) => self.label(),
            (Some(kind), false) => format!("{kind} {}", names.join(", ")),
            (None, false) => names.join(", "),
        };
        // Then its other fields: "webhook wh_1; url: https://hooks.example.com".
        for (key, value) in self.other_fields() {
            let value = match value {
                Value::String(text) => text,
                other => other.to_string(),
            };
            described.push_str(&format!("; {key}: {value}"));
        }
        described
    }

    /// Its fields other than its type and names, as sent, read when they are shown.
    pub fn other_fields(&self) -> Map<String, Value> {
        self.other
            .as_ref()
            .and_then(LazyJson::get)
            .unwrap_or_default()
    }

    pub fn label(&self) -> String {
        let who = [&self.name, &self.email, &self.id]
            .into_iter()
            .find_map(|field| field.as_deref())
            .unwrap_or("unknown");
        match &self.kind {
            Some(kind) => format!("{kind} {who}"),
            None => who.to_owned(),
        }
    }
}

/// Field snapshots before and after the change; either side may be absent.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Changes {
    pub before: Value,
    pub after: Value,
}

impl From<&Changes> for Value {
    fn from(changes: &Changes) -> Self {
        serde_json::json!({ "before": changes.before, "after": changes.after })
    }
}

/// A structured field kept as it was sent until it is looked at: few events are ever
/// opened or exported, and reading these fields at load was over a quarter of its time.
/// `None` from [`LazyJson::get`] means the field holds nothing (see [`decoded_text`]).
#[derive(Clone, PartialEq, Eq)]
pub struct LazyJson<T> {
    /// Valid JSON: the field's own text.
    sent: Box<str>,
    of: PhantomData<fn() -> T>,
}

/// How a structured field reads once it is looked at.
pub trait Decode: Sized {
    fn decode(json: &str) -> Option<Self>;
}

/// What a structured field shows and exports when it holds JSON that serde_json will not
/// build (nested over 127 levels, a number beyond a float's range): said, not dropped as if
/// it held nothing, and not shown as its text, in which secrets could not be found.
pub const UNREADABLE: &str = "[could not be shown]";

impl Decode for Value {
    fn decode(json: &str) -> Option<Self> {
        // The text is JSON (the reader checked it), so a failure is serde_json's limits.
        Some(serde_json::from_str(&decoded_text(json)?).unwrap_or_else(|_| UNREADABLE.into()))
    }
}

/// An object's fields, in the order sent. A field serde_json cannot build (`1e400`, a lone
/// surrogate) costs only itself, as it would have had each field been read on its own.
impl Decode for Map<String, Value> {
    fn decode(json: &str) -> Option<Self> {
        let text = decoded_text(json)?;
        if let Some(Value::Object(fields)) = parsed(&text) {
            return Some(fields);
        }
        let mut fields = Map::new();
        Scanner::new(&text)
            .object(|scan, key| {
                if let Some(value) = parsed(scan.value()?) {
                    fields.insert(key.into_owned(), value);
                }
                Ok(())
            })
            .ok()?;
        Some(fields)
    }
}

/// Changes with a before or an after (or both), or kept field by field (see [`by_field`]);
/// anything else is no change.
impl Decode for Changes {
    fn decode(json: &str) -> Option<Self> {
        #[derive(Default)]
        struct Sides<'a> {
            before: Option<&'a str>,
            after: Option<&'a str>,
            other: bool,
        }
        impl<'a> Fields<'a> for Sides<'a> {
            fn slot(&mut self, key: &str) -> Option<&mut Option<&'a str>> {
                match key {
                    "before" => Some(&mut self.before),
                    "after" => Some(&mut self.after),
                    _ => None,
                }
            }

            fn read_now(&mut self, _key: &str, _scan: &mut Scanner<'a>) -> Read<bool> {
                self.other = true;
                Ok(false)
            }
        }
        let text = decoded_text(json)?;
        let Sides {
            before,
            after,
            other,
        } = read_whole::<Sides>(&text).ok()??;
        if before.is_none() && after.is_none() {
            return by_field(&text);
        }
        // Anything beside the sides is not a pair, as for a field's sides in `by_field`: a
        // record like `{"field": "password", "before": …, "after": …}` is shown as sent,
        // where redaction sees the field that names its sides a secret.
        if other {
            return None;
        }
        // A side that cannot be built is not taken for an absent one: the field is then
        // shown as sent (see `unpaired`), which says it could not be.
        let side = |raw: Option<&str>| raw.map_or(Some(Value::Null), parsed);
        let (before_value, after_value) = (side(before)?, side(after)?);
        (before.is_some() || after.is_some()).then_some(Self {
            before: before_value,
            after: after_value,
        })
    }
}

/// Changes kept field by field, as many audit logs keep them: `{"role": {"before":
/// "member", "after": "admin"}}` is the pair `{"role": "member"}` → `{"role": "admin"}`.
/// Every field must hold a `before`, an `after` or both, and nothing else, or the changes
/// are not read as a pair (and are shown as sent). A field with one side was added or
/// removed.
fn by_field(text: &str) -> Option<Changes> {
    let Value::Object(fields) = parsed(text)? else {
        return None;
    };
    let (mut before, mut after) = (Map::new(), Map::new());
    for (field, sides) in &fields {
        let Value::Object(sides) = sides else {
            return None;
        };
        if sides.is_empty() {
            return None;
        }
        for (side, value) in sides {
            let kept = match side.as_str() {
                "before" => &mut before,
                "after" => &mut after,
                _ => return None,
            };
            kept.insert(field.clone(), value.clone());
        }
    }
    (!fields.is_empty()).then(|| Changes {
        before: before.into(),
        after: after.into(),
    })
}

impl<T: Decode> LazyJson<T> {
    fn sent(raw: &str) -> Self {
        Self::from_valid(raw)
    }

    /// Keeps a value already decoded, which reads back as itself. A string is sent once
    /// more as a string, since [`decoded_text`] reads the JSON a string holds.
    pub fn new(value: Value) -> Self {
        let text = value.to_string();
        Self::from_valid(match value {
            Value::String(_) => Value::String(text).to_string(),
            _ => text,
        })
    }

    /// An object of `fields`, each a JSON value's text; `None` when there are none.
    fn object(fields: Vec<(String, &str)>) -> Option<Self> {
        if fields.is_empty() {
            return None;
        }
        let mut text = String::from("{");
        for (key, value) in fields {
            if text.len() > 1 {
                text.push(',');
            }
            write_string(&mut text, &key);
            text.push(':');
            text.push_str(value);
        }
        text.push('}');
        Some(Self::from_valid(text))
    }

    fn from_valid(text: impl Into<Box<str>>) -> Self {
        Self {
            sent: text.into(),
            of: PhantomData,
        }
    }

    pub fn get(&self) -> Option<T> {
        T::decode(&self.sent)
    }
}

impl LazyJson<Changes> {
    /// The field as exported: its before/after pair, else [`LazyJson::unpaired`].
    pub fn to_value(&self) -> Option<Value> {
        match self.get() {
            Some(changes) => Some(Value::from(&changes)),
            None => self.sent_as_something(),
        }
    }

    /// What the field holds as sent when it is not a before/after pair but something (a
    /// sentence, an object of new values), so that it is not lost; `None` for a pair and
    /// for nothing (`null`, `{}`, `[]`, a pair of nulls).
    pub fn unpaired(&self) -> Option<Value> {
        match self.get() {
            Some(_) => None,
            None => self.sent_as_something(),
        }
    }

    /// The field as sent, unless it holds nothing; read only once it is known not to be a pair.
    fn sent_as_something(&self) -> Option<Value> {
        Value::decode(&self.sent).filter(|value| match value {
            Value::Null => false,
            // Sides alone are a pair of nothing; beside anything else they are sent data.
            Value::Object(fields) => fields.keys().any(|key| key != "before" && key != "after"),
            Value::Array(items) => !items.is_empty(),
            _ => true,
        })
    }
}

impl<T> fmt::Debug for LazyJson<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.sent)
    }
}

/// How far back a page of events reaches: the time of its last event that has one, in the
/// order the backend sent them (newest first). Not the page's oldest time: one event out of
/// that order (an unreadable `occurredAt` given way to an old `createdAt`, sorted first as a
/// null) would end a reading of older pages as if the page reached back to it.
pub fn page_reach(events: &[AuditEvent]) -> Option<DateTime<Utc>> {
    events.iter().rev().find_map(|event| event.occurred_at)
}

/// Newest first, events whose time is unreadable last. Stable, so equal times keep the
/// order they came in.
pub fn sort_newest_first<E: std::borrow::Borrow<AuditEvent>>(events: &mut [E]) {
    // `None` sorts below every time, so under `Reverse` it goes last.
    events.sort_by_key(|event| std::cmp::Reverse(event.borrow().occurred_at));
}

/// One page of a list response.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct EventPage {
    pub events: Vec<AuditEvent>,
    /// Rows that could not be read (not an object, no id) or repeated an earlier id.
    pub skipped: usize,
    /// Cursor for newer events, when the backend says there are some.
    pub before: Option<String>,
    /// Cursor for older events, when the backend says there are some.
    pub after: Option<String>,
}

impl EventPage {
    /// The rows the backend sent, readable or not: as many as were asked for means that
    /// older ones may exist.
    pub fn rows_sent(&self) -> usize {
        self.events.len() + self.skipped
    }
}

/// One page of an export response.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ExportPage {
    pub events: Vec<AuditEvent>,
    pub skipped: usize,
    /// Pass back as `cursor` for the next, older page.
    pub next_cursor: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ShapeError {
    #[error("the response is not valid JSON")]
    InvalidJson,
    #[error("the response holds no list of events")]
    NoEventList,
    #[error("its cursor to the next page is not a time in epoch milliseconds")]
    BadCursor,
    #[error("its cursor to the next page does not lead to older events")]
    CursorNotOlder,
    /// A 2xx whose body reports an error (`{"error": …}`) and holds no rows: shown as the
    /// failure it is, not as an empty list. Its message is `error_message`'s.
    #[error("the backend reported an error")]
    Reported(Option<String>),
}

/// The parts of a response envelope the app reads. Its event lists are read row by row as
/// the body is read, each `None` when it is not an array; metadata and the cursor stay as
/// sent until they are read.
#[derive(Default)]
struct Envelope<'a> {
    data: Option<RowList>,
    events: Option<RowList>,
    audit_logs: Option<RowList>,
    list_metadata: Option<&'a str>,
    next_cursor: Option<&'a str>,
    error: Option<&'a str>,
}

impl<'a> Shaped<'a> for Envelope<'a> {
    fn from_object(scan: &mut Scanner<'a>) -> Read<Option<Self>> {
        let mut envelope = Self::default();
        scan.object(|scan, key| {
            match &*key {
                "data" => envelope.data = RowList::read(scan)?,
                "events" => envelope.events = RowList::read(scan)?,
                "auditLogs" => envelope.audit_logs = RowList::read(scan)?,
                "listMetadata" => envelope.list_metadata = Some(scan.value()?),
                "nextCursor" => envelope.next_cursor = Some(scan.value()?),
                "error" => envelope.error = Some(scan.value()?),
                _ => drop(scan.value()?),
            }
            Ok(())
        })?;
        Ok(Some(envelope))
    }

    /// A bare array is the list itself.
    fn from_array(scan: &mut Scanner<'a>) -> Read<Option<Self>> {
        Ok(RowList::from_array(scan)?.map(|data| Self {
            data: Some(data),
            ..Self::default()
        }))
    }
}

/// An event list: the readable rows, read as they come, and how many rows were not.
/// Kept straight into the events: a list of every row first would raise the peak memory
/// of a large page (and wasm memory never shrinks).
#[derive(Default)]
struct RowList {
    events: Vec<AuditEvent>,
    unreadable: usize,
}

impl RowList {
    fn is_empty(&self) -> bool {
        self.events.is_empty() && self.unreadable == 0
    }

    fn push(&mut self, row: Option<AuditEvent>) {
        match row {
            Some(event) => self.events.push(event),
            None => self.unreadable += 1,
        }
    }
}

impl Shaped<'_> for RowList {
    #[cfg_attr(optimize_attribute, optimize(speed))]
    fn from_array(scan: &mut Scanner<'_>) -> Read<Option<Self>> {
        let mut rows = Self::default();
        scan.array(|scan| {
            rows.push(Row::read(scan)?.and_then(read_row));
            Ok(())
        })?;
        Ok(Some(rows))
    }
}

/// Reads a response body in one pass into its envelope and its event list: a bare array,
/// or the first array under `data`, `events` or `auditLogs`.
fn read_envelope(body: &str) -> Result<(Envelope<'_>, RowList), ShapeError> {
    let envelope = read_whole::<Envelope>(body).map_err(|Invalid| ShapeError::InvalidJson)?;
    let mut envelope = envelope.ok_or(ShapeError::NoEventList)?;
    let rows = [
        &mut envelope.data,
        &mut envelope.events,
        &mut envelope.audit_logs,
    ]
    .into_iter()
    .find_map(Option::take);
    // Rows beside an error are still shown; without any, the error is the answer.
    let no_rows = rows.as_ref().is_none_or(RowList::is_empty);
    if no_rows && envelope.error.is_some_and(reports_an_error) {
        return Err(ShapeError::Reported(error_message(body)));
    }
    Ok((envelope, rows.ok_or(ShapeError::NoEventList)?))
}

/// Whether an envelope's `error` says something went wrong: anything but `null`, `false`,
/// `0`, or an empty text, object or list.
fn reports_an_error(error: &str) -> bool {
    match Json::parse(error) {
        Some(Json::String(text)) => !is_blank(&text),
        Some(Json::Object(members)) => !members.is_empty(),
        Some(Json::Array(items)) => !items.is_empty(),
        // Not zero when a digit before any exponent is (a float parse here cost 13 KB).
        Some(Json::Number(number)) => number
            .bytes()
            .take_while(|&byte| !matches!(byte, b'e' | b'E'))
            .any(|byte| matches!(byte, b'1'..=b'9')),
        Some(Json::Bool(reported)) => reported,
        Some(Json::Null) | None => false,
    }
}

/// Reads a list response: `{data, listMetadata}`, a bare array, or an array under
/// `events` / `auditLogs`.
pub fn parse_list_response(body: &str) -> Result<EventPage, ShapeError> {
    let (envelope, rows) = read_envelope(body)?;
    let cursors = (envelope.list_metadata)
        .and_then(|metadata| read_whole::<Cursors>(metadata).ok()?)
        .unwrap_or_default();
    // Sent back exactly as it came, never redacted as shown text is; a blank one is none.
    let cursor = |json: Option<&str>| {
        scalar_text(json?)
            .filter(|cursor| !cursor.trim().is_empty())
            .map(Cow::into_owned)
    };
    let mut page = normalize(rows);
    page.before = cursor(cursors.before);
    page.after = cursor(cursors.after);
    Ok(page)
}

/// A list response's `listMetadata`.
#[derive(Default)]
struct Cursors<'a> {
    before: Option<&'a str>,
    after: Option<&'a str>,
}

impl<'a> Fields<'a> for Cursors<'a> {
    fn slot(&mut self, key: &str) -> Option<&mut Option<&'a str>> {
        match key {
            "before" => Some(&mut self.before),
            "after" => Some(&mut self.after),
            _ => None,
        }
    }
}

/// Reads an export response: `{data, count, nextCursor}` (or a bare event list).
pub fn parse_export_response(body: &str) -> Result<ExportPage, ShapeError> {
    let (envelope, rows) = read_envelope(body)?;
    let next_cursor = match envelope.next_cursor.and_then(parsed) {
        None | Some(Value::Null) => None,
        // As a list's blank cursor is none.
        Some(Value::String(blank)) if blank.trim().is_empty() => None,
        // Ending the export at a cursor it cannot follow would report a cut-short file
        // as complete.
        Some(cursor) => Some(whole_millis(&cursor).ok_or(ShapeError::BadCursor)?),
    };
    let page = normalize(rows);
    Ok(ExportPage {
        events: page.events,
        skipped: page.skipped,
        next_cursor,
    })
}

/// Beyond ±2^53 ms a float is no longer an exact integer (and far past any real event).
const MAX_EXACT_MS: u64 = 9_007_199_254_740_991;

/// Epoch milliseconds as a whole number, also when sent as a float (`1.7e12`, a fraction
/// dropped as an event's time drops it: the cursor of a page that ends on an event sent at
/// `…320000.7`) or a digit string.
fn whole_millis(value: &Value) -> Option<i64> {
    match value {
        // Worked out on the digits as sent: a float parse here cost the page 13 KB.
        Value::Number(n) => n.as_i64().or_else(|| truncated(n.as_str())),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// The `message` (or `error`) a backend put in its JSON error body, kept short and without
/// the secrets it may echo (a request's header or URL), as a free-form field is.
pub fn error_message(body: &str) -> Option<String> {
    #[derive(Default)]
    struct ErrorBody<'a> {
        message: Option<&'a str>,
        error: Option<&'a str>,
    }
    impl<'a> Fields<'a> for ErrorBody<'a> {
        fn slot(&mut self, key: &str) -> Option<&mut Option<&'a str>> {
            match key {
                "message" => Some(&mut self.message),
                "error" => Some(&mut self.error),
                _ => None,
            }
        }
    }
    let ErrorBody { message, error } = read_whole(body).ok()??;
    // `{"error": {"message": …}}`, as many APIs nest it.
    let nested = error
        .and_then(|error| read_whole::<ErrorBody>(error).ok()?)
        .and_then(|nested| nested.message);
    // A blank `message` gives way to the `error` beside it. What shows nothing goes first
    // (a line break becomes a space): the message sits inside the app's own sentence ("… Try
    // again in 2 minutes."), which a direction override in it would turn around, and a
    // zero-width space or a soft hyphen between a secret's letters would hide its name from
    // redaction while the admin reads it.
    let message = [message, error, nested]
        .into_iter()
        .flatten()
        .filter_map(string_text)
        .map(|text| {
            (text.chars())
                .filter_map(|c| match invisible(c) {
                    true if c.is_whitespace() => Some(' '),
                    true => None,
                    false => Some(c),
                })
                .collect::<String>()
        })
        .find(|text| !is_blank(text))?;
    let message = message.trim();
    let shown = redact_string(message).unwrap_or_else(|| message.to_owned());
    Some(shown.chars().take(200).collect())
}

/// Normalises rows, skipping unreadable ones and repeated ids (keys must be unique).
pub fn normalize_rows(rows: &[Value]) -> EventPage {
    let mut list = RowList::default();
    for row in rows {
        list.push(normalize_event(row));
    }
    normalize(list)
}

fn normalize(rows: RowList) -> EventPage {
    let RowList {
        mut events,
        unreadable,
    } = rows;
    let read = events.len();
    // Ids are compared where they lie: a copy of each would cost an allocation per row.
    let mut seen = rustc_hash::FxHashSet::with_capacity_and_hasher(read, Default::default());
    let first: Vec<bool> = events
        .iter()
        .map(|event| seen.insert(event.id.as_str()))
        .collect();
    drop(seen);
    let mut first = first.into_iter();
    events.retain(|_| first.next().unwrap_or(true));
    EventPage {
        skipped: unreadable + read - events.len(),
        events,
        ..EventPage::default()
    }
}

/// An object read field by field: `slot` names where a key's value goes, and the rest is
/// skipped unread. The last of a repeated key wins, as in any JSON reader.
trait Fields<'a>: Default {
    fn slot(&mut self, key: &str) -> Option<&mut Option<&'a str>>;

    /// Reads the value of a key [`Fields::slot`] does not keep, for a field not kept as
    /// sent; `false` skips it.
    fn read_now(&mut self, _key: &str, _scan: &mut Scanner<'a>) -> Read<bool> {
        Ok(false)
    }
}

/// A type read from one JSON shape (an object, an array, a string holding JSON, or some of
/// these). Any other value is read past as `None`: one odd row or list costs only itself,
/// not the response. Only text that is not JSON fails.
trait Shaped<'a>: Sized {
    fn from_object(scan: &mut Scanner<'a>) -> Read<Option<Self>> {
        scan.value().map(|_| None)
    }

    fn from_array(scan: &mut Scanner<'a>) -> Read<Option<Self>> {
        scan.value().map(|_| None)
    }

    fn from_text(_text: &str) -> Option<Self> {
        None
    }

    fn read(scan: &mut Scanner<'a>) -> Read<Option<Self>> {
        match scan.peek() {
            Some(b'{') => Self::from_object(scan),
            Some(b'[') => Self::from_array(scan),
            Some(b'"') => Ok(Self::from_text(scan.string()?)),
            _ => scan.value().map(|_| None),
        }
    }
}

/// Every [`Fields`] is read from an object.
impl<'a, T: Fields<'a>> Shaped<'a> for T {
    #[cfg_attr(optimize_attribute, optimize(speed))]
    fn from_object(scan: &mut Scanner<'a>) -> Read<Option<Self>> {
        let mut fields = T::default();
        scan.object(|scan, key| {
            let key = &*key;
            if let Some(slot) = fields.slot(key) {
                let value = scan.value()?;
                // `null` is as good as absent: a null time gives way to the next.
                *slot = (value != "null").then_some(value);
            } else if !fields.read_now(key, scan)? {
                scan.value()?;
            }
            Ok(())
        })?;
        Ok(Some(fields))
    }
}

/// A whole text read as one [`Shaped`] value.
fn read_whole<'a, T: Shaped<'a>>(text: &'a str) -> Read<Option<T>> {
    let mut scan = Scanner::new(text);
    let read = T::read(&mut scan)?;
    scan.end()?;
    Ok(read)
}

/// Every field any known shape has, each as sent. The rest of a row is skipped unread:
/// building a whole row as a `Value` was most of the cost of reading a large page.
#[derive(Default)]
struct Row<'a> {
    id: Option<&'a str>,
    action: Option<&'a str>,
    occurred_at: Option<&'a str>,
    timestamp: Option<&'a str>,
    created_at: Option<&'a str>,
    actor: Option<&'a str>,
    actor_type: Option<&'a str>,
    actor_id: Option<&'a str>,
    actor_name: Option<&'a str>,
    actor_email: Option<&'a str>,
    actor_metadata: Option<&'a str>,
    targets: Option<Targets>,
    target: Option<Targets>,
    context: Option<&'a str>,
    organization_id: Option<&'a str>,
    ip_address: Option<&'a str>,
    user_agent: Option<&'a str>,
    request_id: Option<&'a str>,
    changes: Option<&'a str>,
    metadata: Option<&'a str>,
}

impl<'a> Fields<'a> for Row<'a> {
    #[cfg_attr(optimize_attribute, optimize(speed))]
    fn slot(&mut self, key: &str) -> Option<&mut Option<&'a str>> {
        // Matched as bytes, which compiles to a test of the length and then of each byte
        // instead of a call comparing strings per name (in the size-optimised wasm): a
        // sixth of the time of reading a large page, for 0.45 KB.
        Some(match key.as_bytes() {
            b"id" => &mut self.id,
            b"action" => &mut self.action,
            b"occurredAt" => &mut self.occurred_at,
            b"timestamp" => &mut self.timestamp,
            b"createdAt" => &mut self.created_at,
            b"actor" => &mut self.actor,
            b"actorType" => &mut self.actor_type,
            b"actorId" => &mut self.actor_id,
            b"actorName" => &mut self.actor_name,
            b"actorEmail" => &mut self.actor_email,
            b"actorMetadata" => &mut self.actor_metadata,
            b"context" => &mut self.context,
            b"organizationId" => &mut self.organization_id,
            b"ipAddress" => &mut self.ip_address,
            b"userAgent" => &mut self.user_agent,
            b"requestId" => &mut self.request_id,
            b"changes" => &mut self.changes,
            b"metadata" => &mut self.metadata,
            _ => return None,
        })
    }

    /// Targets are read with the row: a string that holds them (the shipped backend's
    /// shape) is then unescaped once, by the reader of the whole body, and not kept.
    fn read_now(&mut self, key: &str, scan: &mut Scanner<'a>) -> Read<bool> {
        let field = match key {
            "targets" => &mut self.targets,
            "target" => &mut self.target,
            _ => return Ok(false),
        };
        *field = Targets::read(scan)?;
        Ok(true)
    }
}

/// Reads one event of any known shape; `None` when it has no usable id. A numeric id (an
/// integer primary key) is read as its digits; spaces around an id are dropped, as the URL
/// that opens the event drops them.
pub fn normalize_event(row: &Value) -> Option<AuditEvent> {
    // Through its text, the one way rows are read.
    read_whole::<Row>(&row.to_string()).ok()?.and_then(read_row)
}

fn read_row(row: Row<'_>) -> Option<AuditEvent> {
    let mut id = raw_text(row.id?)?;
    // Most ids begin and end with a visible ASCII character, which settles it at once.
    let bytes = id.as_bytes();
    let visible_edges = visible_ascii(bytes.first()) && visible_ascii(bytes.last());
    if !visible_edges && id.trim().len() != id.len() {
        id = id.trim().to_owned();
    }
    let context_json = row.context.and_then(decoded_text);
    let context = (context_json.as_deref())
        .and_then(|json| read_whole::<NamedFields<ContextNames>>(json).ok()?)
        .unwrap_or_default();
    let [organization_id, ip_address, user_agent, request_id] = context.named;
    // Flat rows carry context fields at the top level; docs rows nest them in `context`.
    let context_text = |flat: Option<&str>, nested: Option<&str>| {
        flat.and_then(raw_text)
            .or_else(|| nested.and_then(raw_text))
    };
    // The first time that reads: a garbled `occurredAt` gives way to `createdAt`.
    let occurred_at = [row.occurred_at, row.timestamp, row.created_at]
        .into_iter()
        .flatten()
        .find_map(parse_time);
    // Often the same text as `occurredAt` (as in the contract's example row), which is then
    // not read twice.
    let recorded_at = match row.created_at {
        Some(raw) if row.occurred_at == Some(raw) => occurred_at,
        raw => raw.and_then(parse_time),
    };
    Some(AuditEvent {
        id,
        action: row.action.and_then(raw_text).unwrap_or_default(),
        occurred_at,
        recorded_at,
        actor: read_actor(&row),
        // An empty list beside a target (a row of both shapes) says nothing of it.
        targets: (row.targets.filter(|targets| !targets.0.is_empty()))
            .or(row.target)
            .unwrap_or_default()
            .0,
        organization_id: context_text(row.organization_id, organization_id),
        ip_address: context_text(row.ip_address, ip_address),
        user_agent: context_text(row.user_agent, user_agent),
        request_id: context_text(row.request_id, request_id),
        context: LazyJson::object(context.other),
        changes: row.changes.map(LazyJson::sent),
        metadata: row.metadata.map(LazyJson::sent),
    })
}

/// A field as a `Value`, for the few that are read as a whole, once an event is opened or
/// exported.
fn parsed(raw: &str) -> Option<Value> {
    serde_json::from_str(raw).ok()
}

/// What a person reads of a field: a string's text, or a number as sent; an empty string
/// counts as absent. JSON with secrets in a text field loses them here, since every view
/// shows these fields.
#[cfg_attr(optimize_attribute, optimize(speed))]
fn raw_text(json: &str) -> Option<String> {
    // A string without escapes is its text between the quotes: no second reading.
    // Compared as bytes: `strip_prefix('"')` is a call per field in the size-optimised wasm.
    if let [b'"', inside @ .., b'"'] = json.as_bytes() {
        if memchr::memchr(b'\\', inside).is_none() {
            return shown_text(&json[1..json.len() - 1]);
        }
    }
    shown_text(&scalar_text(json)?)
}

/// The docs' nested `actor` object, each field it lacks read from the flat row's column, so a
/// row that sends both loses neither.
fn read_actor(row: &Row<'_>) -> Actor {
    let json = row.actor.and_then(decoded_text);
    let nested = (json.as_deref())
        .and_then(|json| read_whole::<ActorFields>(json).ok()?)
        .unwrap_or_default();
    let field = |nested: Option<&str>, flat: Option<&str>| {
        nested
            .and_then(raw_text)
            .or_else(|| flat.and_then(raw_text))
    };
    Actor {
        kind: field(nested.kind, row.actor_type),
        id: field(nested.id, row.actor_id),
        name: field(nested.name, row.actor_name),
        email: field(nested.email, row.actor_email),
        // Blank metadata gives way to the flat column's.
        metadata: (nested.metadata.filter(|json| decoded_text(json).is_some()))
            .or(row.actor_metadata)
            .map(LazyJson::sent),
    }
}

/// The docs' nested `actor`.
#[derive(Default)]
struct ActorFields<'a> {
    kind: Option<&'a str>,
    id: Option<&'a str>,
    name: Option<&'a str>,
    email: Option<&'a str>,
    metadata: Option<&'a str>,
}

impl<'a> Fields<'a> for ActorFields<'a> {
    fn slot(&mut self, key: &str) -> Option<&mut Option<&'a str>> {
        Some(match key {
            "type" => &mut self.kind,
            "id" => &mut self.id,
            "name" => &mut self.name,
            "email" => &mut self.email,
            "metadata" => &mut self.metadata,
            _ => return None,
        })
    }
}

/// An object read as four named fields and the rest, each as sent: a target's type and
/// names, or the docs' `context`, whose named fields an event lifts into its own. Any other
/// field is kept too: an audit trail's details and exports leave nothing out.
struct NamedFields<'a, N> {
    named: [Option<&'a str>; 4],
    other: Vec<(String, &'a str)>,
    names: PhantomData<N>,
}

trait FieldNames {
    const NAMES: [&'static str; 4];
}

struct TargetNames;

impl FieldNames for TargetNames {
    const NAMES: [&'static str; 4] = ["type", "id", "name", "email"];
}

struct ContextNames;

impl FieldNames for ContextNames {
    const NAMES: [&'static str; 4] = ["organizationId", "ipAddress", "userAgent", "requestId"];
}

impl<N> Default for NamedFields<'_, N> {
    fn default() -> Self {
        Self {
            named: [None; 4],
            other: Vec::new(),
            names: PhantomData,
        }
    }
}

impl<'a, N: FieldNames> Fields<'a> for NamedFields<'a, N> {
    /// None: which list a field joins depends on its value (see `read_now`).
    fn slot(&mut self, _key: &str) -> Option<&mut Option<&'a str>> {
        None
    }

    fn read_now(&mut self, key: &str, scan: &mut Scanner<'a>) -> Read<bool> {
        let value = scan.value()?;
        match N::NAMES.iter().position(|name| *name == key) {
            // Text or a number, read as a named field's text.
            Some(at) if matches!(value.as_bytes().first(), Some(b'"' | b'-' | b'0'..=b'9')) => {
                self.named[at] = Some(value);
            }
            // `null` is as good as absent.
            Some(_) if value == "null" => {}
            // A named field that holds no text (a list of addresses, say) is kept with the
            // rest, not dropped.
            _ => self.other.push((key.to_owned(), value)),
        }
        Ok(true)
    }
}

/// A target field: one target, or a list of them (items that are not objects are skipped),
/// or a string holding either; a field of any other shape, or a string that holds none,
/// reads as no targets.
#[derive(Default)]
struct Targets(Vec<Target>);

impl<'a> Shaped<'a> for Targets {
    fn from_object(scan: &mut Scanner<'a>) -> Read<Option<Self>> {
        let target = TargetFields::from_object(scan)?.and_then(read_target);
        Ok(Some(Self(target.into_iter().collect())))
    }

    fn from_array(scan: &mut Scanner<'a>) -> Read<Option<Self>> {
        // Room for one: most events have one target, and a vector's first growth holds four.
        let mut targets = Vec::with_capacity(1);
        scan.array(|scan| {
            targets.extend(TargetFields::read(scan)?.and_then(read_target));
            Ok(())
        })?;
        Ok(Some(Self(targets)))
    }

    /// The JSON in a string is read once: a string in it is not read again.
    fn from_text(json: &str) -> Option<Self> {
        if json.trim_start().starts_with('"') {
            return None;
        }
        read_whole(json).ok()?
    }
}

type TargetFields<'a> = NamedFields<'a, TargetNames>;

fn read_target(fields: TargetFields<'_>) -> Option<Target> {
    let [kind, id, name, email] = fields.named.map(|field| field.and_then(raw_text));
    let read = Target {
        kind,
        id,
        name,
        email,
        other: LazyJson::object(fields.other),
    };
    (read != Target::default()).then_some(read)
}

/// The JSON text of a structured field: the field's own text, or the JSON a string holds
/// (the real backend stores these as strings); a string that holds no JSON stays that
/// string, and an empty one is `None`.
fn decoded_text(text: &str) -> Option<Cow<'_, str>> {
    if !text.starts_with('"') {
        return Some(Cow::Borrowed(text));
    }
    let inner = string_text(text)?;
    if inner.trim().is_empty() {
        None
    } else if is_json(&inner) {
        Some(Cow::Owned(inner.into_owned()))
    } else {
        Some(Cow::Borrowed(text))
    }
}

#[cfg_attr(optimize_attribute, optimize(speed))]
fn shown_text(s: &str) -> Option<String> {
    (!is_blank(s)).then(|| redact_text(s))
}

/// Only spaces, of any script, and characters that show nothing (a zero-width space, a
/// filler): an actor named so would show as no one rather than by the email. Most texts
/// start with a visible ASCII character, which settles it without decoding a character.
fn is_blank(s: &str) -> bool {
    !visible_ascii(s.as_bytes().first()) && s.chars().all(|c| c.is_whitespace() || invisible(c))
}

/// A byte that is a whole character, and one no space of any script begins with.
fn visible_ascii(byte: Option<&u8>) -> bool {
    matches!(byte, Some(b'!'..=b'~'))
}

/// Epoch milliseconds (number or digit string) or an ISO 8601 string (see [`as_rfc3339`]).
/// `json` is the field's JSON text.
pub fn parse_time(json: &str) -> Option<DateTime<Utc>> {
    let time = match json.as_bytes().first()? {
        // Most are whole numbers, read at once.
        b'-' | b'0'..=b'9' => from_epoch_ms(json.parse().ok().or_else(|| truncated(json))?),
        b'"' => {
            let text = string_text(json)?;
            let s = text.trim();
            let rfc3339 = |s: &str| DateTime::parse_from_rfc3339(s).ok();
            rfc3339(s)
                .or_else(|| rfc3339(&as_rfc3339(s)?))
                .map(|t| t.with_timezone(&Utc))
                .or_else(|| from_epoch_ms(s.parse().ok()?))
        }
        _ => None,
    }?;
    // Years 1 to 9999, as RFC 3339 and HTML's `datetime` write them: chrono's own range
    // ends near ±262,000 years, and a day or an hour added past it would panic.
    (1..=9999).contains(&time.year()).then_some(time)
}

/// ISO 8601 also writes what RFC 3339 does not, and browsers read: a date alone (midnight
/// UTC, as `Date` reads it), a time without its seconds, an offset without its colon
/// (`+0200`). The same instant as RFC 3339 text. A time without an offset is left unread,
/// since it could be in any zone.
fn as_rfc3339(s: &str) -> Option<String> {
    if s.len() == 10 {
        return Some(format!("{s}T00:00:00Z"));
    }
    // `YYYY-MM-DDTHH:MM` and then the offset. Checked as bytes: the text may hold any
    // character, not only ASCII.
    let s = match s.as_bytes().get(16) {
        Some(b'Z' | b'z' | b'+' | b'-') => format!("{}:00{}", &s[..16], &s[16..]),
        _ => s.to_owned(),
    };
    let (time, offset) = s.split_at_checked(s.len().checked_sub(5)?)?;
    let [sign @ (b'+' | b'-'), digits @ ..] = offset.as_bytes() else {
        return Some(s);
    };
    if !digits.iter().all(u8::is_ascii_digit) || !time.contains(['T', 't', ' ']) {
        return Some(s);
    }
    let (hours, minutes) = offset[1..].split_at(2);
    Some(format!("{time}{}{hours}:{minutes}", char::from(*sign)))
}

fn from_epoch_ms(ms: i64) -> Option<DateTime<Utc>> {
    if ms.unsigned_abs() > MAX_EXACT_MS {
        return None;
    }
    DateTime::from_timestamp_millis(ms)
}

/// A JSON number's whole part (`1.7e12` is 1,700,000,000,000), worked out on its digits;
/// `None` beyond ±2^53, where no time is. `number` is a JSON number's text.
fn truncated(number: &str) -> Option<i64> {
    let (sign, unsigned) = match number.strip_prefix('-') {
        Some(unsigned) => (-1, unsigned),
        None => (1, number),
    };
    let (mantissa, exponent) = match unsigned.split_once(['e', 'E']) {
        Some((mantissa, exponent)) => (mantissa, exponent.parse::<i64>().ok()?),
        None => (unsigned, 0),
    };
    let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let digits = || whole.bytes().chain(fraction.bytes());
    let zeros = digits().take_while(|&digit| digit == b'0').count();
    if zeros == whole.len() + fraction.len() {
        return Some(0);
    }
    // Where the point falls after the leading zeros: the whole part's number of digits.
    let point = (whole.len() as i64 - zeros as i64).checked_add(exponent)?;
    if point > 16 {
        return None;
    }
    let whole_digits = digits().skip(zeros).chain(std::iter::repeat(b'0'));
    let value = (whole_digits.take(point.max(0) as usize))
        .fold(0, |value: i64, digit| value * 10 + i64::from(digit - b'0'));
    (value.unsigned_abs() <= MAX_EXACT_MS).then_some(sign * value)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn one(row: Value) -> AuditEvent {
        normalize_event(&row).expect("readable row")
    }

    fn at(iso: &str) -> Option<DateTime<Utc>> {
        Some(iso.parse().unwrap())
    }

    #[test]
    fn reads_the_documented_shape() {
        let event = one(json!({
            "id": "aud_1", "action": "user.created", "occurredAt": "2025-06-15T14:32:00.000Z",
            "actor": { "type": "admin", "id": "usr_1", "email": "a@acme.com", "name": "Ada" },
            "target": { "type": "user", "id": "usr_2", "email": "jane@acme.com" },
            "context": { "organizationId": "org_1", "ipAddress": "203.0.113.42", "region": "eu" },
            "changes": { "before": { "role": "member" }, "after": { "role": "admin" } }
        }));
        assert_eq!(event.action, "user.created");
        assert_eq!(event.occurred_at, at("2025-06-15T14:32:00Z"));
        assert_eq!(event.actor.label(), "Ada");
        assert_eq!(event.actor.kind.as_deref(), Some("admin"));
        assert_eq!(event.targets.len(), 1);
        assert_eq!(event.targets[0].email.as_deref(), Some("jane@acme.com"));
        assert_eq!(event.organization_id.as_deref(), Some("org_1"));
        assert_eq!(event.ip_address.as_deref(), Some("203.0.113.42"));
        let context = event.context.unwrap().get().unwrap();
        assert_eq!(Value::Object(context), json!({ "region": "eu" }));
        let changes = event.changes.unwrap().get().unwrap();
        assert_eq!(changes.before, json!({ "role": "member" }));
        assert_eq!(changes.after, json!({ "role": "admin" }));
    }

    #[test]
    fn reads_the_docs_variants_timestamp_and_targets_array() {
        let event = one(json!({
            "id": "aud_2", "action": "member.invited", "timestamp": "2025-06-15T16:32:00+02:00",
            "actor": { "type": "user", "id": "usr_9" },
            "targets": [{ "type": "user", "id": "usr_3" }, { "type": "organization", "id": "org_2" }]
        }));
        assert_eq!(event.occurred_at, at("2025-06-15T14:32:00Z"));
        assert_eq!(event.targets.len(), 2);
        assert_eq!(event.targets[1].label(), "organization org_2");
        assert_eq!(event.actor.label(), "usr_9");
    }

    #[test]
    fn unreadable_targets_give_way_to_a_target_and_json_is_unwrapped_from_one_string_only() {
        let event = one(json!({
            "id": "aud_3", "targets": "\"[{\\\"id\\\":\\\"usr_4\\\"}]\"",
            "target": "{\"type\":\"user\",\"id\":\"usr_5\",\"name\":\"Jane <b>\"}"
        }));
        assert_eq!(event.targets.len(), 1);
        assert_eq!(event.targets[0].label(), "user Jane <b>");
        assert_eq!(event.targets[0].described(), "user Jane <b>, usr_5");
        let event = one(json!({ "id": "aud_5", "targets": "[]", "target": { "id": "usr_7" } }));
        assert_eq!(event.targets.len(), 1);

        let event = one(json!({ "id": "aud_4", "targets": [{ "id": "usr_6" }, 7, "x", {}] }));
        assert_eq!(event.targets.len(), 1);
        assert_eq!(event.targets[0].label(), "usr_6");
        assert_eq!(event.targets[0].described(), "usr_6");
        let nameless = Target {
            kind: Some("user".into()),
            ..Target::default()
        };
        assert_eq!(nameless.described(), "user unknown");
    }

    #[test]
    fn a_targets_field_that_cannot_be_built_costs_only_itself() {
        // Half a character is the one thing the decoder refuses; a number past any float's
        // range is kept as written (exponent form normalised).
        let body = r#"[{"id": "e", "targets": [{"type": "webhook", "url": "https://h/x", "n": 1e400, "s": "\ud800"}]}]"#;
        let page = parse_list_response(body).unwrap();
        assert_eq!(
            page.events[0].targets[0].described(),
            "webhook unknown; url: https://h/x; n: 1e+400"
        );
    }

    #[test]
    fn a_targets_other_fields_are_kept_as_sent_in_order() {
        let event = one(json!({
            "id": "aud_5",
            "targets": "[{\"type\":\"webhook\",\"id\":\"wh_1\",\"url\":\"https://hooks.example.com/x\",\"events\":[\"user.created\"],\"na\\u006de\":\"Ops\"}]"
        }));
        let target = &event.targets[0];
        assert_eq!(target.label(), "webhook Ops");
        let other = target.other.as_ref().unwrap().get().unwrap();
        assert_eq!(
            Value::Object(other),
            json!({ "url": "https://hooks.example.com/x", "events": ["user.created"] })
        );
        assert_eq!(
            target.described(),
            r#"webhook Ops, wh_1; url: https://hooks.example.com/x; events: ["user.created"]"#
        );
        // Only a field of its own makes a target of an object.
        let event = one(json!({ "id": "aud_6", "targets": [{ "url": "https://x" }, {}] }));
        assert_eq!(event.targets.len(), 1);
        assert_eq!(event.targets[0].label(), "unknown");
    }

    #[test]
    fn reads_the_real_backends_flat_rows() {
        let event = one(json!({
            "id": "k17a", "projectId": "proj_1", "action": "user.create", "version": 1,
            "actorType": "user", "actorId": "usr_1", "actorEmail": "a@acme.com",
            "actorMetadata": "{\"plan\":\"pro\"}",
            "targets": "[{\"type\":\"user\",\"id\":\"usr_2\"}]",
            "organizationId": "org_1", "ipAddress": "203.0.113.42", "userAgent": "Mozilla/5.0",
            "requestId": "req_1", "changes": "{\"before\":{\"a\":1},\"after\":{\"a\":2}}",
            "idempotencyKey": "k1", "metadata": "{\"k\":\"v\"}",
            "occurredAt": 1750000320000_i64, "createdAt": 1750000320000_i64
        }));
        assert_eq!(event.occurred_at, at("2025-06-15T15:12:00Z"));
        assert_eq!(event.actor.label(), "a@acme.com");
        assert_eq!(
            event.actor.metadata.unwrap().get().unwrap(),
            json!({ "plan": "pro" })
        );
        assert_eq!(event.targets[0].id.as_deref(), Some("usr_2"));
        assert_eq!(event.user_agent.as_deref(), Some("Mozilla/5.0"));
        assert_eq!(event.request_id.as_deref(), Some("req_1"));
        assert_eq!(event.metadata.unwrap().get(), Some(json!({ "k": "v" })));
        assert_eq!(
            event.changes.unwrap().get().unwrap().after,
            json!({ "a": 2 })
        );
    }

    #[test]
    fn a_nested_actor_takes_the_fields_it_lacks_from_the_flat_columns() {
        let event = one(json!({
            "id": "e", "actor": { "type": "user", "id": "usr_1" },
            "actorId": "usr_other", "actorName": "Ada", "actorMetadata": "{\"plan\":\"pro\"}"
        }));
        assert_eq!(event.actor.id.as_deref(), Some("usr_1"));
        assert_eq!(event.actor.label(), "Ada");
        assert_eq!(
            event.actor.metadata.unwrap().get(),
            Some(json!({ "plan": "pro" }))
        );
    }

    #[test]
    fn actor_label_prefers_name_then_email_then_id_then_type() {
        let mut actor = Actor {
            id: Some("usr_1".into()),
            email: Some("a@acme.com".into()),
            name: Some("Ada".into()),
            ..Actor::default()
        };
        assert_eq!(actor.label(), "Ada");
        actor.name = None;
        assert_eq!(actor.label(), "a@acme.com");
        actor.email = None;
        assert_eq!(actor.label(), "usr_1");
        actor.id = None;
        assert_eq!(actor.label(), "Unknown actor");
        actor.kind = Some("system".into());
        assert_eq!(actor.label(), "system");
    }

    #[test]
    fn empty_strings_count_as_absent() {
        let event = one(json!({ "id": "e", "actorName": "", "actorEmail": " ", "actorId": "u" }));
        assert_eq!(event.actor.label(), "u");
    }

    #[test]
    fn unreadable_time_keeps_the_row_without_a_time() {
        for time in [
            json!("not a date"),
            json!(true),
            json!({}),
            json!(1e20),
            json!(-1e300),
            json!("2025-13-45T99:00:00Z"),
            // Years that RFC 3339 cannot write, up to the last millisecond chrono can hold.
            json!(253_402_300_800_000_i64),
            json!(8_210_266_876_799_999_i64),
            json!("8210266876799999"),
            json!(-62_135_596_800_001_i64),
            json!("0000-12-31T23:00:00+02:00"),
        ] {
            let event = one(json!({ "id": "e", "action": "user.created", "occurredAt": time }));
            assert_eq!(event.occurred_at, None, "{time}");
            assert_eq!(event.action, "user.created");
        }
    }

    #[test]
    fn reads_iso_8601_beyond_rfc_3339_but_not_times_without_an_offset() {
        for (sent, read) in [
            ("2025-06-15T14:32:00+0200", "2025-06-15T12:32:00Z"),
            ("2025-06-15T14:32:00.5-0530", "2025-06-15T20:02:00.5Z"),
            ("2025-06-15T14:32Z", "2025-06-15T14:32:00Z"),
            ("2025-06-15t14:32z", "2025-06-15T14:32:00Z"),
            ("2025-06-15T14:32+0200", "2025-06-15T12:32:00Z"),
            ("2025-06-15 14:32-05:00", "2025-06-15T19:32:00Z"),
            ("2025-06-15", "2025-06-15T00:00:00Z"),
        ] {
            assert_eq!(parse_time(&json!(sent).to_string()), at(read), "{sent}");
        }
        for unread in [
            "2025-06-15T14:32:00",
            "2025-06-15T14:32",
            "2025-06-15T14:32Y",
            "2025-13-15",
            "2025-06-15+0200",
            "2025-06-15T14:32:00+02",
            "2025-06-15T14:32:00+2400",
            "T+0200",
            "\"𞸹\"",
            "2025-06-15T14:32:00é123",
        ] {
            assert_eq!(parse_time(&json!(unread).to_string()), None, "{unread}");
        }
    }

    #[test]
    fn reads_epoch_millis_as_a_number_or_digit_string() {
        assert_eq!(
            parse_time(&json!(0).to_string()),
            at("1970-01-01T00:00:00Z")
        );
        assert_eq!(
            parse_time(&json!(-1000).to_string()),
            at("1969-12-31T23:59:59Z")
        );
        assert_eq!(
            parse_time(&json!("1750000320000").to_string()),
            at("2025-06-15T15:12:00Z")
        );
        assert_eq!(
            parse_time(&json!(1750000320000.7).to_string()),
            at("2025-06-15T15:12:00Z")
        );
    }

    #[test]
    fn a_number_of_millis_is_read_on_its_digits_in_any_json_form() {
        for (number, whole) in [
            ("0", Some(0)),
            ("-0.0", Some(0)),
            ("0e999999999", Some(0)),
            ("1.75e12", Some(1_750_000_000_000)),
            ("175E10", Some(1_750_000_000_000)),
            ("1750000320000.9", Some(1_750_000_320_000)),
            ("-1750000320000.9", Some(-1_750_000_320_000)),
            ("17500003200009e-1", Some(1_750_000_320_000)),
            ("0.0001750000320000e16", Some(1_750_000_320_000)),
            ("0.5", Some(0)),
            ("-5e-1", Some(0)),
            ("1e-999999999999", Some(0)),
            ("9007199254740991", Some(9_007_199_254_740_991)),
            ("-9007199254740991", Some(-9_007_199_254_740_991)),
            ("9007199254740992", None),
            ("1e16", None),
            ("1e300", None),
            ("1e99999999999999999999", None),
        ] {
            assert_eq!(truncated(number), whole, "{number}");
        }
    }

    #[test]
    fn structured_fields_read_when_looked_at_as_they_would_have_at_load() {
        let event = one(json!({
            "id": "e1",
            "changes": "{\"other\":1}",
            "metadata": "   ",
            "actorMetadata": "not json",
        }));
        assert_eq!(
            event.changes.unwrap().get(),
            None,
            "no before and no after: no change"
        );
        assert_eq!(
            event.metadata.unwrap().get(),
            None,
            "a blank string holds nothing"
        );
        assert_eq!(event.actor.metadata.unwrap().get(), Some(json!("not json")));
        // A decoded value kept again (as redaction does) reads back as itself, even a
        // string that holds JSON.
        for value in [
            json!("{\"a\":1}"),
            json!(""),
            json!({ "a": [1, "x"] }),
            json!(3),
        ] {
            assert_eq!(LazyJson::<Value>::new(value.clone()).get(), Some(value));
        }
    }

    #[test]
    fn actor_and_context_are_read_from_json_strings_as_the_other_fields_are() {
        let event = one(json!({
            "id": "e",
            "actor": "{\"type\":\"user\",\"id\":\"u8\",\"name\":\"Ada\"}",
            "context": "{\"organizationId\":\"org_1\",\"region\":\"eu\"}"
        }));
        assert_eq!(event.actor.label(), "Ada");
        assert_eq!(event.actor.id.as_deref(), Some("u8"));
        assert_eq!(event.organization_id.as_deref(), Some("org_1"));
        let context = event.context.unwrap().get().unwrap();
        assert_eq!(Value::Object(context), json!({ "region": "eu" }));
        // Nothing left once its fields are lifted: no map kept.
        let lifted = one(json!({ "id": "e", "context": { "requestId": "req_1" } }));
        assert_eq!(lifted.request_id.as_deref(), Some("req_1"));
        assert_eq!(lifted.context, None);
    }

    #[test]
    fn changes_that_are_not_a_pair_are_kept_as_sent() {
        let changes = |sent: Value| one(json!({ "id": "e", "changes": sent })).changes.unwrap();
        let sentence = changes(json!("role changed from member to admin"));
        assert_eq!(sentence.get(), None);
        assert_eq!(
            sentence.to_value(),
            Some(json!("role changed from member to admin"))
        );
        let new_values = changes(json!("{\"role\":\"admin\"}"));
        assert_eq!(new_values.get(), None);
        assert_eq!(new_values.to_value(), Some(json!({ "role": "admin" })));
        assert_eq!(
            changes(json!({ "after": { "role": "admin" } })).to_value(),
            Some(json!({ "before": null, "after": { "role": "admin" } }))
        );
        assert_eq!(
            changes(json!({ "after": { "role": "admin" } })).unpaired(),
            None
        );
        for nothing in [
            json!({ "before": null, "after": null }),
            json!({ "before": null }),
            json!("{}"),
            json!("null"),
            json!([]),
        ] {
            assert_eq!(changes(nothing.clone()).to_value(), None, "{nothing}");
        }
    }

    #[test]
    fn changes_kept_field_by_field_are_the_same_pair() {
        let changes = |sent: Value| one(json!({ "id": "e", "changes": sent })).changes.unwrap();
        let by_field = changes(json!({
            "role": { "before": "member", "after": "admin" },
            "email": { "after": "ada@acme.com" },
            "phone": { "before": null },
        }));
        assert_eq!(
            by_field.get(),
            Some(Changes {
                before: json!({ "role": "member", "phone": null }),
                after: json!({ "role": "admin", "email": "ada@acme.com" }),
            })
        );
        assert_eq!(by_field.unpaired(), None);
        // The same, sent as a JSON string as the shipped backend sends its fields.
        let sent_as_text = changes(json!(
            "{\"role\":{\"before\":\"member\",\"after\":\"admin\"}}"
        ));
        assert_eq!(
            sent_as_text.get().map(|pair| pair.after),
            Some(json!({ "role": "admin" }))
        );
        // Anything else beside a field's sides, or a field without them, is not a pair.
        for not_by_field in [
            json!({ "role": { "before": "member", "after": "admin", "by": "ops" } }),
            json!({ "role": { "before": "member" }, "plan": "pro" }),
            json!({ "role": {} }),
        ] {
            let sent = changes(not_by_field.clone());
            assert_eq!(sent.get(), None, "{not_by_field}");
            assert_eq!(sent.unpaired(), Some(not_by_field));
        }
    }

    #[test]
    fn a_field_nested_too_deep_to_build_says_so_rather_than_holding_nothing() {
        let deep = format!("{}1{}", "{\"a\":".repeat(130), "}".repeat(130));
        let event = one(json!({
            "id": "e",
            "metadata": format!("{{\"reason\":\"demotion\",\"tree\":{deep}}}"),
            "changes": format!("{{\"before\":{{\"role\":\"owner\",\"prefs\":{deep}}},\"after\":{{\"role\":\"member\"}}}}"),
        }));
        let unreadable = Some(Value::from(UNREADABLE));
        assert_eq!(event.metadata.unwrap().get(), unreadable);
        // Not a pair whose before is missing ("role added"): the changes could not be read.
        let changes = event.changes.unwrap();
        assert_eq!(changes.get(), None);
        assert_eq!(changes.unpaired(), unreadable);
        assert_eq!(changes.to_value(), unreadable);
    }

    #[test]
    fn a_named_context_or_target_field_that_holds_no_text_is_kept_with_the_rest() {
        let event = one(json!({
            "id": "e",
            "context": { "ipAddress": ["203.0.113.1", "10.0.0.1"], "userAgent": { "browser": "Chrome" }, "requestId": null },
            "targets": [{ "id": "usr_1", "name": true }],
        }));
        assert_eq!((event.ip_address, event.user_agent), (None, None));
        assert_eq!(
            event.context.and_then(|context| context.get()),
            json!({ "ipAddress": ["203.0.113.1", "10.0.0.1"], "userAgent": { "browser": "Chrome" } })
                .as_object()
                .cloned()
        );
        let target = &event.targets[0];
        assert_eq!(
            (target.id.as_deref(), target.name.as_deref()),
            (Some("usr_1"), None)
        );
        assert_eq!(
            target.other.as_ref().and_then(LazyJson::get),
            json!({ "name": true }).as_object().cloned()
        );
    }

    #[test]
    fn wrong_types_drop_the_field_not_the_row() {
        let event = one(json!({
            "id": "e", "action": ["x"], "actor": "usr_1", "actorName": 7,
            "targets": "not json", "target": 5, "context": [1, 2],
            "changes": "{broken", "metadata": 12, "organizationId": {"a": 1}
        }));
        assert_eq!(event.action, "");
        assert_eq!(event.actor.name.as_deref(), Some("7"));
        assert!(event.targets.is_empty());
        assert_eq!(event.changes.unwrap().get(), None);
        assert_eq!(event.metadata.unwrap().get(), Some(json!(12)));
        assert_eq!(event.organization_id, None);
    }

    #[test]
    fn rows_without_an_id_are_skipped_and_counted() {
        let rows = [
            json!(null),
            json!(42),
            json!("aud_1"),
            json!([]),
            json!({ "action": "user.created" }),
            json!({ "id": true }),
            json!({ "id": { "value": "x" } }),
            json!({ "id": "" }),
            json!({ "id": "  " }),
            json!({ "id": "ok" }),
            json!({ "id": "ok", "action": "duplicate" }),
        ];
        let page = normalize_rows(&rows);
        assert_eq!(page.events.len(), 1);
        assert_eq!(page.events[0].action, "");
        assert_eq!(page.skipped, 10);
        assert_eq!(
            page.rows_sent(),
            rows.len(),
            "every row sent counts towards a full page"
        );
    }

    #[test]
    fn a_null_field_counts_as_absent_so_a_null_time_gives_way_to_the_next() {
        let event = one(json!({
            "id": "e1", "occurredAt": null, "timestamp": 1_750_000_000_000_i64,
            "changes": null, "metadata": null, "actorMetadata": null
        }));
        assert_eq!(event.occurred_at, at("2025-06-15T15:06:40Z"));
        assert_eq!((event.changes, event.metadata), (None, None));
        assert_eq!(event.actor.metadata, None);
    }

    #[test]
    fn an_unreadable_time_gives_way_to_the_next_that_reads() {
        let event = one(json!({
            "id": "e1", "occurredAt": "yesterday-ish", "timestamp": {"at": 1},
            "createdAt": 1_750_000_000_000_i64
        }));
        assert_eq!(event.occurred_at, at("2025-06-15T15:06:40Z"));
        let unreadable = one(json!({ "id": "e2", "occurredAt": "soon", "createdAt": "later" }));
        assert_eq!(unreadable.occurred_at, None);
    }

    #[test]
    fn the_stored_time_is_shown_apart_only_when_it_is_not_the_occurred_time() {
        let same = one(
            json!({ "id": "e1", "occurredAt": 1_750_000_000_000_i64, "createdAt": 1_750_000_000_000_i64 }),
        );
        assert_eq!(same.recorded_at, at("2025-06-15T15:06:40Z"));
        assert_eq!(same.recorded_apart(), None);
        // Created with an earlier `occurredAt`: it says it happened two days before it was stored.
        let backdated = one(
            json!({ "id": "e2", "occurredAt": "2025-06-13T15:06:40Z", "createdAt": 1_750_000_000_000_i64 }),
        );
        assert_eq!(backdated.recorded_apart(), at("2025-06-15T15:06:40Z"));
        // Stored a moment after it occurred, as every event is: nothing to say.
        let prompt = one(
            json!({ "id": "e6", "occurredAt": 1_749_999_999_100_i64, "createdAt": 1_750_000_000_000_i64 }),
        );
        assert_eq!(prompt.recorded_apart(), None);
        let late = one(
            json!({ "id": "e7", "occurredAt": 1_749_999_940_000_i64, "createdAt": 1_750_000_000_000_i64 }),
        );
        assert_eq!(late.recorded_apart(), at("2025-06-15T15:06:40Z"));
        // The same instant written another way is the same time.
        let rewritten = one(
            json!({ "id": "e3", "occurredAt": "2025-06-15T15:06:40Z", "createdAt": 1_750_000_000_000_i64 }),
        );
        assert_eq!(rewritten.recorded_apart(), None);
        let unreadable =
            one(json!({ "id": "e4", "occurredAt": 1_750_000_000_000_i64, "createdAt": "later" }));
        assert_eq!(
            (unreadable.recorded_at, unreadable.recorded_apart()),
            (None, None)
        );
        // The docs' shape has no stored time.
        assert_eq!(
            one(json!({ "id": "e5", "occurredAt": "2025-06-13T15:06:40Z" })).recorded_at,
            None
        );
    }

    #[test]
    fn a_lone_surrogate_or_a_number_beyond_floats_costs_nothing_but_its_character() {
        // A lone surrogate names no character and 1e400 no float, though both are JSON: half
        // an emoji reads as the replacement character, as a browser shows it.
        let body = r#"[
            "\ud83d", 1e400, {"id": "e1", "\ud83d": 1, "action": "user.\ud83d"},
            {"id": "e2", "targets": "[{\"id\": \"usr\\ud83d\"}]", "ipAddress": 1e400}
        ]"#;
        let page = parse_list_response(body).unwrap();
        assert_eq!(page.skipped, 2, "two items that are not rows");
        let [first, second] = &page.events[..] else {
            panic!("two events expected: {page:?}");
        };
        assert_eq!(
            (first.id.as_str(), first.action.as_str()),
            ("e1", "user.\u{fffd}")
        );
        assert_eq!(second.id, "e2");
        assert_eq!(second.targets[0].id.as_deref(), Some("usr\u{fffd}"));
        // A number is shown as sent, however large.
        assert_eq!(second.ip_address.as_deref(), Some("1e400"));
    }

    #[test]
    fn rows_are_read_as_json_reads_them_repeated_and_escaped_keys_too() {
        let body = r#"{"data": [
            {"id": "first", "action": "a", "id": "last", "\u0061ction": "user.created"},
            {"id": "e2", "changes": {"after": 1, "after": {"role": "admin"}}}
        ], "data": "not the list"}"#;
        assert_eq!(parse_list_response(body), Err(ShapeError::NoEventList));
        let page = parse_list_response(&body.replace(r#", "data": "not the list""#, "")).unwrap();
        assert_eq!(page.events[0].id, "last");
        assert_eq!(page.events[0].action, "user.created");
        let changes = page.events[1].changes.as_ref().unwrap().get().unwrap();
        assert_eq!(changes.after, json!({ "role": "admin" }));
        assert_eq!(changes.before, Value::Null);
    }

    #[test]
    fn strings_read_the_same_with_and_without_escapes() {
        let body = r#"[{"id": "e\u0031", "actorName": "Ada \"A\" L", "actorEmail": "ada@acme.com"},
                       {"id": "e2", "actorName": "Ada", "organizationId": "  "}]"#;
        let page = parse_list_response(body).unwrap();
        assert_eq!(page.events[0].id, "e1");
        assert_eq!(page.events[0].actor.name.as_deref(), Some("Ada \"A\" L"));
        assert_eq!(page.events[0].actor.email.as_deref(), Some("ada@acme.com"));
        assert_eq!(page.events[1].actor.name.as_deref(), Some("Ada"));
        assert_eq!(page.events[1].organization_id, None, "blank is absent");
    }

    #[test]
    fn a_numeric_id_is_read_as_its_digits() {
        let page = normalize_rows(&[json!({ "id": 7 }), json!({ "id": "7" }), json!({ "id": 8 })]);
        let ids: Vec<&str> = page.events.iter().map(|event| event.id.as_str()).collect();
        assert_eq!(ids, ["7", "8"]);
        assert_eq!(page.skipped, 1, "\"7\" repeats 7");
    }

    #[test]
    fn spaces_around_an_id_are_dropped() {
        let page = normalize_rows(&[
            json!({ "id": " e1\n" }),
            json!({ "id": "e1" }),
            json!({ "id": "e2\u{a0}" }),
            json!({ "id": "\u{3000}e3" }),
            json!({ "id": "x" }),
        ]);
        let ids: Vec<&str> = page.events.iter().map(|event| event.id.as_str()).collect();
        assert_eq!(ids, ["e1", "e2", "e3", "x"]);
        assert_eq!(page.skipped, 1);
    }

    #[test]
    fn a_field_of_spaces_in_any_script_is_absent_and_one_with_text_is_kept() {
        let page = normalize_rows(&[json!({
            "id": "e1",
            "actorName": "\u{3000}\u{a0}",
            "actorEmail": " ada@acme.com",
            "ipAddress": "\u{2003}",
            "userAgent": "é",
        })]);
        let event = &page.events[0];
        assert_eq!(event.actor.name, None);
        assert_eq!(event.actor.email.as_deref(), Some(" ada@acme.com"));
        assert_eq!(event.ip_address, None);
        assert_eq!(event.user_agent.as_deref(), Some("é"));
    }

    #[test]
    fn a_name_that_shows_nothing_gives_way_to_the_email() {
        for name in ["\u{200b}", "\u{3164}", "\u{200e}\u{feff} "] {
            let event = one(json!({ "id": "e", "actorName": name, "actorEmail": "a@acme.com" }));
            assert_eq!(event.actor.label(), "a@acme.com", "{name:?}");
        }
        let named = one(json!({ "id": "e", "actorName": "\u{200b}Ada" }));
        assert_eq!(named.actor.label(), "\u{200b}Ada");
    }

    #[test]
    fn accepts_every_documented_response_envelope() {
        let row = r#"{"id":"a","action":"user.created"}"#;
        for body in [
            format!(r#"{{"data":[{row}],"listMetadata":{{"before":null,"after":"a"}}}}"#),
            format!("[{row}]"),
            format!(r#"{{"events":[{row}]}}"#),
            format!(r#"{{"auditLogs":[{row}]}}"#),
        ] {
            let page = parse_list_response(&body).unwrap();
            assert_eq!(page.events.len(), 1, "{body}");
        }
        let page = parse_list_response(&format!(
            r#"{{"data":[{row}],"listMetadata":{{"before":null,"after":"a"}}}}"#
        ))
        .unwrap();
        assert_eq!((page.before, page.after), (None, Some("a".to_owned())));
    }

    #[test]
    fn rejects_bodies_that_are_not_an_event_list() {
        assert_eq!(parse_list_response("<html>"), Err(ShapeError::InvalidJson));
        assert_eq!(parse_list_response(""), Err(ShapeError::InvalidJson));
        for body in ["{}", "null", "42", r#"{"data":{}}"#, r#"{"data":"x"}"#] {
            assert_eq!(
                parse_list_response(body),
                Err(ShapeError::NoEventList),
                "{body}"
            );
        }
    }

    #[test]
    fn list_metadata_of_the_wrong_type_means_no_cursors() {
        for meta in [r#""x""#, "[1]", r#"{"before":{},"after":[]}"#, "null"] {
            let body = format!(r#"{{"data":[],"listMetadata":{meta}}}"#);
            let page = parse_list_response(&body).unwrap();
            assert_eq!((page.before, page.after), (None, None), "{meta}");
        }
    }

    #[test]
    fn list_cursors_are_kept_exactly_as_sent() {
        // An opaque cursor may hold JSON whose keys look like secrets' names: redacting
        // it as a shown field would send back a cursor the backend never made.
        let cursor = r#"{\"key\":\"k1\",\"token\":\"t\"}"#;
        let body = format!(r#"{{"data":[],"listMetadata":{{"before":"  ","after":"{cursor}"}}}}"#);
        let page = parse_list_response(&body).unwrap();
        assert_eq!(page.before, None);
        assert_eq!(page.after.as_deref(), Some(r#"{"key":"k1","token":"t"}"#));
        for number in ["42", "-1.50e3"] {
            let body = format!(r#"{{"data":[],"listMetadata":{{"after":{number}}}}}"#);
            let after = parse_list_response(&body).unwrap().after;
            assert_eq!(after.as_deref(), Some(number));
        }
    }

    #[test]
    fn reads_export_pages_and_their_numeric_cursor() {
        let page = parse_export_response(
            r#"{"data":[{"id":"a","occurredAt":5},{"nope":1}],"count":1,"nextCursor":5}"#,
        )
        .unwrap();
        assert_eq!(
            (page.events.len(), page.skipped, page.next_cursor),
            (1, 1, Some(5))
        );
        let cursor = |cursor: &str| {
            parse_export_response(&format!(r#"{{"data":[],"nextCursor":{cursor}}}"#))
                .map(|page| page.next_cursor)
        };
        assert_eq!(cursor("null"), Ok(None));
        assert_eq!(cursor(r#"" ""#), Ok(None));
        for sent in [
            "1741600000000",
            "1.7416e12",
            r#""1741600000000""#,
            "1741600000000.7",
        ] {
            assert_eq!(cursor(sent), Ok(Some(1_741_600_000_000)), "{sent}");
        }
        for unreadable in [r#""soon""#, "true", "[5]", "1e300"] {
            assert_eq!(
                cursor(unreadable),
                Err(ShapeError::BadCursor),
                "{unreadable}"
            );
        }
        assert_eq!(parse_export_response("{"), Err(ShapeError::InvalidJson));
    }

    #[test]
    fn a_body_that_reports_an_error_without_rows_is_that_error_not_an_empty_list() {
        let reported = |message: Option<&str>| ShapeError::Reported(message.map(Into::into));
        for (body, message) in [
            (
                r#"{"data":[],"error":"Database unavailable"}"#,
                Some("Database unavailable"),
            ),
            (
                r#"{"error":{"message":"Query timed out"}}"#,
                Some("Query timed out"),
            ),
            (r#"{"data":null,"error":true}"#, None),
            (r#"{"events":[],"error":{"code":500}}"#, None),
            (r#"{"data":[],"error":1}"#, None),
            (r#"{"data":[],"error":-0.5e-3}"#, None),
        ] {
            assert_eq!(parse_list_response(body), Err(reported(message)), "{body}");
            let export = parse_export_response(body);
            assert_eq!(
                export.map(|page| page.events.len()),
                Err(reported(message)),
                "{body}"
            );
        }
        // An error that says none, and rows beside a real one, are a list as usual.
        for body in [
            r#"{"data":[],"error":null}"#,
            r#"{"data":[],"error":false}"#,
            r#"{"data":[],"error":" "}"#,
            r#"{"data":[],"error":{}}"#,
            r#"{"data":[],"error":0}"#,
            r#"{"data":[],"error":-0.0e5}"#,
        ] {
            assert_eq!(
                parse_list_response(body).map(|page| page.events.len()),
                Ok(0),
                "{body}"
            );
        }
        let page = parse_list_response(r#"{"data":[{"id":"a"},null],"error":"partial"}"#);
        assert_eq!(
            page.map(|page| (page.events.len(), page.skipped)),
            Ok((1, 1))
        );
        let unreadable_only = parse_list_response(r#"{"data":[null],"error":"partial"}"#);
        assert_eq!(unreadable_only.map(|page| page.skipped), Ok(1));
    }

    #[test]
    fn error_bodies_give_their_message_when_they_have_one() {
        assert_eq!(
            error_message(r#"{"message":"limit must be 1..1000"}"#).as_deref(),
            Some("limit must be 1..1000")
        );
        for body in [
            r#"{"error":"boom"}"#,
            r#"{"message":5,"error":" boom "}"#,
            r#"{"message":"","error":"boom"}"#,
            r#"{"error":{"message":"boom","code":503}}"#,
            "{\"message\":\"\u{202e}bo\u{2066}om\u{200f}\"}",
            "{\"message\":\"\u{200f}\u{200b}\",\"error\":\"boom\"}",
        ] {
            assert_eq!(error_message(body).as_deref(), Some("boom"), "{body}");
        }
        assert_eq!(
            error_message(&format!(r#"{{"message":"{}"}}"#, "x".repeat(500))).map(|m| m.len()),
            Some(200)
        );
        assert_eq!(
            error_message(r#"{"error":"{\"password\":\"hunter2\"}"}"#).as_deref(),
            Some(r#"{"password":"[redacted]"}"#)
        );
        // What shows nothing between a secret's letters does not hide it.
        for hidden in ["\u{200b}", "\u{ad}", "\u{2060}"] {
            let body = format!(r#"{{"message":"pass{hidden}word=hunter2 rejected"}}"#);
            assert_eq!(
                error_message(&body).as_deref(),
                Some("password=[redacted] rejected"),
                "{hidden:?}"
            );
        }
        assert_eq!(
            error_message("{\"message\":\"pass\u{200e}word=hunter2\"}").as_deref(),
            Some("password=[redacted]")
        );
        assert_eq!(
            error_message(r#"{"message":"Invalid header Authorization: Bearer sk_live_ABC123 at /x?token=QT9"}"#).as_deref(),
            Some("Invalid header Authorization: [redacted]")
        );
        for body in [
            "",
            "<h1>502 Bad Gateway</h1>",
            r#"{"message":""}"#,
            r#"{"message":5}"#,
            "[]",
        ] {
            assert_eq!(error_message(body), None, "{body}");
        }
    }

    #[test]
    fn a_text_field_holding_json_loses_its_secrets() {
        let event =
            one(json!({ "id": "e", "actorName": "{\"name\":\"Ada\",\"password\":\"pw\"}" }));
        assert_eq!(
            event.actor.label(),
            r#"{"name":"Ada","password":"[redacted]"}"#
        );
    }

    #[test]
    fn markup_is_kept_as_plain_text() {
        let event = one(json!({ "id": "e", "action": "<script>alert(1)</script>" }));
        assert_eq!(event.action, "<script>alert(1)</script>");
    }
}
