//! A load client for the list endpoint, shared by the load test (which asserts that every
//! request succeeds with the right page) and the load benchmark (which prints the figures).

use std::time::{Duration, Instant};

use serde_json::{json, Value};

/// What one load run saw. `latencies` are sorted, fastest first.
pub struct LoadReport {
    pub latencies: Vec<Duration>,
    pub errors: Vec<String>,
    pub elapsed: Duration,
}

impl LoadReport {
    /// The latency at quantile `q` (0.5 for p50), nearest rank.
    pub fn percentile(&self, q: f64) -> Duration {
        let rank = ((self.latencies.len() as f64 * q).ceil() as usize).max(1);
        self.latencies[rank.min(self.latencies.len()) - 1]
    }

    pub fn requests_per_second(&self) -> f64 {
        self.latencies.len() as f64 / self.elapsed.as_secs_f64()
    }

    pub fn summary(&self) -> String {
        format!(
            "{} requests in {:.2} s: p50 {:.2} ms, p99 {:.2} ms, {:.0} requests/s, {} errors",
            self.latencies.len(),
            self.elapsed.as_secs_f64(),
            as_ms(self.percentile(0.5)),
            as_ms(self.percentile(0.99)),
            self.requests_per_second(),
            self.errors.len()
        )
    }

    pub fn to_json(&self) -> Value {
        json!({
            "requests": self.latencies.len(),
            "errors": self.errors.len(),
            "seconds": self.elapsed.as_secs_f64(),
            "p50_ms": as_ms(self.percentile(0.5)),
            "p99_ms": as_ms(self.percentile(0.99)),
            "requests_per_second": self.requests_per_second(),
        })
    }
}

pub fn as_ms(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1000.0
}

/// The page size client `client` asks for on its `round`th request: every size from 1 to
/// 100 in turn, so a response handed to the wrong request would show up as a wrong count.
pub fn page_size(client: usize, round: usize) -> usize {
    (client * 7 + round * 13) % 100 + 1
}

/// `clients` concurrent clients each send `rounds` list requests, one after another, to
/// `base` (`http://host:port`) as the admin `key`. A request counts as an error unless it
/// gets 200 with exactly `page_size` rows; the server must hold at least 100 events.
pub async fn list_load(base: &str, key: &str, clients: usize, rounds: usize) -> LoadReport {
    let url = format!("{base}/api/auth/banata/audit-logs/list");
    // One connection per client, as 200 browsers would open.
    let http = reqwest::Client::builder()
        .pool_max_idle_per_host(clients)
        .build()
        .unwrap();
    let started = Instant::now();
    let tasks: Vec<_> = (0..clients)
        .map(|client| {
            let (http, url, key) = (http.clone(), url.clone(), key.to_owned());
            tokio::spawn(async move {
                let mut seen = Vec::with_capacity(rounds);
                for round in 0..rounds {
                    let limit = page_size(client, round);
                    let start = Instant::now();
                    let outcome = list_once(&http, &url, &key, limit).await;
                    seen.push((start.elapsed(), outcome));
                }
                seen
            })
        })
        .collect();
    let mut report = LoadReport {
        latencies: Vec::with_capacity(clients * rounds),
        errors: Vec::new(),
        elapsed: Duration::ZERO,
    };
    for task in tasks {
        for (latency, outcome) in task.await.expect("a load client panicked") {
            report.latencies.push(latency);
            if let Err(error) = outcome {
                report.errors.push(error);
            }
        }
    }
    report.elapsed = started.elapsed();
    report.latencies.sort_unstable();
    report
}

async fn list_once(
    http: &reqwest::Client,
    url: &str,
    key: &str,
    limit: usize,
) -> Result<(), String> {
    let response = http
        .post(url)
        .bearer_auth(key)
        .json(&json!({ "limit": limit }))
        .send()
        .await
        .map_err(|error| format!("limit {limit}: {error}"))?;
    let status = response.status();
    let body: Value = response
        .json()
        .await
        .map_err(|error| format!("limit {limit}: {status}, {error}"))?;
    let rows = body["data"].as_array().map(Vec::len);
    if status != 200 || rows != Some(limit) {
        return Err(format!("limit {limit}: {status}, {rows:?} rows"));
    }
    Ok(())
}
