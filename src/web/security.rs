//! Capability secrets (edit keys, share tokens), CSRF tokens and security headers.

use axum::http::{HeaderName, HeaderValue, header};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

/// 256 bits from the OS CSPRNG, base64url without padding (43 characters).
pub fn random_token() -> String {
    let mut bytes = [0u8; 32];
    // getrandom only fails when the OS has no entropy source; a server cannot run safely then.
    getrandom::fill(&mut bytes).expect("operating system random number generator unavailable");
    URL_SAFE_NO_PAD.encode(bytes)
}

/// The stored form of a secret: hex SHA-256. Secrets are never stored in clear.
pub fn hash_secret(secret: &str) -> String {
    hex::encode(Sha256::digest(secret.as_bytes()))
}

/// Whether `secret` hashes to `stored_hash`, compared in constant time.
pub fn secret_matches(secret: &str, stored_hash: &str) -> bool {
    let candidate = hash_secret(secret);
    candidate.as_bytes().ct_eq(stored_hash.as_bytes()).into()
}

/// A well-formed token: what `random_token` produces. Rejecting anything else early keeps
/// odd strings out of logs and queries.
pub fn looks_like_token(s: &str) -> bool {
    s.len() == 43
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// Shortest admin token accepted: 32 characters (e.g. `openssl rand -base64 32` gives 44).
pub const MIN_ADMIN_TOKEN_CHARS: usize = 32;

/// The stored form of the operator's admin token, read from `path` (`--admin-token-file`):
/// the file's one line, at least [`MIN_ADMIN_TOKEN_CHARS`] long, without spaces or control
/// characters (it is sent as a Bearer token).
pub fn admin_token_hash_from_file(path: &std::path::Path) -> anyhow::Result<String> {
    use anyhow::Context;
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("cannot read the admin token file {}", path.display()))?;
    admin_token_hash(text.trim()).with_context(|| format!("admin token file {}", path.display()))
}

/// The stored form of admin token `token`, after checking its shape.
pub fn admin_token_hash(token: &str) -> anyhow::Result<String> {
    if token.chars().count() < MIN_ADMIN_TOKEN_CHARS {
        anyhow::bail!(
            "the admin token must be at least {MIN_ADMIN_TOKEN_CHARS} characters (got {})",
            token.chars().count()
        );
    }
    if token.chars().any(|c| c.is_whitespace() || c.is_control()) {
        anyhow::bail!("the admin token must be one line without spaces or control characters");
    }
    Ok(hash_secret(token))
}

/// Name of the double-submit CSRF cookie and form field.
pub const CSRF_COOKIE: &str = "ca_csrf";
pub const CSRF_FIELD: &str = "_csrf";

/// Headers every response carries.
pub fn security_headers() -> [(HeaderName, HeaderValue); 6] {
    [
        (
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(
                "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; \
                 object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
            ),
        ),
        (header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY")),
        (
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ),
        // Edit links carry a key in their URL: never leak it through Referer.
        (
            header::REFERRER_POLICY,
            HeaderValue::from_static("no-referrer"),
        ),
        (
            HeaderName::from_static("permissions-policy"),
            HeaderValue::from_static("camera=(), microphone=(), geolocation=()"),
        ),
        (
            HeaderName::from_static("cross-origin-opener-policy"),
            HeaderValue::from_static("same-origin"),
        ),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_unique_well_formed_and_hash_stably() {
        let a = random_token();
        let b = random_token();
        assert_ne!(a, b);
        assert!(looks_like_token(&a));
        assert!(secret_matches(&a, &hash_secret(&a)));
        assert!(!secret_matches(&b, &hash_secret(&a)));
        assert!(!looks_like_token("short"));
        assert!(!looks_like_token(&format!("{}!", &a[..42])));
    }

    #[test]
    fn admin_tokens_must_be_long_and_one_word() {
        let token = "0123456789abcdef0123456789abcdef";
        assert_eq!(admin_token_hash(token).unwrap(), hash_secret(token));
        let short = admin_token_hash(&token[..31]).unwrap_err().to_string();
        assert!(short.contains("at least 32 characters (got 31)"), "{short}");
        let spaced = admin_token_hash(&format!("{token} x"))
            .unwrap_err()
            .to_string();
        assert!(spaced.contains("without spaces"), "{spaced}");
    }
}
