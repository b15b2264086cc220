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

/// A byte range `[start, end)` into an article's `text`.
pub type Span = [usize; 2];

/// What an article says: its sentences, entities, quotes and events.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Analysis {
    /// Sentences as spans into the article text.
    pub sentences: Vec<Span>,
    /// People, organisations, countries, places and equipment named in the text.
    pub entities: Vec<Entity>,
    /// Direct and reported speech.
    pub quotes: Vec<Quote>,
    /// Events coded in CAMEO, with PLOVER alongside.
    pub events: Vec<Event>,
    /// What the page is about when that is plainly not public affairs ("sports",
    /// "games", "products"): such a page yields no conflict events.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub topic: Option<String>,
}

/// Kind of a named entity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EntityKind {
    /// A person.
    Person,
    /// An organisation: a government body, an IGO, an NGO, an armed group, a company, a medium.
    Organisation,
    /// A country.
    Country,
    /// A place: a city, a region, a landmark.
    Place,
    /// Military or technical equipment (S-400, Sukhoi, F-35).
    Equipment,
    /// A speaker named only by a description ("a spokeswoman for the ministry", "the
    /// report"), linked through `affiliation` to the organisation or country named in it.
    Description,
    /// A name the analyser cannot place in a kind: neither the dictionaries, the
    /// gazetteer nor its context say what it names ("Twitter", "Oct" in a list).
    Unknown,
}

/// A named entity with every mention of it merged.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entity {
    /// Id, unique within the article ("e1", "e2" …).
    pub id: String,
    /// Canonical name (the longest form used, or the dictionary's).
    pub name: String,
    /// Kind of entity.
    #[serde(rename = "type")]
    pub kind: EntityKind,
    /// Every mention by name, as spans into the text.
    pub mentions: Vec<Span>,
    /// Words that refer to the entity without naming it: pronouns and descriptions
    /// resolved to it ("she" in "she added"), each with its kind.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub references: Vec<Mention>,
    /// Title or function ("president", "correspondent"); for equipment, its class ("missile").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    /// Country the entity belongs to (ISO 3166 alpha-3).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    /// Organisation a person works for or speaks for.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub affiliation: Option<String>,
    /// CAMEO actor code for political actors (TURGOV, SYRMIL, IGOWSTNAT …).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub actor: Option<String>,
    /// Where a place is, from the gazetteer.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub geo: Option<Geo>,
}

/// A gazetteer match for a place.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Geo {
    /// GeoNames id, when known (divisions and counties placed from town lists have none).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub geonames_id: Option<u64>,
    /// Latitude in degrees.
    pub lat: f64,
    /// Longitude in degrees.
    pub lon: f64,
    /// Country (ISO 3166 alpha-3); empty for a continent.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub country: String,
    /// First-level administrative division, by name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub admin1: Option<String>,
}

/// How words in the text refer to someone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum MentionKind {
    /// A name ("Step Vaessen", "the Foreign Ministry").
    Name,
    /// A pronoun ("she", "they").
    Pronoun,
    /// A description ("a spokeswoman for the ministry", "the report").
    Description,
}

/// Words that refer to someone, where they are and how they refer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Mention {
    /// Where the words are (byte offsets into the article text).
    pub span: Span,
    /// The words.
    pub text: String,
    /// Name, pronoun or description.
    pub kind: MentionKind,
}

/// Something someone said.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Quote {
    /// The words quoted (without the quote marks).
    pub text: String,
    /// Where the quoted words are.
    pub span: Span,
    /// Entity id of the speaker, when found.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub speaker: Option<String>,
    /// The words of the attribution that name the speaker ("she" in "she added").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub speaker_mention: Option<Mention>,
    /// The speech verb or phrase that attributes it ("said", "added", "according to").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cue: Option<String>,
    /// True for quoted words, false for reported speech ("X said that …").
    pub direct: bool,
}

/// An actor taking part in an event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Actor {
    /// Entity id, when the actor is a named entity.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub entity: Option<String>,
    /// CAMEO actor code; empty when the phrase names no actor the dictionaries know
    /// ("the family members of the victims").
    pub actor: String,
    /// The words naming the actor: the whole subject, object or oblique phrase.
    pub text: String,
    /// Where those words are (byte offsets into the article text).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub span: Option<Span>,
}

/// A coded event: who did what to whom, where and when.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Event {
    /// CAMEO event code (string: leading zeros matter).
    pub cameo: String,
    /// PLOVER 2021 category, when CAMEO maps to one (01 and 02 do not).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub plover: Option<String>,
    /// PLOVER mode, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub plover_mode: Option<String>,
    /// QuadClass: 1 verbal cooperation, 2 material cooperation, 3 verbal conflict, 4 material conflict.
    pub quad_class: u8,
    /// Goldstein value of the code (−10 … +10).
    pub goldstein: f32,
    /// Who acts.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<Actor>,
    /// Who is acted on.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target: Option<Actor>,
    /// Where it happened (entity id of a place or country).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub place: Option<String>,
    /// When it happened.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<EventDate>,
    /// The sentence that reports it.
    pub sentence: Span,
    /// The words that trigger the code.
    pub trigger: String,
    /// Said not to have happened ("denied attacking", "did not attack").
    pub negated: bool,
    /// Expected, possible or conditional, not reported as done ("could", "is expected to").
    pub hypothetical: bool,
    /// How sure the coder is, between 0 and 1.
    pub confidence: f32,
    /// Neither who acts nor who is acted on could be found: kept in the document's
    /// analysis for the record, left out of event lists, counts, facets and exports.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub actorless: bool,
}

impl Event {
    /// Whether the event names an actor on either side (what lists and counts hold).
    pub fn has_actor(&self) -> bool {
        !self.actorless
    }
}

/// When an event happened.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventDate {
    /// ISO date when it could be resolved.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    /// The expression in the text ("on Tuesday", "a year ago"), or "document" when the
    /// document's own date was used.
    pub expression: String,
    /// True when the date is only known relative to an unknown document date.
    pub relative: bool,
}

/// Fingerprints of one text, for folding copies of a story.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Fingerprint {
    /// Hash of the lower-cased words: equal for exact copies.
    pub exact: u64,
    /// SimHash: close in Hamming distance for near copies.
    pub simhash: u64,
    /// A second, independent SimHash: both must be close. Against many stories one 64-bit
    /// hash alone meets unrelated texts within the distance by chance.
    pub simhash2: u64,
    /// Number of words.
    pub words: usize,
}

/// How a stored document stands to its story.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DupKind {
    /// The first copy: the story's own document.
    New,
    /// The same words as the story's first copy.
    Exact,
    /// Nearly the same text (within the SimHash distance).
    Near,
}

impl DupKind {
    /// The name stored and shown ("new", "exact", "near").
    pub fn as_str(self) -> &'static str {
        match self {
            DupKind::New => "new",
            DupKind::Exact => "exact",
            DupKind::Near => "near",
        }
    }
}

/// What a server said of a fetched URL, sent back on the next request so an unchanged
/// page costs a 304.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Validators {
    /// The `ETag` header.
    pub etag: Option<String>,
    /// The `Last-Modified` header.
    pub last_modified: Option<String>,
}

/// `s` with `&`, `<`, `>` and `"` escaped, for HTML text and attribute values.
pub fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn html_is_escaped() {
        assert_eq!(
            super::escape_html(r#"<b>"Tom & Jerry"</b>"#),
            "&lt;b&gt;&quot;Tom &amp; Jerry&quot;&lt;/b&gt;"
        );
    }
}
