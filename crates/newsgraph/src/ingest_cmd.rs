//! `newsgraph ingest`: sources in, a searchable store out.

use anyhow::Result;
use newsgraph_ingest::dedup::DEFAULT_MAX_DISTANCE;
use newsgraph_ingest::run::{ingest, IngestError, IngestOptions};
use std::path::PathBuf;

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
    /// Date (YYYY-MM-DD) of documents that neither give one nor come with one (scraped
    /// text, undated feed items): used for the analysis and stored as their date.
    #[arg(long, value_parser = crate::input::date_arg)]
    date: Option<String>,
}

/// Longest time documents wait in an uncommitted batch.
const COMMIT_EVERY: std::time::Duration = std::time::Duration::from_secs(5);

/// Runs the command; returns the exit code.
pub fn run(args: Args) -> Result<i32> {
    anyhow::ensure!(
        args.rate.is_finite() && args.rate >= 0.0,
        "--rate takes a number of seconds"
    );
    let opts = IngestOptions {
        threads: args.threads,
        max_distance: args.max_distance,
        batch: args.batch,
        commit_every: COMMIT_EVERY,
        rate: std::time::Duration::from_secs_f64(args.rate),
        doc_time_limit: (args.doc_time_limit > 0)
            .then(|| std::time::Duration::from_secs(args.doc_time_limit)),
        default_date: args.date.clone(),
    };
    let bar = if args.quiet || !std::io::IsTerminal::is_terminal(&std::io::stderr()) {
        indicatif::ProgressBar::hidden()
    } else {
        let b = indicatif::ProgressBar::new(0);
        b.set_style(
            indicatif::ProgressStyle::with_template(
                "{spinner} {bytes}/{total_bytes} ({bytes_per_sec}) eta {eta} | {msg}",
            )
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        b
    };
    let result = ingest(&args.sources, &args.data, &opts, |r| {
        // Position in the inputs as stored on disk, so the ETA holds for .gz files too.
        bar.set_length(r.total_bytes);
        bar.set_position(r.disk_bytes);
        bar.set_message(format!(
            "{} docs, {:.0} docs/s, {} stored",
            r.read,
            r.docs_per_s(),
            r.stored
        ));
    });
    bar.finish_and_clear();
    let r = match result {
        Ok(r) => r,
        Err(e @ IngestError::Source(..)) => return Err(e.into()),
        Err(IngestError::Open(e)) => {
            return Err(anyhow::Error::new(e)
                .context(format!("cannot open the store in {}", args.data.display())))
        }
        Err(e) => {
            return Err(anyhow::Error::new(e).context(format!(
                "ingest into {} stopped; what was committed is kept, and a re-run resumes",
                args.data.display()
            )))
        }
    };
    eprintln!(
        "newsgraph: {} read in {:.1} s ({:.0} docs/s, {:.1} MB/s): {} stored ({} articles, {} non-articles), {} exact and {} near duplicates folded into stories",
        r.read,
        r.seconds,
        r.docs_per_s(),
        r.bytes as f64 / 1e6 / r.seconds.max(1e-6),
        r.stored,
        r.articles,
        r.non_articles,
        r.exact,
        r.near
    );
    if r.already > 0 {
        eprintln!(
            "newsgraph: {} documents were already in the store ({} in all) and were not processed again",
            r.already, r.before
        );
    }
    let counts = |m: &std::collections::BTreeMap<&'static str, u64>| {
        m.iter()
            .map(|(k, v)| format!("{v} {k}"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    if !r.skipped.is_empty() {
        eprintln!("newsgraph: skipped: {}", counts(&r.skipped));
    }
    if !r.errors.is_empty() {
        eprintln!(
            "newsgraph: errors: {} (see `newsgraph stats`)",
            counts(&r.errors)
        );
    }
    // As `extract` and `analyse`: 1 when some documents failed (the rest are stored).
    Ok(if r.errors.is_empty() { 0 } else { 1 })
}
