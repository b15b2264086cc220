//! Accepting and serving connections with limits a hostile or broken client cannot wear
//! out: a cap on connections open at once (more wait, unaccepted, in the kernel's listen
//! queue, so the process never runs out of file descriptors), a time limit on reading a
//! request head (partial headers held open, and idle keep-alive connections, are closed),
//! and a time limit on a request body or a response that stalls.

use axum::Router;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::{watch, Semaphore};
use tower::Layer;

/// Most connections to keep open at once by default: the process's limit on open file
/// descriptors (`ulimit -n`), less a reserve for the store handles and the runtime.
pub fn default_max_connections() -> usize {
    let mut lim = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: getrlimit only writes the struct it is given, which lives on our stack.
    let ok = unsafe { libc::getrlimit(libc::RLIMIT_NOFILE, &mut lim) } == 0;
    let soft = if ok && lim.rlim_cur != libc::RLIM_INFINITY {
        usize::try_from(lim.rlim_cur).unwrap_or(usize::MAX)
    } else {
        1024
    };
    from_fd_limit(soft)
}

/// Connections to allow with `soft` file descriptors: all but 64, and at least half.
fn from_fd_limit(soft: usize) -> usize {
    soft.saturating_sub(64).max(soft / 2).max(1)
}

/// Whether an accept error concerns one connection only (then accept again at once).
fn is_connection_error(e: &std::io::Error) -> bool {
    use std::io::ErrorKind::*;
    matches!(
        e.kind(),
        ConnectionRefused | ConnectionAborted | ConnectionReset
    )
}

/// Serves `app` on `listener` until `shutdown` completes, then lets open requests finish
/// (idle connections close at once) and returns.
pub(crate) async fn serve(
    listener: tokio::net::TcpListener,
    app: Router,
    config: &crate::Config,
    shutdown: impl std::future::Future<Output = ()>,
) -> std::io::Result<()> {
    let max = config.max_connections.clamp(1, 1 << 20);
    let slots = Arc::new(Semaphore::new(max));
    let (stop_tx, stop_rx) = watch::channel(false);
    let header_timeout = config.header_timeout;
    let idle_timeout = config.idle_timeout;
    // A request body that stalls this long fails; the handler answers and moves on.
    let app = tower_http::timeout::RequestBodyTimeoutLayer::new(idle_timeout).layer(app);
    tokio::pin!(shutdown);
    loop {
        // A free slot first: past the cap, connections wait in the listen queue.
        let permit = tokio::select! {
            p = Arc::clone(&slots).acquire_owned() => p.map_err(std::io::Error::other)?,
            () = &mut shutdown => break,
        };
        let stream = tokio::select! {
            r = listener.accept() => match r {
                Ok((s, _)) => s,
                Err(e) if is_connection_error(&e) => continue,
                Err(_) => {
                    // Out of descriptors or memory: back off instead of spinning.
                    tokio::time::sleep(Duration::from_millis(100)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let _ = stream.set_nodelay(true);
        // A response the client stops reading fails after the idle timeout.
        let mut io = tokio_io_timeout::TimeoutStream::new(stream);
        io.set_write_timeout(Some(idle_timeout));
        let io = TokioIo::new(Box::pin(io));
        let service = TowerToHyperService::new(app.clone());
        let mut stop = stop_rx.clone();
        tokio::spawn(async move {
            let _permit = permit;
            let mut builder = hyper::server::conn::http1::Builder::new();
            builder
                .timer(TokioTimer::new())
                .header_read_timeout(header_timeout);
            let conn = builder.serve_connection(io, service);
            tokio::pin!(conn);
            tokio::select! {
                _ = conn.as_mut() => {}
                _ = stop.changed() => {
                    conn.as_mut().graceful_shutdown();
                    let _ = conn.await;
                }
            }
        });
    }
    // No new connections while the open ones finish.
    drop(listener);
    let _ = stop_tx.send(true);
    // Every connection gives its slot back when it ends.
    let _ = slots
        .acquire_many(u32::try_from(max).unwrap_or(u32::MAX))
        .await;
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn connection_cap_leaves_descriptors_for_the_rest() {
        assert_eq!(super::from_fd_limit(1024), 960);
        assert_eq!(super::from_fd_limit(100), 50);
        assert_eq!(super::from_fd_limit(1), 1);
    }
}
