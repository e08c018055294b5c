//! 200 concurrent clients against the real binary on loopback: every list request gets 200
//! and exactly the page it asked for. Prints the latencies; the benchmark
//! (`cargo bench -p audit-server --bench load`) measures them in a release build.

mod common;

use common::load::list_load;
use common::process::ServerProcess;
use common::ADMIN_KEY;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_hundred_concurrent_clients_all_get_their_page() {
    let dir = tempfile::tempdir().unwrap();
    let server = ServerProcess::start(&dir.path().join("db"), ADMIN_KEY, &["--seed", "400"]);
    let report = list_load(&server.base, ADMIN_KEY, 200, 2).await;
    println!("load (debug build): {}", report.summary());
    assert_eq!(report.latencies.len(), 400);
    assert!(report.errors.is_empty(), "{:#?}", report.errors);
}
