//! Waiting for a sign-in's answer from another window — a hidden frame (silent sign-in) or a
//! popup: a Promise that its watchers (load events, a poll, a message channel) settle, with a
//! timeout. Every timer is cleared and every watcher freed when the wait ends or is dropped.

#[allow(unused_imports)]
use crate::prelude::*;

use js_sys::{Function, Promise};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::Window;

/// How a wait for an answer ended without one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum NoAnswer {
    /// The timeout passed.
    Timeout,
    /// The window was closed (a popup the user closed).
    Closed,
}

/// A watcher: called by the browser with an event (or nothing), it may settle the wait.
pub(crate) type Watcher = Closure<dyn FnMut(JsValue)>;

/// A pending answer: settled with the callback URL (the `resolve` of [`Self::settlers`]), a
/// closed window ([`tell_closed`]) or the timeout.
pub(crate) struct AnswerWait {
    promise: Promise,
    resolve: Function,
    reject: Function,
    window: Window,
    timers: Vec<i32>,
    watchers: Vec<Watcher>,
}

impl Drop for AnswerWait {
    fn drop(&mut self) {
        // One pool of IDs for timeouts and intervals (HTML §8.6): clearTimeout clears both.
        for t in &self.timers {
            self.window.clear_timeout_with_handle(*t);
        }
    }
}

impl AnswerWait {
    /// A wait that ends on its own after `timeout_ms`.
    pub(crate) fn new(window: &Window, timeout_ms: u32) -> Result<AnswerWait, JsValue> {
        let mut functions = None;
        let promise = Promise::new(&mut |resolve, reject| functions = Some((resolve, reject)));
        let (resolve, reject) = functions.ok_or_else(|| JsValue::from_str("the Promise executor did not run"))?;
        let mut wait = AnswerWait { promise, resolve, reject, window: window.clone(), timers: Vec::new(), watchers: Vec::new() };
        let reject = wait.reject.clone();
        let on_timeout = wait.watch(Closure::new(move |_: JsValue| {
            let _ = reject.call1(&JsValue::UNDEFINED, &JsValue::FALSE);
        }));
        let delay = i32::try_from(timeout_ms).unwrap_or(i32::MAX);
        let timer = window.set_timeout_with_callback_and_timeout_and_arguments_0(&on_timeout, delay)?;
        wait.timers.push(timer);
        Ok(wait)
    }

    /// The functions that settle the wait: `resolve(url)`, and the `reject` that [`tell_closed`]
    /// calls for a closed window.
    pub(crate) fn settlers(&self) -> (Function, Function) {
        (self.resolve.clone(), self.reject.clone())
    }

    /// Keeps `watcher` alive as long as the wait; returns it as the JS function to install.
    pub(crate) fn watch(&mut self, watcher: Watcher) -> Function {
        let f = watcher.as_ref().unchecked_ref::<Function>().clone();
        self.watchers.push(watcher);
        f
    }

    /// Calls `watcher` every `ms` milliseconds while the wait lasts.
    pub(crate) fn every(&mut self, ms: i32, watcher: Watcher) -> Result<(), JsValue> {
        let f = self.watch(watcher);
        let timer = self.window.set_interval_with_callback_and_timeout_and_arguments_0(&f, ms)?;
        self.timers.push(timer);
        Ok(())
    }

    /// The callback URL, or why none came.
    pub(crate) async fn answer(self) -> Result<String, NoAnswer> {
        let settled = JsFuture::from(self.promise.clone()).await;
        drop(self);
        match settled {
            Ok(v) => v.as_string().ok_or(NoAnswer::Timeout),
            Err(reason) if reason.is_truthy() => Err(NoAnswer::Closed),
            Err(_) => Err(NoAnswer::Timeout),
        }
    }
}

/// Tells a wait that its window was closed (the `reject` of [`AnswerWait::settlers`]).
pub(crate) fn tell_closed(reject: &Function) {
    let _ = reject.call1(&JsValue::UNDEFINED, &JsValue::TRUE);
}
