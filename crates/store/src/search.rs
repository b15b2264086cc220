//! Full-text search with filters and facets, results folded by story.

use crate::{day_number, month_of_day, Result, Store};
use newsgraph_model::escape_html;
use std::collections::HashMap;
use std::ops::Bound;
use tantivy::collector::TopDocs;
use tantivy::query::{
    AllQuery, BooleanQuery, Occur, Query, QueryParser, RangeQuery, RegexQuery, TermQuery,
};
use tantivy::schema::{IndexRecordOption, Value};
use tantivy::snippet::SnippetGenerator;
use tantivy::{TantivyDocument, Term};

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
    /// Matching stories among the best 1,000 matching documents.
    pub total: usize,
    /// The requested page.
    pub hits: Vec<Hit>,
    /// Facet counts over the matching stories: site, language, plover, actor, cameo
    /// root, month (of publication, oldest first) and place (places and countries named).
    pub facets: HashMap<String, Vec<Facet>>,
}

/// Documents looked at per search (for story folding and facets); `total` counts up to it.
const MAX_SCAN: usize = 1000;

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

impl Store {
    /// How many of the documents `ids` name each place or country.
    fn place_counts(&self, ids: impl Iterator<Item = String>) -> Result<HashMap<String, usize>> {
        let ids: Vec<String> = ids.collect();
        let mut counts = HashMap::new();
        // SQLite takes up to 32,766 parameters; the scan is capped far below that.
        for chunk in ids.chunks(500) {
            let marks = vec!["?"; chunk.len()].join(",");
            // Counted here, which is quicker than a GROUP BY in SQLite; the index gives
            // each document's rows together, and a name counts once per document.
            let sql = format!(
                "SELECT doc, name FROM entities
                 WHERE doc IN ({marks}) AND type IN ('place', 'country') ORDER BY doc"
            );
            let mut st = self.db.prepare_cached(&sql)?;
            let mut rows = st.query(rusqlite::params_from_iter(chunk))?;
            let mut doc = String::new();
            let mut seen: Vec<String> = Vec::new();
            while let Some(row) = rows.next()? {
                let this = row.get_ref(0)?.as_str().unwrap_or_default();
                if this != doc {
                    doc = this.to_string();
                    seen.clear();
                }
                let name = row.get_ref(1)?.as_str().unwrap_or_default();
                if seen.iter().any(|s| s == name) {
                    continue;
                }
                seen.push(name.to_string());
                match counts.get_mut(name) {
                    Some(n) => *n += 1,
                    None => {
                        counts.insert(name.to_string(), 1);
                    }
                }
            }
        }
        Ok(counts)
    }

    /// Searches the store.
    pub fn search(&self, q: &SearchQuery) -> Result<SearchResults> {
        let f = self.fields;
        let searcher = self.reader.searcher();
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        let text_query: Option<Box<dyn Query>> = if q.text.trim().is_empty() {
            None
        } else {
            let mut parser = QueryParser::for_index(&self.index, vec![f.title, f.text]);
            parser.set_field_boost(f.title, 2.0);
            parser.set_conjunction_by_default();
            let (query, _errors) = parser.parse_query_lenient(&q.text);
            Some(query)
        };
        if let Some(tq) = &text_query {
            clauses.push((Occur::Must, tq.box_clone()));
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
                Box::new(RegexQuery::from_pattern(&pattern, f.actor)?),
            ));
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
        let top = searcher.search(&*query, &TopDocs::with_limit(MAX_SCAN).order_by_score())?;
        // Place filters are checked against the stored entities of the candidates.
        let place_ok = |id: &str| -> bool {
            if let Some(p) = q.place.as_deref().filter(|s| !s.is_empty()) {
                let found: bool = self
                    .db
                    .query_row(
                        "SELECT 1 FROM entities WHERE doc = ?1 AND type IN ('place', 'country') AND name = ?2 COLLATE NOCASE LIMIT 1",
                        rusqlite::params![id, p],
                        |_| Ok(()),
                    )
                    .is_ok();
                if !found {
                    return false;
                }
            }
            if let Some((lat, lon, km)) = q.near {
                let mut st = match self.db.prepare_cached(
                    "SELECT lat, lon FROM entities WHERE doc = ?1 AND lat IS NOT NULL",
                ) {
                    Ok(s) => s,
                    Err(_) => return false,
                };
                let hit = st
                    .query_map([id], |r| Ok((r.get::<_, f64>(0)?, r.get::<_, f64>(1)?)))
                    .map(|rows| rows.flatten().any(|p| haversine_km((lat, lon), p) <= km))
                    .unwrap_or(false);
                if !hit {
                    return false;
                }
            }
            true
        };
        let snippets = match &text_query {
            Some(tq) => {
                let mut g = SnippetGenerator::create(&searcher, &**tq, f.text)?;
                g.set_max_num_chars(240);
                Some(g)
            }
            None => None,
        };
        let mut stories: Vec<(String, f32, TantivyDocument)> = Vec::new();
        let mut copies: HashMap<String, usize> = HashMap::new();
        let mut facets: HashMap<&str, HashMap<String, usize>> = HashMap::new();
        let first_str = |d: &TantivyDocument, field| {
            d.get_first(field)
                .and_then(|v| v.as_str())
                .unwrap_or("")
                .to_string()
        };
        for (score, addr) in top {
            let d: TantivyDocument = searcher.doc(addr)?;
            let id = first_str(&d, f.id);
            let story = first_str(&d, f.story);
            if !place_ok(&id) {
                continue;
            }
            let n = copies.entry(story.clone()).or_default();
            *n += 1;
            if *n > 1 {
                continue;
            }
            for (name, field) in [
                ("site", f.site),
                ("language", f.language),
                ("plover", f.plover),
                ("actor", f.actor),
                ("cameo", f.cameo),
            ] {
                let counts = facets.entry(name).or_default();
                for v in d
                    .get_all(field)
                    .filter_map(|v| v.as_str().map(str::to_string))
                {
                    if name == "cameo" && v.len() != 2 {
                        continue;
                    }
                    if !v.is_empty() {
                        *counts.entry(v).or_default() += 1;
                    }
                }
            }
            if let Some(day) = d.get_first(f.day).and_then(|v| v.as_u64()) {
                *facets
                    .entry("month")
                    .or_default()
                    .entry(month_of_day(day))
                    .or_default() += 1;
            }
            stories.push((story, score, d));
        }
        let places = match f.place {
            Some(field) => {
                let mut counts: HashMap<String, usize> = HashMap::new();
                for (_, _, d) in &stories {
                    for v in d.get_all(field).filter_map(|v| v.as_str()) {
                        *counts.entry(v.to_string()).or_default() += 1;
                    }
                }
                counts
            }
            // An index made before places were indexed: read them from the database.
            None => self.place_counts(stories.iter().map(|(_, _, d)| first_str(d, f.id)))?,
        };
        facets.insert("place", places);
        let total = stories.len();
        let limit = if q.limit == 0 { 10 } else { q.limit.min(200) };
        let mut hits = Vec::new();
        for (story, score, d) in stories.into_iter().skip(q.offset).take(limit) {
            let id = first_str(&d, f.id);
            let (published, url): (Option<String>, Option<String>) = self
                .db
                .query_row(
                    "SELECT published, url FROM documents WHERE id = ?1",
                    [&id],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
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
                copies: copies.get(&story).copied().unwrap_or(1),
                id,
                story,
                title: first_str(&d, f.title),
                site: first_str(&d, f.site),
                published,
                url,
                score,
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
