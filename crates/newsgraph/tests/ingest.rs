//! `newsgraph ingest` and the store end to end: folders, JSON Lines and WARC with broken
//! records; re-runs add nothing; a killed ingest leaves a store the next run completes.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

mod common;
use common::{bin, ingest, run_ok, samples, tmp};

fn stats(data: &Path) -> serde_json::Value {
    let out = run_ok(
        bin()
            .args(["stats", "--format", "json", "--data"])
            .arg(data),
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

fn search(data: &Path, args: &[&str]) -> serde_json::Value {
    let out = run_ok(
        bin()
            .arg("search")
            .args(args)
            .args(["--format", "json", "--data"])
            .arg(data),
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

const PARA: &str = "The defence ministry said troops had shelled positions held by rebels near the border town on Tuesday, \
    and that the army would continue its operation until the area was secure. Residents said several houses were destroyed.";

fn warc_record(url: &str, status: &str, ctype: &str, body: &str) -> Vec<u8> {
    let http = format!("HTTP/1.1 {status}\r\nContent-Type: {ctype}\r\n\r\n{body}");
    let mut r = format!(
        "WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: {url}\r\nWARC-Date: 2024-03-05T10:00:00Z\r\nContent-Length: {}\r\n\r\n",
        http.len()
    )
    .into_bytes();
    r.extend_from_slice(http.as_bytes());
    r.extend_from_slice(b"\r\n\r\n");
    r
}

#[test]
fn folder_jsonl_and_warc_with_broken_records() {
    let dir = tmp("mixed");
    let data = dir.join("data");
    let src = dir.join("src");
    std::fs::create_dir_all(&src).unwrap();
    // A WARC (gzip, one member per record) with a good page, a 404, an image, a lying
    // length and a truncated tail.
    let mut warc = Vec::new();
    let page = |t: &str| {
        format!("<html><head><title>{t}</title></head><body><article><p>{PARA}</p><p>{t}: {PARA}</p></article></body></html>")
    };
    for rec in [
        warc_record(
            "https://a.example/2024/03/05/one",
            "200 OK",
            "text/html; charset=utf-8",
            &page("One"),
        ),
        warc_record(
            "https://a.example/missing",
            "404 Not Found",
            "text/html",
            "gone",
        ),
        warc_record("https://a.example/logo.png", "200 OK", "image/png", "PNG"),
    ] {
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        gz.write_all(&rec).unwrap();
        warc.extend(gz.finish().unwrap());
    }
    let mut bad = b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 7\r\n\r\nHTTP/1.1 200 OK\r\n\r\nlying length\r\n\r\n".to_vec();
    bad.extend(warc_record(
        "https://a.example/2024/03/05/two",
        "200 OK",
        "text/html",
        &page("Two"),
    ));
    bad.extend_from_slice(b"WARC/1.0\r\nContent-Length: 5000\r\n\r\ntruncated");
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    gz.write_all(&bad).unwrap();
    warc.extend(gz.finish().unwrap());
    std::fs::write(src.join("crawl.warc.gz"), &warc).unwrap();
    // JSON Lines with a bad line, and a plain page.
    std::fs::write(
        src.join("batch.jsonl"),
        format!("{{\"url\": \"https://b.example/x\", \"date\": \"2024-03-06\", \"text\": \"{PARA} {PARA}\"}}\nnot json\n{{\"url\": \"https://b.example/y\"}}\n"),
    )
    .unwrap();
    std::fs::write(src.join("page.html"), page("Three")).unwrap();
    // An RSS feed with the article in the item, one link-only item, and a broken feed.
    std::fs::write(
        src.join("news.rss"),
        format!(
            "<?xml version=\"1.0\"?><rss version=\"2.0\" xmlns:content=\"http://purl.org/rss/1.0/modules/content/\"><channel><title>N</title>\
             <item><title>Feed story</title><link>https://f.example/2024/03/07/feed-story</link><pubDate>Thu, 07 Mar 2024 08:00:00 GMT</pubDate>\
             <content:encoded><![CDATA[<p>Feed item: {PARA}</p><p>{PARA}</p>]]></content:encoded></item>\
             <item><title>Link only</title><link>https://f.example/b</link><description>Teaser.</description></item></channel></rss>"
        ),
    )
    .unwrap();
    std::fs::write(
        src.join("broken.xml"),
        "<rss><channel><item><title>unclosed",
    )
    .unwrap();
    std::fs::write(src.join("notes.md"), "not ingested").unwrap();

    let out = bin()
        .arg("ingest")
        .arg(&src)
        .arg("--data")
        .arg(&data)
        .output()
        .unwrap();
    // Broken documents are counted and reported, the rest stored; the exit code says
    // some failed (1), as extract and analyse do.
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("skipped:") && err.contains("HTTP status not 200") && err.contains("not HTML"),
        "{err}"
    );
    let s = stats(&data);
    assert_eq!(s["documents"], 5, "{s}");
    let kinds: Vec<String> = s["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e[0].as_str().unwrap().to_string())
        .collect();
    for k in ["bad_json", "bad_length", "truncated", "bad_feed"] {
        assert!(kinds.contains(&k.to_string()), "{k} in {kinds:?}");
    }
    // Same page body twice (One/Two/Three differ only in one sentence): folded as near copies.
    assert!(s["stories"].as_u64().unwrap() < 5, "{s}");
    let r = search(&data, &["shelled", "--plover", "ASSAULT"]);
    assert!(r["total"].as_u64().unwrap() >= 1, "{r}");
    assert!(r["hits"][0]["snippet"]
        .as_str()
        .unwrap()
        .contains("<b>shelled</b>"));
    let r = search(&data, &["", "--from", "2024-03-06", "--to", "2024-03-06"]);
    assert_eq!(r["total"], 1, "{r}");

    // A second run adds nothing.
    let out = bin()
        .arg("ingest")
        .arg(&src)
        .arg("--data")
        .arg(&data)
        .output()
        .unwrap();
    // The broken inputs are still broken (1); nothing stored twice.
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("already in the store"));
    assert_eq!(stats(&data)["documents"], 5);
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn killed_ingest_resumes_and_the_store_stays_consistent() {
    let dir = tmp("kill");
    let data = dir.join("data");
    let src = dir.join("batch.jsonl");
    let n = 3000;
    let mut f = std::fs::File::create(&src).unwrap();
    for i in 0..n {
        writeln!(
            f,
            "{{\"url\": \"https://c.example/{i}\", \"date\": \"2024-03-05\", \"text\": \"Story number {i} of the batch. {PARA} Item {i} closes the story with its own words {i}.\"}}"
        )
        .unwrap();
    }
    drop(f);
    let mut child = bin()
        .arg("ingest")
        .arg(&src)
        .args(["--threads", "1", "--batch", "10", "--quiet", "--data"])
        .arg(&data)
        .spawn()
        .unwrap();
    // Wait until some batches are committed (reading the store while the ingest writes:
    // readers must neither fail nor wait on the writer), then kill -9.
    let db = data.join("newsgraph.db");
    let t0 = std::time::Instant::now();
    let mut slowest_read = std::time::Duration::ZERO;
    loop {
        std::thread::sleep(std::time::Duration::from_millis(50));
        if db.exists() && data.join("index").join("meta.json").exists() {
            let t = std::time::Instant::now();
            let r = search(&data, &["story", "--limit", "3"]);
            let docs = stats(&data)["documents"].as_u64().unwrap_or(0);
            slowest_read = slowest_read.max(t.elapsed());
            assert!(r["total"].as_u64().is_some(), "{r}");
            if docs >= 30 {
                break;
            }
        }
        if t0.elapsed() > std::time::Duration::from_secs(60) || child.try_wait().unwrap().is_some()
        {
            break;
        }
    }
    let _ = child.kill();
    let _ = child.wait();
    let partial = stats(&data)["documents"].as_u64().unwrap();
    assert!(partial < n, "the first run was to be killed part-way");
    // A search and a stats call (two process start-ups) during the ingest took well
    // under the 10 s SQLite busy timeout a blocked reader would wait for.
    assert!(
        slowest_read < std::time::Duration::from_secs(3),
        "{slowest_read:?}"
    );
    // Resume: everything ends up stored exactly once, and every story is searchable.
    ingest(&src, &data);
    let s = stats(&data);
    assert_eq!(s["documents"], n, "{s}");
    let r = search(&data, &["", "--limit", "1"]);
    assert_eq!(r["total"], s["stories"], "{r}");
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn missing_store_is_a_clear_error() {
    let out = bin()
        .args(["stats", "--data", "/no/such/store"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("newsgraph ingest"));
}

#[test]
fn samples_relations_and_gdelt_export() {
    let dir = tmp("samples");
    let data = dir.join("data");
    ingest(&samples(), &data);
    let out = bin()
        .args([
            "relations",
            "Ethiopia",
            "Eritrea",
            "--by",
            "day",
            "--format",
            "json",
            "--data",
        ])
        .arg(&data)
        .output()
        .unwrap();
    let rows: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let row = &rows[0];
    assert_eq!(row["period"], "2025-06-11");
    assert!(
        row["quad"][3].as_u64().unwrap() >= 1,
        "material conflict between them: {rows}"
    );
    assert!(row["goldstein"].as_f64().unwrap() < 0.0);
    let out = bin()
        .args(["export", "--what", "gdelt", "--data"])
        .arg(&data)
        .output()
        .unwrap();
    let tsv = String::from_utf8(out.stdout).unwrap();
    assert!(tsv.lines().count() > 10);
    for line in tsv.lines() {
        let cols: Vec<&str> = line.split('\t').collect();
        assert_eq!(cols.len(), 61, "{line}");
        // EventRootCode is the code's first two digits; QuadClass matches the root.
        assert_eq!(cols[28], &cols[26][..2]);
        let root: u32 = cols[28].parse().unwrap();
        let quad: u32 = cols[29].parse().unwrap();
        assert_eq!(
            quad,
            match root {
                1..=5 => 1,
                6..=9 => 2,
                10..=14 => 3,
                _ => 4,
            }
        );
    }
    std::fs::remove_dir_all(&dir).ok();
}

/// Requests a test server saw: path, lower-cased headers, arrival time.
type RequestLog = std::sync::Arc<std::sync::Mutex<Vec<(String, String, std::time::Instant)>>>;

/// A tiny HTTP/1.1 server for fetch tests: serves `robots.txt`, an RSS feed with an ETag
/// (answering 304 to a matching `If-None-Match`) and article pages, and logs every request.
fn serve_news() -> (String, RequestLog) {
    use std::io::{BufRead, BufReader};
    use std::net::TcpListener;
    use std::sync::Arc;
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let log: RequestLog = Arc::default();
    let (log2, base2) = (log.clone(), base.clone());
    let busy_hits = std::sync::atomic::AtomicUsize::new(0);
    std::thread::spawn(move || {
        for conn in listener.incoming() {
            let Ok(mut conn) = conn else { continue };
            let mut reader = BufReader::new(conn.try_clone().unwrap());
            let mut request = String::new();
            if reader.read_line(&mut request).is_err() {
                continue;
            }
            let path = request.split_whitespace().nth(1).unwrap_or("/").to_string();
            let mut headers = String::new();
            loop {
                let mut line = String::new();
                if reader.read_line(&mut line).unwrap_or(0) == 0 || line.trim().is_empty() {
                    break;
                }
                headers.push_str(&line.to_ascii_lowercase());
            }
            log2.lock()
                .unwrap()
                .push((path.clone(), headers.clone(), std::time::Instant::now()));
            let page = |title: &str, body: &str| {
                format!(
                    "<html><head><title>{title}</title></head><body><article><h1>{title}</h1>{}</article></body></html>",
                    body.repeat(6)
                )
            };
            let mut head_extra = "";
            let (status, etag, ctype, body) = match path.as_str() {
                "/robots.txt" => ("200 OK", None, "text/plain", "User-agent: *\nDisallow: /private/\n".to_string()),
                "/feed.xml" if headers.contains("if-none-match: \"feed-1\"") => ("304 Not Modified", None, "", String::new()),
                "/feed.xml" => (
                    "200 OK",
                    Some("\"feed-1\""),
                    "application/rss+xml",
                    format!(
                        "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Wire</title>\
                         <item><title>Harbour talks</title><link>{base2}/news/harbour.html</link><pubDate>Tue, 03 Nov 2026 10:00:00 GMT</pubDate></item>\
                         <item><title>Grain deal</title><link>{base2}/news/grain.html</link><pubDate>Tue, 03 Nov 2026 11:00:00 GMT</pubDate></item>\
                         <item><title>Members only</title><link>{base2}/private/secret.html</link></item>\
                         <item><title>Port reopens</title><link>{base2}/news/busy.html</link></item>\
                         </channel></rss>"
                    ),
                ),
                "/news/harbour.html" => ("200 OK", Some("\"h-1\""), "text/html; charset=utf-8", page("Harbour talks resume in Valmora", "<p>Negotiators from both coastal provinces met on Tuesday to reopen the harbour and agreed to continue the talks next week in the capital.</p>")),
// Busy on the first request (Retry-After: 1), served on the next.
                "/news/busy.html" if busy_hits.fetch_add(1, std::sync::atomic::Ordering::SeqCst) == 0 => {
                    ("503 Service Unavailable", None, "text/plain", "busy".to_string())
                }
                "/news/busy.html" => (
                    "200 OK",
                    None,
                    "text/html; charset=utf-8",
                    page("Port of Valmora reopens to ferries", "<p>The harbour authority reopened the port to passenger ferries on Thursday after repairs to the main quay were finished ahead of schedule.</p>"),
                ),
                                "/news/grain.html" => ("200 OK", Some("\"g-1\""), "text/html; charset=utf-8", page("Grain deal signed after long night", "<p>The two governments signed a grain export agreement early on Wednesday after talks that lasted through the night, officials said.</p>")),
                _ => ("404 Not Found", None, "text/plain", "not here".to_string()),
            };
            if status.starts_with("503") {
                head_extra = "Retry-After: 1\r\n";
            }
            let mut head = format!(
                "HTTP/1.1 {status}\r\nContent-Length: {}\r\nConnection: close\r\n",
                body.len()
            );
            if !ctype.is_empty() {
                head.push_str(&format!("Content-Type: {ctype}\r\n"));
            }
            if let Some(e) = etag {
                head.push_str(&format!("ETag: {e}\r\n"));
            }
            head.push_str(head_extra);
            let _ = conn.write_all(format!("{head}\r\n{body}").as_bytes());
        }
    });
    (base, log)
}

#[test]
fn feed_urls_are_fetched_politely_and_conditionally() {
    let (base, log) = serve_news();
    let data = tmp("fetch").join("store");
    let feed = format!("{base}/feed.xml");
    let run = || {
        let out = bin()
            .args(["ingest", "--quiet", "--rate", "0.2", "--data"])
            .arg(&data)
            .arg(&feed)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stderr).to_string()
    };
    let first = run();
    assert!(first.contains("disallowed by robots.txt"), "{first}");
    let s = stats(&data);
    assert_eq!(s["documents"], 3, "{s}");
    let hits = search(&data, &["grain"]);
    assert_eq!(
        hits["hits"][0]["url"],
        format!("{base}/news/grain.html"),
        "{hits}"
    );
    {
        let log = log.lock().unwrap();
        let paths: Vec<&str> = log.iter().map(|(p, _, _)| p.as_str()).collect();
        // The busy page is asked for again after its Retry-After.
        assert_eq!(
            paths,
            [
                "/robots.txt",
                "/feed.xml",
                "/news/harbour.html",
                "/news/grain.html",
                "/news/busy.html",
                "/news/busy.html"
            ]
        );
        let retry = log[5].2.duration_since(log[4].2);
        assert!(retry >= std::time::Duration::from_millis(990), "{retry:?}");
        assert!(log
            .iter()
            .all(|(_, h, _)| h.contains("user-agent: newsgraph/")));
        // --rate 0.2: consecutive requests to the host are at least 0.2 s apart.
        for w in log.windows(2) {
            let gap = w[1].2.duration_since(w[0].2);
            assert!(
                gap >= std::time::Duration::from_millis(190),
                "{gap:?} between {} and {}",
                w[0].0,
                w[1].0
            );
        }
    }
    // Second run: the feed is unchanged (304), so nothing is fetched again or added.
    let second = run();
    assert!(second.contains("feed not modified"), "{second}");
    let log = log.lock().unwrap();
    let feed_requests: Vec<&String> = log
        .iter()
        .filter(|(p, _, _)| p == "/feed.xml")
        .map(|(_, h, _)| h)
        .collect();
    assert_eq!(feed_requests.len(), 2);
    assert!(
        feed_requests[1].contains("if-none-match: \"feed-1\""),
        "{}",
        feed_requests[1]
    );
    assert_eq!(
        log.iter()
            .filter(|(p, _, _)| p.starts_with("/news/"))
            .count(),
        4
    );
    assert_eq!(stats(&data)["documents"], 3);
}

/// A tmpfs mounted for one test and unmounted when dropped; `None` where mounting is not
/// permitted (not root), in which case the calling test says so and checks nothing else.
struct Tmpfs(PathBuf);

impl Tmpfs {
    fn mount(name: &str, options: &str) -> Option<Tmpfs> {
        let dir = tmp(name).join("mnt");
        std::fs::create_dir_all(&dir).unwrap();
        let ok = Command::new("mount")
            .args(["-t", "tmpfs", "-o", options, "tmpfs"])
            .arg(&dir)
            .stderr(std::process::Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        ok.then_some(Tmpfs(dir))
    }

    fn remount(&self, options: &str) {
        let st = Command::new("mount")
            .args(["-o", &format!("remount,{options}")])
            .arg(&self.0)
            .status()
            .unwrap();
        assert!(st.success());
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(&self.0).status();
    }
}

fn story_batch(path: &Path, n: usize) {
    let mut f = std::fs::File::create(path).unwrap();
    for i in 0..n {
        writeln!(
            f,
            "{{\"url\": \"https://d.example/{i}\", \"date\": \"2024-04-0{}\", \"text\": \"Report {i}. {PARA} {PARA} Report {i} ends here with words of its own {i}.\"}}",
            1 + i % 9
        )
        .unwrap();
    }
}

#[test]
fn full_disk_stops_cleanly_and_a_rerun_completes() {
    let Some(fs) = Tmpfs::mount("full", "size=3m") else {
        common::not_run(
            "full_disk_stops_cleanly_and_a_rerun_completes: mounting a small tmpfs needs root",
        );
        return;
    };
    let src = fs.0.parent().unwrap().join("batch.jsonl");
    let n = 2000;
    story_batch(&src, n);
    let data = fs.0.join("store");
    let out = bin()
        .arg("ingest")
        .arg(&src)
        .args(["--quiet", "--batch", "50", "--data"])
        .arg(&data)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("run the same command again"), "{err}");
    // What was committed before the disk filled is readable and consistent.
    let s = stats(&data);
    let partial = s["documents"].as_u64().unwrap();
    assert!(partial > 0 && partial < n as u64, "{s}");
    let r = search(&data, &["report", "--limit", "1"]);
    assert!(r["total"].as_u64().unwrap() <= partial, "{r}");
    // With space again, the same command completes the store.
    fs.remount("size=200m");
    ingest(&src, &data);
    let s = stats(&data);
    assert_eq!(s["documents"], n, "{s}");
    let r = search(&data, &["", "--limit", "1"]);
    assert_eq!(r["total"], s["stories"], "{r}");
}

#[test]
fn read_only_data_directory_is_a_clear_error_and_still_readable() {
    let Some(fs) = Tmpfs::mount("ro", "size=50m") else {
        common::not_run("read_only_data_directory_is_a_clear_error_and_still_readable: mounting a tmpfs needs root");
        return;
    };
    let src = fs.0.parent().unwrap().join("batch.jsonl");
    story_batch(&src, 20);
    let data = fs.0.join("store");
    let ingest = || {
        bin()
            .arg("ingest")
            .arg(&src)
            .args(["--quiet", "--data"])
            .arg(&data)
            .output()
            .unwrap()
    };
    assert!(ingest().status.success());
    let before = stats(&data);
    fs.remount("ro");
    let out = ingest();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.to_ascii_lowercase().contains("read-only"), "{err}");
    // Searches and stats still work on the read-only store, and nothing was lost.
    assert_eq!(stats(&data)["documents"], before["documents"]);
    let r = search(&data, &["report", "--limit", "1"]);
    assert_eq!(r["total"], before["stories"], "{r}");
}

/// Ten good WARC records with two liars in the middle: a Content-Length 3,000 bytes too
/// long after the third, and one of 10^12 bytes after the seventh.
fn warc_with_lying_lengths() -> Vec<Vec<u8>> {
    let liar = |extra: u64| {
        let http = format!(
            "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<html><body><p>Liar. {PARA}</p></body></html>"
        );
        let mut r = format!(
            "WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: https://liar.example/{extra}\r\nContent-Length: {}\r\n\r\n",
            http.len() as u64 + extra
        )
        .into_bytes();
        r.extend_from_slice(http.as_bytes());
        r.extend_from_slice(b"\r\n\r\n");
        r
    };
    let mut recs: Vec<Vec<u8>> = (0..10)
        .map(|i| {
            warc_record(
                &format!("https://w.example/2024/03/05/story-{i}"),
                "200 OK",
                "text/html",
                &format!(
                    "<html><head><title>Story {i}</title></head><body><article><p>Story number {i} begins. {PARA}</p><p>{PARA} Story {i} ends.</p></article></body></html>"
                ),
            )
        })
        .collect();
    recs.insert(7, liar(1_000_000_000_000));
    recs.insert(3, liar(3_000));
    recs
}

#[test]
fn warc_records_after_a_lying_length_are_all_stored() {
    let dir = tmp("warc-liars");
    let recs = warc_with_lying_lengths();
    let plain = dir.join("liars.warc");
    std::fs::write(&plain, recs.concat()).unwrap();
    let gz = dir.join("liars.warc.gz");
    let mut members = Vec::new();
    for r in &recs {
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        e.write_all(r).unwrap();
        members.extend(e.finish().unwrap());
    }
    std::fs::write(&gz, members).unwrap();
    for file in [plain, gz] {
        let data = dir.join(format!(
            "data-{}",
            file.file_name().unwrap().to_string_lossy()
        ));
        let out = bin()
            .arg("ingest")
            .arg(&file)
            .args(["--quiet", "--data"])
            .arg(&data)
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        // Some records failed, the rest are stored: exit 1, as extract and analyse.
        assert_eq!(out.status.code(), Some(1), "{err}");
        let s = stats(&data);
        assert_eq!(s["documents"], 10, "{}: {s}\n{err}", file.display());
        let errors: u64 = s["errors"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e[1].as_u64().unwrap())
            .sum();
        assert_eq!(errors, 2, "{}: {s}", file.display());
        for i in 0..10 {
            let r = search(&data, &[&format!("\"story number {i}\""), "--limit", "1"]);
            assert_eq!(r["total"], 1, "story {i} in {}: {r}", file.display());
        }
    }
    std::fs::remove_dir_all(&dir).ok();
}

/// Whether this process runs as root (then file permissions do not stop it).
fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}

#[test]
fn a_store_the_user_cannot_write_is_read_without_writing() {
    let dir = tmp("rostore");
    let src = dir.join("batch.jsonl");
    story_batch(&src, 20);
    let data = dir.join("store");
    ingest(&src, &data);
    let before = stats(&data);
    let chmod = |mode: &str| {
        let ok = Command::new("chmod")
            .args(["-R", mode])
            .arg(&dir)
            .status()
            .is_ok_and(|s| s.success());
        assert!(ok, "chmod -R {mode}");
    };
    // Root is not stopped by permissions: run the readers as nobody.
    let prefix: Vec<&str> = if !is_root() {
        vec![]
    } else if Command::new("setpriv").arg("--version").output().is_ok() {
        vec![
            "setpriv",
            "--reuid=65534",
            "--regid=65534",
            "--clear-groups",
            "--",
        ]
    } else if Command::new("runuser").arg("--version").output().is_ok() {
        vec!["runuser", "-u", "nobody", "--"]
    } else {
        common::not_run("a_store_the_user_cannot_write_is_read_without_writing: running as root without setpriv or runuser to drop privileges");
        return;
    };
    let run = |args: &[&str]| {
        let mut cmd = match prefix.split_first() {
            Some((first, rest)) => {
                let mut c = Command::new(first);
                c.args(rest).arg(env!("CARGO_BIN_EXE_newsgraph"));
                c
            }
            None => bin(),
        };
        cmd.args(args).arg("--data").arg(&data).output().unwrap()
    };
    let ok = |out: &std::process::Output| {
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice::<serde_json::Value>(&out.stdout).unwrap()
    };
    // Twice: with the WAL's -shm and -wal files a reader leaves behind, and without them
    // (as a finished ingest leaves the store), which a reader cannot create there.
    for without_wal_files in [false, true] {
        if without_wal_files {
            chmod("u+w");
            for f in ["newsgraph.db-wal", "newsgraph.db-shm"] {
                let _ = std::fs::remove_file(data.join(f));
            }
        }
        // Readable by everyone (tantivy writes some files for its owner only), writable
        // by no one.
        chmod("a+rX,a-w");
        let s = ok(&run(&["stats", "--format", "json"]));
        assert_eq!(s["documents"], before["documents"], "{s}");
        let r = ok(&run(&[
            "search", "report", "--format", "json", "--limit", "1",
        ]));
        assert_eq!(r["total"], before["stories"], "{r}");
        let out = run(&["export", "--what", "articles"]);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let lines = out.stdout.split(|&b| b == b'\n').filter(|l| !l.is_empty());
        assert_eq!(lines.count(), 20);
    }
    // An ingest there is a clear error.
    let out = run(&["ingest", src.to_str().unwrap(), "--quiet"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("cannot"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    chmod("u+w");
    std::fs::remove_dir_all(&dir).ok();
}

/// A child process killed when dropped, so a failing test leaves no ingest behind.
struct Running(std::process::Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Waits until the store's lock file names `pid`.
fn wait_for_lock(data: &Path, pid: u32) {
    let end = std::time::Instant::now() + std::time::Duration::from_secs(30);
    while std::fs::read_to_string(data.join("ingest.lock"))
        .map_or(true, |s| s.trim() != pid.to_string())
    {
        assert!(
            std::time::Instant::now() < end,
            "ingest {pid} never took the lock"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
}

#[test]
fn a_second_ingest_into_a_store_in_use_is_refused_and_a_dead_ones_lock_blocks_nothing() {
    let dir = tmp("lock");
    let data = dir.join("store");
    let fifo = dir.join("slow.jsonl");
    let fifo2 = dir.join("killed.jsonl");
    let made = |p: &Path| {
        Command::new("mkfifo")
            .arg(p)
            .status()
            .is_ok_and(|s| s.success())
    };
    if !made(&fifo) || !made(&fifo2) {
        common::not_run("a_second_ingest_into_a_store_in_use_is_refused_and_a_dead_ones_lock_blocks_nothing: no mkfifo");
        return;
    }
    let batch = dir.join("batch.jsonl");
    story_batch(&batch, 5);
    let ingest_cmd = |src: &Path| {
        let mut c = bin();
        c.arg("ingest")
            .arg(src)
            .args(["--quiet", "--data"])
            .arg(&data);
        c
    };
    // The first ingest waits on its input (a named pipe) with the store open.
    let mut first = Running(ingest_cmd(&fifo).spawn().unwrap());
    wait_for_lock(&data, first.0.id());
    let out = ingest_cmd(&batch).output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains(&format!(
            "another ingest is running in {} (pid {})",
            data.display(),
            first.0.id()
        )),
        "{err}"
    );
    story_batch(&fifo, 3);
    assert!(first.0.wait().unwrap().success());
    // Its lock file stays behind, naming a process that has ended: it blocks nothing.
    assert!(data.join("ingest.lock").exists());
    ingest(&batch, &data);
    // Nor does the lock of an ingest killed while it held it.
    let mut killed = Running(ingest_cmd(&fifo2).spawn().unwrap());
    wait_for_lock(&data, killed.0.id());
    killed.0.kill().unwrap();
    killed.0.wait().unwrap();
    story_batch(&batch, 7);
    ingest(&batch, &data);
    assert_eq!(stats(&data)["documents"], 7, "{}", stats(&data));
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn ingest_date_dates_undated_documents_and_a_bad_date_is_refused_everywhere() {
    let dir = tmp("ingest-date");
    let src = dir.join("undated.txt");
    std::fs::write(
        &src,
        "Rebels attacked an army convoy near the border on Tuesday, killing four soldiers, \
         the ministry said.",
    )
    .unwrap();
    let data = dir.join("data");
    run_ok(
        bin()
            .arg("ingest")
            .arg(&src)
            .args(["--quiet", "--date", "2024-05-06", "--data"])
            .arg(&data),
    );
    let r = search(&data, &[""]);
    assert_eq!(r["hits"][0]["published"], "2024-05-06", "{r}");
    // "on Tuesday" is read against that date.
    let out = run_ok(
        bin()
            .args(["export", "--what", "events", "--data"])
            .arg(&data),
    );
    let events = String::from_utf8_lossy(&out.stdout);
    assert!(events.contains("\"date\":\"2024-04-30\""), "{events}");
    for cmd in ["ingest", "analyse"] {
        for bad in ["27/08/2019", "2023-02-31"] {
            let mut c = bin();
            c.arg(cmd).arg(&src).args(["--date", bad]);
            if cmd == "ingest" {
                c.arg("--data").arg(dir.join("other"));
            }
            let out = c.output().unwrap();
            let err = String::from_utf8_lossy(&out.stderr);
            assert_eq!(out.status.code(), Some(2), "{cmd} --date {bad}: {err}");
            assert!(err.contains("YYYY-MM-DD"), "{err}");
        }
    }
}
