//! Locks around token refresh. Each refresh rotates the refresh token, so refreshes must not
//! overlap: [`AsyncLock`] serialises them within one client, and [`with_cross_tab_lock`]
//! across tabs and windows of the origin with the Web Locks API (`navigator.locks`).

#[allow(unused_imports)]
use crate::prelude::*;

use ::core::cell::{Cell, RefCell};
use ::core::future::Future;
use ::core::pin::Pin;
use ::core::task::{Context, Poll, Waker};
use alloc::collections::VecDeque;

use js_sys::{Function, Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

/// A FIFO async mutex for one thread.
#[derive(Default)]
pub(crate) struct AsyncLock {
    locked: Cell<bool>,
    waiters: RefCell<VecDeque<Waker>>,
}

/// Held while the lock is held.
pub(crate) struct AsyncLockGuard<'a>(&'a AsyncLock);

impl Drop for AsyncLockGuard<'_> {
    fn drop(&mut self) {
        self.0.locked.set(false);
        if let Some(w) = self.0.waiters.borrow_mut().pop_front() {
            w.wake();
        }
    }
}

struct Acquire<'a>(&'a AsyncLock);

impl<'a> Future for Acquire<'a> {
    type Output = AsyncLockGuard<'a>;
    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<AsyncLockGuard<'a>> {
        if self.0.locked.get() {
            self.0.waiters.borrow_mut().push_back(cx.waker().clone());
            Poll::Pending
        } else {
            self.0.locked.set(true);
            Poll::Ready(AsyncLockGuard(self.0))
        }
    }
}

impl AsyncLock {
    pub(crate) async fn lock(&self) -> AsyncLockGuard<'_> {
        Acquire(self).await
    }
}

/// Releases a Web Lock when dropped (also if the holding future is cancelled).
struct Release(Option<Function>);

impl Drop for Release {
    fn drop(&mut self) {
        if let Some(resolve) = self.0.take() {
            let _ = resolve.call0(&JsValue::UNDEFINED);
        }
    }
}

/// A held Web Lock; released when dropped.
pub(crate) struct WebLockGuard(#[allow(dead_code)] Release);

/// Outcome of asking for a Web Lock.
pub(crate) enum WebLock {
    Held(WebLockGuard),
    /// Not granted within the timeout.
    TimedOut,
    /// The Web Locks API is missing or refused the request.
    Unsupported,
}

fn locks_api() -> Option<(JsValue, Function)> {
    let locks = web_sys::window().and_then(|w| Reflect::get(&w.navigator(), &JsValue::from_str("locks")).ok()).filter(|l| l.is_object())?;
    let request = Reflect::get(&locks, &JsValue::from_str("request")).ok()?.dyn_into::<Function>().ok()?;
    Some((locks, request))
}

/// `AbortSignal.timeout(ms)`, where available.
fn timeout_signal(ms: u32) -> Option<JsValue> {
    let abort_signal = Reflect::get(&js_sys::global(), &JsValue::from_str("AbortSignal")).ok()?;
    let timeout = Reflect::get(&abort_signal, &JsValue::from_str("timeout")).ok()?.dyn_into::<Function>().ok()?;
    timeout.call1(&abort_signal, &JsValue::from_f64(f64::from(ms))).ok()
}

/// Asks for the Web Lock `name`, waiting at most `timeout_ms` when given.
pub(crate) async fn acquire_web_lock(name: &str, timeout_ms: Option<u32>) -> WebLock {
    let Some((locks, request)) = locks_api() else { return WebLock::Unsupported };
    let options = js_sys::Object::new();
    if let Some(ms) = timeout_ms {
        match timeout_signal(ms) {
            Some(signal) => {
                let _ = Reflect::set(&options, &JsValue::from_str("signal"), &signal);
            }
            None => return WebLock::Unsupported,
        }
    }
    let mut release_fn: Option<Function> = None;
    let released = Promise::new(&mut |resolve, _| release_fn = Some(resolve));
    let release = Release(release_fn);
    let acquired = Promise::new(&mut |resolve: Function, reject: Function| {
        let released = released.clone();
        // Called once the lock is granted, which frees it. A request that times out never calls
        // it: that leaves this closure behind (only the owner check of a duplicated tab waits
        // with a timeout, once).
        let callback = Closure::once_into_js(move |_lock: JsValue| -> JsValue {
            let _ = resolve.call0(&JsValue::UNDEFINED);
            released.into()
        });
        match request.call3(&locks, &JsValue::from_str(name), &options, &callback) {
            Ok(p) => {
                // A request that fails (timeout: AbortError; opaque origin: SecurityError) rejects,
                // and so does `acquired`: `reject` itself is the handler (a Rust closure there
                // would be left behind, with what it holds, whenever the request succeeds).
                if let Ok(catch) = Reflect::get(&p, &JsValue::from_str("catch")).and_then(|c| c.dyn_into::<Function>()) {
                    let _ = catch.call1(&p, &reject);
                }
            }
            Err(e) => {
                let _ = reject.call1(&JsValue::UNDEFINED, &e);
            }
        }
    });
    match JsFuture::from(acquired).await {
        Ok(_) => WebLock::Held(WebLockGuard(release)),
        Err(e) => {
            let name = e.dyn_ref::<js_sys::Error>().map(|e| String::from(e.name())).unwrap_or_default();
            // `AbortSignal.timeout()` rejects with a TimeoutError; an explicit abort with AbortError.
            if name == "TimeoutError" || name == "AbortError" {
                WebLock::TimedOut
            } else {
                WebLock::Unsupported
            }
        }
    }
}

/// Runs `f` holding the Web Lock `name`. Where the Web Locks API is missing (very old
/// browsers, some embedded webviews) `f` runs under the in-client lock only: each tab then
/// re-reads the refresh token before using it, and Logto tolerates reuse within 3 seconds.
pub(crate) async fn with_cross_tab_lock<T, Fut: Future<Output = T>>(name: &str, f: impl FnOnce() -> Fut) -> T {
    let guard = acquire_web_lock(name, None).await;
    let result = f().await;
    drop(guard);
    result
}
