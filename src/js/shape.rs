//! The JavaScript shape of the options: camelCase members, a string or a list, an object of
//! parameters in insertion order, read from the JSON text that `JSON.stringify` makes of the
//! config and sign-in options (src/js/options.rs); and the JavaScript names of the options in
//! error messages. The core speaks the specs' and Rust's names (`client_id`, `redirect_uri`);
//! what a JS developer wrote (`appId`, `redirectUri`) is known here only.
//!
//! Compiled natively too (for its tests): reading and naming are plain functions.

#[allow(unused_imports)]
use crate::prelude::*;

use crate::core::authorize::{DirectSignIn, DirectSignInMethod, FirstScreen, Identifier, InteractionMode, SignInOptions};
use crate::core::config::LogtoConfig;
use crate::core::json::{JsonError, Object, Value};

/// The config members [`config_from_js`] reads (the facade serializes only these, so that a
/// custom `storage` object is never serialized).
pub const CONFIG_MEMBERS: [&str; 13] = [
    "endpoint",
    "issuer",
    "appId",
    "scopes",
    "resources",
    "prompt",
    "includeReservedScopes",
    "leewaySeconds",
    "idTokenSigningAlgorithms",
    "refreshMarginSeconds",
    "dangerouslyAllowInsecureHttp",
    "pushedAuthorization",
    "dpop",
];

/// Reads a config shaped as the JS API takes it (`endpoint`, `appId`, `scopes`, ...); unknown
/// members are ignored (as `@logto/browser` does), members of the wrong type refused.
pub fn config_from_js(o: &Object) -> Result<LogtoConfig, JsonError> {
    Ok(LogtoConfig {
        endpoint: o.opt_str("endpoint")?,
        issuer: o.opt_str("issuer")?,
        client_id: o.opt_str("appId")?.unwrap_or_default(),
        scopes: o.opt_str_list("scopes")?.unwrap_or_default(),
        resources: o.opt_str_list("resources")?.unwrap_or_default(),
        prompt: one_or_many(o, "prompt")?,
        include_reserved_scopes: o.opt_bool("includeReservedScopes")?,
        leeway_seconds: opt_u32(o, "leewaySeconds")?,
        id_token_signing_algorithms: o.opt_str_list("idTokenSigningAlgorithms")?,
        refresh_margin_seconds: opt_u32(o, "refreshMarginSeconds")?,
        dangerously_allow_insecure_http: o.opt_bool("dangerouslyAllowInsecureHttp")?.unwrap_or(false),
        pushed_authorization: o.opt_bool("pushedAuthorization")?.unwrap_or(false),
        dpop: o.opt_bool("dpop")?.unwrap_or(false),
    })
}

/// Reads sign-in options shaped as the JS API takes them (`redirectUri`, `firstScreen`,
/// `extraParams`, ...); unknown members are ignored, members of the wrong type refused.
pub fn sign_in_options_from_js(o: &Object) -> Result<SignInOptions, JsonError> {
    let direct_sign_in = match o.opt_object("directSignIn")? {
        None => None,
        Some(d) => Some(DirectSignIn {
            method: one_of(d, "method", &[("social", DirectSignInMethod::Social), ("sso", DirectSignInMethod::Sso)])?
                .ok_or(JsonError::field("method", "missing"))?,
            target: d.req_str("target")?,
        }),
    };
    let identifiers = o
        .opt_str_list("identifiers")?
        .unwrap_or_default()
        .iter()
        .map(|i| Identifier::ALL.into_iter().find(|x| x.as_str() == i).ok_or(JsonError::field("identifiers", "not one of email, phone, username")))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(SignInOptions {
        redirect_uri: o.opt_str("redirectUri")?.unwrap_or_default(),
        post_redirect_uri: o.opt_str("postRedirectUri")?,
        prompt: one_or_many(o, "prompt")?,
        first_screen: one_of(
            o,
            "firstScreen",
            &[
                ("sign_in", FirstScreen::SignIn),
                ("signIn", FirstScreen::SignIn),
                ("register", FirstScreen::Register),
                ("reset_password", FirstScreen::ResetPassword),
                ("identifier:sign_in", FirstScreen::IdentifierSignIn),
                ("identifier:register", FirstScreen::IdentifierRegister),
                ("single_sign_on", FirstScreen::SingleSignOn),
            ],
        )?,
        interaction_mode: o
            .opt_str("interactionMode")?
            .map(|m| InteractionMode::from_name(&m).ok_or(JsonError::field("interactionMode", "not signIn or signUp")))
            .transpose()?,
        identifiers,
        login_hint: o.opt_str("loginHint")?,
        direct_sign_in,
        one_time_token: o.opt_str("oneTimeToken")?,
        organization_id: o.opt_str("organizationId")?,
        ui_locales: o.opt_str("uiLocales")?,
        max_age: o.opt_i64("maxAge")?.map(|s| u64::try_from(s).map_err(|_| JsonError::field("maxAge", "not a number of seconds"))).transpose()?,
        acr_values: o.opt_str("acrValues")?,
        require_acr: o.opt_bool("requireAcr")?.unwrap_or(false),
        extra_params: ordered_pairs(o, "extraParams")?,
        clear_tokens: o.opt_bool("clearTokens")?,
    })
}

/// The options' Rust names (as the core's messages write them, in backticks) and their
/// JavaScript names.
const JS_NAMES: [(&str, &str); 13] = [
    ("client_id", "appId"),
    ("redirect_uri", "redirectUri"),
    ("post_redirect_uri", "postRedirectUri"),
    ("direct_sign_in", "directSignIn"),
    ("login_hint", "loginHint"),
    ("one_time_token", "oneTimeToken"),
    ("organization_id", "organizationId"),
    ("ui_locales", "uiLocales"),
    ("acr_values", "acrValues"),
    ("require_acr", "requireAcr"),
    ("extra_params", "extraParams"),
    ("post_logout_redirect_uri", "postLogoutRedirectUri"),
    ("dangerously_allow_insecure_http", "dangerouslyAllowInsecureHttp"),
];

/// The message of an error with this code as a JS developer reads it: in the option errors
/// (`config.*`, `sign_in.*`) the options go by their JavaScript names. Other messages name
/// protocol parameters and claims (`redirect_uri`, `auth_time`), which keep their names.
///
/// A split on the backticks rather than `str::replace`: a substring search costs the wasm 5.7 KiB
/// gzip (measured), this 0.3.
pub fn js_message(code: &str, message: String) -> String {
    if !(code.starts_with("config.") || code.starts_with("sign_in.")) {
        return message;
    }
    let mut out = String::with_capacity(message.len() + 8);
    // Odd parts are between backticks.
    for (i, part) in message.split('`').enumerate() {
        if i > 0 {
            out.push('`');
        }
        let js = if i % 2 == 1 { JS_NAMES.iter().find(|(rust, _)| *rust == part).map(|(_, js)| *js) } else { None };
        out.push_str(js.unwrap_or(part));
    }
    out
}

/// `"a"`, `["a", "b"]`, or absent/null.
pub(crate) fn one_or_many(o: &Object, name: &'static str) -> Result<Option<Vec<String>>, JsonError> {
    match o.get(name) {
        Some(Value::String(s)) => Ok(Some(vec![s.clone()])),
        _ => o.opt_str_list(name),
    }
}

/// An object `{ k: "v", ... }` (entries in order), a list of `[k, v]` pairs, or absent/null.
pub(crate) fn ordered_pairs(o: &Object, name: &'static str) -> Result<Vec<(String, String)>, JsonError> {
    let bad = JsonError::field(name, "expected an object of string values or a list of [name, value] pairs");
    match o.get(name) {
        None | Some(Value::Null) => Ok(Vec::new()),
        Some(Value::Object(params)) => params.iter().map(|(k, v)| Ok((k.to_owned(), v.as_str().ok_or(bad.clone())?.to_owned()))).collect(),
        Some(Value::Array(pairs)) => pairs
            .iter()
            .map(|pair| match pair.as_array() {
                Some([Value::String(k), Value::String(v)]) => Ok((k.clone(), v.clone())),
                _ => Err(bad.clone()),
            })
            .collect(),
        Some(_) => Err(bad),
    }
}

/// A member that must be one of the given names, e.g. `firstScreen`.
pub(crate) fn one_of<T: Copy>(o: &Object, name: &'static str, choices: &[(&str, T)]) -> Result<Option<T>, JsonError> {
    match o.opt_str(name)? {
        None => Ok(None),
        Some(s) => choices.iter().find(|(n, _)| *n == s).map(|(_, v)| Some(*v)).ok_or(JsonError::field(name, "not one of the accepted values")),
    }
}

/// A non-negative integer member that fits in a `u32`.
pub(crate) fn opt_u32(o: &Object, name: &'static str) -> Result<Option<u32>, JsonError> {
    match o.get(name) {
        Some(Value::Number(n)) => {
            n.as_i64().and_then(|v| u32::try_from(v).ok()).map(Some).ok_or(JsonError::field(name, "expected a non-negative whole number"))
        }
        _ => o.opt_i64(name).map(|_| None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::error::concat;
    use crate::core::json::parse_object;

    fn options(json: &str) -> Result<SignInOptions, JsonError> {
        sign_in_options_from_js(&parse_object(json.as_bytes()).unwrap())
    }

    #[test]
    fn js_shaped_options() {
        let o = options(
            r#"{"redirectUri":"https://a/cb","prompt":"login","extraParams":{"z":"1","a":"2"},"directSignIn":{"method":"social","target":"kakao"},"firstScreen":"identifier:register","identifiers":["email"]}"#,
        )
        .unwrap();
        assert_eq!(o.prompt, Some(vec!["login".to_owned()]));
        assert_eq!(o.extra_params, vec![("z".to_owned(), "1".to_owned()), ("a".to_owned(), "2".to_owned())]);
        assert_eq!(o.first_screen, Some(FirstScreen::IdentifierRegister));
        assert_eq!(o.direct_sign_in.map(|d| d.method), Some(DirectSignInMethod::Social));
        let o = options(r#"{"redirectUri":"https://a/cb","prompt":["consent","login"],"extraParams":null,"firstScreen":"signIn"}"#).unwrap();
        assert_eq!(o.prompt.unwrap().len(), 2);
        assert_eq!(o.first_screen, Some(FirstScreen::SignIn));
        let o = options(r#"{"redirectUri":"https://a/cb","interactionMode":"signUp"}"#).unwrap();
        assert_eq!(o.interaction_mode, Some(InteractionMode::SignUp));
        let o = options(r#"{"redirectUri":"https://a/cb","extraParams":[["b","1"],["a","2"]]}"#).unwrap();
        assert_eq!(o.extra_params, vec![("b".to_owned(), "1".to_owned()), ("a".to_owned(), "2".to_owned())]);
        for bad in [
            r#"{"redirectUri":"x","firstScreen":"nope"}"#,
            r#"{"redirectUri":"x","directSignIn":{"method":"social"}}"#,
            r#"{"redirectUri":"x","directSignIn":{"method":"email","target":"a"}}"#,
            r#"{"redirectUri":"x","extraParams":{"a":1}}"#,
            r#"{"redirectUri":"x","identifiers":["fax"]}"#,
            r#"{"redirectUri":5}"#,
            r#"{"redirectUri":"x","clearTokens":"no"}"#,
            r#"{"redirectUri":"x","interactionMode":"signup"}"#,
        ] {
            assert!(options(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn js_shaped_config() {
        let all = r#"{"endpoint":"https://logto.dev","appId":"app","scopes":["email"],"resources":["https://api"],"prompt":"login",
            "includeReservedScopes":false,"leewaySeconds":30,"idTokenSigningAlgorithms":["ES256"],"refreshMarginSeconds":90,
            "dangerouslyAllowInsecureHttp":true,"pushedAuthorization":true,"dpop":true,"storage":"local","unknown":1}"#;
        let c = config_from_js(&parse_object(all.as_bytes()).unwrap()).unwrap();
        assert_eq!((c.endpoint.as_deref(), c.client_id.as_str()), (Some("https://logto.dev"), "app"));
        assert_eq!((c.leeway_seconds, c.refresh_margin_seconds, c.dangerously_allow_insecure_http), (Some(30), Some(90), true));
        assert!(c.pushed_authorization && c.dpop);
        assert_eq!(c.prompt, Some(vec!["login".to_owned()]));
        // Every member the facade serializes (CONFIG_MEMBERS) is one the reader reads: of the wrong
        // type, each is refused.
        for name in CONFIG_MEMBERS {
            let wrong = concat(&["{\"", name, "\":{}}"]);
            assert!(config_from_js(&parse_object(wrong.as_bytes()).unwrap()).is_err(), "{name}");
        }
        for bad in [r#"{"appId":5}"#, r#"{"leewaySeconds":-1}"#, r#"{"scopes":"email"}"#, r#"{"dangerouslyAllowInsecureHttp":"yes"}"#] {
            assert!(config_from_js(&parse_object(bad.as_bytes()).unwrap()).is_err(), "{bad}");
        }
    }

    /// Issue #14: the core's messages name the options as Rust does; the JS facade names them as
    /// JavaScript does, in the option errors only.
    #[test]
    fn option_errors_name_the_javascript_options() {
        use crate::core::error::ErrorInfo;
        let js = |e: &dyn ErrorInfo| js_message(e.code().as_str(), e.message());

        let missing = LogtoConfig::new("https://logto.dev", "").validate().unwrap_err();
        assert!(missing.message().contains("`client_id`"), "{}", missing.message());
        assert_eq!(js(&missing), "`appId` is required: the application's App ID in Logto");

        let config = LogtoConfig::new("https://logto.dev", "app").validate().unwrap();
        let refused = |o: SignInOptions| o.validate(&config).unwrap_err();
        let e = refused(SignInOptions::new("not a url"));
        assert!(e.message().starts_with("`redirect_uri` is invalid"), "{}", e.message());
        assert_eq!(js(&e), "`redirectUri` is invalid: `redirectUri` is not an absolute http(s) URL");
        let e = refused(SignInOptions { post_redirect_uri: Some("/relative".into()), ..SignInOptions::new("https://a.dev/cb") });
        assert_eq!(js(&e), "`postRedirectUri` is not an absolute http(s) URL");
        for (o, name) in [
            (SignInOptions { login_hint: Some(String::new()), ..SignInOptions::new("https://a.dev/cb") }, "`loginHint`"),
            (SignInOptions { organization_id: Some("\n".into()), ..SignInOptions::new("https://a.dev/cb") }, "`organizationId`"),
            (SignInOptions { require_acr: true, ..SignInOptions::new("https://a.dev/cb") }, "`requireAcr`"),
        ] {
            let e = refused(o);
            assert_eq!(js(&e), concat(&["option ", name, " has an invalid value"]));
        }
        let insecure = LogtoConfig::new("http://logto.dev", "app").validate().unwrap_err();
        assert!(js(&insecure).contains("`dangerouslyAllowInsecureHttp`"), "{}", js(&insecure));

        // A parameter named by an extra parameter, and messages of other operations, keep their names.
        let e = refused(SignInOptions { extra_params: vec![("redirect_uri".into(), "x".into())], ..SignInOptions::new("https://a.dev/cb") });
        assert_eq!(js(&e), e.message());
        assert_eq!(js_message("id_token.missing_claim", "missing `auth_time` for `max_age`".into()), "missing `auth_time` for `max_age`");
        assert_eq!(js_message("callback.redirect_uri_mismatch", "`redirect_uri` differs".into()), "`redirect_uri` differs");
    }
}
