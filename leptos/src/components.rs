//! `<Callback>` (the redirect URI's route) and `<Protected>` (an auth guard, like the
//! `@authenticated(shouldRedirect=..., fetchUserInfo=...)` decorator of Logto's Flask SDK).

use leptos::context::Provider;
use leptos::prelude::*;
use leptos_router::location::BrowserUrl;
use leptos_router::NavigateOptions;
use logto_wasm::{CallbackOutcome, ErrorCode, Object, SignInOptions};

use crate::context::use_logto;
use crate::error::LogtoError;

fn location() -> Option<web_sys::Location> {
    web_sys::window().map(|w| w.location())
}

fn current_href() -> Option<String> {
    location().and_then(|l| l.href().ok())
}

/// Handles the sign-in callback once, then navigates on.
///
/// Put it on the route of your redirect URI:
/// `<Route path=path!("/callback") view=|| view! { <Callback redirect_to="/" /> } />`.
///
/// It calls `handle_sign_in_callback` with the page's URL (or `url`) once per mount. On
/// success the auth signals are updated first, then:
/// - if the sign-in had a `post_redirect_uri`, the SDK navigates there (full page load);
/// - otherwise, if `redirect_to` is set, it goes there, through `leptos_router` inside a
///   `<Router>` (no reload, history entry replaced) or `location.replace` outside one;
/// - otherwise it stays, with the callback parameters removed from the address bar.
///
/// While working it renders `children` (or nothing). A failure is rendered as an `Err` for the
/// nearest `<ErrorBoundary>` and recorded in `use_logto().error`.
#[component]
pub fn Callback(
    /// Where to go after a successful sign-in without `post_redirect_uri` (path or URL).
    #[prop(optional, into)]
    redirect_to: Option<String>,
    /// The callback URL to handle; defaults to `location.href`.
    #[prop(optional, into)]
    url: Option<String>,
    /// Shown while the callback is handled.
    #[prop(optional)]
    children: Option<ChildrenFn>,
) -> impl IntoView {
    let logto = use_logto();
    let outcome: RwSignal<Option<Result<(), LogtoError>>> = RwSignal::new(None);
    let router_navigate = use_context::<BrowserUrl>().map(|_| leptos_router::hooks::use_navigate());

    let target = url.or_else(current_href);
    leptos::task::spawn_local(async move {
        let Some(target) = target else {
            outcome.try_set(Some(Err(LogtoError::new(ErrorCode::NavigationFailed.as_str(), "no window location"))));
            return;
        };
        let result = logto.handle_sign_in_callback(&target).await;
        let redirecting = matches!(result, Ok(CallbackOutcome::Redirecting(_)));
        let ok = result.is_ok();
        outcome.try_set(Some(result.map(|_| ())));
        // On to the sign-in's post-redirect URI already: the page is leaving.
        if !ok || redirecting {
            return;
        }
        if let Some(to) = redirect_to {
            match router_navigate {
                Some(navigate) => navigate(&to, NavigateOptions { replace: true, ..Default::default() }),
                None => {
                    if let Some(l) = location() {
                        let _ = l.replace(&to);
                    }
                }
            }
        }
    });

    move || match outcome.get() {
        Some(Err(e)) => Err(e),
        _ => Ok(children.as_ref().map(|c| c())),
    }
}

/// The userinfo response, provided by `<Protected fetch_user_info=true>` to its children.
#[derive(Debug, Clone, PartialEq)]
pub struct UserInfo(pub Object);

/// The [`UserInfo`] of the nearest `<Protected fetch_user_info=true>`.
pub fn use_user_info() -> Option<UserInfo> {
    use_context::<UserInfo>()
}

/// Renders `children` only for a signed-in person.
///
/// - While the stored session is read: `loading`.
/// - Signed in: `children`. With `fetch_user_info`, the userinfo endpoint is called first
///   (`loading` meanwhile, inside a `<Suspense>`) and its response is provided to the children
///   as [`UserInfo`] ([`use_user_info`]).
/// - Signed out: `fallback`, or with `should_redirect`, a sign-in is started (`loading`
///   meanwhile) with `sign_in_options`, by default redirect URI `{origin}/callback` and
///   coming back to the current page (`post_redirect_uri`).
///
/// Failures (the sign-in could not start, userinfo failed) are rendered as an `Err` for the
/// nearest `<ErrorBoundary>`. The guard follows the auth state: signing out in this tab
/// swaps the children for the fallback at once.
#[component]
pub fn Protected(
    /// Shown to a signed-out person when not redirecting.
    #[prop(optional, into)]
    fallback: ViewFn,
    /// Shown while the state loads, a redirect starts or userinfo is fetched.
    #[prop(optional, into)]
    loading: ViewFn,
    /// Start a sign-in when signed out (Flask's `shouldRedirect`).
    #[prop(optional)]
    should_redirect: bool,
    /// Options of that sign-in.
    #[prop(optional, into)]
    sign_in_options: Option<SignInOptions>,
    /// Fetch userinfo before rendering the children (Flask's `fetchUserInfo`).
    #[prop(optional)]
    fetch_user_info: bool,
    children: ChildrenFn,
) -> impl IntoView {
    let logto = use_logto();
    let redirect_error: RwSignal<Option<LogtoError>> = RwSignal::new(None);
    let redirect_started = StoredValue::new(false);

    if should_redirect {
        Effect::new(move |_| {
            if logto.is_authenticated.get() != Some(false) {
                return;
            }
            if redirect_started.get_value() {
                return;
            }
            redirect_started.set_value(true);
            let options = sign_in_options.clone().unwrap_or_else(default_sign_in_options);
            let options = with_return_here(options);
            leptos::task::spawn_local(async move {
                if let Err(e) = logto.sign_in(options).await {
                    redirect_error.try_set(Some(e));
                }
            });
        });
    }

    let state = Memo::new(move |_| logto.is_authenticated.get());
    move || {
        let Some(authenticated) = state.get() else {
            return Ok(loading.run());
        };
        if authenticated {
            return Ok(if fetch_user_info { user_info_gate(children.clone(), loading.clone()) } else { children() });
        }
        if should_redirect {
            match redirect_error.get() {
                Some(e) => Err(e),
                None => Ok(loading.run()),
            }
        } else {
            Ok(fallback.run())
        }
    }
}

fn user_info_gate(children: ChildrenFn, loading: ViewFn) -> AnyView {
    let logto = use_logto();
    let info = LocalResource::new(move || async move { logto.fetch_user_info().await });
    view! {
        <Suspense fallback=move || loading.run()>
            {move || {
                let children = children.clone();
                Suspend::new(async move {
                    info.await.map(|map| view! { <Provider value=UserInfo(map)>{children()}</Provider> })
                })
            }}
        </Suspense>
    }
    .into_any()
}

/// Redirect URI `{origin}/callback`.
fn default_sign_in_options() -> SignInOptions {
    let origin = location().and_then(|l| l.origin().ok()).unwrap_or_default();
    SignInOptions::new(format!("{origin}/callback"))
}

/// Comes back to the current page after the callback, unless the options say otherwise.
fn with_return_here(mut options: SignInOptions) -> SignInOptions {
    if options.post_redirect_uri.is_none() {
        options.post_redirect_uri = current_href();
    }
    options
}
