//! Full-text search with filters and facets, results folded by story.

use crate::{day_number, month_of_day, Result, Store, StoreError};
use newsgraph_model::escape_html;
use rusqlite::OptionalExtension;
use std::collections::HashMap;
use std::ops::Bound;
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::Column;
use tantivy::query::{
    AllQuery, BooleanQuery, Occur, Query, QueryParser, RangeQuery, RegexQuery, TermQuery,
};
use tantivy::schema::{IndexRecordOption, Value};
use tantivy::snippet::SnippetGenerator;
use tantivy::{
    DocAddress, DocId, Score, Searcher, SegmentOrdinal, SegmentReader, TantivyDocument, Term,
};

/// What to search for. Empty fields do not filter.
#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct SearchQuery {
    /// Words and phrases (tantivy query syntax: "quoted phrases", AND, OR, -not).
    pub text: String,
    /// Earliest publication date (YYYY-MM-DD).
    pub from: Option<String>,
    /// Latest publication date (YYYY-MM-DD).
    pub to: Option<String>,
    /// Site (host or site name, lower case).
    pub site: Option<String>,
    /// Language code.
    pub language: Option<String>,
    /// Entity name (exact, case-insensitive).
    pub entity: Option<String>,
    /// Actor code or its prefix ("TUR" matches TURGOV).
    pub actor: Option<String>,
    /// CAMEO code or root ("19", "042").
    pub cameo: Option<String>,
    /// PLOVER category.
    pub plover: Option<String>,
    /// Place name (an entity of type place or country with that name).
    pub place: Option<String>,
    /// Within `km` of (`lat`, `lon`), by the places the article names.
    pub near: Option<(f64, f64, f64)>,
    /// Results to skip (paging).
    pub offset: usize,
    /// Results to return.
    pub limit: usize,
}

/// One story in the results.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Hit {
    /// Document id of the best-scoring copy.
    pub id: String,
    /// Story id.
    pub story: String,
    /// Headline.
    pub title: String,
    /// Site.
    pub site: String,
    /// Publication date, when known.
    pub published: Option<String>,
    /// Address of the best-scoring copy, when known.
    pub url: Option<String>,
    /// Relevance score.
    pub score: f32,
    /// A passage of the text as HTML: escaped, with the query words marked by `<b>`.
    pub snippet: String,
    /// Copies of this story among the matches.
    pub copies: usize,
}

/// A facet: a value and how many matching stories have it.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Facet {
    /// The value.
    pub value: String,
    /// Matching stories with it.
    pub count: usize,
}

/// Results of a search.
#[derive(Debug, Clone, serde::Serialize)]
pub struct SearchResults {
    /// Matching stories (copies folded), counted over every match: exact at any store
    /// size.
    pub total: usize,
    /// The requested page.
    pub hits: Vec<Hit>,
    /// Facet counts over the matching stories (each story counted by its best-scoring
    /// copy): site, language, plover, actor, cameo root, month (of publication, oldest
    /// first) and place (places and countries named).
    pub facets: HashMap<String, Vec<Facet>>,
}

/// Facets read from fast fields of each story's best copy, as (facet name, field name).
const FACETS: [(&str, &str); 6] = [
    ("site", "site"),
    ("language", "language"),
    ("plover", "plover"),
    ("actor", "actor"),
    ("cameo", "cameo"),
    ("place", "place"),
];

fn haversine_km(a: (f64, f64), b: (f64, f64)) -> f64 {
    let r = 6371.0;
    let (la1, lo1, la2, lo2) = (
        a.0.to_radians(),
        a.1.to_radians(),
        b.0.to_radians(),
        b.1.to_radians(),
    );
    let h = ((la2 - la1) / 2.0).sin().powi(2)
        + la1.cos() * la2.cos() * ((lo2 - lo1) / 2.0).sin().powi(2);
    2.0 * r * h.sqrt().asin()
}

/// The words of `text` typed with a trailing `*` outside quotes ("bord*"), and the
/// rest of the query for the query parser.
fn split_prefixes(text: &str) -> (Vec<String>, String) {
    let mut prefixes = Vec::new();
    let mut rest = Vec::new();
    let mut quoted = false;
    for piece in text.split_whitespace() {
        let stem = piece.strip_suffix('*').unwrap_or("");
        if !quoted && stem.chars().count() >= 2 && stem.chars().all(char::is_alphanumeric) {
            prefixes.push(stem.to_string());
        } else {
            rest.push(piece);
        }
        if piece.matches('"').count() % 2 == 1 {
            quoted = !quoted;
        }
    }
    (prefixes, rest.join(" "))
}

/// `s` with the characters that mean something in a regular expression escaped.
fn regex_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if "\\.+*?()|[]{}^$#&-~".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// One matching document: its story, score, publication day and address.
#[derive(Debug, Clone, Copy)]
struct Match {
    story: u64,
    score: f32,
    day: u64,
    addr: DocAddress,
}

/// Collects every match (no cap), keeping those within the `near` circle when one is
/// given, with what folding by story and ordering need.
struct AllMatches {
    near: Option<(f64, f64, f64)>,
}

/// [`AllMatches`] on one segment.
struct SegmentMatches {
    segment: SegmentOrdinal,
    story: Column<u64>,
    day: Column<u64>,
    geo: Column<u64>,
    near: Option<(f64, f64, f64)>,
    out: Vec<Match>,
}

impl Collector for AllMatches {
    type Fruit = Vec<Match>;
    type Child = SegmentMatches;

    fn for_segment(
        &self,
        segment: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<SegmentMatches> {
        let ff = reader.fast_fields();
        Ok(SegmentMatches {
            segment,
            story: ff.u64("story_key")?,
            day: ff.u64("day")?,
            geo: ff.u64("geo")?,
            near: self.near,
            out: Vec::new(),
        })
    }

    fn requires_scoring(&self) -> bool {
        true
    }

    fn merge_fruits(&self, fruits: Vec<Vec<Match>>) -> tantivy::Result<Vec<Match>> {
        Ok(fruits.into_iter().flatten().collect())
    }
}

impl SegmentCollector for SegmentMatches {
    type Fruit = Vec<Match>;

    fn collect(&mut self, doc: DocId, score: Score) {
        if let Some((lat, lon, km)) = self.near {
            let inside = self
                .geo
                .values_for_doc(doc)
                .any(|g| haversine_km((lat, lon), unpack_point(g)) <= km);
            if !inside {
                return;
            }
        }
        self.out.push(Match {
            story: self.story.first(doc).unwrap_or(0),
            score,
            day: self.day.first(doc).unwrap_or(0),
            addr: DocAddress::new(self.segment, doc),
        });
    }

    fn harvest(self) -> Vec<Match> {
        self.out
    }
}

/// A point as one fast-field value: latitude and longitude in 1e-5 degrees (about a
/// metre), offset to be positive, in the high and low halves.
pub(crate) fn pack_point(lat: f64, lon: f64) -> u64 {
    let q = |x: f64, off: f64| ((x.clamp(-off, off) + off) * 1e5).round() as u64;
    (q(lat, 90.0) << 32) | q(lon, 180.0)
}

fn unpack_point(v: u64) -> (f64, f64) {
    (
        (v >> 32) as f64 / 1e5 - 90.0,
        (v & 0xffff_ffff) as f64 / 1e5 - 180.0,
    )
}

/// The best copy of each story among `matches` and how many copies matched; the first
/// `top` of them in order, best first (score, then the newer, then index order, so that
/// equal scores page stably), the rest after them in no order.
fn fold_stories(matches: Vec<Match>, top: usize) -> Vec<(Match, usize)> {
    let better = |a: &Match, b: &Match| {
        a.score
            .total_cmp(&b.score)
            .then(a.day.cmp(&b.day))
            .then(b.addr.cmp(&a.addr))
    };
    let mut by_story: HashMap<u64, (Match, usize)> = HashMap::with_capacity(matches.len());
    for m in matches {
        by_story
            .entry(m.story)
            .and_modify(|(best, n)| {
                *n += 1;
                if better(&m, best).is_gt() {
                    *best = m;
                }
            })
            .or_insert((m, 1));
    }
    let mut stories: Vec<(Match, usize)> = by_story.into_values().collect();
    let order = |a: &(Match, usize), b: &(Match, usize)| better(&b.0, &a.0);
    if top < stories.len() {
        stories.select_nth_unstable_by(top, order);
    }
    let n = top.min(stories.len());
    stories[..n].sort_unstable_by(order);
    stories
}

/// Facet counts over the best copies `docs`, read from the fast fields segment by
/// segment: values are counted by their per-segment number and named once at the end.
fn facet_counts(
    searcher: &Searcher,
    docs: &[DocAddress],
) -> tantivy::Result<HashMap<&'static str, HashMap<String, usize>>> {
    let mut by_segment: HashMap<SegmentOrdinal, Vec<DocId>> = HashMap::new();
    for a in docs {
        by_segment.entry(a.segment_ord).or_default().push(a.doc_id);
    }
    let mut out: HashMap<&'static str, HashMap<String, usize>> = HashMap::new();
    for (seg, docs) in by_segment {
        let reader = searcher.segment_reader(seg);
        let ff = reader.fast_fields();
        for (facet, field) in FACETS {
            let counts = out.entry(facet).or_default();
            let Some(col) = ff.str(field)? else {
                continue;
            };
            // Counted in an array by value number: a segment's dictionary is small.
            let mut by_ord = vec![0usize; col.num_terms()];
            for &d in &docs {
                for ord in col.term_ords(d) {
                    if let Some(n) = by_ord.get_mut(ord as usize) {
                        *n += 1;
                    }
                }
            }
            // Named in one pass over the dictionary, in value order (a lookup per value
            // would open a compressed block each time).
            let present: Vec<u64> = (0..by_ord.len() as u64)
                .filter(|&o| by_ord[o as usize] > 0)
                .collect();
            let mut k = 0;
            col.dictionary().sorted_ords_to_term_cb(&present, |bytes| {
                let n = by_ord[present[k] as usize];
                k += 1;
                let Ok(name) = std::str::from_utf8(bytes) else {
                    return;
                };
                // The cameo field holds codes and their roots; the facet is of roots.
                if name.is_empty() || (facet == "cameo" && name.len() != 2) {
                    return;
                }
                match counts.get_mut(name) {
                    Some(c) => *c += n,
                    None => {
                        counts.insert(name.to_string(), n);
                    }
                }
            })?;
        }
        let day = ff.u64("day")?;
        let months = out.entry("month").or_default();
        for &d in &docs {
            if let Some(day) = day.first(d) {
                *months.entry(month_of_day(day)).or_default() += 1;
            }
        }
    }
    Ok(out)
}

impl Store {
    /// Searches the store.
    pub fn search(&self, q: &SearchQuery) -> Result<SearchResults> {
        let f = self.fields;
        let searcher = self.reader.searcher();
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        let (prefixes, rest) = split_prefixes(&q.text);
        let text_query: Option<Box<dyn Query>> = if rest.trim().is_empty() {
            None
        } else {
            let mut parser = QueryParser::for_index(&self.index, vec![f.title, f.text]);
            parser.set_field_boost(f.title, 2.0);
            parser.set_conjunction_by_default();
            let (query, _errors) = parser.parse_query_lenient(&rest);
            Some(query)
        };
        if let Some(tq) = &text_query {
            clauses.push((Occur::Must, tq.box_clone()));
        }
        // A word typed with `*` matches every word it begins, folded as the index folds.
        if !prefixes.is_empty() {
            let mut words = self.index.tokenizer_for_field(f.text)?;
            for stem in prefixes {
                let mut folded = String::new();
                words.token_stream(&stem).process(&mut |t| {
                    if folded.is_empty() {
                        folded = t.text.clone();
                    }
                });
                if folded.is_empty() {
                    continue;
                }
                let pattern = format!("{}.*", regex_escape(&folded));
                let either: Vec<(Occur, Box<dyn Query>)> = [f.title, f.text]
                    .into_iter()
                    .map(|field| {
                        RegexQuery::from_pattern(&pattern, field)
                            .map(|r| (Occur::Should, Box::new(r) as Box<dyn Query>))
                            .map_err(|e| StoreError::BadQuery(format!("q: {stem}*: {e}")))
                    })
                    .collect::<Result<_>>()?;
                clauses.push((Occur::Must, Box::new(BooleanQuery::new(either))));
            }
        }
        let term = |field, v: &str| -> Box<dyn Query> {
            Box::new(TermQuery::new(
                Term::from_field_text(field, v),
                IndexRecordOption::Basic,
            ))
        };
        if let Some(s) = q.site.as_deref().filter(|s| !s.is_empty()) {
            clauses.push((Occur::Must, term(f.site, &s.to_lowercase())));
        }
        if let Some(l) = q.language.as_deref().filter(|s| !s.is_empty()) {
            clauses.push((Occur::Must, term(f.language, l)));
        }
        if let Some(e) = q.entity.as_deref().filter(|s| !s.is_empty()) {
            clauses.push((Occur::Must, term(f.entity, &e.to_lowercase())));
        }
        if let Some(c) = q.cameo.as_deref().filter(|s| !s.is_empty()) {
            clauses.push((Occur::Must, term(f.cameo, c)));
        }
        if let Some(p) = q.plover.as_deref().filter(|s| !s.is_empty()) {
            clauses.push((Occur::Must, term(f.plover, &p.to_uppercase())));
        }
        if let Some(a) = q.actor.as_deref().filter(|s| !s.is_empty()) {
            let pattern = format!(
                "{}.*",
                a.to_uppercase()
                    .chars()
                    .filter(char::is_ascii_alphanumeric)
                    .collect::<String>()
            );
            clauses.push((
                Occur::Must,
                Box::new(
                    RegexQuery::from_pattern(&pattern, f.actor)
                        .map_err(|e| StoreError::BadQuery(format!("actor: {e}")))?,
                ),
            ));
        }
        if let Some(p) = q.place.as_deref().filter(|s| !s.is_empty()) {
            clauses.push((Occur::Must, term(f.place_key, &p.to_lowercase())));
        }
        let from = q.from.as_deref().and_then(day_number);
        let to = q.to.as_deref().and_then(day_number);
        if from.is_some() || to.is_some() {
            let lo = from.map_or(Bound::Unbounded, |d| {
                Bound::Included(Term::from_field_u64(f.day, d))
            });
            let hi = to.map_or(Bound::Unbounded, |d| {
                Bound::Included(Term::from_field_u64(f.day, d))
            });
            clauses.push((Occur::Must, Box::new(RangeQuery::new(lo, hi))));
        }
        let query: Box<dyn Query> = if clauses.is_empty() {
            Box::new(AllQuery)
        } else {
            Box::new(BooleanQuery::new(clauses))
        };
        let matches = searcher.search(&*query, &AllMatches { near: q.near })?;
        let limit = if q.limit == 0 { 10 } else { q.limit.min(200) };
        let stories = fold_stories(matches, q.offset.saturating_add(limit));
        let best: Vec<DocAddress> = stories.iter().map(|(m, _)| m.addr).collect();
        let facets = facet_counts(&searcher, &best)?;
        let snippets = match &text_query {
            Some(tq) => {
                let mut g = SnippetGenerator::create(&searcher, &**tq, f.text)?;
                g.set_max_num_chars(240);
                Some(g)
            }
            None => None,
        };
        let first_str = |d: &TantivyDocument, field| {
            d.get_first(field)
                .and_then(|v| v.as_str())
                .unwrap_or("")
                .to_string()
        };
        let total = stories.len();
        let mut hits = Vec::new();
        for (m, copies) in stories.into_iter().skip(q.offset).take(limit) {
            let d: TantivyDocument = searcher.doc(m.addr)?;
            let id = first_str(&d, f.id);
            let story = first_str(&d, f.story);
            let (published, url): (Option<String>, Option<String>) = self
                .db
                .query_row(
                    "SELECT published, url FROM documents WHERE id = ?1",
                    [&id],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .optional()?
                .unwrap_or((None, None));
            let snippet = match &snippets {
                Some(g) => {
                    let s = g.snippet_from_doc(&d);
                    if s.fragment().is_empty() {
                        escape_html(&first_str(&d, f.text).chars().take(240).collect::<String>())
                    } else {
                        s.to_html()
                    }
                }
                None => escape_html(&first_str(&d, f.text).chars().take(240).collect::<String>()),
            };
            hits.push(Hit {
                copies,
                id,
                story,
                title: first_str(&d, f.title),
                site: first_str(&d, f.site),
                published,
                url,
                score: m.score,
                snippet,
            });
        }
        let facets = facets
            .into_iter()
            .map(|(k, m)| {
                let mut v: Vec<Facet> = m
                    .into_iter()
                    .map(|(value, count)| Facet { value, count })
                    .collect();
                v.sort_by(|a, b| b.count.cmp(&a.count).then(a.value.cmp(&b.value)));
                if k == "month" {
                    // The latest 24 months with matches, in time order.
                    v.sort_by(|a, b| b.value.cmp(&a.value));
                    v.truncate(24);
                    v.reverse();
                } else {
                    v.truncate(15);
                }
                (k.to_string(), v)
            })
            .collect();
        Ok(SearchResults {
            total,
            hits,
            facets,
        })
    }
}
