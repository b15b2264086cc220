//! `newsgraph ingest`: sources in, a searchable store out.

use anyhow::{Context, Result};
use newsgraph_analyse::Analyser;
use newsgraph_ingest::dedup::{Deduper, Fingerprint, Verdict, DEFAULT_MAX_DISTANCE};
use newsgraph_ingest::pipeline::{self, Outcome};
use newsgraph_store::progress;
use newsgraph_store::{NewDoc, Store};
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

/// Arguments of `newsgraph ingest`.
#[derive(clap::Args)]
pub struct Args {
    /// Folders, HTML/text files (.gz too), JSON Lines (.jsonl), WARC (.warc, .warc.gz).
    #[arg(required = true)]
    sources: Vec<PathBuf>,
    /// Data directory (created if missing).
    #[arg(long, default_value = "newsgraph-data")]
    data: PathBuf,
    /// Worker threads (0 = one per core).
    #[arg(long, default_value_t = 0)]
    threads: usize,
    /// Largest SimHash distance (of 64 bits) for two copies of one story.
    #[arg(long, default_value_t = DEFAULT_MAX_DISTANCE)]
    max_distance: u32,
    /// Documents per committed batch (a batch is also committed after 5 s, so searches
    /// see a slow ingest's documents promptly).
    #[arg(long, default_value_t = 1000)]
    batch: usize,
    /// No progress bar.
    #[arg(long)]
    quiet: bool,
    /// Seconds to wait between two requests to one host when fetching feeds and pages.
    #[arg(long, default_value_t = 1.0)]
    rate: f64,
    /// Longest time, in seconds, one document may take to analyse; a document that takes
    /// longer is counted as failed ("too_slow") and the run goes on (0 = no limit).
    #[arg(long, default_value_t = 120)]
    doc_time_limit: u64,
}

/// Longest time documents wait in an uncommitted batch.
const COMMIT_EVERY: std::time::Duration = std::time::Duration::from_secs(5);

fn story_number(id: &str) -> u64 {
    u64::from_str_radix(id, 16).unwrap_or(0)
}

/// Runs the command; returns the exit code.
pub fn run(args: Args) -> Result<i32> {
    for s in &args.sources {
        let url = s.to_string_lossy().starts_with("http://")
            || s.to_string_lossy().starts_with("https://");
        if !url {
            std::fs::metadata(s).with_context(|| format!("cannot read source {}", s.display()))?;
        }
    }
    anyhow::ensure!(
        args.rate.is_finite() && args.rate >= 0.0,
        "--rate takes a number of seconds"
    );
    let mut store = Store::open(&args.data)
        .with_context(|| format!("cannot open the store in {}", args.data.display()))?;
    let existing = Arc::new(store.doc_ids()?);
    let mut dedup = Deduper::new(args.max_distance);
    for (story, exact, simhash, simhash2, words) in store.story_fingerprints()? {
        let fp = Fingerprint {
            exact,
            simhash,
            simhash2,
            words,
        };
        dedup.remember(story_number(&story), &fp);
    }
    let threads = if args.threads == 0 {
        std::thread::available_parallelism().map_or(1, |n| n.get())
    } else {
        args.threads
    };
    let total_bytes: u64 = args.sources.iter().flat_map(|p| walk_sizes(p)).sum();
    let bar = if args.quiet || !std::io::IsTerminal::is_terminal(&std::io::stderr()) {
        indicatif::ProgressBar::hidden()
    } else {
        let b = indicatif::ProgressBar::new(total_bytes);
        b.set_style(
            indicatif::ProgressStyle::with_template(
                "{spinner} {bytes}/{total_bytes} ({bytes_per_sec}) eta {eta} | {msg}",
            )
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        b
    };
    let analyser = Arc::new(Analyser::new());
    let skip_set = Arc::clone(&existing);
    let already = Arc::new(std::sync::atomic::AtomicU64::new(0));
    let already_counter = Arc::clone(&already);
    let skip: Arc<dyn Fn(&str) -> bool + Send + Sync> = Arc::new(move |id: &str| {
        let known = skip_set.contains(id);
        if known {
            already_counter.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        }
        known
    });
    let t0 = Instant::now();
    let mut last_progress = Instant::now();
    let mut progress = progress::IngestProgress {
        pid: std::process::id(),
        started: progress::unix_now(),
        updated: progress::unix_now(),
        total_bytes,
        ..Default::default()
    };
    // Watchers see the ingest from its start, before the first document is done.
    let _ = progress::write_progress(&args.data, &progress);
    let (mut read, mut articles, mut non_articles, mut exact, mut near, mut stored) =
        (0u64, 0u64, 0u64, 0u64, 0u64, 0u64);
    let mut skipped: BTreeMap<&'static str, u64> = BTreeMap::new();
    let mut errors: BTreeMap<&'static str, u64> = BTreeMap::new();
    let mut in_batch = 0usize;
    let mut bytes = 0u64;
    let mut failure: Option<anyhow::Error> = None;
    store.begin()?;
    let mut last_commit = std::time::Instant::now();
    let disk_bytes = Arc::new(std::sync::atomic::AtomicU64::new(0));
    let fetch = newsgraph_ingest::sources::ReadContext {
        disk_bytes: Arc::clone(&disk_bytes),
        fetcher: newsgraph_ingest::fetch::Fetcher::new(
            std::time::Duration::from_secs_f64(args.rate),
            newsgraph_ingest::sources::MAX_DOC,
        ),
        validators: store.fetch_state()?,
    };
    pipeline::run(
        args.sources.clone(),
        fetch,
        analyser,
        threads,
        (args.doc_time_limit > 0).then(|| std::time::Duration::from_secs(args.doc_time_limit)),
        skip,
        |outcome| {
            read += 1;
            let res: Result<()> = (|| {
                match outcome {
                    Outcome::Done(p) => {
                        bytes += p.bytes as u64;
                        if p.article.is_article {
                            articles += 1;
                        } else {
                            non_articles += 1;
                        }
                        let (story, kind) = match dedup.check(&p.fingerprint, story_number(&p.id)) {
                            Verdict::New(s) => (s, "new"),
                            Verdict::Exact(s) => {
                                exact += 1;
                                (s, "exact")
                            }
                            Verdict::Near(s, _) => {
                                near += 1;
                                (s, "near")
                            }
                        };
                        let story = format!("{story:016x}");
                        store.add(&NewDoc {
                            id: &p.id,
                            source: &p.source,
                            article: &p.article,
                            analysis: &p.analysis,
                            story: &story,
                            dup: kind,
                            fingerprint: (
                                p.fingerprint.exact,
                                p.fingerprint.simhash,
                                p.fingerprint.simhash2,
                                p.fingerprint.words,
                            ),
                            fallback_date: p.source_date.as_deref(),
                        })?;
                        stored += 1;
                        in_batch += 1;
                    }
                    Outcome::Skipped { reason, .. } => *skipped.entry(reason).or_default() += 1,
                    Outcome::Validators(url, (etag, lm)) => {
                        store.set_fetch_state(&url, etag.as_deref(), lm.as_deref())?
                    }
                    Outcome::Failed {
                        source,
                        kind,
                        message,
                    } => {
                        *errors.entry(kind).or_default() += 1;
                        store.add_error(&source, kind, &message)?;
                    }
                }
                if in_batch >= args.batch || (in_batch > 0 && last_commit.elapsed() >= COMMIT_EVERY)
                {
                    store.commit()?;
                    store.begin()?;
                    in_batch = 0;
                    last_commit = std::time::Instant::now();
                }
                Ok(())
            })();
            // Position in the inputs as stored on disk, so the ETA holds for .gz files too.
            let on_disk = disk_bytes.load(std::sync::atomic::Ordering::Relaxed);
            bar.set_position(on_disk);
            let secs = t0.elapsed().as_secs_f64().max(1e-6);
            if last_progress.elapsed() >= std::time::Duration::from_secs(1) {
                last_progress = Instant::now();
                progress.updated = progress::unix_now();
                (progress.read, progress.stored, progress.bytes) = (read, stored, on_disk);
                progress.docs_per_s = read as f64 / secs;
                // Progress is for watchers; failing to write it must not stop the ingest.
                let _ = progress::write_progress(&args.data, &progress);
            }
            bar.set_message(format!(
                "{read} docs, {:.0} docs/s, {stored} stored",
                read as f64 / secs
            ));
            match res {
                Ok(()) => true,
                Err(e) => {
                    failure = Some(e);
                    false
                }
            }
        },
    );
    let last_commit = store.commit();
    bar.finish_and_clear();
    progress.updated = progress::unix_now();
    (progress.read, progress.stored) = (read, stored);
    progress.bytes = disk_bytes.load(std::sync::atomic::Ordering::Relaxed);
    progress.docs_per_s = read as f64 / t0.elapsed().as_secs_f64().max(1e-6);
    progress.finished = true;
    progress.error = failure
        .as_ref()
        .map(|e| e.to_string())
        .or_else(|| last_commit.as_ref().err().map(|e| e.to_string()));
    let _ = progress::write_progress(&args.data, &progress);
    // The first failure is the one to report: after it the last commit may fail too
    // (SQLite rolls a transaction back on a full disk).
    if let Some(e) = failure {
        return Err(e.context("ingest stopped; what was committed is kept, and a re-run resumes"));
    }
    last_commit.context("cannot commit the last batch")?;
    let secs = t0.elapsed().as_secs_f64();
    let already = already.load(std::sync::atomic::Ordering::Relaxed);
    eprintln!(
        "newsgraph: {read} read in {secs:.1} s ({:.0} docs/s, {:.1} MB/s): {stored} stored ({articles} articles, {non_articles} non-articles), {exact} exact and {near} near duplicates folded into stories",
        read as f64 / secs.max(1e-6),
        bytes as f64 / 1e6 / secs.max(1e-6)
    );
    if already > 0 {
        eprintln!("newsgraph: {already} documents were already in the store ({} in all) and were not processed again", existing.len());
    }
    if !skipped.is_empty() {
        eprintln!(
            "newsgraph: skipped: {}",
            skipped
                .iter()
                .map(|(k, v)| format!("{v} {k}"))
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    if !errors.is_empty() {
        eprintln!(
            "newsgraph: errors: {} (see `newsgraph stats`)",
            errors
                .iter()
                .map(|(k, v)| format!("{v} {k}"))
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    Ok(0)
}

fn walk_sizes(p: &std::path::Path) -> Vec<u64> {
    let mut out = Vec::new();
    let mut stack = vec![p.to_path_buf()];
    while let Some(x) = stack.pop() {
        match std::fs::metadata(&x) {
            Ok(m) if m.is_dir() => {
                if let Ok(rd) = std::fs::read_dir(&x) {
                    stack.extend(rd.flatten().map(|e| e.path()));
                }
            }
            // Files named on the command line are read whatever their name; inside
            // folders, only the kinds the reader takes.
            Ok(m) if x == p || newsgraph_ingest::sources::ingestible(&x) => out.push(m.len()),
            _ => {}
        }
    }
    out
}
