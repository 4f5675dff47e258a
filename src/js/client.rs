//! `LogtoClient` for JavaScript: the `@logto/browser` API, each async method a Promise.

#[allow(unused_imports)]
use crate::prelude::*;

use js_sys::Promise;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::future_to_promise;

use crate::browser::{complete_popup_sign_in, LogtoClient, SessionEvent, SessionWatch, POPUP_SIGN_IN_TIMEOUT_MS, SILENT_SIGN_IN_TIMEOUT_MS};
use crate::js::error::to_js;
use crate::js::options::{optional_string, read_config, read_options_with_timeout, read_sign_in_options, required_string, to_plain_js};

/// The Logto client. Mirrors `@logto/browser`'s `LogtoClient`, also as the package's default
/// export; no `init()` is needed (the package entry loads the WebAssembly module with the first
/// client, and the async methods wait for it).
#[wasm_bindgen(js_name = LogtoClient)]
pub struct JsLogtoClient {
    client: LogtoClient,
    /// The subscription of `onSessionEvent` (the package entry's `addEventListener`).
    events: Option<SessionWatch>,
}

type JsFuture = ::core::pin::Pin<Box<dyn ::core::future::Future<Output = Result<JsValue, JsValue>>>>;

/// Every method's future goes through one boxed type, so `future_to_promise` is instantiated
/// once rather than once per method (each instantiation is kilobytes of wasm).
fn promise<F>(f: F) -> Promise
where
    F: ::core::future::Future<Output = Result<JsValue, JsValue>> + 'static,
{
    to_promise(Box::pin(f))
}

#[inline(never)]
fn to_promise(f: JsFuture) -> Promise {
    future_to_promise(f)
}

#[wasm_bindgen]
extern "C" {
    /// The package entry's callback for session events: `(type, otherTab, resource,
    /// organizationId, expiresAt)`, the last three `undefined` where they do not apply. Scalars
    /// rather than an object built here: one call, no property writes from the wasm.
    pub type SessionEventCallback;
    #[wasm_bindgen(method, js_name = call)]
    fn tell(
        this: &SessionEventCallback,
        this_arg: &JsValue,
        event: &str,
        other_tab: bool,
        resource: Option<&str>,
        organization_id: Option<&str>,
        expires_at: Option<f64>,
    );
}

#[wasm_bindgen(js_class = LogtoClient)]
impl JsLogtoClient {
    /// Creates a client. An invalid config throws `LogtoError` (`config.*`) here once the module
    /// is loaded; before that, it rejects every method call.
    #[wasm_bindgen(constructor)]
    pub fn new(#[wasm_bindgen(unchecked_param_type = "LogtoConfig")] config: JsValue) -> Result<JsLogtoClient, JsValue> {
        let (config, storage) = read_config(&config)?;
        let client = LogtoClient::with_storage(&config, storage).map_err(|e| to_js(&e))?;
        Ok(JsLogtoClient { client, events: None })
    }

    /// Starts a sign-in and navigates to the provider: `signIn(redirectUri)` or `signIn(options)`.
    #[wasm_bindgen(js_name = signIn, unchecked_return_type = "Promise<void>")]
    pub fn sign_in(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string | SignInOptions")] options: JsValue,
        #[wasm_bindgen(js_name = interactionMode, unchecked_optional_param_type = "InteractionMode")] interaction_mode: Option<JsValue>,
        #[wasm_bindgen(js_name = loginHint, unchecked_optional_param_type = "string")] login_hint: Option<String>,
    ) -> Promise {
        let client = self.client.clone();
        let login_hint = login_hint.map(JsValue::from).unwrap_or(JsValue::UNDEFINED);
        let parsed = read_sign_in_options(&options, &interaction_mode.unwrap_or(JsValue::UNDEFINED), &login_hint);
        promise(async move {
            client.sign_in(&parsed?).await.map_err(|e| to_js(&e))?;
            Ok(JsValue::UNDEFINED)
        })
    }

    /// Prepares a sign-in like `signIn` and resolves to the authorization URL instead of navigating.
    #[wasm_bindgen(js_name = getSignInUrl, unchecked_return_type = "Promise<string>")]
    pub fn get_sign_in_url(&self, #[wasm_bindgen(unchecked_param_type = "string | SignInOptions")] options: JsValue) -> Promise {
        let client = self.client.clone();
        let parsed = read_sign_in_options(&options, &JsValue::UNDEFINED, &JsValue::UNDEFINED);
        promise(async move {
            let url = client.start_sign_in(&parsed?).await.map_err(|e| to_js(&e))?;
            Ok(JsValue::from(url))
        })
    }

    /// Signs in without showing anything when the user is still signed in at the provider
    /// (`prompt=none` in a hidden frame; see the README's "Silent sign-in"). Rejects with
    /// `callback.login_required` when not, `silent_sign_in.timeout` when the provider answered
    /// with a page; nothing is stored then.
    #[wasm_bindgen(js_name = signInSilently, unchecked_return_type = "Promise<void>")]
    pub fn sign_in_silently(&self, #[wasm_bindgen(unchecked_param_type = "string | SilentSignInOptions")] options: JsValue) -> Promise {
        let client = self.client.clone();
        let parsed = read_options_with_timeout(&options, SILENT_SIGN_IN_TIMEOUT_MS, 600);
        promise(async move {
            let (options, timeout_ms) = parsed?;
            client.sign_in_silently(&options, timeout_ms).await.map_err(|e| to_js(&e))?;
            Ok(JsValue::UNDEFINED)
        })
    }

    /// Signs in in a popup window; the page stays. Call it from a click handler (the popup is
    /// opened at once: browsers block it later). Rejects with `popup.blocked`,
    /// `popup.user_cancelled` or `popup.timeout`; nothing is stored then. The popup's callback
    /// page (`redirectUri`) calls `completePopupSignIn()`.
    #[wasm_bindgen(js_name = signInWithPopup, unchecked_return_type = "Promise<void>")]
    pub fn sign_in_with_popup(&self, #[wasm_bindgen(unchecked_param_type = "string | PopupSignInOptions")] options: JsValue) -> Promise {
        let client = self.client.clone();
        let parsed = read_options_with_timeout(&options, POPUP_SIGN_IN_TIMEOUT_MS, 3600);
        // Opened now, in the caller's gesture; closed again if the options are refused.
        let popup = client.open_sign_in_popup();
        promise(async move {
            let popup = popup.map_err(|e| to_js(&e))?;
            let (options, timeout_ms) = match parsed {
                Ok(p) => p,
                Err(e) => {
                    popup.close();
                    return Err(e);
                }
            };
            client.sign_in_with_popup(popup, &options, timeout_ms).await.map_err(|e| to_js(&e))?;
            Ok(JsValue::UNDEFINED)
        })
    }

    /// A DPoP proof (RFC 9449 §7) for the app's own request to an API, with config `dpop`: send
    /// `Authorization: DPoP <accessToken>` and `DPoP: <proof>`. `nonce` is the API's
    /// `DPoP-Nonce` when it asked for one.
    #[wasm_bindgen(js_name = createDpopProof, unchecked_return_type = "Promise<string>")]
    pub fn create_dpop_proof(&self, #[wasm_bindgen(unchecked_param_type = "DpopProofOptions")] options: JsValue) -> Promise {
        let client = self.client.clone();
        let member = |name: &str| js_sys::Reflect::get(&options, &JsValue::from_str(name)).unwrap_or(JsValue::UNDEFINED);
        let read = (|| {
            Ok::<_, JsValue>((
                required_string(&member("method"), "options.method")?,
                required_string(&member("url"), "options.url")?,
                optional_string(&member("accessToken"), "options.accessToken")?,
                optional_string(&member("nonce"), "options.nonce")?,
            ))
        })();
        promise(async move {
            let (method, url, access_token, nonce) = read?;
            let proof = client.create_dpop_proof(&method, &url, access_token.as_deref(), nonce.as_deref()).await.map_err(|e| to_js(&e))?;
            Ok(JsValue::from(proof))
        })
    }

    /// Calls `callback(type, otherTab, resource, organizationId, expiresAt)` with every session
    /// event (the package entry's `addEventListener` dispatches them): `type` is `signedIn`,
    /// `signedOut`, `tokenRefreshed`, `accessTokenExpiring` or `sessionExpired`. Replaces an
    /// earlier callback.
    #[wasm_bindgen(js_name = onSessionEvent, skip_typescript)]
    pub fn on_session_event(&mut self, callback: SessionEventCallback) {
        self.events = Some(self.client.on_session_event(move |event| {
            let (resource, organization_id, expires_at) = match event {
                SessionEvent::TokenRefreshed { resource, organization_id, .. } => (resource.as_deref(), organization_id.as_deref(), None),
                SessionEvent::AccessTokenExpiring { resource, organization_id, expires_at } => {
                    (resource.as_deref(), organization_id.as_deref(), Some(*expires_at as f64))
                }
                _ => (None, None, None),
            };
            callback.tell(&JsValue::NULL, event.name(), event.other_tab(), resource, organization_id, expires_at);
        }));
    }

    /// Whether `url` is a sign-in callback URL (a `code` or `error`, and a `state`). Synchronous,
    /// also before the module is loaded.
    #[wasm_bindgen(js_name = isSignInRedirected)]
    pub fn is_sign_in_redirected(&self, url: &str) -> bool {
        self.client.is_sign_in_redirected(url)
    }

    /// Completes the sign-in from the callback URL (usually `window.location.href`).
    #[wasm_bindgen(js_name = handleSignInCallback, unchecked_return_type = "Promise<void>")]
    pub fn handle_sign_in_callback(&self, #[wasm_bindgen(js_name = callbackUri, unchecked_param_type = "string")] callback_uri: JsValue) -> Promise {
        let client = self.client.clone();
        promise(async move {
            let url = required_string(&callback_uri, "callbackUri")?;
            client.handle_sign_in_callback(&url).await.map_err(|e| to_js(&e))?;
            Ok(JsValue::UNDEFINED)
        })
    }

    /// Whether the user is signed in.
    #[wasm_bindgen(js_name = isAuthenticated, unchecked_return_type = "Promise<boolean>")]
    pub fn is_authenticated(&self) -> Promise {
        let client = self.client.clone();
        promise(async move { Ok(JsValue::from_bool(client.is_authenticated().await)) })
    }

    /// The raw ID token, or `null`.
    #[wasm_bindgen(js_name = getIdToken, unchecked_return_type = "Promise<string | null>")]
    pub fn get_id_token(&self) -> Promise {
        let client = self.client.clone();
        promise(async move {
            let token = client.get_id_token().await.map_err(|e| to_js(&e))?;
            Ok(token.map(JsValue::from).unwrap_or(JsValue::NULL))
        })
    }

    /// The verified ID-token claims. Rejects with `not_authenticated` when signed out.
    #[wasm_bindgen(js_name = getIdTokenClaims, unchecked_return_type = "Promise<IdTokenClaims>")]
    pub fn get_id_token_claims(&self) -> Promise {
        let client = self.client.clone();
        promise(async move {
            let claims = client.get_id_token_claims_object().await.map_err(|e| to_js(&e))?;
            Ok(to_plain_js(&claims))
        })
    }

    /// How the session gets its next access tokens: `'refreshToken'`, `'silentSignIn'` (a
    /// session from `signInSilently` without a refresh token) or `'none'`; `null` when signed out.
    #[wasm_bindgen(js_name = getSessionRenewal, unchecked_return_type = "Promise<SessionRenewal | null>")]
    pub fn get_session_renewal(&self) -> Promise {
        let client = self.client.clone();
        promise(async move {
            let renewal = client.session_renewal().await.map_err(|e| to_js(&e))?;
            Ok(renewal.map(|r| JsValue::from_str(r.as_str())).unwrap_or(JsValue::NULL))
        })
    }

    /// The refresh token, or `null`.
    #[wasm_bindgen(js_name = getRefreshToken, unchecked_return_type = "Promise<string | null>")]
    pub fn get_refresh_token(&self) -> Promise {
        let client = self.client.clone();
        promise(async move {
            let token = client.get_refresh_token().await.map_err(|e| to_js(&e))?;
            Ok(token.map(JsValue::from).unwrap_or(JsValue::NULL))
        })
    }

    /// Forgets every token locally.
    #[wasm_bindgen(js_name = clearAllTokens, unchecked_return_type = "Promise<void>")]
    pub fn clear_all_tokens(&self) -> Promise {
        let client = self.client.clone();
        promise(async move {
            client.clear_all_tokens().await.map_err(|e| to_js(&e))?;
            Ok(JsValue::UNDEFINED)
        })
    }

    /// Signs out: clears local state, revokes the refresh token, and navigates to the
    /// provider's end-session endpoint (then to `postLogoutRedirectUri`). With
    /// `{ localOnly: true }` it stays on the page (no end-session redirect).
    #[wasm_bindgen(js_name = signOut, unchecked_return_type = "Promise<void>")]
    pub fn sign_out(
        &self,
        #[wasm_bindgen(js_name = postLogoutRedirectUri, unchecked_optional_param_type = "string | null")] post_logout_redirect_uri: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "SignOutOptions")] options: JsValue,
    ) -> Promise {
        let client = self.client.clone();
        promise(async move {
            let uri = optional_string(&post_logout_redirect_uri, "postLogoutRedirectUri")?;
            let local_only = js_sys::Reflect::get(&options, &JsValue::from_str("localOnly")).map(|v| v.is_truthy()).unwrap_or(false);
            if local_only {
                client.sign_out_locally(uri.as_deref()).await.map_err(|e| to_js(&e))?;
            } else {
                client.sign_out(uri.as_deref()).await.map_err(|e| to_js(&e))?;
            }
            Ok(JsValue::UNDEFINED)
        })
    }

    /// An access token for an API resource and/or organization (cached, refreshed ahead of expiry).
    #[wasm_bindgen(js_name = getAccessToken, unchecked_return_type = "Promise<string>")]
    pub fn get_access_token(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "string")] resource: JsValue,
        #[wasm_bindgen(js_name = organizationId, unchecked_optional_param_type = "string")] organization_id: JsValue,
    ) -> Promise {
        // Hot path: a cached token resolves at once, without the async machinery.
        if let (Ok(r), Ok(o)) = (optional_string(&resource, "resource"), optional_string(&organization_id, "organizationId")) {
            if let Some(token) = self.client.cached_access_token(r.as_deref(), o.as_deref()) {
                return Promise::resolve(&JsValue::from(token));
            }
        }
        let client = self.client.clone();
        promise(async move {
            let resource = optional_string(&resource, "resource")?;
            let org = optional_string(&organization_id, "organizationId")?;
            let token = client.get_access_token(resource.as_deref(), org.as_deref()).await.map_err(|e| to_js(&e))?;
            Ok(JsValue::from(token))
        })
    }

    /// The decoded claims of the access token for `resource` (not verified: your API does that).
    #[wasm_bindgen(js_name = getAccessTokenClaims, unchecked_return_type = "Promise<AccessTokenClaims>")]
    pub fn get_access_token_claims(&self, #[wasm_bindgen(unchecked_optional_param_type = "string")] resource: JsValue) -> Promise {
        let client = self.client.clone();
        promise(async move {
            let resource = optional_string(&resource, "resource")?;
            let claims = client.get_access_token_claims(resource.as_deref()).await.map_err(|e| to_js(&e))?;
            Ok(to_plain_js(&claims))
        })
    }

    /// An organization token (`aud` = `urn:logto:organization:<id>`).
    #[wasm_bindgen(js_name = getOrganizationToken, unchecked_return_type = "Promise<string>")]
    pub fn get_organization_token(&self, #[wasm_bindgen(js_name = organizationId, unchecked_param_type = "string")] organization_id: JsValue) -> Promise {
        let client = self.client.clone();
        promise(async move {
            let org = required_string(&organization_id, "organizationId")?;
            Ok(JsValue::from(client.get_organization_token(&org).await.map_err(|e| to_js(&e))?))
        })
    }

    /// The decoded claims of an organization token.
    #[wasm_bindgen(js_name = getOrganizationTokenClaims, unchecked_return_type = "Promise<AccessTokenClaims>")]
    pub fn get_organization_token_claims(
        &self,
        #[wasm_bindgen(js_name = organizationId, unchecked_param_type = "string")] organization_id: JsValue,
    ) -> Promise {
        let client = self.client.clone();
        promise(async move {
            let org = required_string(&organization_id, "organizationId")?;
            let claims = client.get_organization_token_claims(&org).await.map_err(|e| to_js(&e))?;
            Ok(to_plain_js(&claims))
        })
    }

    /// The userinfo response (its `sub` is checked against the ID token's).
    #[wasm_bindgen(js_name = fetchUserInfo, unchecked_return_type = "Promise<UserInfoResponse>")]
    pub fn fetch_user_info(&self) -> Promise {
        let client = self.client.clone();
        promise(async move {
            let info = client.fetch_user_info().await.map_err(|e| to_js(&e))?;
            Ok(to_plain_js(&info))
        })
    }

    /// Forgets cached access tokens (keeps the ID and refresh tokens).
    #[wasm_bindgen(js_name = clearAccessToken, unchecked_return_type = "Promise<void>")]
    pub fn clear_access_token(&self) -> Promise {
        let client = self.client.clone();
        promise(async move {
            client.clear_access_token().await.map_err(|e| to_js(&e))?;
            Ok(JsValue::UNDEFINED)
        })
    }
}

/// For the popup's callback page (the `redirectUri` of `signInWithPopup`): hands the page's
/// address (`url`, by default `location.href`) to the page that started the sign-in and closes
/// the popup. Returns false, doing nothing, when the address is no sign-in callback.
#[wasm_bindgen(js_name = completePopupSignIn)]
pub fn complete_popup_sign_in_js(url: Option<String>) -> Result<bool, JsValue> {
    let url = match url {
        Some(u) => u,
        None => web_sys::window().and_then(|w| w.location().href().ok()).unwrap_or_default(),
    };
    complete_popup_sign_in(&url).map_err(|e| to_js(&e))
}
