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
    /// Seconds a request waits for a free store reader before answering 503.
    #[arg(long, default_value_t = 5.0)]
    busy_timeout: f64,
    /// Seconds a request's database queries may run before it is stopped with 503.
    #[arg(long, default_value_t = 10.0)]
    query_timeout: f64,
}

/// Runs the command; returns the exit code.
pub fn run(args: Args) -> Result<i32> {
    anyhow::ensure!(
        args.busy_timeout.is_finite() && args.busy_timeout > 0.0,
        "--busy-timeout takes a number of seconds above 0"
    );
    anyhow::ensure!(
        args.query_timeout.is_finite() && args.query_timeout > 0.0,
        "--query-timeout takes a number of seconds above 0"
    );
    let config = newsgraph_server::Config {
        busy_timeout: std::time::Duration::from_secs_f64(args.busy_timeout),
        query_timeout: std::time::Duration::from_secs_f64(args.query_timeout),
        ..Default::default()
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
