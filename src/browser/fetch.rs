//! Sends a core [`HttpRequest`] with `fetch`: no cookies, no referrer, no redirects followed,
//! no HTTP cache.

use js_sys::{Promise, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::{Headers, ReferrerPolicy, Request, RequestCache, RequestCredentials, RequestInit, RequestMode, RequestRedirect, Response};

use crate::browser::storage::js_error_text;
use crate::core::error::TransportError;
use crate::core::http::{HttpRequest, HttpResponse};

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
    let buffer = JsFuture::from(response.array_buffer().map_err(fail)?).await.map_err(fail)?;
    Ok(HttpResponse { status, body: Uint8Array::new(&buffer).to_vec() })
}
