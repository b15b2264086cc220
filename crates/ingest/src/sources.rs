//! Sources: folders (recursive), HTML and text files (`.gz` too), JSON Lines, WARC and
//! WARC.gz, read as a stream of documents. Nothing larger than one document is held in
//! memory; a broken document or record is reported and the stream goes on.

use crate::warc::{parse_http, GzWarcReader, Record, RecordError, WarcReader};
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

/// Largest document or WARC record read; bigger ones are skipped and counted.
pub const MAX_DOC: u64 = 64 * 1024 * 1024;

/// One document to process.
#[derive(Debug, Clone)]
pub struct RawDoc {
    /// Where it came from: a path, or `path#record-number` inside an archive or batch.
    pub source: String,
    /// Its URL, when known.
    pub url: Option<String>,
    /// Publication or crawl date given alongside (JSON Lines `date`, WARC-Date).
    pub date: Option<String>,
    /// Charset from an HTTP header.
    pub charset: Option<String>,
    /// HTML (true), plain text (false), or decide from the bytes (None).
    pub html: Option<bool>,
    /// The bytes.
    pub bytes: Vec<u8>,
}

/// What the reader yields.
#[derive(Debug)]
pub enum Item {
    /// A document.
    Doc(RawDoc),
    /// A record deliberately left out (non-HTML, non-200), with the reason.
    Skipped(String, &'static str),
    /// Something broken, with its kind and message.
    Error(String, &'static str, String),
    /// Validators to remember for a fetched URL (for the next conditional GET).
    Validators(String, crate::fetch::Validators),
}

/// What reading sources needs besides the paths: the polite client for URL sources, the
/// validators remembered from earlier runs, and a counter of bytes read from disk.
pub struct ReadContext {
    /// The client.
    pub fetcher: crate::fetch::Fetcher,
    /// URL → (ETag, Last-Modified) from earlier runs.
    pub validators: std::collections::HashMap<String, crate::fetch::Validators>,
    /// Bytes read so far from source files as stored (compressed, for `.gz`), for progress.
    pub disk_bytes: std::sync::Arc<std::sync::atomic::AtomicU64>,
}

/// A reader that adds what it reads to a shared counter.
struct Counting<R> {
    inner: R,
    count: std::sync::Arc<std::sync::atomic::AtomicU64>,
}

impl<R: Read> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.count
            .fetch_add(n as u64, std::sync::atomic::Ordering::Relaxed);
        Ok(n)
    }
}

/// Reads every source, calling `emit` for each item, in a deterministic order. Sources
/// that are http(s) URLs are feeds, fetched with `fetch`.
pub fn read_all(paths: &[PathBuf], fetch: &mut ReadContext, emit: &mut dyn FnMut(Item)) {
    for p in paths {
        let as_str = p.to_string_lossy();
        if as_str.starts_with("http://") || as_str.starts_with("https://") {
            read_feed_url(&as_str, fetch, emit);
        } else if p.is_dir() {
            let mut files = Vec::new();
            let mut stack = vec![p.clone()];
            while let Some(d) = stack.pop() {
                match std::fs::read_dir(&d) {
                    Ok(entries) => {
                        for e in entries.flatten() {
                            let path = e.path();
                            let hidden = e.file_name().to_string_lossy().starts_with('.');
                            if hidden {
                                continue;
                            }
                            if path.is_dir() {
                                stack.push(path);
                            } else if ingestible(&path) {
                                files.push(path);
                            }
                        }
                    }
                    Err(e) => emit(Item::Error(d.display().to_string(), "io", e.to_string())),
                }
            }
            files.sort();
            for f in files {
                read_file(&f, &fetch.disk_bytes, emit);
            }
        } else {
            read_file(p, &fetch.disk_bytes, emit);
        }
    }
}

/// File names a folder walk takes: pages, texts, batches, archives, feeds (and their
/// gzip forms). Files named on the command line are always read.
pub fn ingestible(path: &Path) -> bool {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    let name = name.strip_suffix(".gz").unwrap_or(&name);
    [
        ".html", ".htm", ".xhtml", ".shtml", ".php", ".asp", ".aspx", ".txt", ".text", ".jsonl",
        ".ndjson", ".warc", ".arc", ".xml", ".rss", ".atom",
    ]
    .iter()
    .any(|e| name.ends_with(e))
}

/// An opened source file: a gzip-compressed WARC (read member by member), or any other
/// file as a stream of its (inflated) bytes.
enum Opened {
    GzWarc(BufReader<Counting<std::fs::File>>),
    Stream(Box<dyn BufRead>),
}

fn open(
    path: &Path,
    count: &std::sync::Arc<std::sync::atomic::AtomicU64>,
) -> std::io::Result<Opened> {
    let file = Counting {
        inner: std::fs::File::open(path)?,
        count: count.clone(),
    };
    let mut f = BufReader::with_capacity(1 << 16, file);
    let head = f.fill_buf()?;
    Ok(if !head.starts_with(&[0x1f, 0x8b]) {
        Opened::Stream(Box::new(f))
    } else if crate::warc::gz_holds_warc(head) {
        Opened::GzWarc(f)
    } else {
        Opened::Stream(Box::new(BufReader::with_capacity(
            1 << 16,
            flate2::read::MultiGzDecoder::new(f),
        )))
    })
}

/// Reads one file of any supported kind, adding the bytes read from disk to `count`.
pub fn read_file(
    path: &Path,
    count: &std::sync::Arc<std::sync::atomic::AtomicU64>,
    emit: &mut dyn FnMut(Item),
) {
    let name = path.display().to_string();
    let mut r = match open(path, count) {
        Ok(Opened::Stream(r)) => r,
        Ok(Opened::GzWarc(r)) => return read_warc(&name, GzWarcReader::new(r, MAX_DOC), emit),
        Err(e) => return emit(Item::Error(name, "io", e.to_string())),
    };
    let head = match r.fill_buf() {
        Ok(h) => h.to_vec(),
        Err(e) => return emit(Item::Error(name, "gzip", e.to_string())),
    };
    let lower = name.to_ascii_lowercase();
    if head.starts_with(b"WARC/") {
        read_warc(&name, WarcReader::new(r, MAX_DOC), emit);
    } else if lower.ends_with(".jsonl")
        || lower.ends_with(".jsonl.gz")
        || lower.ends_with(".ndjson")
        || lower.ends_with(".ndjson.gz")
    {
        read_jsonl(&name, r, emit);
    } else if is_feed(&head) {
        read_feed(&name, r, emit);
    } else {
        let mut bytes = Vec::new();
        match r.take(MAX_DOC + 1).read_to_end(&mut bytes) {
            Ok(_) if bytes.len() as u64 > MAX_DOC => emit(Item::Error(
                name,
                "too_large",
                format!("larger than {MAX_DOC} bytes"),
            )),
            Ok(_) => emit(Item::Doc(RawDoc {
                source: name,
                url: None,
                date: None,
                charset: None,
                html: None,
                bytes,
            })),
            Err(e) => emit(Item::Error(name, "io", e.to_string())),
        }
    }
}

fn is_feed(head: &[u8]) -> bool {
    let h = String::from_utf8_lossy(&head[..head.len().min(1024)]).to_ascii_lowercase();
    h.contains("<rss") || (h.contains("<feed") && h.contains("atom")) || h.contains("<rdf:rdf")
}

/// A feed by URL: fetched (conditionally), then each item's article, fetched politely
/// when the feed does not carry it.
fn read_feed_url(url: &str, fetch: &mut ReadContext, emit: &mut dyn FnMut(Item)) {
    use crate::fetch::Fetched;
    let known = fetch.validators.get(url).cloned();
    // Validators are emitted after what they cover, so a run killed half-way refetches
    // instead of skipping what it never stored.
    let (body, feed_validators) = match fetch.fetcher.get(url, known.as_ref()) {
        Ok(Fetched::Ok {
            body,
            etag,
            last_modified,
            ..
        }) => (
            body,
            crate::fetch::Validators {
                etag,
                last_modified,
            },
        ),
        Ok(Fetched::NotModified) => {
            return emit(Item::Skipped(
                url.to_string(),
                "feed not modified since the last run",
            ))
        }
        Ok(Fetched::Disallowed) => {
            return emit(Item::Skipped(url.to_string(), "disallowed by robots.txt"))
        }
        Ok(Fetched::Status(s) | Fetched::Later(s, _)) => {
            return emit(Item::Error(
                url.to_string(),
                "http",
                format!("HTTP status {s}"),
            ))
        }
        Err(e) => return emit(Item::Error(url.to_string(), "fetch", e)),
    };
    let items = match crate::feeds::parse(&body) {
        Ok(items) => items,
        Err(e) => return emit(Item::Error(url.to_string(), "bad_feed", e.to_string())),
    };
    for (n, it) in items.into_iter().enumerate() {
        let source = format!("{url}#{}", n + 1);
        let it = match item_doc(source.clone(), it) {
            Ok(doc) => {
                emit(Item::Doc(doc));
                continue;
            }
            Err(it) => it,
        };
        let Some(link) = it.link else {
            emit(Item::Skipped(source, "feed item without a link"));
            continue;
        };
        let known = fetch.validators.get(&link).cloned();
        match fetch.fetcher.get(&link, known.as_ref()) {
            Ok(Fetched::Ok {
                body,
                content_type,
                etag,
                last_modified,
            }) => {
                let charset = content_type.as_deref().and_then(|ct| {
                    ct.split(';').find_map(|p| {
                        p.trim()
                            .strip_prefix("charset=")
                            .map(|c| c.trim_matches('"').to_string())
                    })
                });
                emit(Item::Doc(RawDoc {
                    source: link.clone(),
                    url: Some(link.clone()),
                    date: it.published,
                    charset,
                    html: Some(true),
                    bytes: body,
                }));
                emit(Item::Validators(
                    link,
                    crate::fetch::Validators {
                        etag,
                        last_modified,
                    },
                ));
            }
            Ok(Fetched::NotModified) => {
                emit(Item::Skipped(link, "page not modified since the last run"))
            }
            Ok(Fetched::Disallowed) => emit(Item::Skipped(link, "disallowed by robots.txt")),
            Ok(Fetched::Status(s) | Fetched::Later(s, _)) => {
                emit(Item::Error(link, "http", format!("HTTP status {s}")))
            }
            Err(e) => emit(Item::Error(link, "fetch", e)),
        }
    }
    emit(Item::Validators(url.to_string(), feed_validators));
}

fn read_feed(name: &str, r: Box<dyn BufRead>, emit: &mut dyn FnMut(Item)) {
    let mut bytes = Vec::new();
    if let Err(e) = r.take(MAX_DOC + 1).read_to_end(&mut bytes) {
        return emit(Item::Error(name.to_string(), "io", e.to_string()));
    }
    let items = match crate::feeds::parse(&bytes) {
        Ok(items) => items,
        Err(e) => return emit(Item::Error(name.to_string(), "bad_feed", e.to_string())),
    };
    for (n, it) in items.into_iter().enumerate() {
        let source = format!("{name}#{}", n + 1);
        match item_doc(source.clone(), it) {
            Ok(doc) => emit(Item::Doc(doc)),
            Err(_) => emit(Item::Skipped(
                source,
                "feed item without its article (links are not fetched)",
            )),
        }
    }
}

/// The document a feed item carries in full, or the item back when it only links to it.
fn item_doc(source: String, it: crate::feeds::FeedItem) -> Result<RawDoc, crate::feeds::FeedItem> {
    match it.html {
        Some(html) => Ok(RawDoc {
            source,
            url: it.link,
            date: it.published,
            charset: Some("utf-8".into()),
            html: Some(true),
            bytes: html.into_bytes(),
        }),
        None => Err(it),
    }
}

fn read_warc(
    name: &str,
    records: impl Iterator<Item = Result<Record, RecordError>>,
    emit: &mut dyn FnMut(Item),
) {
    for (n, rec) in records.enumerate() {
        let source = format!("{name}#{}", n + 1);
        let rec = match rec {
            Ok(rec) => rec,
            Err(e) => {
                let kind = match e {
                    RecordError::TooLarge(..) => "too_large",
                    RecordError::Truncated => "truncated",
                    RecordError::LengthMismatch => "bad_length",
                    RecordError::BadHeader(_) => "bad_header",
                    RecordError::Io(_) => "io",
                };
                emit(Item::Error(source, kind, e.to_string()));
                continue;
            }
        };
        if !rec
            .header("WARC-Type")
            .is_some_and(|t| t.eq_ignore_ascii_case("response"))
        {
            emit(Item::Skipped(source, "not a response record"));
            continue;
        }
        let http = match parse_http(&rec.block, MAX_DOC) {
            Ok(h) => h,
            Err(e) => {
                emit(Item::Error(source, "bad_http", e));
                continue;
            }
        };
        if http.status != 200 {
            emit(Item::Skipped(source, "HTTP status not 200"));
            continue;
        }
        let ct = http
            .content_type
            .clone()
            .unwrap_or_default()
            .to_ascii_lowercase();
        if !(ct.is_empty() || ct.contains("html") || ct.contains("text/plain")) {
            emit(Item::Skipped(source, "not HTML"));
            continue;
        }
        let charset = ct.split(';').find_map(|p| {
            p.trim()
                .strip_prefix("charset=")
                .map(|c| c.trim_matches('"').to_string())
        });
        emit(Item::Doc(RawDoc {
            source,
            url: rec.header("WARC-Target-URI").map(str::to_string),
            date: rec.header("WARC-Date").map(str::to_string),
            charset,
            html: Some(!ct.contains("text/plain")),
            bytes: http.body,
        }));
    }
}

/// One JSON Lines input record.
#[derive(serde::Deserialize)]
struct Line {
    url: Option<String>,
    html: Option<String>,
    text: Option<String>,
    date: Option<String>,
}

fn read_jsonl(name: &str, mut r: Box<dyn BufRead>, emit: &mut dyn FnMut(Item)) {
    let mut line = Vec::new();
    let mut n = 0usize;
    loop {
        line.clear();
        match (&mut r).take(MAX_DOC + 1).read_until(b'\n', &mut line) {
            Ok(0) => break,
            Ok(_) => {}
            Err(e) => {
                emit(Item::Error(
                    format!("{name}#{}", n + 1),
                    "io",
                    e.to_string(),
                ));
                break;
            }
        }
        n += 1;
        let source = format!("{name}#{n}");
        if line.len() as u64 > MAX_DOC {
            emit(Item::Error(
                source,
                "too_large",
                format!("line longer than {MAX_DOC} bytes"),
            ));
            // Skip the rest of this line.
            let _ = r.read_until(b'\n', &mut Vec::new());
            continue;
        }
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        match serde_json::from_slice::<Line>(&line) {
            Ok(l) => {
                let (bytes, html) = match (l.html, l.text) {
                    (Some(h), _) => (h.into_bytes(), true),
                    (None, Some(t)) => (t.into_bytes(), false),
                    _ => {
                        emit(Item::Error(
                            source,
                            "bad_json",
                            "neither \"html\" nor \"text\"".into(),
                        ));
                        continue;
                    }
                };
                emit(Item::Doc(RawDoc {
                    source,
                    url: l.url,
                    date: l.date,
                    charset: Some("utf-8".into()),
                    html: Some(html),
                    bytes,
                }));
            }
            Err(e) => emit(Item::Error(source, "bad_json", e.to_string())),
        }
    }
}
