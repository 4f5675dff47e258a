//! Deserialization helpers for options shaped the JavaScript way.

use std::fmt;

use serde::de::{MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Deserializer};

/// `"a"`, `["a", "b"]`, or absent/null.
pub(crate) fn one_or_many<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Vec<String>>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum OneOrMany {
        One(String),
        Many(Vec<String>),
    }
    Ok(match Option::<OneOrMany>::deserialize(d)? {
        None => None,
        Some(OneOrMany::One(s)) => Some(vec![s]),
        Some(OneOrMany::Many(v)) => Some(v),
    })
}

/// An object `{ k: "v", ... }` (entries in order) or a list of `[k, v]` pairs.
pub(crate) fn ordered_pairs<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<(String, String)>, D::Error> {
    struct PairsVisitor;
    impl<'de> Visitor<'de> for PairsVisitor {
        type Value = Vec<(String, String)>;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("an object of string values or a list of [name, value] pairs")
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
            let mut out = Vec::new();
            while let Some((k, v)) = map.next_entry::<String, String>()? {
                out.push((k, v));
            }
            Ok(out)
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
            let mut out = Vec::new();
            while let Some(pair) = seq.next_element::<(String, String)>()? {
                out.push(pair);
            }
            Ok(out)
        }
        fn visit_unit<E>(self) -> Result<Self::Value, E> {
            Ok(Vec::new())
        }
        fn visit_none<E>(self) -> Result<Self::Value, E> {
            Ok(Vec::new())
        }
    }
    d.deserialize_any(PairsVisitor)
}

#[cfg(test)]
mod tests {
    use crate::core::authorize::SignInOptions;

    #[test]
    fn js_shaped_options() {
        let o: SignInOptions = serde_json::from_str(
            r#"{"redirectUri":"https://a/cb","prompt":"login","extraParams":{"z":"1","a":"2"},"directSignIn":{"method":"social","target":"kakao"},"firstScreen":"identifier:register","identifiers":["email"]}"#,
        )
        .unwrap();
        assert_eq!(o.prompt, Some(vec!["login".to_owned()]));
        assert_eq!(o.extra_params, vec![("z".to_owned(), "1".to_owned()), ("a".to_owned(), "2".to_owned())]);
        let o: SignInOptions = serde_json::from_str(r#"{"redirectUri":"https://a/cb","prompt":["consent","login"],"extraParams":null}"#).unwrap();
        assert_eq!(o.prompt.unwrap().len(), 2);
        assert!(serde_json::from_str::<SignInOptions>(r#"{"redirectUri":"x","firstScreen":"nope"}"#).is_err());
        assert!(serde_json::from_str::<SignInOptions>(r#"{"redirectUri":"x","directSignIn":{"method":"social"}}"#).is_err());
    }
}
