//! `newsgraph bench`: extraction throughput and memory over a folder of pages.

use crate::input;
use anyhow::Result;
use rayon::prelude::*;
use std::path::PathBuf;
use std::time::Instant;

/// Arguments of `newsgraph bench`.
#[derive(clap::Args)]
pub struct Args {
    /// Folder (or files) of pages: .html, .htm, .txt or their .gz forms.
    paths: Vec<PathBuf>,
    /// Worker threads (1 = single-threaded; 0 = one per core).
    #[arg(long, default_value_t = 1)]
    threads: usize,
    /// Passes over the pages (the figures are totals over all passes).
    #[arg(long, default_value_t = 3)]
    repeat: usize,
    /// Print the figures as one JSON object.
    #[arg(long)]
    json: bool,
    /// Stage to measure: extraction, or analysis of the extracted texts (timed alone).
    #[arg(long, value_enum, default_value = "extract")]
    stage: Stage,
    /// Data directory (for `--stage search`).
    #[arg(long)]
    data: Option<PathBuf>,
    /// Server to load (for `--stage http`), e.g. http://127.0.0.1:8080.
    #[arg(long)]
    url: Option<String>,
    /// Seconds of load (for `--stage http`).
    #[arg(long, default_value_t = 20.0)]
    seconds: f64,
}

/// A pipeline stage to measure.
#[derive(Clone, Copy, clap::ValueEnum, PartialEq, Eq)]
pub enum Stage {
    /// HTML/text → article.
    Extract,
    /// Article text → sentences, entities, quotes, events.
    Analyse,
    /// Duplicate folding, on perturbed copies of the extracted texts.
    Dedup,
    /// Search latency over a store (`--data`).
    Search,
    /// Load on a running server (`--url`): requests/s and latency from `--threads` clients.
    Http,
}

/// Runs the benchmark; returns the exit code.
pub fn run(args: Args) -> Result<i32> {
    if args.stage == Stage::Http {
        let url = args
            .url
            .clone()
            .ok_or_else(|| anyhow::anyhow!("--stage http needs --url http://HOST:PORT"))?;
        anyhow::ensure!(
            args.seconds.is_finite() && args.seconds > 0.0,
            "--seconds takes a number above 0"
        );
        return crate::load::run(&url, args.threads.max(1), args.seconds, args.json);
    }
    if args.stage == Stage::Search {
        let data = args
            .data
            .clone()
            .ok_or_else(|| anyhow::anyhow!("--stage search needs --data DIR"))?;
        return bench_search(&data, args.repeat.max(1), args.json);
    }
    if args.paths.is_empty() {
        anyhow::bail!("give a folder of pages, e.g. `newsgraph bench samples/pages`");
    }
    let files = input::expand(&args.paths)?;
    if files.is_empty() {
        anyhow::bail!("no files found under the given paths");
    }
    let threads = if args.threads == 0 {
        std::thread::available_parallelism().map_or(1, |n| n.get())
    } else {
        args.threads
    };
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()?;
    if args.stage == Stage::Analyse {
        return bench_analyse(&files, &pool, threads, args.repeat.max(1), args.json);
    }
    if args.stage == Stage::Dedup {
        return bench_dedup(&files, args.json);
    }
    let cpu0 = cpu_seconds();
    let t0 = Instant::now();
    let mut bytes = 0u64;
    let mut pages = 0u64;
    let mut articles = 0u64;
    let mut errors = 0u64;
    for _ in 0..args.repeat.max(1) {
        let one = |f: &PathBuf| -> (u64, bool, bool) {
            match input::read_doc(f) {
                Ok(b) => {
                    let r = newsgraph_extract::extract(&b, None);
                    (
                        b.len() as u64,
                        r.as_ref().is_ok_and(|a| a.is_article),
                        r.is_err(),
                    )
                }
                Err(_) => (0, false, true),
            }
        };
        let results: Vec<(u64, bool, bool)> = if threads == 1 {
            files.iter().map(one).collect()
        } else {
            pool.install(|| files.par_iter().map(one).collect())
        };
        for (b, art, err) in results {
            bytes += b;
            pages += 1;
            articles += art as u64;
            errors += err as u64;
        }
    }
    let wall = t0.elapsed().as_secs_f64();
    let cpu = cpu_seconds().zip(cpu0).map(|(a, b)| a - b);
    let peak = peak_rss_mb();
    let mb = bytes as f64 / 1e6;
    let per_cpu = cpu.filter(|&c| c > 0.0).map(|c| pages as f64 / c);
    let fig = serde_json::json!({
        "threads": threads,
        "files": files.len(),
        "passes": args.repeat.max(1),
        "pages": pages,
        "articles": articles,
        "errors": errors,
        "html_mb": (mb * 10.0).round() / 10.0,
        "wall_s": (wall * 1000.0).round() / 1000.0,
        "cpu_s": cpu.map(|c| (c * 1000.0).round() / 1000.0),
        "pages_per_s": (pages as f64 / wall).round(),
        "mb_per_s": (mb / wall * 10.0).round() / 10.0,
        "pages_per_cpu_s": per_cpu.map(f64::round),
        "peak_rss_mb": peak.map(|p| (p * 10.0).round() / 10.0),
    });
    if args.json {
        println!("{fig}");
    } else {
        println!(
            "threads={threads}: {pages} pages ({mb:.1} MB) in {wall:.2} s -> {:.0} pages/s, {:.1} MB/s, {} pages/CPU-s, peak RSS {} MB ({articles} articles, {errors} errors)",
            pages as f64 / wall,
            mb / wall,
            per_cpu.map_or("?".to_string(), |v| format!("{v:.0}")),
            peak.map_or("?".to_string(), |v| format!("{v:.1}")),
        );
    }
    Ok(0)
}

/// User + system CPU seconds of this process (Linux), from /proc/self/stat.
fn cpu_seconds() -> Option<f64> {
    let s = std::fs::read_to_string("/proc/self/stat").ok()?;
    let after = s.rsplit_once(')')?.1;
    let f: Vec<&str> = after.split_whitespace().collect();
    let ticks: f64 = f.get(11)?.parse::<f64>().ok()? + f.get(12)?.parse::<f64>().ok()?;
    // The kernel reports in USER_HZ, 100 on every Linux target Rust supports.
    Some(ticks / 100.0)
}

/// Peak resident set size in MB (Linux), from /proc/self/status.
fn peak_rss_mb() -> Option<f64> {
    let s = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = s.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

/// Times the analysis stage alone over the texts extracted from `files`.
fn bench_analyse(
    files: &[PathBuf],
    pool: &rayon::ThreadPool,
    threads: usize,
    repeat: usize,
    json: bool,
) -> Result<i32> {
    let texts: Vec<(String, Option<String>)> = files
        .iter()
        .filter_map(|f| input::read_doc(f).ok())
        .filter_map(|b| newsgraph_extract::extract(&b, None).ok())
        .filter(|a| !a.text.is_empty())
        .map(|a| (a.text, a.published.map(|d| d.value)))
        .collect();
    let analyser = newsgraph_analyse::Analyser::new();
    let one = |(t, d): &(String, Option<String>)| {
        let a = analyser.analyse(t, d.as_deref());
        (
            a.sentences.len() as u64,
            a.events.len() as u64,
            t.len() as u64,
        )
    };
    let cpu0 = cpu_seconds();
    let t0 = Instant::now();
    let (mut sentences, mut events, mut bytes, mut docs) = (0u64, 0u64, 0u64, 0u64);
    for _ in 0..repeat {
        let r: Vec<(u64, u64, u64)> = if threads == 1 {
            texts.iter().map(one).collect()
        } else {
            pool.install(|| texts.par_iter().map(one).collect())
        };
        for (s, e, b) in r {
            sentences += s;
            events += e;
            bytes += b;
            docs += 1;
        }
    }
    let wall = t0.elapsed().as_secs_f64();
    let cpu = cpu_seconds()
        .zip(cpu0)
        .map(|(a, b)| a - b)
        .filter(|c| *c > 0.0);
    let fig = serde_json::json!({
        "stage": "analyse", "threads": threads, "articles": docs, "sentences": sentences,
        "events": events, "text_mb": (bytes as f64 / 1e5).round() / 10.0,
        "wall_s": (wall * 1000.0).round() / 1000.0,
        "articles_per_s": (docs as f64 / wall).round(),
        "sentences_per_s": (sentences as f64 / wall).round(),
        "sentences_per_cpu_s": cpu.map(|c| (sentences as f64 / c).round()),
        "peak_rss_mb": peak_rss_mb().map(|p| (p * 10.0).round() / 10.0),
    });
    if json {
        println!("{fig}");
    } else {
        println!(
            "analyse, threads={threads}: {docs} articles, {sentences} sentences, {events} events in {wall:.2} s -> {:.0} articles/s, {:.0} sentences/s, {} sentences/CPU-s, peak RSS {} MB",
            docs as f64 / wall,
            sentences as f64 / wall,
            cpu.map_or("?".into(), |c| format!("{:.0}", sentences as f64 / c)),
            peak_rss_mb().map_or("?".into(), |p| format!("{p:.1}")),
        );
    }
    Ok(0)
}

/// Copies of one text as the web makes them: re-wrapped with furniture, trimmed, with a
/// new headline, paragraphs reordered, lightly edited. Deterministic.
fn perturb(text: &str, seed: u64) -> Vec<String> {
    let paras: Vec<&str> = text.split("\n\n").collect();
    let words: Vec<&str> = text.split_whitespace().collect();
    let mut out = Vec::new();
    // Re-wrapped, with site furniture around it.
    out.push(format!(
        "Share this article\n\n{}\n\nRead more: other stories from our site\nFollow us on social media",
        words.chunks(12).map(|c| c.join(" ")).collect::<Vec<_>>().join("\n")
    ));
    // Trimmed by the last fifth.
    out.push(words[..words.len() * 4 / 5].join(" "));
    // A new headline and dateline on top.
    out.push(format!(
        "UPDATED: Latest on the story\n\nCITY (Agency) - {text}"
    ));
    // Two paragraphs swapped.
    if paras.len() >= 3 {
        let mut p = paras.clone();
        let k = (seed as usize) % (p.len() - 1);
        p.swap(k, k + 1);
        out.push(p.join("\n\n"));
    }
    // One word in twenty replaced.
    out.push(
        words
            .iter()
            .enumerate()
            .map(|(i, w)| {
                if (i as u64 + seed).is_multiple_of(20) {
                    "changed"
                } else {
                    w
                }
            })
            .collect::<Vec<_>>()
            .join(" "),
    );
    out
}

/// Measures duplicate folding: pairwise precision and recall of the stories found,
/// over the texts of `files` plus perturbed copies of each.
fn bench_dedup(files: &[PathBuf], json: bool) -> Result<i32> {
    use newsgraph_ingest::dedup::{fingerprint, Deduper, Verdict};
    let originals: Vec<String> = files
        .iter()
        .filter_map(|f| input::read_doc(f).ok())
        .filter_map(|b| newsgraph_extract::extract(&b, None).ok())
        .map(|a| a.text)
        .filter(|t| t.split_whitespace().count() >= 150)
        .collect();
    // (truth cluster, text)
    let mut docs: Vec<(usize, String)> = Vec::new();
    for (i, t) in originals.iter().enumerate() {
        docs.push((i, t.clone()));
        for v in perturb(t, i as u64) {
            docs.push((i, v));
        }
    }
    let mut out = serde_json::Map::new();
    for max_distance in [6u32, 10, 14, 16, 18, 20, 22, 24] {
        let mut d = Deduper::new(max_distance);
        let t0 = Instant::now();
        let assigned: Vec<u64> = docs
            .iter()
            .enumerate()
            .map(|(k, (_, t))| match d.check(&fingerprint(t), k as u64) {
                Verdict::New(s) | Verdict::Exact(s) | Verdict::Near(s, _) => s,
            })
            .collect();
        let secs = t0.elapsed().as_secs_f64();
        let (mut tp, mut fp, mut fn_) = (0u64, 0u64, 0u64);
        for a in 0..docs.len() {
            for b in a + 1..docs.len() {
                let same_truth = docs[a].0 == docs[b].0;
                let same_pred = assigned[a] == assigned[b];
                match (same_truth, same_pred) {
                    (true, true) => tp += 1,
                    (false, true) => fp += 1,
                    (true, false) => fn_ += 1,
                    _ => {}
                }
            }
        }
        let p = tp as f64 / (tp + fp).max(1) as f64;
        let r = tp as f64 / (tp + fn_).max(1) as f64;
        let line = format!(
            "max_distance={max_distance:2}: {} texts ({} stories): pairwise precision {p:.3}, recall {r:.3}, {:.0} texts/s",
            docs.len(),
            originals.len(),
            docs.len() as f64 / secs.max(1e-9)
        );
        if json {
            out.insert(
                max_distance.to_string(),
                serde_json::json!({"precision": p, "recall": r}),
            );
        } else {
            println!("{line}");
        }
    }
    if json {
        println!("{}", serde_json::Value::Object(out));
    }
    Ok(0)
}

/// Search latency: full-text queries alone and with filters, and broad queries that
/// match most of the store (a stop word, no words with a place or a circle), p50/p99 in
/// milliseconds. Every query counts its stories and facets over all of its matches.
fn bench_search(data: &std::path::Path, repeat: usize, json: bool) -> Result<i32> {
    use newsgraph_store::{SearchQuery, Store};
    let store = Store::open_read_only(data)?;
    let docs = store.stats()?.documents;
    const WORDS: [&str; 20] = [
        "government",
        "minister",
        "election",
        "police",
        "court",
        "president",
        "company",
        "market",
        "water",
        "military",
        "security",
        "health",
        "climate",
        "talks",
        "border",
        "prices",
        "\"prime minister\"",
        "attack",
        "investigation",
        "protest",
    ];
    type Filter = Box<dyn Fn(&mut SearchQuery)>;
    let filters: Vec<Filter> = vec![
        Box::new(|q| q.site = Some("site07.example".into())),
        Box::new(|q| {
            q.from = Some("2024-01-01".into());
            q.to = Some("2024-06-30".into())
        }),
        Box::new(|q| q.plover = Some("ASSAULT".into())),
        Box::new(|q| q.actor = Some("USA".into())),
        Box::new(|q| q.language = Some("en".into())),
        Box::new(|q| {
            q.cameo = Some("04".into());
            q.from = Some("2023-06-01".into())
        }),
    ];
    let broad: Vec<SearchQuery> = vec![
        SearchQuery {
            text: "the".into(),
            ..SearchQuery::default()
        },
        SearchQuery::default(),
        SearchQuery {
            place: Some("Paris".into()),
            ..SearchQuery::default()
        },
        SearchQuery {
            near: Some((48.85, 2.35, 50.0)),
            ..SearchQuery::default()
        },
        SearchQuery {
            text: "the".into(),
            offset: 5000,
            ..SearchQuery::default()
        },
    ];
    let mut plain = Vec::new();
    let mut filtered = Vec::new();
    let mut wide = Vec::new();
    let mut wide_total = 0;
    for r in 0..repeat + 1 {
        for q in &broad {
            let t = Instant::now();
            let res = store.search(q)?;
            if r > 0 {
                wide.push(t.elapsed().as_secs_f64() * 1000.0);
            }
            wide_total = wide_total.max(res.total);
        }
        for (k, w) in WORDS.iter().enumerate() {
            let mut q = SearchQuery {
                text: w.to_string(),
                limit: 10,
                ..SearchQuery::default()
            };
            let t = Instant::now();
            let res = store.search(&q)?;
            let a = t.elapsed().as_secs_f64() * 1000.0;
            filters[k % filters.len()](&mut q);
            let t = Instant::now();
            let _ = store.search(&q)?;
            let b = t.elapsed().as_secs_f64() * 1000.0;
            std::hint::black_box(res.total);
            if r > 0 {
                plain.push(a);
                filtered.push(b);
            }
        }
    }
    let pct = |v: &mut Vec<f64>, p: f64| {
        v.sort_by(f64::total_cmp);
        v[((v.len() as f64 - 1.0) * p).round() as usize]
    };
    let fig = serde_json::json!({
        "documents": docs, "queries": plain.len(),
        "plain_p50_ms": pct(&mut plain, 0.5), "plain_p99_ms": pct(&mut plain, 0.99),
        "filtered_p50_ms": pct(&mut filtered, 0.5), "filtered_p99_ms": pct(&mut filtered, 0.99),
        "broad_queries": wide.len(), "broad_most_stories": wide_total,
        "broad_p50_ms": pct(&mut wide, 0.5), "broad_p99_ms": pct(&mut wide, 0.99),
    });
    if json {
        println!("{fig}");
    } else {
        println!(
            "search over {docs} documents, {} queries each: full text p50 {:.1} ms, p99 {:.1} ms; filtered full text p50 {:.1} ms, p99 {:.1} ms; broad ({} queries, up to {} stories each) p50 {:.1} ms, p99 {:.1} ms",
            plain.len(),
            fig["plain_p50_ms"].as_f64().unwrap_or(0.0),
            fig["plain_p99_ms"].as_f64().unwrap_or(0.0),
            fig["filtered_p50_ms"].as_f64().unwrap_or(0.0),
            fig["filtered_p99_ms"].as_f64().unwrap_or(0.0),
            wide.len(),
            wide_total,
            fig["broad_p50_ms"].as_f64().unwrap_or(0.0),
            fig["broad_p99_ms"].as_f64().unwrap_or(0.0)
        );
    }
    Ok(0)
}
