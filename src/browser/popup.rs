//! Sign-in in a popup window: the page stays, the provider's pages open in a popup, and the
//! answer comes back from the popup's callback page.
//!
//! The popup is opened blank first, synchronously in the click handler (`window.open` after an
//! `await` may be blocked), then sent to the provider. Two ways bring the answer back, whichever
//! comes first:
//! - the popup's callback page (the redirect URI, on the app's origin) calls
//!   [`complete_popup_sign_in`], which posts its address on a `BroadcastChannel`: this works
//!   when a provider page sent `Cross-Origin-Opener-Policy`, which severs the popup from this
//!   page (`window.opener` is gone there, and the popup looks closed from here);
//! - a poll reads the popup's address once it is back on this origin (no COOP on the way).
//!
//! Closing is told apart from severing by what was seen before: a popup seen open on the
//! provider's origin that then looks closed was closed (rejected within half a second,
//! `popup.user_cancelled`); one that looks closed without ever having been seen on the
//! provider's origin was severed at the provider's first page (the sign-in goes on, and only
//! the callback page's message or the timeout can end it). The transaction stays in memory;
//! nothing is stored unless the sign-in succeeds.

#[allow(unused_imports)]
use crate::prelude::*;

use js_sys::Reflect;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsValue;
use web_sys::{BroadcastChannel, Window};

use crate::browser::answer::{tell_closed, AnswerWait, NoAnswer};
use crate::browser::client::LogtoClient;
use crate::browser::errors::{CallbackHandlingError, PopupError, PopupSignInError};
use crate::browser::events::SessionEvent;
use crate::browser::sign_in::Redeemed;
use crate::browser::storage::js_error_text;
use crate::core::authorize::SignInOptions;
use crate::core::callback::{is_callback_url, parse_callback, SignInTransaction};
use crate::core::error::{concat, text};

/// How long a popup sign-in waits for the user unless told otherwise: 5 minutes.
pub const POPUP_SIGN_IN_TIMEOUT_MS: u32 = 300_000;

/// The `BroadcastChannel` (same origin only, by the browser) on which a popup's callback page
/// posts its address.
const POPUP_CHANNEL: &str = "logto-wasm:popup-callback";

/// How often the popup is looked at, in milliseconds.
const POLL_MS: i32 = 200;

/// The window name of the sign-in popup: a second sign-in reuses the window.
const POPUP_NAME: &str = "logto-sign-in";

/// A popup opened for a sign-in by [`LogtoClient::open_sign_in_popup`], blank until
/// [`LogtoClient::sign_in_with_popup`] sends it to the provider. Closed when that ends.
#[derive(Debug)]
pub struct SignInPopup(Window);

impl SignInPopup {
    /// Closes the popup without signing in (e.g. the app changed its mind before
    /// [`LogtoClient::sign_in_with_popup`]).
    pub fn close(self) {
        let _ = self.0.close();
    }
}

fn unavailable(e: JsValue) -> PopupError {
    PopupError::Unavailable(js_error_text(&e))
}

impl LogtoClient {
    /// Opens a blank popup for a sign-in. Call it synchronously in the click (or key) handler
    /// that starts the sign-in: browsers block `window.open` without a user gesture. Fails
    /// with `popup.blocked` when the browser blocked it.
    pub fn open_sign_in_popup(&self) -> Result<SignInPopup, PopupError> {
        let window = web_sys::window().ok_or_else(|| PopupError::Unavailable("no window".into()))?;
        // Centred on this window.
        let (width, height) = (480u32, 720u32);
        let size = |v: Result<JsValue, JsValue>| v.ok().and_then(|v| v.as_f64()).unwrap_or(0.0);
        let left = size(window.screen_x()) + (size(window.outer_width()) - f64::from(width)) / 2.0;
        let top = size(window.screen_y()) + (size(window.outer_height()) - f64::from(height)) / 2.0;
        let features = concat(&[
            "popup,width=",
            &text(&width),
            ",height=",
            &text(&height),
            ",left=",
            &text(&(left.max(0.0) as u32)),
            ",top=",
            &text(&(top.max(0.0) as u32)),
        ]);
        window.open_with_url_and_target_and_features("", POPUP_NAME, &features).map_err(unavailable)?.map(SignInPopup).ok_or(PopupError::Blocked)
    }

    /// Signs in in `popup` (from [`Self::open_sign_in_popup`]): the authorization request (the
    /// options as for [`Self::start_sign_in`], `post_redirect_uri` and `clear_tokens` aside)
    /// goes to the popup, whose answer at `options.redirect_uri` comes back (see the module
    /// documentation); the page stays. On success the new session replaces the old one and
    /// `SignedIn` is told. The popup is closed when it ends.
    ///
    /// Fails with `popup.user_cancelled` when the user closed the popup, `popup.timeout` after
    /// `timeout_ms` (also how a popup closed after a provider page severed it ends), the
    /// callback's codes (`callback.provider_error` for `access_denied`, ...) and those of the
    /// code exchange. Nothing is stored when it fails, and the current session, if any, stays.
    /// Concurrent calls share one sign-in.
    pub async fn sign_in_with_popup(&self, popup: SignInPopup, options: &SignInOptions, timeout_ms: u32) -> Result<(), PopupSignInError> {
        let options = SignInOptions { post_redirect_uri: None, clear_tokens: Some(false), ..options.clone() };
        let result = self
            .inner
            .popup_flight
            .run("", || async {
                let (url, txn) = self.authorization(&options).await?;
                popup.0.location().set_href(&url).map_err(unavailable)?;
                let answer = popup_answer(&popup.0, &txn, timeout_ms).await?;
                let code = parse_callback(&answer, &txn).map_err(CallbackHandlingError::from)?;
                let metadata = self.inner.metadata().await.map_err(CallbackHandlingError::from)?;
                self.redeem_code(&metadata, &code, &txn, Redeemed::Session { silent: false }).await?;
                self.notify(SessionEvent::SignedIn { other_tab: false });
                Ok(())
            })
            .await;
        let _ = popup.0.close();
        result
    }
}

/// The channel's message handler unset and the channel closed when this is dropped.
struct Channel(BroadcastChannel);

impl Drop for Channel {
    fn drop(&mut self) {
        let _ = Reflect::set(&self.0, &JsValue::from_str("onmessage"), &JsValue::NULL);
        self.0.close();
    }
}

/// Waits for `popup`'s answer to `txn`: posted on the channel by its callback page, or read
/// from its address once it is back on this origin.
async fn popup_answer(popup: &Window, txn: &SignInTransaction, timeout_ms: u32) -> Result<String, PopupError> {
    let window = web_sys::window().ok_or_else(|| PopupError::Unavailable("no window".into()))?;
    let channel = Channel(BroadcastChannel::new(POPUP_CHANNEL).map_err(unavailable)?);
    let mut wait = AnswerWait::new(&window, timeout_ms).map_err(unavailable)?;
    let (resolve, reject) = wait.settlers();

    let (heard, for_message) = (resolve.clone(), txn.clone());
    let on_message = wait.watch(Closure::new(move |event: JsValue| {
        // Another sign-in's answer (another tab's popup) is not this one's.
        if let Some(url) = Reflect::get(&event, &JsValue::from_str("data")).ok().and_then(|d| d.as_string()) {
            if for_message.is_answered_by(&url) {
                let _ = heard.call1(&JsValue::UNDEFINED, &JsValue::from_str(&url));
            }
        }
    }));
    Reflect::set(&channel.0, &JsValue::from_str("onmessage"), &on_message).map_err(unavailable)?;

    let (watched, for_poll) = (popup.clone(), txn.clone());
    // Seen open on another origin (the provider's), and for how many polls it has looked closed.
    let (mut seen_away, mut closed_polls) = (false, 0u8);
    wait.every(
        POLL_MS,
        Closure::new(move |_: JsValue| {
            if watched.closed().unwrap_or(true) {
                // Closed, or severed by COOP at the provider's first page: only what was seen
                // before tells. One more poll lets a message posted just before closing arrive.
                if seen_away {
                    closed_polls += 1;
                    if closed_polls > 1 {
                        tell_closed(&reject);
                    }
                }
                return;
            }
            match watched.location().href() {
                Ok(href) if for_poll.is_answered_by(&href) => {
                    let _ = resolve.call1(&JsValue::UNDEFINED, &JsValue::from_str(&href));
                }
                // Blank still, or back on this origin on another page.
                Ok(_) => {}
                Err(_) => seen_away = true,
            }
        }),
    )
    .map_err(unavailable)?;

    let answer = wait.answer().await;
    drop(channel);
    answer.map_err(|no| match no {
        NoAnswer::Closed => PopupError::UserCancelled,
        NoAnswer::Timeout => PopupError::Timeout,
    })
}

/// For the popup's callback page (the redirect URI of [`LogtoClient::sign_in_with_popup`]):
/// posts `url` (the page's address) to the page that started the sign-in, then closes the
/// popup. Returns false, posting nothing, when `url` is no sign-in callback (a `code` or an
/// `error`, and a `state`). The opener accepts only the answer to its own sign-in.
/// (`completePopupSignIn()` in JavaScript.)
pub fn complete_popup_sign_in(url: &str) -> Result<bool, PopupError> {
    if !is_callback_url(url, None) {
        return Ok(false);
    }
    let channel = Channel(BroadcastChannel::new(POPUP_CHANNEL).map_err(unavailable)?);
    channel.0.post_message(&JsValue::from_str(url)).map_err(unavailable)?;
    drop(channel);
    if let Some(window) = web_sys::window() {
        let _ = window.close();
    }
    Ok(true)
}
