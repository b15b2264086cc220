//! The `newsgraph` binary end to end: files, folders, gzip, stdin and JSON Lines.

use std::io::Write;
use std::process::Stdio;

mod common;
use common::{bin, run_ok, samples};

fn run_with_stdin(args: &[&str], input: &[u8]) -> std::process::Output {
    let mut child = bin()
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(input).unwrap();
    child.wait_with_output().unwrap()
}

fn json_lines(out: &[u8]) -> Vec<serde_json::Value> {
    String::from_utf8_lossy(out)
        .lines()
        .map(|l| serde_json::from_str(l).expect("each output line is JSON"))
        .collect()
}

#[test]
fn extract_a_folder_as_jsonl() {
    let out = run_ok(
        bin()
            .args(["extract", "--format", "jsonl"])
            .arg(samples().join("pages")),
    );
    let docs = json_lines(&out.stdout);
    assert_eq!(docs.len(), 6);
    let articles = docs.iter().filter(|d| d["is_article"] == true).count();
    assert_eq!(articles, 4);
    assert!(String::from_utf8_lossy(&out.stderr).contains("6 documents, 6 extracted, 0 failed"));
}

#[test]
fn gzip_file_and_url_give_a_date_from_the_path() {
    let dir = std::env::temp_dir().join(format!("ng-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let page = std::fs::read(samples().join("pages/grenzgespraech.html")).unwrap();
    let gz = dir.join("page.html.gz");
    let mut enc = flate2::write::GzEncoder::new(
        std::fs::File::create(&gz).unwrap(),
        flate2::Compression::fast(),
    );
    enc.write_all(&page).unwrap();
    enc.finish().unwrap();
    let out = bin()
        .args([
            "extract",
            "--format",
            "json",
            "--url",
            "https://kurier.example/2025/06/10/piran",
        ])
        .arg(&gz)
        .output()
        .unwrap();
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["language"], "de");
    assert_eq!(v["url"], "https://kurier.example/2025/06/10/piran");
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn stdin_text_as_markdown() {
    let out = run_with_stdin(
        &["extract", "--format", "markdown", "-"],
        &std::fs::read(samples().join("text/border-clash.txt")).unwrap(),
    );
    let md = String::from_utf8(out.stdout).unwrap();
    assert!(
        md.starts_with("# Thai and Cambodian troops trade artillery fire near disputed temple\n\n")
    );
    assert!(!md.contains("Staff Reporter"));
}

#[test]
fn jsonl_batch_reports_bad_lines_and_goes_on() {
    let input = [
        r#"{"id": "a", "url": "https://x.example/2024/03/05/a", "html": "<html><body><article><p>The minister said on Tuesday that the talks, which lasted six hours, had produced an agreement on the plan.</p></article></body></html>"}"#,
        "this is not json",
        r#"{"id": "no-body", "url": "https://x.example/b"}"#,
        r#"{"id": 7, "text": "Plain text report.\n\nIt has two paragraphs, and this one is the second of them."}"#,
        r#"{"id": "empty", "html": ""}"#,
    ]
    .join("\n");
    let out = run_with_stdin(&["extract", "--input", "jsonl"], input.as_bytes());
    assert_eq!(out.status.code(), Some(1), "failures give exit code 1");
    let lines = json_lines(&out.stdout);
    assert_eq!(lines.len(), 5, "one output line per input line");
    assert_eq!(lines[0]["id"], "a");
    assert_eq!(lines[0]["published"]["value"], "2024-03-05");
    assert!(lines[1]["error"].as_str().unwrap().starts_with("not JSON"));
    assert_eq!(lines[1]["line"], 2);
    assert_eq!(lines[2]["id"], "no-body");
    assert!(lines[2]["error"].as_str().unwrap().contains("neither"));
    assert_eq!(lines[3]["id"], 7);
    assert_eq!(lines[3]["input_kind"], "text");
    assert!(lines[4]["error"].as_str().unwrap().contains("empty"));
    assert!(String::from_utf8_lossy(&out.stderr).contains("5 lines, 2 extracted, 3 failed"));
}

#[test]
fn missing_file_is_a_clear_error() {
    let out = bin()
        .args(["extract", "/no/such/file.html"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot read /no/such/file.html"));
}

#[test]
fn analyse_batch_codes_events_and_reports_bad_lines() {
    let input = [
        r#"{"id": "w1", "date": "2024-03-05", "text": "Turkish troops shelled Syrian army positions near Idlib on Monday, the defence ministry in Ankara said."}"#,
        "{not json",
        r#"{"id": "w2", "title": "no text here"}"#,
    ]
    .join("\n");
    let out = run_with_stdin(&["analyse", "--input", "jsonl"], input.as_bytes());
    assert_eq!(out.status.code(), Some(1));
    let lines = json_lines(&out.stdout);
    assert_eq!(lines.len(), 3);
    let ev = &lines[0]["events"][0];
    assert_eq!(ev["cameo"], "194");
    assert_eq!(ev["plover"], "ASSAULT");
    assert_eq!(ev["source"]["actor"], "TURMIL");
    assert_eq!(ev["target"]["actor"], "SYRMIL");
    assert_eq!(ev["date"]["value"], "2024-03-04");
    let idlib = lines[0]["entities"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["name"] == "Idlib")
        .unwrap();
    assert_eq!(idlib["geo"]["geonames_id"], 169389);
    assert!(lines[1]["error"].as_str().unwrap().starts_with("not JSON"));
    assert!(lines[2]["error"].as_str().unwrap().contains("neither"));
    assert!(String::from_utf8_lossy(&out.stderr).contains("3 lines, 1 analysed, 2 failed"));
}

#[test]
fn analyse_the_scraped_text_sample() {
    let out = bin()
        .args(["analyse", "--date", "2025-06-11"])
        .arg(samples().join("text/border-clash.txt"))
        .output()
        .unwrap();
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(v["sentences"].as_array().unwrap().len() > 10);
    let quotes = v["quotes"].as_array().unwrap();
    assert!(quotes
        .iter()
        .any(|q| q["cue"] == "added" && q["speaker"].is_string()));
    assert!(v["events"]
        .as_array()
        .unwrap()
        .iter()
        .any(|e| e["cameo"].as_str().unwrap().starts_with("19")));
}
