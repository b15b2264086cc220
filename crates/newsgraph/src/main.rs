//! The `newsgraph` command line.

mod analyse_cmd;
mod batch;
mod bench;
mod extract_cmd;
mod ingest_cmd;
mod input;
mod load;
mod serve_cmd;
mod store_cmd;

/// A faster allocator for the many small strings a page tree holds (and it scales
/// across threads better than the system one).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use clap::{Parser, Subcommand};

/// newsgraph turns raw news into a structured, searchable record of world events.
#[derive(Parser)]
#[command(name = "newsgraph", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Extract clean article text and metadata from HTML pages or scraped text.
    Extract(extract_cmd::Args),
    /// Find entities, quotes and CAMEO/PLOVER events in pages, texts or JSON Lines.
    Analyse(analyse_cmd::Args),
    /// Read sources (folders, files, JSON Lines, WARC) into the store, folding duplicates.
    Ingest(ingest_cmd::Args),
    /// Counts of what the store holds.
    Stats(store_cmd::StatsArgs),
    /// Rebuild the search index of a data directory from its database (after an upgrade
    /// that changed the index, or to repair one).
    Reindex(store_cmd::ReindexArgs),
    /// Full-text search with filters and facets, one result per story.
    Search(Box<store_cmd::SearchArgs>),
    /// Events between two actors over time (cooperation vs conflict).
    Relations(store_cmd::RelationsArgs),
    /// Articles or events as JSON Lines, or events in GDELT 2.0 layout.
    Export(store_cmd::ExportArgs),
    /// Serve the HTTP JSON API over a data directory.
    Serve(serve_cmd::Args),
    /// Measure extraction throughput and memory over a folder of pages.
    Bench(bench::Args),
}

/// mimalloc's `mi_option_purge_delay` (its place in `mi_option_e` of `mimalloc.h`, the
/// same in mimalloc 2 and 3; the sys crate names no constant for it).
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

fn main() {
    // Freed memory goes back to the system at once rather than after a delay: analysis
    // frees nearly all it allocates for each document or window, and held pages were a
    // quarter of the peak (analysis of the dev pages: 138 -> 102 MB at 1.5 % of the
    // time; a 10 MB text: 270 -> 196 MB).
    // SAFETY: sets an integer option before any other thread exists.
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, 0) };
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Extract(a) => extract_cmd::run(a),
        Command::Analyse(a) => analyse_cmd::run(a),
        Command::Ingest(a) => ingest_cmd::run(a),
        Command::Stats(a) => store_cmd::stats(a),
        Command::Reindex(a) => store_cmd::reindex(a),
        Command::Search(a) => store_cmd::search(*a),
        Command::Relations(a) => store_cmd::relations(a),
        Command::Export(a) => store_cmd::export(a),
        Command::Serve(a) => serve_cmd::run(a),
        Command::Bench(a) => bench::run(a),
    };
    match result {
        Ok(code) => std::process::exit(code),
        Err(e) => {
            // A reader that went away (`| head`) is not an error.
            if e.chain().any(|c| {
                c.downcast_ref::<std::io::Error>()
                    .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            }) {
                std::process::exit(0);
            }
            eprintln!("newsgraph: error: {}", describe(&e));
            std::process::exit(2);
        }
    }
}

/// The error chain on one line, without causes that repeat what their wrapper already
/// says, and with what to do for failures a user can fix.
fn describe(e: &anyhow::Error) -> String {
    let mut parts: Vec<String> = Vec::new();
    for c in e.chain() {
        let msg = c.to_string();
        if !parts.iter().any(|p| p.contains(&msg)) {
            parts.push(msg);
        }
    }
    let mut line = parts.join(": ");
    let lower = line.to_ascii_lowercase();
    if lower.contains("disk is full") || lower.contains("no space left") {
        line.push_str(" (free space on the disk that holds the data directory, then run the same command again)");
    } else if lower.contains("index writer was killed") {
        line.push_str(" (usually a full disk or a lost write permission on the data directory; fix it and run the same command again)");
    }
    line
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_option_set_at_start_is_the_purge_delay() {
        // Its default (unlike its neighbours') is a delay in milliseconds.
        let v = unsafe { libmimalloc_sys::mi_option_get(MI_OPTION_PURGE_DELAY) };
        assert!(
            std::env::var_os("MIMALLOC_PURGE_DELAY").is_some() || v >= 10,
            "option {MI_OPTION_PURGE_DELAY} is {v}: not mimalloc's purge delay"
        );
    }
}
