//! The web page end to end in a real headless Chromium (Debian's `chromium`, driven by
//! playwright-core from `e2e/`): a running ingest, search, an article with its marked
//! quotes and events, the relations chart, the map and pasted-text analysis.
//!
//! Needs `node`, `e2e/node_modules` (`npm ci --prefix e2e`) and Chromium
//! (`apt-get install chromium`); `.ci/run` installs them and sets `NEWSGRAPH_E2E=require`,
//! so there a missing piece fails the test. Elsewhere the test says what is missing and
//! does not run. Screenshots are kept in `target/e2e-screenshots/`.

#![cfg(unix)]

mod common;
use common::{bin, start, tmp};

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn workspace() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// What the browser test needs that is missing, if anything.
fn missing(chromium: &Path) -> Vec<String> {
    let mut out = Vec::new();
    let node = Command::new("node")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !node {
        out.push("node (Debian: apt-get install nodejs)".to_string());
    }
    if !workspace()
        .join("e2e/node_modules/playwright-core/package.json")
        .exists()
    {
        out.push("playwright-core (npm ci --prefix e2e)".to_string());
    }
    if !chromium.exists() {
        out.push(format!(
            "{} (Debian: apt-get install chromium, or set NEWSGRAPH_CHROMIUM)",
            chromium.display()
        ));
    }
    out
}

#[test]
fn the_web_page_works_in_a_real_browser() {
    let chromium = std::env::var_os("NEWSGRAPH_CHROMIUM")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/usr/bin/chromium"));
    let missing = missing(&chromium);
    if !missing.is_empty() {
        let msg = format!("browser test needs: {}", missing.join("; "));
        if std::env::var("NEWSGRAPH_E2E").as_deref() == Ok("require") {
            panic!("{msg}");
        }
        common::not_run(&format!(
            "the_web_page_works_in_a_real_browser: {msg} (bash .ci/run installs them)"
        ));
        return;
    }

    let server = start("browser");

    // A slow ingest into the same store, fed through a named pipe a line every half
    // second, so the page has a real running ingest to show. It goes on until the page
    // says it saw the ingest running (it creates `seen`), however long the browser took
    // to start, and for at most two minutes.
    let pipe_dir = tmp("browser-pipe");
    let pipe = pipe_dir.join("wire.jsonl");
    let seen = pipe_dir.join("running-seen");
    let made = Command::new("mkfifo").arg(&pipe).status().unwrap();
    assert!(made.success(), "mkfifo failed");
    let ingest = bin()
        .arg("ingest")
        .arg(&pipe)
        .args(["--quiet", "--data"])
        .arg(&server.data)
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // First a syndicated copy of a sample wire report (another site, same text), which
    // the store folds into the sample's story.
    let wire = std::fs::read_to_string(common::samples().join("jsonl/wire.jsonl")).unwrap();
    let mut copy: serde_json::Value = wire
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .find(|v| v["id"] == "wire-002")
        .expect("wire-002 in the samples");
    copy["id"] = "syndicated-002".into();
    copy["url"] = "https://www.harbour-times.example/2025/06/12/shipping-sanctions".into();
    let feeder = {
        let (pipe, seen) = (pipe.clone(), seen.clone());
        std::thread::spawn(move || {
            let mut w = std::fs::OpenOptions::new().write(true).open(&pipe).unwrap();
            if writeln!(w, "{copy}").and_then(|_| w.flush()).is_err() {
                return;
            }
            let began = Instant::now();
            for i in 0.. {
                if i >= 16 && (seen.exists() || began.elapsed() > Duration::from_secs(120)) {
                    break;
                }
                let line = serde_json::json!({
                    "id": format!("slow-{i}"),
                    "date": "2025-07-01",
                    "text": format!(
                        "Trade ministers from Kenya and Uganda met in Kampala on Monday for round {i} \
                         of talks on cross-border lorry traffic, the ministry said in a statement."
                    ),
                });
                if writeln!(w, "{line}").and_then(|_| w.flush()).is_err() {
                    return;
                }
                std::thread::sleep(Duration::from_millis(500));
            }
        })
    };

    let shots = workspace().join("target/e2e-screenshots");
    let mut node = Command::new("node")
        .args(["--test", "--test-reporter=spec", "browser.test.mjs"])
        .current_dir(workspace().join("e2e"))
        .env("NEWSGRAPH_URL", &server.base)
        .env("NEWSGRAPH_SCREENSHOTS", &shots)
        .env("NEWSGRAPH_CHROMIUM", &chromium)
        .env("NEWSGRAPH_INGEST_SEEN", &seen)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let start = Instant::now();
    let status = loop {
        if let Some(st) = node.try_wait().unwrap() {
            break Some(st);
        }
        if start.elapsed() > Duration::from_secs(300) {
            let _ = node.kill();
            break None;
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    let out = node.wait_with_output().unwrap();
    let report = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    feeder.join().unwrap();
    let ingested = ingest.wait_with_output().unwrap();
    assert!(
        ingested.status.success(),
        "slow ingest: {}",
        String::from_utf8_lossy(&ingested.stderr)
    );
    println!("{report}");
    let status = status.unwrap_or_else(|| panic!("browser test timed out after 300 s:\n{report}"));
    assert!(status.success(), "browser test failed:\n{report}");
    for name in [
        "search",
        "article-event",
        "relations",
        "map",
        "ingest-running",
    ] {
        assert!(
            shots.join(format!("{name}.png")).exists(),
            "no screenshot {name}.png"
        );
    }
}
