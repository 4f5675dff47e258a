//! What the SDK keeps in storage: the signed-in session (one JSON blob, written in one go) and
//! the cached provider metadata + key set. Reading them back never panics: a corrupt or
//! foreign-version value is reported so that only that entry is dropped.

#[allow(unused_imports)]
use crate::prelude::*;

use crate::core::codes::ErrorCode;
use crate::core::discovery::ProviderMetadata;
use crate::core::error::{concat, text, ErrorInfo};
use crate::core::id_token::{decode_stored_id_token, IdTokenClaims};
use crate::core::json::{parse_object, JsonError, Object, ObjectWriter};
use crate::core::jwk::JwkSet;
use crate::core::secret::{AccessToken, IdToken, RefreshToken};

/// Format version of [`StoredSession`].
pub const SESSION_VERSION: u32 = 1;
/// Format version of [`ProviderCache`].
pub const PROVIDER_CACHE_VERSION: u32 = 1;
/// How long cached discovery metadata is trusted (1 hour).
pub const DISCOVERY_TTL_SECONDS: i64 = 60 * 60;
/// How long a cached key set is trusted (10 minutes); an unknown `kid` refreshes it sooner.
pub const JWKS_TTL_SECONDS: i64 = 10 * 60;

/// An access token cached for one (resource, organization) pair.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct AccessTokenEntry {
    /// The access token, as the token endpoint returned it (opaque or a JWT).
    pub token: AccessToken,
    /// The scopes granted with it, space-separated (RFC 6749 §5.1), if the response said.
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Option::is_none"))]
    pub scope: Option<String>,
    /// Unix seconds; 0 when unknown (then never served from cache).
    pub expires_at: i64,
}

/// The cached access tokens of a session, by [`access_token_key`], in key order (as they are
/// stored). A sorted list rather than a `BTreeMap`: a session holds a handful, and a B-tree
/// costs the wasm ~8 KB.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AccessTokens(Vec<(String, AccessTokenEntry)>);

impl AccessTokens {
    fn position(&self, key: &str) -> Result<usize, usize> {
        self.0.binary_search_by(|(k, _)| k.as_str().cmp(key))
    }
    /// The entry for `key`.
    pub fn get(&self, key: &str) -> Option<&AccessTokenEntry> {
        self.position(key).ok().and_then(|i| self.0.get(i)).map(|(_, e)| e)
    }
    /// Sets the entry for `key`, replacing any.
    pub fn insert(&mut self, key: String, entry: AccessTokenEntry) {
        match self.position(&key) {
            Ok(i) => {
                if let Some(slot) = self.0.get_mut(i) {
                    slot.1 = entry;
                }
            }
            Err(i) => self.0.insert(i, (key, entry)),
        }
    }
    /// Keeps the entries for which `keep` is true.
    pub fn retain(&mut self, mut keep: impl FnMut(&str, &AccessTokenEntry) -> bool) {
        self.0.retain(|(k, e)| keep(k, e));
    }
    /// Forgets every entry.
    pub fn clear(&mut self) {
        self.0.clear();
    }
    /// The number of entries.
    pub fn len(&self) -> usize {
        self.0.len()
    }
    /// Whether there is no entry.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
    /// The entries, in key order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &AccessTokenEntry)> {
        self.0.iter().map(|(k, e)| (k.as_str(), e))
    }
}

#[cfg(feature = "serde")]
impl serde::Serialize for AccessTokens {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.iter())
    }
}

#[cfg(feature = "serde")]
impl<'de> serde::Deserialize<'de> for AccessTokens {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let map = <alloc::collections::BTreeMap<String, AccessTokenEntry>>::deserialize(deserializer)?;
        Ok(AccessTokens(map.into_iter().collect()))
    }
}

/// The signed-in session.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct StoredSession {
    /// Format version, [`SESSION_VERSION`]; a session of another version is dropped.
    pub v: u32,
    /// The issuer the tokens come from.
    pub issuer: String,
    /// A verified ID token.
    pub id_token: IdToken,
    /// The refresh token, if the provider issued one (scope `offline_access`); replaced when
    /// a refresh rotates it.
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Option::is_none"))]
    pub refresh_token: Option<RefreshToken>,
    /// Random ID of this session, drawn at sign-in: which browser tab owns the refresh token
    /// of a per-tab (sessionStorage) session is decided per owner ID. Not the OIDC `sid` claim
    /// (the provider's session ID); stored as `sid` (the format of [`SESSION_VERSION`] 1).
    #[cfg_attr(feature = "serde", serde(default, rename = "sid", skip_serializing_if = "Option::is_none"))]
    pub owner_id: Option<String>,
    /// Access tokens by [`access_token_key`].
    #[cfg_attr(feature = "serde", serde(default))]
    pub access_tokens: AccessTokens,
    /// For a session without a refresh token that came from a silent sign-in: the redirect URI
    /// of its hidden frame, with which the next access tokens are had (another silent sign-in).
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Option::is_none"))]
    pub silent_redirect_uri: Option<String>,
}

/// How a session gets its next access tokens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum SessionRenewal {
    /// With its refresh token (`refreshToken` in JavaScript).
    RefreshToken,
    /// With another silent sign-in in a hidden frame: the session came from one and the
    /// provider issued no refresh token (`silentSignIn`).
    SilentSignIn,
    /// It cannot: when its access tokens expire, the user signs in again (`none`).
    None,
}

impl SessionRenewal {
    /// The JavaScript name.
    pub fn as_str(self) -> &'static str {
        match self {
            SessionRenewal::RefreshToken => "refreshToken",
            SessionRenewal::SilentSignIn => "silentSignIn",
            SessionRenewal::None => "none",
        }
    }
}

/// The cache key of an access token: resource and organization joined by a space (neither
/// may contain one).
pub fn access_token_key(resource: Option<&str>, organization_id: Option<&str>) -> String {
    crate::core::error::concat(&[resource.unwrap_or(""), " ", organization_id.unwrap_or("")])
}

/// The resource and organization of an [`access_token_key`] (the inverse).
pub fn access_token_target(key: &str) -> (Option<&str>, Option<&str>) {
    let (resource, organization_id) = key.split_once(' ').unwrap_or((key, ""));
    (Some(resource).filter(|r| !r.is_empty()), Some(organization_id).filter(|o| !o.is_empty()))
}

/// Why a stored value was dropped.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum StoredValueError {
    /// Code `storage.corrupt_value`. The value is not JSON of the expected shape, or the
    /// session's ID token does not decode (edited, truncated, or written by something else);
    /// holds the reason.
    Corrupt(String),
    /// Code `storage.version_mismatch`. The value has another format version (the first
    /// number) than this SDK writes (the second), e.g. after an SDK upgrade or downgrade.
    Version(u32, u32),
    /// Code `storage.other_issuer`. The stored session was made for another issuer than the
    /// current config's.
    OtherIssuer,
}

crate::error_display!(StoredValueError);

impl ErrorInfo for StoredValueError {
    fn message(&self) -> String {
        match self {
            StoredValueError::Corrupt(a0) => concat(&["stored value is not valid JSON of the expected shape: ", &text(a0)]),
            StoredValueError::Version(a0, a1) => concat(&["stored value has format version ", &text(a0), ", not ", &text(a1)]),
            StoredValueError::OtherIssuer => "stored value belongs to another issuer".to_owned(),
        }
    }
    fn code(&self) -> ErrorCode {
        match self {
            StoredValueError::Corrupt(_) => ErrorCode::StorageCorruptValue,
            StoredValueError::Version(..) => ErrorCode::StorageVersionMismatch,
            StoredValueError::OtherIssuer => ErrorCode::StorageOtherIssuer,
        }
    }
}

impl StoredSession {
    /// Reads a stored session and checks it: version, issuer, and that the ID token decodes.
    pub fn from_json(json: &str, issuer: &str) -> Result<(StoredSession, IdTokenClaims), StoredValueError> {
        let corrupt = |e: JsonError| StoredValueError::Corrupt(e.message());
        let o = parse_object(json.as_bytes()).map_err(corrupt)?;
        let v = o.req_i64("v").map_err(corrupt)?;
        if v != i64::from(SESSION_VERSION) {
            return Err(StoredValueError::Version(u32::try_from(v).unwrap_or(u32::MAX), SESSION_VERSION));
        }
        let session = StoredSession::from_object(&o).map_err(corrupt)?;
        if session.issuer != issuer {
            return Err(StoredValueError::OtherIssuer);
        }
        let claims =
            decode_stored_id_token(session.id_token.expose()).map_err(|_| StoredValueError::Corrupt("the stored ID token cannot be decoded".into()))?;
        Ok((session, claims))
    }

    fn from_object(o: &Object) -> Result<StoredSession, JsonError> {
        let mut access_tokens = AccessTokens::default();
        for (key, entry) in o.opt_object("access_tokens")?.map(Object::iter).into_iter().flatten() {
            let e = entry.as_object().ok_or(JsonError::field("access_tokens", "expected an object"))?;
            let token = AccessToken::new(e.req_str("token")?);
            access_tokens.insert(key.to_owned(), AccessTokenEntry { token, scope: e.opt_str("scope")?, expires_at: e.req_i64("expires_at")? });
        }
        Ok(StoredSession {
            v: SESSION_VERSION,
            issuer: o.req_str("issuer")?,
            id_token: IdToken::new(o.req_str("id_token")?),
            refresh_token: o.opt_str("refresh_token")?.map(RefreshToken::new),
            owner_id: o.opt_str("sid")?,
            access_tokens,
            silent_redirect_uri: o.opt_str("silent_redirect_uri")?,
        })
    }

    /// The JSON to store.
    pub fn to_json(&self) -> String {
        let mut tokens = ObjectWriter::new();
        for (key, e) in self.access_tokens.iter() {
            let entry = ObjectWriter::new().str("token", e.token.expose()).opt_str("scope", e.scope.as_deref()).int("expires_at", e.expires_at).finish();
            tokens.raw(key, &entry);
        }
        ObjectWriter::new()
            .int("v", i64::from(self.v))
            .str("issuer", &self.issuer)
            .str("id_token", self.id_token.expose())
            .opt_str("refresh_token", self.refresh_token.as_ref().map(RefreshToken::expose))
            .opt_str("sid", self.owner_id.as_deref())
            .raw("access_tokens", &tokens.finish())
            .opt_str("silent_redirect_uri", self.silent_redirect_uri.as_deref())
            .finish()
    }

    /// How the session gets its next access tokens.
    pub fn renewal(&self) -> SessionRenewal {
        match (&self.refresh_token, &self.silent_redirect_uri) {
            (Some(_), _) => SessionRenewal::RefreshToken,
            (None, Some(_)) => SessionRenewal::SilentSignIn,
            (None, None) => SessionRenewal::None,
        }
    }

    /// A cached access token still valid `margin` seconds from `now`.
    pub fn valid_access_token(&self, key: &str, now: i64, margin: i64) -> Option<&AccessToken> {
        self.access_tokens.get(key).filter(|e| e.expires_at > now.saturating_add(margin)).map(|e| &e.token)
    }

    /// Drops expired access tokens.
    pub fn prune(&mut self, now: i64) {
        self.access_tokens.retain(|_, e| e.expires_at > now);
    }
}

/// Discovery metadata and key set, cached across page loads (and across the sign-in redirect,
/// so the callback needs only the token request).
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct ProviderCache {
    /// Format version, [`PROVIDER_CACHE_VERSION`].
    pub v: u32,
    /// The checked discovery metadata.
    pub metadata: ProviderMetadata,
    /// When the metadata was fetched, Unix seconds; trusted for [`DISCOVERY_TTL_SECONDS`].
    pub metadata_fetched_at: i64,
    /// The provider's key set, if fetched.
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Option::is_none"))]
    pub jwks: Option<JwkSet>,
    /// When the key set was fetched, Unix seconds; trusted for [`JWKS_TTL_SECONDS`].
    #[cfg_attr(feature = "serde", serde(default))]
    pub jwks_fetched_at: i64,
}

impl ProviderCache {
    /// Reads a cache entry; stale parts are dropped (metadata past its TTL makes the whole
    /// entry stale).
    pub fn from_json(json: &str, now: i64) -> Result<Option<ProviderCache>, StoredValueError> {
        let corrupt = |e: JsonError| StoredValueError::Corrupt(e.message());
        let o = parse_object(json.as_bytes()).map_err(corrupt)?;
        let v = o.req_i64("v").map_err(corrupt)?;
        if v != i64::from(PROVIDER_CACHE_VERSION) {
            return Err(StoredValueError::Version(u32::try_from(v).unwrap_or(u32::MAX), PROVIDER_CACHE_VERSION));
        }
        let metadata = o.opt_object("metadata").map_err(corrupt)?.ok_or(JsonError::field("metadata", "missing")).map_err(corrupt)?;
        let cache = ProviderCache {
            v: PROVIDER_CACHE_VERSION,
            metadata: ProviderMetadata::from_json(metadata).map_err(corrupt)?,
            metadata_fetched_at: o.req_i64("metadata_fetched_at").map_err(corrupt)?,
            jwks: o.opt_object("jwks").map_err(corrupt)?.map(JwkSet::from_json).transpose().map_err(corrupt)?,
            jwks_fetched_at: o.opt_i64("jwks_fetched_at").map_err(corrupt)?.unwrap_or(0),
        };
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
        let mut w = ObjectWriter::new();
        w.int("v", i64::from(self.v)).raw("metadata", &self.metadata.to_json()).int("metadata_fetched_at", self.metadata_fetched_at);
        if let Some(jwks) = &self.jwks {
            w.raw("jwks", &jwks.to_json());
        }
        w.int("jwks_fetched_at", self.jwks_fetched_at).finish()
    }
}

fn fresh(fetched_at: i64, ttl: i64, now: i64) -> bool {
    fetched_at <= now.saturating_add(60) && now.saturating_sub(fetched_at) < ttl
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn access_token_keys_read_back() {
        for (resource, org) in [(None, None), (Some("https://api"), None), (None, Some("org1")), (Some("https://api"), Some("org1"))] {
            assert_eq!(access_token_target(&access_token_key(resource, org)), (resource, org));
        }
    }
    #[allow(unused_imports)]
    use crate::prelude::*;

    // header {"alg":"ES256"}, payload {"iss":"https://l.dev/oidc","sub":"alice","aud":"app","exp":2000,"iat":1000}
    const ID_TOKEN: &str = "eyJhbGciOiJFUzI1NiJ9.eyJpc3MiOiJodHRwczovL2wuZGV2L29pZGMiLCJzdWIiOiJhbGljZSIsImF1ZCI6ImFwcCIsImV4cCI6MjAwMCwiaWF0IjoxMDAwfQ.c2ln";

    fn session() -> StoredSession {
        StoredSession {
            v: 1,
            issuer: "https://l.dev/oidc".into(),
            id_token: IdToken::new(ID_TOKEN),
            refresh_token: Some(RefreshToken::new("rt")),
            owner_id: Some("s1".into()),
            access_tokens: AccessTokens::default(),
            silent_redirect_uri: None,
        }
    }

    #[test]
    fn round_trips_and_decodes_claims() {
        let (s, claims) = StoredSession::from_json(&session().to_json(), "https://l.dev/oidc").unwrap();
        assert_eq!(s, session());
        assert_eq!(claims.sub, "alice");
    }

    #[test]
    fn renewal_follows_the_stored_tokens() {
        assert_eq!(session().renewal(), SessionRenewal::RefreshToken);
        let silent = StoredSession { refresh_token: None, silent_redirect_uri: Some("https://app/silent".into()), ..session() };
        assert_eq!(silent.renewal(), SessionRenewal::SilentSignIn);
        let (read, _) = StoredSession::from_json(&silent.to_json(), "https://l.dev/oidc").unwrap();
        assert_eq!(read, silent, "the frame's redirect URI is stored");
        assert_eq!(StoredSession { refresh_token: None, ..session() }.renewal(), SessionRenewal::None);
        // A refresh token wins: the provider may issue one on a later silent sign-in.
        assert_eq!(StoredSession { silent_redirect_uri: Some("https://app/silent".into()), ..session() }.renewal(), SessionRenewal::RefreshToken);
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
        let c = crate::testing::provider_cache(crate::testing::metadata("https://l.dev/oidc"), Some(JwkSet::default()), 1000);
        let json = c.to_json();
        assert!(ProviderCache::from_json(&json, 1000 + 60).unwrap().unwrap().jwks.is_some());
        assert!(ProviderCache::from_json(&json, 1000 + JWKS_TTL_SECONDS).unwrap().unwrap().jwks.is_none());
        assert!(ProviderCache::from_json(&json, 1000 + DISCOVERY_TTL_SECONDS).unwrap().is_none());
        assert!(ProviderCache::from_json(&json, 0).unwrap().is_none(), "fetched in the future");
        assert_eq!(ProviderCache::from_json("[]", 0).unwrap_err().code(), "storage.corrupt_value");
    }
}
