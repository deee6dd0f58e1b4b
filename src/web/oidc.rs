//! The OpenID Connect relying party, on the `openidconnect` crate: discovery at start-up, the
//! authorization code flow with PKCE and a nonce, and the ID token checked by the crate
//! (signature against the issuer's JWKS, issuer, audience, expiry, nonce). No JWT is parsed by
//! hand here.

use std::sync::{Arc, RwLock};
use std::time::Duration;

use openidconnect::core::{
    CoreAuthDisplay, CoreAuthPrompt, CoreAuthenticationFlow, CoreErrorResponseType,
    CoreGenderClaim, CoreJsonWebKey, CoreJweContentEncryptionAlgorithm, CoreJwsSigningAlgorithm,
    CoreProviderMetadata, CoreRevocableToken, CoreRevocationErrorResponse,
    CoreTokenIntrospectionResponse, CoreTokenType,
};
use openidconnect::{
    AccessTokenHash, AdditionalClaims, AuthorizationCode, Client, ClientId, ClientSecret,
    CsrfToken, EmptyExtraTokenFields, EndpointMaybeSet, EndpointNotSet, EndpointSet, IdTokenFields,
    IssuerUrl, Nonce, OAuth2TokenResponse, PkceCodeChallenge, PkceCodeVerifier, RedirectUrl, Scope,
    StandardErrorResponse, StandardTokenResponse, TokenResponse,
};
use serde::{Deserialize, Serialize};

use crate::config::OidcSettings;

/// The claims beyond the standard ones: `groups`, as Microsoft Entra ID sends it (group object
/// ids, or names when the app registration says so). Absent means none.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct GroupClaims {
    #[serde(default)]
    groups: Vec<String>,
}

impl AdditionalClaims for GroupClaims {}

type IdFields = IdTokenFields<
    GroupClaims,
    EmptyExtraTokenFields,
    CoreGenderClaim,
    CoreJweContentEncryptionAlgorithm,
    CoreJwsSigningAlgorithm,
>;
type TokenResp = StandardTokenResponse<IdFields, CoreTokenType>;
type RelyingParty = Client<
    GroupClaims,
    CoreAuthDisplay,
    CoreGenderClaim,
    CoreJweContentEncryptionAlgorithm,
    CoreJsonWebKey,
    CoreAuthPrompt,
    StandardErrorResponse<CoreErrorResponseType>,
    TokenResp,
    CoreTokenIntrospectionResponse,
    CoreRevocableToken,
    CoreRevocationErrorResponse,
    EndpointSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointMaybeSet,
    EndpointMaybeSet,
>;

/// Most groups kept from one ID token (Entra ID sends at most 200 before it switches to an
/// overage claim), and the longest group value kept.
const MAX_GROUPS: usize = 500;
const MAX_CLAIM_CHARS: usize = 256;

/// Who the provider vouched for, from a verified ID token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerifiedIdentity {
    pub issuer: String,
    pub subject: String,
    /// Lower-cased `email` (unless the provider says it is unverified), else
    /// `preferred_username` when it is an address (Entra ID's user principal name).
    pub email: Option<String>,
    pub name: Option<String>,
    pub groups: Vec<String>,
}

/// What the browser must be sent to, and what the callback must check.
pub struct Authorization {
    pub url: url::Url,
    pub csrf_state: String,
    pub nonce: String,
    pub pkce_verifier: String,
}

/// Why a sign-in could not be completed (shown to the person signing in).
#[derive(Debug, thiserror::Error)]
pub enum SignInError {
    #[error("the identity provider did not accept the authorization code: {0}")]
    Exchange(String),
    #[error("the identity provider's answer had no ID token")]
    NoIdToken,
    #[error("the ID token was not accepted: {0}")]
    IdToken(String),
}

/// The configured provider and this app's registration with it.
pub struct Oidc {
    client: RwLock<Arc<RelyingParty>>,
    http: reqwest::Client,
    settings: OidcSettings,
    redirect: RedirectUrl,
}

impl std::fmt::Debug for Oidc {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Oidc")
            .field("issuer", &self.settings.issuer)
            .field("client_id", &self.settings.client_id)
            .finish_non_exhaustive()
    }
}

impl Oidc {
    /// Discover the provider (its endpoints and signing keys) and register the callback
    /// `{public_url}/auth/callback`.
    pub async fn discover(settings: OidcSettings, public_url: &str) -> anyhow::Result<Self> {
        use anyhow::Context;
        let http = reqwest::Client::builder()
            // Following redirects would let a provider's answer point this server anywhere.
            .redirect(reqwest::redirect::Policy::none())
            .timeout(Duration::from_secs(15))
            .build()
            .context("cannot build the HTTP client for OpenID Connect")?;
        let redirect = RedirectUrl::new(format!(
            "{}/auth/callback",
            public_url.trim_end_matches('/')
        ))
        .context("--public-url does not make a valid redirect URI")?;
        let client = build_client(&http, &settings, &redirect).await?;
        Ok(Self {
            client: RwLock::new(Arc::new(client)),
            http,
            settings,
            redirect,
        })
    }

    fn current(&self) -> Arc<RelyingParty> {
        match self.client.read() {
            Ok(c) => Arc::clone(&c),
            Err(poisoned) => Arc::clone(&poisoned.into_inner()),
        }
    }

    /// The issuer, as configured.
    pub fn issuer(&self) -> &str {
        &self.settings.issuer
    }

    /// The callback URL registered with the provider.
    pub fn redirect_uri(&self) -> &str {
        self.redirect.as_str()
    }

    /// A fresh authorization request: state, nonce and PKCE (S256) verifier, random each time.
    pub fn authorize(&self) -> Authorization {
        let client = self.current();
        let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
        let (url, state, nonce) = client
            .authorize_url(
                CoreAuthenticationFlow::AuthorizationCode,
                CsrfToken::new_random,
                Nonce::new_random,
            )
            .add_scope(Scope::new("email".to_owned()))
            .add_scope(Scope::new("profile".to_owned()))
            .set_pkce_challenge(challenge)
            .url();
        Authorization {
            url,
            csrf_state: state.secret().clone(),
            nonce: nonce.secret().clone(),
            pkce_verifier: verifier.secret().clone(),
        }
    }

    /// Exchange the authorization code (with the PKCE verifier) and verify the ID token
    /// against `nonce`. When the token's key is not among the keys read at discovery (the
    /// provider rotated them), discovery runs again once.
    pub async fn complete(
        &self,
        code: &str,
        pkce_verifier: &str,
        nonce: &str,
    ) -> Result<VerifiedIdentity, SignInError> {
        let client = self.current();
        let token = client
            .exchange_code(AuthorizationCode::new(code.to_owned()))
            .map_err(|e| SignInError::Exchange(e.to_string()))?
            .set_pkce_verifier(PkceCodeVerifier::new(pkce_verifier.to_owned()))
            .request_async(&self.http)
            .await
            .map_err(|e| SignInError::Exchange(describe_token_error(&e)))?;
        let nonce = Nonce::new(nonce.to_owned());
        match verify(&client, &token, &nonce) {
            Ok(identity) => Ok(identity),
            Err(first) => {
                let Ok(fresh) = build_client(&self.http, &self.settings, &self.redirect).await
                else {
                    return Err(first);
                };
                let fresh = Arc::new(fresh);
                let identity = verify(&fresh, &token, &nonce)?;
                if let Ok(mut c) = self.client.write() {
                    *c = fresh;
                }
                Ok(identity)
            }
        }
    }
}

async fn build_client(
    http: &reqwest::Client,
    settings: &OidcSettings,
    redirect: &RedirectUrl,
) -> anyhow::Result<RelyingParty> {
    use anyhow::Context;
    let issuer = IssuerUrl::new(settings.issuer.clone()).context("--oidc-issuer is not a URL")?;
    let metadata = CoreProviderMetadata::discover_async(issuer, http)
        .await
        .with_context(|| {
            format!(
                "OpenID Connect discovery failed for {}/.well-known/openid-configuration",
                settings.issuer.trim_end_matches('/')
            )
        })?;
    Ok(RelyingParty::from_provider_metadata(
        metadata,
        ClientId::new(settings.client_id.clone()),
        settings
            .client_secret
            .as_ref()
            .map(|s| ClientSecret::new(s.expose().to_owned())),
    )
    .set_redirect_uri(redirect.clone()))
}

fn verify(
    client: &RelyingParty,
    token: &TokenResp,
    nonce: &Nonce,
) -> Result<VerifiedIdentity, SignInError> {
    let id_token = token.id_token().ok_or(SignInError::NoIdToken)?;
    let verifier = client.id_token_verifier();
    let claims = id_token
        .claims(&verifier, nonce)
        .map_err(|e| SignInError::IdToken(e.to_string()))?;
    // The access token must be the one the ID token was issued with, when it says which.
    if let Some(expected) = claims.access_token_hash() {
        let alg = id_token
            .signing_alg()
            .map_err(|e| SignInError::IdToken(e.to_string()))?;
        let key = id_token
            .signing_key(&verifier)
            .map_err(|e| SignInError::IdToken(e.to_string()))?;
        let actual = AccessTokenHash::from_token(token.access_token(), alg, key)
            .map_err(|e| SignInError::IdToken(e.to_string()))?;
        if actual != *expected {
            return Err(SignInError::IdToken(
                "the access token does not match the ID token's at_hash".to_owned(),
            ));
        }
    }
    let email = claims
        .email()
        .filter(|_| claims.email_verified() != Some(false))
        .map(|e| e.as_str().to_owned())
        .or_else(|| {
            claims
                .preferred_username()
                .map(|u| u.as_str().to_owned())
                .filter(|u| u.contains('@'))
        })
        .map(|e| e.trim().to_lowercase())
        .filter(|e| !e.is_empty() && e.chars().count() <= MAX_CLAIM_CHARS);
    let name = claims
        .name()
        .and_then(|n| n.get(None))
        .map(|n| n.as_str().trim().to_owned())
        .filter(|n| !n.is_empty() && n.chars().count() <= MAX_CLAIM_CHARS);
    let mut groups: Vec<String> = claims
        .additional_claims()
        .groups
        .iter()
        .map(|g| g.trim().to_owned())
        .filter(|g| !g.is_empty() && g.chars().count() <= MAX_CLAIM_CHARS)
        .take(MAX_GROUPS)
        .collect();
    groups.sort();
    groups.dedup();
    Ok(VerifiedIdentity {
        issuer: claims.issuer().as_str().to_owned(),
        subject: claims.subject().as_str().to_owned(),
        email,
        name,
        groups,
    })
}

fn describe_token_error<E: std::error::Error>(e: &E) -> String {
    let mut text = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        text.push_str(": ");
        text.push_str(&s.to_string());
        source = s.source();
    }
    text
}
