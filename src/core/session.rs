//! What the SDK keeps in storage: the signed-in session (one JSON blob, written in one go) and
//! the cached provider metadata + key set. Reading them back never panics: a corrupt or
//! foreign-version value is reported so that only that entry is dropped.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::core::discovery::ProviderMetadata;
use crate::core::error::ErrorInfo;
use crate::core::id_token::{decode_stored_id_token, IdTokenClaims};
use crate::core::jwk::JwkSet;
use crate::core::secret::Secret;

/// Format version of [`StoredSession`].
pub const SESSION_VERSION: u32 = 1;
/// Format version of [`ProviderCache`].
pub const PROVIDER_CACHE_VERSION: u32 = 1;
/// How long cached discovery metadata is trusted (1 hour).
pub const DISCOVERY_TTL_SECONDS: i64 = 60 * 60;
/// How long a cached key set is trusted (10 minutes); an unknown `kid` refreshes it sooner.
pub const JWKS_TTL_SECONDS: i64 = 10 * 60;

/// An access token cached for one (resource, organization) pair.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccessTokenEntry {
    /// The access token, as the token endpoint returned it (opaque or a JWT).
    pub token: Secret,
    /// The scopes granted with it, space-separated (RFC 6749 §5.1), if the response said.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scope: Option<String>,
    /// Unix seconds; 0 when unknown (then never served from cache).
    pub expires_at: i64,
}

/// The signed-in session.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredSession {
    /// Format version, [`SESSION_VERSION`]; a session of another version is dropped.
    pub v: u32,
    /// The issuer the tokens come from.
    pub issuer: String,
    /// A verified ID token.
    pub id_token: Secret,
    /// The refresh token, if the provider issued one (scope `offline_access`); replaced when
    /// a refresh rotates it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refresh_token: Option<Secret>,
    /// Random ID of this session, drawn at sign-in: which browser tab owns the refresh token
    /// of a per-tab (sessionStorage) session is decided per `sid`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sid: Option<String>,
    /// Access tokens by [`access_token_key`].
    #[serde(default)]
    pub access_tokens: BTreeMap<String, AccessTokenEntry>,
}

/// The cache key of an access token: resource and organization joined by a space (neither
/// may contain one).
pub fn access_token_key(resource: Option<&str>, organization_id: Option<&str>) -> String {
    format!("{} {}", resource.unwrap_or(""), organization_id.unwrap_or(""))
}

/// Why a stored value was dropped.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StoredValueError {
    /// Code `storage.corrupt_value`. The value is not JSON of the expected shape, or the
    /// session's ID token does not decode (edited, truncated, or written by something else);
    /// holds the reason.
    #[error("stored value is not valid JSON of the expected shape: {0}")]
    Corrupt(String),
    /// Code `storage.version_mismatch`. The value has another format version (the first
    /// number) than this SDK writes (the second), e.g. after an SDK upgrade or downgrade.
    #[error("stored value has format version {0}, not {1}")]
    Version(u32, u32),
    /// Code `storage.other_issuer`. The stored session was made for another issuer than the
    /// current config's.
    #[error("stored value belongs to another issuer")]
    OtherIssuer,
}

impl ErrorInfo for StoredValueError {
    fn code(&self) -> &'static str {
        match self {
            StoredValueError::Corrupt(_) => "storage.corrupt_value",
            StoredValueError::Version(..) => "storage.version_mismatch",
            StoredValueError::OtherIssuer => "storage.other_issuer",
        }
    }
}

impl StoredSession {
    /// Reads a stored session and checks it: version, issuer, and that the ID token decodes.
    pub fn from_json(json: &str, issuer: &str) -> Result<(StoredSession, IdTokenClaims), StoredValueError> {
        #[derive(Deserialize)]
        struct Version {
            v: u32,
        }
        let version: Version = serde_json::from_slice(json.as_bytes()).map_err(|e| StoredValueError::Corrupt(e.to_string()))?;
        if version.v != SESSION_VERSION {
            return Err(StoredValueError::Version(version.v, SESSION_VERSION));
        }
        let session: StoredSession = serde_json::from_slice(json.as_bytes()).map_err(|e| StoredValueError::Corrupt(e.to_string()))?;
        if session.issuer != issuer {
            return Err(StoredValueError::OtherIssuer);
        }
        let claims = decode_stored_id_token(session.id_token.expose()).map_err(|e| StoredValueError::Corrupt(e.to_string()))?;
        Ok((session, claims))
    }

    /// The JSON to store.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// A cached access token still valid `margin` seconds from `now`.
    pub fn valid_access_token(&self, key: &str, now: i64, margin: i64) -> Option<&Secret> {
        self.access_tokens.get(key).filter(|e| e.expires_at > now.saturating_add(margin)).map(|e| &e.token)
    }

    /// Drops expired access tokens.
    pub fn prune(&mut self, now: i64) {
        self.access_tokens.retain(|_, e| e.expires_at > now);
    }
}

/// Discovery metadata and key set, cached across page loads (and across the sign-in redirect,
/// so the callback needs only the token request).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProviderCache {
    /// Format version, [`PROVIDER_CACHE_VERSION`].
    pub v: u32,
    /// The checked discovery metadata.
    pub metadata: ProviderMetadata,
    /// When the metadata was fetched, Unix seconds; trusted for [`DISCOVERY_TTL_SECONDS`].
    pub metadata_fetched_at: i64,
    /// The provider's key set, if fetched.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub jwks: Option<JwkSet>,
    /// When the key set was fetched, Unix seconds; trusted for [`JWKS_TTL_SECONDS`].
    #[serde(default)]
    pub jwks_fetched_at: i64,
}

impl ProviderCache {
    /// Reads a cache entry; stale parts are dropped (metadata past its TTL makes the whole
    /// entry stale).
    pub fn from_json(json: &str, now: i64) -> Result<Option<ProviderCache>, StoredValueError> {
        let cache: ProviderCache = serde_json::from_slice(json.as_bytes()).map_err(|e| StoredValueError::Corrupt(e.to_string()))?;
        if cache.v != PROVIDER_CACHE_VERSION {
            return Err(StoredValueError::Version(cache.v, PROVIDER_CACHE_VERSION));
        }
        Ok(cache.fresh_at(now))
    }

    /// This cache as of `now`: `None` when the metadata is stale, without the key set when
    /// only that is stale.
    pub fn fresh_at(&self, now: i64) -> Option<ProviderCache> {
        if !fresh(self.metadata_fetched_at, DISCOVERY_TTL_SECONDS, now) {
            return None;
        }
        let mut cache = self.clone();
        if !fresh(cache.jwks_fetched_at, JWKS_TTL_SECONDS, now) {
            cache.jwks = None;
        }
        Some(cache)
    }

    /// The JSON to store.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }
}

fn fresh(fetched_at: i64, ttl: i64, now: i64) -> bool {
    fetched_at <= now.saturating_add(60) && now.saturating_sub(fetched_at) < ttl
}

#[cfg(test)]
mod tests {
    use super::*;

    // header {"alg":"ES256"}, payload {"iss":"https://l.dev/oidc","sub":"alice","aud":"app","exp":2000,"iat":1000}
    const ID_TOKEN: &str = "eyJhbGciOiJFUzI1NiJ9.eyJpc3MiOiJodHRwczovL2wuZGV2L29pZGMiLCJzdWIiOiJhbGljZSIsImF1ZCI6ImFwcCIsImV4cCI6MjAwMCwiaWF0IjoxMDAwfQ.c2ln";

    fn session() -> StoredSession {
        StoredSession {
            v: 1,
            issuer: "https://l.dev/oidc".into(),
            id_token: Secret::new(ID_TOKEN),
            refresh_token: Some(Secret::new("rt")),
            sid: Some("s1".into()),
            access_tokens: BTreeMap::new(),
        }
    }

    #[test]
    fn round_trips_and_decodes_claims() {
        let (s, claims) = StoredSession::from_json(&session().to_json(), "https://l.dev/oidc").unwrap();
        assert_eq!(s, session());
        assert_eq!(claims.sub, "alice");
    }

    #[test]
    fn corrupt_or_foreign_values_are_typed_errors() {
        let code = |json: &str| StoredSession::from_json(json, "https://l.dev/oidc").unwrap_err().code();
        assert_eq!(code("{"), "storage.corrupt_value");
        assert_eq!(code("null"), "storage.corrupt_value");
        assert_eq!(code(r#"{"v":2}"#), "storage.version_mismatch");
        assert_eq!(code(r#"{"v":1,"issuer":"x"}"#), "storage.corrupt_value");
        assert_eq!(code(&session().to_json().replace("l.dev", "other.dev")), "storage.other_issuer");
        assert_eq!(code(&session().to_json().replace(ID_TOKEN, "garbage")), "storage.corrupt_value");
    }

    #[test]
    fn provider_cache_ttl() {
        let m: ProviderMetadata = serde_json::from_str(r#"{"issuer":"i","authorization_endpoint":"a","token_endpoint":"t","jwks_uri":"j"}"#).unwrap();
        let c = ProviderCache { v: 1, metadata: m, metadata_fetched_at: 1000, jwks: Some(JwkSet::default()), jwks_fetched_at: 1000 };
        let json = c.to_json();
        assert!(ProviderCache::from_json(&json, 1000 + 60).unwrap().unwrap().jwks.is_some());
        assert!(ProviderCache::from_json(&json, 1000 + JWKS_TTL_SECONDS).unwrap().unwrap().jwks.is_none());
        assert!(ProviderCache::from_json(&json, 1000 + DISCOVERY_TTL_SECONDS).unwrap().is_none());
        assert!(ProviderCache::from_json(&json, 0).unwrap().is_none(), "fetched in the future");
        assert_eq!(ProviderCache::from_json("[]", 0).unwrap_err().code(), "storage.corrupt_value");
    }
}
