//! The npm package's constants (`UserScope`, `Prompt`, `ReservedScope`, `ReservedResource`,
//! `organizationUrnPrefix` in npm/index.js) are plain JavaScript, usable before the WebAssembly
//! module is loaded (issue #16); this holds them, and their declarations in npm/index.d.ts, to
//! the Rust core's values.

use logto_wasm::core::claims::UserScope;
use logto_wasm::core::config::{ORGANIZATIONS_RESOURCE, PROMPT_VALUES, RESERVED_SCOPES};

const INDEX_JS: &str = include_str!("../npm/index.js");
const INDEX_D_TS: &str = include_str!("../npm/index.d.ts");

/// The `Name: 'value'` members of `export const <name> = Object.freeze({ ... })` in index.js.
fn frozen(name: &str) -> Vec<(String, String)> {
    let start = format!("export const {name} = Object.freeze({{");
    let body = INDEX_JS.split_once(&start).unwrap_or_else(|| panic!("{name} is not in npm/index.js")).1;
    let body = body.split_once("})").unwrap().0;
    body.split(',')
        .filter(|m| !m.trim().is_empty())
        .map(|m| {
            let (k, v) = m.split_once(':').unwrap();
            (k.trim().to_owned(), v.trim().trim_matches('\'').to_owned())
        })
        .collect()
}

/// The same members as declared in index.d.ts: `readonly Name: 'value';`.
fn declared(name: &str) -> Vec<(String, String)> {
    let start = format!("export declare const {name}: {{");
    let body = INDEX_D_TS.split_once(&start).unwrap_or_else(|| panic!("{name} is not in npm/index.d.ts")).1;
    let body = body.split_once("};").unwrap().0;
    body.lines()
        .filter_map(|l| l.trim().strip_prefix("readonly "))
        .map(|m| {
            let (k, v) = m.split_once(':').unwrap();
            (k.trim().to_owned(), v.trim().trim_end_matches(';').trim_matches('\'').to_owned())
        })
        .collect()
}

fn pascal(snake: &str) -> String {
    snake.split('_').map(|w| w[..1].to_uppercase() + &w[1..]).collect()
}

#[test]
fn user_scopes_are_the_cores() {
    let expected: Vec<(String, String)> = UserScope::ALL.iter().map(|s| (format!("{s:?}"), s.as_str().to_owned())).collect();
    assert_eq!(frozen("UserScope"), expected);
    assert_eq!(declared("UserScope"), expected);
}

#[test]
fn prompts_are_the_cores() {
    let expected: Vec<(String, String)> = PROMPT_VALUES.iter().map(|p| (pascal(p), (*p).to_owned())).collect();
    let mut js = frozen("Prompt");
    js.sort_by_key(|(_, v)| PROMPT_VALUES.iter().position(|p| p == v));
    assert_eq!(js, expected);
    assert_eq!(declared("Prompt"), frozen("Prompt"));
}

#[test]
fn reserved_scopes_resources_and_urns() {
    let scopes = frozen("ReservedScope");
    assert_eq!(scopes, [("OpenId".to_owned(), "openid".to_owned()), ("OfflineAccess".to_owned(), "offline_access".to_owned())]);
    assert!(scopes.iter().all(|(_, v)| RESERVED_SCOPES.contains(&v.as_str())));
    assert_eq!(declared("ReservedScope"), scopes);
    assert_eq!(frozen("ReservedResource"), [("Organization".to_owned(), ORGANIZATIONS_RESOURCE.to_owned())]);
    assert_eq!(declared("ReservedResource"), frozen("ReservedResource"));
    assert!(INDEX_JS.contains("export const organizationUrnPrefix = 'urn:logto:organization:';"));
}
