//! The chrome every HTML page shares (`templates/base.html`): the content-addressed URLs of the
//! stylesheet and script, and the header's sign-in state. The report page extends base.html,
//! so these live beside the report's view model rather than in `web`: the CLI's standalone
//! report then compiles without the server. The server serves the files (`web::assets`) and
//! sets the sign-in state around each request (`web::session`).

use std::sync::LazyLock;

use sha2::{Digest, Sha256};

/// The application stylesheet: inlined in a standalone report, served by `web::assets`.
pub const STYLESHEET: &str = include_str!("../../../static/app.css");
/// The application script, served by `web::assets` (a standalone report has none).
pub const SCRIPT: &str = include_str!("../../../static/app.js");

/// An embedded file and its content-addressed URL.
pub struct Asset {
    pub body: &'static str,
    pub content_type: &'static str,
    /// `/static/{stem}.{hash}.{ext}`: a changed file gets a new URL, so it may be cached for a year.
    pub url: String,
    /// The hash, quoted, as an `ETag`.
    pub etag: String,
}

impl Asset {
    fn new(stem: &str, ext: &str, body: &'static str, content_type: &'static str) -> Self {
        let hash = hex::encode(&Sha256::digest(body.as_bytes())[..8]);
        Self {
            body,
            content_type,
            url: format!("/static/{stem}.{hash}.{ext}"),
            etag: format!("\"{hash}\""),
        }
    }
}

/// The stylesheet.
pub static CSS: LazyLock<Asset> =
    LazyLock::new(|| Asset::new("app", "css", STYLESHEET, "text/css; charset=utf-8"));
/// The script.
pub static JS: LazyLock<Asset> =
    LazyLock::new(|| Asset::new("app", "js", SCRIPT, "text/javascript; charset=utf-8"));

/// The content-addressed URL of the stylesheet, for templates.
pub fn stylesheet_url() -> &'static str {
    &CSS.url
}

/// The content-addressed URL of the script, for templates.
pub fn script_url() -> &'static str {
    &JS.url
}

/// What the page header shows about sign-in.
#[derive(Debug, Clone, Default)]
pub struct Nav {
    /// Sign-in is configured.
    pub enabled: bool,
    /// Who is signed in, when someone is.
    pub user: Option<String>,
}

tokio::task_local! {
    /// The request's sign-in state, set around every handler by the server's session layer.
    /// Renderings made off the request (cached report pages, on blocking threads, and the
    /// CLI's standalone file) see none, so no cached page names a person.
    static NAV: Nav;
}

/// The header's sign-in state for the page being rendered (templates call this).
pub fn nav() -> Nav {
    NAV.try_with(Clone::clone).unwrap_or_default()
}

/// Run `f` with `nav` as the sign-in state its pages show.
pub async fn with_nav<F: Future>(nav: Nav, f: F) -> F::Output {
    NAV.scope(nav, f).await
}

#[cfg(test)]
mod tests {
    #[test]
    fn urls_carry_a_content_hash() {
        let css = super::stylesheet_url();
        assert!(
            css.starts_with("/static/app.")
                && std::path::Path::new(&css)
                    .extension()
                    .is_some_and(|e| e == "css"),
            "{css}"
        );
        assert_eq!(css.len(), "/static/app.".len() + 16 + ".css".len());
        assert_ne!(super::script_url(), css);
    }
}
