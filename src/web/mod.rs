//! The HTTP adapter: router, middleware and handlers. Thin: extract → domain → store → template.

mod actuals;
mod api;
mod assets;
mod compare_page;
mod error;
pub mod questionnaire;
/// The questionnaire under its earlier name.
pub use questionnaire as form;
mod imports;
pub mod links;
mod metrics;
mod pages;
pub mod prices;
pub mod report_cache;
pub mod report_page;
pub mod security;
mod shares;
mod templates;

use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::{Request, StatusCode};
use axum::routing::{delete, get, post};
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::compression::CompressionLayer;
use tower_http::compression::predicate::{DefaultPredicate, Predicate};
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;

use crate::config::Settings;
use crate::pricing::PriceBook;
use crate::store::{RevisionMeta, Store};

pub use error::{ApiError, PageError};

/// Everything handlers share.
#[derive(Clone)]
pub struct AppState {
    pub store: Store,
    pub settings: Arc<Settings>,
    pub metrics: metrics::Metrics,
    /// The price book loaded at start. Reports price with [`AppState::books`], which a
    /// background refresh may move on, and which keeps the versions revisions were saved with.
    pub prices: Arc<PriceBook>,
    /// The current price book and earlier versions (see [`prices::PriceBooks`]).
    pub books: Arc<prices::PriceBooks>,
    /// Evaluated reports and their compressed renderings, bounded by bytes.
    pub reports: report_cache::ReportCache,
}

impl AppState {
    pub fn new(store: Store, settings: Settings, prices: PriceBook) -> Self {
        Self {
            store,
            metrics: metrics::Metrics::default(),
            books: Arc::new(prices::PriceBooks::new(prices.clone())),
            prices: Arc::new(prices),
            reports: report_cache::ReportCache::new(settings.report_cache_bytes),
            settings: Arc::new(settings),
        }
    }

    /// Version of the price book in use, recorded with every saved revision.
    pub fn pricing_version(&self) -> &str {
        self.books.current_version()
    }

    /// Who is saving, from a fronting proxy's authentication header (Azure App Service /
    /// Container Apps `X-MS-CLIENT-PRINCIPAL-NAME`, else `X-Forwarded-User`) — only when the
    /// operator enabled it: without such a proxy anyone could send the header.
    pub fn author(&self, headers: &axum::http::HeaderMap) -> Option<String> {
        if !self.settings.trust_identity_headers {
            return None;
        }
        ["x-ms-client-principal-name", "x-forwarded-user"]
            .iter()
            .filter_map(|h| headers.get(*h)?.to_str().ok())
            .map(str::trim)
            .find(|v| !v.is_empty() && v.chars().count() <= 200 && !v.chars().any(char::is_control))
            .map(str::to_owned)
    }

    /// What a new revision records about how it was saved.
    pub fn revision_meta<'a>(&'a self, author: Option<&'a str>) -> RevisionMeta<'a> {
        RevisionMeta {
            author,
            pricing_version: Some(self.pricing_version()),
        }
    }
}

/// The one route table.
pub fn router(state: AppState) -> Router {
    let limit = state.settings.body_limit_bytes;
    let timeout = state.settings.request_timeout;

    // A whole Connect REST listing with status runs to megabytes: imports get a larger limit.
    let imports = Router::new()
        .route(
            "/assessments/{id}/import",
            get(imports::form).post(imports::preview),
        )
        .route("/assessments/{id}/import/confirm", post(imports::confirm))
        .layer(RequestBodyLimitLayer::new(
            state.settings.import_body_limit_bytes,
        ));

    // A month of FOCUS cost rows for a large subscription runs to megabytes, like imports.
    let actuals = Router::new()
        .route(
            "/assessments/{id}/actuals",
            get(actuals::form).post(actuals::upload),
        )
        .route("/api/assessments/{id}/actuals", post(actuals::api_create))
        .layer(RequestBodyLimitLayer::new(
            state.settings.import_body_limit_bytes,
        ));

    let mut app = Router::new()
        .route("/", get(pages::list))
        .route("/assessments/new", get(pages::new_form))
        .route("/assessments", post(pages::create))
        .route("/assessments/{id}", get(pages::show).post(pages::update))
        .route("/assessments/{id}/edit", get(pages::edit_form))
        .route("/connectors-template.csv", get(imports::csv_template_file))
        .route("/api/assessments", get(api::list).post(api::create))
        .route("/api/assessments/{id}", get(api::read).put(api::update))
        .route("/api/assessments/{id}/revisions", get(api::revisions))
        .route("/assessments/{id}/report", get(report_page::page))
        .route("/compare", get(compare_page::html))
        .route("/api/compare", get(compare_page::json))
        .route("/api/assessments/{id}/report", get(report_page::api_json))
        .route(
            "/api/assessments/{id}/report.csv",
            get(report_page::api_csv),
        )
        .route(
            "/api/assessments/{id}/report.focus.csv",
            get(report_page::api_focus),
        )
        .route(
            "/api/assessments/{id}/report.adr.md",
            get(report_page::api_adr),
        )
        .route(
            "/api/assessments/{id}/report/charts/{name}",
            get(report_page::api_chart),
        )
        .route("/assessments/{id}/shares", post(shares::page_create))
        .route(
            "/assessments/{id}/shares/{share_id}/revoke",
            post(shares::page_revoke),
        )
        .route("/r/{token}", get(pages::shared))
        .route(
            "/api/assessments/{id}/shares",
            get(shares::api_list).post(shares::api_create),
        )
        .route(
            "/api/assessments/{id}/shares/{share_id}",
            delete(shares::api_revoke_by_id),
        )
        .route("/api/shares/{token}", delete(shares::api_revoke_by_token))
        .route("/healthz", get(api::healthz))
        .route("/readyz", get(api::readyz))
        .route("/metrics", get(metrics::endpoint))
        .route("/static/app.css", get(assets::stylesheet))
        .route("/static/app.js", get(assets::script))
        .route(assets::stylesheet_url(), get(assets::hashed_stylesheet))
        .route(assets::script_url(), get(assets::hashed_script))
        .layer(RequestBodyLimitLayer::new(limit))
        .merge(imports)
        .merge(actuals)
        .fallback(pages::not_found)
        .route_layer(axum::middleware::from_fn_with_state(
            state.clone(),
            metrics::track,
        ))
        .with_state(state);

    for (name, value) in security::security_headers() {
        app = app.layer(SetResponseHeaderLayer::if_not_present(name, value));
    }
    app.layer(TimeoutLayer::with_status_code(
        StatusCode::REQUEST_TIMEOUT,
        timeout,
    ))
    .layer(DefaultBodyLimit::disable())
    .layer(CatchPanicLayer::new())
    // Inside compression: the JSON bodies it writes are compressed like any other.
    .layer(axum::middleware::from_fn(error::api_errors_as_json))
    .layer(
        // Renderings from the report cache arrive compressed already.
        CompressionLayer::new()
            .br(true)
            .gzip(true)
            .compress_when(DefaultPredicate::new().and(NotPrecompressed)),
    )
    .layer(
        TraceLayer::new_for_http().make_span_with(|req: &Request<_>| {
            let route = req
                .extensions()
                .get::<axum::extract::MatchedPath>()
                .map_or("unmatched", |p| p.as_str())
                .to_owned();
            tracing::info_span!("http", method = %req.method(), route = %route)
        }),
    )
}

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
        let conn =
            http.serve_connection(TokioIo::new(stream), TowerToHyperService::new(app.clone()));
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

/// Compression predicate: not for responses whose body is already in its final encoding.
#[derive(Clone, Copy)]
struct NotPrecompressed;

impl Predicate for NotPrecompressed {
    fn should_compress<B>(&self, response: &axum::http::Response<B>) -> bool
    where
        B: axum::body::HttpBody,
    {
        response
            .extensions()
            .get::<report_cache::Precompressed>()
            .is_none()
    }
}
