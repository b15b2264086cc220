//! One document from bytes to analysis: extract, pick the date, analyse. The one path that
//! `newsgraph analyse`, the ingest pipeline and the server's `POST /api/analyse` share,
//! so a document gives the same result whichever way it comes in.
//!
//! The date analysis works with (for leaders' terms and relative dates such as "on
//! Tuesday") is, in this order: the date the page itself gives, else the date its
//! transport gives (a JSON Lines `date`, a WARC record's date, a feed item's date), else
//! the default the user gave (`--date`, `?date=`).

use newsgraph_analyse::{Analyser, TimeUp};
use newsgraph_extract::{extract_with, InputHint, Options};
use newsgraph_model::{Analysis, Article};
use std::time::Instant;

/// A document to process: its bytes and what its transport says about them.
#[derive(Debug, Clone, Copy)]
pub struct Document<'a> {
    /// The bytes as received (HTML or text, any charset).
    pub bytes: &'a [u8],
    /// Where it was found.
    pub url: Option<&'a str>,
    /// Charset declared by the transport (an HTTP header).
    pub charset: Option<&'a str>,
    /// HTML, text, or decided from the bytes.
    pub input: InputHint,
    /// Date given by the transport.
    pub transport_date: Option<&'a str>,
}

/// How to process documents.
#[derive(Debug, Clone, Copy, Default)]
pub struct ProcessOptions<'a> {
    /// Date for a document when neither it nor its transport gives one.
    pub default_date: Option<&'a str>,
    /// Give up analysing once this moment has passed.
    pub deadline: Option<Instant>,
}

/// An extracted and analysed document (serialised as `POST /api/analyse` answers:
/// `{"article", "analysis"}`).
#[derive(Debug, Clone, serde::Serialize)]
pub struct Analysed {
    /// The article.
    pub article: Article,
    /// Its analysis.
    pub analysis: Analysis,
    /// The date the analysis used.
    #[serde(skip)]
    pub date: Option<String>,
}

/// Why a document gave no analysis.
#[derive(Debug, thiserror::Error)]
pub enum ProcessError {
    /// Nothing to extract (empty or binary input).
    #[error(transparent)]
    Extract(#[from] newsgraph_extract::Error),
    /// The analysis ran past the deadline.
    #[error(transparent)]
    TooSlow(#[from] TimeUp),
}

/// The date analysis uses: the page's own, else the transport's, else the default.
pub fn document_date(
    article: &Article,
    transport: Option<&str>,
    default: Option<&str>,
) -> Option<String> {
    article
        .published
        .as_ref()
        .map(|d| d.value.clone())
        .or_else(|| transport.map(str::to_string))
        .or_else(|| default.map(str::to_string))
}

/// Extracts, dates and analyses one document.
pub fn process(
    analyser: &Analyser,
    doc: &Document,
    opts: &ProcessOptions,
) -> Result<Analysed, ProcessError> {
    let article = extract_with(
        doc.bytes,
        &Options {
            url: doc.url,
            charset: doc.charset,
            input: doc.input,
        },
    )?;
    analyse_article(analyser, article, doc.transport_date, opts)
}

/// Dates and analyses an article already extracted (or given as clean text).
pub fn analyse_article(
    analyser: &Analyser,
    article: Article,
    transport_date: Option<&str>,
    opts: &ProcessOptions,
) -> Result<Analysed, ProcessError> {
    let date = document_date(&article, transport_date, opts.default_date);
    let analysis = analyser.analyse_until(&article.text, date.as_deref(), opts.deadline)?;
    Ok(Analysed {
        article,
        analysis,
        date,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const DATED_PAGE: &str = "<html><head><title>Talks</title>\
        <meta property=\"article:published_time\" content=\"2021-03-04T10:00:00Z\"></head>\
        <body><article><h1>Talks resume</h1><p>Delegations from both sides met in Geneva \
        on Tuesday and agreed to meet again next week, officials said after the talks.</p>\
        <p>The mediators called the meeting useful and said a ceasefire was within reach if \
        both sides kept their word.</p></article></body></html>";

    fn doc<'a>(bytes: &'a [u8], transport_date: Option<&'a str>) -> Document<'a> {
        Document {
            bytes,
            url: None,
            charset: None,
            input: InputHint::Auto,
            transport_date,
        }
    }

    #[test]
    fn the_page_date_comes_first_then_the_transport_then_the_default() {
        let an = Analyser::new();
        let opts = ProcessOptions {
            default_date: Some("2000-01-01"),
            deadline: None,
        };
        let dated = process(&an, &doc(DATED_PAGE.as_bytes(), Some("2022-02-02")), &opts)
            .expect("processed");
        assert_eq!(dated.date.as_deref().map(|d| &d[..10]), Some("2021-03-04"));
        let text = "Delegations met in Geneva on Tuesday and agreed to meet again next week.";
        let by_transport =
            process(&an, &doc(text.as_bytes(), Some("2022-02-02")), &opts).expect("processed");
        assert_eq!(by_transport.date.as_deref(), Some("2022-02-02"));
        let by_default = process(&an, &doc(text.as_bytes(), None), &opts).expect("processed");
        assert_eq!(by_default.date.as_deref(), Some("2000-01-01"));
        let none = process(&an, &doc(text.as_bytes(), None), &ProcessOptions::default())
            .expect("processed");
        assert_eq!(none.date, None);
    }

    #[test]
    fn empty_input_and_a_spent_deadline_are_errors() {
        let an = Analyser::new();
        let empty = process(&an, &doc(b"  \n ", None), &ProcessOptions::default());
        assert!(matches!(empty, Err(ProcessError::Extract(_))));
        let late = process(
            &an,
            &doc(b"Rebels attacked a convoy near the border.", None),
            &ProcessOptions {
                default_date: None,
                deadline: Some(Instant::now()),
            },
        );
        assert!(matches!(late, Err(ProcessError::TooSlow(_))));
    }
}
