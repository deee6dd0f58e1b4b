//! The one route table, and the middleware around it.

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

use super::{
    AppState, actuals, api, assets, audit, auth, compare_page, decisions, error, imports, metrics,
    pages, report_cache, report_page, security, session, shares, workspaces,
};

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
        .route("/r/{token}", get(shares::open))
        .route(
            "/api/assessments/{id}/shares",
            get(shares::api_list).post(shares::api_create),
        )
        .route(
            "/api/assessments/{id}/shares/{share_id}",
            delete(shares::api_revoke_by_id),
        )
        .route("/api/shares/{token}", delete(shares::api_revoke_by_token))
        .route("/assessments/{id}/decision", post(decisions::page_post))
        .route(
            "/api/assessments/{id}/decision",
            get(decisions::api_get).post(decisions::api_post),
        )
        .route("/assessments/{id}/audit", get(audit::page))
        .route(
            "/api/assessments/{id}/audit.jsonl",
            get(audit::api_assessment),
        )
        .route("/api/audit.jsonl", get(audit::api_all))
        .route("/auth/sign-in", get(auth::sign_in))
        .route("/auth/callback", get(auth::callback))
        .route(
            "/auth/sign-out",
            get(auth::sign_out_page).post(auth::sign_out),
        )
        .route(
            "/workspaces",
            get(workspaces::page_list).post(workspaces::page_create),
        )
        .route("/workspaces/{ws}", get(workspaces::page_show))
        .route("/workspaces/{ws}/invite", post(workspaces::page_invite))
        .route(
            "/workspaces/{ws}/members/{user}",
            post(workspaces::page_member),
        )
        .route(
            "/workspaces/{ws}/invitations/{invitation}/remove",
            post(workspaces::page_remove_invitation),
        )
        .route(
            "/api/workspaces",
            get(workspaces::api_list).post(workspaces::api_create),
        )
        .route("/api/workspaces/{ws}", get(workspaces::api_show))
        .route(
            "/api/workspaces/{ws}/invitations",
            post(workspaces::api_invite),
        )
        .route(
            "/api/workspaces/{ws}/invitations/{invitation}",
            delete(workspaces::api_remove_invitation),
        )
        .route(
            "/api/workspaces/{ws}/members/{user}",
            axum::routing::put(workspaces::api_set_role).delete(workspaces::api_remove_member),
        )
        .route("/api/me", get(workspaces::api_me))
        .route("/healthz", get(api::healthz))
        .route("/readyz", get(api::readyz))
        .route("/metrics", get(api::metrics_endpoint))
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
            session::session_layer,
        ))
        .route_layer(axum::middleware::from_fn_with_state(
            state.metrics.clone(),
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
