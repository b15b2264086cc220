//! The `newsgraph` command line.

mod analyse_cmd;
mod batch;
mod bench;
mod extract_cmd;
mod input;

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
    /// Measure extraction throughput and memory over a folder of pages.
    Bench(bench::Args),
}

fn main() {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Extract(a) => extract_cmd::run(a),
        Command::Analyse(a) => analyse_cmd::run(a),
        Command::Bench(a) => bench::run(a),
    };
    match result {
        Ok(code) => std::process::exit(code),
        Err(e) => {
            eprintln!("newsgraph: error: {e:#}");
            std::process::exit(2);
        }
    }
}
