//! List-page latency over real HTTP against a large seeded database.
//! `cargo bench -p audit-server --bench list_page`; BENCH_EVENTS sets the
//! event count (default 1,000,000), BENCH_ROUNDS the requests per case.

#[path = "common/env.rs"]
mod env;

use std::time::{Duration, Instant};

use audit_server::{Config, Server};
use clap::Parser;
use env::env_or;
use serde_json::{json, Value};

const KEY: &str = "bench-key";
const NOW: i64 = 1_750_000_000_000;
const DAY: i64 = 86_400_000;

#[tokio::main]
async fn main() {
    let events: u64 = env_or("BENCH_EVENTS", 1_000_000);
    let rounds: usize = env_or("BENCH_ROUNDS", 200);
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("bench.sqlite3");
    let (events_arg, now_arg) = (events.to_string(), NOW.to_string());
    let config = Config::parse_from([
        "audit-server",
        "--port",
        "0",
        "--admin-key",
        KEY,
        "--db",
        db.to_str().unwrap(),
        "--seed",
        &events_arg,
        "--seed-now",
        &now_arg,
    ]);

    let started = Instant::now();
    let server = Server::bind(config).await.unwrap();
    let seeding = started.elapsed();
    let url = format!("http://{}/api/auth/banata/audit-logs/", server.addr);
    tokio::spawn(server.serve(std::future::pending()));
    let http = reqwest::Client::new();
    let post = |endpoint: &str, body: Value| {
        let request = http
            .post(format!("{url}{endpoint}"))
            .bearer_auth(KEY)
            .json(&body);
        async move {
            let response = request.send().await.unwrap();
            assert!(response.status().is_success());
            response.json::<Value>().await.unwrap()
        }
    };

    // A cursor halfway down the history: the newest event 30 days back.
    let deep = post("export", json!({ "endDate": NOW - 30 * DAY, "limit": 1 })).await;
    let deep_cursor = deep["data"][0]["id"].clone();

    let cases = [
        ("first page", json!({})),
        ("deep after cursor", json!({ "after": deep_cursor })),
        ("action filter", json!({ "action": "user.login" })),
        ("rare action filter", json!({ "action": "webhook.deleted" })),
        ("actor filter", json!({ "actorId": "usr_ada" })),
        (
            "actor filter + cursor",
            json!({ "actorId": "usr_ada", "after": deep_cursor }),
        ),
    ];
    println!(
        "seeded {events} events (and built indexes) in {:.1} s",
        seeding.as_secs_f64()
    );
    println!(
        "{:<24} {:>8} {:>8} {:>6}",
        "list page (limit 50)", "p50 ms", "p99 ms", "rows"
    );
    for (name, body) in cases {
        let mut times = Vec::with_capacity(rounds);
        let mut rows = 0;
        for _ in 0..rounds {
            let start = Instant::now();
            let page = post("list", body.clone()).await;
            times.push(start.elapsed());
            rows = page["data"].as_array().unwrap().len();
        }
        times.sort_unstable();
        let ms = |p: f64| as_ms(times[((times.len() - 1) as f64 * p).round() as usize]);
        println!("{name:<24} {:>8.2} {:>8.2} {rows:>6}", ms(0.50), ms(0.99));
    }
}

fn as_ms(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1000.0
}
