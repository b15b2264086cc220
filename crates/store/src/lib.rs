//! The embedded store: one directory holding a SQLite database (articles, entities,
//! quotes, events, stories, errors) and a tantivy full-text index.
//!
//! SQLite is the system of record; the index can be rebuilt from it. Writes go in
//! batches: rows are committed to SQLite first (marked unindexed), then the index, then
//! the rows are marked indexed — a crash at any point leaves a store that the next
//! open repairs by indexing the unmarked rows. Readers use WAL and never block on a
//! running ingest.

mod export;
pub mod progress;
mod read;
mod reader_dir;
mod search;
pub use export::{gdelt_row, ExportKind};
pub use read::{EntityName, EventFilter, EventRow, PlaceCount, StoredDoc, StoryCopy};

pub use search::{Facet, Hit, SearchQuery, SearchResults};

use newsgraph_model::{Analysis, Article, DupKind, EntityKind, Fingerprint};
use rusqlite::{params, Connection, OpenFlags, OptionalExtension};
use std::path::{Path, PathBuf};
use tantivy::schema::{
    Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions, FAST, INDEXED, STORED, STRING,
};
use tantivy::{doc, Index, IndexReader, IndexWriter, ReloadPolicy, TantivyDocument, Term};

pub use newsgraph_model::Validators;

/// A store error, with what to do about it where that is known.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// SQLite failed.
    #[error("database: {0}")]
    Db(#[from] rusqlite::Error),
    /// The index failed.
    #[error("search index: {0}")]
    Index(#[from] tantivy::TantivyError),
    /// The data directory cannot be used.
    #[error("data directory {0}: {1}")]
    Dir(String, String),
    /// Writing an export failed.
    #[error("writing: {0}")]
    Io(#[from] std::io::Error),
    /// The store was written by a newer newsgraph.
    #[error("store schema version {0} is newer than this newsgraph understands ({1}); upgrade newsgraph")]
    Version(i64, i64),
    /// A search that cannot be run as asked (the message names the parameter).
    #[error("{0}")]
    BadQuery(String),
    /// The search index predates this version's fields; a writable open rebuilds it.
    #[error("the search index in {0} was made by an earlier newsgraph; rebuild it once with `newsgraph reindex --data {0}` (this needs write access)")]
    OldIndex(String),
    /// A stored document could not be decoded.
    #[error("corrupt stored document {0}: {1}")]
    Corrupt(String, String),
    /// Another process holds the data directory's ingest lock.
    #[error("another ingest is running in {0}{pid}", pid = .1.map(|p| format!(" (pid {p})")).unwrap_or_default())]
    Locked(String, Option<u32>),
}

impl StoreError {
    /// Whether a query was stopped for running past its deadline (see
    /// [`Store::set_deadline`]).
    pub fn is_timeout(&self) -> bool {
        matches!(
            self,
            StoreError::Db(rusqlite::Error::SqliteFailure(e, _))
                if e.code == rusqlite::ErrorCode::OperationInterrupted
        )
    }
}

/// Result type of the store.
pub type Result<T> = std::result::Result<T, StoreError>;

/// Schema version written by this build.
const SCHEMA_VERSION: i64 = 6;

const MIGRATIONS: &[&str] = &[
    // 1: the first schema.
    r#"
    CREATE TABLE documents (
        id TEXT PRIMARY KEY,
        source TEXT NOT NULL,
        url TEXT,
        site TEXT,
        title TEXT,
        published TEXT,
        language TEXT,
        is_article INTEGER NOT NULL,
        story TEXT NOT NULL,
        dup TEXT NOT NULL,
        text_len INTEGER NOT NULL,
        fp_exact INTEGER NOT NULL,
        fp_sim INTEGER NOT NULL,
        fp_words INTEGER NOT NULL,
        indexed INTEGER NOT NULL DEFAULT 0,
        json TEXT NOT NULL
    );
    CREATE INDEX documents_story ON documents(story);
    CREATE INDEX documents_unindexed ON documents(indexed) WHERE indexed = 0;
    CREATE TABLE stories (
        id TEXT PRIMARY KEY,
        title TEXT,
        published TEXT,
        copies INTEGER NOT NULL
    );
    CREATE TABLE entities (
        doc TEXT NOT NULL,
        eid TEXT NOT NULL,
        name TEXT NOT NULL,
        type TEXT NOT NULL,
        actor TEXT,
        country TEXT,
        role TEXT,
        geonames_id INTEGER,
        lat REAL,
        lon REAL,
        mentions INTEGER NOT NULL
    );
    CREATE INDEX entities_name ON entities(name);
    CREATE INDEX entities_doc ON entities(doc);
    CREATE TABLE events (
        doc TEXT NOT NULL,
        n INTEGER NOT NULL,
        cameo TEXT NOT NULL,
        root TEXT NOT NULL,
        plover TEXT,
        quad INTEGER NOT NULL,
        goldstein REAL NOT NULL,
        source_actor TEXT,
        target_actor TEXT,
        source_text TEXT,
        target_text TEXT,
        date TEXT,
        place TEXT,
        lat REAL,
        lon REAL,
        negated INTEGER NOT NULL,
        hypothetical INTEGER NOT NULL,
        confidence REAL NOT NULL,
        sentence TEXT NOT NULL
    );
    CREATE INDEX events_actors ON events(source_actor, target_actor, date);
    CREATE INDEX events_doc ON events(doc);
    CREATE TABLE quotes (
        doc TEXT NOT NULL,
        speaker TEXT,
        text TEXT NOT NULL,
        cue TEXT,
        direct INTEGER NOT NULL
    );
    CREATE TABLE errors (
        source TEXT NOT NULL,
        kind TEXT NOT NULL,
        message TEXT NOT NULL
    );
    "#,
    // 2: a second SimHash for near-copy checks against many stories.
    "ALTER TABLE documents ADD COLUMN fp_sim2 INTEGER NOT NULL DEFAULT 0;",
    // 3: validators of fetched URLs, for conditional GET on the next run.
    "CREATE TABLE fetch_state (url TEXT PRIMARY KEY, etag TEXT, last_modified TEXT);",
    // 4: event lists newest first, and events by target actor (relations both ways).
    "CREATE INDEX events_date ON events(date);
     CREATE INDEX events_targets ON events(target_actor, source_actor, date);",
    // 5: the places a page of search results names (the place facet), read from the
    // index alone; it serves lookups by document too.
    // The located events alone (a small share of all), for the map's place counts.
    "CREATE INDEX entities_doc_type ON entities(doc, type, name);
     DROP INDEX entities_doc;
     CREATE INDEX events_located ON events(place, lat, lon, quad, goldstein, negated,
       hypothetical, plover, cameo, source_actor, target_actor, date) WHERE lat IS NOT NULL;
     CREATE INDEX events_place ON events(place COLLATE NOCASE, date);",
    // 6: events with no actor on either side leave lists and counts (they stay in the
    // document's analysis, flagged `actorless`).
    "DELETE FROM events WHERE source_text IS NULL AND target_text IS NULL;",
];

/// Index fields.
#[derive(Clone, Copy)]
pub(crate) struct Fields {
    pub id: Field,
    pub story: Field,
    pub title: Field,
    pub text: Field,
    pub site: Field,
    pub language: Field,
    pub day: Field,
    pub actor: Field,
    pub cameo: Field,
    pub plover: Field,
    pub entity: Field,
    /// Names of the places and countries a document names, as written (the place facet).
    pub place: Field,
    /// The same names in lower case (the place filter).
    pub place_key: Field,
    /// The story as a number, for folding copies over every match.
    pub story_key: Field,
    /// Points of the places the document names ([`search::pack_point`]), for `near`.
    pub geo: Field,
}

/// Name of the tokenizer of titles and texts: words, lower case, accents folded
/// ("Erdoğan" and "Erdogan" are one term).
pub(crate) const WORDS: &str = "words";

/// Options of the full-text fields: [`WORDS`] with positions (for phrases), stored.
fn words() -> TextOptions {
    TextOptions::default()
        .set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(WORDS)
                .set_index_option(IndexRecordOption::WithFreqsAndPositions),
        )
        .set_stored()
}

/// Registers [`WORDS`] on `index` (the index stores only its name).
fn register_tokenizers(index: &Index) {
    use tantivy::tokenizer::{
        AsciiFoldingFilter, LowerCaser, RemoveLongFilter, SimpleTokenizer, TextAnalyzer,
    };
    index.tokenizers().register(
        WORDS,
        TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(RemoveLongFilter::limit(40))
            .filter(LowerCaser)
            .filter(AsciiFoldingFilter)
            .build(),
    );
}

/// A story id as a number: story ids are 16 hex digits; another id is hashed (FNV-1a).
fn story_key(story: &str) -> u64 {
    if story.len() <= 16 {
        if let Ok(n) = u64::from_str_radix(story, 16) {
            return n;
        }
    }
    story.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
    })
}

fn schema() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let f = Fields {
        id: b.add_text_field("id", STRING | STORED),
        story: b.add_text_field("story", STRING | STORED | FAST),
        title: b.add_text_field("title", words()),
        text: b.add_text_field("text", words()),
        site: b.add_text_field("site", STRING | STORED | FAST),
        language: b.add_text_field("language", STRING | STORED | FAST),
        day: b.add_u64_field("day", INDEXED | STORED | FAST),
        actor: b.add_text_field("actor", STRING | STORED | FAST),
        cameo: b.add_text_field("cameo", STRING | STORED | FAST),
        plover: b.add_text_field("plover", STRING | STORED | FAST),
        entity: b.add_text_field("entity", STRING | STORED),
        place: b.add_text_field("place", STRING | STORED | FAST),
        place_key: b.add_text_field("place_key", STRING),
        story_key: b.add_u64_field("story_key", FAST),
        geo: b.add_u64_field("geo", FAST),
    };
    (b.build(), f)
}

/// A story's first copy's fingerprint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoryFingerprint {
    /// The story.
    pub story: String,
    /// Its first copy's fingerprint.
    pub fingerprint: Fingerprint,
}

/// A document ready to store: what the pipeline made of it and where its story stands.
pub struct NewDoc<'a> {
    /// Stable document id.
    pub id: &'a str,
    /// Where it came from.
    pub source: &'a str,
    /// The article.
    pub article: &'a Article,
    /// Its analysis.
    pub analysis: &'a Analysis,
    /// Story it belongs to (its own id when it is the first copy).
    pub story: &'a str,
    /// First copy of its story, or an exact or near copy.
    pub dup: DupKind,
    /// Its text's fingerprint.
    pub fingerprint: Fingerprint,
    /// Date to use when the article has none (from the source).
    pub fallback_date: Option<&'a str>,
}

/// Counts kept in the store.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct Stats {
    /// Documents stored.
    pub documents: u64,
    /// Of which articles.
    pub articles: u64,
    /// Stories (duplicates folded).
    pub stories: u64,
    /// Entity mentions (one row per entity per document).
    pub entities: u64,
    /// Quotes.
    pub quotes: u64,
    /// Events.
    pub events: u64,
    /// Errors recorded, by kind.
    pub errors: Vec<(String, u64)>,
    /// Size of the data directory in bytes.
    pub bytes_on_disk: u64,
}

/// One row of the relations view: events between two actors in a period.
#[derive(Debug, Clone, serde::Serialize)]
pub struct RelationBucket {
    /// Period start (YYYY-MM-DD, YYYY-Www or YYYY-MM).
    pub period: String,
    /// Events per QuadClass 1–4.
    pub quad: [u64; 4],
    /// Summed Goldstein value.
    pub goldstein: f64,
    /// Number of events.
    pub events: u64,
}

/// The file in a data directory that a writer holds locked (an advisory lock, released
/// by the operating system when the process ends, however it ends: a lock file left by a
/// dead process does not block). It holds the writer's pid, for the error message.
pub const LOCK_FILE: &str = "ingest.lock";

/// Takes the data directory's writer lock, creating `dir` and the lock file if needed;
/// fails with [`StoreError::Locked`] when another process holds it.
fn lock_dir(dir: &Path) -> Result<std::fs::File> {
    use std::io::{Read, Seek, Write};
    std::fs::create_dir_all(dir).map_err(|e| {
        dir_err(
            dir,
            format!("cannot create it ({e}); check the path and permissions"),
        )
    })?;
    let path = dir.join(LOCK_FILE);
    let mut f = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(&path)
        .map_err(|e| dir_err(dir, format!("cannot create {} ({e})", path.display())))?;
    match f.try_lock() {
        Ok(()) => {}
        Err(std::fs::TryLockError::WouldBlock) => {
            let mut held = String::new();
            let _ = f.read_to_string(&mut held);
            return Err(StoreError::Locked(
                dir.display().to_string(),
                held.trim().parse().ok(),
            ));
        }
        Err(std::fs::TryLockError::Error(e)) => {
            return Err(dir_err(
                dir,
                format!("cannot lock {} ({e})", path.display()),
            ))
        }
    }
    f.set_len(0)?;
    f.rewind()?;
    writeln!(f, "{}", std::process::id())?;
    Ok(f)
}

/// A `file:` URI for `path` (percent-encoding all but unreserved characters and `/`).
fn file_uri(path: &Path, query: &str) -> String {
    let mut uri = String::from("file:");
    for &b in path.as_os_str().as_encoded_bytes() {
        if b.is_ascii_alphanumeric() || b"/-._~".contains(&b) {
            uri.push(b as char);
        } else {
            uri.push_str(&format!("%{b:02X}"));
        }
    }
    uri.push('?');
    uri.push_str(query);
    uri
}

/// Opens the database read-only. A WAL database needs its `-shm` file even to be read;
/// where that cannot be created (a directory the user may not write, read-only media)
/// the database is opened `immutable`: SQLite then takes no locks and reads only the
/// main file, so it sees what was checkpointed into it (all of it after a finished
/// ingest; not the last batches of a killed one until a writer opens the store again),
/// and it must not be written while open — no ingest can run where it cannot write.
fn open_db_read_only(db_path: &Path) -> Result<Connection> {
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY
        | OpenFlags::SQLITE_OPEN_NO_MUTEX
        | OpenFlags::SQLITE_OPEN_URI;
    let check =
        |db: &Connection| db.pragma_query_value(None, "user_version", |r| r.get::<_, i64>(0));
    let db = Connection::open_with_flags(file_uri(db_path, "mode=ro"), flags)?;
    match check(&db) {
        Ok(_) => Ok(db),
        Err(rusqlite::Error::SqliteFailure(e, _))
            if matches!(
                e.code,
                rusqlite::ErrorCode::ReadOnly | rusqlite::ErrorCode::CannotOpen
            ) =>
        {
            drop(db);
            let db = Connection::open_with_flags(file_uri(db_path, "immutable=1"), flags)?;
            check(&db)?;
            Ok(db)
        }
        Err(e) => Err(e.into()),
    }
}

/// The store: a SQLite database and a tantivy index in one directory.
pub struct Store {
    dir: PathBuf,
    /// A writer's lock on the directory (held while the store is open for writing).
    _lock: Option<std::fs::File>,
    db: Connection,
    index: Index,
    fields: Fields,
    writer: Option<IndexWriter>,
    reader: IndexReader,
    in_batch: Vec<String>,
    /// Milliseconds since `epoch` after which SQLite stops this handle's queries (0: never).
    deadline: std::sync::Arc<std::sync::atomic::AtomicU64>,
    epoch: std::time::Instant,
}

fn dir_err(dir: &Path, e: impl std::fmt::Display) -> StoreError {
    StoreError::Dir(dir.display().to_string(), e.to_string())
}

impl Store {
    /// Opens (creating if needed) the store in `dir` for writing, and repairs an index
    /// left behind by an interrupted run. One writer at a time: the directory's lock
    /// ([`LOCK_FILE`]) is taken before anything else is created, and a second writer
    /// gets [`StoreError::Locked`].
    pub fn open(dir: &Path) -> Result<Store> {
        Store::open_with(dir, false)
    }

    /// Opens the store in `dir` for writing with its search index built anew from the
    /// database, whatever made the old one; returns it and how many documents it holds.
    pub fn reindex(dir: &Path) -> Result<(Store, u64)> {
        let s = Store::open_with(dir, true)?;
        let n =
            s.db.query_row("SELECT COUNT(*) FROM documents", [], |r| r.get::<_, i64>(0))?;
        Ok((s, n as u64))
    }

    /// [`Store::open`]; with `rebuild`, the index is rebuilt even when it is current.
    fn open_with(dir: &Path, rebuild: bool) -> Result<Store> {
        let lock = lock_dir(dir)?;
        std::fs::create_dir_all(dir.join("index")).map_err(|e| {
            dir_err(
                dir,
                format!("cannot create it ({e}); check the path and permissions"),
            )
        })?;
        let db = Connection::open(dir.join("newsgraph.db"))?;
        db.pragma_update(None, "journal_mode", "WAL")?;
        db.pragma_update(None, "synchronous", "NORMAL")?;
        db.busy_timeout(std::time::Duration::from_secs(10))?;
        migrate(&db)?;
        let (schema, fields) = schema();
        let idx_dir = dir.join("index");
        // An index made by an earlier version (or a rebuild asked for) is made anew
        // from the database. The documents are marked first, so a run stopped half way
        // rebuilds again.
        let existing = match idx_dir.join("meta.json").exists() {
            true => Some(Index::open_in_dir(&idx_dir)?),
            false => None,
        };
        let index = match existing {
            Some(i) if i.schema() == schema && !rebuild => i,
            other => {
                drop(other);
                db.execute("UPDATE documents SET indexed = 0", [])?;
                std::fs::remove_dir_all(&idx_dir)?;
                std::fs::create_dir_all(&idx_dir)?;
                Index::create_in_dir(&idx_dir, schema)?
            }
        };
        register_tokenizers(&index);
        let writer = index.writer(64_000_000)?;
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        let mut s = Store {
            dir: dir.to_path_buf(),
            _lock: Some(lock),
            db,
            index,
            fields,
            writer: Some(writer),
            reader,
            in_batch: Vec::new(),
            deadline: Default::default(),
            epoch: std::time::Instant::now(),
        };
        s.repair()?;
        Ok(s)
    }

    /// Opens an existing store for reading only (searches, stats, exports): nothing in
    /// `dir` is written, so a store the user may not write can be read (see
    /// [`open_db_read_only`] for what that means while it is in WAL mode).
    pub fn open_read_only(dir: &Path) -> Result<Store> {
        let db_path = dir.join("newsgraph.db");
        if !db_path.exists() {
            return Err(dir_err(
                dir,
                "no store here; create one with `newsgraph ingest SOURCES --data DIR`",
            ));
        }
        let db = open_db_read_only(&db_path)?;
        db.busy_timeout(std::time::Duration::from_secs(10))?;
        let v: i64 = db.pragma_query_value(None, "user_version", |r| r.get(0))?;
        if v > SCHEMA_VERSION {
            return Err(StoreError::Version(v, SCHEMA_VERSION));
        }
        let index = Index::open(reader_dir::ReaderDir::open(&dir.join("index"))?)?;
        register_tokenizers(&index);
        let (schema, fields) = schema();
        if index.schema() != schema {
            return Err(StoreError::OldIndex(dir.display().to_string()));
        }
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        // Queries check their deadline every few thousand SQLite steps (microseconds).
        let deadline: std::sync::Arc<std::sync::atomic::AtomicU64> = Default::default();
        let epoch = std::time::Instant::now();
        let watched = std::sync::Arc::clone(&deadline);
        db.progress_handler(
            4096,
            Some(move || {
                let d = watched.load(std::sync::atomic::Ordering::Relaxed);
                d != 0 && epoch.elapsed().as_millis() as u64 > d
            }),
        )?;
        Ok(Store {
            dir: dir.to_path_buf(),
            _lock: None,
            db,
            index,
            fields,
            writer: None,
            reader,
            in_batch: Vec::new(),
            deadline,
            epoch,
        })
    }

    /// Stops this read-only handle's database queries that run past `deadline` (they
    /// fail with an error whose [`StoreError::is_timeout`] is true); `None` lifts it.
    pub fn set_deadline(&self, deadline: Option<std::time::Instant>) {
        let ms = deadline.map_or(0, |d| {
            (d.saturating_duration_since(self.epoch).as_millis() as u64).max(1)
        });
        self.deadline
            .store(ms, std::sync::atomic::Ordering::Relaxed);
    }

    /// Whether a document is stored already.
    pub fn has_doc(&self, id: &str) -> Result<bool> {
        Ok(self
            .db
            .query_row("SELECT 1 FROM documents WHERE id = ?1", [id], |_| Ok(()))
            .optional()?
            .is_some())
    }

    /// Every stored document id (for skipping them on a re-run).
    pub fn doc_ids(&self) -> Result<std::collections::HashSet<String>> {
        let mut st = self.db.prepare("SELECT id FROM documents")?;
        let ids = st
            .query_map([], |r| r.get::<_, String>(0))?
            .collect::<std::result::Result<_, _>>()?;
        Ok(ids)
    }

    /// The fingerprints of every story's first copy: (story, exact, simhash, simhash2, words).
    pub fn story_fingerprints(&self) -> Result<Vec<StoryFingerprint>> {
        let mut st = self.db.prepare(
            "SELECT story, fp_exact, fp_sim, fp_sim2, fp_words FROM documents WHERE dup = 'new'",
        )?;
        let rows = st
            .query_map([], |r| {
                Ok(StoryFingerprint {
                    story: r.get(0)?,
                    fingerprint: Fingerprint {
                        exact: r.get::<_, i64>(1)? as u64,
                        simhash: r.get::<_, i64>(2)? as u64,
                        simhash2: r.get::<_, i64>(3)? as u64,
                        words: r.get::<_, i64>(4)? as usize,
                    },
                })
            })?
            .collect::<std::result::Result<_, _>>()?;
        Ok(rows)
    }

    /// Begins a batch (one SQLite transaction).
    pub fn begin(&mut self) -> Result<()> {
        self.db.execute_batch("BEGIN IMMEDIATE")?;
        Ok(())
    }

    /// Adds one document to the current batch.
    pub fn add(&mut self, d: &NewDoc) -> Result<()> {
        let a = d.article;
        let published = a
            .published
            .as_ref()
            .map(|p| p.value.clone())
            .or(d.fallback_date.map(str::to_string));
        let site = a
            .site_name
            .clone()
            .or_else(|| a.url.as_deref().and_then(host));
        let json =
            serde_json::to_string(&serde_json::json!({"article": a, "analysis": d.analysis}))
                .map_err(|e| StoreError::Corrupt(d.id.to_string(), e.to_string()))?;
        self.db.prepare_cached(
            "INSERT OR IGNORE INTO documents (id, source, url, site, title, published, language, is_article, story, dup, text_len, fp_exact, fp_sim, fp_words, json, fp_sim2)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)")?.execute(params![
                d.id,
                d.source,
                a.url,
                site,
                a.title,
                published,
                a.language,
                a.is_article,
                d.story,
                d.dup.as_str(),
                a.text.len() as i64,
                d.fingerprint.exact as i64,
                d.fingerprint.simhash as i64,
                d.fingerprint.words as i64,
                json,
                d.fingerprint.simhash2 as i64
            ],
        )?;
        self.db
            .prepare_cached(
                "INSERT INTO stories (id, title, published, copies) VALUES (?1, ?2, ?3, 1)
             ON CONFLICT(id) DO UPDATE SET copies = copies + 1",
            )?
            .execute(params![d.story, a.title, published])?;
        let an = d.analysis;
        for e in &an.entities {
            let g = e.geo.as_ref();
            self.db.prepare_cached(
                "INSERT INTO entities (doc, eid, name, type, actor, country, role, geonames_id, lat, lon, mentions) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)")?.execute(params![
                    d.id,
                    e.id,
                    e.name,
                    serde_json::to_value(e.kind).ok().and_then(|v| v.as_str().map(str::to_string)),
                    e.actor,
                    e.country,
                    e.role,
                    g.and_then(|g| g.geonames_id).map(|id| id as i64),
                    g.map(|g| g.lat),
                    g.map(|g| g.lon),
                    e.mentions.len() as i64
                ],
            )?;
        }
        // Events with no actor stay in the stored analysis only (see `Event::actorless`).
        for (n, ev) in an.events.iter().enumerate().filter(|(_, e)| e.has_actor()) {
            let place = ev
                .place
                .as_ref()
                .and_then(|p| an.entities.iter().find(|e| &e.id == p));
            let geo = place.and_then(|p| p.geo.as_ref());
            self.db.prepare_cached(
                "INSERT INTO events (doc, n, cameo, root, plover, quad, goldstein, source_actor, target_actor, source_text, target_text, date, place, lat, lon, negated, hypothetical, confidence, sentence)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19)")?.execute(params![
                    d.id,
                    n as i64,
                    ev.cameo,
                    &ev.cameo[..ev.cameo.len().min(2)],
                    ev.plover,
                    ev.quad_class,
                    tenths(f64::from(ev.goldstein)),
                    ev.source.as_ref().map(|s| s.actor.clone()).filter(|a| !a.is_empty()),
                    ev.target.as_ref().map(|t| t.actor.clone()).filter(|a| !a.is_empty()),
                    ev.source.as_ref().map(|s| s.text.clone()),
                    ev.target.as_ref().map(|t| t.text.clone()),
                    ev.date.as_ref().and_then(|x| x.value.clone()).or(published.clone()),
                    place.map(|p| p.name.clone()),
                    geo.map(|g| g.lat),
                    geo.map(|g| g.lon),
                    ev.negated,
                    ev.hypothetical,
                    hundredths(f64::from(ev.confidence)),
                    a.text.get(ev.sentence[0]..ev.sentence[1]).unwrap_or("")
                ],
            )?;
        }
        for q in &an.quotes {
            let speaker = q
                .speaker
                .as_ref()
                .and_then(|s| an.entities.iter().find(|e| &e.id == s))
                .map(|e| e.name.clone());
            self.db.prepare_cached(
                "INSERT INTO quotes (doc, speaker, text, cue, direct) VALUES (?1, ?2, ?3, ?4, ?5)")?.execute(params![d.id, speaker, q.text, q.cue, q.direct],
            )?;
        }
        self.in_batch.push(d.id.to_string());
        Ok(())
    }

    /// Validators remembered for fetched URLs, by URL.
    pub fn fetch_state(&self) -> Result<std::collections::HashMap<String, Validators>> {
        let mut st = self
            .db
            .prepare("SELECT url, etag, last_modified FROM fetch_state")?;
        let rows = st
            .query_map([], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    Validators {
                        etag: r.get(1)?,
                        last_modified: r.get(2)?,
                    },
                ))
            })?
            .collect::<std::result::Result<_, _>>()?;
        Ok(rows)
    }

    /// Remembers a fetched URL's validators.
    pub fn set_fetch_state(&mut self, url: &str, v: &Validators) -> Result<()> {
        let (etag, last_modified) = (v.etag.as_deref(), v.last_modified.as_deref());
        self.db
            .prepare_cached(
                "INSERT OR REPLACE INTO fetch_state (url, etag, last_modified) VALUES (?1, ?2, ?3)",
            )?
            .execute(params![url, etag, last_modified])?;
        Ok(())
    }

    /// Records a document that could not be stored.
    pub fn add_error(&mut self, source: &str, kind: &str, message: &str) -> Result<()> {
        self.db.execute(
            "INSERT INTO errors (source, kind, message) VALUES (?1, ?2, ?3)",
            params![source, kind, message],
        )?;
        Ok(())
    }

    /// Commits the batch: SQLite first, then the index, then the rows are marked indexed.
    pub fn commit(&mut self) -> Result<()> {
        self.db.execute_batch("COMMIT")?;
        let ids = std::mem::take(&mut self.in_batch);
        self.index_docs(&ids)?;
        Ok(())
    }

    /// Indexes stored rows (used by commit and by repair), then marks them.
    fn index_docs(&mut self, ids: &[String]) -> Result<()> {
        let Some(w) = self.writer.as_mut() else {
            return Ok(());
        };
        let f = self.fields;
        for id in ids {
            let (story, json): (String, String) = self.db.query_row(
                "SELECT story, json FROM documents WHERE id = ?1",
                [id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )?;
            let v: serde_json::Value = serde_json::from_str(&json)
                .map_err(|e| StoreError::Corrupt(id.clone(), e.to_string()))?;
            let article: Article = serde_json::from_value(v["article"].clone())
                .map_err(|e| StoreError::Corrupt(id.clone(), e.to_string()))?;
            let analysis: Analysis = serde_json::from_value(v["analysis"].clone())
                .map_err(|e| StoreError::Corrupt(id.clone(), e.to_string()))?;
            let published: Option<String> =
                self.db
                    .query_row("SELECT published FROM documents WHERE id = ?1", [id], |r| {
                        r.get(0)
                    })?;
            let site: Option<String> =
                self.db
                    .query_row("SELECT site FROM documents WHERE id = ?1", [id], |r| {
                        r.get(0)
                    })?;
            w.delete_term(Term::from_field_text(f.id, id));
            let mut d = TantivyDocument::default();
            d.add_text(f.id, id);
            d.add_text(f.story, &story);
            d.add_u64(f.story_key, story_key(&story));
            d.add_text(f.title, article.title.as_deref().unwrap_or(""));
            d.add_text(f.text, &article.text);
            d.add_text(f.site, site.as_deref().unwrap_or("").to_lowercase());
            d.add_text(f.language, article.language.as_deref().unwrap_or(""));
            if let Some(day) = published.as_deref().and_then(day_number) {
                d.add_u64(f.day, day);
            }
            let mut seen = std::collections::HashSet::new();
            for e in &analysis.entities {
                if seen.insert(("e", e.name.to_lowercase())) {
                    d.add_text(f.entity, e.name.to_lowercase());
                }
                if matches!(e.kind, EntityKind::Place | EntityKind::Country)
                    && seen.insert(("place", e.name.clone()))
                {
                    d.add_text(f.place, &e.name);
                    if seen.insert(("place_key", e.name.to_lowercase())) {
                        d.add_text(f.place_key, e.name.to_lowercase());
                    }
                }
                if let Some(g) = &e.geo {
                    let point = search::pack_point(g.lat, g.lon);
                    if seen.insert(("geo", point.to_string())) {
                        d.add_u64(f.geo, point);
                    }
                }
                if let Some(a) = &e.actor {
                    if seen.insert(("a", a.clone())) {
                        d.add_text(f.actor, a);
                    }
                }
            }
            for ev in analysis.events.iter().filter(|e| e.has_actor()) {
                for code in [
                    ev.cameo.clone(),
                    ev.cameo[..ev.cameo.len().min(2)].to_string(),
                ] {
                    if seen.insert(("c", code.clone())) {
                        d.add_text(f.cameo, &code);
                    }
                }
                if let Some(p) = &ev.plover {
                    if seen.insert(("plover", p.clone())) {
                        d.add_text(f.plover, p);
                    }
                }
                for a in [&ev.source, &ev.target].into_iter().flatten() {
                    if !a.actor.is_empty() && seen.insert(("a", a.actor.clone())) {
                        d.add_text(f.actor, &a.actor);
                    }
                }
            }
            w.add_document(d)?;
        }
        w.commit()?;
        let tx = self.db.transaction()?;
        {
            let mut st = tx.prepare("UPDATE documents SET indexed = 1 WHERE id = ?1")?;
            for id in ids {
                st.execute([id])?;
            }
        }
        tx.commit()?;
        self.reader.reload()?;
        Ok(())
    }

    /// Indexes rows that an interrupted run stored but did not index.
    fn repair(&mut self) -> Result<()> {
        let ids: Vec<String> = {
            let mut st = self
                .db
                .prepare("SELECT id FROM documents WHERE indexed = 0 ORDER BY rowid")?;
            let r = st
                .query_map([], |r| r.get(0))?
                .collect::<std::result::Result<_, _>>()?;
            r
        };
        if !ids.is_empty() {
            for chunk in ids.chunks(500) {
                self.index_docs(chunk)?;
            }
        }
        Ok(())
    }

    /// Counts.
    pub fn stats(&self) -> Result<Stats> {
        let count = |sql: &str| -> Result<u64> {
            Ok(self.db.query_row(sql, [], |r| r.get::<_, i64>(0))? as u64)
        };
        let mut st = self
            .db
            .prepare("SELECT kind, COUNT(*) FROM errors GROUP BY kind ORDER BY kind")?;
        let errors = st
            .query_map([], |r| {
                Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)? as u64))
            })?
            .collect::<std::result::Result<_, _>>()?;
        Ok(Stats {
            documents: count("SELECT COUNT(*) FROM documents")?,
            articles: count("SELECT COUNT(*) FROM documents WHERE is_article = 1")?,
            stories: count("SELECT COUNT(*) FROM stories")?,
            entities: count("SELECT COUNT(*) FROM entities")?,
            quotes: count("SELECT COUNT(*) FROM quotes")?,
            events: count("SELECT COUNT(*) FROM events")?,
            errors,
            bytes_on_disk: dir_size(&self.dir),
        })
    }

    /// Events between two actors (codes as prefixes: "TUR" matches TURGOV), both
    /// directions, per `by` period ("day", "week" or "month").
    pub fn relations(&self, a: &str, b: &str, by: &str) -> Result<Vec<RelationBucket>> {
        let a = self.actor_code(a)?;
        let b = self.actor_code(b)?;
        let (a, b) = (a.as_str(), b.as_str());
        let period = match by {
            "day" => "substr(date, 1, 10)",
            "week" => "strftime('%Y-W%W', substr(date, 1, 10))",
            _ => "substr(date, 1, 7)",
        };
        let sql = format!(
            "SELECT {period} AS p, quad, COUNT(*), SUM(goldstein) FROM events
             WHERE date IS NOT NULL AND negated = 0 AND hypothetical = 0 AND (
               (source_actor >= ?1 AND source_actor < ?1 || '~' AND target_actor >= ?2 AND target_actor < ?2 || '~') OR
               (source_actor >= ?2 AND source_actor < ?2 || '~' AND target_actor >= ?1 AND target_actor < ?1 || '~'))
             GROUP BY p, quad ORDER BY p"
        );
        let mut st = self.db.prepare(&sql)?;
        let mut out: Vec<RelationBucket> = Vec::new();
        let rows = st.query_map(params![a.to_uppercase(), b.to_uppercase()], |r| {
            Ok((
                r.get::<_, Option<String>>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, i64>(2)?,
                r.get::<_, f64>(3)?,
            ))
        })?;
        for row in rows {
            let (p, quad, n, g) = row?;
            let Some(p) = p else { continue };
            if out.last().is_none_or(|l| l.period != p) {
                out.push(RelationBucket {
                    period: p,
                    quad: [0; 4],
                    goldstein: 0.0,
                    events: 0,
                });
            }
            let b = out.last_mut().expect("just pushed");
            if (1..=4).contains(&quad) {
                b.quad[quad as usize - 1] += n as u64;
            }
            b.goldstein = tenths(b.goldstein + g);
            b.events += n as u64;
        }
        Ok(out)
    }

    /// An actor code for `name`: itself when it reads as a code ("TUR", "RUSGOV"), else
    /// the code most often given to an entity of that name ("Erdogan" → TURGOV); a code
    /// typed in lower case ("tur") is taken too, but a name the store does not know
    /// ("Nobody") is [`StoreError::BadQuery`], not a made-up code.
    pub fn actor_code(&self, name: &str) -> Result<String> {
        let looks_like_code = name.len() >= 3
            && name
                .chars()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit());
        if looks_like_code {
            return Ok(name.to_string());
        }
        // The name as written (from the index), else any case or a surname ("Biden" for
        // "Joe Biden"), which reads the whole table.
        let exact: Option<String> = self
            .db
            .query_row(
                "SELECT actor FROM entities WHERE name = ?1 AND actor IS NOT NULL
                 GROUP BY actor ORDER BY COUNT(*) DESC LIMIT 1",
                [name],
                |r| r.get(0),
            )
            .optional()?;
        if let Some(code) = exact {
            return Ok(code);
        }
        let escaped: String = name
            .chars()
            .flat_map(|c| match c {
                '%' | '_' | '\\' => vec!['\\', c],
                c => vec![c],
            })
            .collect();
        let code: Option<String> = self
            .db
            .query_row(
                "SELECT actor FROM entities WHERE actor IS NOT NULL
                   AND (name = ?1 COLLATE NOCASE OR name LIKE '% ' || ?2 ESCAPE '\\')
                 GROUP BY actor ORDER BY COUNT(*) DESC LIMIT 1",
                [name, &escaped],
                |r| r.get(0),
            )
            .optional()?;
        if let Some(code) = code {
            return Ok(code);
        }
        let lower_code = (3..=12).contains(&name.len())
            && name
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit());
        if lower_code {
            return Ok(name.to_uppercase());
        }
        Err(StoreError::BadQuery(format!(
            "no actor named \"{name}\" in the store: give a name as the articles write it \
             (Erdogan, United Nations) or a CAMEO actor code (TUR, RUSGOV)"
        )))
    }

    /// The SQLite connection, for exports and custom queries.
    pub fn db(&self) -> &Connection {
        &self.db
    }
}

fn migrate(db: &Connection) -> Result<()> {
    let v: i64 = db.pragma_query_value(None, "user_version", |r| r.get(0))?;
    if v > SCHEMA_VERSION {
        return Err(StoreError::Version(v, SCHEMA_VERSION));
    }
    for (i, m) in MIGRATIONS.iter().enumerate().skip(v as usize) {
        db.execute_batch(&format!(
            "BEGIN; {m}; PRAGMA user_version = {}; COMMIT;",
            i + 1
        ))?;
    }
    Ok(())
}

/// The day of a date ("2024-03-05", or the start of a timestamp) counted from
/// 1970-01-01, for the index; `None` for an impossible date or one before 1970.
pub fn day_number(s: &str) -> Option<u64> {
    let d: jiff::civil::Date = s.get(..10)?.parse().ok()?;
    let days = EPOCH.until((jiff::Unit::Day, d)).ok()?.get_days();
    u64::try_from(days).ok()
}

/// `x` to one decimal, as Goldstein values are given: an `f32` value such as 1.9 is
/// 1.899999976… as an `f64`, and sums of stored values carry that noise.
pub(crate) fn tenths(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

/// `x` to two decimals, as coder confidences are given (an `f32` 0.85 is 0.8500000238…
/// as an `f64`).
pub(crate) fn hundredths(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

/// Day 0 of [`day_number`].
const EPOCH: jiff::civil::Date = jiff::civil::date(1970, 1, 1);

/// The "YYYY-MM" month of a day number from [`day_number`].
pub fn month_of_day(days: u64) -> String {
    i32::try_from(days)
        .ok()
        .and_then(|n| EPOCH.checked_add(jiff::Span::new().try_days(n).ok()?).ok())
        .map_or_else(String::new, |d| format!("{:04}-{:02}", d.year(), d.month()))
}

/// The host of a URL, without "www.".
pub fn host(url: &str) -> Option<String> {
    let rest = url.split_once("://")?.1;
    let h = rest.split(['/', '?', '#', ':']).next()?;
    (!h.is_empty()).then(|| h.trim_start_matches("www.").to_lowercase())
}

fn dir_size(dir: &Path) -> u64 {
    let mut total = 0;
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        if let Ok(rd) = std::fs::read_dir(&d) {
            for e in rd.flatten() {
                match e.metadata() {
                    Ok(m) if m.is_dir() => stack.push(e.path()),
                    Ok(m) => total += m.len(),
                    Err(_) => {}
                }
            }
        }
    }
    total
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A store in `dir` holding two documents naming places; with `old_index`, it is
    /// opened over an index made as before places were indexed (which it rebuilds).
    fn store_with_places(dir: &Path, old_index: bool) -> Store {
        let _ = std::fs::remove_dir_all(dir);
        if old_index {
            let mut b = Schema::builder();
            for (_, entry) in schema().0.fields() {
                if entry.name() != "place" {
                    b.add_field(entry.clone());
                }
            }
            std::fs::create_dir_all(dir.join("index")).unwrap();
            Index::create_in_dir(dir.join("index"), b.build()).unwrap();
        }
        let mut store = Store::open(dir).unwrap();
        assert_eq!(store.index.schema(), schema().0);
        store.begin().unwrap();
        let place = |id: &str, name: &str, kind| newsgraph_model::Entity {
            id: id.into(),
            name: name.into(),
            kind,
            mentions: vec![[0, 1]],
            references: Vec::new(),
            role: None,
            country: None,
            affiliation: None,
            actor: None,
            geo: None,
        };
        for (id, text, names) in [
            (
                "d1",
                "Talks in Nairobi about Kenya.",
                vec![
                    ("Nairobi", EntityKind::Place),
                    ("Kenya", EntityKind::Country),
                ],
            ),
            (
                "d2",
                "Talks in Kampala, far from Nairobi.",
                vec![
                    ("Kampala", EntityKind::Place),
                    ("Nairobi", EntityKind::Place),
                ],
            ),
        ] {
            let article = Article {
                title: Some(format!("Talks {id}")),
                text: text.into(),
                ..Article::default()
            };
            let analysis = Analysis {
                entities: names
                    .iter()
                    .enumerate()
                    .map(|(i, (n, k))| place(&format!("e{i}"), n, *k))
                    .collect(),
                ..Analysis::default()
            };
            store
                .add(&NewDoc {
                    id,
                    source: "test",
                    article: &article,
                    analysis: &analysis,
                    story: id,
                    dup: DupKind::New,
                    fingerprint: Fingerprint {
                        exact: id.len() as u64,
                        simhash: id.as_bytes()[1] as u64,
                        simhash2: 0,
                        words: 5,
                    },
                    fallback_date: Some("2025-06-11"),
                })
                .unwrap();
        }
        store.commit().unwrap();
        store.refresh().unwrap();
        store
    }

    #[test]
    fn an_old_index_is_rebuilt_by_a_writer_and_refused_with_advice_by_a_reader() {
        let dir = std::env::temp_dir().join(format!("ng-store-oldindex-{}", std::process::id()));
        drop(store_with_places(&dir, false));
        // Put back an index of an earlier schema, as an upgrade finds it.
        std::fs::remove_dir_all(dir.join("index")).unwrap();
        let mut b = Schema::builder();
        for (_, entry) in schema().0.fields() {
            if entry.name() != "geo" {
                b.add_field(entry.clone());
            }
        }
        std::fs::create_dir_all(dir.join("index")).unwrap();
        Index::create_in_dir(dir.join("index"), b.build()).unwrap();
        let err = Store::open_read_only(&dir)
            .err()
            .expect("an old index is refused");
        assert!(err.to_string().contains("newsgraph reindex"), "{err}");
        // A writer rebuilds it from the database: both documents are found again.
        drop(Store::open(&dir).unwrap());
        let store = Store::open_read_only(&dir).unwrap();
        let r = store
            .search(&SearchQuery {
                text: "talks".into(),
                ..SearchQuery::default()
            })
            .unwrap();
        assert_eq!(r.total, 2);
        std::fs::remove_dir_all(&dir).ok();
    }

    #[test]
    fn place_facet_counts_documents_from_new_and_old_indexes() {
        for old in [false, true] {
            let dir =
                std::env::temp_dir().join(format!("ng-store-places-{old}-{}", std::process::id()));
            let store = store_with_places(&dir, old);
            let r = store
                .search(&SearchQuery {
                    text: "talks".into(),
                    limit: 10,
                    ..SearchQuery::default()
                })
                .unwrap();
            let count = |v: &str| {
                r.facets["place"]
                    .iter()
                    .find(|f| f.value == v)
                    .map(|f| f.count)
            };
            assert_eq!(count("Nairobi"), Some(2), "old index: {old}");
            assert_eq!(count("Kenya"), Some(1), "old index: {old}");
            assert_eq!(count("Kampala"), Some(1), "old index: {old}");
            assert_eq!(r.facets["month"][0].value, "2025-06");
            std::fs::remove_dir_all(&dir).ok();
        }
    }

    /// An event between actors with these codes (none: no actor on that side).
    fn test_event(
        cameo: &str,
        quad_class: u8,
        source: Option<&str>,
        target: Option<&str>,
    ) -> newsgraph_model::Event {
        let actor = |a: &str| newsgraph_model::Actor {
            entity: None,
            actor: a.into(),
            text: a.into(),
            span: None,
        };
        newsgraph_model::Event {
            cameo: cameo.into(),
            plover: None,
            plover_mode: None,
            quad_class,
            goldstein: 0.0,
            source: source.map(actor),
            target: target.map(actor),
            place: None,
            date: None,
            sentence: [0, 10],
            trigger: String::new(),
            negated: false,
            hypothetical: false,
            confidence: 0.8,
            actorless: source.is_none() && target.is_none(),
        }
    }

    #[test]
    fn events_without_actors_stay_in_the_document_but_out_of_lists_and_counts() {
        let dir = std::env::temp_dir().join(format!("ng-store-actorless-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let mut store = Store::open(&dir).unwrap();
        store.begin().unwrap();
        use newsgraph_model::Event;
        let event = |cameo: &str, source: Option<&str>| Event {
            goldstein: -10.0,
            trigger: "fighting".into(),
            ..test_event(cameo, 4, source, None)
        };
        let article = Article {
            text: "Fighting broke out. Rebels attacked.".into(),
            is_article: true,
            ..Article::default()
        };
        let analysis = Analysis {
            events: vec![event("190", None), event("190", Some("REB"))],
            ..Analysis::default()
        };
        store
            .add(&NewDoc {
                id: "a1",
                source: "test",
                article: &article,
                analysis: &analysis,
                story: "a1",
                dup: DupKind::New,
                fingerprint: Fingerprint {
                    exact: 1,
                    simhash: 2,
                    simhash2: 0,
                    words: 5,
                },
                fallback_date: Some("2025-06-11"),
            })
            .unwrap();
        store.commit().unwrap();
        store.refresh().unwrap();
        assert_eq!(store.stats().unwrap().events, 1);
        let all = EventFilter {
            limit: 10,
            ..EventFilter::default()
        };
        let rows = store.events(&all).unwrap();
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].source.as_deref(), Some("REB"));
        std::fs::remove_dir_all(&dir).ok();
    }

    #[test]
    fn goldstein_values_and_their_sums_read_back_to_one_decimal() {
        assert_eq!(tenths(f64::from(1.9f32)), 1.9);
        assert_eq!(tenths(-28.800000190734863), -28.8);
        assert_eq!(hundredths(f64::from(0.85f32)), 0.85);
        let dir = std::env::temp_dir().join(format!("ng-store-goldstein-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let mut store = Store::open(&dir).unwrap();
        store.begin().unwrap();
        use newsgraph_model::Event;
        let event = Event {
            trigger: "offered".into(),
            ..test_event("036", 1, Some("USA"), Some("RUS"))
        };
        let events = [1.9f32, 1.9, -2.2]
            .iter()
            .map(|&g| Event {
                goldstein: g,
                ..event.clone()
            })
            .collect();
        let article = Article {
            text: "The United States offered talks to Russia.".into(),
            is_article: true,
            ..Article::default()
        };
        store
            .add(&NewDoc {
                id: "g1",
                source: "test",
                article: &article,
                analysis: &Analysis {
                    events,
                    ..Analysis::default()
                },
                story: "g1",
                dup: DupKind::New,
                fingerprint: Fingerprint::default(),
                fallback_date: Some("2025-06-11"),
            })
            .unwrap();
        store.commit().unwrap();
        store.refresh().unwrap();
        let rows = store
            .events(&EventFilter {
                limit: 10,
                ..EventFilter::default()
            })
            .unwrap();
        let json = serde_json::to_string(&rows).unwrap();
        assert!(
            json.contains("\"goldstein\":1.9") && !json.contains("1.8999"),
            "{json}"
        );
        let rel = store.relations("USA", "RUS", "month").unwrap();
        assert_eq!(rel[0].goldstein, 1.6);
        // Codes in any case are codes; a name nobody carries is an error, not NOBODY.
        assert_eq!(store.relations("usa", "rus", "month").unwrap().len(), 1);
        let err = store.relations("Nobody", "RUS", "month").unwrap_err();
        assert!(
            matches!(&err, StoreError::BadQuery(m) if m.contains("Nobody")),
            "{err}"
        );
        std::fs::remove_dir_all(&dir).ok();
    }

    #[test]
    fn day_numbers() {
        assert_eq!(day_number("1970-01-01"), Some(0));
        assert_eq!(day_number("1970-01-02"), Some(1));
        assert_eq!(day_number("1969-12-31"), None);
        assert_eq!(day_number("2023-02-31"), None);
        assert_eq!(day_number("2023-13-01"), None);
        assert_eq!(day_number("2024-03-05"), Some(19787));
        assert_eq!(day_number("2024-03-05T10:00:00Z"), Some(19787));
        for d in [
            "1999-12-31",
            "2000-02-29",
            "2024-01-01",
            "2024-03-05",
            "2025-12-31",
        ] {
            assert_eq!(month_of_day(day_number(d).unwrap()), d[..7]);
        }
        assert_eq!(
            host("https://www.example.com/a/b"),
            Some("example.com".into())
        );
    }
}
