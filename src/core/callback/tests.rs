// Test-only module: declared as `#[cfg(test)] mod tests;` in callback.rs.

use super::*;
#[allow(unused_imports)]
use crate::prelude::*;

fn txn() -> SignInTransaction {
    crate::testing::transaction("https://app.example.com/callback", "https://logto.dev/oidc", 1_000)
}

const ISS: &str = "iss=https%3A%2F%2Flogto.dev%2Foidc";

fn check(url: &str) -> Result<AuthorizationCode, CallbackError> {
    parse_callback(url, &txn())
}

#[test]
fn accepts_a_good_callback() {
    let code = check(&format!("https://app.example.com/callback?code=abc&state=st4te&{ISS}")).unwrap();
    assert_eq!(code.expose(), "abc");
    // iss optional when the provider does not advertise it
    let lax = SignInTransaction { iss_required: false, ..txn() };
    let code = parse_callback("https://app.example.com/callback?code=abc&state=st4te", &lax).unwrap();
    assert_eq!(code.expose(), "abc");
}

#[test]
fn each_failure_has_its_code() {
    let cases = [
        ("not a url", "callback.invalid_url"),
        ("https://evil.example.com/callback?code=abc&state=st4te", "callback.redirect_uri_mismatch"),
        ("https://app.example.com/callback2?code=abc&state=st4te", "callback.redirect_uri_mismatch"),
        ("https://app.example.com/callback?code=abc&state=st4te", "callback.missing_iss"),
        ("https://app.example.com/callback?code=abc&state=st4te&iss=https%3A%2F%2Fevil.dev%2Foidc", "callback.iss_mismatch"),
        ("https://app.example.com/callback?code=abc&iss=https%3A%2F%2Flogto.dev%2Foidc", "callback.missing_state"),
        ("https://app.example.com/callback?code=abc&state=other&iss=https%3A%2F%2Flogto.dev%2Foidc", "callback.state_mismatch"),
        (
            "https://app.example.com/callback?error=access_denied&error_description=User+cancelled&state=st4te&iss=https%3A%2F%2Flogto.dev%2Foidc",
            "callback.provider_error",
        ),
        ("https://app.example.com/callback?state=st4te&iss=https%3A%2F%2Flogto.dev%2Foidc", "callback.missing_code"),
        ("https://app.example.com/callback?code=&state=st4te&iss=https%3A%2F%2Flogto.dev%2Foidc", "callback.missing_code"),
        ("https://app.example.com/callback?code=a&code=b&state=st4te&iss=https%3A%2F%2Flogto.dev%2Foidc", "callback.duplicate_parameter"),
        ("https://app.example.com/callback?code=a&state=st4te&state=st4te&iss=https%3A%2F%2Flogto.dev%2Foidc", "callback.duplicate_parameter"),
    ];
    for (url, code) in cases {
        assert_eq!(check(url).unwrap_err().code(), code, "{url}");
    }
}

#[test]
fn order_is_redirect_iss_state_error_code() {
    // wrong iss and wrong state: iss is reported first
    let e = check("https://app.example.com/callback?state=bad&error=x&iss=https%3A%2F%2Fevil").unwrap_err();
    assert_eq!(e.code(), "callback.iss_mismatch");
    // wrong state and an error: state first (an attacker's error must not be shown as the provider's)
    let e = check(&format!("https://app.example.com/callback?state=bad&error=x&{ISS}")).unwrap_err();
    assert_eq!(e.code(), "callback.state_mismatch");
    let e = check(&format!("https://app.example.com/callback?state=st4te&error=access_denied&error_description=no&{ISS}")).unwrap_err();
    let p = e.provider_error().unwrap();
    assert_eq!((p.error.as_str(), p.error_description.as_deref()), ("access_denied", Some("no")));
}

#[test]
fn silent_sign_in_answers_have_their_own_codes() {
    // OIDC Core §3.1.2.6: what a `prompt=none` request gets when the provider would show a page.
    for (error, code) in [
        ("login_required", "callback.login_required"),
        ("interaction_required", "callback.interaction_required"),
        ("account_selection_required", "callback.interaction_required"),
        ("consent_required", "callback.consent_required"),
        ("access_denied", "callback.provider_error"),
        ("login_required_not", "callback.provider_error"),
    ] {
        let e = check(&format!("https://app.example.com/callback?error={error}&error_description=d&state=st4te&{ISS}")).unwrap_err();
        assert_eq!(e.code(), code, "{error}");
        let p = e.provider_error().expect("the provider's error is kept");
        assert_eq!((p.error.as_str(), p.error_description.as_deref()), (error, Some("d")));
    }
    // Only after the state check: a forged `login_required` is a state mismatch.
    let e = check(&format!("https://app.example.com/callback?error=login_required&state=forged&{ISS}")).unwrap_err();
    assert_eq!(e.code(), "callback.state_mismatch");
}

#[test]
fn answers_are_told_from_other_sign_ins_answers() {
    let t = txn();
    for url in
        [format!("https://app.example.com/callback?code=abc&state=st4te&{ISS}"), "https://app.example.com/callback?error=login_required&state=st4te".to_owned()]
    {
        assert!(t.is_answered_by(&url), "{url}");
    }
    for url in [
        format!("https://app.example.com/callback?code=abc&state=other&{ISS}"), // another sign-in's
        "https://app.example.com/callback?code=abc".to_owned(),                 // no state
        "https://app.example.com/callback?state=st4te".to_owned(),              // neither code nor error
        "https://app.example.com/elsewhere?code=abc&state=st4te".to_owned(),    // another page
        "https://evil.example.com/callback?code=abc&state=st4te".to_owned(),    // another origin
        "about:blank".to_owned(),
        "not a url".to_owned(),
    ] {
        assert!(!t.is_answered_by(&url), "{url}");
    }
}

#[test]
fn transaction_usability() {
    let t = txn();
    assert!(t.check_usable("https://logto.dev/oidc", 1_000 + 60).is_ok());
    assert_eq!(t.check_usable("https://logto.dev/oidc", 1_000 + TRANSACTION_TTL_SECONDS + 1).unwrap_err().code(), "callback.sign_in_expired");
    assert_eq!(t.check_usable("https://other/oidc", 1_000).unwrap_err().code(), "callback.issuer_changed");
    let json = t.to_json();
    assert_eq!(SignInTransaction::from_json(&json).unwrap(), t);
    assert!(SignInTransaction::from_json(&json.replace("\"created_at\"", "\"created\"")).is_err());
    // The step-up requirements survive the redirect (issue #15).
    let step_up = SignInTransaction { max_age: Some(0), required_acr: Some("urn:mfa".into()), ..txn() };
    assert_eq!(SignInTransaction::from_json(&step_up.to_json()).unwrap(), step_up);
    assert!(!format!("{t:?}").contains("\"v\""), "verifier redacted");
}

#[test]
fn detects_callback_urls() {
    assert!(is_callback_url("https://app.example.com/callback?code=a&state=b", Some("https://app.example.com/callback")));
    assert!(is_callback_url("https://app.example.com/callback?error=a&state=b", None));
    assert!(!is_callback_url("https://app.example.com/callback?code=a&state=b", Some("https://app.example.com/other")));
    assert!(!is_callback_url("https://app.example.com/callback", None));
    assert!(!is_callback_url("garbage", None));
}

/// A pending sign-in printed in a log shows none of its secrets: each protocol value has its own
/// type with a redacted `Debug` (the `state` and `nonce` were plain strings).
#[test]
fn a_printed_transaction_shows_no_secret() {
    let printed = format!("{:?}", txn());
    for secret in ["st4te", "\"n\"", "\"v\""] {
        assert!(!printed.contains(secret), "{secret} in {printed}");
    }
    assert!(printed.contains("State([redacted])") && printed.contains("Nonce([redacted])") && printed.contains("CodeVerifier([redacted])"), "{printed}");
    let code = check(&format!("https://app.example.com/callback?code=c0de&state=st4te&{ISS}")).unwrap();
    assert_eq!(format!("{code:?}"), "AuthorizationCode([redacted])");
}
