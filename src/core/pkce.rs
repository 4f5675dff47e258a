//! PKCE (RFC 7636) with S256, plus the random `state` and `nonce` values of a sign-in.

#[allow(unused_imports)]
use crate::prelude::*;

#[cfg(feature = "rust-crypto")]
use sha2::{Digest, Sha256};

use crate::core::secret::CodeVerifier;

/// Random bytes a sign-in needs; the caller draws them from a CSPRNG.
pub const VERIFIER_BYTES: usize = 32;
/// Random bytes for `state` and for `nonce` each.
pub const STATE_BYTES: usize = 16;

use crate::core::base64url;

/// A PKCE code verifier: 32 random bytes, base64url (43 characters).
pub fn code_verifier(random: &[u8; VERIFIER_BYTES]) -> CodeVerifier {
    CodeVerifier::new(base64url::encode(random))
}

/// The S256 code challenge (RFC 7636 §4.2), `base64url(sha256(verifier))`, from the SHA-256
/// digest of the verifier's ASCII, which the caller computes like every other cryptographic
/// input of the core: WebCrypto in the browser (`browser::sha256`), `code_challenge` natively
/// (feature `rust-crypto`).
pub fn s256_challenge(verifier_digest: &[u8; 32]) -> String {
    base64url::encode(verifier_digest)
}

/// The S256 code challenge of a verifier, with a pure-Rust SHA-256 (feature `rust-crypto`).
#[cfg(feature = "rust-crypto")]
pub fn code_challenge(verifier: &str) -> String {
    s256_challenge(&Sha256::digest(verifier.as_bytes()).into())
}

/// A `state` or `nonce` value from random bytes.
pub fn random_token(random: &[u8; STATE_BYTES]) -> String {
    base64url::encode(random)
}

#[cfg(all(test, feature = "rust-crypto"))]
mod tests {
    use super::*;
    #[allow(unused_imports)]
    use crate::prelude::*;

    #[test]
    fn logto_pkce_vectors() {
        let cases = [
            ("tO6MabnMFRAatnlMa1DdSstypzzkgalL1-k8Hr_GdfTj-VXGiEACqAkSkDhFuAuD8FOU8lMishaXjt29Xt2Oww", "0K3SLeGlNNzFswYJjcVzcN4C76m_8NZORxFJLBJWGwg"),
            ("Á", "p3yvZiKYauPicLIDZ0W1peDz4Z9KFC-9uxtDfoO1KOQ"),
            ("🚀", "67wLKHDrMj8rbP-lxJPO74GufrNq_HPU4DZzAWMdrsU"),
            ("12345678901234567890123456789012345678901234567890", "9Y__uhKapn7GO_ElcaQpd8C3hdOyqTzAU4VXyR2iEV0"),
        ];
        for (verifier, challenge) in cases {
            assert_eq!(code_challenge(verifier), challenge, "{verifier}");
        }
    }

    #[test]
    fn rfc7636_appendix_b() {
        let random: [u8; 32] =
            [116, 24, 223, 180, 151, 153, 224, 37, 79, 250, 96, 125, 216, 173, 187, 186, 22, 212, 37, 77, 105, 214, 191, 240, 91, 88, 5, 88, 83, 132, 141, 121];
        let v = code_verifier(&random);
        assert_eq!(v.expose(), "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk");
        assert_eq!(code_challenge(v.expose()), "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
        assert_eq!(random_token(&[0u8; 16]).len(), 22);
    }
}
