//! `newsgraph analyse`: articles in, entities, quotes and events out.

use crate::input;
use anyhow::{Context, Result};
use clap::ValueEnum;
use newsgraph_analyse::lexicon::Lexicon;
use newsgraph_analyse::Analyser;
use newsgraph_extract::InputHint;
use newsgraph_ingest::process::{analyse_article, process, Document, ProcessOptions};
use newsgraph_model::{Analysis, Article};
use serde::Serialize;
use std::borrow::Cow;
use std::io::Write;
use std::path::PathBuf;

/// What the input is.
#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum Input {
    /// Pages or texts (HTML or plain text detected from the bytes).
    Auto,
    /// JSON Lines: {"id", "text" | "html", "date"?, "title"?, "url"?} per line.
    Jsonl,
}

/// Arguments of `newsgraph analyse`.
#[derive(clap::Args)]
pub struct Args {
    /// Files or folders to read; `-` or nothing reads stdin.
    paths: Vec<PathBuf>,
    /// Input kind.
    #[arg(long, value_enum, default_value = "auto")]
    input: Input,
    /// Document date (YYYY-MM-DD) when neither the page nor its JSON Lines `date` gives
    /// one; used for leaders' terms and relative dates.
    #[arg(long, value_parser = input::date_arg)]
    date: Option<String>,
    /// Folder of dictionaries replacing the built-in ones (same file names; see
    /// crates/analyse/data).
    #[arg(long)]
    dictionaries: Option<PathBuf>,
    /// Folder of PETRARCH2/TABARI dictionaries (files named *verbs*.txt, *actors*.txt,
    /// *agents*.txt, *discards*.txt) to code with instead of the built-in ones.
    #[arg(long, conflicts_with = "dictionaries")]
    petrarch: Option<PathBuf>,
    /// Output format: pretty JSON, or compact JSON Lines (always JSON Lines for JSON
    /// Lines input), as `extract --format`.
    #[arg(long, value_enum, default_value = "json")]
    format: Format,
    /// The same as `--format jsonl` (kept for scripts written before `--format`).
    #[arg(long, hide = true)]
    jsonl: bool,
}

/// Output format of `analyse`.
#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum Format {
    /// One pretty-printed JSON object per document.
    Json,
    /// One compact JSON object per line.
    Jsonl,
}

#[derive(Serialize)]
struct Output {
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<serde_json::Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    source: Option<String>,
    #[serde(flatten)]
    article: Article,
    #[serde(flatten)]
    analysis: Analysis,
}

/// Runs the command; returns the process exit code.
pub fn run(args: Args) -> Result<i32> {
    let analyser = match (&args.dictionaries, &args.petrarch) {
        (Some(dir), _) => Analyser::with_lexicon(
            Lexicon::from_dir(dir)
                .with_context(|| format!("cannot load dictionaries from {}", dir.display()))?,
        ),
        (None, Some(dir)) => Analyser::with_lexicon(
            newsgraph_analyse::petrarch::lexicon_from_dir(dir).with_context(|| {
                format!("cannot load PETRARCH dictionaries from {}", dir.display())
            })?,
        ),
        (None, None) => Analyser::new(),
    };
    let paths = if args.paths.is_empty() {
        vec![PathBuf::from("-")]
    } else {
        args.paths.clone()
    };
    let opts = ProcessOptions {
        default_date: args.date.as_deref(),
        deadline: None,
    };
    if args.input == Input::Jsonl {
        return crate::batch::run(&paths, "analysed", |line| {
            analyse_line(&analyser, line, &opts)
        });
    }
    let files = input::expand(&paths)?;
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let mut failed = 0usize;
    for f in &files {
        let res = input::read_doc(f).and_then(|bytes| {
            let doc = Document {
                bytes: &bytes,
                url: None,
                charset: None,
                input: InputHint::Auto,
                transport_date: None,
            };
            process(&analyser, &doc, &opts).map_err(|e| anyhow::anyhow!("{}: {e}", f.display()))
        });
        match res {
            Ok(done) => {
                let o = Output {
                    id: None,
                    source: (f.as_os_str() != "-").then(|| f.display().to_string()),
                    article: done.article,
                    analysis: done.analysis,
                };
                if args.jsonl || args.format == Format::Jsonl {
                    serde_json::to_writer(&mut out, &o)?;
                } else {
                    serde_json::to_writer_pretty(&mut out, &o)?;
                }
                writeln!(out)?;
            }
            Err(e) => {
                failed += 1;
                eprintln!("newsgraph: {e:#}");
            }
        }
    }
    if files.len() > 1 {
        eprintln!(
            "newsgraph: {} documents, {} analysed, {failed} failed",
            files.len(),
            files.len() - failed
        );
    }
    Ok(if failed > 0 { 1 } else { 0 })
}

/// One input line of `analyse --input jsonl`.
#[derive(serde::Deserialize)]
struct Line<'a> {
    id: Option<serde_json::Value>,
    #[serde(borrow)]
    text: Option<Cow<'a, str>>,
    #[serde(borrow)]
    html: Option<Cow<'a, str>>,
    #[serde(borrow)]
    date: Option<Cow<'a, str>>,
    #[serde(borrow)]
    title: Option<Cow<'a, str>>,
    #[serde(borrow)]
    url: Option<Cow<'a, str>>,
}

fn analyse_line(
    analyser: &Analyser,
    line: &[u8],
    opts: &ProcessOptions,
) -> (Option<serde_json::Value>, Result<Output, String>) {
    let v: Line = match serde_json::from_slice(line) {
        Ok(v) => v,
        Err(e) => return (None, Err(format!("not JSON: {e}"))),
    };
    let id = v.id.clone();
    let done = match (&v.html, &v.text) {
        (Some(h), _) => process(
            analyser,
            &Document {
                bytes: h.as_bytes(),
                url: v.url.as_deref(),
                charset: Some("utf-8"),
                input: InputHint::Html,
                transport_date: v.date.as_deref(),
            },
            opts,
        ),
        // Text given in a batch is taken as clean article text, as it is.
        (None, Some(t)) => {
            if t.trim().is_empty() {
                return (id, Err("empty \"text\"".to_string()));
            }
            let article = Article {
                text: t.replace('\u{00A0}', " "),
                title: v.title.as_deref().map(str::to_string),
                url: v.url.as_deref().map(str::to_string),
                is_article: true,
                article_confidence: 1.0,
                input_kind: newsgraph_model::InputKind::Text,
                ..Article::default()
            };
            analyse_article(analyser, article, v.date.as_deref(), opts)
        }
        (None, None) => {
            return (
                id,
                Err("the object has neither \"text\" nor \"html\"".to_string()),
            )
        }
    };
    match done {
        Ok(done) => (
            id.clone(),
            Ok(Output {
                id,
                source: None,
                article: done.article,
                analysis: done.analysis,
            }),
        ),
        Err(e) => (id, Err(e.to_string())),
    }
}
