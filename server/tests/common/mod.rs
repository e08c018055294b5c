//! A real server on 127.0.0.1:0 with its database in a temp dir.

#![allow(dead_code)] // Each test binary uses a different part of this.

pub mod load;
pub mod process;

use std::path::Path;

use audit_server::{Config, Server};
use clap::Parser;
use reqwest::StatusCode;
use serde_json::Value;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

pub const ADMIN_KEY: &str = "test-admin-key";
pub const MEMBER_KEY: &str = "test-member-key";
/// Seeds end here (2023-11-14), well before anything created "now".
pub const SEED_NOW: i64 = 1_700_000_000_000;

pub struct TestServer {
    pub base: String,
    pub http: reqwest::Client,
    pub generated_admin_key: Option<String>,
    pub dev_session: Option<String>,
    stop: oneshot::Sender<()>,
    task: JoinHandle<Result<(), audit_server::Error>>,
}

/// Config for a server on an ephemeral port with the test keys; `args` adds
/// flags such as `--seed 100`.
pub fn config(db: &Path, args: &[&str]) -> Config {
    let seed_now = SEED_NOW.to_string();
    let base = [
        "audit-server",
        "--port",
        "0",
        "--db",
        db.to_str().unwrap(),
        "--admin-key",
        ADMIN_KEY,
        "--member-key",
        MEMBER_KEY,
        "--seed-now",
        &seed_now,
    ];
    Config::parse_from(base.iter().chain(args))
}

impl TestServer {
    pub async fn start(db: &Path, args: &[&str]) -> Self {
        Self::start_with(config(db, args)).await
    }

    pub async fn start_with(config: Config) -> Self {
        let server = Server::bind(config).await.expect("server starts");
        let (stop, stopped) = oneshot::channel();
        Self {
            base: format!("http://{}", server.addr),
            http: reqwest::Client::new(),
            generated_admin_key: server.generated_admin_key.clone(),
            dev_session: server.dev_session.clone(),
            stop,
            task: tokio::spawn(server.serve(async {
                stopped.await.ok();
            })),
        }
    }

    /// Graceful shutdown, as on Ctrl-C.
    pub async fn stop(self) {
        self.stop.send(()).unwrap();
        self.task.await.unwrap().unwrap();
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// POSTs JSON to an audit-log endpoint (`list`, `export`, `create`) as admin.
    pub async fn post(&self, endpoint: &str, body: Value) -> (StatusCode, Value) {
        let response = self
            .http
            .post(self.url(&format!("/api/auth/banata/audit-logs/{endpoint}")))
            .bearer_auth(ADMIN_KEY)
            .json(&body)
            .send()
            .await
            .unwrap();
        (response.status(), response.json().await.unwrap())
    }

    /// POSTs and expects 200.
    pub async fn ok(&self, endpoint: &str, body: Value) -> Value {
        let (status, body) = self.post(endpoint, body).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        body
    }

    /// POSTs and expects 400 with a message; returns the message.
    pub async fn bad_request(&self, endpoint: &str, body: Value) -> String {
        let (status, body) = self.post(endpoint, body).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
        body["message"].as_str().expect("a message").to_owned()
    }
}

/// The `id`s of a response's `data`.
pub fn ids(response: &Value) -> Vec<String> {
    response["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["id"].as_str().unwrap().to_owned())
        .collect()
}
