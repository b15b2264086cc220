//! A whole ingest run: sources → pipeline → duplicate folding → the store, committed in
//! batches, with a progress record for watchers (the web page's Ingest view) and a
//! report at the end. `newsgraph ingest` is this plus argument parsing and output.

use crate::dedup::{Deduper, Verdict};
use crate::fetch::Fetcher;
use crate::pipeline::{self, Outcome};
use crate::sources::{ingestible, ReadContext, MAX_DOC};
use newsgraph_analyse::Analyser;
use newsgraph_model::DupKind;
use newsgraph_store::{progress, NewDoc, Store, StoreError};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering::Relaxed};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// How to run an ingest.
#[derive(Debug, Clone)]
pub struct IngestOptions {
    /// Worker threads (0 = one per core).
    pub threads: usize,
    /// Largest SimHash distance for two copies of one story.
    pub max_distance: u32,
    /// Documents per committed batch.
    pub batch: usize,
    /// Longest time documents wait in an uncommitted batch.
    pub commit_every: Duration,
    /// Least time between two requests to one host.
    pub rate: Duration,
    /// Longest analysis of one document (`None`: no limit).
    pub doc_time_limit: Option<Duration>,
    /// Date of documents that neither give one nor come with one: used for the analysis
    /// and stored as their date.
    pub default_date: Option<String>,
}

/// What a run has done so far, or did.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct IngestReport {
    /// Documents read from the sources.
    pub read: u64,
    /// Documents stored.
    pub stored: u64,
    /// Of the stored, those read as articles.
    pub articles: u64,
    /// Of the stored, those that are not articles (lists, index pages).
    pub non_articles: u64,
    /// Exact copies folded into a story.
    pub exact: u64,
    /// Near copies folded into a story.
    pub near: u64,
    /// Bytes of the stored documents.
    pub bytes: u64,
    /// Bytes of input read from disk so far (compressed, for `.gz`).
    pub disk_bytes: u64,
    /// Bytes of input in all (0 when unknown, as for URLs).
    pub total_bytes: u64,
    /// Documents already in the store, not processed again.
    pub already: u64,
    /// Documents in the store before the run.
    pub before: u64,
    /// Documents left out on purpose, by reason.
    pub skipped: BTreeMap<&'static str, u64>,
    /// Documents that failed, by kind (each one recorded in the store).
    pub errors: BTreeMap<&'static str, u64>,
    /// Seconds since the start.
    pub seconds: f64,
}

impl IngestReport {
    /// Documents read per second.
    pub fn docs_per_s(&self) -> f64 {
        self.read as f64 / self.seconds.max(1e-6)
    }
}

/// Why a run stopped.
#[derive(Debug, thiserror::Error)]
pub enum IngestError {
    /// A source named on the command line cannot be read.
    #[error("cannot read source {0}: {1}")]
    Source(PathBuf, std::io::Error),
    /// The store could not be opened (in use by another ingest, not writable, …).
    #[error("{0}")]
    Open(StoreError),
    /// The store could not be written. What was committed before is kept, and a re-run
    /// resumes.
    #[error("{0}")]
    Store(#[from] StoreError),
}

fn is_url(p: &Path) -> bool {
    let s = p.to_string_lossy();
    s.starts_with("http://") || s.starts_with("https://")
}

fn story_number(id: &str) -> u64 {
    u64::from_str_radix(id, 16).unwrap_or(0)
}

/// Bytes of the files an ingest of `p` will read (files named are read whatever their
/// name; inside folders, only the kinds the reader takes).
pub fn source_bytes(p: &Path) -> u64 {
    let mut total = 0;
    let mut stack = vec![p.to_path_buf()];
    while let Some(x) = stack.pop() {
        match std::fs::metadata(&x) {
            Ok(m) if m.is_dir() => {
                if let Ok(rd) = std::fs::read_dir(&x) {
                    stack.extend(rd.flatten().map(|e| e.path()));
                }
            }
            Ok(m) if x == p || ingestible(&x) => total += m.len(),
            _ => {}
        }
    }
    total
}

/// Ingests `sources` into the store in `data`; `on_progress` hears how far it is after
/// every document. Returns the report, or the first failure of the store (after
/// which what was committed is kept and a re-run resumes).
pub fn ingest(
    sources: &[PathBuf],
    data: &Path,
    opts: &IngestOptions,
    mut on_progress: impl FnMut(&IngestReport),
) -> Result<IngestReport, IngestError> {
    for s in sources.iter().filter(|s| !is_url(s)) {
        std::fs::metadata(s).map_err(|e| IngestError::Source(s.clone(), e))?;
    }
    let mut store = Store::open(data).map_err(IngestError::Open)?;
    let existing = Arc::new(store.doc_ids()?);
    let mut dedup = Deduper::new(opts.max_distance);
    for s in store.story_fingerprints()? {
        dedup.remember(story_number(&s.story), &s.fingerprint);
    }
    let threads = match opts.threads {
        0 => std::thread::available_parallelism().map_or(1, |n| n.get()),
        n => n,
    };
    let t0 = Instant::now();
    let mut report = IngestReport {
        total_bytes: sources.iter().map(|p| source_bytes(p)).sum(),
        before: existing.len() as u64,
        ..IngestReport::default()
    };
    let already = Arc::new(AtomicU64::new(0));
    let skip: Arc<dyn Fn(&str) -> bool + Send + Sync> = {
        let (known, already) = (Arc::clone(&existing), Arc::clone(&already));
        Arc::new(move |id: &str| {
            let k = known.contains(id);
            if k {
                already.fetch_add(1, Relaxed);
            }
            k
        })
    };
    let mut record = progress::IngestProgress {
        pid: std::process::id(),
        started: progress::unix_now(),
        updated: progress::unix_now(),
        total_bytes: report.total_bytes,
        ..Default::default()
    };
    // Watchers see the ingest from its start; progress is for them, and failing to
    // write it must not stop the ingest.
    let _ = progress::write_progress(data, &record);
    let mut last_progress = Instant::now();
    let disk_bytes = Arc::new(AtomicU64::new(0));
    let fetch = ReadContext {
        disk_bytes: Arc::clone(&disk_bytes),
        fetcher: Fetcher::new(opts.rate, MAX_DOC),
        validators: store.fetch_state()?,
    };
    store.begin()?;
    let mut in_batch = 0usize;
    let mut last_commit = Instant::now();
    let mut failure: Option<StoreError> = None;
    pipeline::run(
        sources.to_vec(),
        fetch,
        Arc::new(Analyser::new()),
        threads,
        pipeline::DocSettings {
            time_limit: opts.doc_time_limit,
            default_date: opts.default_date.clone(),
        },
        skip,
        |outcome| {
            report.read += 1;
            let res = (|| -> Result<(), StoreError> {
                match outcome {
                    Outcome::Done(p) => {
                        report.bytes += p.bytes as u64;
                        if p.article.is_article {
                            report.articles += 1;
                        } else {
                            report.non_articles += 1;
                        }
                        let (story, kind) = match dedup.check(&p.fingerprint, story_number(&p.id)) {
                            Verdict::New(s) => (s, DupKind::New),
                            Verdict::Exact(s) => {
                                report.exact += 1;
                                (s, DupKind::Exact)
                            }
                            Verdict::Near(s, _) => {
                                report.near += 1;
                                (s, DupKind::Near)
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
                            fingerprint: p.fingerprint,
                            fallback_date: p
                                .source_date
                                .as_deref()
                                .or(opts.default_date.as_deref()),
                        })?;
                        report.stored += 1;
                        in_batch += 1;
                    }
                    Outcome::Skipped { reason, .. } => {
                        *report.skipped.entry(reason).or_default() += 1
                    }
                    Outcome::Validators(url, v) => store.set_fetch_state(&url, &v)?,
                    Outcome::Failed {
                        source,
                        kind,
                        message,
                    } => {
                        *report.errors.entry(kind).or_default() += 1;
                        store.add_error(&source, kind, &message)?;
                    }
                }
                if in_batch >= opts.batch
                    || (in_batch > 0 && last_commit.elapsed() >= opts.commit_every)
                {
                    store.commit()?;
                    store.begin()?;
                    in_batch = 0;
                    last_commit = Instant::now();
                }
                Ok(())
            })();
            report.disk_bytes = disk_bytes.load(Relaxed);
            report.seconds = t0.elapsed().as_secs_f64();
            if last_progress.elapsed() >= Duration::from_secs(1) {
                last_progress = Instant::now();
                record.updated = progress::unix_now();
                (record.read, record.stored, record.bytes) =
                    (report.read, report.stored, report.disk_bytes);
                record.docs_per_s = report.docs_per_s();
                let _ = progress::write_progress(data, &record);
            }
            on_progress(&report);
            match res {
                Ok(()) => true,
                Err(e) => {
                    failure = Some(e);
                    false
                }
            }
        },
    );
    let committed = store.commit();
    report.already = already.load(Relaxed);
    report.disk_bytes = disk_bytes.load(Relaxed);
    report.seconds = t0.elapsed().as_secs_f64();
    record.updated = progress::unix_now();
    (record.read, record.stored, record.bytes) = (report.read, report.stored, report.disk_bytes);
    record.docs_per_s = report.docs_per_s();
    record.finished = true;
    record.error = failure
        .as_ref()
        .map(|e| e.to_string())
        .or_else(|| committed.as_ref().err().map(|e| e.to_string()));
    let _ = progress::write_progress(data, &record);
    // The first failure is the one to report: after it the last commit may fail too
    // (SQLite rolls a transaction back on a full disk).
    if let Some(e) = failure {
        return Err(e.into());
    }
    committed?;
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn opts() -> IngestOptions {
        IngestOptions {
            threads: 2,
            max_distance: crate::dedup::DEFAULT_MAX_DISTANCE,
            batch: 2,
            commit_every: Duration::from_secs(5),
            rate: Duration::ZERO,
            doc_time_limit: None,
            default_date: None,
        }
    }

    #[test]
    fn a_run_stores_folds_and_counts_and_a_rerun_adds_nothing() {
        let root = std::env::temp_dir().join(format!("ng-run-{}", std::process::id()));
        let (src, data) = (root.join("src"), root.join("data"));
        let _ = std::fs::remove_dir_all(&root);
        std::fs::create_dir_all(&src).expect("temp dir");
        let story = "Rebels attacked an army convoy near the northern border on Tuesday, \
            killing four soldiers, the defence ministry said in a statement.\n\n\
            The ministry said troops had been sent to the area and that the road was closed.";
        std::fs::write(src.join("a.txt"), story).expect("write");
        std::fs::write(src.join("b.txt"), story).expect("write");
        std::fs::write(src.join("c.txt"), "").expect("write");
        let mut ticks = 0;
        let r = ingest(std::slice::from_ref(&src), &data, &opts(), |_| ticks += 1).expect("ran");
        assert_eq!((r.read, r.stored, r.exact), (3, 2, 1), "{r:?}");
        assert_eq!(r.errors.get("empty"), Some(&1));
        assert_eq!(ticks, 3);
        assert!(progress::read_progress(&data).is_some_and(|p| p.finished && p.stored == 2));
        let again = ingest(&[src], &data, &opts(), |_| {}).expect("ran again");
        assert_eq!(
            (again.stored, again.already, again.before),
            (0, 2, 2),
            "{again:?}"
        );
        let missing = ingest(&[root.join("nope")], &data, &opts(), |_| {});
        assert!(matches!(missing, Err(IngestError::Source(..))));
        std::fs::remove_dir_all(&root).ok();
    }
}
