//! `newsgraph extract`: pages in, clean articles out.

use crate::input;
use anyhow::Result;
use clap::ValueEnum;
use newsgraph_extract::{extract_with, InputHint, Options};
use newsgraph_model::{Article, BlockKind};
use serde::Serialize;
use std::io::Write;
use std::path::PathBuf;

/// Output format of `extract`.
#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum Format {
    /// One pretty-printed JSON object per document.
    Json,
    /// One compact JSON object per line.
    Jsonl,
    /// Headline and body as plain text.
    Text,
    /// Headline and body as Markdown.
    Markdown,
}

/// What the input is.
#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum Input {
    /// Detect HTML or plain text from the bytes.
    Auto,
    /// HTML pages.
    Html,
    /// Plain text someone already scraped.
    Text,
    /// JSON Lines: one {"id", "url", "html" | "text"} object a line.
    Jsonl,
}

/// Arguments of `newsgraph extract`.
#[derive(clap::Args)]
pub struct Args {
    /// Files or folders to read (`.gz` files are inflated); `-` or nothing reads stdin.
    paths: Vec<PathBuf>,
    /// URL of the page (single document), used for dates in the path and charset hints.
    #[arg(long)]
    url: Option<String>,
    /// Charset to decode with, as an HTTP Content-Type header would give it.
    #[arg(long)]
    charset: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value = "json")]
    format: Format,
    /// Input kind.
    #[arg(long, value_enum, default_value = "auto")]
    input: Input,
}

#[derive(Serialize)]
struct Output<A> {
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<serde_json::Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    source: Option<String>,
    #[serde(flatten)]
    article: A,
}

/// Runs the command; returns the process exit code.
pub fn run(args: Args) -> Result<i32> {
    let hint = match args.input {
        Input::Html => InputHint::Html,
        Input::Text => InputHint::Text,
        _ => InputHint::Auto,
    };
    let paths = if args.paths.is_empty() {
        vec![PathBuf::from("-")]
    } else {
        args.paths.clone()
    };
    if args.input == Input::Jsonl {
        return run_jsonl(&paths, &args, hint);
    }
    let files = input::expand(&paths)?;
    if args.url.is_some() && files.len() > 1 {
        anyhow::bail!(
            "--url names one page, but {} documents were given",
            files.len()
        );
    }
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let mut failed = 0usize;
    for f in &files {
        let res = input::read_doc(f).and_then(|bytes| {
            let opts = Options {
                url: args.url.as_deref(),
                charset: args.charset.as_deref(),
                input: hint,
            };
            extract_with(&bytes, &opts).map_err(|e| anyhow::anyhow!("{}: {e}", f.display()))
        });
        match res {
            Ok(a) => {
                let source =
                    (files.len() > 1 || f.as_os_str() != "-").then(|| f.display().to_string());
                write_article(&mut out, args.format, None, source, &a)?;
            }
            Err(e) => {
                failed += 1;
                eprintln!("newsgraph: {e:#}");
            }
        }
    }
    out.flush()?;
    if files.len() > 1 {
        eprintln!(
            "newsgraph: {} documents, {} extracted, {} failed",
            files.len(),
            files.len() - failed,
            failed
        );
    }
    Ok(if failed > 0 { 1 } else { 0 })
}

fn write_article(
    out: &mut impl Write,
    format: Format,
    id: Option<&serde_json::Value>,
    source: Option<String>,
    a: &Article,
) -> Result<()> {
    match format {
        Format::Json | Format::Jsonl => {
            let o = Output {
                id: id.cloned(),
                source,
                article: a,
            };
            if format == Format::Json {
                serde_json::to_writer_pretty(&mut *out, &o)?;
            } else {
                serde_json::to_writer(&mut *out, &o)?;
            }
            writeln!(out)?;
        }
        Format::Text => {
            if let Some(t) = &a.title {
                writeln!(out, "{t}\n")?;
            }
            writeln!(out, "{}\n", a.text)?;
        }
        Format::Markdown => {
            if let Some(t) = &a.title {
                writeln!(out, "# {t}\n")?;
            }
            for b in &a.blocks {
                match b.kind {
                    BlockKind::Heading => writeln!(out, "## {}\n", b.text)?,
                    BlockKind::ListItem => writeln!(out, "- {}\n", b.text)?,
                    BlockKind::Quote => writeln!(out, "> {}\n", b.text)?,
                    BlockKind::Code => writeln!(out, "```\n{}\n```\n", b.text)?,
                    BlockKind::TableRow => writeln!(out, "| {} |\n", b.text)?,
                    BlockKind::Paragraph => writeln!(out, "{}\n", b.text)?,
                }
            }
        }
    }
    Ok(())
}

/// JSON Lines in, one line out per line in, flushed at once (for long-running batch use).
fn run_jsonl(paths: &[PathBuf], args: &Args, hint: InputHint) -> Result<i32> {
    crate::batch::run(paths, "extracted", |line| {
        let (id, result) = handle_line(line, args, hint);
        let out = result.map(|article| Output {
            id: id.clone(),
            source: None,
            article,
        });
        (id, out)
    })
}

/// One input line of `--input jsonl`; unknown fields are ignored.
#[derive(serde::Deserialize)]
struct Line<'a> {
    id: Option<serde_json::Value>,
    #[serde(borrow)]
    url: Option<std::borrow::Cow<'a, str>>,
    #[serde(borrow)]
    html: Option<std::borrow::Cow<'a, str>>,
    #[serde(borrow)]
    text: Option<std::borrow::Cow<'a, str>>,
}

fn handle_line(
    line: &[u8],
    args: &Args,
    hint: InputHint,
) -> (Option<serde_json::Value>, Result<Article, String>) {
    let v: Line = match serde_json::from_slice(line) {
        Ok(v) => v,
        Err(e) => return (None, Err(format!("not JSON: {e}"))),
    };
    let id = v.id;
    let url = v.url.as_deref().filter(|u| !u.is_empty());
    let (body, hint) = match (v.html.as_deref(), v.text.as_deref()) {
        (Some(h), _) => (
            h,
            if hint == InputHint::Auto {
                InputHint::Html
            } else {
                hint
            },
        ),
        (None, Some(t)) => (
            t,
            if hint == InputHint::Auto {
                InputHint::Text
            } else {
                hint
            },
        ),
        _ => {
            return (
                id,
                Err("the object has neither \"html\" nor \"text\"".to_string()),
            )
        }
    };
    let opts = Options {
        url: url.or(args.url.as_deref()),
        charset: Some("utf-8"),
        input: hint,
    };
    (
        id,
        extract_with(body.as_bytes(), &opts).map_err(|e| e.to_string()),
    )
}
