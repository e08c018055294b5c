//! Concurrent list load over loopback against the real binary (a separate process), with
//! the same client as the load test. `cargo bench -p audit-server --bench load`;
//! BENCH_EVENTS (default 100,000), BENCH_CLIENTS (200) and BENCH_ROUNDS (requests per
//! client, 25) size it; BENCH_JSON=FILE also writes the figures there as JSON.

#[path = "common/env.rs"]
mod env;
#[path = "../tests/common/load.rs"]
mod load;
// Shared with the tests, which also kill and address the server.
#[allow(dead_code)]
#[path = "../tests/common/process.rs"]
mod process;

use env::env_or;
use serde_json::json;

const KEY: &str = "bench-key";

#[tokio::main]
async fn main() {
    let events: usize = env_or("BENCH_EVENTS", 100_000);
    let clients: usize = env_or("BENCH_CLIENTS", 200);
    let rounds: usize = env_or("BENCH_ROUNDS", 25);
    let dir = tempfile::tempdir().unwrap();
    let seed = events.to_string();
    let server = process::ServerProcess::start(
        &dir.path().join("bench.sqlite3"),
        KEY,
        &["--seed", &seed, "--seed-now", "1750000000000"],
    );
    // Warm up connections and SQLite's page cache before measuring.
    load::list_load(&server.base, KEY, clients, 1).await;
    let report = load::list_load(&server.base, KEY, clients, rounds).await;
    println!(
        "list load: {events} events, {clients} concurrent clients x {rounds} requests \
         (page sizes 1..=100)"
    );
    println!("{}", report.summary());
    if let Some(path) = std::env::var_os("BENCH_JSON") {
        let mut figures = report.to_json();
        figures["events"] = json!(events);
        figures["clients"] = json!(clients);
        std::fs::write(&path, serde_json::to_string_pretty(&figures).unwrap())
            .expect("BENCH_JSON is writable");
    }
    assert!(report.errors.is_empty(), "{:#?}", report.errors);
}
