//! `GET /api/export`: the whole store as JSON Lines or GDELT TSV, streamed as it is read.

use crate::params::Params;
use crate::{ApiError, ApiResult, AppState};
use axum::body::{Body, Bytes};
use axum::extract::{Query, State};
use axum::http::{header, StatusCode};
use axum::response::IntoResponse;
use newsgraph_store::{ExportKind, Store};
use std::collections::HashMap;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use tokio::sync::mpsc;

/// Bytes handed to the response at a time.
const CHUNK: usize = 64 * 1024;

/// A writer that sends what it is given to the response in chunks; it fails once the
/// client has gone, which stops the export.
struct ChannelWriter {
    tx: mpsc::Sender<Bytes>,
    buf: Vec<u8>,
}

impl ChannelWriter {
    fn send(&mut self) -> std::io::Result<()> {
        if self.buf.is_empty() {
            return Ok(());
        }
        let chunk = Bytes::from(std::mem::replace(&mut self.buf, Vec::with_capacity(CHUNK)));
        self.tx.blocking_send(chunk).map_err(|_| {
            std::io::Error::new(std::io::ErrorKind::BrokenPipe, "the client went away")
        })
    }
}

impl std::io::Write for ChannelWriter {
    fn write(&mut self, data: &[u8]) -> std::io::Result<usize> {
        self.buf.extend_from_slice(data);
        if self.buf.len() >= CHUNK {
            self.send()?;
        }
        Ok(data.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.send()
    }
}

/// The receiving end as a body stream.
struct Chunks(mpsc::Receiver<Bytes>);

impl futures_core::Stream for Chunks {
    type Item = Result<Bytes, std::io::Error>;
    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.0.poll_recv(cx).map(|c| c.map(Ok))
    }
}

/// Streams the export named by `what` (articles, events or gdelt).
pub(crate) async fn export(
    State(state): State<Arc<AppState>>,
    Query(q): Query<HashMap<String, String>>,
) -> ApiResult {
    let p = Params::new(q, &["what"])?;
    let what = p.choice("what", &["articles", "events", "gdelt"])?;
    let kind: ExportKind = what
        .parse()
        .map_err(|e| ApiError::bad(format!("what: {e}")))?;
    let permit = Arc::clone(&state.exports)
        .try_acquire_owned()
        .map_err(|_| {
            ApiError(
                StatusCode::SERVICE_UNAVAILABLE,
                format!(
                    "{} exports are running already; retry when one ends",
                    crate::EXPORTS_AT_ONCE
                ),
            )
        })?;
    let data = state.data.clone();
    let store = tokio::task::spawn_blocking(move || Store::open_read_only(&data))
        .await
        .map_err(ApiError::internal)?
        .map_err(ApiError::internal)?;
    let (tx, rx) = mpsc::channel(8);
    tokio::task::spawn_blocking(move || {
        let _permit = permit;
        let mut w = ChannelWriter {
            tx,
            buf: Vec::with_capacity(CHUNK),
        };
        // A failure half-way ends the stream early; the client sees a short body.
        let _ = store.export(kind, &mut w);
    });
    let (ctype, ext) = match kind {
        ExportKind::Gdelt => ("text/tab-separated-values; charset=utf-8", "tsv"),
        _ => ("application/x-ndjson", "jsonl"),
    };
    Ok((
        [
            (header::CONTENT_TYPE, ctype.to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"newsgraph-{what}.{ext}\""),
            ),
        ],
        Body::from_stream(Chunks(rx)),
    )
        .into_response())
}
