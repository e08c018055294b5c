mod common;

use common::{ids, TestServer};
use serde_json::json;

#[tokio::test]
async fn create_validates_its_body() {
    let dir = tempfile::tempdir().unwrap();
    let server = TestServer::start(&dir.path().join("db"), &["--seed", "0"]).await;
    let valid = json!({ "action": "document.exported", "actorType": "user", "actorId": "usr_1" });
    let cases = [
        ("action", json!(null), "action is required"),
        ("action", json!(""), "action is required"),
        ("action", json!("  "), "action is required"),
        ("actorId", json!(null), "actorId is required"),
        ("actorType", json!(null), "actorType is required"),
        ("actorType", json!("robot"), "actorType must be one of"),
        ("action", json!(5), "action"),
        ("targets", json!("not json"), "targets must be"),
        ("targets", json!("{\"type\":\"user\"}"), "targets must be"),
        ("targets", json!([{ "type": "user" }]), "targets"),
        ("changes", json!("[1, 2]"), "changes must be"),
        ("metadata", json!("{oops"), "metadata must be"),
        ("occurredAt", json!("yesterday"), "occurredAt"),
    ];
    for (field, value, expected) in cases {
        let mut body = valid.clone();
        body[field] = value.clone();
        let message = server.bad_request("create", body).await;
        assert!(message.contains(expected), "{field} = {value}: {message}");
    }
    assert_eq!(
        ids(&server.ok("list", json!({})).await).len(),
        0,
        "nothing was stored"
    );
}

#[tokio::test]
async fn created_event_is_returned_and_listed_first() {
    let dir = tempfile::tempdir().unwrap();
    let server = TestServer::start(&dir.path().join("db"), &["--seed", "30"]).await;
    let body = json!({
        "action": "document.exported",
        "actorType": "api_key",
        "actorId": "key_1",
        "actorName": "CI key",
        "actorEmail": "ci@example.com",
        "targets": "[{\"type\":\"document\",\"id\":\"doc_1\"}]",
        "organizationId": "org_acme",
        "ipAddress": "203.0.113.9",
        "userAgent": "curl/8.0",
        "requestId": "req_1",
        "changes": "{\"before\":{},\"after\":{\"exported\":true}}",
        "metadata": "{\"format\":\"pdf\"}",
    });
    let created = server.ok("create", body.clone()).await;
    for (field, value) in body.as_object().unwrap() {
        assert_eq!(&created[field], value, "{field}");
    }
    assert!(created["id"].as_str().unwrap().starts_with("evt_"));
    assert!(created["occurredAt"].as_i64().unwrap() > common::SEED_NOW);
    assert_eq!(created["version"], 1);

    let page = server.ok("list", json!({})).await;
    assert_eq!(page["data"][0], created);
    let other = server
        .ok(
            "create",
            json!({ "action": "a.b", "actorType": "scim", "actorId": "scim_1" }),
        )
        .await;
    assert_ne!(other["id"], created["id"]);
}

#[tokio::test]
async fn same_idempotency_key_returns_the_first_event() {
    let dir = tempfile::tempdir().unwrap();
    let server = TestServer::start(&dir.path().join("db"), &["--seed", "0"]).await;
    let body = |action| json!({ "action": action, "actorType": "user", "actorId": "usr_1", "idempotencyKey": "k1" });
    let first = server.ok("create", body("first.try")).await;
    let second = server.ok("create", body("second.try")).await;
    assert_eq!(second, first);
    assert_eq!(
        ids(&server.ok("list", json!({})).await),
        ids(&json!({ "data": [first] }))
    );
}

#[tokio::test]
async fn events_survive_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("audit.sqlite3");
    let server = TestServer::start(&db, &["--seed", "20"]).await;
    let created = server
        .ok(
            "create",
            json!({ "action": "user.created", "actorType": "admin", "actorId": "adm_1" }),
        )
        .await;
    server.stop().await;

    // Same database: the event is there, and the seed does not run again.
    let server = TestServer::start(&db, &["--seed", "20"]).await;
    let page = server.ok("list", json!({ "limit": 100 })).await;
    assert_eq!(page["data"][0], created);
    assert_eq!(ids(&page).len(), 21);
}
