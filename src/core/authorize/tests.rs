// Test-only module: declared as `#[cfg(test)] mod tests;` in authorize.rs.
//! The test vectors of `shared/reference/logto-behaviour.md`: our URL must equal Logto's
//! parameter for parameter, in order (our `nonce` aside).

#[allow(unused_imports)]
use crate::prelude::*;

use super::*;
use crate::core::config::LogtoConfig;

const ENDPOINT: &str = "https://logto.dev/oidc/sign-in";
const PREFIX: &str = "client_id=clientId&redirect_uri=https%3A%2F%2Fexample.com%2Fcallback&code_challenge=codeChallenge&code_challenge_method=S256&state=state";

fn url(config: LogtoConfig, options: SignInOptions, nonce: Option<&str>) -> String {
    let config = config.validate().unwrap();
    options.validate(&config).unwrap();
    authorization_url(AuthorizationParams {
        authorization_endpoint: ENDPOINT,
        config: &config,
        options: &options,
        code_challenge: "codeChallenge",
        state: &State::from("state"),
        nonce: nonce.map(Nonce::from).as_ref(),
    })
}

fn cfg() -> LogtoConfig {
    LogtoConfig::new("https://logto.dev", "clientId")
}

fn opts() -> SignInOptions {
    SignInOptions::new("https://example.com/callback")
}

fn query(u: &str) -> &str {
    u.strip_prefix(ENDPOINT).and_then(|s| s.strip_prefix('?')).unwrap()
}

#[test]
fn defaults() {
    assert_eq!(query(&url(cfg(), opts(), None)), format!("{PREFIX}&response_type=code&prompt=consent&scope=openid+offline_access+profile"));
}

#[test]
fn nonce_goes_right_after_state() {
    assert_eq!(
        query(&url(cfg(), opts(), Some("n0nce"))),
        format!("{PREFIX}&nonce=n0nce&response_type=code&prompt=consent&scope=openid+offline_access+profile")
    );
}

#[test]
fn scopes_resources_prompt() {
    let mut c = cfg();
    c.scopes = vec!["email".into(), "phone".into()];
    c.resources = vec!["resource1".into(), "resource2".into()];
    c.prompt = Some(vec!["login".into()]);
    assert_eq!(
        query(&url(c, opts(), None)),
        format!("{PREFIX}&response_type=code&prompt=login&scope=openid+offline_access+profile+email+phone&resource=resource1&resource=resource2")
    );
}

#[test]
fn prompt_list_is_space_joined() {
    let mut o = opts();
    o.prompt = Some(vec!["consent".into(), "login".into()]);
    assert_eq!(query(&url(cfg(), o, None)), format!("{PREFIX}&response_type=code&prompt=consent+login&scope=openid+offline_access+profile"));
}

const BASE: &str = "&response_type=code&prompt=consent&scope=openid+offline_access+profile";

#[test]
fn interaction_mode() {
    let mut o = opts();
    o.interaction_mode = Some(InteractionMode::SignUp);
    assert_eq!(query(&url(cfg(), o, None)), format!("{PREFIX}{BASE}&interaction_mode=signUp"));
}

#[test]
fn login_hint() {
    let mut o = opts();
    o.login_hint = Some("johndoe@example.com".into());
    assert_eq!(query(&url(cfg(), o, None)), format!("{PREFIX}{BASE}&login_hint=johndoe%40example.com"));
}

#[test]
fn first_screen_wins_over_interaction_mode() {
    let mut o = opts();
    o.first_screen = Some(FirstScreen::Register);
    o.interaction_mode = Some(InteractionMode::SignIn);
    assert_eq!(query(&url(cfg(), o, None)), format!("{PREFIX}{BASE}&first_screen=register"));
}

#[test]
fn first_screen_identifier_with_identifiers() {
    let mut o = opts();
    o.first_screen = Some(FirstScreen::IdentifierSignIn);
    o.identifiers = vec![Identifier::Email, Identifier::Phone];
    assert_eq!(query(&url(cfg(), o, None)), format!("{PREFIX}{BASE}&first_screen=identifier%3Asign_in&identifier=email+phone"));
}

#[test]
fn direct_sign_in() {
    let mut o = opts();
    o.direct_sign_in = Some(DirectSignIn { method: DirectSignInMethod::Social, target: "google".into() });
    assert_eq!(query(&url(cfg(), o, None)), format!("{PREFIX}{BASE}&direct_sign_in=social%3Agoogle"));
}

#[test]
fn one_time_token() {
    let mut o = opts();
    o.one_time_token = Some("the-generated-one-time-token".into());
    assert_eq!(query(&url(cfg(), o, None)), format!("{PREFIX}{BASE}&one_time_token=the-generated-one-time-token"));
}

#[test]
fn extra_params_in_insertion_order() {
    let mut o = opts();
    o.extra_params = vec![("foo".into(), "bar".into()), ("baz".into(), "qux".into())];
    assert_eq!(query(&url(cfg(), o, None)), format!("{PREFIX}{BASE}&foo=bar&baz=qux"));
}

#[test]
fn no_reserved_scopes_means_no_scope() {
    let mut c = cfg();
    c.include_reserved_scopes = Some(false);
    assert_eq!(query(&url(c, opts(), None)), format!("{PREFIX}&response_type=code&prompt=consent"));
}

#[test]
fn invalid_options_are_refused_with_codes() {
    let c = cfg().validate().unwrap();
    let code = |o: SignInOptions| o.validate(&c).unwrap_err().code();
    assert_eq!(code(SignInOptions::new("not a url")), "sign_in.invalid_redirect_uri");
    assert_eq!(code(SignInOptions::new("http://example.com/cb")), "sign_in.invalid_redirect_uri");
    let mut o = opts();
    o.direct_sign_in = Some(DirectSignIn { method: DirectSignInMethod::Sso, target: " ".into() });
    assert_eq!(code(o), "sign_in.invalid_direct_sign_in");
    let mut o = opts();
    o.extra_params = vec![("state".into(), "x".into())];
    assert_eq!(code(o), "sign_in.reserved_extra_param");
    let mut o = opts();
    o.prompt = Some(vec!["bogus".into()]);
    assert_eq!(code(o), "sign_in.invalid_prompt");
    let mut o = opts();
    o.login_hint = Some(String::new());
    assert_eq!(code(o), "sign_in.invalid_option");
    for bad in ["/relative/path", "javascript:alert(1)", "https://user@evil.example/"] {
        let mut o = opts();
        o.post_redirect_uri = Some(bad.into());
        assert_eq!(code(o), "sign_in.invalid_post_redirect_uri", "{bad}");
    }
    let mut o = opts();
    o.post_redirect_uri = Some("https://app.example.com/after".into());
    assert!(o.validate(&c).is_ok());
}

/// Issue #16: Logto's guides pass `ui_locales` (and other Logto parameters) through
/// `extraParams`, as `@logto/browser` sends them; only the protocol's own are refused, and a
/// parameter set both ways is refused rather than sent twice.
#[test]
fn logto_parameters_may_come_through_extra_params() {
    let c = cfg().validate().unwrap();
    let mut o = opts();
    o.extra_params = vec![("ui_locales".into(), "de".into()), ("organization_id".into(), "org1".into()), ("login_hint".into(), "a@b.c".into())];
    o.validate(&c).unwrap();
    let u = url(cfg(), o, None);
    let q = query(&u);
    assert!(q.ends_with("&prompt=consent&scope=openid+offline_access+profile&ui_locales=de&organization_id=org1&login_hint=a%40b.c"), "{q}");

    // An extra `prompt` replaces the configured one: one `prompt` in the URL.
    let mut o = opts();
    o.extra_params = vec![("prompt".into(), "login".into())];
    o.validate(&c).unwrap();
    let u = url(cfg(), o, None);
    let q = query(&u);
    assert_eq!(q.matches("prompt=").count(), 1, "{q}");
    assert!(q.ends_with("&response_type=code&scope=openid+offline_access+profile&prompt=login"), "{q}");

    let code = |o: SignInOptions| o.validate(&c).unwrap_err().code();
    let mut o = opts();
    o.extra_params = vec![("prompt".into(), "sometimes".into())];
    assert_eq!(code(o), "sign_in.invalid_prompt");
    for (name, set) in [
        ("ui_locales", (|o: &mut SignInOptions| o.ui_locales = Some("fr".into())) as fn(&mut SignInOptions)),
        ("prompt", |o| o.prompt = Some(vec!["login".into()])),
        ("login_hint", |o| o.login_hint = Some("x@y.z".into())),
        ("organization_id", |o| o.organization_id = Some("org2".into())),
        ("first_screen", |o| o.first_screen = Some(FirstScreen::Register)),
        ("identifier", |o| o.identifiers = vec![Identifier::Email]),
    ] {
        let mut o = opts();
        set(&mut o);
        o.extra_params = vec![(name.into(), "v".into())];
        let e = o.validate(&c).unwrap_err();
        assert_eq!(e.code(), "sign_in.reserved_extra_param", "{name}");
        assert!(e.to_string().contains("also set by its own sign-in option"), "{e}");
    }
    for name in [
        "client_id",
        "redirect_uri",
        "state",
        "nonce",
        "code_challenge",
        "code_challenge_method",
        "response_type",
        "response_mode",
        "scope",
        "resource",
        "request",
        "request_uri",
        "",
    ] {
        let mut o = opts();
        o.extra_params = vec![(name.into(), "x".into())];
        assert_eq!(code(o), "sign_in.reserved_extra_param", "{name}");
    }
}

/// Issue #15, step-up: `maxAge` and `acrValues` are sent as `max_age` and `acr_values`; a
/// required `acr` needs `acrValues`; they count as typed options for `extraParams`.
#[test]
fn step_up_options() {
    let o = crate::js::shape::sign_in_options_from_js(
        &crate::core::json::parse_object(
            br#"{"redirectUri":"https://example.com/callback","prompt":"login","maxAge":0,"acrValues":"urn:mfa urn:pwd","requireAcr":true}"#,
        )
        .unwrap(),
    )
    .unwrap();
    assert_eq!((o.max_age, o.acr_values.as_deref(), o.require_acr), (Some(0), Some("urn:mfa urn:pwd"), true));
    let u = url(cfg(), o, None);
    assert!(query(&u).ends_with("&response_type=code&prompt=login&scope=openid+offline_access+profile&max_age=0&acr_values=urn%3Amfa+urn%3Apwd"), "{u}");
    let bad = |json: &str| crate::js::shape::sign_in_options_from_js(&crate::core::json::parse_object(json.as_bytes()).unwrap()).unwrap_err().message();
    assert!(bad(r#"{"maxAge":-1}"#).contains("maxAge"));
    assert!(bad(r#"{"maxAge":"1"}"#).contains("maxAge"));

    let c = cfg().validate().unwrap();
    let code = |o: SignInOptions| o.validate(&c).unwrap_err().code();
    let mut o = opts();
    o.require_acr = true;
    assert_eq!(code(o), "sign_in.invalid_option", "requireAcr without acrValues");
    let mut o = opts();
    o.acr_values = Some(String::new());
    assert_eq!(code(o), "sign_in.invalid_option");
    let mut o = opts();
    o.max_age = Some(60);
    o.extra_params = vec![("max_age".into(), "1".into())];
    assert_eq!(code(o), "sign_in.reserved_extra_param");
    // Through extraParams alone, as before: sent as given, not checked by the SDK.
    let mut o = opts();
    o.extra_params = vec![("max_age".into(), "1".into())];
    assert!(o.validate(&c).is_ok());
}
