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
