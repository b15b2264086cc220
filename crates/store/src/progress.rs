//! Progress of a running ingest, kept beside the store so other processes (the server's
//! web page, `curl`) can show it: a small JSON file replaced atomically about once a
//! second.

use std::path::Path;

/// File name of the progress record inside the data directory.
pub const PROGRESS_FILE: &str = "ingest-progress.json";

/// Where an ingest stands.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub struct IngestProgress {
    /// Process id of the ingest.
    pub pid: u32,
    /// Unix time (s) it started.
    pub started: u64,
    /// Unix time (s) of this record.
    pub updated: u64,
    /// Documents read.
    pub read: u64,
    /// Documents stored.
    pub stored: u64,
    /// Bytes of input read from disk.
    pub bytes: u64,
    /// Bytes of input in all, when known (0 when not).
    pub total_bytes: u64,
    /// Documents per second so far.
    pub docs_per_s: f64,
    /// Whether the ingest has ended (successfully or not).
    pub finished: bool,
    /// Why it stopped, when it failed.
    pub error: Option<String>,
}

impl IngestProgress {
    /// Whether the ingest looks alive: not finished and heard from in the last 30 s.
    pub fn running(&self, now: u64) -> bool {
        !self.finished && now.saturating_sub(self.updated) <= 30
    }
}

/// Seconds since the Unix epoch.
pub fn unix_now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

/// Replaces the progress record in `dir` (write to a temporary file, then rename).
pub fn write_progress(dir: &Path, p: &IngestProgress) -> std::io::Result<()> {
    let tmp = dir.join(format!("{PROGRESS_FILE}.{}", std::process::id()));
    std::fs::write(&tmp, serde_json::to_vec(p).map_err(std::io::Error::other)?)?;
    std::fs::rename(&tmp, dir.join(PROGRESS_FILE))
}

/// The last progress record in `dir`, if an ingest ever wrote one.
pub fn read_progress(dir: &Path) -> Option<IngestProgress> {
    let bytes = std::fs::read(dir.join(PROGRESS_FILE)).ok()?;
    serde_json::from_slice(&bytes).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn progress_round_trips_and_goes_stale() {
        let dir = std::env::temp_dir().join(format!("ng-progress-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        assert!(read_progress(&dir).is_none());
        let p = IngestProgress {
            pid: 7,
            updated: 1_000,
            read: 5,
            ..Default::default()
        };
        write_progress(&dir, &p).unwrap();
        let back = read_progress(&dir).unwrap();
        assert_eq!((back.pid, back.read), (7, 5));
        assert!(back.running(1_010));
        assert!(!back.running(1_100));
        std::fs::remove_dir_all(&dir).ok();
    }
}
