mod common;

use common::{ids, TestServer};
use serde_json::{json, Value};

/// Creates `count` events sharing one millisecond, so cursors must break ties by id.
async fn create_tie_group(server: &TestServer, occurred_at: i64, count: usize) {
    for i in 0..count {
        server
            .ok(
                "create",
                json!({ "action": "tie.test", "actorType": "system", "actorId": format!("sys_{i}"), "occurredAt": occurred_at }),
            )
            .await;
    }
}

/// Follows `after` cursors from the first page to the last.
async fn pages_forward(server: &TestServer, filters: &Value, limit: u32) -> Vec<Value> {
    let mut pages = Vec::new();
    let mut after = Value::Null;
    loop {
        let mut body = filters.clone();
        body["limit"] = json!(limit);
        if !after.is_null() {
            body["after"] = after;
        }
        let page = server.ok("list", body).await;
        after = page["listMetadata"]["after"].clone();
        pages.push(page);
        if after.is_null() {
            return pages;
        }
    }
}

#[tokio::test]
async fn cursors_walk_every_row_once_both_ways() {
    let dir = tempfile::tempdir().unwrap();
    let server = TestServer::start(&dir.path().join("db"), &["--seed", "237"]).await;
    // A tie group straddling page boundaries (pages of 10).
    create_tie_group(&server, common::SEED_NOW - 3_600_000, 13).await;

    let everything = ids(&server.ok("list", json!({ "limit": 1000 })).await);
    assert_eq!(everything.len(), 250);

    let forward = pages_forward(&server, &json!({}), 10).await;
    assert_eq!(forward.len(), 25);
    assert_eq!(forward.iter().flat_map(ids).collect::<Vec<_>>(), everything);
    assert!(forward[0]["listMetadata"]["before"].is_null());
    assert!(forward[24]["listMetadata"]["after"].is_null());

    // Back from the last page with `before`: the same pages, in reverse.
    let mut page = forward.last().unwrap().clone();
    for expected in forward.iter().rev().skip(1) {
        let before = page["listMetadata"]["before"].clone();
        assert!(
            before.is_string(),
            "a page after the first has a before cursor"
        );
        page = server
            .ok("list", json!({ "limit": 10, "before": before }))
            .await;
        assert_eq!(&page, expected);
    }
    assert!(page["listMetadata"]["before"].is_null());
}

#[tokio::test]
async fn ties_in_occurred_at_are_ordered_by_id_across_pages() {
    let dir = tempfile::tempdir().unwrap();
    let server = TestServer::start(&dir.path().join("db"), &["--seed", "0"]).await;
    create_tie_group(&server, 5_000, 7).await;
    create_tie_group(&server, 4_000, 1).await;

    let pages = pages_forward(&server, &json!({}), 3).await;
    let walked: Vec<String> = pages.iter().flat_map(ids).collect();
    let mut expected = walked[..7].to_vec();
    expected.sort_by(|a, b| b.cmp(a));
    assert_eq!(
        walked[..7],
        expected,
        "newest first means id DESC within a millisecond"
    );
    assert_eq!(walked.len(), 8);
    assert_eq!(pages.len(), 3);
}

#[tokio::test]
async fn filters_match_exactly_and_combine_with_cursors() {
    let dir = tempfile::tempdir().unwrap();
    let server = TestServer::start(&dir.path().join("db"), &["--seed", "400"]).await;
    let all = server.ok("list", json!({ "limit": 1000 })).await;
    let all = all["data"].as_array().unwrap();

    for (field, value) in [
        ("action", "session.created"),
        ("actorId", "usr_ada"),
        ("organizationId", "org_acme"),
    ] {
        let expected: Vec<&str> = all
            .iter()
            .filter(|e| e[field] == value)
            .map(|e| e["id"].as_str().unwrap())
            .collect();
        assert!(expected.len() > 5, "the seed has some {field} = {value}");
        let filter = json!({ field: value });
        let walked: Vec<String> = pages_forward(&server, &filter, 4)
            .await
            .iter()
            .flat_map(ids)
            .collect();
        assert_eq!(walked, expected, "{field}");
    }

    let both = server
        .ok(
            "list",
            json!({ "action": "session.created", "actorId": "usr_ada", "limit": 1000 }),
        )
        .await;
    assert!(both["data"]
        .as_array()
        .unwrap()
        .iter()
        .all(|e| e["action"] == "session.created" && e["actorId"] == "usr_ada"));

    // An empty string is matched literally; null means "not set".
    assert_eq!(
        ids(&server.ok("list", json!({ "action": "" })).await).len(),
        0
    );
    assert_eq!(
        ids(&server.ok("list", json!({ "action": null })).await).len(),
        50
    );
    assert_eq!(
        ids(&server.ok("list", json!({ "projectId": "proj_x" })).await).len(),
        50
    );
}

#[tokio::test]
async fn limit_defaults_to_50_and_is_bounded() {
    let dir = tempfile::tempdir().unwrap();
    let server = TestServer::start(&dir.path().join("db"), &["--seed", "1100"]).await;
    assert_eq!(ids(&server.ok("list", json!({})).await).len(), 50);
    assert_eq!(
        ids(&server.ok("list", json!({ "limit": 1 })).await).len(),
        1
    );
    assert_eq!(
        ids(&server.ok("list", json!({ "limit": 1000 })).await).len(),
        1000
    );
    for limit in [
        json!(0),
        json!(1001),
        json!(-1),
        json!(2.5),
        json!("abc"),
        json!("10"),
    ] {
        let message = server.bad_request("list", json!({ "limit": limit })).await;
        assert!(message.contains("limit"), "{limit}: {message}");
    }
}

#[tokio::test]
async fn bad_requests_get_400_with_a_message() {
    let dir = tempfile::tempdir().unwrap();
    let server = TestServer::start(&dir.path().join("db"), &["--seed", "20"]).await;

    let message = server
        .bad_request("list", json!({ "after": "evt_missing" }))
        .await;
    assert!(message.contains("evt_missing"), "{message}");
    server
        .bad_request("list", json!({ "before": "evt_missing" }))
        .await;
    server.bad_request("list", json!({ "action": 5 })).await;
    server
        .bad_request("list", json!({ "organizationId": ["org_acme"] }))
        .await;
    server.bad_request("list", json!({ "projectId": 1 })).await;
    server.bad_request("list", json!([])).await;
    let page = server.ok("list", json!({ "limit": 5 })).await;
    let cursor = &page["listMetadata"]["after"];
    server
        .bad_request("list", json!({ "after": cursor, "before": cursor }))
        .await;

    let url = server.url("/api/auth/banata/audit-logs/list");
    let raw = |content_type: &'static str, body: &'static str| {
        server
            .http
            .post(&url)
            .bearer_auth(common::ADMIN_KEY)
            .header("content-type", content_type)
            .body(body)
    };
    for request in [
        raw("application/json", "{\"limit\": 5"),
        raw("application/json", ""),
        raw("text/plain", "{}"),
        raw("application/x-www-form-urlencoded", "limit=5"),
    ] {
        let response = request.send().await.unwrap();
        assert_eq!(response.status(), 400);
        let body: Value = response.json().await.unwrap();
        assert!(
            body["message"].as_str().is_some_and(|m| !m.is_empty()),
            "{body}"
        );
    }
}
