//! The parallel pipeline: one reader streams documents into a bounded queue, workers on
//! every core extract and analyse them, and results come back in input order (so
//! duplicate folding and ids are the same on every run).

use crate::dedup::{fingerprint, Fingerprint};
use crate::process::{Document, ProcessError, ProcessOptions};
use crate::sources::{read_all, Item, RawDoc, ReadContext};
use newsgraph_analyse::Analyser;
use newsgraph_extract::InputHint;
use newsgraph_model::{Analysis, Article};
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::mpsc::{sync_channel, Receiver};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use xxhash_rust::xxh3::xxh3_64;

/// A processed document, or why there is none.
#[derive(Debug)]
pub enum Outcome {
    /// Extracted and analysed.
    Done(Box<Processed>),
    /// Left out on purpose.
    Skipped {
        /// Where it came from.
        source: String,
        /// Why.
        reason: &'static str,
    },
    /// Validators to remember for a fetched URL.
    Validators(String, crate::fetch::Validators),
    /// Broken.
    Failed {
        /// Where it came from.
        source: String,
        /// A short kind ("bad_header", "binary", "empty" …).
        kind: &'static str,
        /// The message.
        message: String,
    },
}

/// One document through extract and analyse.
#[derive(Debug)]
pub struct Processed {
    /// Stable id: a hash of the URL (or source) and the bytes.
    pub id: String,
    /// Where it came from.
    pub source: String,
    /// Date given by the source (JSON Lines, WARC).
    pub source_date: Option<String>,
    /// The article.
    pub article: Article,
    /// Its analysis.
    pub analysis: Analysis,
    /// Fingerprint of the text, for duplicate folding.
    pub fingerprint: Fingerprint,
    /// Size of the input in bytes.
    pub bytes: usize,
}

/// A document's stable id.
pub fn doc_id(url: Option<&str>, source: &str, bytes: &[u8]) -> String {
    let key = url.unwrap_or(source);
    format!(
        "{:016x}",
        xxh3_64(key.as_bytes()) ^ xxh3_64(bytes).rotate_left(17)
    )
}

/// What every document of a run is processed with.
#[derive(Debug, Clone, Default)]
pub struct DocSettings {
    /// Longest analysis of one document (`None`: no limit).
    pub time_limit: Option<Duration>,
    /// Date for documents that neither give one nor come with one (`--date`).
    pub default_date: Option<String>,
}

/// Kind of the failure of a document whose analysis ran past its time budget.
pub const TOO_SLOW: &str = "too_slow";

fn process(analyser: &Analyser, doc: RawDoc, settings: &DocSettings) -> Outcome {
    let budget = settings.time_limit;
    let id = doc_id(doc.url.as_deref(), &doc.source, &doc.bytes);
    let input = Document {
        bytes: &doc.bytes,
        url: doc.url.as_deref(),
        charset: doc.charset.as_deref(),
        input: match doc.html {
            Some(true) => InputHint::Html,
            Some(false) => InputHint::Text,
            None => InputHint::Auto,
        },
        transport_date: doc.date.as_deref(),
    };
    let opts = ProcessOptions {
        default_date: settings.default_date.as_deref(),
        deadline: budget.map(|b| Instant::now() + b),
    };
    match crate::process::process(analyser, &input, &opts) {
        Ok(done) => Outcome::Done(Box::new(Processed {
            id,
            fingerprint: fingerprint(&done.article.text),
            bytes: doc.bytes.len(),
            source: doc.source,
            source_date: doc.date,
            article: done.article,
            analysis: done.analysis,
        })),
        Err(e) => Outcome::Failed {
            kind: match &e {
                ProcessError::Extract(newsgraph_extract::Error::Empty) => "empty",
                ProcessError::Extract(newsgraph_extract::Error::Binary(_)) => "binary",
                ProcessError::TooSlow(_) => TOO_SLOW,
            },
            message: match e {
                ProcessError::TooSlow(_) => format!(
                    "the analysis of this document took longer than {} s; raise --doc-time-limit to allow more",
                    budget.map_or(0, |b| b.as_secs())
                ),
                e => e.to_string(),
            },
            source: doc.source,
        },
    }
}

/// Runs the pipeline over `paths` on `threads` workers, handing every outcome to `sink`
/// in input order. `skip` is asked first for each document id (already stored ones are
/// not processed again); a document whose analysis runs past the time limit of
/// `settings` fails as [`TOO_SLOW`]. Returns when all input is consumed or `sink` returns false.
pub fn run(
    paths: Vec<PathBuf>,
    mut fetch: ReadContext,
    analyser: Arc<Analyser>,
    threads: usize,
    settings: DocSettings,
    skip: Arc<dyn Fn(&str) -> bool + Send + Sync>,
    mut sink: impl FnMut(Outcome) -> bool,
) {
    let (in_tx, in_rx) = sync_channel::<(u64, Item)>(threads * 4);
    let (out_tx, out_rx) = sync_channel::<(u64, Option<Outcome>)>(threads * 4);
    let in_rx: Arc<Mutex<Receiver<(u64, Item)>>> = Arc::new(Mutex::new(in_rx));
    let reader = std::thread::spawn(move || {
        let mut seq = 0u64;
        read_all(&paths, &mut fetch, &mut |item| {
            // A closed queue means the consumer stopped; drop the rest.
            let _ = in_tx.send((seq, item));
            seq += 1;
        });
    });
    let mut workers = Vec::new();
    for _ in 0..threads.max(1) {
        let rx = Arc::clone(&in_rx);
        let tx = out_tx.clone();
        let analyser = Arc::clone(&analyser);
        let settings = settings.clone();
        let skip = Arc::clone(&skip);
        workers.push(std::thread::spawn(move || loop {
            let next = rx.lock().map(|r| r.recv());
            let Ok(Ok((seq, item))) = next else { break };
            let outcome = match item {
                Item::Doc(doc) => {
                    let id = doc_id(doc.url.as_deref(), &doc.source, &doc.bytes);
                    if skip(&id) {
                        None
                    } else {
                        // A panic in one document must not take the batch down.
                        let source = doc.source.clone();
                        Some(
                            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                                process(&analyser, doc, &settings)
                            }))
                            .unwrap_or_else(|_| Outcome::Failed {
                                source,
                                kind: "internal",
                                message: "internal error while processing this document".into(),
                            }),
                        )
                    }
                }
                Item::Skipped(source, reason) => Some(Outcome::Skipped { source, reason }),
                Item::Error(source, kind, message) => Some(Outcome::Failed {
                    source,
                    kind,
                    message,
                }),
                Item::Validators(url, v) => Some(Outcome::Validators(url, v)),
            };
            if tx.send((seq, outcome)).is_err() {
                break;
            }
        }));
    }
    drop(out_tx);
    // Reorder by sequence number.
    let mut pending: BTreeMap<u64, Option<Outcome>> = BTreeMap::new();
    let mut next = 0u64;
    let mut go_on = true;
    for (seq, outcome) in out_rx.iter() {
        pending.insert(seq, outcome);
        while let Some(o) = pending.remove(&next) {
            next += 1;
            if let Some(o) = o {
                if go_on && !sink(o) {
                    go_on = false;
                }
            }
        }
        if !go_on {
            break;
        }
    }
    drop(out_rx);
    drop(in_rx);
    let _ = reader.join();
    for w in workers {
        let _ = w.join();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn outcomes(dir: &std::path::Path, budget: Option<Duration>) -> Vec<Outcome> {
        let fetch = ReadContext {
            fetcher: crate::fetch::Fetcher::new(Duration::ZERO, crate::sources::MAX_DOC),
            validators: Default::default(),
            disk_bytes: Default::default(),
        };
        let mut out = Vec::new();
        run(
            vec![dir.to_path_buf()],
            fetch,
            Arc::new(Analyser::new()),
            2,
            DocSettings {
                time_limit: budget,
                default_date: None,
            },
            Arc::new(|_: &str| false),
            |o| {
                out.push(o);
                true
            },
        );
        out
    }

    #[test]
    fn a_document_past_its_time_budget_fails_and_the_run_goes_on() {
        let dir = std::env::temp_dir().join(format!("ng-pipeline-budget-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        for (name, text) in [
            (
                "a.txt",
                "The minister visited the port on Monday and met the mayor.",
            ),
            (
                "b.txt",
                "Rebels attacked a convoy near the border on Tuesday night.",
            ),
        ] {
            std::fs::write(dir.join(name), text).expect("write");
        }
        let done = |v: &[Outcome]| v.iter().filter(|o| matches!(o, Outcome::Done(_))).count();
        // No budget: both analysed.
        let all = outcomes(&dir, None);
        assert_eq!((all.len(), done(&all)), (2, 2), "{all:?}");
        // A budget already spent: both fail as too slow, each one counted.
        let late = outcomes(&dir, Some(Duration::ZERO));
        assert_eq!(late.len(), 2);
        assert!(
            late.iter()
                .all(|o| matches!(o, Outcome::Failed { kind, .. } if *kind == TOO_SLOW)),
            "{late:?}"
        );
        std::fs::remove_dir_all(&dir).ok();
    }
}
