//! `newsgraph bench --stage http`: a load test of a running server from this process —
//! a mix of searches (plain and filtered), article views, event lists, autocompletion,
//! map places and relations from several client threads, reporting requests/s, latency percentiles and
//! every failed request.

use anyhow::Result;
use std::time::{Duration, Instant};

const WORDS: [&str; 12] = [
    "government",
    "minister",
    "election",
    "police",
    "court",
    "president",
    "talks",
    "border",
    "prices",
    "attack",
    "protest",
    "ceasefire",
];
const FILTERS: [&str; 6] = [
    "",
    "&from=2024-01-01&to=2024-06-30",
    "&plover=ASSAULT",
    "&actor=USA",
    "&cameo=04",
    "&language=en",
];

/// What one client thread saw.
#[derive(Default)]
struct Tally {
    latencies_us: Vec<u64>,
    failures: Vec<String>,
}

fn client(base: &str, seed: usize, until: Instant) -> Tally {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(30)))
        .build()
        .into();
    let mut t = Tally::default();
    let mut ids: Vec<String> = Vec::new();
    let mut i = seed as u64;
    while Instant::now() < until {
        i = i
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        let k = (i >> 33) as usize;
        let word = WORDS[k % WORDS.len()];
        let path = match k % 10 {
            0..=4 => format!("/api/search?q={word}{}", FILTERS[(k / 7) % FILTERS.len()]),
            5 | 6 if !ids.is_empty() => format!("/api/articles/{}", ids[(k / 3) % ids.len()]),
            7 => format!(
                "/api/events?limit=20{}",
                ["", "&actor=USA", "&cameo=19", "&actor=USA&with=RUS"][(k / 5) % 4]
            ),
            8 => format!("/api/entities?q={}", &word[..3]),
            // The map's and the relations view's requests.
            _ if (k / 10).is_multiple_of(2) => format!(
                "/api/places{}",
                ["", "?plover=ASSAULT", "?actor=USA"][(k / 20) % 3]
            ),
            _ => "/api/relations?a=USA&b=RUS&by=month".to_string(),
        };
        let start = Instant::now();
        let result = agent
            .get(&format!("{base}{path}"))
            .call()
            .map_err(|e| e.to_string())
            .and_then(|mut r| {
                let status = r.status().as_u16();
                let body = r
                    .body_mut()
                    .with_config()
                    .limit(64 << 20)
                    .read_to_string()
                    .map_err(|e| e.to_string())?;
                Ok((status, body))
            });
        t.latencies_us.push(start.elapsed().as_micros() as u64);
        match result {
            Ok((200, body)) => {
                if path.starts_with("/api/search") && ids.len() < 200 {
                    if let Ok(v) = serde_json::from_str::<serde_json::Value>(&body) {
                        for h in v["hits"].as_array().into_iter().flatten() {
                            if let Some(id) = h["id"].as_str() {
                                ids.push(id.to_string());
                            }
                        }
                    }
                }
            }
            Ok((status, body)) => t
                .failures
                .push(format!("{path}: {status} {}", &body[..body.len().min(200)])),
            Err(e) => t.failures.push(format!("{path}: {e}")),
        }
    }
    t
}

/// Loads `base` from `clients` threads for `seconds`; returns the exit code (1 when any
/// request failed).
pub fn run(base: &str, clients: usize, seconds: f64, json: bool) -> Result<i32> {
    let base = base.trim_end_matches('/').to_string();
    let start = Instant::now();
    let until = start + Duration::from_secs_f64(seconds);
    let tallies: Vec<Tally> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..clients)
            .map(|c| {
                let base = base.as_str();
                s.spawn(move || client(base, c * 7919 + 17, until))
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().unwrap_or_default())
            .collect()
    });
    let secs = start.elapsed().as_secs_f64();
    let mut lat: Vec<u64> = tallies
        .iter()
        .flat_map(|t| t.latencies_us.iter().copied())
        .collect();
    let failures: Vec<&String> = tallies.iter().flat_map(|t| t.failures.iter()).collect();
    lat.sort_unstable();
    let pct = |p: f64| -> f64 {
        if lat.is_empty() {
            return 0.0;
        }
        lat[((lat.len() - 1) as f64 * p).round() as usize] as f64 / 1000.0
    };
    let requests = lat.len();
    let report = serde_json::json!({
        "stage": "http", "clients": clients, "seconds": secs, "requests": requests,
        "requests_per_s": requests as f64 / secs, "p50_ms": pct(0.5), "p95_ms": pct(0.95),
        "p99_ms": pct(0.99), "max_ms": pct(1.0), "failures": failures.len(),
    });
    if json {
        println!("{report}");
    } else {
        println!(
            "{requests} requests in {secs:.1} s from {clients} clients: {:.0} requests/s, p50 {:.1} ms, p95 {:.1} ms, p99 {:.1} ms, max {:.1} ms, {} failed",
            requests as f64 / secs,
            pct(0.5),
            pct(0.95),
            pct(0.99),
            pct(1.0),
            failures.len()
        );
    }
    for f in failures.iter().take(5) {
        eprintln!("failed: {f}");
    }
    Ok(if failures.is_empty() { 0 } else { 1 })
}
