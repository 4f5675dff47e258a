//! Component tests in headless Chromium: mount, let the tasks run, read the DOM. The client
//! uses `MemoryStorage` and nothing here reaches the network: a "stored session" is written to
//! storage before the client reads it, with an ID token that is still valid (a session is
//! only re-verified when the SDK receives it, not when it reads it back).
#![cfg(target_arch = "wasm32")]

use std::cell::Cell;
use std::future::Future;
use std::rc::Rc;

use leptos::mount::mount_to;
use leptos::prelude::*;
use logto_wasm::browser::{LogtoClient, MemoryStorage, Storage};
use logto_wasm::testing::{self, SessionBuilder};
use logto_wasm_leptos::{provide_logto, provide_logto_with_client, use_logto, use_user_info, Callback, Logto, LogtoConfig, Protected, SignInOptions};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const ENDPOINT: &str = "http://localhost:3001";
const ISSUER: &str = "http://localhost:3001/oidc";
const APP_ID: &str = "leptos-test-app";

fn config() -> LogtoConfig {
    LogtoConfig::new(ENDPOINT, APP_ID)
}

fn now() -> i64 {
    (js_sys::Date::now() / 1000.0) as i64
}

/// A stored session for `sub`, with an ID token valid for an hour and a cached access token
/// for the userinfo endpoint.
fn session_json(sub: &str) -> String {
    let claims = testing::Claims::new(ISSUER, sub, APP_ID, now(), now() + 3600).str("name", "Alice Liddell").finish();
    SessionBuilder::new(ISSUER, &testing::unsigned_id_token(&claims)).refresh_token("rt-secret").access_token(None, None, "at-userinfo", now() + 3600).to_json()
}

/// Cached provider metadata without a userinfo endpoint: `fetch_user_info` then fails before
/// any request.
fn provider_cache_json() -> String {
    testing::provider_cache(testing::metadata(ISSUER), None, now()).to_json()
}

async fn client_with(entries: &[(&str, String)]) -> LogtoClient {
    let storage = MemoryStorage::default();
    for (suffix, value) in entries {
        storage.set_item(&format!("logto:{APP_ID}:{suffix}"), value).await.unwrap();
    }
    LogtoClient::with_storage(&config(), Box::new(storage)).unwrap()
}

async fn signed_in_client() -> LogtoClient {
    client_with(&[("session", session_json("alice"))]).await
}

/// A fresh container in the page, removed by the test's end.
struct Mounted {
    root: web_sys::HtmlElement,
    /// Unmounts when dropped.
    _handle: Box<dyn std::any::Any>,
}

impl Mounted {
    fn find(&self, selector: &str) -> Option<web_sys::Element> {
        self.root.query_selector(selector).unwrap()
    }
    fn text(&self, selector: &str) -> Option<String> {
        self.find(selector).and_then(|e| e.text_content())
    }
    fn has(&self, selector: &str) -> bool {
        self.find(selector).is_some()
    }
}

impl Drop for Mounted {
    fn drop(&mut self) {
        self.root.remove();
    }
}

fn mount<F, N>(f: F) -> Mounted
where
    F: FnOnce() -> N + 'static,
    N: IntoView + 'static,
{
    let document = web_sys::window().unwrap().document().unwrap();
    let root: web_sys::HtmlElement = document.create_element("div").unwrap().unchecked_into();
    document.body().unwrap().append_child(&root).unwrap();
    let handle = mount_to(root.clone(), f);
    Mounted { root, _handle: Box::new(handle) }
}

/// Lets spawned tasks, effects and resources run: executor ticks and a macrotask.
async fn settle() {
    for _ in 0..5 {
        leptos::task::tick().await;
        let promise = js_sys::Promise::new(&mut |resolve, _| {
            web_sys::window().unwrap().set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 0).unwrap();
        });
        wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
    }
}

/// `view` mounted under a context holding `client`; the second value gets the `Logto` handle.
fn mount_with<N: IntoView + 'static>(client: LogtoClient, view: impl FnOnce() -> N + 'static) -> (Mounted, Rc<Cell<Option<Logto>>>) {
    let out = Rc::new(Cell::new(None));
    let out2 = out.clone();
    let m = mount(move || {
        out2.set(Some(provide_logto_with_client(client)));
        view()
    });
    (m, out)
}

/// [`guarded`] under a context holding `client`.
fn mount_guarded(client: LogtoClient) -> (Mounted, Rc<Cell<Option<Logto>>>) {
    mount_with(client, || guarded(Rc::new(Cell::new(None))))
}

/// The guard with recognisable loading / fallback / children views.
fn guarded(logto_out: Rc<Cell<Option<Logto>>>) -> impl IntoView {
    let logto = use_logto();
    logto_out.set(Some(logto));
    view! {
        <Protected
            loading=|| view! { <p id="loading">"Loading…"</p> }
            fallback=|| view! { <p id="fallback">"Please sign in"</p> }
        >
            <p id="secret">"Hello " <span id="sub">{move || logto.id_token_claims.get().map(|c| c.sub)}</span></p>
        </Protected>
        <p id="state">{move || format!("auth={:?} loading={}", logto.is_authenticated.get(), logto.is_loading.get())}</p>
    }
}

#[wasm_bindgen_test]
async fn signed_out_renders_the_fallback_after_loading() {
    let client = client_with(&[]).await;
    let (m, out) = mount_guarded(client);
    // The stored session has not been read yet.
    assert!(m.has("#loading"), "loading view first");
    assert!(!m.has("#fallback") && !m.has("#secret"));
    assert_eq!(m.text("#state").as_deref(), Some("auth=None loading=true"));
    settle().await;
    assert!(m.has("#fallback"), "fallback once signed out is known");
    assert!(!m.has("#secret") && !m.has("#loading"));
    assert_eq!(m.text("#state").as_deref(), Some("auth=Some(false) loading=false"));
    let logto = out.get().unwrap();
    assert!(logto.is_ready.get_untracked());
    assert_eq!(logto.error.get_untracked(), None);
}

#[wasm_bindgen_test]
async fn stored_session_renders_the_children_with_claims() {
    let client = signed_in_client().await;
    let (m, out) = mount_guarded(client);
    settle().await;
    assert!(m.has("#secret"), "children for a signed-in person");
    assert!(!m.has("#fallback") && !m.has("#loading"));
    assert_eq!(m.text("#sub").as_deref(), Some("alice"));
    assert_eq!(m.text("#state").as_deref(), Some("auth=Some(true) loading=false"));
    let claims = out.get().unwrap().id_token_claims.get_untracked().unwrap();
    assert_eq!(claims.other["name"], "Alice Liddell");
}

#[wasm_bindgen_test]
async fn clearing_the_session_swaps_children_for_fallback() {
    let client = signed_in_client().await;
    let (m, out) = mount_guarded(client);
    settle().await;
    assert!(m.has("#secret"));
    let logto = out.get().unwrap();
    logto.clear_session().await.unwrap();
    settle().await;
    assert!(m.has("#fallback"), "fallback after signing out in this tab");
    assert!(!m.has("#secret"));
    assert_eq!(logto.id_token_claims.get_untracked(), None);
    assert_eq!(m.text("#state").as_deref(), Some("auth=Some(false) loading=false"));
    assert!(logto.get_id_token().await.unwrap().is_none(), "session removed from storage");
}

#[wasm_bindgen_test]
async fn invalid_config_is_an_error_not_a_panic() {
    let out = Rc::new(Cell::new(None));
    let out2 = out.clone();
    let m = mount(move || {
        provide_logto(LogtoConfig::new(ENDPOINT, ""));
        guarded(out2)
    });
    settle().await;
    assert!(m.has("#fallback"));
    let logto = out.get().unwrap();
    let err = logto.error.get_untracked().expect("error recorded");
    assert_eq!(err.code, "config.missing_app_id");
    let err = logto.sign_in(SignInOptions::new("http://localhost:3000/callback")).await.unwrap_err();
    assert_eq!(err.code, "config.missing_app_id");
}

fn error_list(errors: ArcRwSignal<leptos::error::Errors>) -> impl IntoView {
    view! {
        <ul id="errors">
            {move || errors.get().into_iter().map(|(_, e)| view! { <li>{e.to_string()}</li> }).collect::<Vec<_>>()}
        </ul>
    }
}

#[wasm_bindgen_test]
async fn callback_failure_reaches_the_error_boundary_and_the_error_signal() {
    let client = client_with(&[]).await;
    let (m, out) = mount_with(client, || {
        view! {
            <ErrorBoundary fallback=error_list>
                <Callback url="http://localhost:3000/callback?code=c0de&state=st4te" redirect_to="/elsewhere">
                    <p id="working">"Signing you in…"</p>
                </Callback>
            </ErrorBoundary>
        }
    });
    assert!(m.has("#working"), "children while the callback is handled");
    settle().await;
    assert!(!m.has("#working"));
    let text = m.text("#errors").unwrap_or_default();
    assert!(text.contains("callback.no_pending_sign_in"), "error boundary shows the code: {text:?}");
    let logto = out.get().unwrap();
    assert_eq!(logto.error.get_untracked().map(|e| e.code).as_deref(), Some("callback.no_pending_sign_in"));
    assert_eq!(logto.is_authenticated.get_untracked(), Some(false));
    let href = web_sys::window().unwrap().location().href().unwrap();
    assert!(!href.contains("/elsewhere"), "no navigation after a failure: {href}");
}

#[wasm_bindgen_test]
async fn redirecting_guard_reports_a_sign_in_that_cannot_start() {
    let client = client_with(&[]).await;
    let (m, out) = mount_with(client, || {
        view! {
            <ErrorBoundary fallback=error_list>
                <Protected
                    should_redirect=true
                    sign_in_options=SignInOptions::new("not a url")
                    loading=|| view! { <p id="loading">"Redirecting…"</p> }
                    fallback=|| view! { <p id="fallback">"never"</p> }
                >
                    <p id="secret">"secret"</p>
                </Protected>
            </ErrorBoundary>
        }
    });
    settle().await;
    let text = m.text("#errors").unwrap_or_default();
    assert!(text.contains("sign_in.invalid_redirect_uri"), "error boundary shows the code: {text:?}");
    assert!(!m.has("#secret") && !m.has("#fallback"));
    assert_eq!(out.get().unwrap().error.get_untracked().map(|e| e.code).as_deref(), Some("sign_in.invalid_redirect_uri"));
}

#[wasm_bindgen_test]
async fn redirecting_guard_renders_children_when_signed_in() {
    let client = signed_in_client().await;
    let m = mount(move || {
        provide_logto_with_client(client);
        view! {
            <Protected should_redirect=true sign_in_options=SignInOptions::new("not a url")>
                <p id="secret">"secret"</p>
            </Protected>
        }
    });
    settle().await;
    assert!(m.has("#secret"), "no redirect for a signed-in person");
}

#[wasm_bindgen_test]
async fn user_info_gate_waits_and_reports_failures() {
    // Signed in, but the provider (cached metadata) has no userinfo endpoint.
    let client = client_with(&[("session", session_json("alice")), ("provider", provider_cache_json())]).await;
    let m = mount(move || {
        provide_logto_with_client(client);
        view! {
            <ErrorBoundary fallback=error_list>
                <Protected fetch_user_info=true loading=|| view! { <p id="loading">"Loading…"</p> }>
                    <p id="secret">{move || use_user_info().map(|u| u.0.len())}</p>
                </Protected>
            </ErrorBoundary>
        }
    });
    assert!(m.has("#loading"));
    settle().await;
    let text = m.text("#errors").unwrap_or_default();
    assert!(text.contains("userinfo.no_endpoint"), "error boundary shows the code: {text:?}");
    assert!(!m.has("#secret"));
}

#[wasm_bindgen_test]
async fn data_getters_return_errors_without_touching_the_auth_error() {
    let client = client_with(&[]).await;
    let (_m, out) = mount_guarded(client);
    settle().await;
    let logto = out.get().unwrap();
    let err = logto.get_access_token(Some("https://api.example.com")).await.unwrap_err();
    assert_eq!(err.code, "not_authenticated");
    let err = logto.fetch_user_info().await.unwrap_err();
    assert_eq!(err.code, "not_authenticated");
    assert_eq!(logto.error.get_untracked(), None);
    assert!(!logto.is_loading.get_untracked());
}

/// The provider's OAuth error survives the conversion (`invalid_grant` on a refresh is what an
/// app checks to tell "signed out by the provider" from a network error).
#[wasm_bindgen_test]
fn errors_keep_the_provider_error() {
    use logto_wasm::core::token::TokenError;
    use logto_wasm::core::ProviderError;
    let provider =
        ProviderError { error: "invalid_grant".into(), error_description: Some("grant request is invalid".into()), code: Some("oidc.invalid_grant".into()) };
    let e = logto_wasm_leptos::LogtoError::from(TokenError::Provider(provider.clone()));
    assert_eq!(e.code, "token.provider_error");
    assert_eq!(e.provider, Some(provider));
    assert_eq!(logto_wasm_leptos::LogtoError::from(TokenError::HttpStatus(502)).provider, None);
}

/// A handle whose context is gone (the owner that called `provide_logto` was cleaned up) fails
/// with `leptos.context_disposed` instead of panicking.
#[wasm_bindgen_test]
async fn a_disposed_context_is_an_error_not_a_panic() {
    let client = client_with(&[]).await;
    let owner = Owner::new();
    let logto = owner.with(|| provide_logto_with_client(client));
    assert!(logto.client().is_ok());
    owner.cleanup();
    let err = logto.client().unwrap_err();
    assert_eq!(err.code, "leptos.context_disposed");
    let err = logto.get_access_token(None).await.unwrap_err();
    assert_eq!(err.code, "leptos.context_disposed");
}

/// Storage whose reads never finish while `hang` is set (a read that a future is waiting on when
/// it is dropped).
#[derive(Default)]
struct Hanging {
    inner: MemoryStorage,
    hang: Rc<Cell<bool>>,
}

impl Storage for Hanging {
    fn get_item<'a>(&'a self, key: &'a str) -> logto_wasm::browser::storage::StorageFuture<'a, Option<String>> {
        if self.hang.get() {
            return Box::pin(std::future::pending());
        }
        self.inner.get_item(key)
    }
    fn set_item<'a>(&'a self, key: &'a str, value: &'a str) -> logto_wasm::browser::storage::StorageFuture<'a, ()> {
        self.inner.set_item(key, value)
    }
    fn remove_item<'a>(&'a self, key: &'a str) -> logto_wasm::browser::storage::StorageFuture<'a, ()> {
        self.inner.remove_item(key)
    }
}

/// An operation whose future is dropped before it finishes (a component unmounted, a `select!`
/// that took another branch) does not leave `is_loading` up for good.
#[wasm_bindgen_test]
async fn a_dropped_operation_does_not_leave_is_loading_up() {
    let hang = Rc::new(Cell::new(false));
    let storage = Hanging { inner: MemoryStorage::default(), hang: hang.clone() };
    let client = LogtoClient::with_storage(&config(), Box::new(storage)).unwrap();
    let (_m, out) = mount_guarded(client);
    settle().await;
    let logto = out.get().unwrap();
    assert!(!logto.is_loading.get_untracked(), "settled");
    hang.set(true);
    {
        let mut op = Box::pin(logto.get_access_token(Some("https://api.example.com")));
        let waker = std::task::Waker::noop();
        let poll = op.as_mut().poll(&mut std::task::Context::from_waker(waker));
        assert!(poll.is_pending(), "the storage read hangs");
        assert!(logto.is_loading.get_untracked(), "in flight");
    }
    hang.set(false);
    assert!(!logto.is_loading.get_untracked(), "the dropped operation no longer counts");
}

/// Memory storage the test keeps a handle on after the client owns it (as another tab's writes
/// land in a shared `localStorage`).
#[derive(Clone, Default)]
struct SharedMemory(Rc<MemoryStorage>);

impl Storage for SharedMemory {
    fn get_item<'a>(&'a self, key: &'a str) -> logto_wasm::browser::storage::StorageFuture<'a, Option<String>> {
        self.0.get_item(key)
    }
    fn set_item<'a>(&'a self, key: &'a str, value: &'a str) -> logto_wasm::browser::storage::StorageFuture<'a, ()> {
        self.0.set_item(key, value)
    }
    fn remove_item<'a>(&'a self, key: &'a str) -> logto_wasm::browser::storage::StorageFuture<'a, ()> {
        self.0.remove_item(key)
    }
}

/// Another tab signs out, then signs in again (its writes reach this tab as `storage` events):
/// the signals and the guard follow without any call or reload in this tab.
#[wasm_bindgen_test]
async fn the_signals_follow_another_tab() {
    let storage = SharedMemory::default();
    let key = format!("logto:{APP_ID}:session");
    storage.set_item(&key, &session_json("alice")).await.unwrap();
    let client = LogtoClient::with_storage(&config(), Box::new(storage.clone())).unwrap();
    let (m, out) = mount_guarded(client);
    settle().await;
    let logto = out.get().unwrap();
    assert_eq!(logto.is_authenticated.get_untracked(), Some(true));
    assert!(m.has("#secret"));
    let other_tab_writes = |key: &str| js_sys::eval(&format!("window.dispatchEvent(new StorageEvent('storage', {{ key: '{key}' }}))")).unwrap();

    storage.remove_item(&key).await.unwrap();
    other_tab_writes(&key);
    settle().await;
    assert_eq!(logto.is_authenticated.get_untracked(), Some(false), "signed out in the other tab");
    assert!(m.has("#fallback"), "the guard shows the fallback");

    storage.set_item(&key, &session_json("bob")).await.unwrap();
    other_tab_writes(&key);
    settle().await;
    assert_eq!(logto.is_authenticated.get_untracked(), Some(true), "signed in again in the other tab");
    assert_eq!(m.text("#sub").as_deref(), Some("bob"));
}
