//! The HTTP adapter: router, middleware and handlers. Thin: extract → domain → store → template.
//!
//! `routes` is the one route table, `state` what handlers share, `extract` the typed
//! extractors (which assessment, what the caller may do with it, CSRF-checked forms).

mod actor;
mod actuals;
mod api;
mod assets;
mod audit;
pub mod auth;
mod compare_page;
mod dates;
mod decision_panel;
mod decisions;
mod error;
mod evaluate;
pub mod extract;
mod imports;
pub mod limits;
pub mod links;
pub mod questionnaire;
/// The questionnaire under its earlier name.
pub use questionnaire as form;
mod metrics;
mod new_assessment;
mod oidc;
mod pages;
mod plan_vs_actual;
mod price_books;
pub mod prices;
pub mod report_cache;
pub mod report_page;
mod routes;
pub mod security;
mod session;
mod shares;
mod show_page;
mod state;
mod templates;
mod workspaces;

use std::time::Duration;

use axum::Router;

use crate::config::Settings;

pub use error::{ApiError, PageError, ReportError};
pub use routes::router;
pub use state::AppState;

/// How connections are served.
#[derive(Debug, Clone, Copy)]
pub struct ServeOptions {
    /// A connection that has not sent a complete request head in this time is closed (also
    /// an idle keep-alive connection waiting for its next request).
    pub header_read_timeout: Duration,
    /// After the shutdown signal, in-flight requests get this long; then open connections
    /// are dropped and `serve` returns.
    pub shutdown_timeout: Duration,
}

impl ServeOptions {
    pub fn from_settings(settings: &Settings) -> Self {
        Self {
            header_read_timeout: settings.header_read_timeout,
            shutdown_timeout: settings.shutdown_timeout,
        }
    }
}

impl Default for ServeOptions {
    fn default() -> Self {
        Self::from_settings(&Settings::default())
    }
}

/// Serve until Ctrl-C or SIGTERM, letting in-flight requests finish (for at most the
/// default shutdown timeout).
pub async fn serve(listener: tokio::net::TcpListener, app: Router) -> std::io::Result<()> {
    serve_with(listener, app, ServeOptions::default(), shutdown_signal()).await
}

/// Serve HTTP/1.1 on `listener` until `shutdown` completes.
///
/// `axum::serve` sets no timer on hyper, so a client that sends half a request head is held
/// forever (enough of them exhaust file descriptors), and graceful shutdown waits for it.
/// Here hyper reads request heads under `header_read_timeout`, and shutdown gives open
/// connections `shutdown_timeout` before dropping them.
pub async fn serve_with(
    listener: tokio::net::TcpListener,
    app: Router,
    options: ServeOptions,
    shutdown: impl Future<Output = ()>,
) -> std::io::Result<()> {
    use hyper_util::rt::{TokioIo, TokioTimer};
    use hyper_util::server::graceful::GracefulShutdown;
    use hyper_util::service::TowerToHyperService;

    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(options.header_read_timeout)
        .keep_alive(true);
    let graceful = GracefulShutdown::new();
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        let stream = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => stream,
                Err(e) => {
                    accept_error(&e).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let _ = stream.set_nodelay(true);
        // Handlers see the peer address (the creation limit is per client address).
        let peer = stream.peer_addr().ok();
        let service = tower::ServiceExt::map_request(
            app.clone(),
            move |mut req: axum::http::Request<hyper::body::Incoming>| {
                if let Some(addr) = peer {
                    req.extensions_mut()
                        .insert(axum::extract::ConnectInfo(addr));
                }
                req
            },
        );
        let conn = http.serve_connection(TokioIo::new(stream), TowerToHyperService::new(service));
        let conn = graceful.watch(conn);
        tokio::spawn(async move {
            if let Err(e) = conn.await {
                // Header-read timeouts and clients that went away end here.
                tracing::debug!(error = %e, "connection closed with an error");
            }
        });
    }
    drop(listener);
    tracing::info!(
        deadline_s = options.shutdown_timeout.as_secs_f64(),
        "shutting down: finishing in-flight requests"
    );
    tokio::select! {
        () = graceful.shutdown() => tracing::info!("all connections closed"),
        () = tokio::time::sleep(options.shutdown_timeout) => {
            tracing::warn!("shutdown deadline reached with connections still open; dropping them");
        }
    }
    Ok(())
}

/// After a failed accept: per-connection errors are the client's; anything else (out of file
/// descriptors) is logged and retried after a pause rather than spinning.
async fn accept_error(e: &std::io::Error) {
    use std::io::ErrorKind;
    if matches!(
        e.kind(),
        ErrorKind::ConnectionRefused | ErrorKind::ConnectionAborted | ErrorKind::ConnectionReset
    ) {
        return;
    }
    tracing::error!(error = %e, "accept failed; retrying in 100 ms");
    tokio::time::sleep(Duration::from_millis(100)).await;
}

/// Resolves on Ctrl-C or SIGTERM.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! { () = ctrl_c => {}, () = terminate => {} }
}
