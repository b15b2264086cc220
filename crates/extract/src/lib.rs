//! Article extraction: a news page (HTML) or scraped plain text in, an [`Article`] out.
//!
//! No I/O happens here: callers hand over bytes and get data back.
//!
//! ```
//! let html = b"<html><head><title>Talks end</title></head><body><article>\
//!   <p>The minister said on Tuesday that the talks, which lasted six hours, had \
//!   produced an agreement on the main points of the plan.</p></article></body></html>";
//! let article = newsgraph_extract::extract(html, Some("https://example.com/a")).unwrap();
//! assert!(article.text.starts_with("The minister said"));
//! ```

pub mod charset;
mod content;
pub mod dates;
pub mod dom;
mod lang;
mod meta;
mod prestrip;
mod text;

pub use content::normalize_for_match;
use newsgraph_model::{Article, DateField, DateSource, InputKind};

/// How to read the input bytes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum InputHint {
    /// Decide from the bytes whether they are HTML or plain text.
    #[default]
    Auto,
    /// Treat the input as HTML.
    Html,
    /// Treat the input as plain text already scraped from a page.
    Text,
}

/// Options for [`extract_with`].
#[derive(Debug, Clone, Default)]
pub struct Options<'a> {
    /// URL of the page, used for dates in the path, charset hints and the output.
    pub url: Option<&'a str>,
    /// Charset from the transport (an HTTP `Content-Type` header), trusted over `<meta>`.
    pub charset: Option<&'a str>,
    /// HTML, text, or detect.
    pub input: InputHint,
}

/// Why a document could not be extracted at all.
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum Error {
    /// The input holds nothing but whitespace.
    #[error("empty input: the document holds no text")]
    Empty,
    /// The input is not text (an image, an archive, random bytes …).
    #[error("binary input: {0:.0}% of the first bytes are control or NUL bytes; this is not HTML or text (is it compressed? pass .gz files by name)")]
    Binary(f32),
}

/// Extracts the article from `bytes` (HTML or plain text, any charset).
pub fn extract(bytes: &[u8], url: Option<&str>) -> Result<Article, Error> {
    extract_with(
        bytes,
        &Options {
            url,
            ..Options::default()
        },
    )
}

/// Extracts the article from `bytes` with explicit options.
pub fn extract_with(bytes: &[u8], opts: &Options) -> Result<Article, Error> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(Error::Empty);
    }
    if let Some(share) = binary_share(bytes) {
        return Err(Error::Binary(share * 100.0));
    }
    let is_html = match opts.input {
        InputHint::Html => true,
        InputHint::Text => false,
        InputHint::Auto => looks_like_html(bytes),
    };
    let decoded = charset::decode(bytes, opts.charset, is_html, opts.url);
    let mut article = if is_html {
        from_html(&decoded.text, opts.url)
    } else {
        from_text(&decoded.text)
    };
    article.url = opts.url.map(str::to_string);
    article.encoding = Some(decoded.encoding.to_string());
    let mut warnings = decoded.warnings;
    warnings.append(&mut article.warnings);
    article.warnings = warnings;
    if article.published.is_none() {
        if let Some(v) = opts.url.and_then(dates::from_url) {
            article.published = Some(DateField {
                value: v,
                source: DateSource::Url,
                raw: opts.url.unwrap_or_default().to_string(),
            });
        }
    }
    Ok(article)
}

/// Share of control bytes in the first 4 KB when it marks the input as binary.
fn binary_share(bytes: &[u8]) -> Option<f32> {
    let head = &bytes[..bytes.len().min(4096)];
    // UTF-16 text has NULs but starts with a BOM.
    if head.starts_with(&[0xFF, 0xFE]) || head.starts_with(&[0xFE, 0xFF]) {
        return None;
    }
    let ctrl = head
        .iter()
        .filter(|&&b| b == 0 || (b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0c | 0x1b)))
        .count();
    let share = ctrl as f32 / head.len() as f32;
    let has_nul = head.contains(&0);
    (share > 0.1 || (has_nul && share > 0.01)).then_some(share)
}

/// Whether the bytes read as markup rather than plain text.
fn looks_like_html(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(8192)];
    let lower: Vec<u8> = head.iter().map(u8::to_ascii_lowercase).collect();
    let trimmed = lower.trim_ascii_start();
    if trimmed.starts_with(b"<!doctype")
        || trimmed.starts_with(b"<html")
        || trimmed.starts_with(b"<?xml")
    {
        return true;
    }
    const TAGS: [&[u8]; 8] = [
        b"<p>", b"<p ", b"<div", b"<body", b"<head", b"<br", b"<span", b"<meta",
    ];
    let hits: usize = TAGS
        .iter()
        .map(|t| memchr::memmem::find_iter(&lower, t).count())
        .sum();
    hits >= 2 || (trimmed.starts_with(b"<") && hits >= 1)
}

fn from_html(html: &str, url: Option<&str>) -> Article {
    let stripped = prestrip::strip(html);
    let dom = dom::Dom::parse(&stripped.html);
    let meta = meta::read(&dom, &stripped.json_ld, url);
    let mut warnings = Vec::new();
    if stripped.truncated {
        warnings.push("markup ends inside an unclosed script, style or comment".to_string());
    }
    if stripped.flattened {
        warnings.push(format!(
            "elements nested deeper than {} levels were flattened",
            prestrip::MAX_DEPTH
        ));
    }
    let title = clean_title(
        meta.title.as_deref(),
        meta.site_name.as_deref(),
        meta.h1.as_deref(),
    );
    let body = content::find_body(
        &dom,
        meta.article_body.as_deref(),
        title.as_deref().or(meta.h1.as_deref()),
    );
    let text = Article::text_from_blocks(&body.blocks);
    let (is_article, confidence) = judge_article(&meta, &body, url);
    let detected = lang::detect(&text);
    let language = match &detected {
        Some((code, _)) => Some(code.clone()),
        None => meta.language.clone(),
    };
    Article {
        url: None,
        canonical_url: meta.canonical_url,
        title,
        authors: meta.authors,
        published: meta.published,
        modified: meta.modified,
        language,
        declared_language: meta.language,
        site_name: meta.site_name,
        description: meta.description,
        image: meta.image,
        section: meta.section,
        tags: meta.tags,
        blocks: body.blocks,
        text,
        is_article,
        article_confidence: confidence,
        encoding: None,
        input_kind: InputKind::Html,
        warnings,
    }
}

fn from_text(text: &str) -> Article {
    let c = text::clean(text);
    let body = Article::text_from_blocks(&c.blocks);
    let prose: usize = c
        .blocks
        .iter()
        .filter(|b| b.text.chars().count() >= 80)
        .map(|b| b.text.chars().count())
        .sum();
    let confidence = (prose as f32 / 1500.0).clamp(0.05, 0.95);
    Article {
        title: c.title,
        language: lang::detect(&body).map(|(c, _)| c),
        published: c.date.map(|d| DateField {
            value: d.clone(),
            source: DateSource::Text,
            raw: d,
        }),
        blocks: c.blocks,
        text: body,
        is_article: confidence >= 0.3,
        article_confidence: confidence,
        input_kind: InputKind::Text,
        warnings: c
            .dropped
            .into_iter()
            .map(|d| format!("dropped {d}"))
            .collect(),
        ..Article::default()
    }
}

/// Removes a trailing " | Site" or " - Site" from a headline.
fn clean_title(title: Option<&str>, site: Option<&str>, h1: Option<&str>) -> Option<String> {
    let t = title?.trim();
    if let Some(h) = h1 {
        if !h.is_empty() && t.starts_with(h) && t.len() > h.len() {
            return Some(h.to_string());
        }
    }
    if let Some(site) = site.filter(|s| !s.is_empty()) {
        for sep in [" | ", " - ", " – ", " — ", " :: ", " · "] {
            if let Some(head) = t.strip_suffix(site).and_then(|h| h.strip_suffix(sep)) {
                return Some(head.trim().to_string());
            }
        }
    }
    Some(t.to_string())
}

/// Whether the page is one article, and how sure we are.
fn judge_article(meta: &meta::Meta, body: &content::Body, url: Option<&str>) -> (bool, f32) {
    let mut score = 0.0f32;
    if meta.declared_article {
        score += 1.5;
    }
    if meta.declared_other && !meta.declared_article {
        score -= 1.5;
    }
    score += match body.prose_chars {
        0..=199 => -3.0,
        200..=399 => -1.0,
        400..=699 => 0.0,
        700..=1499 => 1.0,
        _ => 2.0,
    };
    score += match body.prose_paragraphs {
        0 => -1.0,
        1 => -0.5,
        2 | 3 => 0.0,
        _ => 1.0,
    };
    if body.page_link_share > 0.6 && body.prose_chars < 1500 {
        score -= 1.0;
    }
    if body.guided {
        score += 0.5;
    }
    if let Some(u) = url {
        score += url_shape(u);
    }
    let conf = 1.0 / (1.0 + (-score).exp());
    (conf >= 0.5, (conf * 100.0).round() / 100.0)
}

/// What the URL's path says: a site root or a section (`/`, `/world/`, `/tag/x`) is
/// no article; a slug or a long numeric id usually is.
fn url_shape(url: &str) -> f32 {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let path = rest.split_once('/').map_or("", |(_, p)| p);
    let path = path.split(['?', '#']).next().unwrap_or("");
    let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    let Some(last) = segments.last() else {
        return -2.0;
    };
    let lower = path.to_ascii_lowercase();
    if [
        "tag/",
        "tags/",
        "category/",
        "categories/",
        "topic/",
        "topics/",
        "author/",
        "search",
        "section/",
    ]
    .iter()
    .any(|p| lower.starts_with(p) || lower.contains(&format!("/{p}")))
    {
        return -1.5;
    }
    let stem = last.rsplit_once('.').map_or(*last, |(s, _)| s);
    let words = stem.split(['-', '_']).filter(|w| !w.is_empty()).count();
    let long_id = stem
        .split(|c: char| !c.is_ascii_digit())
        .any(|d| d.len() >= 5);
    if words >= 3 || long_id {
        0.5
    } else if segments.len() == 1 && stem.len() <= 20 && !stem.bytes().any(|b| b.is_ascii_digit()) {
        -1.0
    } else {
        0.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn url_shapes() {
        assert!(url_shape("https://x.example/") < -1.0);
        assert!(url_shape("https://x.example/world/") < 0.0);
        assert!(url_shape("https://x.example/tag/syria") < 0.0);
        assert!(url_shape("https://x.example/2019/11/18/talks-end-in-deal/") > 0.0);
        assert!(url_shape("https://x.example/a/30279001.html") > 0.0);
    }

    #[test]
    fn empty_and_binary_inputs_are_errors() {
        assert_eq!(extract(b"", None), Err(Error::Empty));
        assert_eq!(extract(b"  \n\t ", None), Err(Error::Empty));
        let junk: Vec<u8> = (0..4096u32).map(|i| (i * 7919 % 251) as u8).collect();
        assert!(matches!(extract(&junk, None), Err(Error::Binary(_))));
        let gz = [0x1f, 0x8b, 0x08, 0x00, 0, 0, 0, 0, 0, 3, 1, 2, 3, 0, 0, 0];
        assert!(matches!(extract(&gz, None), Err(Error::Binary(_))));
    }

    #[test]
    fn html_and_text_are_told_apart() {
        assert!(looks_like_html(b"<!DOCTYPE html><html>"));
        assert!(looks_like_html(b"<div><p>x</p></div>"));
        assert!(!looks_like_html(b"Plain text with a < sign and x<y."));
    }

    #[test]
    fn page_without_article() {
        let html = "<html><body><nav>".to_string()
            + &(0..40)
                .map(|i| format!("<a href=/s{i}>Story number {i} headline</a>"))
                .collect::<String>()
            + "</nav></body></html>";
        let a = extract(html.as_bytes(), Some("https://news.example/")).unwrap();
        assert!(!a.is_article);
    }

    #[test]
    fn truncated_markup_is_best_effort() {
        let a = extract(b"<html><head><title>Cut off", None).unwrap();
        assert!(!a.is_article);
        let a = extract(
            b"<html><body><p class=\"unterminated attr>text text</p>",
            None,
        )
        .unwrap();
        assert!(!a.is_article);
    }
}
