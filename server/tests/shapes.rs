mod common;

use common::TestServer;
use serde_json::{json, Value};

fn keys(event: &Value) -> Vec<&str> {
    let mut keys: Vec<&str> = event
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    keys.sort_unstable();
    keys
}

const FULL_EVENT: fn() -> Value = || {
    json!({
        "action": "member.role_updated",
        "actorType": "admin",
        "actorId": "adm_1",
        "actorEmail": "grace@acme.com",
        "targets": "[{\"type\":\"user\",\"id\":\"usr_2\"},{\"type\":\"organization\",\"id\":\"org_1\"}]",
        "organizationId": "org_1",
        "ipAddress": "203.0.113.42",
        "changes": "{\"before\":{\"role\":\"member\"},\"after\":{\"role\":\"admin\"}}",
        "metadata": "{\"k\":\"v\"}",
        "occurredAt": 1_750_000_320_000_i64,
    })
};

async fn server_with_shape(dir: &tempfile::TempDir, shape: &str) -> TestServer {
    let server =
        TestServer::start(&dir.path().join("db"), &["--seed", "0", "--shape", shape]).await;
    for _ in 0..3 {
        server.ok("create", FULL_EVENT()).await;
    }
    server
}

fn assert_flat(event: &Value) {
    let expected = [
        "action",
        "actorEmail",
        "actorId",
        "actorType",
        "changes",
        "createdAt",
        "id",
        "ipAddress",
        "metadata",
        "occurredAt",
        "organizationId",
        "projectId",
        "targets",
        "version",
    ];
    assert_eq!(keys(event), expected);
    assert_eq!(event["occurredAt"], 1_750_000_320_000_i64);
    assert!(event["targets"].is_string() && event["changes"].is_string());
}

fn assert_docs(event: &Value, time_key: &str, target_key: &str) {
    let mut expected = vec![
        "action", "actor", "changes", "context", "id", "metadata", target_key, time_key,
    ];
    expected.sort_unstable();
    assert_eq!(keys(event), expected);
    assert_eq!(event[time_key], "2025-06-15T15:12:00.000Z");
    assert_eq!(
        event["actor"],
        json!({ "type": "admin", "id": "adm_1", "email": "grace@acme.com" })
    );
    assert_eq!(
        event["context"],
        json!({ "organizationId": "org_1", "ipAddress": "203.0.113.42" })
    );
    assert_eq!(event["changes"]["after"], json!({ "role": "admin" }));
    assert_eq!(event["metadata"], json!({ "k": "v" }));
}

#[tokio::test]
async fn flat_shape_is_the_backend_columns() {
    let dir = tempfile::tempdir().unwrap();
    let server = server_with_shape(&dir, "flat").await;
    let page = server.ok("list", json!({})).await;
    page["data"]
        .as_array()
        .unwrap()
        .iter()
        .for_each(assert_flat);
    assert_flat(&server.ok("create", FULL_EVENT()).await);
}

#[tokio::test]
async fn docs_shape_nests_actor_target_and_context() {
    let dir = tempfile::tempdir().unwrap();
    let server = server_with_shape(&dir, "docs").await;
    for page in [
        server.ok("list", json!({})).await,
        server.ok("export", json!({})).await,
    ] {
        for event in page["data"].as_array().unwrap() {
            assert_docs(event, "occurredAt", "target");
            assert_eq!(event["target"], json!({ "type": "user", "id": "usr_2" }));
        }
    }
    assert_docs(
        &server.ok("create", FULL_EVENT()).await,
        "occurredAt",
        "target",
    );
}

#[tokio::test]
async fn mixed_shape_rotates_per_row() {
    let dir = tempfile::tempdir().unwrap();
    let server = server_with_shape(&dir, "mixed").await;
    let page = server.ok("list", json!({})).await;
    let data = page["data"].as_array().unwrap();
    assert_flat(&data[0]);
    assert_docs(&data[1], "occurredAt", "target");
    assert_docs(&data[2], "timestamp", "targets");
    assert_eq!(data[2]["targets"].as_array().unwrap().len(), 2);
}
