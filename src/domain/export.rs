//! Turning events into downloadable files, and keeping an export inside the date range it
//! promises (the shipped backend ignores `startDate`/`endDate`).

use super::event::{AuditEvent, LazyJson, ShapeError, Target};
use super::query::AuditQuery;
use super::range::Bounds;
use super::redact::redact_event;
use super::time::iso;
use super::words::{count, skipped_rows};
use chrono::{DateTime, NaiveDate, Utc};
use serde_json::{json, Map, Value};

/// An export's file format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// A pretty-printed JSON array of [`event_json`]'s objects.
    Json,
    /// A header and [`csv_rows`]' records.
    Csv,
}

impl Format {
    pub fn extension(self) -> &'static str {
        match self {
            Format::Json => "json",
            Format::Csv => "csv",
        }
    }

    pub fn media_type(self) -> &'static str {
        match self {
            Format::Json => "application/json",
            Format::Csv => "text/csv",
        }
    }

    /// The file of `events` in parts of at most `rows` events each, made as they are asked
    /// for, so that a page can write a large export between its frames: 100,000 events
    /// written at once held the page still for two seconds or more.
    pub fn parts(self, events: &[AuditEvent], rows: usize) -> impl Iterator<Item = String> + '_ {
        let (head, tail) = match self {
            Format::Json if events.is_empty() => ("[".to_owned(), "]"),
            Format::Json => ("[".to_owned(), "\n]"),
            Format::Csv => (csv_header(), ""),
        };
        let body = events.chunks(rows.max(1)).enumerate();
        std::iter::once(head)
            .chain(body.map(move |(i, chunk)| match self {
                Format::Json => json_rows(chunk, i == 0),
                Format::Csv => csv_rows(chunk),
            }))
            .chain(std::iter::once(tail.to_owned()))
    }
}

/// The array items of `events`, indented as serde_json indents an array's items, each after
/// a comma unless it is the `first` of the array.
fn json_rows(events: &[AuditEvent], first: bool) -> String {
    let mut out = String::new();
    for (i, event) in events.iter().enumerate() {
        out.push_str(if first && i == 0 { "\n  " } else { ",\n  " });
        // A JSON text holds no line break but between its tokens.
        out.push_str(&event_json(event).replace('\n', "\n  "));
    }
    out
}

/// One event as a pretty-printed JSON object in the documented nested shape, secrets
/// redacted. `id`, `action`, `occurredAt` and `createdAt` (ISO), `actor`, `targets`,
/// `context`, `changes` and `metadata` are always present (`null` when unknown); inside
/// `actor`, each target and `context`, fields the event lacks are left out.
pub fn event_json(event: &AuditEvent) -> String {
    format!("{:#}", json_row(&redact_event(event)))
}

fn json_row(event: &AuditEvent) -> Value {
    let actor = &event.actor;
    let mut actor_json = present(&[
        ("type", &actor.kind),
        ("id", &actor.id),
        ("name", &actor.name),
        ("email", &actor.email),
    ]);
    if let Some(metadata) = actor.metadata.as_ref().and_then(LazyJson::get) {
        actor_json.insert("metadata".to_owned(), metadata);
    }
    let mut context = present(&[
        ("organizationId", &event.organization_id),
        ("ipAddress", &event.ip_address),
        ("userAgent", &event.user_agent),
        ("requestId", &event.request_id),
    ]);
    context.extend(
        event
            .context
            .as_ref()
            .and_then(LazyJson::get)
            .into_iter()
            .flatten(),
    );
    json!({
        "id": event.id,
        "action": event.action,
        "occurredAt": event.occurred_at.map(iso),
        "createdAt": event.recorded_at.map(iso),
        "actor": actor_json,
        "targets": targets_json(&event.targets),
        "context": context,
        "changes": event.changes.as_ref().and_then(LazyJson::to_value),
        "metadata": event.metadata.as_ref().and_then(LazyJson::get),
    })
}

/// An object of the fields that are set.
fn present(fields: &[(&str, &Option<String>)]) -> Map<String, Value> {
    fields
        .iter()
        .filter_map(|&(key, value)| Some((key.to_owned(), Value::from(value.clone()?))))
        .collect()
}

fn targets_json(targets: &[Target]) -> Value {
    targets
        .iter()
        .map(|target| {
            let mut object = present(&[
                ("type", &target.kind),
                ("id", &target.id),
                ("name", &target.name),
                ("email", &target.email),
            ]);
            object.extend(target.other_fields());
            Value::Object(object)
        })
        .collect()
}

pub const CSV_HEADER: [&str; 17] = [
    "id",
    "action",
    "occurredAt",
    "actorType",
    "actorId",
    "actorName",
    "actorEmail",
    "targets",
    "organizationId",
    "ipAddress",
    "userAgent",
    "requestId",
    "changes",
    "metadata",
    // Last, so that the columns files had before keep their places.
    "actorMetadata",
    "context",
    "createdAt",
];

/// The CSV's first line: a byte order mark (without it, Excel reads UTF-8 as the local code
/// page and garbles every name outside ASCII) and the header.
fn csv_header() -> String {
    let mut out = String::from('\u{feff}');
    write_record(&mut out, &CSV_HEADER.map(str::to_owned));
    out
}

/// RFC 4180 records (CRLF line ends), one per event, secrets redacted. Targets, changes,
/// metadata, the actor's metadata and the context's other fields are compact JSON; missing
/// values are empty cells.
fn csv_rows(events: &[AuditEvent]) -> String {
    let mut out = String::new();
    for event in events.iter().map(redact_event) {
        let text = |field: &Option<String>| field.clone().unwrap_or_default();
        let actor = &event.actor;
        write_record(
            &mut out,
            &[
                event.id.clone(),
                event.action.clone(),
                event.occurred_at.map(iso).unwrap_or_default(),
                text(&actor.kind),
                text(&actor.id),
                text(&actor.name),
                text(&actor.email),
                if event.targets.is_empty() {
                    String::new()
                } else {
                    targets_json(&event.targets).to_string()
                },
                text(&event.organization_id),
                text(&event.ip_address),
                text(&event.user_agent),
                text(&event.request_id),
                json_cell(event.changes.as_ref().and_then(LazyJson::to_value)),
                json_cell(event.metadata.as_ref().and_then(LazyJson::get)),
                json_cell(actor.metadata.as_ref().and_then(LazyJson::get)),
                (event.context.as_ref().and_then(LazyJson::get))
                    .map(|context| Value::Object(context).to_string())
                    .unwrap_or_default(),
                event.recorded_at.map(iso).unwrap_or_default(),
            ],
        );
    }
    out
}

/// A structured field's cell: a string as itself, anything else as compact JSON.
fn json_cell(field: Option<Value>) -> String {
    match field {
        None => String::new(),
        Some(Value::String(raw)) => raw,
        Some(other) => other.to_string(),
    }
}

/// One record: a cell is quoted when it holds a quote, a comma or a line break, with its
/// quotes doubled; the line ends with CRLF.
fn write_record(out: &mut String, cells: &[String]) {
    for (i, cell) in cells.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        let cell = csv_cell(cell);
        if cell.contains(['"', ',', '\r', '\n']) {
            out.push('"');
            out.push_str(&cell.replace('"', "\"\""));
            out.push('"');
        } else {
            out.push_str(&cell);
        }
    }
    out.push_str("\r\n");
}

fn csv_cell(text: &str) -> String {
    // Formula injection: spreadsheets run a cell that starts with = + - @ as a formula
    // (some also after a leading tab or CR), and anyone can put such text in an action or
    // a name. A leading apostrophe makes the spreadsheet show it as text.
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_owned()
    }
}

/// `audit-logs-FROM-TO.EXT` with dates as `YYYY-MM-DD`; an open start reads `start`, e.g.
/// `audit-logs-start-2026-03-10.csv`. An open range ends on the day of the export, `to`,
/// so that exports made on different days are told apart; the view's filters and search
/// follow the dates under their names in the page's address, so that slices of one range are
/// too (`audit-logs-2026-03-01-2026-03-10-action-user.created.csv`).
pub fn file_name(from: Option<NaiveDate>, to: NaiveDate, view: &AuditQuery, ext: &str) -> String {
    let from = from.map_or("start".to_owned(), |from| from.to_string());
    let mut name = format!("audit-logs-{from}-{to}");
    let filters = [
        ("action", &view.action),
        ("actor", &view.actor_id),
        ("org", &view.organization_id),
        ("q", &view.search),
    ];
    for (key, value) in filters {
        if let Some(value) = value {
            name.push('-');
            name.push_str(key);
            name.push('-');
            name.extend(
                value
                    .trim()
                    .chars()
                    .take(FILE_NAME_VALUE_CHARS)
                    .map(file_name_char),
            );
        }
    }
    format!("{name}.{ext}")
}

/// A filter's value in a file name stops here: enough to tell slices apart.
const FILE_NAME_VALUE_CHARS: usize = 40;

/// Letters, digits and `.`, `_`, `-`, `@` as they are; `_` for the rest, among them path
/// separators, what some file systems refuse (`:*?"<>|`) and direction overrides, which
/// could make a name read as another extension.
fn file_name_char(char: char) -> char {
    if char.is_alphanumeric() || matches!(char, '.' | '_' | '-' | '@') {
        char
    } else {
        '_'
    }
}

/// The first export request's `cursor`: the backend returns events strictly older than
/// the cursor, so `end + 1` includes events at exactly `end`.
pub fn first_cursor(end_ms: Option<i64>) -> Option<i64> {
    end_ms.map(|end| end.saturating_add(1))
}

/// The cursor of the page an export reads after one whose oldest readable time is `oldest`,
/// or `None` once the range is read: the page reached past the start, or it was not
/// `full` and no cursor came. A full page without one (a bare list, a backend that sends
/// none) leaves older rows, read on from its oldest time as the cursor would be. A cursor
/// no older than the one `used` would read the same rows again, forever or as if they were
/// more of the range.
pub fn next_cursor(
    bounds: &Bounds,
    used: Option<i64>,
    next: Option<i64>,
    oldest: Option<DateTime<Utc>>,
    full: bool,
) -> Result<Option<i64>, ShapeError> {
    if bounds.passed_start(oldest) {
        return Ok(None);
    }
    let by_time = || oldest.map(|time| time.timestamp_millis());
    match next.or_else(|| full.then(by_time).flatten()) {
        Some(next) if used.is_some_and(|used| next >= used) => Err(ShapeError::CursorNotOlder),
        next => Ok(next),
    }
}

/// How an export is going, said beside its buttons.
#[derive(Debug, Clone, PartialEq)]
pub enum Progress {
    Idle,
    Running(usize),
    /// All `n` events are read; the file is being written.
    Writing(usize),
    /// `skipped`: rows the backend sent that could not be read, repeated an id, or had no
    /// readable time for a dated range.
    Done {
        count: usize,
        skipped: usize,
        file: String,
    },
    Cancelled,
    Failed(String),
}

impl Progress {
    /// Reading or writing: Cancel is offered, and Export is unavailable.
    pub fn under_way(&self) -> bool {
        matches!(self, Progress::Running(_) | Progress::Writing(_))
    }

    pub fn status(&self) -> String {
        match self {
            Progress::Idle => String::new(),
            Progress::Running(n) => format!("Exporting… {} so far.", count(*n as u64, "event")),
            Progress::Writing(n) => format!("Writing the file of {}…", count(*n as u64, "event")),
            Progress::Done {
                count: n,
                skipped,
                file,
            } => {
                let done = format!("Exported {} to {file}.", count(*n as u64, "event"));
                match skipped {
                    0 => done,
                    skipped => format!("{done} {}", skipped_rows(*skipped as u64)),
                }
            }
            Progress::Cancelled => "Export cancelled.".to_owned(),
            Progress::Failed(error) => format!("Export failed: {error}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The whole file, in parts of one event.
    fn file(format: Format, events: &[AuditEvent]) -> String {
        format.parts(events, 1).collect()
    }

    #[test]
    fn an_export_says_how_it_goes_and_what_it_skipped() {
        assert_eq!(Progress::Idle.status(), "");
        assert_eq!(
            Progress::Running(1200).status(),
            "Exporting… 1,200 events so far."
        );
        assert_eq!(
            Progress::Writing(1200).status(),
            "Writing the file of 1,200 events…"
        );
        assert!(Progress::Running(0).under_way() && Progress::Writing(0).under_way());
        assert!(!Progress::Cancelled.under_way() && !Progress::Idle.under_way());
        let done = |skipped| Progress::Done {
            count: 1,
            skipped,
            file: "audit-logs-start-2026-03-10.csv".to_owned(),
        };
        assert_eq!(
            done(0).status(),
            "Exported 1 event to audit-logs-start-2026-03-10.csv."
        );
        assert_eq!(
            done(2).status(),
            "Exported 1 event to audit-logs-start-2026-03-10.csv. 2 unreadable or repeated rows in the response were skipped."
        );
        assert_eq!(
            Progress::Failed("the request timed out.".to_owned()).status(),
            "Export failed: the request timed out."
        );
    }
    use crate::domain::event::normalize_event;
    use crate::domain::range::RangeRows;

    #[test]
    fn an_export_reads_on_while_the_cursor_goes_older() {
        let at = |ms| DateTime::from_timestamp_millis(ms);
        let open = Bounds::default();
        assert_eq!(
            next_cursor(&open, None, Some(500), at(600), true),
            Ok(Some(500))
        );
        assert_eq!(
            next_cursor(&open, Some(700), Some(500), at(600), false),
            Ok(Some(500))
        );
        assert_eq!(
            next_cursor(&open, Some(700), None, at(600), false),
            Ok(None)
        );
        // A full page without a cursor: read on from its oldest time.
        assert_eq!(
            next_cursor(&open, Some(700), None, at(600), true),
            Ok(Some(600))
        );
        // The same cursor again, or a newer one: the backend is not paging.
        for stuck in [700, 900] {
            assert_eq!(
                next_cursor(&open, Some(700), Some(stuck), at(600), true),
                Err(ShapeError::CursorNotOlder)
            );
        }
        assert_eq!(
            next_cursor(&open, Some(600), None, at(600), true),
            Err(ShapeError::CursorNotOlder)
        );
        // Past the start of the range, whatever the cursor, nothing more is wanted.
        let since = Bounds {
            start: at(650),
            end: None,
        };
        assert_eq!(
            next_cursor(&since, Some(700), Some(700), at(600), true),
            Ok(None)
        );
    }

    /// Exports `rows` (id, epoch ms; newest first) from a backend that pages as the shipped
    /// one does: rows strictly older than the cursor, `limit` at a time, and the last row's
    /// time as the next cursor (unless it sends `no_cursor`); the export's own loop reading
    /// them.
    fn export_all(rows: &[(&str, i64)], limit: usize, no_cursor: bool) -> RangeRows {
        let open = Bounds::default();
        let mut kept = RangeRows::default();
        let mut cursor = None;
        loop {
            let page: Vec<AuditEvent> = (rows.iter())
                .filter(|(_, at)| cursor.is_none_or(|cursor| *at < cursor))
                .take(limit)
                .map(|(id, at)| normalize_event(&json!({ "id": id, "occurredAt": at })).unwrap())
                .collect();
            let full = page.len() == limit;
            let next = (full && !no_cursor)
                .then(|| page.last()?.occurred_at.map(|time| time.timestamp_millis()))
                .flatten();
            let oldest = kept.add_page(&open, page, 0, |_| true);
            match next_cursor(&open, cursor, next, oldest, full).unwrap() {
                Some(next) => cursor = Some(kept.read_on_from(next, cursor)),
                None => return kept,
            }
        }
    }

    #[test]
    fn rows_sharing_the_millisecond_a_page_ends_on_are_all_exported() {
        let rows = [("e1", 1000), ("e2", 900), ("e3", 900), ("e4", 800)];
        for no_cursor in [false, true] {
            let kept = export_all(&rows, 2, no_cursor);
            let ids: Vec<&str> = kept.events.iter().map(|event| event.id.as_str()).collect();
            assert_eq!(ids, ["e1", "e2", "e3", "e4"], "no cursor: {no_cursor}");
            assert_eq!(kept.skipped, 0, "the rows read twice are not repeats");
        }
        // A whole page in one millisecond would come again forever: the reading moves on,
        // and what did not fit of that millisecond is not read.
        let crowded = [("a", 900), ("b", 900), ("c", 900), ("d", 800)];
        let kept = export_all(&crowded, 2, false);
        let ids: Vec<&str> = kept.events.iter().map(|event| event.id.as_str()).collect();
        assert_eq!(ids, ["a", "b", "d"]);
    }

    fn flat_event() -> AuditEvent {
        normalize_event(&json!({
            "id": "k17a", "action": "user.password_change",
            "actorType": "user", "actorId": "usr_1", "actorName": "Ada, \"the\" Admin",
            "actorEmail": "a@acme.com", "actorMetadata": "{\"sessionToken\":\"tok-1\"}",
            "targets": "[{\"type\":\"user\",\"id\":\"usr_2\"},{\"type\":\"webhook\",\"id\":\"wh_1\",\"url\":\"https://hooks.example.com\",\"secret\":\"whsec_1\"}]",
            "organizationId": "org_1", "ipAddress": "203.0.113.42",
            "userAgent": "Mozilla/5.0\nline two", "requestId": "req_1",
            "changes": "{\"before\":{\"password\":\"old-pw\"},\"after\":{\"password\":\"new-pw\"}}",
            "metadata": "{\"apiKey\":\"sk_live_9\",\"plan\":\"pro\"}",
            "occurredAt": 1750000320000_i64, "createdAt": 1750000325000_i64
        }))
        .unwrap()
    }

    fn docs_event() -> AuditEvent {
        normalize_event(&json!({
            "id": "aud_1", "action": "user.created",
            "actor": { "type": "admin", "id": "usr_9" },
            "context": { "region": "eu", "cookie": "tok-2" }
        }))
        .unwrap()
    }

    #[test]
    fn json_is_the_documented_nested_shape_with_secrets_redacted() {
        let text = file(Format::Json, &[flat_event(), docs_event()]);
        let parsed: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(
            parsed[0],
            json!({
                "id": "k17a",
                "action": "user.password_change",
                "occurredAt": "2025-06-15T15:12:00.000Z",
                "createdAt": "2025-06-15T15:12:05.000Z",
                "actor": {
                    "type": "user", "id": "usr_1", "name": "Ada, \"the\" Admin",
                    "email": "a@acme.com", "metadata": { "sessionToken": "[redacted]" }
                },
                // A target's other fields too, redacted as the rest.
                "targets": [
                    { "type": "user", "id": "usr_2" },
                    { "type": "webhook", "id": "wh_1", "url": "https://hooks.example.com", "secret": "[redacted]" }
                ],
                "context": {
                    "organizationId": "org_1", "ipAddress": "203.0.113.42",
                    "userAgent": "Mozilla/5.0\nline two", "requestId": "req_1"
                },
                "changes": { "before": { "password": "[redacted]" }, "after": { "password": "[redacted]" } },
                "metadata": { "apiKey": "[redacted]", "plan": "pro" }
            })
        );
        assert_eq!(
            parsed[1],
            json!({
                "id": "aud_1", "action": "user.created", "occurredAt": null, "createdAt": null,
                "actor": { "type": "admin", "id": "usr_9" }, "targets": [],
                "context": { "region": "eu", "cookie": "[redacted]" },
                "changes": null, "metadata": null
            })
        );
        assert_eq!(file(Format::Json, &[]), "[]");
        // Copy as JSON gives the one event itself, not a list of one.
        let copied: Value = serde_json::from_str(&event_json(&docs_event())).unwrap();
        assert_eq!(copied, parsed[1]);
    }

    #[test]
    fn a_file_is_the_same_whatever_its_parts() {
        let events = [flat_event(), docs_event(), flat_event()];
        for format in [Format::Json, Format::Csv] {
            for events in [&events[..], &events[..1], &[]] {
                let whole = format.parts(events, events.len()).collect::<String>();
                for rows in [1, 2, 5] {
                    assert_eq!(format.parts(events, rows).collect::<String>(), whole);
                }
            }
        }
        // serde_json's own pretty printing of the array.
        let rows = events.iter().map(|event| json_row(&redact_event(event)));
        assert_eq!(
            file(Format::Json, &events),
            format!("{:#}", Value::Array(rows.collect()))
        );
    }

    /// Reads the text back as a spreadsheet would.
    fn parse_csv(text: &str) -> Vec<Vec<String>> {
        csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(text.as_bytes())
            .records()
            .map(|record| record.unwrap().iter().map(str::to_owned).collect())
            .collect()
    }

    #[test]
    fn csv_has_the_header_and_one_quoted_record_per_event() {
        let text = file(Format::Csv, &[flat_event(), docs_event()]);
        assert!(text.starts_with(
            "\u{feff}id,action,occurredAt,actorType,actorId,actorName,actorEmail,targets,\
             organizationId,ipAddress,userAgent,requestId,changes,metadata,actorMetadata,context,createdAt\r\n"
        ));
        let records = parse_csv(&text);
        assert_eq!(records.len(), 3);
        assert_eq!(
            records[0][0], "id",
            "a CSV reader skips the byte order mark"
        );
        assert!(records.iter().all(|record| record.len() == 17));
        let record = &records[1];
        assert_eq!(
            record[..7],
            [
                "k17a",
                "user.password_change",
                "2025-06-15T15:12:00.000Z",
                "user",
                "usr_1",
                "Ada, \"the\" Admin",
                "a@acme.com",
            ]
        );
        assert_eq!(
            record[8..12],
            ["org_1", "203.0.113.42", "Mozilla/5.0\nline two", "req_1"]
        );
        let cell = |i: usize| serde_json::from_str::<Value>(&record[i]).unwrap();
        assert_eq!(
            cell(7),
            json!([
                { "type": "user", "id": "usr_2" },
                { "type": "webhook", "id": "wh_1", "url": "https://hooks.example.com", "secret": "[redacted]" }
            ])
        );
        assert_eq!(
            cell(12),
            json!({ "before": { "password": "[redacted]" }, "after": { "password": "[redacted]" } })
        );
        assert_eq!(cell(13), json!({ "apiKey": "[redacted]", "plan": "pro" }));
        assert_eq!(cell(14), json!({ "sessionToken": "[redacted]" }));
        assert_eq!(record[15], "", "no context beyond its named fields");
        assert_eq!(record[16], "2025-06-15T15:12:05.000Z");
        assert_eq!(
            records[2],
            [
                "aud_1",
                "user.created",
                "",
                "admin",
                "usr_9",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                r#"{"region":"eu","cookie":"[redacted]"}"#,
                ""
            ]
        );
        for secret in ["tok-1", "tok-2", "old-pw", "new-pw", "sk_live_9"] {
            assert!(!text.contains(secret), "{secret}");
        }
        assert_eq!(file(Format::Csv, &[]).lines().count(), 1);
    }

    #[test]
    fn csv_cells_that_a_spreadsheet_would_run_as_formulas_become_text() {
        for (raw, cell) in [
            (
                "=HYPERLINK(\"http://evil\")",
                "'=HYPERLINK(\"http://evil\")",
            ),
            ("+1", "'+1"),
            ("-2+3", "'-2+3"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\tcmd", "'\tcmd"),
            ("\r=1", "'\r=1"),
            ("a=b", "a=b"),
            ("", ""),
        ] {
            assert_eq!(csv_cell(raw), cell, "{raw:?}");
        }
        let mut event = docs_event();
        event.action = "=cmd|' /C calc'!A0".to_owned();
        event.actor.name = Some("=1+1, \"quoted\"\r\nnext line".to_owned());
        let records = parse_csv(&file(Format::Csv, &[event]));
        assert_eq!(records[1][1], "'=cmd|' /C calc'!A0");
        assert_eq!(records[1][5], "'=1+1, \"quoted\"\r\nnext line");
        // A lone carriage return ends a record for a spreadsheet unless the cell is quoted.
        let mut event = docs_event();
        event.action = "x\ry".to_owned();
        let records = parse_csv(&file(Format::Csv, &[event]));
        assert_eq!(records.len(), 2);
        assert_eq!(records[1][1], "x\ry");
    }

    #[test]
    fn a_text_sent_as_metadata_or_changes_is_its_cell_as_it_reads() {
        let event = normalize_event(&json!({
            "id": "e", "action": "a", "metadata": "\"note\"", "changes": "role changed"
        }))
        .unwrap();
        let records = parse_csv(&file(Format::Csv, &[event]));
        let cell = |name| {
            &records[1][CSV_HEADER
                .iter()
                .position(|&header| header == name)
                .unwrap()]
        };
        assert_eq!(cell("metadata"), "note");
        assert_eq!(cell("changes"), "role changed");
    }

    #[test]
    fn file_names_say_the_range() {
        let day = |s: &str| s.parse::<NaiveDate>().unwrap();
        let all = AuditQuery::default();
        assert_eq!(
            file_name(Some(day("2026-03-01")), day("2026-03-10"), &all, "json"),
            "audit-logs-2026-03-01-2026-03-10.json"
        );
        assert_eq!(
            file_name(None, day("2026-03-10"), &all, "csv"),
            "audit-logs-start-2026-03-10.csv"
        );
    }

    #[test]
    fn file_names_say_the_filters_and_search_in_characters_any_file_system_takes() {
        let day = "2026-03-10".parse::<NaiveDate>().unwrap();
        let view = AuditQuery {
            action: Some("user.created".into()),
            actor_id: Some("ada@acme.com".into()),
            organization_id: Some("org_acme".into()),
            search: Some(" Zoë / ../a:b*c?\u{202e}gpj.exe ".into()),
            ..AuditQuery::default()
        };
        assert_eq!(
            file_name(None, day, &view, "csv"),
            "audit-logs-start-2026-03-10-action-user.created-actor-ada@acme.com-org-org_acme-q-Zoë___.._a_b_c__gpj.exe.csv"
        );
        let long = AuditQuery {
            search: Some("x".repeat(100)),
            ..AuditQuery::default()
        };
        let name = file_name(None, day, &long, "json");
        assert_eq!(
            name,
            format!("audit-logs-start-2026-03-10-q-{}.json", "x".repeat(40))
        );
    }

    #[test]
    fn paging_starts_just_after_the_end() {
        assert_eq!(first_cursor(Some(2_000)), Some(2_001));
        assert_eq!(first_cursor(None), None);
        assert_eq!(first_cursor(Some(i64::MAX)), Some(i64::MAX));
    }
}
