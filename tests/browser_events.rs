//! Session events (issue #15) in a real browser, against the `fetch` stub of `tests/common`:
//! what `on_session_event` tells for a sign-in, a refresh, an access token entering the refresh
//! margin (at once, and later by its timer), a refused refresh token, a sign-out, and another
//! tab's changes; and that `on_session_change` still hears other tabs only.
#![cfg(target_arch = "wasm32")]

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::prelude::*;
use wasm_bindgen_test::*;

use logto_wasm::browser::{LogtoClient, MemoryStorage, SessionEvent, Storage};
use logto_wasm::core::config::LogtoConfig;

wasm_bindgen_test_configure!(run_in_browser);

mod common;
use common::provider::{session_json, Provider, ISSUER};

#[wasm_bindgen(inline_js = r#"
export function sleep(ms) { return new Promise((resolve) => setTimeout(resolve, ms)); }
export function storageEvent(key, oldValue, newValue) {
  window.dispatchEvent(new StorageEvent('storage', { key, oldValue, newValue }));
}
"#)]
extern "C" {
    fn sleep(ms: u32) -> js_sys::Promise;
    #[wasm_bindgen(js_name = storageEvent)]
    fn storage_event(key: Option<String>, old_value: Option<String>, new_value: Option<String>);
}

const SESSION_KEY: &str = "logto:app:session";
const TRANSACTION_KEY: &str = "logto:app:transaction";
const REDIRECT_URI: &str = "http://localhost:3000/events-callback";
const API: &str = "https://api.example.com";

async fn wait(ms: u32) {
    wasm_bindgen_futures::JsFuture::from(sleep(ms)).await.expect("sleep");
}

fn now() -> i64 {
    (js_sys::Date::now() / 1000.0) as i64
}

/// A client on memory storage holding `entries`, with every event it tells recorded.
async fn recorded(config: LogtoConfig, entries: &[(&str, String)]) -> (LogtoClient, Rc<RefCell<Vec<SessionEvent>>>, logto_wasm::SessionWatch) {
    let storage = MemoryStorage::default();
    for (k, v) in entries {
        storage.set_item(k, v).await.expect("memory storage");
    }
    let client = LogtoClient::with_storage(&config, Box::new(storage)).expect("client");
    let events = Rc::new(RefCell::new(Vec::new()));
    let sink = events.clone();
    let watch = client.on_session_event(move |e| sink.borrow_mut().push(e.clone()));
    (client, events, watch)
}

fn config() -> LogtoConfig {
    LogtoConfig::new("https://logto.dev", "app")
}

fn take(events: &Rc<RefCell<Vec<SessionEvent>>>) -> Vec<SessionEvent> {
    events.borrow_mut().drain(..).collect()
}

#[wasm_bindgen_test]
async fn sign_in_refresh_and_sign_out_are_told_in_order() {
    let _provider = Provider::install();
    let (client, events, _watch) = recorded(config(), &[(TRANSACTION_KEY, common::transaction_json(REDIRECT_URI, ISSUER, now()))]).await;
    // This tab's own changes are not another tab's.
    let changes = Rc::new(RefCell::new(0));
    let count = changes.clone();
    let _change_watch = client.on_session_change(move || *count.borrow_mut() += 1);
    let callback = format!("{REDIRECT_URI}?code=c0de&state=st4te&iss=https%3A%2F%2Flogto.dev%2Foidc");
    client.handle_sign_in_callback(&callback).await.expect("sign-in");
    client.handle_sign_in_callback(&callback).await.expect("handled already");
    assert_eq!(take(&events), [SessionEvent::SignedIn { other_tab: false }], "one sign-in, told once");

    assert_eq!(client.get_access_token(Some(API), None).await.expect("refresh"), "at-new");
    assert_eq!(take(&events), [SessionEvent::TokenRefreshed { other_tab: false, resource: Some(API.into()), organization_id: None }]);
    client.get_access_token(Some(API), None).await.expect("cached");
    assert_eq!(take(&events), [], "a cached token is no event");

    client.sign_out_locally(None).await.expect("sign-out");
    assert_eq!(take(&events), [SessionEvent::SignedOut { other_tab: false }]);
    client.clear_all_tokens().await.expect("nothing left");
    assert_eq!(take(&events), [], "no session, no sign-out");
    assert_eq!(*changes.borrow(), 0, "on_session_change hears other tabs only");
}

#[wasm_bindgen_test]
async fn an_access_token_in_the_refresh_margin_is_told_once_and_the_timer_tells_the_next() {
    let _provider = Provider::install();
    // The fixture's token lives 3600 s: with a margin of 3600 s it is in the margin when stored.
    let mut at_once = config();
    at_once.refresh_margin_seconds = Some(3600);
    at_once.scopes = vec!["urn:logto:scope:organizations".into()];
    let (client, events, _watch) = recorded(at_once, &[(SESSION_KEY, session_json("rt"))]).await;
    client.get_organization_token("org-acme").await.expect("refresh");
    let told = take(&events);
    assert_eq!(told.len(), 2, "{told:?}");
    assert!(
        matches!(&told[0], SessionEvent::AccessTokenExpiring { resource: None, organization_id: Some(o), expires_at }
        if o == "org-acme" && (*expires_at - now() - 3600).abs() <= 2),
        "{told:?}"
    );
    assert!(matches!(&told[1], SessionEvent::TokenRefreshed { organization_id: Some(_), .. }), "{told:?}");
    client.get_organization_token("org-acme").await.expect("cached (the margin is the refresh's, not a new token)");
    assert!(!take(&events).iter().any(|e| matches!(e, SessionEvent::AccessTokenExpiring { .. })), "told once per token");

    // A margin 2 s short of the lifetime: told by the timer, about 2 s later.
    let mut later = config();
    later.refresh_margin_seconds = Some(3598);
    let (client, events, _watch) = recorded(later, &[(SESSION_KEY, session_json("rt"))]).await;
    client.get_access_token(Some(API), None).await.expect("refresh");
    assert!(!take(&events).iter().any(|e| matches!(e, SessionEvent::AccessTokenExpiring { .. })), "not yet in the margin");
    wait(3500).await;
    let told = take(&events);
    assert!(matches!(told.as_slice(), [SessionEvent::AccessTokenExpiring { resource: Some(r), organization_id: None, .. }] if r == API), "{told:?}");
}

#[wasm_bindgen_test]
async fn a_refused_refresh_token_is_a_sign_out_then_an_expired_session() {
    let _provider = Provider::install_refusing_grants();
    let (client, events, _watch) = recorded(config(), &[(SESSION_KEY, session_json("rt-revoked"))]).await;
    let e = client.get_access_token(Some(API), None).await.expect_err("refused");
    assert_eq!(logto_wasm::ErrorInfo::code(&e), "token.provider_error");
    assert_eq!(take(&events), [SessionEvent::SignedOut { other_tab: false }, SessionEvent::SessionExpired]);
    assert!(!client.is_authenticated().await);
}

#[wasm_bindgen_test]
async fn other_tabs_changes_are_told_as_what_they_were() {
    let (client, events, _watch) = recorded(config(), &[]).await;
    let changes = Rc::new(RefCell::new(0));
    let count = changes.clone();
    let _change_watch = client.on_session_change(move || *count.borrow_mut() += 1);
    let s = |v: &str| Some(v.to_owned());
    storage_event(s(SESSION_KEY), None, s("a"));
    storage_event(s(SESSION_KEY), s("a"), s("b"));
    storage_event(s(SESSION_KEY), s("b"), s("b"));
    storage_event(s("logto:other-app:session"), s("b"), None);
    storage_event(s(SESSION_KEY), s("b"), None);
    storage_event(None, None, None); // the whole storage cleared
    storage_event(s(SESSION_KEY), None, None); // a change whose values are not known
    let refreshed = SessionEvent::TokenRefreshed { other_tab: true, resource: None, organization_id: None };
    assert_eq!(
        take(&events),
        [
            SessionEvent::SignedIn { other_tab: true },
            refreshed.clone(),
            SessionEvent::SignedOut { other_tab: true },
            SessionEvent::SignedOut { other_tab: true },
            refreshed,
        ]
    );
    assert_eq!(*changes.borrow(), 5, "on_session_change hears the same five changes");
}

#[wasm_bindgen_test]
async fn a_dropped_watch_hears_nothing() {
    let _provider = Provider::install();
    let (client, events, watch) = recorded(config(), &[(SESSION_KEY, session_json("rt"))]).await;
    drop(watch);
    client.get_access_token(Some(API), None).await.expect("refresh");
    client.sign_out_locally(None).await.expect("sign-out");
    assert_eq!(take(&events), []);
}
