//! ID-token verification (OpenID Connect Core §3.1.3.7), in spec order, with a typestate:
//! [`IdTokenVerifier::prepare`] decodes the compact JWS once (header, claims, signature) and
//! picks candidate keys → the signature is checked (synchronously with a
//! [`SignatureVerifier`], or inside this crate by the browser's WebCrypto) →
//! [`IdTokenVerifier::validate`] checks the claims and returns a [`VerifiedIdToken`].
//! Claims only leave through `validate`; a stored token, verified earlier, is read back with
//! the same claims decoder ([`decode_stored_id_token`]).
//!
//! The JWS is decoded here (RFC 7515 §5.2), not by a JWT crate: the browser build stays small
//! (docs/size.md), and jwt-compact is the reference the differential tests hold this code to.

#[allow(unused_imports)]
use crate::prelude::*;

use crate::core::codes::ErrorCode;
use crate::core::config::ClientConfig;
use crate::core::error::{concat, quoted, text, truncate, ErrorInfo};
use crate::core::json::{parse_object, JsonError, Object, Value};
use crate::core::jwk::{JwkSet, KeySelection};
use crate::core::jws::{JwsAlgorithm, SignatureVerifier};
use crate::core::secret::{IdToken, Nonce};

/// `aud`: one string or a list.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize), serde(untagged))]
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
            Audience::One(a) => ::core::slice::from_ref(a),
            Audience::Many(v) => v,
        }
    }
}

/// The claims of a verified ID token. Standard claims are typed; every other claim (Logto's
/// `username`, `organizations`, `roles`, ...) is in `other`, exactly as the provider sent it and
/// in its order.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct IdTokenClaims {
    /// Issuer: equals the configured issuer exactly (OIDC Core §3.1.3.7, step 2).
    pub iss: String,
    /// Subject: the user ID at the provider, non-empty; stays the same across refreshes.
    pub sub: String,
    /// Audience: includes the app ID (OIDC Core §3.1.3.7, step 3).
    pub aud: Audience,
    /// Expiry, seconds since the Unix epoch (a fraction is truncated); not past (within the
    /// leeway) when verified.
    pub exp: i64,
    /// Issued at, seconds since the Unix epoch; not in the future (within the leeway) when
    /// verified.
    pub iat: i64,
    /// The `nonce` sent with the sign-in, echoed back (OIDC Core §3.1.3.7, step 11).
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Option::is_none"))]
    pub nonce: Option<String>,
    /// Authorized party: when present, the app ID.
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Option::is_none"))]
    pub azp: Option<String>,
    /// Every other claim (`nbf`, `auth_time`, `at_hash`, `sid`, the profile claims, Logto's
    /// `username`, `roles`, `organizations`, ...), as sent; see
    /// [`IdTokenClaims::user`] for a typed view.
    #[cfg_attr(feature = "serde", serde(flatten))]
    pub other: Object,
}

impl IdTokenClaims {
    /// All the claims as one object: the typed ones first, then the others in the provider's
    /// order.
    pub fn to_object(&self) -> Object {
        let mut o = Object::new();
        o.insert("iss", self.iss.as_str());
        o.insert("sub", self.sub.as_str());
        o.insert(
            "aud",
            match &self.aud {
                Audience::One(a) => Value::from(a.as_str()),
                Audience::Many(list) => Value::Array(list.iter().map(|a| Value::from(a.as_str())).collect()),
            },
        );
        o.insert("exp", self.exp);
        o.insert("iat", self.iat);
        if let Some(n) = &self.nonce {
            o.insert("nonce", n.as_str());
        }
        if let Some(a) = &self.azp {
            o.insert("azp", a.as_str());
        }
        for (k, v) in self.other.iter() {
            o.insert(k, v.clone());
        }
        o
    }

    /// [`Self::to_object`] with the members in the order of `sent`, the claims set these claims
    /// were read from ([`decode_stored_claims_set`]): every claim where the provider put it, so
    /// that an app's table of claims shows them as sent. The values are the typed ones (`exp`
    /// and `iat` as whole seconds).
    pub fn to_object_ordered_as(&self, sent: &Object) -> Object {
        let mut typed = self.to_object();
        let mut o = Object::new();
        for (k, _) in sent.iter() {
            if let Some(v) = typed.remove(k) {
                o.insert(k, v);
            }
        }
        // Nothing is left when `sent` is the claims set these claims came from.
        for (k, v) in typed.iter() {
            o.insert(k, v.clone());
        }
        o
    }
}

/// The claims as the decoder reads them, before any check: required claims may be missing.
struct RawClaims {
    iss: Option<String>,
    sub: Option<String>,
    aud: Option<Audience>,
    exp: Option<i64>,
    iat: Option<i64>,
    nbf: Option<i64>,
    nonce: Option<String>,
    azp: Option<String>,
    other: Object,
}

/// The NumericDates accepted (RFC 7519 §2): years −262143 to 262142, the range of the reference
/// verifier (jwt-compact, through chrono), so that both refuse the same tokens.
const NUMERIC_DATE_RANGE: ::core::ops::RangeInclusive<i64> = -8_334_601_228_800..=8_210_266_876_799;

fn numeric_date(o: &Object, name: &'static str) -> Result<Option<i64>, JsonError> {
    match o.get(name) {
        Some(Value::Number(n)) => n.as_i64().filter(|t| NUMERIC_DATE_RANGE.contains(t)).map(Some).ok_or(JsonError::field(name, "NumericDate out of range")),
        _ => o.opt_i64(name),
    }
}

/// The one claims decoder: types of the registered claims are checked (RFC 7519 §4.1), the
/// rest is kept as sent.
fn read_claims(mut o: Object) -> Result<RawClaims, JsonError> {
    let aud = match o.get("aud") {
        None | Some(Value::Null) => None,
        Some(Value::String(a)) => Some(Audience::One(a.clone())),
        Some(Value::Array(items)) => Some(Audience::Many(
            items
                .iter()
                .map(|v| v.as_str().map(str::to_owned))
                .collect::<Option<Vec<_>>>()
                .ok_or(JsonError::field("aud", "expected a string or a list of strings"))?,
        )),
        Some(_) => return Err(JsonError::field("aud", "expected a string or a list of strings")),
    };
    let claims = RawClaims {
        iss: o.opt_str("iss")?,
        sub: o.opt_str("sub")?,
        aud,
        exp: numeric_date(&o, "exp")?,
        iat: numeric_date(&o, "iat")?,
        nbf: numeric_date(&o, "nbf")?,
        nonce: o.opt_str("nonce")?,
        azp: o.opt_str("azp")?,
        other: Object::new(),
    };
    for name in ["iss", "sub", "aud", "exp", "iat", "nonce", "azp"] {
        o.remove(name);
    }
    Ok(RawClaims { other: o, ..claims })
}

/// Decodes one base64url segment of a compact JWS (no padding, canonical).
fn segment(b64: &str) -> Result<Vec<u8>, IdTokenError> {
    crate::core::base64url::decode(b64).map_err(|_| IdTokenError::Malformed("a segment is not base64url".into()))
}

/// A verified ID token: the raw token (redacted in `Debug`) and its claims.
#[derive(Debug, Clone, PartialEq)]
pub struct VerifiedIdToken {
    /// The compact JWS as received, e.g. to store in the session or send as `id_token_hint`.
    pub raw: IdToken,
    /// Its claims, checked.
    pub claims: IdTokenClaims,
}

/// Why an ID token was refused. Each variant has its own stable code.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum IdTokenError {
    /// Code `id_token.too_large`. The token is longer than the limit (held here, in bytes;
    /// [`DEFAULT_MAX_TOKEN_LEN`](crate::core::config::DEFAULT_MAX_TOKEN_LEN)); it is refused
    /// before any parsing.
    TooLarge(usize),
    /// Code `id_token.malformed`. Not a compact JWS: not three base64url segments, or a
    /// header that is not JSON (RFC 7515 §7.1); holds the reason.
    Malformed(String),
    /// Code `id_token.algorithm_not_allowed`. The header's `alg` (held here) is not on the
    /// configured allow-list, e.g. `none` or `HS256` (OIDC Core §3.1.3.7, step 7).
    AlgorithmNotAllowed(String),
    /// Code `id_token.unexpected_type`. The header's `typ` (held here) names another kind of
    /// token than an ID token — `at+jwt` (an RFC 9068 access token), `logout+jwt`, ... — so the
    /// token must not be taken for one (explicit typing, RFC 8725 §3.11). `JWT` (any case, with
    /// or without `application/`) and no `typ` at all are accepted.
    UnexpectedType(String),
    /// Code `id_token.unsupported_crit`. The header has `crit`; no extension is understood, so
    /// the token must be refused (RFC 7515 §4.1.11).
    CriticalHeader,
    /// Code `id_token.no_matching_key`. No key of the provider's JWK set fits the token's
    /// `alg` and `kid` (keys rotated, or a token from elsewhere); the browser client fetches
    /// the key set once more before giving up with it.
    NoMatchingKey {
        /// The token's algorithm.
        alg: &'static str,
        /// The token's key ID, if its header has one.
        kid: Option<String>,
    },
    /// Code `id_token.invalid_signature`. The signature does not verify under any candidate
    /// key, or has the wrong length for the algorithm: a forged or corrupted token.
    InvalidSignature,
    /// Code `id_token.malformed_claims`. The payload is not a JSON claims object, or a claim
    /// has the wrong type (e.g. `exp` not a number); holds the reason.
    MalformedClaims(String),
    /// Code `id_token.missing_claim`. A required claim (`iss`, `aud`, `exp`, `iat` or a
    /// non-empty `sub`, named here) is missing (OIDC Core §2).
    MissingClaim(&'static str),
    /// Code `id_token.issuer_mismatch`. `iss` is not exactly the configured issuer (OIDC Core
    /// §3.1.3.7, step 2).
    IssuerMismatch {
        /// The configured issuer.
        expected: String,
        /// The token's `iss` (truncated to 300 bytes).
        actual: String,
    },
    /// Code `id_token.audience_mismatch`. `aud` does not contain the app ID: the token was
    /// issued to another client (OIDC Core §3.1.3.7, step 3).
    AudienceMismatch,
    /// Code `id_token.azp_mismatch`. `azp` is present and not the app ID, or missing although
    /// `aud` has several values (OIDC Core §3.1.3.7, steps 4–5).
    AzpMismatch,
    /// Code `id_token.expired`. `exp` is past, by more than the clock leeway (OIDC Core
    /// §3.1.3.7, step 9). Often a wrong device clock.
    Expired,
    /// Code `id_token.iat_in_future`. `iat` is later than now plus the clock leeway (OIDC
    /// Core §3.1.3.7, step 10). Often a wrong device clock.
    IssuedInFuture,
    /// Code `id_token.not_yet_valid`. `nbf` is later than now plus the clock leeway (RFC 7519
    /// §4.1.5).
    NotYetValid,
    /// Code `id_token.nonce_mismatch`. At sign-in, `nonce` is missing or not the one sent
    /// (OIDC Core §3.1.3.7, step 11); on refresh, it is present and not the original one.
    /// A replayed or injected token.
    NonceMismatch,
    /// Code `id_token.auth_time_too_old`. The sign-in asked for `max_age` and the user last
    /// authenticated (`auth_time`) longer ago than that (OIDC Core §3.1.3.7 step 13).
    AuthTimeTooOld,
    /// Code `id_token.acr_not_requested`. The sign-in required an `acr` among its `acr_values`
    /// and the token's `acr` is missing or another (OIDC Core §3.1.3.7 step 12).
    AcrNotRequested,
    /// Code `id_token.subject_changed`. A refreshed ID token, or that of a silent sign-in
    /// renewing the session, names another `sub` or `iss` than the session's (OIDC Core §12.2).
    SubjectChanged,
}

crate::error_display!(IdTokenError);

impl ErrorInfo for IdTokenError {
    fn message(&self) -> String {
        match self {
            IdTokenError::TooLarge(a0) => concat(&["ID token is larger than ", &text(a0), " bytes"]),
            IdTokenError::Malformed(a0) => concat(&["ID token is not a well-formed JWS: ", &text(a0)]),
            IdTokenError::AlgorithmNotAllowed(a0) => concat(&["ID token algorithm ", &quoted(a0), " is not allowed"]),
            IdTokenError::UnexpectedType(a0) => concat(&["the token's `typ` ", &quoted(a0), " is not an ID token's"]),
            IdTokenError::CriticalHeader => "ID token has a `crit` header, which is not supported".to_owned(),
            IdTokenError::NoMatchingKey { alg, kid, .. } => {
                concat(&["no key in the provider's key set fits the ID token (alg ", &text(alg), ", kid ", &quoted(kid), ")"])
            }
            IdTokenError::InvalidSignature => "ID token signature is invalid".to_owned(),
            IdTokenError::MalformedClaims(a0) => concat(&["ID token claims are malformed: ", &text(a0)]),
            IdTokenError::MissingClaim(a0) => concat(&["ID token `", &text(a0), "` claim is missing"]),
            IdTokenError::IssuerMismatch { actual, expected, .. } => concat(&["ID token issuer ", &quoted(actual), " is not the expected ", &quoted(expected)]),
            IdTokenError::AudienceMismatch => "ID token audience does not include this app".to_owned(),
            IdTokenError::AzpMismatch => "ID token has several audiences but `azp` is missing or is not this app".to_owned(),
            IdTokenError::Expired => "ID token has expired".to_owned(),
            IdTokenError::IssuedInFuture => "ID token `iat` is in the future".to_owned(),
            IdTokenError::NotYetValid => "ID token is not valid yet (`nbf`)".to_owned(),
            IdTokenError::NonceMismatch => "ID token nonce does not match the one sent at sign-in".to_owned(),
            IdTokenError::AuthTimeTooOld => "the user authenticated longer ago than the sign-in's max_age allows".to_owned(),
            IdTokenError::AcrNotRequested => "the ID token's acr is not one of the acr_values the sign-in required".to_owned(),
            IdTokenError::SubjectChanged => "the new ID token is for another subject or issuer than the session".to_owned(),
        }
    }
    fn code(&self) -> ErrorCode {
        match self {
            IdTokenError::TooLarge(_) => ErrorCode::IdTokenTooLarge,
            IdTokenError::Malformed(_) => ErrorCode::IdTokenMalformed,
            IdTokenError::AlgorithmNotAllowed(_) => ErrorCode::IdTokenAlgorithmNotAllowed,
            IdTokenError::UnexpectedType(_) => ErrorCode::IdTokenUnexpectedType,
            IdTokenError::CriticalHeader => ErrorCode::IdTokenUnsupportedCrit,
            IdTokenError::NoMatchingKey { .. } => ErrorCode::IdTokenNoMatchingKey,
            IdTokenError::InvalidSignature => ErrorCode::IdTokenInvalidSignature,
            IdTokenError::MalformedClaims(_) => ErrorCode::IdTokenMalformedClaims,
            IdTokenError::MissingClaim(_) => ErrorCode::IdTokenMissingClaim,
            IdTokenError::IssuerMismatch { .. } => ErrorCode::IdTokenIssuerMismatch,
            IdTokenError::AudienceMismatch => ErrorCode::IdTokenAudienceMismatch,
            IdTokenError::AzpMismatch => ErrorCode::IdTokenAzpMismatch,
            IdTokenError::Expired => ErrorCode::IdTokenExpired,
            IdTokenError::IssuedInFuture => ErrorCode::IdTokenIatInFuture,
            IdTokenError::NotYetValid => ErrorCode::IdTokenNotYetValid,
            IdTokenError::NonceMismatch => ErrorCode::IdTokenNonceMismatch,
            IdTokenError::AuthTimeTooOld => ErrorCode::IdTokenAuthTimeTooOld,
            IdTokenError::AcrNotRequested => ErrorCode::IdTokenAcrNotRequested,
            IdTokenError::SubjectChanged => ErrorCode::IdTokenSubjectChanged,
        }
    }
}

/// What the token must match besides issuer and audience.
#[derive(Debug, Clone, Copy)]
pub enum Expected<'a> {
    /// A token from the code exchange: `nonce` must equal the one sent at sign-in.
    SignIn {
        /// The `nonce` of the sign-in transaction.
        nonce: &'a Nonce,
        /// The `max_age` sent (OIDC Core §3.1.2.1), if any: then `auth_time` is required and
        /// must be at most this many seconds ago (within the leeway; §3.1.3.7 step 13).
        max_age: Option<u64>,
        /// The `acr` values the app requires (space-separated, those it sent as `acr_values`),
        /// if it asked for the check: the token's `acr` must be one of them (§3.1.3.7 step 12).
        acr: Option<&'a str>,
    },
    /// A token from a refresh (OIDC Core §12.2): same `iss` and `sub` as the session's, and
    /// if it has a `nonce`, the original one.
    Refresh {
        /// The claims of the session's current ID token.
        original: &'a IdTokenClaims,
    },
    /// A token from the code exchange of a silent sign-in that renews a session (its access
    /// tokens): `nonce` must equal the one sent, and `iss` and `sub` must be the session's
    /// (the provider may have signed another user in since).
    Renewal {
        /// The `nonce` of the silent sign-in.
        nonce: &'a Nonce,
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

/// A decoded, not yet trusted token with its candidate keys. Its signature must be checked
/// before its claims can be had: [`PendingIdToken::verify_with`] (any [`SignatureVerifier`]),
/// or, inside this crate, the browser's WebCrypto.
#[derive(Debug)]
pub struct PendingIdToken<'t> {
    raw: &'t str,
    signing_input: &'t str,
    signature: Vec<u8>,
    /// The claims, decoded once; a decoding error is reported after the signature check, as
    /// OIDC Core §3.1.3.7 orders it.
    claims: Result<Object, JsonError>,
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
        self.signing_input.as_bytes()
    }
    /// The decoded signature.
    pub fn signature(&self) -> &[u8] {
        &self.signature
    }
    /// Checks the signature against each candidate key with a synchronous verifier.
    pub fn verify_with(self, verifier: &dyn SignatureVerifier) -> CheckedIdToken<'t> {
        let message = self.signing_input();
        let valid = self.keys.iter().any(|k| verifier.verify(self.alg, k, message, self.signature()));
        CheckedIdToken { pending: self, valid }
    }
    /// Records the verdict of the browser's asynchronous WebCrypto verification of
    /// [`Self::signing_input`] / [`Self::signature`] against [`Self::candidate_keys`]. Crate
    /// only: outside it, a verdict comes from a [`SignatureVerifier`].
    #[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
    pub(crate) fn with_verdict(self, valid: bool) -> CheckedIdToken<'t> {
        CheckedIdToken { pending: self, valid }
    }
}

impl IdTokenVerifier {
    /// A verifier for this client configuration.
    pub fn new(config: &ClientConfig) -> Self {
        IdTokenVerifier {
            issuer: config.issuer.clone(),
            client_id: config.client_id.clone(),
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
        let mut parts = raw.split('.');
        let (Some(header_b64), Some(payload_b64), Some(signature_b64), None) = (parts.next(), parts.next(), parts.next(), parts.next()) else {
            return Err(IdTokenError::Malformed("not three dot-separated segments".into()));
        };
        let header = parse_object(&segment(header_b64)?).map_err(|e| IdTokenError::Malformed(crate::core::error::concat(&["header: ", &e.message()])))?;
        let payload = segment(payload_b64)?;
        let signature = segment(signature_b64)?;
        let alg_name =
            header.opt_str("alg").map_err(|e| IdTokenError::Malformed(e.message()))?.ok_or_else(|| IdTokenError::Malformed("header has no `alg`".into()))?;
        let alg = JwsAlgorithm::from_name(&alg_name)
            .filter(|a| self.allowed.contains(a))
            .ok_or_else(|| IdTokenError::AlgorithmNotAllowed(truncate(&alg_name, 32)))?;
        if header.contains_key("crit") {
            return Err(IdTokenError::CriticalHeader);
        }
        let kid = header.opt_str("kid").map_err(|e| IdTokenError::Malformed(e.message()))?;
        if let Some(typ) = header.opt_str("typ").map_err(|e| IdTokenError::Malformed(e.message()))? {
            let bare = typ.get(..12).filter(|p| p.eq_ignore_ascii_case("application/")).map_or(typ.as_str(), |_| typ.get(12..).unwrap_or_default());
            if !bare.eq_ignore_ascii_case("JWT") {
                return Err(IdTokenError::UnexpectedType(truncate(&typ, 64)));
            }
        }
        // A nested JWT (RFC 7519 §5.2) carries a token, not claims: never an ID token.
        if header.opt_str("cty").map_err(|e| IdTokenError::Malformed(e.message()))?.is_some_and(|c| c.eq_ignore_ascii_case("JWT")) {
            return Err(IdTokenError::Malformed("a nested JWT (`cty` JWT) is not an ID token".into()));
        }
        if let Some(len) = alg.fixed_signature_len() {
            if signature.len() != len {
                return Err(IdTokenError::InvalidSignature);
            }
        }
        let keys = match jwks.select(alg, kid.as_deref()) {
            KeySelection::Found(keys) => keys.into_iter().cloned().collect(),
            KeySelection::NotFound => return Err(IdTokenError::NoMatchingKey { alg: alg.name(), kid }),
        };
        let signing_input = raw.get(..header_b64.len() + 1 + payload_b64.len()).unwrap_or_default();
        Ok(PendingIdToken { raw, signing_input, signature, claims: parse_object(&payload), alg, keys })
    }

    /// Checks the claims of a token whose signature has been checked, in the order of OIDC
    /// Core §3.1.3.7: signature, `iss`, `aud`, `azp`, `exp`, `iat`, `nbf`, `sub`, `nonce`, then
    /// at sign-in the required `acr` and the `auth_time` that `max_age` asked for.
    /// `now` is Unix time in seconds.
    pub fn validate(&self, checked: CheckedIdToken<'_>, expected: Expected<'_>, now: i64) -> Result<VerifiedIdToken, IdTokenError> {
        let CheckedIdToken { pending, valid } = checked;
        if !valid {
            return Err(IdTokenError::InvalidSignature);
        }
        let malformed = |e: JsonError| IdTokenError::MalformedClaims(e.message());
        let claims = read_claims(pending.claims.map_err(malformed)?).map_err(malformed)?;

        let iss = claims.iss.ok_or(IdTokenError::MissingClaim("iss"))?;
        if iss != self.issuer {
            return Err(IdTokenError::IssuerMismatch { expected: self.issuer.clone(), actual: truncate(&iss, 300) });
        }
        let aud = claims.aud.ok_or(IdTokenError::MissingClaim("aud"))?;
        if !aud.as_slice().contains(&self.client_id) {
            return Err(IdTokenError::AudienceMismatch);
        }
        match (&claims.azp, aud.as_slice().len() > 1) {
            (Some(azp), _) if *azp != self.client_id => return Err(IdTokenError::AzpMismatch),
            (None, true) => return Err(IdTokenError::AzpMismatch),
            _ => {}
        }
        let exp = claims.exp.ok_or(IdTokenError::MissingClaim("exp"))?;
        if now > exp.saturating_add(self.leeway) {
            return Err(IdTokenError::Expired);
        }
        let iat = claims.iat.ok_or(IdTokenError::MissingClaim("iat"))?;
        if iat > now.saturating_add(self.leeway) {
            return Err(IdTokenError::IssuedInFuture);
        }
        if let Some(nbf) = claims.nbf {
            if nbf > now.saturating_add(self.leeway) {
                return Err(IdTokenError::NotYetValid);
            }
        }
        let sub = claims.sub.filter(|s| !s.is_empty()).ok_or(IdTokenError::MissingClaim("sub"))?;
        match expected {
            Expected::SignIn { nonce, max_age, acr } => {
                if claims.nonce.as_deref() != Some(nonce.expose()) {
                    return Err(IdTokenError::NonceMismatch);
                }
                if let Some(acr_values) = acr {
                    let sent = claims.other.opt_str("acr").map_err(malformed)?;
                    if !sent.as_deref().is_some_and(|a| acr_values.split(' ').any(|v| v == a)) {
                        return Err(IdTokenError::AcrNotRequested);
                    }
                }
                if let Some(max_age) = max_age {
                    let auth_time = numeric_date(&claims.other, "auth_time").map_err(malformed)?.ok_or(IdTokenError::MissingClaim("auth_time"))?;
                    let max_age = i64::try_from(max_age).unwrap_or(i64::MAX);
                    if now.saturating_sub(auth_time) > max_age.saturating_add(self.leeway) {
                        return Err(IdTokenError::AuthTimeTooOld);
                    }
                }
            }
            Expected::Renewal { nonce, original } => {
                if claims.nonce.as_deref() != Some(nonce.expose()) {
                    return Err(IdTokenError::NonceMismatch);
                }
                if sub != original.sub || iss != original.iss {
                    return Err(IdTokenError::SubjectChanged);
                }
            }
            Expected::Refresh { original } => {
                if sub != original.sub || iss != original.iss {
                    return Err(IdTokenError::SubjectChanged);
                }
                if claims.nonce.is_some() && claims.nonce != original.nonce {
                    return Err(IdTokenError::NonceMismatch);
                }
            }
        }
        Ok(VerifiedIdToken {
            raw: IdToken::new(pending.raw),
            claims: IdTokenClaims { iss, sub, aud, exp, iat, nonce: claims.nonce, azp: claims.azp, other: claims.other },
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

/// The claims set (JWT payload) of a stored ID token as a JSON object, members in the order
/// the provider sent them: the decoding half of [`decode_stored_id_token`], with the same
/// checks (three segments, base64url, one JSON object without duplicate names).
pub fn decode_stored_claims_set(raw: &str) -> Result<Object, IdTokenError> {
    let mut parts = raw.split('.');
    let (Some(_), Some(payload), Some(_), None) = (parts.next(), parts.next(), parts.next(), parts.next()) else {
        return Err(IdTokenError::Malformed("not three dot-separated segments".into()));
    };
    parse_object(&segment(payload)?).map_err(|e| IdTokenError::MalformedClaims(e.message()))
}

/// Reads the claims of an ID token that this SDK verified earlier and stored, with the decoder
/// [`IdTokenVerifier::validate`] uses. Never use it on a token from anywhere else: it checks
/// nothing but the shape.
pub fn decode_stored_id_token(raw: &str) -> Result<IdTokenClaims, IdTokenError> {
    let malformed = |e: JsonError| IdTokenError::MalformedClaims(e.message());
    let c = read_claims(decode_stored_claims_set(raw)?).map_err(malformed)?;
    let (Some(iss), Some(sub), Some(aud), Some(exp), Some(iat)) = (c.iss, c.sub, c.aud, c.exp, c.iat) else {
        return Err(IdTokenError::MalformedClaims("a required claim is missing".into()));
    };
    Ok(IdTokenClaims { iss, sub, aud, exp, iat, nonce: c.nonce, azp: c.azp, other: c.other })
}

// Native only: they sign tokens with p256 and verify with the `rust-crypto` feature.
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests;
