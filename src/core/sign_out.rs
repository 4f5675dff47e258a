//! Sign-out: token revocation (RFC 7009) and RP-initiated logout (OIDC RP-Initiated Logout 1.0).

#[allow(unused_imports)]
use crate::prelude::*;

use crate::core::discovery::ProviderMetadata;
use crate::core::http::HttpRequest;
use crate::core::secret::{IdToken, RefreshToken};
use crate::core::url::append_query;

/// The revocation request for a token, if the provider has a revocation endpoint.
pub fn revocation_request(metadata: &ProviderMetadata, client_id: &str, token: &RefreshToken) -> Option<HttpRequest> {
    let endpoint = metadata.revocation_endpoint.as_deref()?;
    Some(HttpRequest::post_form(endpoint, [("client_id", client_id), ("token", token.expose())]))
}

/// The end-session URL: `id_token_hint`, `client_id`, `post_logout_redirect_uri`. `None` when
/// the provider has no end-session endpoint.
pub fn end_session_url(
    metadata: &ProviderMetadata,
    client_id: &str,
    id_token_hint: Option<&IdToken>,
    post_logout_redirect_uri: Option<&str>,
) -> Option<String> {
    let endpoint = metadata.end_session_endpoint.as_deref()?;
    let mut params = Vec::new();
    if let Some(hint) = id_token_hint {
        params.push(("id_token_hint", hint.expose()));
    }
    params.push(("client_id", client_id));
    if let Some(uri) = post_logout_redirect_uri {
        params.push(("post_logout_redirect_uri", uri));
    }
    Some(append_query(endpoint, params))
}

#[cfg(test)]
mod tests {
    use super::*;
    #[allow(unused_imports)]
    use crate::prelude::*;

    #[test]
    fn builds_end_session_and_revocation() {
        let bare: ProviderMetadata = crate::testing::metadata("https://l.dev/oidc");
        let m = ProviderMetadata {
            end_session_endpoint: Some("https://l.dev/oidc/session/end".into()),
            revocation_endpoint: Some("https://l.dev/oidc/token/revocation".into()),
            ..bare.clone()
        };
        assert_eq!(
            end_session_url(&m, "app", Some(&IdToken::new("a.b.c")), Some("https://app/")).unwrap(),
            "https://l.dev/oidc/session/end?id_token_hint=a.b.c&client_id=app&post_logout_redirect_uri=https%3A%2F%2Fapp%2F"
        );
        assert_eq!(end_session_url(&m, "app", None, None).unwrap(), "https://l.dev/oidc/session/end?client_id=app");
        let r = revocation_request(&m, "app", &RefreshToken::new("rt")).unwrap();
        assert_eq!(r.body.as_deref(), Some("client_id=app&token=rt"));
        assert!(end_session_url(&bare, "app", None, None).is_none());
        assert!(revocation_request(&bare, "app", &RefreshToken::new("rt")).is_none());
    }
}
