//! Property-based fuzzing of the code that reads untrusted data: the response normaliser,
//! time formatting, the field diff, redaction, the CSV, search, and the page state a shared
//! link holds. Each property runs until its share of a time budget is spent: `FUZZ_SECONDS`
//! in all (default 2, so `cargo test` stays quick; `scripts/test` gives it 30, in the test
//! profile, so overflow checks are on). `FUZZ_SEED` replays a run.

use audit_dashboard::domain::diff::{diff, ChangeKind, FieldChange};
use audit_dashboard::domain::event::AuditEvent;
use audit_dashboard::domain::event::{
    normalize_rows, parse_export_response, parse_list_response, parse_time, Changes,
};
use audit_dashboard::domain::export::{Format, CSV_HEADER};
use audit_dashboard::domain::query::{AuditQuery, PAGE_SIZES};
use audit_dashboard::domain::redact::{
    is_entry_list, is_secret_entry, is_secret_key, redact, redact_event, REDACTED,
};
use audit_dashboard::domain::scan::{
    string_list, string_list_json, string_text, write_string, Json, Scanner,
};
use audit_dashboard::domain::search::{searched_fields, SearchIndex};
use audit_dashboard::domain::time::{
    absolute, full_date, iso, parse_day, parse_http_date, relative,
};
use chrono::{DateTime, Datelike, FixedOffset, Timelike, Utc};
use proptest::prelude::*;
use proptest::test_runner::{Config, RngSeed, TestCaseError, TestRunner};
use serde_json::{json, Map, Value};
use std::time::{Duration, Instant, SystemTime};

/// Marks every value planted under a secret key; it must never come out.
const SECRET: &str = "S3CR3T";

const FIELD_NAMES: &[&str] = &[
    "id",
    "action",
    "occurredAt",
    "timestamp",
    "createdAt",
    "actor",
    "actorType",
    "actorId",
    "actorName",
    "actorEmail",
    "actorMetadata",
    "target",
    "targets",
    "context",
    "type",
    "name",
    "email",
    "organizationId",
    "ipAddress",
    "userAgent",
    "requestId",
    "changes",
    "before",
    "after",
    "metadata",
    "data",
    "events",
    "auditLogs",
    "listMetadata",
    "value",
    "key",
    "header",
    // Better Auth's verification row.
    "identifier",
    "expiresAt",
];

const SECRET_NAMES: &[&str] = &[
    "password",
    "newPassword",
    "token",
    "refresh_token",
    "apiKey",
    "API-Key",
    "secret",
    "clientSecret",
    "authorization",
    "Set-Cookie",
    "privateKey",
    "credentials",
];

const TRICKY_TEXT: &[&str] = &[
    "",
    " ",
    "0",
    "-1",
    "1e20",
    "1750000320000",
    "-62135596800000",
    "9007199254740993",
    "99999999999999999999",
    "2025-06-15T14:32:00.000Z",
    "2025-06-15T16:32:00+02:00",
    "+275760-09-13T00:00:00Z",
    "2025-13-45T99:00:00Z",
    "null",
    "[]",
    "{}",
    "{broken",
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "javascript:alert(1)",
    "\u{202e}evil\u{202c}",
    "a\u{200b}b",
    "Authorization",
    "[redacted]",
];

/// How many `#[test]`s below share the budget.
const PROPERTIES: f64 = 15.0;

/// The budget of one property. Run with `--test-threads=1` for the whole budget to be the
/// wall time.
fn budget() -> Duration {
    let total: f64 = std::env::var("FUZZ_SECONDS")
        .ok()
        .and_then(|value| value.parse().ok())
        .unwrap_or(2.0);
    Duration::from_secs_f64(total / PROPERTIES)
}

fn seed() -> u64 {
    std::env::var("FUZZ_SEED")
        .ok()
        .and_then(|value| value.parse().ok())
        .unwrap_or_else(|| {
            SystemTime::now()
                .duration_since(SystemTime::UNIX_EPOCH)
                .map_or(0, |since| since.as_nanos() as u64)
        })
}

/// Runs `property` on generated values in batches until the budget is spent, shrinking
/// any failure to a small example.
fn fuzz<S: Strategy>(
    name: &str,
    strategy: S,
    property: impl Fn(S::Value) -> Result<(), TestCaseError>,
) {
    const BATCH: u32 = 64;
    let seed = seed();
    let deadline = Instant::now() + budget();
    let mut cases = 0u64;
    // A runner stops after `cases` successes, so each batch gets a new one, seeded in turn.
    for batch in 0.. {
        let mut runner = TestRunner::new(Config {
            cases: BATCH,
            failure_persistence: None,
            rng_seed: RngSeed::Fixed(seed.wrapping_add(batch)),
            ..Config::default()
        });
        if let Err(failure) = runner.run(&strategy, &property) {
            panic!("{name}: {failure} (FUZZ_SEED={seed}, batch {batch})");
        }
        cases += u64::from(BATCH);
        if Instant::now() >= deadline {
            break;
        }
    }
    println!("fuzz {name}: {cases} cases passed (FUZZ_SEED={seed})");
}

fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => any::<String>(),
        2 => proptest::sample::select(TRICKY_TEXT).prop_map(str::to_owned),
        1 => proptest::sample::select(FIELD_NAMES).prop_map(str::to_owned),
    ]
}

fn key() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => proptest::sample::select(FIELD_NAMES).prop_map(str::to_owned),
        1 => proptest::sample::select(SECRET_NAMES).prop_map(str::to_owned),
        1 => any::<String>(),
    ]
}

fn number() -> impl Strategy<Value = Value> {
    prop_oneof![
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>()
            .prop_map(|n| serde_json::Number::from_f64(n).map_or(Value::Null, Value::Number)),
        (-10_000_000_000_000i64..10_000_000_000_000).prop_map(Value::from),
    ]
}

/// Any JSON, biased towards the shapes events have, with JSON held in strings as the
/// real backend sends it.
fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        number(),
        text().prop_map(Value::from),
    ];
    leaf.prop_recursive(5, 64, 8, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::from),
            prop::collection::btree_map(key(), inner.clone(), 0..8)
                .prop_map(|map| Value::Object(map.into_iter().collect())),
            // Name/value entries, as `Object.entries` lists them.
            prop::collection::vec((key(), inner.clone()), 1..4).prop_map(|entries| {
                Value::Array(
                    entries
                        .into_iter()
                        .map(|(name, value)| json!([name, value]))
                        .collect(),
                )
            }),
            inner.prop_map(|value| Value::from(value.to_string())),
        ]
    })
}

/// Rows that look like events often enough to reach every reader.
fn row() -> impl Strategy<Value = Value> {
    prop_oneof![
        1 => json_value(),
        3 => (
            prop_oneof![text().prop_map(Value::from), number(), Just(Value::Null)],
            prop::collection::btree_map(key(), json_value(), 0..10),
        )
            .prop_map(|(id, fields)| {
                let mut row: Map<String, Value> = fields.into_iter().collect();
                row.insert("id".to_owned(), id);
                Value::Object(row)
            }),
    ]
}

/// The rows a response holds, the way `parse_list_response` is documented to find them.
fn listed_rows(root: &Value) -> Option<&Vec<Value>> {
    root.as_array().or_else(|| {
        ["data", "events", "auditLogs"]
            .into_iter()
            .find_map(|key| root.get(key)?.as_array())
    })
}

#[test]
fn parsing_any_text_never_panics() {
    fuzz("parse arbitrary text", text(), |body| {
        let _ = parse_list_response(&body);
        let _ = parse_export_response(&body);
        Ok(())
    });
}

/// JSON text as anyone might write it, then perhaps broken by one edit: a byte dropped,
/// or one of JSON's own characters put in.
fn near_json() -> impl Strategy<Value = String> {
    let spaced = (json_value(), any::<bool>()).prop_map(|(value, pretty)| {
        let text = if pretty {
            serde_json::to_string_pretty(&value)
        } else {
            serde_json::to_string(&value)
        };
        text.unwrap_or_default()
    });
    let inserted = proptest::sample::select(&[
        "\\", "\"", ",", ":", "{", "}", "[", "]", "-", "0", "1", ".", "e", "\\u", "\\ud83d",
        "\u{1}", "\t", " ", "true", "nul",
    ]);
    let edit = prop_oneof![
        Just(None),
        any::<prop::sample::Index>().prop_map(|at| Some((at, None))),
        (any::<prop::sample::Index>(), inserted).prop_map(|(at, text)| Some((at, Some(text)))),
    ];
    (spaced, edit).prop_map(|(mut text, edit)| {
        if let Some((at, insert)) = edit.filter(|_| !text.is_empty()) {
            let at = at.index(text.len());
            let at = (0..=at)
                .rev()
                .find(|&at| text.is_char_boundary(at))
                .unwrap_or(0);
            match insert {
                Some(insert) => text.insert_str(at, insert),
                None => drop(text.remove(at)),
            }
        }
        text
    })
}

#[test]
fn the_scanner_accepts_exactly_what_serde_json_accepts() {
    let texts = prop_oneof![3 => near_json(), 1 => text()];
    fuzz("scan JSON as serde_json reads it", texts, |text| {
        let mut scan = Scanner::new(&text);
        let scanned = scan.value().and_then(|value| scan.end().map(|()| value));
        let valid = serde_json::from_str::<serde::de::IgnoredAny>(&text).is_ok();
        prop_assert_eq!(scanned.is_ok(), valid, "{:?}", text);
        if let Ok(value) = scanned {
            prop_assert_eq!(value, text.trim_matches([' ', '\t', '\n', '\r']));
        }
        Ok(())
    });
}

#[test]
fn the_scanner_reads_and_writes_strings_as_serde_json_does_escaped_or_not() {
    // Every character escaped as `\uXXXX`, astral ones as surrogate pairs.
    let escaped = |text: &str| {
        let units: String = text
            .encode_utf16()
            .map(|unit| format!("\\u{unit:04x}"))
            .collect();
        format!("\"{units}\"")
    };
    fuzz("scan strings", text(), |text| {
        for json in [serde_json::to_string(&text).unwrap(), escaped(&text)] {
            let read = Scanner::new(&json).string().map(str::to_owned);
            prop_assert_eq!(read, Ok(text.clone()), "{}", json);
            prop_assert_eq!(string_text(&json).map(String::from), Some(text.clone()));
        }
        let mut written = String::new();
        write_string(&mut written, &text);
        prop_assert_eq!(
            serde_json::from_str::<String>(&written).ok(),
            Some(text.clone())
        );
        let list = [text.clone(), String::new(), text.chars().rev().collect()];
        prop_assert_eq!(string_list(&string_list_json(&list)), Some(list.to_vec()));
        Ok(())
    });
}

#[test]
fn every_row_is_either_shown_or_counted_as_skipped() {
    let response = prop_oneof![
        json_value(),
        prop::collection::vec(row(), 0..20).prop_map(Value::from),
        (prop::collection::vec(row(), 0..20), json_value(), key()).prop_map(
            |(rows, meta, envelope)| {
                json!({ envelope: rows, "data": rows, "listMetadata": meta })
            }
        ),
    ];
    fuzz("normalise arbitrary responses", response, |root| {
        let parsed = parse_list_response(&root.to_string());
        let Some(rows) = listed_rows(&root) else {
            prop_assert!(parsed.is_err());
            return Ok(());
        };
        let page = parsed.map_err(|error| TestCaseError::fail(error.to_string()))?;
        prop_assert_eq!(page.events.len() + page.skipped, rows.len());
        let mut ids = std::collections::HashSet::new();
        for event in &page.events {
            prop_assert!(!event.id.trim().is_empty());
            prop_assert!(ids.insert(event.id.clone()), "id {} shown twice", event.id);
        }
        for cursor in [&page.before, &page.after].into_iter().flatten() {
            prop_assert!(!cursor.trim().is_empty());
        }
        Ok(())
    });
}

/// Instants chrono can hold, mostly near our time, sometimes at its ends.
fn instant() -> impl Strategy<Value = DateTime<Utc>> {
    let min = DateTime::<Utc>::MIN_UTC.timestamp_millis();
    let max = DateTime::<Utc>::MAX_UTC.timestamp_millis();
    prop_oneof![
        3 => 0i64..4_102_444_800_000,
        1 => min..=max,
        1 => prop_oneof![Just(min), Just(max), Just(-1), Just(0)],
    ]
    .prop_map(|ms| DateTime::from_timestamp_millis(ms).expect("within chrono's range"))
}

fn offset() -> impl Strategy<Value = FixedOffset> {
    (-86_399i32..=86_399).prop_map(|seconds| FixedOffset::east_opt(seconds).expect("under a day"))
}

#[test]
fn epoch_millis_of_the_years_1_to_9999_read_back_exactly_and_no_others() {
    fuzz(
        "parse_time of any i64 and f64",
        (any::<i64>(), any::<f64>(), -1e14..1e15f64),
        |(ms, float, near)| {
            let exact = ms.unsigned_abs() <= (1 << 53);
            let kept = |time: DateTime<Utc>| (1..=9999).contains(&time.year());
            let expected =
                (DateTime::from_timestamp_millis(ms)).filter(|time| exact && kept(*time));
            prop_assert_eq!(parse_time(&json!(ms).to_string()), expected);
            prop_assert_eq!(parse_time(&json!(ms.to_string()).to_string()), expected);
            // A float as serde_json writes it (`1.5e12`, `-0.5`): its whole part, read on the
            // digits, is the float's.
            for float in [float, near] {
                let expected = (float.is_finite() && float.abs() <= 9_007_199_254_740_991.0)
                    .then(|| DateTime::from_timestamp_millis(float.trunc() as i64))
                    .flatten()
                    .filter(|time| kept(*time));
                prop_assert_eq!(parse_time(&json!(float).to_string()), expected, "{}", float);
            }
            Ok(())
        },
    );
}

#[test]
fn iso_8601_times_read_back_with_or_without_the_offset_colon() {
    fuzz(
        "parse_time of RFC 3339, ISO 8601 basic offsets and minutes, and of any text",
        (instant(), offset(), text()),
        |(time, offset, noise)| {
            // Any text ending in anything: the offset is looked for in its last bytes.
            let _ = parse_time(&json!(noise).to_string());
            // Offsets in whole minutes, years in four digits: what both forms can write, of
            // the instants the reader keeps (the years 1 to 9999).
            let offset =
                FixedOffset::east_opt(offset.local_minus_utc() / 60 * 60).expect("under a day");
            let local = time.with_timezone(&offset);
            if !(0..=9999).contains(&local.year()) || !(1..=9999).contains(&time.year()) {
                return Ok(());
            }
            let millis = time.with_nanosecond(time.nanosecond() / 1_000_000 * 1_000_000);
            for format in ["%Y-%m-%dT%H:%M:%S%.3f%:z", "%Y-%m-%dT%H:%M:%S%.3f%z"] {
                let text = local.format(format).to_string();
                prop_assert_eq!(parse_time(&json!(text).to_string()), millis, "{}", text);
            }
            // Without seconds: the minute it names.
            let minute = time.with_nanosecond(0).and_then(|time| time.with_second(0));
            for format in ["%Y-%m-%dT%H:%M%:z", "%Y-%m-%dT%H:%M%z"] {
                let text = local.format(format).to_string();
                prop_assert_eq!(parse_time(&json!(text).to_string()), minute, "{}", text);
            }
            Ok(())
        },
    );
}

#[test]
fn days_and_http_dates_read_exactly_what_chrono_writes_and_nothing_else() {
    const DAY: &str = "%Y-%m-%d";
    const HTTP_DATE: &str = "%a, %d %b %Y %H:%M:%S GMT";
    fuzz(
        "parse_day and parse_http_date against chrono's formatting, and any text",
        (instant(), text()),
        |(time, noise)| {
            // Both forms have four-digit years, which chrono writes for years 0 to 9999.
            let four_digits = (0..=9999).contains(&time.year());
            let day = time.format(DAY).to_string();
            let expected_day = Some(time.date_naive()).filter(|_| four_digits);
            prop_assert_eq!(parse_day(&day), expected_day);
            let http = time.format(HTTP_DATE).to_string();
            let whole_seconds = time.with_nanosecond(0).expect("a valid instant");
            let expected_http = Some(whole_seconds).filter(|_| four_digits);
            prop_assert_eq!(parse_http_date(&http), expected_http);
            // Any other text reads as nothing, or as what it writes out again.
            if let Some(read) = parse_day(&noise) {
                prop_assert_eq!(read.format(DAY).to_string(), noise.clone());
            }
            if let Some(read) = parse_http_date(&noise) {
                prop_assert_eq!(read.format(HTTP_DATE).to_string(), noise);
            }
            Ok(())
        },
    );
}

#[test]
fn time_formatting_never_panics_and_the_future_is_never_ago() {
    fuzz(
        "relative and absolute time",
        (instant(), instant(), offset(), -600_000i64..600_000),
        |(time, now, tz, near_ms)| {
            let near = now.checked_add_signed(chrono::TimeDelta::milliseconds(near_ms));
            for (time, now) in [Some((time, now)), near.map(|near| (near, now))]
                .into_iter()
                .flatten()
            {
                let said = relative(time, now, &tz);
                let _ = (absolute(time, &tz), full_date(time, &Utc), iso(time));
                prop_assert!(!said.is_empty());
                if time - now > chrono::TimeDelta::minutes(5) {
                    prop_assert!(
                        !said.contains("ago") && said != "just now" && said != "yesterday",
                        "{} for a future time",
                        said
                    );
                }
                if time <= now && now - time >= chrono::TimeDelta::days(7) {
                    prop_assert_eq!(said, full_date(time, &tz));
                }
            }
            Ok(())
        },
    );
}

/// A copy of `value` whose secret keys all hold something marked [`SECRET`], at any depth.
fn entry_list(items: &[Value]) -> bool {
    is_entry_list(&items.iter().map(Json::from).collect::<Vec<_>>())
}

fn plant_secrets(value: &Value) -> Value {
    match value {
        Value::Object(map) => {
            let mut planted: Map<String, Value> = map
                .iter()
                .map(|(key, value)| {
                    let value = if is_secret_entry(map, key) {
                        json!({ "v": format!("{SECRET}-{}", value) })
                    } else {
                        plant_secrets(value)
                    };
                    (key.clone(), value)
                })
                .collect();
            // A planted value no longer names its siblings (`"key": "key"` makes `before` a
            // secret; the marker in its place does not): a value the planted object no longer
            // holds for a secret gets its own back, planted within.
            loop {
                let unnamed: Vec<String> = map
                    .keys()
                    .filter(|key| is_secret_entry(map, key) && !is_secret_entry(&planted, key))
                    .filter(|key| planted[key.as_str()] != plant_secrets(&map[key.as_str()]))
                    .cloned()
                    .collect();
                if unnamed.is_empty() {
                    break Value::Object(planted);
                }
                for key in unnamed {
                    let own = plant_secrets(&map[key.as_str()]);
                    planted.insert(key, own);
                }
            }
        }
        Value::Array(items) if entry_list(items) => Value::Array(
            items
                .iter()
                .filter_map(Value::as_array)
                .map(|pair| match pair[0].as_str() {
                    Some(name) if is_secret_key(name) => {
                        json!([name, format!("{SECRET}-{}", pair[1])])
                    }
                    _ => json!([plant_secrets(&pair[0]), plant_secrets(&pair[1])]),
                })
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(plant_secrets).collect()),
        Value::String(text) => match serde_json::from_str::<Value>(text) {
            Ok(inner @ (Value::Object(_) | Value::Array(_))) => {
                Value::from(plant_secrets(&inner).to_string())
            }
            _ => value.clone(),
        },
        other => other.clone(),
    }
}

fn shown(rows: &[FieldChange]) -> String {
    rows.iter()
        .map(|row| format!("{} {:?} {:?}", row.field, row.before, row.after))
        .collect()
}

#[test]
fn the_diff_is_empty_for_no_change_mirrored_when_swapped_and_hides_secrets() {
    fuzz(
        "diff of arbitrary before/after",
        (json_value(), json_value()),
        |(before, after)| {
            let (before, after) = (plant_secrets(&before), plant_secrets(&after));
            let same = Changes {
                before: before.clone(),
                after: before.clone(),
            };
            prop_assert!(diff(&same).is_empty());

            let forward = diff(&Changes {
                before: before.clone(),
                after: after.clone(),
            });
            let backward = diff(&Changes {
                before: after,
                after: before,
            });
            prop_assert_eq!(forward.len(), backward.len());
            for (there, back) in forward.iter().zip(&backward) {
                prop_assert_eq!(&there.field, &back.field);
                prop_assert_eq!((&there.before, &there.after), (&back.after, &back.before));
                let mirrored = match there.kind {
                    ChangeKind::Added => ChangeKind::Removed,
                    ChangeKind::Removed => ChangeKind::Added,
                    ChangeKind::Changed => ChangeKind::Changed,
                };
                prop_assert_eq!(mirrored, back.kind);
            }
            let text = shown(&forward);
            prop_assert!(!text.contains(SECRET), "a secret in the diff: {}", text);
            Ok(())
        },
    );
}

/// Whether a secret entry anywhere in `value` (or in JSON a string holds) keeps a value.
fn leaks(value: &Value) -> bool {
    match value {
        Value::Object(map) => map.iter().any(|(key, value)| {
            (is_secret_entry(map, key) && value != &Value::from(REDACTED)) || leaks(value)
        }),
        Value::Array(items) if entry_list(items) => items.iter().any(|pair| {
            let (name, value) = (&pair[0], &pair[1]);
            (name.as_str().is_some_and(is_secret_key) && value != &Value::from(REDACTED))
                || leaks(name)
                || leaks(value)
        }),
        Value::Array(items) => items.iter().any(leaks),
        Value::String(text) => serde_json::from_str::<Value>(text).is_ok_and(|inner| leaks(&inner)),
        _ => false,
    }
}

/// Whether anything in `value` could count as a secret: a secret-looking key, or a string
/// that looks like one (say the `name` of a name/value pair), also inside JSON strings.
fn mentions_secret(value: &Value) -> bool {
    match value {
        Value::Object(map) => map.iter().any(|(key, value)| {
            is_secret_key(key) || is_secret_entry(map, key) || mentions_secret(value)
        }),
        Value::Array(items) => items.iter().any(mentions_secret),
        Value::String(text) => {
            is_secret_key(text)
                || serde_json::from_str::<Value>(text).is_ok_and(|inner| mentions_secret(&inner))
        }
        _ => false,
    }
}

#[test]
fn redaction_leaves_no_secret_and_touches_nothing_else() {
    fuzz("redact arbitrary JSON", json_value(), |value| {
        let once = redact(&value);
        prop_assert!(!leaks(&once), "{}", once);
        prop_assert!(!leaks(&redact(&once)));
        if !mentions_secret(&value) {
            prop_assert_eq!(once, value);
        }
        Ok(())
    });
}

#[test]
fn no_secret_reaches_the_detail_view_or_an_export() {
    fuzz(
        "redact arbitrary events",
        prop::collection::vec(row(), 0..6),
        |rows| {
            let rows: Vec<Value> = rows.iter().map(plant_secrets).collect();
            let page = normalize_rows(&rows);
            let redacted: Vec<_> = page.events.iter().map(redact_event).collect();
            // In parts of two events, as a page writes a file between its frames.
            let json: String = Format::Json.parts(&page.events, 2).collect();
            let parsed: Value = serde_json::from_str(&json).unwrap();
            prop_assert_eq!(parsed.as_array().map(Vec::len), Some(page.events.len()));
            let files = [
                json,
                Format::Csv.parts(&page.events, 2).collect(),
                format!("{redacted:?}"),
            ];
            for file in files {
                prop_assert!(!file.contains(SECRET), "{}", file);
            }
            Ok(())
        },
    );
}

#[test]
fn a_csv_export_reads_back_one_record_of_a_cell_per_column_per_event() {
    fuzz(
        "CSV export of arbitrary events",
        prop::collection::vec(row(), 0..6),
        |rows| {
            let page = normalize_rows(&rows);
            let text: String = Format::Csv.parts(&page.events, 2).collect();
            let records: Vec<Vec<String>> = csv::ReaderBuilder::new()
                .has_headers(false)
                .from_reader(text.as_bytes())
                .records()
                .map(|record| record.unwrap().iter().map(str::to_owned).collect())
                .collect();
            prop_assert_eq!(records.len(), page.events.len() + 1);
            for (record, event) in records[1..].iter().zip(&page.events) {
                prop_assert_eq!(record.len(), CSV_HEADER.len());
                // An id that a spreadsheet would run as a formula is kept as text.
                let formula = event.id.starts_with(['=', '+', '-', '@', '\t', '\r']);
                let id = if formula {
                    format!("'{}", event.id)
                } else {
                    event.id.clone()
                };
                prop_assert_eq!(&record[0], &id);
            }
            Ok(())
        },
    );
}

/// Words from a few letters, so that searches often match, and in more than one field;
/// Σ, whose lower case depends on where it stands.
fn word() -> impl Strategy<Value = String> {
    proptest::string::string_regex("[abAB_.éΣσς]{0,4}").unwrap()
}

/// Whether every term of `query` is in one of the searched fields, each read from the event
/// on its own: what the index's one buffer of all rows is documented to answer. Case and
/// the two lower-case sigmas are ignored.
fn found_in(event: &AuditEvent, query: &str) -> bool {
    let fold = |text: &str| text.to_lowercase().replace('ς', "σ");
    let fields: Vec<String> = searched_fields(event).map(|field| fold(field)).collect();
    query
        .split_whitespace()
        .all(|term| fields.iter().any(|field| field.contains(&fold(term))))
}

#[test]
fn search_finds_what_each_event_says_among_any_candidates() {
    let event =
        (word(), word(), word(), word(), word()).prop_map(|(action, name, email, org, target)| {
            json!({ "action": action, "actorName": name, "actorEmail": email, "organizationId": org,
                "targets": format!("[{{\"type\":\"user\",\"id\":\"{target}\"}}]") })
        });
    let case = (
        prop::collection::vec(event, 0..40),
        prop::collection::vec(word(), 0..3).prop_map(|terms| terms.join(" ")),
        any::<prop::sample::Index>(),
        prop::collection::vec(any::<prop::sample::Index>(), 0..40),
    );
    fuzz(
        "search over candidates",
        case,
        |(rows, query, cut, picks)| {
            let rows: Vec<Value> = rows
                .into_iter()
                .enumerate()
                .map(|(i, mut row)| {
                    row["id"] = json!(format!("e{i}"));
                    row
                })
                .collect();
            let events = normalize_rows(&rows).events;
            let index = SearchIndex::new(&events);
            // All rows in some order, and a few of them, as a narrowing keystroke gives.
            let mut all: Vec<usize> = (0..events.len()).collect();
            if !all.is_empty() {
                let first = cut.index(all.len());
                all.rotate_left(first);
            }
            let few: Vec<usize> = picks
                .iter()
                .take(events.len() / 10)
                .map(|pick| all[pick.index(all.len())])
                .collect();
            for candidates in [all, few] {
                let expected: Vec<usize> = candidates
                    .iter()
                    .copied()
                    .filter(|&i| found_in(&events[i], &query))
                    .collect();
                prop_assert_eq!(index.filter(&candidates, &query), expected, "{:?}", query);
            }
            Ok(())
        },
    );
}

/// What a link's query may hold: the page's keys and others, each with text that is
/// percent-encoded or raw, tricky or arbitrary.
fn link_query() -> impl Strategy<Value = String> {
    const KEYS: &[&str] = &[
        "action", "actor", "org", "after", "before", "size", "event", "range", "from", "to", "q",
        "sort", "dir", "trail", "utm", "",
    ];
    let value = prop_oneof![
        2 => prop::sample::select(TRICKY_TEXT).prop_map(str::to_owned),
        2 => any::<String>(),
        1 => "(%[0-9A-Fa-f]{0,2}|[+&= a-z0-9]){0,8}",
        1 => prop::sample::select(&["25", "100", "7d", "2026-02-29", "0000-01-01", "asc", "action"][..])
            .prop_map(str::to_owned),
    ];
    prop::collection::vec((prop::sample::select(KEYS), value, any::<bool>()), 0..12).prop_map(
        |pairs| {
            let mut query = String::from("?");
            for (key, value, encoded) in pairs {
                let value = match encoded {
                    true => value.bytes().map(|byte| format!("%{byte:02X}")).collect(),
                    false => value,
                };
                query.push_str(&format!("{key}={value}&"));
            }
            query
        },
    )
}

#[test]
fn any_link_is_read_as_a_page_that_its_own_link_reads_back_the_same() {
    fuzz("links", link_query(), |link| {
        let (query, unreadable) = AuditQuery::from_query_string(&link);
        prop_assert!(PAGE_SIZES.contains(&query.page_size));
        prop_assert!(query.range.preset.is_none() || query.range.from.or(query.range.to).is_none());
        let mut named = unreadable.clone();
        named.sort();
        named.dedup();
        prop_assert_eq!(named.len(), unreadable.len(), "a setting named twice");
        let written = query.to_query_string();
        let (again, unreadable) = AuditQuery::from_query_string(&written);
        prop_assert_eq!(&again, &query, "written: {}", written);
        prop_assert!(unreadable.is_empty());
        Ok(())
    });
}

#[test]
fn a_backend_cursor_goes_through_the_link_exactly_and_back_again() {
    let case = (
        link_query(),
        any::<String>().prop_filter("a cursor", |c| !c.trim().is_empty()),
    );
    fuzz("cursors in links", case, |(link, cursor)| {
        let (query, _) = AuditQuery::from_query_string(&link);
        let next = query.next_page(cursor.clone());
        let (read, _) = AuditQuery::from_query_string(&next.to_query_string());
        prop_assert_eq!(read.list_request().after, Some(cursor));
        let back = read
            .previous_page(None)
            .expect("a page reached by a cursor has a trail");
        prop_assert_eq!(back.after, query.after);
        prop_assert_eq!(back.before, None);
        Ok(())
    });
}
