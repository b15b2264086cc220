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
}

/// A pipeline stage to measure.
#[derive(Clone, Copy, clap::ValueEnum, PartialEq, Eq)]
pub enum Stage {
    /// HTML/text → article.
    Extract,
    /// Article text → sentences, entities, quotes, events.
    Analyse,
}

/// Runs the benchmark; returns the exit code.
pub fn run(args: Args) -> Result<i32> {
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
