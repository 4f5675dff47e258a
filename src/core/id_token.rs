//! ID-token verification (OpenID Connect Core §3.1.3.7), in spec order, with a typestate:
//! [`IdTokenVerifier::prepare`] parses the token and picks candidate keys →
//! the signature is checked (synchronously with a [`SignatureVerifier`], or asynchronously by
//! the browser's WebCrypto, whose verdict is handed to [`PendingIdToken::with_verdict`]) →
//! [`IdTokenVerifier::validate`] checks the claims and returns a [`VerifiedIdToken`].
//! Claims only leave through `validate`.

use std::borrow::Cow;

use jwt_compact::{Algorithm, AlgorithmExt, AlgorithmSignature, UntrustedToken, ValidationError};
use serde::{Deserialize, Serialize};

use crate::core::config::ClientConfig;
use crate::core::error::ErrorInfo;
use crate::core::jwk::{JwkSet, KeySelection};
use crate::core::jws::{JwsAlgorithm, SignatureVerifier};
use crate::core::secret::Secret;

/// `aud`: one string or a list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Audience {
    /// A single audience, as Logto sends it: the app ID.
    One(String),
    /// Several audiences; then `azp` must name this app (OIDC Core §3.1.3.7, steps 4–5).
    Many(Vec<String>),
}

impl Audience {
    /// The audiences as a slice.
    pub fn as_slice(&self) -> &[String] {
        match self {
            Audience::One(a) => std::slice::from_ref(a),
            Audience::Many(v) => v,
        }
    }
}

/// The claims of a verified ID token. Standard claims are typed; every other claim (Logto's
/// `username`, `organizations`, `roles`, ...) is in `other`, exactly as the provider sent it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IdTokenClaims {
    /// Issuer: equals the configured issuer exactly (OIDC Core §3.1.3.7, step 2).
    pub iss: String,
    /// Subject: the user ID at the provider, non-empty; stays the same across refreshes.
    pub sub: String,
    /// Audience: includes the app ID (OIDC Core §3.1.3.7, step 3).
    pub aud: Audience,
    /// Expiry, seconds since the Unix epoch; not past (within the leeway) when verified.
    #[serde(deserialize_with = "numeric_date")]
    pub exp: i64,
    /// Issued at, seconds since the Unix epoch; not in the future (within the leeway) when
    /// verified.
    #[serde(deserialize_with = "numeric_date")]
    pub iat: i64,
    /// The `nonce` sent with the sign-in, echoed back (OIDC Core §3.1.3.7, step 11).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nonce: Option<String>,
    /// Authorized party: when present, the app ID.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub azp: Option<String>,
    /// Every other claim (`nbf`, `auth_time`, `at_hash`, `sid`, the profile claims, Logto's
    /// `username`, `roles`, `organizations`, ...), as sent; see
    /// [`IdTokenClaims::user`] for a typed view.
    #[serde(flatten)]
    pub other: serde_json::Map<String, serde_json::Value>,
}

/// A NumericDate (RFC 7519 §2): seconds, possibly fractional. Read the way the verifier reads
/// it (jwt-compact truncates fractions), so that a verified token stored in the session decodes
/// to the same times when read back.
fn numeric_date<'de, D: serde::Deserializer<'de>>(d: D) -> Result<i64, D::Error> {
    struct NumericDate;
    impl serde::de::Visitor<'_> for NumericDate {
        type Value = i64;
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("a NumericDate (seconds since the epoch)")
        }
        fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<i64, E> {
            Ok(v)
        }
        fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<i64, E> {
            i64::try_from(v).map_err(E::custom)
        }
        fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<i64, E> {
            if v.is_finite() && v.abs() < 9.2e18 {
                // Truncation toward zero, as jwt-compact does.
                Ok(v as i64)
            } else {
                Err(E::custom("NumericDate out of range"))
            }
        }
    }
    d.deserialize_any(NumericDate)
}

/// A verified ID token: the raw token (redacted in `Debug`) and its claims.
#[derive(Debug, Clone, PartialEq)]
pub struct VerifiedIdToken {
    /// The compact JWS as received, e.g. to store in the session or send as `id_token_hint`.
    pub raw: Secret,
    /// Its claims, checked.
    pub claims: IdTokenClaims,
}

/// Why an ID token was refused. Each variant has its own stable code.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IdTokenError {
    /// Code `id_token.too_large`. The token is longer than the limit (held here, in bytes;
    /// [`DEFAULT_MAX_TOKEN_LEN`](crate::core::config::DEFAULT_MAX_TOKEN_LEN)); it is refused
    /// before any parsing.
    #[error("ID token is larger than {0} bytes")]
    TooLarge(usize),
    /// Code `id_token.malformed`. Not a compact JWS: not three base64url segments, or a
    /// header that is not JSON (RFC 7515 §7.1); holds the reason.
    #[error("ID token is not a well-formed JWS: {0}")]
    Malformed(String),
    /// Code `id_token.algorithm_not_allowed`. The header's `alg` (held here) is not on the
    /// configured allow-list, e.g. `none` or `HS256` (OIDC Core §3.1.3.7, step 7).
    #[error("ID token algorithm {0:?} is not allowed")]
    AlgorithmNotAllowed(String),
    /// Code `id_token.unsupported_crit`. The header has `crit`; no extension is understood, so
    /// the token must be refused (RFC 7515 §4.1.11).
    #[error("ID token has a `crit` header, which is not supported")]
    CriticalHeader,
    /// Code `id_token.no_matching_key`. No key of the provider's JWK set fits the token's
    /// `alg` and `kid` (keys rotated, or a token from elsewhere); the browser client fetches
    /// the key set once more before giving up with it.
    #[error("no key in the provider's key set fits the ID token (alg {alg}, kid {kid:?})")]
    NoMatchingKey {
        /// The token's algorithm.
        alg: &'static str,
        /// The token's key ID, if its header has one.
        kid: Option<String>,
    },
    /// Code `id_token.invalid_signature`. The signature does not verify under any candidate
    /// key, or has the wrong length for the algorithm: a forged or corrupted token.
    #[error("ID token signature is invalid")]
    InvalidSignature,
    /// Code `id_token.malformed_claims`. The payload is not a JSON claims object, or a claim
    /// has the wrong type (e.g. `exp` not a number); holds the reason.
    #[error("ID token claims are malformed: {0}")]
    MalformedClaims(String),
    /// Code `id_token.missing_claim`. A required claim (`iss`, `aud`, `exp`, `iat` or a
    /// non-empty `sub`, named here) is missing (OIDC Core §2).
    #[error("ID token `{0}` claim is missing")]
    MissingClaim(&'static str),
    /// Code `id_token.issuer_mismatch`. `iss` is not exactly the configured issuer (OIDC Core
    /// §3.1.3.7, step 2).
    #[error("ID token issuer {actual:?} is not the expected {expected:?}")]
    IssuerMismatch {
        /// The configured issuer.
        expected: String,
        /// The token's `iss` (truncated to 300 bytes).
        actual: String,
    },
    /// Code `id_token.audience_mismatch`. `aud` does not contain the app ID: the token was
    /// issued to another client (OIDC Core §3.1.3.7, step 3).
    #[error("ID token audience does not include this app")]
    AudienceMismatch,
    /// Code `id_token.azp_mismatch`. `azp` is present and not the app ID, or missing although
    /// `aud` has several values (OIDC Core §3.1.3.7, steps 4–5).
    #[error("ID token has several audiences but `azp` is missing or is not this app")]
    AzpMismatch,
    /// Code `id_token.expired`. `exp` is past, by more than the clock leeway (OIDC Core
    /// §3.1.3.7, step 9). Often a wrong device clock.
    #[error("ID token has expired")]
    Expired,
    /// Code `id_token.iat_in_future`. `iat` is later than now plus the clock leeway (OIDC
    /// Core §3.1.3.7, step 10). Often a wrong device clock.
    #[error("ID token `iat` is in the future")]
    IssuedInFuture,
    /// Code `id_token.not_yet_valid`. `nbf` is later than now plus the clock leeway (RFC 7519
    /// §4.1.5).
    #[error("ID token is not valid yet (`nbf`)")]
    NotYetValid,
    /// Code `id_token.nonce_mismatch`. At sign-in, `nonce` is missing or not the one sent
    /// (OIDC Core §3.1.3.7, step 11); on refresh, it is present and not the original one.
    /// A replayed or injected token.
    #[error("ID token nonce does not match the one sent at sign-in")]
    NonceMismatch,
    /// Code `id_token.subject_changed`. A refreshed ID token names another `sub` or `iss` than
    /// the session's (OIDC Core §12.2).
    #[error("refreshed ID token is for another subject or issuer than the session")]
    SubjectChanged,
}

impl ErrorInfo for IdTokenError {
    fn code(&self) -> &'static str {
        match self {
            IdTokenError::TooLarge(_) => "id_token.too_large",
            IdTokenError::Malformed(_) => "id_token.malformed",
            IdTokenError::AlgorithmNotAllowed(_) => "id_token.algorithm_not_allowed",
            IdTokenError::CriticalHeader => "id_token.unsupported_crit",
            IdTokenError::NoMatchingKey { .. } => "id_token.no_matching_key",
            IdTokenError::InvalidSignature => "id_token.invalid_signature",
            IdTokenError::MalformedClaims(_) => "id_token.malformed_claims",
            IdTokenError::MissingClaim(_) => "id_token.missing_claim",
            IdTokenError::IssuerMismatch { .. } => "id_token.issuer_mismatch",
            IdTokenError::AudienceMismatch => "id_token.audience_mismatch",
            IdTokenError::AzpMismatch => "id_token.azp_mismatch",
            IdTokenError::Expired => "id_token.expired",
            IdTokenError::IssuedInFuture => "id_token.iat_in_future",
            IdTokenError::NotYetValid => "id_token.not_yet_valid",
            IdTokenError::NonceMismatch => "id_token.nonce_mismatch",
            IdTokenError::SubjectChanged => "id_token.subject_changed",
        }
    }
}

/// Header fields beyond jwt-compact's: `crit` must be refused (RFC 7515 §4.1.11).
#[derive(Debug, Clone, Deserialize)]
struct ExtraHeader {
    #[serde(default)]
    crit: Option<serde_json::Value>,
}

/// What the token must match besides issuer and audience.
#[derive(Debug, Clone, Copy)]
pub enum Expected<'a> {
    /// A token from the code exchange: `nonce` must equal the one sent at sign-in.
    SignIn {
        /// The `nonce` of the sign-in transaction.
        nonce: &'a str,
    },
    /// A token from a refresh (OIDC Core §12.2): same `iss` and `sub` as the session's, and
    /// if it has a `nonce`, the original one.
    Refresh {
        /// The claims of the session's current ID token.
        original: &'a IdTokenClaims,
    },
}

/// Verifies ID tokens for one client.
#[derive(Debug, Clone)]
pub struct IdTokenVerifier {
    issuer: String,
    client_id: String,
    leeway: i64,
    allowed: Vec<JwsAlgorithm>,
    max_len: usize,
}

/// A parsed, not yet trusted token with its candidate keys. Hand it a signature verdict.
#[derive(Debug)]
pub struct PendingIdToken<'t> {
    raw: &'t str,
    token: UntrustedToken<'t>,
    alg: JwsAlgorithm,
    keys: Vec<crate::core::jwk::Jwk>,
}

/// A token whose signature has been checked (valid or not); [`IdTokenVerifier::validate`]
/// turns an invalid verdict into [`IdTokenError::InvalidSignature`].
#[derive(Debug)]
pub struct CheckedIdToken<'t> {
    pending: PendingIdToken<'t>,
    valid: bool,
}

impl<'t> PendingIdToken<'t> {
    /// The algorithm (on the allow-list).
    pub fn algorithm(&self) -> JwsAlgorithm {
        self.alg
    }
    /// Keys that may have signed the token, most likely first.
    pub fn candidate_keys(&self) -> &[crate::core::jwk::Jwk] {
        &self.keys
    }
    /// The JWS signing input (`header.payload`, ASCII).
    pub fn signing_input(&self) -> &'t [u8] {
        let raw: &'t str = self.raw;
        raw.rsplit_once('.').map(|(input, _)| input.as_bytes()).unwrap_or_default()
    }
    /// The decoded signature.
    pub fn signature(&self) -> &[u8] {
        self.token.signature_bytes()
    }
    /// Checks the signature against each candidate key with a synchronous verifier.
    pub fn verify_with(self, verifier: &dyn SignatureVerifier) -> CheckedIdToken<'t> {
        let message = self.signing_input();
        let valid = self.keys.iter().any(|k| verifier.verify(self.alg, k, message, self.signature()));
        CheckedIdToken { pending: self, valid }
    }
    /// Records the verdict of an external (asynchronous) verification of
    /// [`Self::signing_input`] / [`Self::signature`] against [`Self::candidate_keys`].
    pub fn with_verdict(self, valid: bool) -> CheckedIdToken<'t> {
        CheckedIdToken { pending: self, valid }
    }
}

/// jwt-compact's view of an externally checked signature: the "verifying key" is the verdict.
struct Verdict(bool);
struct ExternallyVerified(JwsAlgorithm);
struct RawSignature(Vec<u8>);

impl AlgorithmSignature for RawSignature {
    fn try_from_slice(slice: &[u8]) -> anyhow::Result<Self> {
        Ok(RawSignature(slice.to_vec()))
    }
    fn as_bytes(&self) -> Cow<'_, [u8]> {
        Cow::Borrowed(&self.0)
    }
}

impl Algorithm for ExternallyVerified {
    type SigningKey = ();
    type VerifyingKey = Verdict;
    type Signature = RawSignature;
    fn name(&self) -> Cow<'static, str> {
        Cow::Borrowed(self.0.name())
    }
    fn sign(&self, _: &(), _: &[u8]) -> RawSignature {
        RawSignature(Vec::new())
    }
    fn verify_signature(&self, _: &RawSignature, verdict: &Verdict, _: &[u8]) -> bool {
        verdict.0
    }
}

/// The custom part of the claims as jwt-compact reads them (time claims are its own).
#[derive(Debug, Deserialize)]
struct RawClaims {
    iss: Option<String>,
    sub: Option<String>,
    aud: Option<Audience>,
    nonce: Option<String>,
    azp: Option<String>,
    #[serde(flatten)]
    other: serde_json::Map<String, serde_json::Value>,
}

impl IdTokenVerifier {
    /// A verifier for this client configuration.
    pub fn new(config: &ClientConfig) -> Self {
        IdTokenVerifier {
            issuer: config.issuer.clone(),
            client_id: config.app_id.clone(),
            leeway: i64::from(config.leeway_seconds),
            allowed: config.allowed_algorithms.clone(),
            max_len: config.max_token_len,
        }
    }

    /// Parses the token, checks its algorithm against the allow-list and finds candidate keys.
    /// `NoMatchingKey` means the key set may be stale: fetch it once more and retry.
    pub fn prepare<'t>(&self, raw: &'t str, jwks: &JwkSet) -> Result<PendingIdToken<'t>, IdTokenError> {
        if raw.len() > self.max_len {
            return Err(IdTokenError::TooLarge(self.max_len));
        }
        let token = UntrustedToken::new(raw).map_err(|e| IdTokenError::Malformed(e.to_string()))?;
        let alg = JwsAlgorithm::from_name(token.algorithm())
            .filter(|a| self.allowed.contains(a))
            .ok_or_else(|| IdTokenError::AlgorithmNotAllowed(crate::core::error::truncate(token.algorithm(), 32)))?;
        // jwt-compact keeps unknown header fields only through a typed header: read `crit` from
        // the raw header segment instead.
        let header_b64 = raw.split('.').next().unwrap_or_default();
        let header_json =
            base64::Engine::decode(&base64::engine::general_purpose::URL_SAFE_NO_PAD, header_b64).map_err(|e| IdTokenError::Malformed(e.to_string()))?;
        let extra: ExtraHeader = serde_json::from_slice(&header_json).map_err(|e| IdTokenError::Malformed(e.to_string()))?;
        if extra.crit.is_some() {
            return Err(IdTokenError::CriticalHeader);
        }
        if let Some(len) = alg.fixed_signature_len() {
            if token.signature_bytes().len() != len {
                return Err(IdTokenError::InvalidSignature);
            }
        }
        let kid = token.header().key_id.clone();
        let keys = match jwks.select(alg, kid.as_deref()) {
            KeySelection::Found(keys) => keys.into_iter().cloned().collect(),
            KeySelection::NotFound => return Err(IdTokenError::NoMatchingKey { alg: alg.name(), kid }),
        };
        Ok(PendingIdToken { raw, token, alg, keys })
    }

    /// Checks the claims of a token whose signature has been checked, in the order of OIDC
    /// Core §3.1.3.7: signature, `iss`, `aud`, `azp`, `exp`, `iat`, `nbf`, `nonce`, `sub`.
    /// `now` is Unix time in seconds.
    pub fn validate(&self, checked: CheckedIdToken<'_>, expected: Expected<'_>, now: i64) -> Result<VerifiedIdToken, IdTokenError> {
        let CheckedIdToken { pending, valid } = checked;
        let algorithm = ExternallyVerified(pending.alg);
        let token = algorithm.validator::<RawClaims>(&Verdict(valid)).validate(&pending.token).map_err(|e| match e {
            ValidationError::InvalidSignature | ValidationError::InvalidSignatureLen { .. } | ValidationError::MalformedSignature(_) => {
                IdTokenError::InvalidSignature
            }
            ValidationError::AlgorithmMismatch { .. } => IdTokenError::AlgorithmNotAllowed(pending.alg.name().to_owned()),
            other => IdTokenError::MalformedClaims(other.to_string()),
        })?;
        let claims = token.claims();
        let custom = &claims.custom;

        let iss = custom.iss.as_deref().ok_or(IdTokenError::MissingClaim("iss"))?;
        if iss != self.issuer {
            return Err(IdTokenError::IssuerMismatch { expected: self.issuer.clone(), actual: crate::core::error::truncate(iss, 300) });
        }
        let aud = custom.aud.as_ref().ok_or(IdTokenError::MissingClaim("aud"))?;
        if !aud.as_slice().contains(&self.client_id) {
            return Err(IdTokenError::AudienceMismatch);
        }
        match (&custom.azp, aud.as_slice().len() > 1) {
            (Some(azp), _) if *azp != self.client_id => return Err(IdTokenError::AzpMismatch),
            (None, true) => return Err(IdTokenError::AzpMismatch),
            _ => {}
        }
        let exp = claims.expiration.ok_or(IdTokenError::MissingClaim("exp"))?.timestamp();
        if now > exp.saturating_add(self.leeway) {
            return Err(IdTokenError::Expired);
        }
        let iat = claims.issued_at.ok_or(IdTokenError::MissingClaim("iat"))?.timestamp();
        if iat > now.saturating_add(self.leeway) {
            return Err(IdTokenError::IssuedInFuture);
        }
        if let Some(nbf) = claims.not_before {
            if nbf.timestamp() > now.saturating_add(self.leeway) {
                return Err(IdTokenError::NotYetValid);
            }
        }
        let sub = custom.sub.as_deref().filter(|s| !s.is_empty()).ok_or(IdTokenError::MissingClaim("sub"))?;
        match expected {
            Expected::SignIn { nonce } => {
                if custom.nonce.as_deref() != Some(nonce) {
                    return Err(IdTokenError::NonceMismatch);
                }
            }
            Expected::Refresh { original } => {
                if sub != original.sub || iss != original.iss {
                    return Err(IdTokenError::SubjectChanged);
                }
                if custom.nonce.is_some() && custom.nonce != original.nonce {
                    return Err(IdTokenError::NonceMismatch);
                }
            }
        }
        let mut other = custom.other.clone();
        if let Some(nbf) = claims.not_before {
            other.insert("nbf".into(), nbf.timestamp().into());
        }
        Ok(VerifiedIdToken {
            raw: Secret::new(pending.raw),
            claims: IdTokenClaims {
                iss: iss.to_owned(),
                sub: sub.to_owned(),
                aud: aud.clone(),
                exp,
                iat,
                nonce: custom.nonce.clone(),
                azp: custom.azp.clone(),
                other,
            },
        })
    }

    /// The whole verification with a synchronous signature verifier.
    pub fn verify(
        &self,
        raw: &str,
        jwks: &JwkSet,
        verifier: &dyn SignatureVerifier,
        expected: Expected<'_>,
        now: i64,
    ) -> Result<VerifiedIdToken, IdTokenError> {
        let pending = self.prepare(raw, jwks)?;
        self.validate(pending.verify_with(verifier), expected, now)
    }
}

/// Reads the claims of an ID token that this SDK verified earlier and stored. Never use it
/// on a token from anywhere else.
pub fn decode_stored_id_token(raw: &str) -> Result<IdTokenClaims, IdTokenError> {
    let mut parts = raw.split('.');
    let (Some(_), Some(payload), Some(_), None) = (parts.next(), parts.next(), parts.next(), parts.next()) else {
        return Err(IdTokenError::Malformed("not three segments".into()));
    };
    let json = base64::Engine::decode(&base64::engine::general_purpose::URL_SAFE_NO_PAD, payload).map_err(|e| IdTokenError::Malformed(e.to_string()))?;
    serde_json::from_slice(&json).map_err(|e| IdTokenError::MalformedClaims(e.to_string()))
}

// Native only: they sign tokens with p256 and verify with the `rust-crypto` feature.
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests;
