//! Reads a server needs beyond search: one article, the copies of a story, entity names
//! for autocompletion, and picking up what a running ingest committed.

use crate::{Result, Store};
use rusqlite::OptionalExtension;

/// A stored document: its ids and the article with its analysis, as stored JSON.
#[derive(Debug, Clone)]
pub struct StoredDoc {
    /// Document id.
    pub id: String,
    /// Story id.
    pub story: String,
    /// `{"article": …, "analysis": …}` as stored.
    pub json: String,
}

/// One copy of a story.
#[derive(Debug, Clone, serde::Serialize)]
pub struct StoryCopy {
    /// Document id.
    pub id: String,
    /// Address, when known.
    pub url: Option<String>,
    /// Site.
    pub site: Option<String>,
    /// Headline.
    pub title: Option<String>,
    /// Publication date, when known.
    pub published: Option<String>,
    /// How it joined the story: new, exact or near.
    pub dup: String,
}

/// An entity name with how many documents name it.
#[derive(Debug, Clone, serde::Serialize)]
pub struct EntityName {
    /// Name.
    pub name: String,
    /// Entity type (person, organisation, country, place, equipment).
    pub kind: String,
    /// CAMEO actor code, when it has one.
    pub actor: Option<String>,
    /// Documents naming it.
    pub documents: u64,
}

impl Store {
    /// Makes searches see what other processes committed since the last call.
    pub fn refresh(&self) -> Result<()> {
        self.reader.reload()?;
        Ok(())
    }

    /// The stored document with this id.
    pub fn document(&self, id: &str) -> Result<Option<StoredDoc>> {
        Ok(self
            .db
            .query_row(
                "SELECT id, story, json FROM documents WHERE id = ?1",
                [id],
                |r| {
                    Ok(StoredDoc {
                        id: r.get(0)?,
                        story: r.get(1)?,
                        json: r.get(2)?,
                    })
                },
            )
            .optional()?)
    }

    /// Every copy of a story, earliest first.
    pub fn story_copies(&self, story: &str) -> Result<Vec<StoryCopy>> {
        let mut st = self.db.prepare(
            "SELECT id, url, site, title, published, dup FROM documents WHERE story = ?1
             ORDER BY published IS NULL, published, rowid",
        )?;
        let rows = st
            .query_map([story], |r| {
                Ok(StoryCopy {
                    id: r.get(0)?,
                    url: r.get(1)?,
                    site: r.get(2)?,
                    title: r.get(3)?,
                    published: r.get(4)?,
                    dup: r.get(5)?,
                })
            })?
            .collect::<std::result::Result<_, _>>()?;
        Ok(rows)
    }

    /// Entity names starting with `prefix` (as typed, or with a capital first letter),
    /// most often named first.
    pub fn entity_names(&self, prefix: &str, limit: usize) -> Result<Vec<EntityName>> {
        let prefix = prefix.trim();
        if prefix.is_empty() {
            return Ok(Vec::new());
        }
        let mut capital: String = prefix
            .chars()
            .take(1)
            .flat_map(char::to_uppercase)
            .collect();
        capital.push_str(&prefix[prefix.chars().next().map_or(0, char::len_utf8)..]);
        let mut st = self.db.prepare(
            "SELECT name, type, MAX(actor), COUNT(DISTINCT doc) AS n FROM entities
             WHERE (name >= ?1 AND name < ?1 || char(1114111)) OR (name >= ?2 AND name < ?2 || char(1114111))
             GROUP BY name, type ORDER BY n DESC, name LIMIT ?3",
        )?;
        let rows = st
            .query_map(rusqlite::params![prefix, capital, limit as i64], |r| {
                Ok(EntityName {
                    name: r.get(0)?,
                    kind: r.get(1)?,
                    actor: r.get(2)?,
                    documents: r.get::<_, i64>(3)? as u64,
                })
            })?
            .collect::<std::result::Result<_, _>>()?;
        Ok(rows)
    }
}

/// Which events to list.
#[derive(Debug, Clone, Default)]
pub struct EventFilter {
    /// Source or target actor code, or its prefix ("TUR" matches TURGOV).
    pub actor: Option<String>,
    /// Source actor code or prefix.
    pub source: Option<String>,
    /// Target actor code or prefix.
    pub target: Option<String>,
    /// With `actor`: only events between `actor` and this one, either way round; alone,
    /// like `actor`.
    pub with: Option<String>,
    /// CAMEO code or root ("19", "042").
    pub cameo: Option<String>,
    /// PLOVER category.
    pub plover: Option<String>,
    /// Place name, exactly as stored.
    pub place: Option<String>,
    /// Earliest event date (YYYY-MM-DD).
    pub from: Option<String>,
    /// Latest event date (YYYY-MM-DD).
    pub to: Option<String>,
    /// Include negated and hypothetical events.
    pub all: bool,
    /// Events to skip.
    pub offset: usize,
    /// Events to return.
    pub limit: usize,
}

/// One stored event with the document it came from.
#[derive(Debug, Clone, serde::Serialize)]
pub struct EventRow {
    /// Document id.
    pub doc: String,
    /// Event number within the document.
    pub n: i64,
    /// CAMEO code.
    pub cameo: String,
    /// PLOVER category.
    pub plover: Option<String>,
    /// QuadClass (1 verbal cooperation … 4 material conflict).
    pub quad_class: i64,
    /// Goldstein value.
    pub goldstein: f64,
    /// Source actor code.
    pub source: Option<String>,
    /// Target actor code.
    pub target: Option<String>,
    /// Source as written.
    pub source_text: Option<String>,
    /// Target as written.
    pub target_text: Option<String>,
    /// Event date.
    pub date: Option<String>,
    /// Place name.
    pub place: Option<String>,
    /// Latitude of the place.
    pub lat: Option<f64>,
    /// Longitude of the place.
    pub lon: Option<f64>,
    /// Said not to have happened.
    pub negated: bool,
    /// Threatened, planned or conditional.
    pub hypothetical: bool,
    /// Coder confidence, 0–1.
    pub confidence: f64,
    /// The sentence that reports it.
    pub sentence: String,
    /// Address of the document.
    pub url: Option<String>,
}

/// `column` starts with the bound parameter `p` (codes are upper-case letters and digits,
/// all below '~'), in a form SQLite answers from an index — or, with `walk`, one that
/// keeps SQLite off the actor indexes so it walks events newest first instead.
fn prefix(column: &str, p: &str, walk: bool) -> String {
    let c = if walk && column.contains("actor") {
        format!("+{column}")
    } else {
        column.to_string()
    };
    format!("({c} >= {p} AND {c} < {p} || '~')")
}

/// Above this many events for an actor, listing newest first is quicker by walking the
/// date index and filtering than by collecting the actor's events and sorting them.
const FREQUENT_ACTOR: i64 = 2000;

impl Store {
    /// Events matching `f`, newest first (undated ones last).
    pub fn events(&self, f: &EventFilter) -> Result<Vec<EventRow>> {
        let (cond, mut args) = self.event_conditions(f, false)?;
        args.push(f.limit.to_string());
        args.push(f.offset.to_string());
        let sql = format!(
            "{EVENT_SELECT}
             {cond} ORDER BY e.date DESC, e.doc, e.n
             LIMIT CAST(?{} AS INTEGER) OFFSET CAST(?{} AS INTEGER)",
            args.len() - 1,
            args.len()
        );
        let mut st = self.db.prepare(&sql)?;
        let rows = st
            .query_map(rusqlite::params_from_iter(args.iter()), event_row)?
            .collect::<std::result::Result<_, _>>()?;
        Ok(rows)
    }

    /// Places of the events matching `f` (offset ignored), most events first, at most
    /// `f.limit`.
    pub fn event_places(&self, f: &EventFilter) -> Result<Vec<PlaceCount>> {
        // Located events are few: every filter is checked on the index of them alone.
        let (cond, mut args) = self.event_conditions(f, true)?;
        let cond = if cond.is_empty() {
            "WHERE e.lat IS NOT NULL".to_string()
        } else {
            format!("{cond} AND e.lat IS NOT NULL")
        };
        args.push(f.limit.to_string());
        let sql = format!(
            "SELECT e.place, e.lat, e.lon, COUNT(*), SUM(e.quad >= 3), SUM(e.goldstein)
             FROM events e {cond}
             GROUP BY e.place, e.lat, e.lon ORDER BY COUNT(*) DESC, e.place
             LIMIT CAST(?{} AS INTEGER)",
            args.len()
        );
        let mut st = self.db.prepare(&sql)?;
        let rows = st
            .query_map(rusqlite::params_from_iter(args.iter()), |r| {
                Ok(PlaceCount {
                    place: r.get::<_, Option<String>>(0)?.unwrap_or_default(),
                    lat: r.get(1)?,
                    lon: r.get(2)?,
                    events: r.get(3)?,
                    conflict: r.get(4)?,
                    goldstein: crate::tenths(r.get(5)?),
                })
            })?
            .collect::<std::result::Result<_, _>>()?;
        Ok(rows)
    }

    /// Events matched by the most selective of `f`'s actor filters, counted up to
    /// [`FREQUENT_ACTOR`] per column (0 when it has none).
    fn fewest_actor_events(&self, f: &EventFilter) -> Result<i64> {
        let count = |column: &str, code: &str| -> Result<i64> {
            let sql = format!(
                "SELECT COUNT(*) FROM (SELECT 1 FROM events WHERE {column} >= ?1 AND {column} < ?1 || '~' LIMIT {FREQUENT_ACTOR})"
            );
            Ok(self
                .db
                .query_row(&sql, [code.to_uppercase()], |r| r.get(0))?)
        };
        let mut fewest: Option<i64> = None;
        for (code, columns) in [
            (&f.actor, &["source_actor", "target_actor"][..]),
            (&f.source, &["source_actor"][..]),
            (&f.target, &["target_actor"][..]),
        ] {
            if let Some(code) = code {
                let mut n = 0;
                for c in columns {
                    n += count(c, code)?;
                }
                fewest = Some(fewest.map_or(n, |m| m.min(n)));
            }
        }
        Ok(fewest.unwrap_or(0))
    }

    /// The WHERE clause (or nothing) and its arguments for `f` over `events e`; with
    /// `no_actor_index`, in a form that keeps SQLite off the actor indexes.
    fn event_conditions(
        &self,
        f: &EventFilter,
        no_actor_index: bool,
    ) -> Result<(String, Vec<String>)> {
        // Keep SQLite off the actor indexes (and walk events newest first) when told to,
        // or when the most selective actor filter matches many events, counted from the
        // indexes up to a cap (a millisecond or two). Events between two actors are few
        // even when each is frequent, so a pair is always found from the actor indexes.
        let walk =
            no_actor_index || (f.with.is_none() && self.fewest_actor_events(f)? >= FREQUENT_ACTOR);
        let mut cond: Vec<String> = Vec::new();
        let mut args: Vec<String> = Vec::new();
        let mut arg = |v: String| {
            args.push(v);
            format!("?{}", args.len())
        };
        match (&f.actor, &f.with) {
            (Some(a), Some(b)) => {
                let (p, q) = (arg(a.to_uppercase()), arg(b.to_uppercase()));
                let side = |c: &str, p: &str| prefix(c, p, walk);
                cond.push(format!(
                    "(({} AND {}) OR ({} AND {}))",
                    side("e.source_actor", &p),
                    side("e.target_actor", &q),
                    side("e.source_actor", &q),
                    side("e.target_actor", &p)
                ));
            }
            (Some(a), None) | (None, Some(a)) => {
                let p = arg(a.to_uppercase());
                cond.push(format!(
                    "({} OR {})",
                    prefix("e.source_actor", &p, walk),
                    prefix("e.target_actor", &p, walk)
                ));
            }
            (None, None) => {}
        }
        if let Some(a) = &f.source {
            let p = arg(a.to_uppercase());
            cond.push(prefix("e.source_actor", &p, walk));
        }
        if let Some(a) = &f.target {
            let p = arg(a.to_uppercase());
            cond.push(prefix("e.target_actor", &p, walk));
        }
        if let Some(c) = &f.cameo {
            let p = arg(c.clone());
            cond.push(prefix("e.cameo", &p, walk));
        }
        if let Some(p) = &f.plover {
            cond.push(format!("e.plover = {}", arg(p.to_uppercase())));
        }
        if let Some(p) = &f.place {
            cond.push(format!("e.place = {} COLLATE NOCASE", arg(p.clone())));
        }
        if let Some(d) = &f.from {
            cond.push(format!("substr(e.date, 1, 10) >= {}", arg(d.clone())));
        }
        if let Some(d) = &f.to {
            cond.push(format!("substr(e.date, 1, 10) <= {}", arg(d.clone())));
        }
        if !f.all {
            cond.push("e.negated = 0 AND e.hypothetical = 0".into());
        }
        let cond = if cond.is_empty() {
            String::new()
        } else {
            format!("WHERE {}", cond.join(" AND "))
        };
        Ok((cond, args))
    }
}

/// A place where matching events happened.
#[derive(Debug, Clone, serde::Serialize)]
pub struct PlaceCount {
    /// Place name.
    pub place: String,
    /// Latitude.
    pub lat: f64,
    /// Longitude.
    pub lon: f64,
    /// Events there.
    pub events: i64,
    /// Of which conflict (QuadClass 3 or 4).
    pub conflict: i64,
    /// Summed Goldstein value.
    pub goldstein: f64,
}

/// The columns [`event_row`] reads, from `events e` joined with `documents d`.
pub(crate) const EVENT_SELECT: &str =
    "SELECT e.doc, e.n, e.cameo, e.plover, e.quad, e.goldstein, e.source_actor, e.target_actor,
            e.source_text, e.target_text, e.date, e.place, e.lat, e.lon, e.negated,
            e.hypothetical, e.confidence, e.sentence, d.url
     FROM events e JOIN documents d ON d.id = e.doc";

/// An event from a row of [`EVENT_SELECT`].
pub(crate) fn event_row(r: &rusqlite::Row) -> rusqlite::Result<EventRow> {
    Ok(EventRow {
        doc: r.get(0)?,
        n: r.get(1)?,
        cameo: r.get(2)?,
        plover: r.get(3)?,
        quad_class: r.get(4)?,
        goldstein: crate::tenths(r.get(5)?),
        source: r.get(6)?,
        target: r.get(7)?,
        source_text: r.get(8)?,
        target_text: r.get(9)?,
        date: r.get(10)?,
        place: r.get(11)?,
        lat: r.get(12)?,
        lon: r.get(13)?,
        negated: r.get(14)?,
        hypothetical: r.get(15)?,
        confidence: crate::hundredths(r.get(16)?),
        sentence: r.get(17)?,
        url: r.get(18)?,
    })
}
