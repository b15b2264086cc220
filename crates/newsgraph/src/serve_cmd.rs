//! `newsgraph serve`: the web page and the HTTP JSON API over a data directory.

use anyhow::{Context, Result};
use std::path::PathBuf;
use std::sync::Arc;

/// Arguments of `newsgraph serve`.
#[derive(clap::Args)]
pub struct Args {
    /// Data directory.
    #[arg(long, default_value = "newsgraph-data")]
    data: PathBuf,
    /// Port (0 picks a free one; the address is printed).
    #[arg(long, default_value_t = 8080)]
    port: u16,
    /// Address to bind; the default answers this machine only.
    #[arg(long, default_value = "127.0.0.1")]
    bind: std::net::IpAddr,
    /// Seconds a request waits for a free store reader (or analysis slot) before
    /// answering 503.
    #[arg(long, default_value_t = 5.0)]
    busy_timeout: f64,
    /// Seconds a request's database queries may run before it is stopped with 503.
    #[arg(long, default_value_t = 10.0)]
    query_timeout: f64,
    /// Seconds a client has to send a complete request head (from connecting, or from
    /// the previous response on a kept-alive connection) before it is disconnected.
    #[arg(long, default_value_t = 10.0)]
    header_timeout: f64,
    /// Seconds a request body or a response may stall before the connection is closed.
    #[arg(long, default_value_t = 60.0)]
    idle_timeout: f64,
    /// Most connections open at once; more wait to be accepted [default: the open-file
    /// limit (ulimit -n) less 64, at least half of it].
    #[arg(long)]
    max_connections: Option<usize>,
    /// Analyses (POST /api/analyse) run at once [default: one per core].
    #[arg(long)]
    analyses: Option<usize>,
}

/// Seconds from a flag that must be a number above 0.
fn seconds(flag: &str, v: f64) -> Result<std::time::Duration> {
    anyhow::ensure!(
        v.is_finite() && v > 0.0 && v < 1e9,
        "--{flag} takes a number of seconds above 0"
    );
    Ok(std::time::Duration::from_secs_f64(v))
}

/// Runs the command; returns the exit code.
pub fn run(args: Args) -> Result<i32> {
    anyhow::ensure!(
        args.max_connections != Some(0),
        "--max-connections takes a number above 0"
    );
    anyhow::ensure!(
        args.analyses != Some(0),
        "--analyses takes a number above 0"
    );
    let defaults = newsgraph_server::Config::default();
    let config = newsgraph_server::Config {
        busy_timeout: seconds("busy-timeout", args.busy_timeout)?,
        query_timeout: seconds("query-timeout", args.query_timeout)?,
        header_timeout: seconds("header-timeout", args.header_timeout)?,
        idle_timeout: seconds("idle-timeout", args.idle_timeout)?,
        max_connections: args.max_connections.unwrap_or(defaults.max_connections),
        analyses: args.analyses.unwrap_or(defaults.analyses),
        ..defaults
    };
    let state = newsgraph_server::AppState::open(&args.data, config)
        .with_context(|| format!("cannot open the store in {}", args.data.display()))?;
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")?;
    rt.block_on(async {
        let listener = tokio::net::TcpListener::bind((args.bind, args.port))
            .await
            .with_context(|| {
                format!(
                    "cannot listen on {}:{} (is the port in use? try --port 0)",
                    args.bind, args.port
                )
            })?;
        let addr = listener.local_addr()?;
        println!(
            "newsgraph: serving {} on http://{addr}/ (open it in a browser; the API is under /api/; Ctrl-C stops)",
            args.data.display()
        );
        use std::io::Write;
        std::io::stdout().flush()?;
        newsgraph_server::serve(listener, Arc::new(state)).await?;
        Ok(0)
    })
}
