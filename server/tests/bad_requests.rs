//! Every malformed request to every endpoint is a 400 with a JSON `{"message"}` that names
//! the problem, never a 415/422/500 or an empty body (#5). Field validation of `create` is in
//! create.rs; list's own cases (both cursors, unknown cursors) are in list.rs.

mod common;

use common::{TestServer, ADMIN_KEY};
use reqwest::header::CONTENT_TYPE;
use reqwest::StatusCode;
use serde_json::{json, Value};

const ENDPOINTS: [&str; 3] = ["list", "export", "create"];

/// Sends `body` with `content_type` as admin; expects 400 with a JSON message, returns it.
async fn raw_bad_request(
    server: &TestServer,
    endpoint: &str,
    content_type: &str,
    body: &'static str,
) -> String {
    let response = server
        .http
        .post(server.url(&format!("/api/auth/banata/audit-logs/{endpoint}")))
        .bearer_auth(ADMIN_KEY)
        .header(CONTENT_TYPE, content_type)
        .body(body)
        .send()
        .await
        .unwrap();
    let status = response.status();
    assert!(response.headers()[CONTENT_TYPE]
        .to_str()
        .unwrap()
        .starts_with("application/json"));
    let body: Value = response.json().await.unwrap();
    assert_eq!(
        status,
        StatusCode::BAD_REQUEST,
        "{endpoint} {content_type}: {body}"
    );
    let message = body["message"].as_str().unwrap_or_default().to_owned();
    assert!(!message.is_empty(), "{endpoint}: {body}");
    message
}

#[tokio::test]
async fn wrong_content_type_and_broken_json_are_400_on_every_endpoint() {
    let dir = tempfile::tempdir().unwrap();
    let server = TestServer::start(&dir.path().join("db"), &["--seed", "5"]).await;
    for endpoint in ENDPOINTS {
        let message = raw_bad_request(&server, endpoint, "text/plain", "{}").await;
        assert!(message.contains("Content-Type"), "{endpoint}: {message}");
        raw_bad_request(
            &server,
            endpoint,
            "application/x-www-form-urlencoded",
            "limit=5",
        )
        .await;
        let message = raw_bad_request(&server, endpoint, "application/json", "{\"limit\": 5").await;
        assert!(message.contains("EOF"), "{endpoint}: {message}");
        raw_bad_request(&server, endpoint, "application/json", "").await;
        raw_bad_request(&server, endpoint, "application/json", "{'limit': 5}").await;
        raw_bad_request(&server, endpoint, "application/json", "null").await;
        raw_bad_request(&server, endpoint, "application/json", "\"list\"").await;
    }
    assert_eq!(
        common::ids(&server.ok("list", json!({ "limit": 100 })).await).len(),
        5,
        "no bad create stored anything"
    );
}

#[tokio::test]
async fn wrong_field_types_are_400_naming_the_field() {
    let dir = tempfile::tempdir().unwrap();
    let server = TestServer::start(&dir.path().join("db"), &["--seed", "5"]).await;
    let create = |field: &str, value: Value| {
        let mut body = json!({ "action": "a.b", "actorType": "user", "actorId": "usr_1" });
        body[field] = value;
        body
    };
    let cases = [
        ("list", "actorId", json!({ "actorId": 7 })),
        (
            "list",
            "action",
            json!({ "action": { "eq": "user.created" } }),
        ),
        ("list", "limit", json!({ "limit": true })),
        ("list", "after", json!({ "after": 12 })),
        ("list", "before", json!({ "before": ["evt_1"] })),
        ("export", "action", json!({ "action": 5 })),
        (
            "export",
            "organizationId",
            json!({ "organizationId": false }),
        ),
        ("export", "endDate", json!({ "endDate": "yesterday" })),
        ("export", "startDate", json!({ "startDate": 1.5 })),
        ("export", "format", json!({ "format": 1 })),
        ("create", "actorId", create("actorId", json!(1))),
        ("create", "metadata", create("metadata", json!({}))),
        (
            "create",
            "organizationId",
            create("organizationId", json!(["org_1"])),
        ),
    ];
    for (endpoint, field, body) in cases {
        let message = server.bad_request(endpoint, body.clone()).await;
        assert!(message.contains(field), "{endpoint} {body}: {message}");
    }
}

#[tokio::test]
async fn out_of_range_limits_are_400_on_list_and_export() {
    let dir = tempfile::tempdir().unwrap();
    let server = TestServer::start(&dir.path().join("db"), &["--seed", "5"]).await;
    for endpoint in ["list", "export"] {
        for limit in [
            json!(0),
            json!(-1),
            json!(1001),
            json!(4_294_967_296_u64),
            json!(1e9),
            json!("50"),
        ] {
            let message = server
                .bad_request(endpoint, json!({ "limit": limit }))
                .await;
            assert!(message.contains("limit"), "{endpoint} {limit}: {message}");
        }
        // The bounds themselves are accepted.
        for limit in [1, 1000] {
            server.ok(endpoint, json!({ "limit": limit })).await;
        }
    }
}

#[tokio::test]
async fn garbage_cursors_are_400_not_an_empty_page() {
    let dir = tempfile::tempdir().unwrap();
    let server = TestServer::start(&dir.path().join("db"), &["--seed", "5"]).await;
    for cursor in [
        "",
        "not-a-cursor",
        "evt_' OR '1'='1",
        "%00",
        "1700000000000",
        "evt_000000000000000000000000000000000000000000000000000000000000000000000000000000",
    ] {
        for direction in ["after", "before"] {
            let message = server
                .bad_request("list", json!({ direction: cursor }))
                .await;
            assert!(
                message.contains("cursor"),
                "{direction} {cursor:?}: {message}"
            );
        }
    }
    // Export cursors are epoch milliseconds; anything else names the field.
    for cursor in [json!("abc"), json!("1700000000000"), json!(1.5), json!([1])] {
        let message = server
            .bad_request("export", json!({ "cursor": cursor }))
            .await;
        assert!(message.contains("cursor"), "{cursor}: {message}");
    }
}
