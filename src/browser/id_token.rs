//! ID-token verification in the browser: the key set from the provider cache (fetched once more
//! when no key fits, for key rotation), the signature by WebCrypto, the claims by the core. Used
//! by the sign-in callback and by every refresh that returns an ID token.

#[allow(unused_imports)]
use crate::prelude::*;

use crate::browser::client::LogtoClient;
use crate::browser::crypto::check_signature;
use crate::browser::errors::IdTokenVerificationError;
use crate::browser::now;
use crate::core::id_token::{Expected, IdTokenError, VerifiedIdToken};
use crate::core::jwk::JwkSet;
use crate::core::secret::IdToken;

impl LogtoClient {
    /// Verifies an ID token: key set from cache, one forced refresh on an unknown `kid`,
    /// signature with WebCrypto, claims in the core.
    pub(crate) async fn verify_id_token(&self, raw: &IdToken, expected: Expected<'_>) -> Result<VerifiedIdToken, IdTokenVerificationError> {
        let (_, jwks) = self.inner.metadata_and_jwks(false).await?;
        self.verify_id_token_with(raw, expected, jwks).await
    }

    /// [`Self::verify_id_token`] with the key set already loaded.
    pub(crate) async fn verify_id_token_with(&self, raw: &IdToken, expected: Expected<'_>, jwks: JwkSet) -> Result<VerifiedIdToken, IdTokenVerificationError> {
        let inner = &self.inner;
        let pending = match inner.verifier.prepare(raw.expose(), &jwks) {
            Err(IdTokenError::NoMatchingKey { .. }) if inner.may_force_jwks_refresh() => {
                let (_, jwks) = inner.metadata_and_jwks(true).await?;
                inner.verifier.prepare(raw.expose(), &jwks)?
            }
            other => other?,
        };
        let checked = check_signature(pending).await?;
        Ok(inner.verifier.validate(checked, expected, now())?)
    }
}
