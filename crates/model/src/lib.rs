//! The data model shared by every newsgraph stage.
//!
//! Stages are pure functions over these types: `extract` turns bytes into an
//! [`Article`]; later stages add entities, quotes and events to it.

use serde::{Deserialize, Serialize};

/// A clean news article with its metadata, as produced by the extraction stage.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Article {
    /// URL the document was fetched from, when known.
    pub url: Option<String>,
    /// Canonical URL declared by the page (`<link rel=canonical>`, `og:url`, JSON-LD).
    pub canonical_url: Option<String>,
    /// Headline.
    pub title: Option<String>,
    /// Author names, in page order, without "By" and without duplicates.
    pub authors: Vec<String>,
    /// First publication time.
    pub published: Option<DateField>,
    /// Last modification time.
    pub modified: Option<DateField>,
    /// ISO 639-1 language code detected from the body text (falls back to the declared one).
    pub language: Option<String>,
    /// Language declared by the page (`<html lang>`, `og:locale`, `inLanguage`).
    pub declared_language: Option<String>,
    /// Name of the publishing site.
    pub site_name: Option<String>,
    /// Short summary given by the page.
    pub description: Option<String>,
    /// Lead image URL.
    pub image: Option<String>,
    /// Section of the site the article belongs to.
    pub section: Option<String>,
    /// Keywords and tags.
    pub tags: Vec<String>,
    /// The body as ordered blocks.
    pub blocks: Vec<Block>,
    /// The body as plain text, blocks separated by blank lines.
    pub text: String,
    /// Whether the document is a single article (not a home page, listing or video page).
    pub is_article: bool,
    /// Confidence in `is_article`, between 0 and 1.
    pub article_confidence: f32,
    /// Character encoding the bytes were decoded with.
    pub encoding: Option<String>,
    /// What the input was recognised as.
    pub input_kind: InputKind,
    /// Non-fatal problems met while extracting (bad charset, truncated markup …).
    pub warnings: Vec<String>,
}

/// Kind of input the article came from.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum InputKind {
    /// An HTML page.
    #[default]
    Html,
    /// Plain text that someone already scraped.
    Text,
}

/// A date with the place in the document it was read from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DateField {
    /// ISO 8601: a date (`2024-03-05`) or a date-time with offset (`2024-03-05T10:00:00+01:00`).
    pub value: String,
    /// Where the value came from.
    pub source: DateSource,
    /// The string as written in the page.
    pub raw: String,
}

/// Where a date was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DateSource {
    /// schema.org JSON-LD (`datePublished`, `dateModified`).
    JsonLd,
    /// OpenGraph / `<meta>` tags (`article:published_time`, `date`, …).
    Meta,
    /// An HTML `<time datetime>` element.
    TimeElement,
    /// A date in the URL path (`/2024/03/05/`).
    Url,
    /// A date written in the byline or dateline text.
    Text,
}

/// One block of article body text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Block {
    /// What kind of block it is.
    pub kind: BlockKind,
    /// Its text, whitespace normalised.
    pub text: String,
}

/// Kind of a body block.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BlockKind {
    /// A sub-heading inside the body.
    Heading,
    /// A paragraph.
    Paragraph,
    /// An item of a list.
    ListItem,
    /// A block quotation.
    Quote,
    /// Preformatted text.
    Code,
    /// A table row, cells separated by " | ".
    TableRow,
}

impl Article {
    /// Rebuilds `text` from `blocks` (blocks joined by blank lines).
    pub fn text_from_blocks(blocks: &[Block]) -> String {
        let mut out = String::new();
        for b in blocks {
            if !out.is_empty() {
                out.push_str("\n\n");
            }
            out.push_str(&b.text);
        }
        out
    }
}
