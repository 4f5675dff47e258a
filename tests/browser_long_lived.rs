//! A tab that stays open for days, in headless Chromium: many refreshes, cached token reads,
//! sign-out / sign-in cycles and client creations in one page (1 000 forced refreshes, 100 000
//! cached `getAccessToken` reads, 200 cycles each with a new client). WebAssembly memory only grows
//! and a JS value handed to a closure that never runs is held for good, so each cycle must let
//! go of what it took: the count of live JS values the wasm holds
//! (`wasm_bindgen::externref_heap_live_count`) and the wasm memory must level off. The provider is
//! the `fetch` stub of `common::provider`.
#![cfg(target_arch = "wasm32")]

use wasm_bindgen_test::*;

use logto_wasm::browser::{LogtoClient, Storage, StorageKind, WebStorage};
use logto_wasm::core::config::LogtoConfig;

wasm_bindgen_test_configure!(run_in_browser);

mod common;

use common::provider::{session_json, Provider};

const SESSION_KEY: &str = "logto:app:session";
const API: &str = "https://api.example.com";

fn config() -> LogtoConfig {
    LogtoConfig::new("https://logto.dev", "app")
}

/// Live JS values held by the wasm, and the wasm memory in 64 KiB pages.
fn held() -> (u32, f64) {
    let memory: js_sys::WebAssembly::Memory = wasm_bindgen::memory().into();
    let bytes = js_sys::Reflect::get(&memory.buffer(), &"byteLength".into()).ok().and_then(|b| b.as_f64()).unwrap_or(0.0);
    (wasm_bindgen::externref_heap_live_count(), bytes / 65536.0)
}

/// Runs `cycle` `warm_up` times, then `n` times, and returns what was held after the warm-up and
/// after the `n` cycles.
async fn measure<F: std::future::Future<Output = ()>>(warm_up: u32, n: u32, mut cycle: impl FnMut(u32) -> F) -> ((u32, f64), (u32, f64)) {
    for i in 0..warm_up {
        cycle(i).await;
    }
    let before = held();
    for i in 0..n {
        cycle(warm_up + i).await;
    }
    (before, held())
}

/// The bound: a handful of JS values and one page of memory (the allocator's slack), whatever
/// the number of cycles.
fn assert_levels_off(what: &str, n: u32, (before, after): ((u32, f64), (u32, f64))) {
    console_log!("{what}: live JS values {} -> {}, wasm memory {} -> {} pages of 64 KiB", before.0, after.0, before.1, after.1);
    assert!(after.0 <= before.0 + 8, "{what}: live JS values {} after the warm-up, {} after {n} more", before.0, after.0);
    assert!(after.1 <= before.1 + 1.0, "{what}: wasm memory {} pages after the warm-up, {} after {n} more", before.1, after.1);
}

#[wasm_bindgen_test]
async fn refreshes_and_cached_reads_level_off() {
    let _provider = Provider::install();
    let local = WebStorage(StorageKind::Local);
    local.set_item(SESSION_KEY, &session_json("rt-0")).await.expect("a session");
    let client = LogtoClient::with_storage(&config(), Box::new(WebStorage(StorageKind::Local))).expect("client");
    // A refresh each cycle: the cached token is dropped, then renewed (Web Lock, fetch, ID-token
    // verification with WebCrypto, IndexedDB and localStorage writes).
    let refreshes = measure(10, 1_000, |_| {
        let client = client.clone();
        async move {
            client.clear_access_token().await.expect("cleared");
            client.get_access_token(Some(API), None).await.expect("refreshed");
        }
    })
    .await;
    let cached = measure(1_000, 100_000, |_| {
        let client = client.clone();
        async move {
            assert!(client.cached_access_token(Some(API), None).is_some());
        }
    })
    .await;
    let _ = client.clear_all_tokens().await;
    assert_levels_off("1 000 refreshes", 1_000, refreshes);
    assert_levels_off("100 000 cached reads", 100_000, cached);
}

#[wasm_bindgen_test]
async fn sign_out_sign_in_cycles_and_client_creations_level_off() {
    let _provider = Provider::install();
    let cycles = measure(10, 200, |i| async move {
        let local = WebStorage(StorageKind::Local);
        local.set_item(SESSION_KEY, &session_json(&format!("rt-{i}"))).await.expect("signed in");
        let client = LogtoClient::with_storage(&config(), Box::new(WebStorage(StorageKind::Local))).expect("client");
        assert!(client.get_id_token().await.expect("read").is_some());
        client.sign_out_locally(None).await.expect("signed out");
        assert_eq!(client.get_id_token().await.expect("read"), None);
    })
    .await;
    assert_levels_off("200 sign-in / sign-out cycles, each with a new client", 200, cycles);
}
