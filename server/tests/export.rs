mod common;

use common::{ids, TestServer, SEED_NOW};
use serde_json::{json, Value};

const DAY: i64 = 86_400_000;

/// Follows `nextCursor` until it is null; returns the pages.
async fn export_pages(server: &TestServer, query: Value) -> Vec<Value> {
    let mut pages = Vec::new();
    let mut body = query;
    loop {
        let page = server.ok("export", body.clone()).await;
        let next = page["nextCursor"].clone();
        assert_eq!(page["count"], page["data"].as_array().unwrap().len());
        pages.push(page);
        if next.is_null() {
            return pages;
        }
        body["cursor"] = next;
    }
}

#[tokio::test]
async fn date_range_is_honoured_and_paging_covers_it_once() {
    let dir = tempfile::tempdir().unwrap();
    let server = TestServer::start(&dir.path().join("db"), &["--seed", "600"]).await;
    let (start, end) = (SEED_NOW - 40 * DAY, SEED_NOW - 10 * DAY);

    let all = server.ok("list", json!({ "limit": 1000 })).await;
    let expected: Vec<&str> = all["data"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| (start..=end).contains(&e["occurredAt"].as_i64().unwrap()))
        .map(|e| e["id"].as_str().unwrap())
        .collect();
    assert!(expected.len() > 100);

    let whole = server
        .ok(
            "export",
            json!({ "format": "csv", "startDate": start, "endDate": end }),
        )
        .await;
    assert_eq!(ids(&whole), expected);
    assert!(whole["nextCursor"].is_null());

    let pages = export_pages(
        &server,
        json!({ "format": "json", "startDate": start, "endDate": end, "limit": 25 }),
    )
    .await;
    assert!(pages.len() > 4);
    assert_eq!(pages.iter().flat_map(ids).collect::<Vec<_>>(), expected);

    let sessions = server
        .ok(
            "export",
            json!({ "action": "session.created", "organizationId": "org_acme" }),
        )
        .await;
    assert!(sessions["count"].as_u64().unwrap() > 0);
    assert!(sessions["data"]
        .as_array()
        .unwrap()
        .iter()
        .all(|e| e["action"] == "session.created" && e["organizationId"] == "org_acme"));
}

#[tokio::test]
async fn a_page_is_extended_over_a_millisecond_shared_across_its_boundary() {
    let dir = tempfile::tempdir().unwrap();
    let server = TestServer::start(&dir.path().join("db"), &["--seed", "0"]).await;
    // Newest first: 5 singles, then 4 events in one millisecond, then 3 singles.
    let times = [
        10_900, 10_800, 10_700, 10_600, 10_500, 10_400, 10_400, 10_400, 10_400, 10_300, 10_200,
        10_100,
    ];
    for (i, occurred_at) in times.iter().enumerate() {
        let body = json!({ "action": "export.test", "actorType": "user", "actorId": format!("usr_{i}"), "occurredAt": occurred_at });
        server.ok("create", body).await;
    }

    // A page of 7 would end inside the tie group: it takes the whole group.
    let pages = export_pages(&server, json!({ "limit": 7 })).await;
    let counts: Vec<u64> = pages.iter().map(|p| p["count"].as_u64().unwrap()).collect();
    assert_eq!(counts, [9, 3]);
    assert_eq!(pages[0]["nextCursor"], 10_400);
    let walked: Vec<String> = pages.iter().flat_map(ids).collect();
    assert_eq!(
        walked,
        ids(&server.ok("list", json!({ "limit": 100 })).await)
    );

    // A cursor is exclusive; the start and end dates are inclusive.
    let page = server.ok("export", json!({ "cursor": 10_400 })).await;
    assert_eq!(page["count"], 3);
    let page = server
        .ok("export", json!({ "startDate": 10_200, "endDate": 10_400 }))
        .await;
    assert_eq!(page["count"], 6);
}

#[tokio::test]
async fn export_rejects_bad_parameters() {
    let dir = tempfile::tempdir().unwrap();
    let server = TestServer::start(&dir.path().join("db"), &["--seed", "0"]).await;
    for body in [
        json!({ "limit": 0 }),
        json!({ "limit": 1001 }),
        json!({ "format": "xml" }),
        json!({ "startDate": "2025-01-01" }),
        json!({ "cursor": "abc" }),
    ] {
        server.bad_request("export", body).await;
    }
}
