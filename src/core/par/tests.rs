// Test-only module: declared as `#[cfg(test)] mod tests;` in par.rs.
//! Pushed authorization requests (RFC 9126): the push carries exactly the parameters of the
//! authorization URL, the answer is read strictly, and the URL after a push names the reference
//! only.

#[allow(unused_imports)]
use crate::prelude::*;

use super::*;
use crate::core::authorize::{authorization_url, DirectSignIn, DirectSignInMethod, FirstScreen, Identifier, SignInOptions};
use crate::core::config::{ClientConfig, LogtoConfig};
use crate::core::secret::{Nonce, State};
use crate::core::url::query_pairs;

const ISSUER: &str = "https://logto.dev/oidc";

fn config() -> ClientConfig {
    let mut c = LogtoConfig::new("https://logto.dev", "app");
    c.resources = vec!["https://api.example.com".into(), "https://api2.example.com".into()];
    c.scopes = vec!["email".into(), "urn:logto:scope:organizations".into()];
    c.validate().unwrap()
}

fn metadata() -> ProviderMetadata {
    ProviderMetadata { pushed_authorization_request_endpoint: Some("https://logto.dev/oidc/request".into()), ..crate::testing::metadata(ISSUER) }
}

/// Every Logto option at once.
fn options() -> SignInOptions {
    SignInOptions {
        first_screen: Some(FirstScreen::IdentifierRegister),
        identifiers: vec![Identifier::Email, Identifier::Username],
        login_hint: Some("alice@example.com".into()),
        direct_sign_in: Some(DirectSignIn { method: DirectSignInMethod::Social, target: "kakao".into() }),
        organization_id: Some("org-acme".into()),
        ui_locales: Some("de fr".into()),
        max_age: Some(300),
        extra_params: vec![("custom".into(), "a b&c".into())],
        ..SignInOptions::new("https://app.example.com/callback")
    }
}

#[test]
fn the_push_carries_the_parameters_of_the_authorization_url() {
    let (c, o, state, nonce) = (config(), options(), State::from("st4te"), Nonce::from("n0nce"));
    let m = metadata();
    let params = AuthorizationParams {
        authorization_endpoint: &m.authorization_endpoint,
        config: &c,
        options: &o,
        code_challenge: "ch",
        state: &state,
        nonce: Some(&nonce),
    };
    let request = par_request(&m, params).unwrap();
    assert_eq!((request.method, request.url.as_str()), (Method::Post, "https://logto.dev/oidc/request"));
    assert!(request.headers.contains(&("content-type", "application/x-www-form-urlencoded".to_owned())));
    let body = request.body.clone().unwrap();
    // The same parameters, in the same order, as the URL of a sign-in without a push.
    let url = authorization_url(params);
    let (_, query) = url.split_once('?').unwrap();
    assert_eq!(body, query);
    let pushed = query_pairs(&body);
    for expected in [
        ("client_id", "app"),
        ("redirect_uri", "https://app.example.com/callback"),
        ("code_challenge_method", "S256"),
        ("state", "st4te"),
        ("nonce", "n0nce"),
        ("first_screen", "identifier:register"),
        ("identifier", "email username"),
        ("login_hint", "alice@example.com"),
        ("direct_sign_in", "social:kakao"),
        ("organization_id", "org-acme"),
        ("ui_locales", "de fr"),
        ("max_age", "300"),
        ("custom", "a b&c"),
    ] {
        assert!(pushed.iter().any(|(k, v)| (k.as_str(), v.as_str()) == expected), "{expected:?} in {body}");
    }
    let resources: Vec<&str> = pushed.iter().filter(|(k, _)| k == "resource").map(|(_, v)| v.as_str()).collect();
    assert_eq!(resources, ["https://api.example.com", "https://api2.example.com", "urn:logto:resource:organizations"]);
    // The secret-looking parts never show in Debug.
    assert!(!format!("{request:?}").contains("st4te"));
}

#[test]
fn no_endpoint_no_push() {
    let (c, o, state) = (config(), options(), State::from("s"));
    let m = crate::testing::metadata(ISSUER);
    let params =
        AuthorizationParams { authorization_endpoint: &m.authorization_endpoint, config: &c, options: &o, code_challenge: "ch", state: &state, nonce: None };
    assert_eq!(par_request(&m, params).unwrap_err().code(), "par.unsupported");
    // Pushed when the config asks, or when the provider requires it.
    assert!(!uses_par(false, &m));
    assert!(uses_par(true, &m));
    assert!(uses_par(false, &ProviderMetadata { require_pushed_authorization_requests: true, ..m }));
}

#[test]
fn the_answer_is_read_strictly() {
    let ok = parse_par_response(&HttpResponse::new(201, r#"{"request_uri":"urn:ietf:params:oauth:request_uri:abc","expires_in":60}"#)).unwrap();
    assert_eq!(ok, PushedAuthorization { request_uri: "urn:ietf:params:oauth:request_uri:abc".into(), expires_in: 60 });
    let code = |status: u16, body: &str| parse_par_response(&HttpResponse::new(status, body)).unwrap_err().code().as_str();
    // RFC 9126 §2.2: success is 201, nothing else.
    assert_eq!(code(200, r#"{"request_uri":"urn:x","expires_in":60}"#), "par.http_error");
    assert_eq!(code(302, ""), "par.http_error");
    assert_eq!(code(500, "<html>"), "par.http_error");
    let refused = parse_par_response(&HttpResponse::new(400, r#"{"error":"invalid_redirect_uri","error_description":"nope"}"#)).unwrap_err();
    assert_eq!(refused.code(), "par.provider_error");
    assert_eq!(refused.provider_error().map(|p| p.error.as_str()), Some("invalid_redirect_uri"));
    for bad in [
        "not json",
        r#"{"expires_in":60}"#,
        r#"{"request_uri":"","expires_in":60}"#,
        r#"{"request_uri":5,"expires_in":60}"#,
        "{\"request_uri\":\"urn:x\\n\",\"expires_in\":60}",
        r#"{"request_uri":"urn:x"}"#,
        r#"{"request_uri":"urn:x","expires_in":0}"#,
        r#"{"request_uri":"urn:x","expires_in":-5}"#,
        r#"{"request_uri":"urn:x","expires_in":"60"}"#,
        r#"{"request_uri":"urn:x","request_uri":"urn:y","expires_in":60}"#,
    ] {
        assert_eq!(code(201, bad), "par.invalid_response", "{bad}");
    }
    let huge = concat(&[r#"{"request_uri":""#, &"u".repeat(crate::core::http::MAX_BODY_LEN), r#"","expires_in":60}"#]);
    assert_eq!(code(201, &huge), "par.invalid_response");
}

#[test]
fn the_url_after_a_push_names_the_reference_only() {
    let m = ProviderMetadata { authorization_endpoint: "https://logto.dev/oidc/auth?tenant=t1#frag".into(), ..metadata() };
    let pushed = PushedAuthorization { request_uri: "urn:ietf:params:oauth:request_uri:a+b/c".into(), expires_in: 60 };
    assert_eq!(
        pushed_authorization_url(&m, "app", &pushed),
        "https://logto.dev/oidc/auth?tenant=t1&client_id=app&request_uri=urn%3Aietf%3Aparams%3Aoauth%3Arequest_uri%3Aa%2Bb%2Fc"
    );
}

#[test]
fn the_endpoint_must_be_secure_and_is_cached() {
    let c = config();
    let insecure = ProviderMetadata { pushed_authorization_request_endpoint: Some("http://evil.dev/request".into()), ..metadata() };
    let e = crate::core::discovery::check_metadata(&c, &insecure).unwrap_err();
    assert_eq!(e.code(), "discovery.insecure_endpoint");
    assert!(e.message().contains("pushed_authorization_request_endpoint"), "{}", e.message());
    let required = ProviderMetadata { require_pushed_authorization_requests: true, ..metadata() };
    assert_eq!(ProviderMetadata::from_json_text(&required.to_json()).unwrap(), required);
}
