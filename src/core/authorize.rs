//! The authorization request (sign-in URL), with Logto's sign-in experience options, in the
//! exact parameter order of Logto's own SDK (plus a `nonce` right after `state`).

#[allow(unused_imports)]
use crate::prelude::*;

use crate::core::codes::ErrorCode;
use crate::core::config::{check_prompt, url_error, ClientConfig, ConfigError};
use crate::core::error::{concat, quoted, text, ErrorInfo};
use crate::core::secret::{Nonce, State};
use crate::core::url::{append_encoded_query, check_secure_url, form_encode};

/// Logto's first screen of the sign-in experience.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FirstScreen {
    /// `sign_in` (also accepted as `signIn`): the sign-in page.
    SignIn,
    /// `register`: the create-account page.
    Register,
    /// `reset_password`: the forgot-password page.
    ResetPassword,
    /// `identifier:sign_in`: sign-in with only the identifiers of
    /// [`SignInOptions::identifiers`] (the sign-in experience's settings when empty).
    IdentifierSignIn,
    /// `identifier:register`: registration with only the identifiers of
    /// [`SignInOptions::identifiers`] (the sign-in experience's settings when empty).
    IdentifierRegister,
    /// `single_sign_on`: the enterprise SSO page (the user enters an email to find the
    /// connector).
    SingleSignOn,
}

impl FirstScreen {
    /// The value sent as `first_screen`.
    pub fn as_str(self) -> &'static str {
        match self {
            FirstScreen::SignIn => "sign_in",
            FirstScreen::Register => "register",
            FirstScreen::ResetPassword => "reset_password",
            FirstScreen::IdentifierSignIn => "identifier:sign_in",
            FirstScreen::IdentifierRegister => "identifier:register",
            FirstScreen::SingleSignOn => "single_sign_on",
        }
    }
}

/// Deprecated: use [`FirstScreen`]. Sent as `interaction_mode` when no first screen is set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InteractionMode {
    /// `signIn`: the sign-in page (like [`FirstScreen::SignIn`]).
    SignIn,
    /// `signUp`: the create-account page (like [`FirstScreen::Register`]).
    SignUp,
}

impl InteractionMode {
    /// The value sent as `interaction_mode`.
    pub fn as_str(self) -> &'static str {
        match self {
            InteractionMode::SignIn => "signIn",
            InteractionMode::SignUp => "signUp",
        }
    }
    /// The mode named `signIn` or `signUp`.
    pub fn from_name(name: &str) -> Option<InteractionMode> {
        [InteractionMode::SignIn, InteractionMode::SignUp].into_iter().find(|m| m.as_str() == name)
    }
}

/// Identifier types shown on Logto's identifier screens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Identifier {
    /// `email`: an email address.
    Email,
    /// `phone`: a phone number.
    Phone,
    /// `username`: a Logto username.
    Username,
}

impl Identifier {
    /// Every identifier type.
    pub const ALL: [Identifier; 3] = [Identifier::Email, Identifier::Phone, Identifier::Username];

    /// The value sent in `identifier`.
    pub fn as_str(self) -> &'static str {
        match self {
            Identifier::Email => "email",
            Identifier::Phone => "phone",
            Identifier::Username => "username",
        }
    }
}

/// How to skip Logto's sign-in page: straight to a social connector or to enterprise SSO.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DirectSignIn {
    /// `social` or `sso`.
    pub method: DirectSignInMethod,
    /// Social connector target (e.g. `wechat`, `kakao`, `huggingface`, `google`) or SSO connector ID.
    pub target: String,
}

/// See [`DirectSignIn`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DirectSignInMethod {
    /// `social`: a social connector; the target is its name, e.g. `google`.
    Social,
    /// `sso`: an enterprise SSO connector; the target is its connector ID.
    Sso,
}

/// Options of one sign-in. Everything but `redirect_uri` is optional.
#[derive(Debug, Clone, Default)]
pub struct SignInOptions {
    /// Where the provider sends the browser back with the code. Must be registered with the app.
    pub redirect_uri: String,
    /// Where to go once the callback has been handled.
    pub post_redirect_uri: Option<String>,
    /// Overrides the configured `prompt` for this sign-in. A string or a list.
    pub prompt: Option<Vec<String>>,
    /// The first screen of Logto's sign-in experience (`first_screen`); Logto's default (the
    /// sign-in page) when unset.
    pub first_screen: Option<FirstScreen>,
    /// Deprecated; `first_screen` wins when both are set.
    pub interaction_mode: Option<InteractionMode>,
    /// The identifier types the `identifier:*` first screens offer, sent space-separated as
    /// `identifier`; nothing is sent when empty.
    pub identifiers: Vec<Identifier>,
    /// Pre-fills the identifier, e.g. an email address (`login_hint`, OIDC Core §3.1.2.1).
    pub login_hint: Option<String>,
    /// Skips Logto's sign-in page and goes straight to a social or SSO connector
    /// (`direct_sign_in`, sent as `method:target`).
    pub direct_sign_in: Option<DirectSignIn>,
    /// A one-time token, e.g. from a magic link (`one_time_token`); usually
    /// sent with the email address as `login_hint`.
    pub one_time_token: Option<String>,
    /// Signs in to this organization (`organization_id`).
    pub organization_id: Option<String>,
    /// Preferred UI languages, space-separated BCP 47 tags such as `fr-CA fr en`
    /// (`ui_locales`, OIDC Core §3.1.2.1).
    pub ui_locales: Option<String>,
    /// Step-up: the longest time in seconds since the user last authenticated (`max_age`, OIDC
    /// Core §3.1.2.1). The ID token must then carry `auth_time`, at most this long ago; `0` (or
    /// `prompt: login`) asks for a fresh authentication.
    pub max_age: Option<u64>,
    /// Step-up: the authentication context classes asked for, space-separated in order of
    /// preference (`acr_values`, OIDC Core §3.1.2.1).
    pub acr_values: Option<String>,
    /// Whether the ID token's `acr` must be one of `acr_values` (a provider may honour the
    /// request with another class, which is then refused with `id_token.acr_not_requested`).
    pub require_acr: bool,
    /// Additional query parameters, sent last, in order. Not the protocol's own
    /// ([`RESERVED_PARAMS`]); a Logto parameter that has a typed option here (`ui_locales`,
    /// `login_hint`, `prompt`, `first_screen`, ...) may come this way when that option is unset
    /// (an extra `prompt` then replaces the configured one), not both ways. From JS: an object
    /// whose entries are sent in insertion order.
    pub extra_params: Vec<(String, String)>,
    /// Whether to clear stored tokens before redirecting (default true).
    pub clear_tokens: Option<bool>,
}

/// Why sign-in options were refused (before any navigation).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum SignInOptionsError {
    /// Code `sign_in.invalid_redirect_uri`. `redirect_uri` is not an absolute URL, is plain
    /// `http:` on a non-loopback host (unless insecure HTTP is allowed), or has a fragment
    /// (RFC 6749 §3.1.2); the [`ConfigError`] says which.
    InvalidRedirectUri(ConfigError),
    /// Code `sign_in.invalid_post_redirect_uri`. `post_redirect_uri` is not an absolute
    /// http(s) URL.
    InvalidPostRedirectUri,
    /// Code `sign_in.invalid_prompt`. A `prompt` value of these options is not one of the
    /// known values (see [`ConfigError::InvalidPrompt`]).
    InvalidPrompt(ConfigError),
    /// Code `sign_in.invalid_direct_sign_in`. `direct_sign_in` has an empty, overlong (over 256
    /// bytes) or control-character `target`.
    InvalidDirectSignIn,
    /// Code `sign_in.reserved_extra_param`. An `extra_params` key is empty or one of
    /// [`RESERVED_PARAMS`]; holds the key.
    ReservedExtraParam(String),
    /// Code `sign_in.reserved_extra_param`. An `extra_params` key names a parameter whose own
    /// option is set too (`ui_locales` and `ui_locales`, `prompt` and `prompt`, ...); holds the key.
    DuplicateExtraParam(String),
    /// Code `sign_in.invalid_option`. A string option (`login_hint`, `one_time_token`,
    /// `organization_id`, `ui_locales`, `acr_values`, named by the `&str`) is empty, over 2048
    /// bytes, or contains control characters; or `require_acr` is set without `acr_values`.
    InvalidValue(&'static str),
}

crate::error_display!(SignInOptionsError);

impl ErrorInfo for SignInOptionsError {
    fn message(&self) -> String {
        match self {
            SignInOptionsError::InvalidRedirectUri(a0) => concat(&["`redirect_uri` is invalid: ", &text(a0)]),
            SignInOptionsError::InvalidPostRedirectUri => "`post_redirect_uri` is not an absolute http(s) URL".to_owned(),
            SignInOptionsError::InvalidPrompt(e) => e.message(),
            SignInOptionsError::InvalidDirectSignIn => "`direct_sign_in` needs a non-empty `target`".to_owned(),
            SignInOptionsError::DuplicateExtraParam(a0) => concat(&["extra parameter ", &quoted(a0), " is also set by its own sign-in option: set it one way"]),
            SignInOptionsError::ReservedExtraParam(a0) => concat(&["extra parameter ", &quoted(a0), " is reserved by the protocol and cannot be overridden"]),
            SignInOptionsError::InvalidValue(a0) => concat(&["option `", &text(a0), "` has an invalid value"]),
        }
    }
    fn code(&self) -> ErrorCode {
        match self {
            SignInOptionsError::InvalidRedirectUri(_) => ErrorCode::SignInInvalidRedirectUri,
            SignInOptionsError::InvalidPostRedirectUri => ErrorCode::SignInInvalidPostRedirectUri,
            SignInOptionsError::InvalidPrompt(_) => ErrorCode::SignInInvalidPrompt,
            SignInOptionsError::InvalidDirectSignIn => ErrorCode::SignInInvalidDirectSignIn,
            SignInOptionsError::ReservedExtraParam(_) | SignInOptionsError::DuplicateExtraParam(_) => ErrorCode::SignInReservedExtraParam,
            SignInOptionsError::InvalidValue(_) => ErrorCode::SignInInvalidOption,
        }
    }
}

/// Parameters that `extraParams` cannot carry: the protocol's own, which the SDK writes and
/// whose override would break or weaken the flow (the client, the redirect, PKCE, `state`,
/// `nonce`, the response type and mode, request objects), and `scope` / `resource`, which come
/// from the config and decide which tokens the session holds.
pub const RESERVED_PARAMS: [&str; 12] = [
    "client_id",
    "redirect_uri",
    "code_challenge",
    "code_challenge_method",
    "state",
    "nonce",
    "response_type",
    "response_mode",
    "scope",
    "resource",
    "request",
    "request_uri",
];

fn check_value(name: &'static str, v: &Option<String>) -> Result<(), SignInOptionsError> {
    match v {
        Some(s) if s.is_empty() || s.len() > 2048 || s.chars().any(char::is_control) => Err(SignInOptionsError::InvalidValue(name)),
        _ => Ok(()),
    }
}

impl SignInOptions {
    /// Options with only a redirect URI.
    pub fn new(redirect_uri: impl Into<String>) -> Self {
        SignInOptions { redirect_uri: redirect_uri.into(), ..Default::default() }
    }

    /// Checks the options; every error here happens before the browser leaves the page.
    pub fn validate(&self, config: &ClientConfig) -> Result<(), SignInOptionsError> {
        check_secure_url(&self.redirect_uri, config.allow_insecure_http).map_err(|e| SignInOptionsError::InvalidRedirectUri(url_error("redirect_uri", e)))?;
        if self.redirect_uri.contains('#') {
            return Err(SignInOptionsError::InvalidRedirectUri(ConfigError::InvalidUrl { field: "redirect_uri" }));
        }
        if let Some(p) = &self.post_redirect_uri {
            crate::core::url::split_url(p).map_err(|_| SignInOptionsError::InvalidPostRedirectUri)?;
        }
        if let Some(prompt) = &self.prompt {
            for p in prompt {
                check_prompt(p).map_err(SignInOptionsError::InvalidPrompt)?;
            }
        }
        if let Some(d) = &self.direct_sign_in {
            if d.target.trim().is_empty() || d.target.len() > 256 || d.target.chars().any(char::is_control) {
                return Err(SignInOptionsError::InvalidDirectSignIn);
            }
        }
        check_value("login_hint", &self.login_hint)?;
        check_value("one_time_token", &self.one_time_token)?;
        check_value("organization_id", &self.organization_id)?;
        check_value("ui_locales", &self.ui_locales)?;
        check_value("acr_values", &self.acr_values)?;
        if self.require_acr && self.acr_values.is_none() {
            return Err(SignInOptionsError::InvalidValue("require_acr"));
        }
        for (k, v) in &self.extra_params {
            if k.is_empty() || RESERVED_PARAMS.contains(&k.as_str()) {
                return Err(SignInOptionsError::ReservedExtraParam(k.clone()));
            }
            if self.sets(k) {
                return Err(SignInOptionsError::DuplicateExtraParam(k.clone()));
            }
            if k == "prompt" {
                for p in v.split(' ') {
                    check_prompt(p).map_err(SignInOptionsError::InvalidPrompt)?;
                }
            }
        }
        Ok(())
    }

    /// Whether a typed option of these options writes the Logto parameter `name`. Such a
    /// parameter may also come through `extraParams` (as Logto's guides pass `ui_locales`), but
    /// not both ways at once: `validate` refuses that rather than pick one silently.
    fn sets(&self, name: &str) -> bool {
        match name {
            "prompt" => self.prompt.is_some(),
            "login_hint" => self.login_hint.is_some(),
            "direct_sign_in" => self.direct_sign_in.is_some(),
            "first_screen" => self.first_screen.is_some(),
            "interaction_mode" => self.interaction_mode.is_some(),
            "identifier" => !self.identifiers.is_empty(),
            "one_time_token" => self.one_time_token.is_some(),
            "organization_id" => self.organization_id.is_some(),
            "ui_locales" => self.ui_locales.is_some(),
            "max_age" => self.max_age.is_some(),
            "acr_values" => self.acr_values.is_some(),
            _ => false,
        }
    }
}

/// Everything that goes into one authorization URL.
#[derive(Debug, Clone, Copy)]
pub struct AuthorizationParams<'a> {
    /// The provider's `authorization_endpoint`, from discovery; its own query is kept.
    pub authorization_endpoint: &'a str,
    /// Supplies `client_id`, `scope`, `resource` (one per API resource, RFC 8707) and the
    /// default `prompt`.
    pub config: &'a ClientConfig,
    /// The options of this sign-in, already [validated](SignInOptions::validate).
    pub options: &'a SignInOptions,
    /// The PKCE `code_challenge`, S256 of the stored code verifier (RFC 7636 §4.2).
    pub code_challenge: &'a str,
    /// The `state` (RFC 6749 §10.12), random and stored in the transaction; the callback must
    /// bring it back.
    pub state: &'a State,
    /// Our addition to Logto's set; `None` reproduces Logto's URL exactly (used by tests).
    pub nonce: Option<&'a Nonce>,
}

/// Builds the authorization URL. Call [`SignInOptions::validate`] first.
pub fn authorization_url(p: AuthorizationParams<'_>) -> String {
    append_encoded_query(p.authorization_endpoint, &authorization_query(p))
}

/// The authorization request's parameters, form-encoded in Logto's order: the query of
/// [`authorization_url`], or the body of a pushed authorization request
/// ([`par_request`](crate::core::par::par_request)). Call [`SignInOptions::validate`] first.
pub fn authorization_query(p: AuthorizationParams<'_>) -> String {
    let o = p.options;
    let prompt = o.prompt.as_ref().unwrap_or(&p.config.prompt).join(" ");
    let scope = p.config.scopes.join(" ");
    let direct = o.direct_sign_in.as_ref().map(|d| {
        let method = match d.method {
            DirectSignInMethod::Social => "social",
            DirectSignInMethod::Sso => "sso",
        };
        crate::core::error::concat(&[method, ":", &d.target])
    });
    let identifiers = o.identifiers.iter().map(|i| i.as_str()).collect::<Vec<_>>().join(" ");

    let mut params: Vec<(&str, &str)> = vec![
        ("client_id", &p.config.client_id),
        ("redirect_uri", &o.redirect_uri),
        ("code_challenge", p.code_challenge),
        ("code_challenge_method", "S256"),
        ("state", p.state.expose()),
    ];
    if let Some(nonce) = p.nonce {
        params.push(("nonce", nonce.expose()));
    }
    params.push(("response_type", "code"));
    // A `prompt` in `extraParams` replaces the configured one (it is sent with the extra
    // parameters below); `validate` refused it next to the `prompt` option.
    if !o.extra_params.iter().any(|(k, _)| k == "prompt") {
        params.push(("prompt", &prompt));
    }
    if !scope.is_empty() {
        params.push(("scope", &scope));
    }
    if let Some(h) = &o.login_hint {
        params.push(("login_hint", h));
    }
    if let Some(d) = &direct {
        params.push(("direct_sign_in", d));
    }
    for r in &p.config.resources {
        params.push(("resource", r));
    }
    if let Some(fs) = o.first_screen {
        params.push(("first_screen", fs.as_str()));
    } else if let Some(m) = o.interaction_mode {
        params.push(("interaction_mode", m.as_str()));
    }
    if !identifiers.is_empty() {
        params.push(("identifier", &identifiers));
    }
    if let Some(t) = &o.one_time_token {
        params.push(("one_time_token", t));
    }
    if let Some(org) = &o.organization_id {
        params.push(("organization_id", org));
    }
    if let Some(l) = &o.ui_locales {
        params.push(("ui_locales", l));
    }
    let max_age = o.max_age.map(|s| {
        let mut text = String::new();
        crate::core::json::push_i64(&mut text, i64::try_from(s).unwrap_or(i64::MAX));
        text
    });
    if let Some(m) = &max_age {
        params.push(("max_age", m));
    }
    if let Some(a) = &o.acr_values {
        params.push(("acr_values", a));
    }
    for (k, v) in &o.extra_params {
        params.push((k, v));
    }
    form_encode(params)
}

#[cfg(test)]
mod tests;
