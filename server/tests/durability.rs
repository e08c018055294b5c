//! An acknowledged create survives kill -9 (#5): the server answers 200 only after the
//! event is committed to the database file, not when it is queued or buffered in memory.

mod common;

use common::process::ServerProcess;
use common::ADMIN_KEY;
use serde_json::{json, Value};

async fn post(server: &ServerProcess, endpoint: &str, body: Value) -> Value {
    let response = reqwest::Client::new()
        .post(server.url(&format!("/api/auth/banata/audit-logs/{endpoint}")))
        .bearer_auth(ADMIN_KEY)
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200, "{endpoint}");
    response.json().await.unwrap()
}

#[tokio::test]
async fn every_acknowledged_create_survives_sigkill() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("audit.sqlite3");
    let mut created = Vec::new();
    for round in 0..5 {
        let server = ServerProcess::start(&db, ADMIN_KEY, &["--seed", "0"]);
        let listed = post(&server, "list", json!({ "limit": 100 })).await;
        assert_eq!(
            listed["data"].as_array().unwrap(),
            &created.iter().rev().cloned().collect::<Vec<Value>>(),
            "round {round}: every event created before a kill is there, newest first"
        );
        let body = json!({
            "action": "durability.checked",
            "actorType": "system",
            "actorId": format!("sys_{round}"),
        });
        created.push(post(&server, "create", body).await);
        // Killed the instant the 200 arrived: no graceful shutdown, no checkpoint.
        server.kill_9();
    }
    let server = ServerProcess::start(&db, ADMIN_KEY, &["--seed", "0"]);
    let listed = post(&server, "list", json!({ "limit": 100 })).await;
    let ids: Vec<&Value> = listed["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| &e["id"])
        .collect();
    let expected: Vec<&Value> = created.iter().rev().map(|e| &e["id"]).collect();
    assert_eq!(ids, expected);
}
