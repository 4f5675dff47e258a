//! One type per secret protocol value: the authorization code, the PKCE code verifier, `state`,
//! `nonce`, and the ID, access and refresh tokens. Each `Debug`s as `Name([redacted])`, so that
//! nothing printed (a `SignInTransaction`, a session, a token response in a log) shows a
//! secret, and each is its own type, so that `code_exchange_request(code, verifier)` cannot be
//! called with the two swapped, nor a refresh request with an access token. The value is only
//! reachable through `expose()`, which makes every use greppable.

#[allow(unused_imports)]
use crate::prelude::*;

macro_rules! secret_types {
    ($($(#[doc = $doc:literal])+ $name:ident,)+) => {
        $(
            $(#[doc = $doc])+
            ///
            /// `Debug` prints no part of the value; [`Self::expose`] gives it.
            #[derive(Clone, PartialEq, Eq, Default)]
            #[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize), serde(transparent))]
            pub struct $name(String);

            impl $name {
                /// Wraps the value.
                pub fn new(value: impl Into<String>) -> Self {
                    $name(value.into())
                }
                /// The value itself. Never log it.
                pub fn expose(&self) -> &str {
                    &self.0
                }
            }

            impl ::core::fmt::Debug for $name {
                fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                    f.write_str(concat!(stringify!($name), "([redacted])"))
                }
            }

            impl From<String> for $name {
                fn from(value: String) -> Self {
                    $name(value)
                }
            }

            impl From<&str> for $name {
                fn from(value: &str) -> Self {
                    $name(value.to_owned())
                }
            }
        )+
    };
}

secret_types! {
    /// The authorization code of a callback (RFC 6749 §4.1.2): single-use, exchanged for tokens.
    AuthorizationCode,
    /// The PKCE code verifier (RFC 7636 §4.1), kept with the pending sign-in and sent with the
    /// code exchange.
    CodeVerifier,
    /// The `state` of a sign-in (RFC 6749 §10.12): the callback must bring it back.
    State,
    /// The `nonce` of a sign-in (OIDC Core §3.1.2.1): the ID token must carry it.
    Nonce,
    /// A raw ID token (a compact JWS).
    IdToken,
    /// An access token, as the token endpoint returned it (opaque or a JWT).
    AccessToken,
    /// A refresh token (rotated by Logto on every use).
    RefreshToken,
}

#[cfg(test)]
mod tests {
    use super::*;
    #[allow(unused_imports)]
    use crate::prelude::*;
    #[test]
    fn debug_is_redacted() {
        let s = RefreshToken::new("eyJhbGciOi.secret");
        assert_eq!(format!("{s:?}"), "RefreshToken([redacted])");
        assert_eq!(s.expose(), "eyJhbGciOi.secret");
        assert_eq!(format!("{:?}", State::from("st4te")), "State([redacted])");
        assert_eq!(format!("{:?}", Some(AuthorizationCode::from("c0de"))), "Some(AuthorizationCode([redacted]))");
    }
}
