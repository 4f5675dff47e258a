//! Sends a core [`HttpRequest`] with `fetch`: no cookies, no referrer, no redirects followed,
//! no HTTP cache, and no more of the body read than the core accepts.

#[allow(unused_imports)]
use crate::prelude::*;

use js_sys::{Promise, Reflect, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    Headers, ReadableStreamDefaultReader, ReferrerPolicy, Request, RequestCache, RequestCredentials, RequestInit, RequestMode, RequestRedirect, Response,
};

use crate::browser::storage::js_error_text;
use crate::core::error::TransportError;
use crate::core::http::{HttpRequest, HttpResponse, MAX_BODY_LEN};

#[wasm_bindgen]
extern "C" {
    /// The global `fetch`, in windows and workers alike.
    #[wasm_bindgen(js_name = fetch)]
    fn global_fetch(request: &Request) -> Promise;
}

/// Sends the request. Only a failure to get any response is an error here; HTTP error
/// statuses are for the core's parsers to judge.
pub(crate) async fn send(request: &HttpRequest) -> Result<HttpResponse, TransportError> {
    let fail = |e: JsValue| TransportError::Network { url: request.url.clone(), reason: js_error_text(&e) };
    let init = RequestInit::new();
    init.set_method(request.method.as_str());
    init.set_credentials(RequestCredentials::Omit);
    init.set_redirect(RequestRedirect::Error);
    init.set_cache(RequestCache::NoStore);
    init.set_mode(RequestMode::Cors);
    init.set_referrer_policy(ReferrerPolicy::NoReferrer);
    let headers = Headers::new().map_err(fail)?;
    for (name, value) in &request.headers {
        headers.set(name, value).map_err(fail)?;
    }
    init.set_headers(&headers);
    if let Some(body) = &request.body {
        init.set_body(&JsValue::from_str(body));
    }
    let req = Request::new_with_str_and_init(&request.url, &init).map_err(fail)?;
    let response: Response = JsFuture::from(global_fetch(&req)).await.map_err(fail)?.dyn_into().map_err(fail)?;
    let status = response.status();
    // Readable cross-origin only when the server exposes it (oidc-provider does, RFC 9449 §8).
    let dpop_nonce = response.headers().get("dpop-nonce").ok().flatten();
    let body = read_body(&response, MAX_BODY_LEN.saturating_add(1)).await.map_err(fail)?;
    Ok(HttpResponse { status, body, dpop_nonce })
}

/// Reads the body up to `limit` bytes, then cancels the stream: a provider cannot make the
/// browser download (and hold) more than that. A body cut at `limit` (one byte over the core's
/// [`MAX_BODY_LEN`]) is refused by the core's parsers as too large.
async fn read_body(response: &Response, limit: usize) -> Result<Vec<u8>, JsValue> {
    let Some(stream) = response.body() else { return Ok(Vec::new()) };
    let reader: ReadableStreamDefaultReader = stream.get_reader().unchecked_into();
    let mut body = Vec::new();
    loop {
        let chunk = JsFuture::from(reader.read()).await?;
        if Reflect::get(&chunk, &JsValue::from_str("done"))?.is_truthy() {
            return Ok(body);
        }
        let value: Uint8Array = Reflect::get(&chunk, &JsValue::from_str("value"))?.dyn_into()?;
        let room = u32::try_from(limit.saturating_sub(body.len())).unwrap_or(u32::MAX);
        body.extend(value.subarray(0, value.length().min(room)).to_vec());
        if body.len() >= limit {
            // The rest is not wanted; a failure to cancel changes nothing for the caller.
            let _ = JsFuture::from(reader.cancel()).await;
            return Ok(body);
        }
    }
}
