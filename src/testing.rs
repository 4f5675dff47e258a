//! Fixtures for this crate's own tests (feature `testing`; not a supported API): the provider
//! metadata, the stored values and the ID tokens that the native, browser and Leptos tests
//! start from, and (with `rust-crypto`) the one test signer.
//!
//! Every stored value is built as the SDK's own typed value and written through the SDK's own
//! serializer (`to_json`), so a fixture is exactly what the SDK would have stored; a test that
//! needs a broken value starts from one of these and breaks it visibly.

#[allow(unused_imports)]
use crate::prelude::*;

use crate::core::base64url;
use crate::core::callback::{SignInTransaction, TRANSACTION_VERSION};
use crate::core::discovery::ProviderMetadata;
use crate::core::json::ObjectWriter;
use crate::core::jwk::JwkSet;
use crate::core::secret::CodeVerifier;
use crate::core::secret::{AccessToken, IdToken, RefreshToken};
use crate::core::session::{access_token_key, AccessTokenEntry, ProviderCache, StoredSession, PROVIDER_CACHE_VERSION, SESSION_VERSION};

/// The issuer of the tests that do not run against the dev provider.
pub const ISSUER: &str = "https://logto.dev/oidc";
/// The `client_id` (Logto's App ID) of those tests.
pub const CLIENT_ID: &str = "app";

/// The provider metadata of `issuer`: the four required endpoints under it (`/auth`, `/token`,
/// `/jwks`), RFC 9207's `iss` parameter and PKCE `S256` announced, no optional endpoint. A
/// test that needs one sets it on the returned value.
pub fn metadata(issuer: &str) -> ProviderMetadata {
    let at = |path: &str| {
        let mut url = issuer.to_owned();
        url.push_str(path);
        url
    };
    ProviderMetadata {
        issuer: issuer.to_owned(),
        authorization_endpoint: at("/auth"),
        token_endpoint: at("/token"),
        jwks_uri: at("/jwks"),
        userinfo_endpoint: None,
        end_session_endpoint: None,
        revocation_endpoint: None,
        authorization_response_iss_parameter_supported: true,
        code_challenge_methods_supported: Some(vec!["S256".to_owned()]),
        pushed_authorization_request_endpoint: None,
        require_pushed_authorization_requests: false,
    }
}

/// A provider cache entry: `metadata` fetched at `fetched_at`, and the key set, when given,
/// fetched at the same time.
pub fn provider_cache(metadata: ProviderMetadata, jwks: Option<JwkSet>, fetched_at: i64) -> ProviderCache {
    let jwks_fetched_at = if jwks.is_some() { fetched_at } else { 0 };
    ProviderCache { v: PROVIDER_CACHE_VERSION, metadata, metadata_fetched_at: fetched_at, jwks, jwks_fetched_at }
}

/// A pending sign-in (state `st4te`, nonce `n0nce`, a 43-character verifier) of `issuer`,
/// returning to `redirect_uri`, started at `created_at`; `SignInTransaction::to_json` is what
/// the SDK stores.
pub fn transaction(redirect_uri: &str, issuer: &str, created_at: i64) -> SignInTransaction {
    SignInTransaction {
        v: TRANSACTION_VERSION,
        state: "st4te".into(),
        nonce: "n0nce".into(),
        code_verifier: CodeVerifier::new("v".repeat(43)),
        redirect_uri: redirect_uri.to_owned(),
        post_redirect_uri: None,
        issuer: issuer.to_owned(),
        iss_required: true,
        created_at,
        max_age: None,
        required_acr: None,
    }
}

/// A stored session, built the way the SDK builds one after a sign-in.
#[derive(Debug, Clone)]
pub struct SessionBuilder(StoredSession);

impl SessionBuilder {
    /// A session of `issuer` holding `id_token`, without refresh or access tokens.
    pub fn new(issuer: &str, id_token: &str) -> Self {
        SessionBuilder(StoredSession {
            v: SESSION_VERSION,
            issuer: issuer.to_owned(),
            id_token: IdToken::new(id_token),
            refresh_token: None,
            owner_id: None,
            access_tokens: Default::default(),
            silent_redirect_uri: None,
        })
    }
    /// With this refresh token.
    pub fn refresh_token(mut self, token: &str) -> Self {
        self.0.refresh_token = Some(RefreshToken::new(token));
        self
    }
    /// With this tab-owner ID.
    pub fn owner_id(mut self, id: &str) -> Self {
        self.0.owner_id = Some(id.to_owned());
        self
    }
    /// Renewed by silent sign-ins in a frame at `redirect_uri` (a session without refresh token).
    pub fn silent_redirect_uri(mut self, redirect_uri: &str) -> Self {
        self.0.silent_redirect_uri = Some(redirect_uri.to_owned());
        self
    }
    /// With an access token for `resource` and `organization` (both `None`: the userinfo
    /// token), expiring at `expires_at`.
    pub fn access_token(mut self, resource: Option<&str>, organization: Option<&str>, token: &str, expires_at: i64) -> Self {
        let entry = AccessTokenEntry { token: AccessToken::new(token), scope: None, expires_at };
        self.0.access_tokens.insert(access_token_key(resource, organization), entry);
        self
    }
    /// The session.
    pub fn build(self) -> StoredSession {
        self.0
    }
    /// The session as the SDK stores it (`StoredSession::to_json`).
    pub fn to_json(&self) -> String {
        self.0.to_json()
    }
}

/// The claims of an ID token, as JSON text, member by member.
pub struct Claims(ObjectWriter);

impl Claims {
    /// `iss`, `sub`, `aud`, `iat` and `exp`: the claims every ID token has.
    pub fn new(issuer: &str, sub: &str, aud: &str, iat: i64, exp: i64) -> Self {
        let mut w = ObjectWriter::new();
        w.str("iss", issuer).str("sub", sub).str("aud", aud).int("iat", iat).int("exp", exp);
        Claims(w)
    }
    /// With a string claim.
    pub fn str(mut self, name: &str, value: &str) -> Self {
        self.0.str(name, value);
        self
    }
    /// With an integer claim.
    pub fn int(mut self, name: &str, value: i64) -> Self {
        self.0.int(name, value);
        self
    }
    /// The claims set as JSON text.
    pub fn finish(mut self) -> String {
        self.0.finish()
    }
}

/// A compact JWS of these header and payload texts whose signature is the bytes `signature`:
/// for the places where no signature is checked (a stored session was verified when it was
/// received) or where the check must fail.
pub fn unsigned_jws(header: &str, payload: &str) -> String {
    let mut out = base64url::encode(header.as_bytes());
    out.push('.');
    out.push_str(&base64url::encode(payload.as_bytes()));
    out.push('.');
    out.push_str(&base64url::encode(b"signature"));
    out
}

/// An ID token of these claims, ES256-labelled (`kid` `k`), with a signature nobody checks
/// ([`unsigned_jws`]).
pub fn unsigned_id_token(claims: &str) -> String {
    unsigned_jws(r#"{"alg":"ES256","kid":"k"}"#, claims)
}

#[cfg(feature = "rust-crypto")]
pub mod keys;
