//! JSON Lines batches: one object in, one line out, flushed at once; a bad line gets an
//! error line and the batch goes on; a summary of failures at the end.

use anyhow::{Context, Result};
use serde::Serialize;
use std::io::{BufRead, Write};
use std::path::PathBuf;

/// Runs `handle` on every non-blank line of `paths` (`-` = stdin). `handle` returns the
/// line's id (if it could read one) and either an output object or an error message.
/// Returns the exit code: 0 when every line succeeded, 1 otherwise.
pub fn run<T: Serialize>(
    paths: &[PathBuf],
    verb: &str,
    mut handle: impl FnMut(&[u8]) -> (Option<serde_json::Value>, Result<T, String>),
) -> Result<i32> {
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let (mut total, mut failed) = (0usize, 0usize);
    for p in paths {
        let mut reader: Box<dyn BufRead> = if p.as_os_str() == "-" {
            Box::new(std::io::BufReader::with_capacity(1 << 20, std::io::stdin()))
        } else {
            let f =
                std::fs::File::open(p).with_context(|| format!("cannot read {}", p.display()))?;
            Box::new(std::io::BufReader::with_capacity(1 << 20, f))
        };
        let mut line = Vec::new();
        let mut n = 0usize;
        loop {
            line.clear();
            if reader.read_until(b'\n', &mut line)? == 0 {
                break;
            }
            n += 1;
            if line.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            total += 1;
            match handle(&line) {
                (_, Ok(v)) => serde_json::to_writer(&mut out, &v)?,
                (id, Err(e)) => {
                    failed += 1;
                    serde_json::to_writer(
                        &mut out,
                        &serde_json::json!({"id": id, "line": n, "error": e}),
                    )?;
                }
            }
            writeln!(out)?;
            out.flush()?;
        }
    }
    eprintln!(
        "newsgraph: {total} lines, {} {verb}, {failed} failed",
        total - failed
    );
    Ok(if failed > 0 { 1 } else { 0 })
}
