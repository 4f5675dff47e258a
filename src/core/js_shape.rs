//! Reading options shaped the JavaScript way (camelCase members, a string or a list, an object
//! of parameters in insertion order), from the JSON the JS facade hands over. Native tests read
//! options through the same functions.

#[allow(unused_imports)]
use crate::prelude::*;

use crate::core::json::{JsonError, Object, Value};

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
    use crate::core::authorize::{DirectSignInMethod, FirstScreen, SignInOptions};
    use crate::core::json::parse_object;
    #[allow(unused_imports)]
    use crate::prelude::*;

    fn options(json: &str) -> Result<SignInOptions, crate::core::json::JsonError> {
        SignInOptions::from_json(&parse_object(json.as_bytes()).unwrap())
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
        assert_eq!(o.interaction_mode, Some(crate::core::authorize::InteractionMode::SignUp));
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
}
