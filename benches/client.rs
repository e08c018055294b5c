//! The client's pure code at 100,000 events, natively: reading a list response of the shipped
//! backend's flat rows, building the search index, and one search keystroke.
//! `cargo bench -p audit-dashboard --bench client`

use audit_dashboard::domain::event::parse_list_response;
use audit_dashboard::domain::search::{sorted_order, Direction, SearchIndex, SortKey};
use criterion::{criterion_group, criterion_main, Criterion};
use serde_json::json;
use std::hint::black_box;

const EVENTS: usize = 100_000;
const ACTIONS: [&str; 6] = [
    "user.created",
    "session.created",
    "member.invited",
    "password.changed",
    "api-key.created",
    "organization.updated",
];

/// A list response of flat rows shaped like the shipped backend's (see CONTRACT.md).
fn flat_rows_body(count: usize) -> String {
    let rows: Vec<_> = (0..count)
        .map(|i| {
            json!({
                "id": format!("evt_{i:08}"), "projectId": "proj_1",
                "action": ACTIONS[i % ACTIONS.len()], "version": 1,
                "actorType": "user", "actorId": format!("usr_{}", i % 997),
                "actorName": format!("User {}", i % 997), "actorEmail": format!("user{}@acme.com", i % 997),
                "targets": format!("[{{\"type\":\"user\",\"id\":\"usr_{}\"}}]", i % 503),
                "organizationId": format!("org_{}", i % 37), "ipAddress": "203.0.113.42",
                "userAgent": "Mozilla/5.0 (X11; Linux x86_64)", "requestId": format!("req_{i}"),
                "changes": "{\"before\":{\"role\":\"member\"},\"after\":{\"role\":\"admin\"}}",
                "metadata": "{\"source\":\"dashboard\"}",
                "occurredAt": 1_750_000_000_000_i64 - i as i64 * 60_000,
                "createdAt": 1_750_000_000_000_i64 - i as i64 * 60_000,
            })
        })
        .collect();
    json!({ "data": rows, "listMetadata": { "before": null, "after": null } }).to_string()
}

fn benches(c: &mut Criterion) {
    let body = flat_rows_body(EVENTS);
    let mut group = c.benchmark_group("client_100k");
    group.sample_size(10);
    // The events are dropped untimed, as the app drops a load's before the next one's request.
    group.bench_function("normalize", |b| {
        b.iter_with_large_drop(|| parse_list_response(black_box(&body)).unwrap())
    });
    let events = parse_list_response(&body).unwrap().events;
    group.bench_function("index", |b| b.iter(|| SearchIndex::new(black_box(&events))));
    let index = SearchIndex::new(&events);
    let order = sorted_order(&events, SortKey::Time, Direction::Desc);
    group.bench_function("keystroke", |b| {
        b.iter(|| index.filter(black_box(&order), black_box("member.inv")))
    });
    group.bench_function("sort_by_action", |b| {
        b.iter(|| sorted_order(black_box(&events), SortKey::Action, Direction::Asc))
    });
    group.finish();
}

criterion_group!(client, benches);
criterion_main!(client);
