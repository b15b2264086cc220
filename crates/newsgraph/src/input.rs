//! Reading documents from files, folders, `.gz` files and stdin.

use anyhow::{Context, Result};
use std::io::Read;
use std::path::{Path, PathBuf};

/// Largest document read into memory; bigger files are refused with an error.
pub const MAX_DOC_BYTES: u64 = 256 * 1024 * 1024;

/// Every file under `paths` (folders walked recursively, in sorted order); `-` is stdin.
pub fn expand(paths: &[PathBuf]) -> Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    for p in paths {
        if p.as_os_str() == "-" {
            out.push(p.clone());
            continue;
        }
        let meta = std::fs::metadata(p).with_context(|| format!("cannot read {}", p.display()))?;
        if meta.is_dir() {
            walk(p, &mut out)?;
        } else {
            out.push(p.clone());
        }
    }
    Ok(out)
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> Result<()> {
    let mut stack = vec![dir.to_path_buf()];
    let mut found = Vec::new();
    while let Some(d) = stack.pop() {
        let entries =
            std::fs::read_dir(&d).with_context(|| format!("cannot list {}", d.display()))?;
        for e in entries {
            let e = e?;
            let ft = e.file_type()?;
            if ft.is_dir() {
                stack.push(e.path());
            } else if ft.is_file() {
                let name = e.file_name();
                if !name.to_string_lossy().starts_with('.') {
                    found.push(e.path());
                }
            }
        }
    }
    found.sort();
    out.extend(found);
    Ok(())
}

/// Reads one document, inflating `.gz` files (every gzip member), bounded in size.
pub fn read_doc(path: &Path) -> Result<Vec<u8>> {
    let mut raw = Vec::new();
    if path.as_os_str() == "-" {
        std::io::stdin()
            .take(MAX_DOC_BYTES + 1)
            .read_to_end(&mut raw)
            .context("cannot read stdin")?;
    } else {
        std::fs::File::open(path)
            .with_context(|| format!("cannot open {}", path.display()))?
            .take(MAX_DOC_BYTES + 1)
            .read_to_end(&mut raw)
            .with_context(|| format!("cannot read {}", path.display()))?;
    }
    if raw.starts_with(&[0x1f, 0x8b]) {
        let mut out = Vec::new();
        flate2::read::MultiGzDecoder::new(&raw[..])
            .take(MAX_DOC_BYTES + 1)
            .read_to_end(&mut out)
            .with_context(|| format!("{}: broken gzip data", path.display()))?;
        raw = out;
    }
    if raw.len() as u64 > MAX_DOC_BYTES {
        anyhow::bail!(
            "{}: larger than {} MB; split it or pass a WARC/JSONL stream instead",
            path.display(),
            MAX_DOC_BYTES / (1024 * 1024)
        );
    }
    Ok(raw)
}

/// A `--date` value: a day that exists, written YYYY-MM-DD (for clap's `value_parser`).
pub fn date_arg(s: &str) -> Result<String, String> {
    match s.parse::<jiff::civil::Date>() {
        Ok(d) if s.len() == 10 => Ok(d.to_string()),
        _ => Err(format!(
            "\"{s}\" is not a date; write it YYYY-MM-DD (2019-08-27)"
        )),
    }
}
