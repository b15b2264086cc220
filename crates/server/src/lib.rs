//! The HTTP JSON API over a newsgraph data directory — search with facets, articles with
//! their analysis, stories, events and their places, relations between actors, entity
//! autocompletion, analysis of a posted page without storing it — and the web page
//! built on it (served at `/`).
//!
//! Requests run on a small pool of read-only store handles; a request that cannot get
//! one within the busy timeout gets 503, never an unbounded wait, and one whose queries
//! run past the query timeout is stopped with 503. Errors are JSON:
//! `{"error": {"status": 400, "message": "…"}}`.

mod conn;
mod export;
mod params;
mod web;

use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use newsgraph_analyse::Analyser;
use newsgraph_store::Store;
use params::Params;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Server settings.
#[derive(Debug, Clone)]
pub struct Config {
    /// Read-only store handles (concurrent requests served at once).
    pub readers: usize,
    /// Longest wait for a store handle, or for an analysis slot, before answering 503.
    pub busy_timeout: Duration,
    /// Analyses (`POST /api/analyse`) run at once; more wait up to the busy timeout.
    pub analyses: usize,
    /// Largest request body (for `POST /api/analyse`), in bytes.
    pub max_body: usize,
    /// Longest a request's database queries may run before it gets 503.
    pub query_timeout: Duration,
    /// Longest wait for a complete request head (request line and headers), from the
    /// moment a connection is accepted or its previous response is sent; the connection
    /// is closed after it, so partial headers, and idle keep-alive connections, are not
    /// held longer.
    pub header_timeout: Duration,
    /// Longest a request body or a response may stall (no bytes moving) before the
    /// connection is closed.
    pub idle_timeout: Duration,
    /// Most connections open at once; more wait, unaccepted, in the listen queue.
    pub max_connections: usize,
}

impl Default for Config {
    fn default() -> Config {
        Config {
            readers: std::thread::available_parallelism()
                .map_or(2, |n| n.get())
                .max(2),
            busy_timeout: Duration::from_secs(5),
            analyses: std::thread::available_parallelism().map_or(2, |n| n.get()),
            max_body: 10 * 1024 * 1024,
            query_timeout: Duration::from_secs(10),
            header_timeout: Duration::from_secs(10),
            idle_timeout: Duration::from_secs(60),
            max_connections: conn::default_max_connections(),
        }
    }
}

/// Exports that may stream at once (each holds its own store handle).
const EXPORTS_AT_ONCE: usize = 2;

/// What every handler shares.
pub struct AppState {
    data: std::path::PathBuf,
    pool: Vec<Mutex<Store>>,
    /// One permit per store handle: a request waits here, not by polling the handles.
    free: Arc<tokio::sync::Semaphore>,
    exports: Arc<tokio::sync::Semaphore>,
    /// One permit per analysis allowed at once.
    analyses: Arc<tokio::sync::Semaphore>,
    analyser: Arc<Analyser>,
    /// PLOVER categories a `plover` parameter may name.
    plover: Vec<String>,
    config: Config,
}

impl AppState {
    /// Opens `config.readers` read-only handles on the store in `data`.
    pub fn open(
        data: &std::path::Path,
        config: Config,
    ) -> Result<AppState, newsgraph_store::StoreError> {
        let analyser = Analyser::new();
        let pool: Vec<Mutex<Store>> = (0..config.readers.max(1))
            .map(|_| Store::open_read_only(data).map(Mutex::new))
            .collect::<Result<_, _>>()?;
        Ok(AppState {
            data: data.to_path_buf(),
            free: Arc::new(tokio::sync::Semaphore::new(pool.len())),
            pool,
            exports: Arc::new(tokio::sync::Semaphore::new(EXPORTS_AT_ONCE)),
            analyses: Arc::new(tokio::sync::Semaphore::new(config.analyses.max(1))),
            plover: analyser.lexicon().plover_categories(),
            analyser: Arc::new(analyser),
            config,
        })
    }
}

/// An API error: a status and a message saying what was wrong.
#[derive(Debug)]
pub struct ApiError(pub(crate) StatusCode, pub(crate) String);

impl ApiError {
    pub(crate) fn bad(msg: impl Into<String>) -> ApiError {
        ApiError(StatusCode::BAD_REQUEST, msg.into())
    }
    fn not_found(msg: impl Into<String>) -> ApiError {
        ApiError(StatusCode::NOT_FOUND, msg.into())
    }
    pub(crate) fn internal(msg: impl std::fmt::Display) -> ApiError {
        ApiError(StatusCode::INTERNAL_SERVER_ERROR, msg.to_string())
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = serde_json::json!({"error": {"status": self.0.as_u16(), "message": self.1}});
        (self.0, Json(body)).into_response()
    }
}

pub(crate) type ApiResult = Result<Response, ApiError>;

/// Runs `f` with a store handle on a blocking thread; 503 when none frees up in time.
async fn with_store<T, F>(state: &Arc<AppState>, f: F) -> Result<T, ApiError>
where
    T: Send + 'static,
    F: FnOnce(&Store) -> Result<T, ApiError> + Send + 'static,
{
    let busy = state.config.busy_timeout;
    let permit = tokio::time::timeout(busy, Arc::clone(&state.free).acquire_owned())
        .await
        .map_err(|_| {
            ApiError(
                StatusCode::SERVICE_UNAVAILABLE,
                format!(
                    "the store is busy: no reader came free within {:.1} s; retry shortly",
                    busy.as_secs_f64()
                ),
            )
        })?
        .map_err(ApiError::internal)?;
    let state = Arc::clone(state);
    tokio::task::spawn_blocking(move || {
        let _permit = permit;
        // With a permit, one handle is free: each permit holder locks at most one.
        let store = state
            .pool
            .iter()
            .find_map(|slot| slot.try_lock().ok())
            .ok_or_else(|| ApiError::internal("no free store reader despite a permit"))?;
        store.set_deadline(Some(Instant::now() + state.config.query_timeout));
        let out = f(&store);
        store.set_deadline(None);
        out
    })
    .await
    .map_err(ApiError::internal)?
}

fn json<T: serde::Serialize>(v: &T) -> ApiResult {
    Ok(Json(v).into_response())
}

fn store_err(e: newsgraph_store::StoreError) -> ApiError {
    if e.is_timeout() {
        return ApiError(
            StatusCode::SERVICE_UNAVAILABLE,
            "the query ran past the server's time limit (--query-timeout); narrow it: \
             dates, actor codes, full names"
                .into(),
        );
    }
    if let newsgraph_store::StoreError::BadQuery(m) = e {
        return ApiError::bad(m);
    }
    ApiError::internal(e)
}

/// The API routes over `state` (every response says `X-Content-Type-Options: nosniff`).
pub fn router(state: Arc<AppState>) -> Router {
    let mut r = Router::new();
    for path in web::paths() {
        r = r.route(path, get(page));
    }
    r.route("/api/stats", get(stats))
        .route("/api/search", get(search))
        .route("/api/articles/{id}", get(article))
        .route("/api/stories/{id}", get(story))
        .route("/api/events", get(events))
        .route("/api/places", get(places))
        .route("/api/relations", get(relations))
        .route("/api/entities", get(entities))
        .route("/api/analyse", post(analyse))
        .route("/api/export", get(export::export))
        .route("/api/openapi.json", get(openapi))
        .route("/api/ingest", get(ingest_progress))
        .fallback(|| async {
            ApiError::not_found("no such endpoint: the web page is at /, the API under /api/")
        })
        .method_not_allowed_fallback(|method: axum::http::Method| async move {
            ApiError(
                StatusCode::METHOD_NOT_ALLOWED,
                format!(
                    "{method} is not allowed here: POST /api/analyse, GET everywhere else (see /api/openapi.json)"
                ),
            )
        })
        .with_state(state)
        // Every response, errors included: browsers must not guess another type.
        .layer(tower_http::set_header::SetResponseHeaderLayer::overriding(
            axum::http::header::X_CONTENT_TYPE_OPTIONS,
            axum::http::HeaderValue::from_static("nosniff"),
        ))
}

async fn page(uri: axum::http::Uri, headers: axum::http::HeaderMap) -> Response {
    web::asset(uri.path(), &headers)
}

pub use conn::default_max_connections;

/// Serves the API on `listener` until Ctrl-C, within the connection limits of the
/// state's [`Config`] (`max_connections`, `header_timeout`, `idle_timeout`).
pub async fn serve(listener: tokio::net::TcpListener, state: Arc<AppState>) -> std::io::Result<()> {
    let config = state.config.clone();
    conn::serve(listener, router(state), &config, async {
        let _ = tokio::signal::ctrl_c().await;
    })
    .await
}

/// The OpenAPI 3.1 description of this API.
pub const OPENAPI: &str = include_str!("../openapi.json");

async fn openapi() -> Response {
    (
        [(axum::http::header::CONTENT_TYPE, "application/json")],
        OPENAPI,
    )
        .into_response()
}

async fn ingest_progress(State(state): State<Arc<AppState>>) -> ApiResult {
    use newsgraph_store::progress;
    let last = progress::read_progress(&state.data);
    let running = last
        .as_ref()
        .is_some_and(|p| p.running(progress::unix_now()));
    json(&serde_json::json!({"running": running, "last": last}))
}

async fn stats(State(state): State<Arc<AppState>>) -> ApiResult {
    let s = with_store(&state, |s| s.stats().map_err(store_err)).await?;
    json(&s)
}

async fn search(
    State(state): State<Arc<AppState>>,
    Query(q): Query<HashMap<String, String>>,
) -> ApiResult {
    let p = Params::new(
        q,
        &[
            "q", "from", "to", "site", "language", "entity", "actor", "cameo", "plover", "place",
            "near", "offset", "limit",
        ],
    )?;
    let query = newsgraph_store::SearchQuery {
        text: p.text("q").unwrap_or_default(),
        from: p.date("from")?,
        to: p.date("to")?,
        site: p.text("site").map(|s| s.to_lowercase()),
        language: p.text("language"),
        entity: p.text("entity"),
        actor: p.code("actor", |c| c.is_ascii_alphanumeric())?,
        cameo: p.code("cameo", |c| c.is_ascii_digit())?,
        plover: p.plover("plover", &state.plover)?,
        place: p.text("place"),
        near: p.near("near")?,
        offset: p.number("offset", 0, 0, 10_000)?,
        limit: p.number("limit", 10, 1, 100)?,
    };
    let r = with_store(&state, move |s| {
        s.refresh().map_err(store_err)?;
        s.search(&query).map_err(store_err)
    })
    .await?;
    json(&r)
}

async fn article(State(state): State<Arc<AppState>>, Path(id): Path<String>) -> ApiResult {
    let doc = with_store(&state, move |s| s.document(&id).map_err(store_err)).await?;
    let Some(doc) = doc else {
        return Err(ApiError::not_found("no article with this id"));
    };
    let mut v: serde_json::Value = serde_json::from_str(&doc.json).map_err(ApiError::internal)?;
    if let Some(o) = v.as_object_mut() {
        o.insert("id".into(), doc.id.into());
        o.insert("story".into(), doc.story.into());
    }
    json(&v)
}

async fn story(State(state): State<Arc<AppState>>, Path(id): Path<String>) -> ApiResult {
    let copies = with_store(&state, {
        let id = id.clone();
        move |s| s.story_copies(&id).map_err(store_err)
    })
    .await?;
    if copies.is_empty() {
        return Err(ApiError::not_found("no story with this id"));
    }
    json(&serde_json::json!({"id": id, "copies": copies}))
}

/// The event filter from query parameters, with its page-size limits.
fn event_filter(
    q: HashMap<String, String>,
    max_limit: usize,
    default_limit: usize,
    plover: &[String],
) -> Result<newsgraph_store::EventFilter, ApiError> {
    let p = Params::new(
        q,
        &[
            "actor", "with", "source", "target", "cameo", "plover", "place", "from", "to", "all",
            "offset", "limit",
        ],
    )?;
    let actor = |name: &str| p.code(name, |c| c.is_ascii_alphanumeric());
    let filter = newsgraph_store::EventFilter {
        actor: actor("actor")?,
        with: actor("with")?,
        source: actor("source")?,
        target: actor("target")?,
        cameo: p.code("cameo", |c| c.is_ascii_digit())?,
        plover: p.plover("plover", plover)?,
        place: p.text("place"),
        from: p.date("from")?,
        to: p.date("to")?,
        all: p.choice("all", &["false", "true"])? == "true",
        offset: p.number("offset", 0, 0, 100_000)?,
        limit: p.number("limit", default_limit, 1, max_limit)?,
    };
    Ok(filter)
}

async fn events(
    State(state): State<Arc<AppState>>,
    Query(q): Query<HashMap<String, String>>,
) -> ApiResult {
    let filter = event_filter(q, 500, 50, &state.plover)?;
    let rows = with_store(&state, move |s| s.events(&filter).map_err(store_err)).await?;
    json(&rows)
}

async fn places(
    State(state): State<Arc<AppState>>,
    Query(q): Query<HashMap<String, String>>,
) -> ApiResult {
    let filter = event_filter(q, 5000, 1000, &state.plover)?;
    let rows = with_store(&state, move |s| s.event_places(&filter).map_err(store_err)).await?;
    json(&rows)
}

async fn relations(
    State(state): State<Arc<AppState>>,
    Query(q): Query<HashMap<String, String>>,
) -> ApiResult {
    let p = Params::new(q, &["a", "b", "by"])?;
    let a = p.required("a")?;
    let b = p.required("b")?;
    let by = p.choice("by", &["month", "week", "day"])?;
    let out = with_store(&state, move |s| {
        let codes = (
            s.actor_code(&a).map_err(store_err)?,
            s.actor_code(&b).map_err(store_err)?,
        );
        let periods = s.relations(&codes.0, &codes.1, &by).map_err(store_err)?;
        Ok(serde_json::json!({"a": codes.0, "b": codes.1, "by": by, "periods": periods}))
    })
    .await?;
    json(&out)
}

async fn entities(
    State(state): State<Arc<AppState>>,
    Query(q): Query<HashMap<String, String>>,
) -> ApiResult {
    let p = Params::new(q, &["q", "limit"])?;
    let prefix = p.required("q")?;
    let limit = p.number("limit", 10, 1, 50)?;
    let names = with_store(&state, move |s| {
        s.entity_names(&prefix, limit).map_err(store_err)
    })
    .await?;
    json(&names)
}

async fn analyse(
    State(state): State<Arc<AppState>>,
    Query(q): Query<HashMap<String, String>>,
    request: axum::extract::Request,
) -> ApiResult {
    let limit = state.config.max_body;
    let too_large = || {
        ApiError(
            StatusCode::PAYLOAD_TOO_LARGE,
            format!("the body is larger than the {limit} byte limit"),
        )
    };
    // Refuse a declared oversized body at once, before reading any of it.
    let declared = request
        .headers()
        .get(axum::http::header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > limit as u64) {
        return Err(too_large());
    }
    let body: Bytes = axum::body::to_bytes(request.into_body(), limit)
        .await
        .map_err(|_| too_large())?;
    let p = Params::new(q, &["url", "type", "date"])?;
    let input = match p.choice("type", &["auto", "html", "text"])?.as_str() {
        "html" => newsgraph_extract::InputHint::Html,
        "text" => newsgraph_extract::InputHint::Text,
        _ => newsgraph_extract::InputHint::Auto,
    };
    let url = p.text("url");
    let date = p.date("date")?;
    // Analyses are CPU work: a few at once, the rest wait briefly, then 503.
    let busy = state.config.busy_timeout;
    let permit = tokio::time::timeout(busy, Arc::clone(&state.analyses).acquire_owned())
        .await
        .map_err(|_| {
            ApiError(
                StatusCode::SERVICE_UNAVAILABLE,
                format!(
                    "the server is busy analysing other documents (no slot came free within \
                     {:.1} s); retry shortly",
                    busy.as_secs_f64()
                ),
            )
        })?
        .map_err(ApiError::internal)?;
    let analyser = Arc::clone(&state.analyser);
    let out = tokio::task::spawn_blocking(move || {
        // Held until the analysis ends, even if the client has gone.
        let _permit = permit;
        let doc = newsgraph_ingest::process::Document {
            bytes: &body,
            url: url.as_deref(),
            charset: None,
            input,
            transport_date: None,
        };
        let opts = newsgraph_ingest::process::ProcessOptions {
            default_date: date.as_deref(),
            deadline: None,
        };
        let done = newsgraph_ingest::process::process(&analyser, &doc, &opts)
            .map_err(|e| ApiError(StatusCode::UNPROCESSABLE_ENTITY, e.to_string()))?;
        // Written straight to bytes here, off the async threads, with no JSON tree in
        // between (a long text's analysis is several times its size).
        serde_json::to_vec(&done).map_err(ApiError::internal)
    })
    .await
    .map_err(ApiError::internal)??;
    Ok((
        [(
            axum::http::header::CONTENT_TYPE,
            axum::http::HeaderValue::from_static("application/json"),
        )],
        out,
    )
        .into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_query_past_the_time_limit_is_stopped_with_503_and_the_reader_freed() {
        let dir = std::env::temp_dir().join(format!("ng-server-slow-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        drop(Store::open(&dir).unwrap());
        let config = Config {
            readers: 1,
            query_timeout: Duration::from_millis(100),
            ..Config::default()
        };
        let state = Arc::new(AppState::open(&dir, config).unwrap());
        // A query that would count to a billion.
        let slow = |s: &Store| {
            s.db()
                .query_row(
                    "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 1000000000)
                     SELECT COUNT(*) FROM c",
                    [],
                    |r| r.get::<_, i64>(0),
                )
                .map_err(|e| store_err(e.into()))
        };
        let start = Instant::now();
        let err = with_store(&state, slow).await.expect_err("stopped");
        assert_eq!(err.0, StatusCode::SERVICE_UNAVAILABLE, "{}", err.1);
        assert!(err.1.contains("time limit"), "{}", err.1);
        assert!(
            start.elapsed() < Duration::from_secs(5),
            "{:?}",
            start.elapsed()
        );
        // The same reader answers the next request, with no deadline left behind.
        assert!(with_store(&state, |s| s.stats().map_err(store_err))
            .await
            .is_ok());
        std::fs::remove_dir_all(&dir).ok();
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_request_that_finds_every_reader_busy_gets_503_after_the_timeout() {
        let dir = std::env::temp_dir().join(format!("ng-server-busy-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        drop(Store::open(&dir).unwrap());
        let config = Config {
            readers: 1,
            busy_timeout: Duration::from_millis(100),
            ..Config::default()
        };
        let state = Arc::new(AppState::open(&dir, config).unwrap());
        // Another thread holds the only reader, as a long query would.
        let (locked_tx, locked_rx) = std::sync::mpsc::channel();
        let (release_tx, release_rx) = std::sync::mpsc::channel::<()>();
        let holder = {
            let state = Arc::clone(&state);
            std::thread::spawn(move || {
                let _permit = Arc::clone(&state.free).try_acquire_owned().unwrap();
                let _held = state.pool[0].lock().unwrap();
                locked_tx.send(()).unwrap();
                let _ = release_rx.recv();
            })
        };
        locked_rx.recv().unwrap();
        let start = Instant::now();
        let r = with_store(&state, |s| s.stats().map_err(store_err)).await;
        let waited = start.elapsed();
        let err = r.expect_err("a busy store must not answer");
        assert_eq!(err.0, StatusCode::SERVICE_UNAVAILABLE);
        assert!(err.1.contains("busy"), "{}", err.1);
        assert!(waited >= Duration::from_millis(100), "{waited:?}");
        // Once it is free, the same request is answered.
        release_tx.send(()).unwrap();
        holder.join().unwrap();
        assert!(with_store(&state, |s| s.stats().map_err(store_err))
            .await
            .is_ok());
        std::fs::remove_dir_all(&dir).ok();
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn an_unknown_plover_category_is_a_400_naming_the_known_ones() {
        let dir = std::env::temp_dir().join(format!("ng-server-plover-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        drop(Store::open(&dir).unwrap());
        let state = Arc::new(AppState::open(&dir, Config::default()).unwrap());
        let q = |v: &str| HashMap::from([("plover".to_string(), v.to_string())]);
        let err = search(State(Arc::clone(&state)), Query(q("NOPE")))
            .await
            .expect_err("refused");
        assert_eq!(err.0, StatusCode::BAD_REQUEST);
        assert!(err.1.contains("ASSAULT"), "{}", err.1);
        let err = events(State(Arc::clone(&state)), Query(q("nope")))
            .await
            .expect_err("refused");
        assert_eq!(err.0, StatusCode::BAD_REQUEST);
        // A known one, in any case, is taken.
        assert!(search(State(Arc::clone(&state)), Query(q("assault")))
            .await
            .is_ok());
        std::fs::remove_dir_all(&dir).ok();
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn analyses_past_the_limit_wait_then_get_503_asking_to_retry() {
        let dir = std::env::temp_dir().join(format!("ng-server-analyses-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        drop(Store::open(&dir).unwrap());
        let config = Config {
            readers: 1,
            analyses: 1,
            busy_timeout: Duration::from_millis(200),
            ..Config::default()
        };
        let state = Arc::new(AppState::open(&dir, config).unwrap());
        let post = || {
            let req = axum::http::Request::builder()
                .method("POST")
                .uri("/api/analyse")
                .body(axum::body::Body::from(
                    "The minister said on Monday that talks with the rebels would resume.",
                ))
                .unwrap();
            analyse(State(Arc::clone(&state)), Query(HashMap::new()), req)
        };
        // The only slot is taken, as by a long analysis.
        let held = Arc::clone(&state.analyses).try_acquire_owned().unwrap();
        let start = Instant::now();
        let err = post().await.expect_err("no slot");
        assert_eq!(err.0, StatusCode::SERVICE_UNAVAILABLE, "{}", err.1);
        assert!(err.1.contains("retry"), "{}", err.1);
        assert!(start.elapsed() >= Duration::from_millis(200));
        let body = err.into_response().into_body();
        let body = axum::body::to_bytes(body, 1 << 16).await.unwrap();
        let v: serde_json::Value = serde_json::from_slice(&body).unwrap();
        assert_eq!(v["error"]["status"], 503, "{v}");
        // A request that finds the slot freed while it waits is answered.
        let waiting = tokio::spawn(post());
        tokio::time::sleep(Duration::from_millis(50)).await;
        drop(held);
        let r = waiting.await.unwrap().expect("analysed");
        assert_eq!(r.status(), StatusCode::OK);
        std::fs::remove_dir_all(&dir).ok();
    }
}
