//! Client configuration: what the app passes in, and the validated form the SDK works with.

#[allow(unused_imports)]
use crate::prelude::*;

use crate::core::codes::ErrorCode;
use crate::core::error::{concat, quoted, text, ErrorInfo};
use crate::core::jws::JwsAlgorithm;
use crate::core::url::{check_secure_url, UrlError};

/// Scopes every Logto sign-in asks for unless `include_reserved_scopes` is false.
pub const RESERVED_SCOPES: [&str; 3] = ["openid", "offline_access", "profile"];
/// The scope for organization claims; it also adds [`ORGANIZATIONS_RESOURCE`].
pub const ORGANIZATIONS_SCOPE: &str = "urn:logto:scope:organizations";
/// Logto's reserved resource for organization tokens.
pub const ORGANIZATIONS_RESOURCE: &str = "urn:logto:resource:organizations";
/// Default clock leeway for token time checks, in seconds.
pub const DEFAULT_LEEWAY_SECONDS: u32 = 60;
/// Default margin before expiry at which access tokens are refreshed, in seconds.
pub const DEFAULT_REFRESH_MARGIN_SECONDS: u32 = 60;
/// Default maximum size of an ID token, in bytes.
pub const DEFAULT_MAX_TOKEN_LEN: usize = 16 * 1024;

/// What the app configures. Exactly one of `endpoint` (a Logto tenant) or `issuer` (any
/// OpenID Connect provider) must be set.
#[derive(Debug, Clone, Default)]
pub struct LogtoConfig {
    /// Logto endpoint, e.g. `https://tenant.logto.app`. Discovery is read from
    /// `{endpoint}/oidc/.well-known/openid-configuration`; the issuer is `{endpoint}/oidc`.
    pub endpoint: Option<String>,
    /// Issuer of any OpenID Connect provider; discovery at `{issuer}/.well-known/openid-configuration`.
    pub issuer: Option<String>,
    /// The OAuth `client_id`: Logto's "App ID" (`appId` in JavaScript).
    pub client_id: String,
    /// Scopes on top of the reserved `openid offline_access profile`.
    pub scopes: Vec<String>,
    /// API resources (RFC 8707) to request at sign-in.
    pub resources: Vec<String>,
    /// Default `prompt` for sign-in (`consent` when unset, as Logto). A string or a list.
    pub prompt: Option<Vec<String>>,
    /// Whether to add the reserved scopes (default true).
    pub include_reserved_scopes: Option<bool>,
    /// Clock leeway for token time checks, seconds (default 60).
    pub leeway_seconds: Option<u32>,
    /// Algorithms accepted for ID-token signatures (default ES256 ES384 ES512 RS256 PS256 EdDSA).
    pub id_token_signing_algorithms: Option<Vec<String>>,
    /// Refresh access tokens this many seconds before they expire (default 60).
    pub refresh_margin_seconds: Option<u32>,
    /// Allow `http:` provider URLs on non-loopback hosts. Never in production.
    pub dangerously_allow_insecure_http: bool,
    /// Push the authorization parameters to the provider by back channel (RFC 9126) and send
    /// the browser with `client_id` and a `request_uri` only. Sign-in fails with
    /// `par.unsupported` when the provider has no pushed authorization request endpoint. Sign-in
    /// pushes anyway when the provider requires it (`require_pushed_authorization_requests`).
    pub pushed_authorization: bool,
    /// Bind the tokens to a key of this browser's (DPoP, RFC 9449): a non-extractable ES256 key
    /// kept in IndexedDB signs a proof for every token request and userinfo request, and the
    /// provider must issue `DPoP` tokens (`token.not_dpop_bound` otherwise). A stolen token or
    /// refresh token is useless without the key. For providers that support DPoP (Logto does not
    /// yet).
    pub dpop: bool,
}

/// The validated configuration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientConfig {
    /// The application's client ID: `client_id` of every request, and the audience every ID
    /// token must have (OIDC Core §3.1.3.7).
    pub client_id: String,
    /// The issuer the discovery document and every ID token must name, exactly.
    pub issuer: String,
    /// Where the provider metadata is read: `{issuer}/.well-known/openid-configuration`
    /// (OIDC Discovery §4).
    pub discovery_url: String,
    /// Effective scopes, reserved ones first, de-duplicated.
    pub scopes: Vec<String>,
    /// Effective resources, de-duplicated (plus Logto's organizations resource when the
    /// organizations scope is requested).
    pub resources: Vec<String>,
    /// Default `prompt` values of sign-ins, sent space-separated; `["consent"]` when none
    /// was configured.
    pub prompt: Vec<String>,
    /// Clock leeway for ID-token time checks (`exp`, `iat`, `nbf`), seconds; at most 600.
    pub leeway_seconds: u32,
    /// The only algorithms an ID-token signature may use; never empty.
    pub allowed_algorithms: Vec<JwsAlgorithm>,
    /// Longest ID token accepted, in bytes ([`DEFAULT_MAX_TOKEN_LEN`]); longer ones are
    /// refused before any parsing.
    pub max_token_len: usize,
    /// Cached access tokens are refreshed this many seconds before they expire; at most 3600.
    pub refresh_margin_seconds: u32,
    /// Whether `http:` URLs on non-loopback hosts are allowed (the config's
    /// `dangerously_allow_insecure_http`). Development only.
    pub allow_insecure_http: bool,
    /// Whether sign-in pushes its parameters (RFC 9126), whatever the provider requires.
    pub pushed_authorization: bool,
    /// Whether token and userinfo requests carry DPoP proofs and tokens must be `DPoP` tokens.
    pub dpop: bool,
}

/// Why a configuration was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ConfigError {
    /// Code `config.missing_endpoint`. Neither or both of `endpoint` and `issuer` are set.
    MissingEndpoint,
    /// Code `config.missing_app_id`. `client_id` is empty, or not a plain token (printable ASCII
    /// without spaces, double quotes or backslashes, at most 512 bytes).
    MissingClientId,
    /// Code `config.invalid_url`. A URL option is not an absolute http(s) URL, or has a query
    /// or fragment where none is allowed.
    InvalidUrl {
        /// The option at fault, e.g. `endpoint`, `issuer` or `redirect_uri`.
        field: &'static str,
    },
    /// Code `config.insecure_url`. A URL option is `http:` on a non-loopback host and
    /// `dangerously_allow_insecure_http` is not set.
    InsecureUrl {
        /// The option at fault, e.g. `endpoint`, `issuer` or `redirect_uri`.
        field: &'static str,
    },
    /// Code `config.invalid_scope`. A scope is empty, too long, or has characters a scope
    /// token cannot have (RFC 6749 §3.3); holds the scope.
    InvalidScope(String),
    /// Code `config.invalid_resource`. A resource indicator is empty, too long, has a fragment,
    /// whitespace or other characters a URI token cannot have (RFC 8707 §2); holds the resource.
    InvalidResource(String),
    /// Code `config.invalid_prompt`. A `prompt` value is not `none`, `login`, `consent`,
    /// `select_account` (OIDC Core §3.1.2.1) or `create`; holds the value.
    InvalidPrompt(String),
    /// Code `config.invalid_algorithm`. An ID-token algorithm is not one of [`JwsAlgorithm`]
    /// (`none` and `HS*` never are), or the list is empty (then the string is empty).
    InvalidAlgorithm(String),
}

crate::error_display!(ConfigError);

impl ErrorInfo for ConfigError {
    fn message(&self) -> String {
        match self {
            ConfigError::MissingEndpoint => "set exactly one of `endpoint` (Logto) or `issuer` (any OpenID Connect provider)".to_owned(),
            ConfigError::MissingClientId => "`client_id` is required: the application's App ID in Logto".to_owned(),
            ConfigError::InvalidUrl { field, .. } => concat(&["`", &text(field), "` is not an absolute http(s) URL"]),
            ConfigError::InsecureUrl { field, .. } => {
                concat(&["`", &text(field), "` uses http: on a non-loopback host; use https (or `dangerously_allow_insecure_http` for development)"])
            }
            ConfigError::InvalidScope(a0) => concat(&["invalid scope ", &quoted(a0)]),
            ConfigError::InvalidResource(a0) => concat(&["invalid resource ", &quoted(a0), ": a resource is a URI without whitespace or fragment (RFC 8707)"]),
            ConfigError::InvalidPrompt(a0) => concat(&["invalid prompt value ", &quoted(a0)]),
            ConfigError::InvalidAlgorithm(a0) => concat(&["unsupported or forbidden ID-token algorithm ", &quoted(a0)]),
        }
    }
    fn code(&self) -> ErrorCode {
        match self {
            ConfigError::MissingEndpoint => ErrorCode::ConfigMissingEndpoint,
            ConfigError::MissingClientId => ErrorCode::ConfigMissingAppId,
            ConfigError::InvalidUrl { .. } => ErrorCode::ConfigInvalidUrl,
            ConfigError::InsecureUrl { .. } => ErrorCode::ConfigInsecureUrl,
            ConfigError::InvalidScope(_) => ErrorCode::ConfigInvalidScope,
            ConfigError::InvalidResource(_) => ErrorCode::ConfigInvalidResource,
            ConfigError::InvalidPrompt(_) => ErrorCode::ConfigInvalidPrompt,
            ConfigError::InvalidAlgorithm(_) => ErrorCode::ConfigInvalidAlgorithm,
        }
    }
}

pub(crate) fn url_error(field: &'static str, e: UrlError) -> ConfigError {
    match e {
        UrlError::Malformed => ConfigError::InvalidUrl { field },
        UrlError::Insecure => ConfigError::InsecureUrl { field },
    }
}

fn is_token_char(s: &str) -> bool {
    !s.is_empty() && s.len() <= 512 && s.chars().all(|c| c.is_ascii_graphic() && c != '"' && c != '\\')
}

/// Valid `prompt` values (OIDC Core §3.1.2.1, plus `create` from the prompt=create draft).
pub const PROMPT_VALUES: [&str; 5] = ["none", "login", "consent", "select_account", "create"];

/// Checks one `prompt` value against [`PROMPT_VALUES`].
pub(crate) fn check_prompt(p: &str) -> Result<(), ConfigError> {
    if PROMPT_VALUES.contains(&p) {
        Ok(())
    } else {
        Err(ConfigError::InvalidPrompt(p.to_owned()))
    }
}

fn push_unique(list: &mut Vec<String>, item: &str) {
    if !list.iter().any(|s| s == item) {
        list.push(item.to_owned());
    }
}

impl ClientConfig {
    /// Whether the organizations scope was requested (needed for organization tokens).
    pub fn has_organizations_scope(&self) -> bool {
        self.scopes.iter().any(|s| s == ORGANIZATIONS_SCOPE)
    }
}

impl LogtoConfig {
    /// A Logto configuration with the given endpoint and app ID (the `client_id`).
    pub fn new(endpoint: impl Into<String>, client_id: impl Into<String>) -> Self {
        LogtoConfig { endpoint: Some(endpoint.into()), client_id: client_id.into(), ..Default::default() }
    }

    /// Validates the configuration.
    pub fn validate(&self) -> Result<ClientConfig, ConfigError> {
        let allow_insecure_http = self.dangerously_allow_insecure_http;
        let (issuer, discovery_url) = match (&self.endpoint, &self.issuer) {
            (Some(endpoint), None) => {
                check_secure_url(endpoint, allow_insecure_http).map_err(|e| url_error("endpoint", e))?;
                if endpoint.contains(['?', '#']) {
                    return Err(ConfigError::InvalidUrl { field: "endpoint" });
                }
                let issuer = concat(&[endpoint.trim_end_matches('/'), "/oidc"]);
                let discovery = concat(&[&issuer, "/.well-known/openid-configuration"]);
                (issuer, discovery)
            }
            (None, Some(issuer)) => {
                check_secure_url(issuer, allow_insecure_http).map_err(|e| url_error("issuer", e))?;
                if issuer.contains(['?', '#']) {
                    return Err(ConfigError::InvalidUrl { field: "issuer" });
                }
                let discovery = concat(&[issuer.trim_end_matches('/'), "/.well-known/openid-configuration"]);
                (issuer.clone(), discovery)
            }
            _ => return Err(ConfigError::MissingEndpoint),
        };
        if self.client_id.trim().is_empty() || !is_token_char(&self.client_id) {
            return Err(ConfigError::MissingClientId);
        }
        let mut scopes = Vec::new();
        if self.include_reserved_scopes.unwrap_or(true) {
            for s in RESERVED_SCOPES {
                push_unique(&mut scopes, s);
            }
        }
        for s in &self.scopes {
            if !is_token_char(s) {
                return Err(ConfigError::InvalidScope(s.clone()));
            }
            push_unique(&mut scopes, s);
        }
        let mut resources = Vec::new();
        for r in self.resources.iter().map(String::as_str).chain(scopes.iter().any(|s| s == ORGANIZATIONS_SCOPE).then_some(ORGANIZATIONS_RESOURCE)) {
            if !is_token_char(r) || r.contains('#') {
                return Err(ConfigError::InvalidResource(r.to_owned()));
            }
            push_unique(&mut resources, r);
        }
        let prompt = match &self.prompt {
            Some(p) => {
                for v in p {
                    check_prompt(v)?;
                }
                p.clone()
            }
            None => vec!["consent".to_owned()],
        };
        let allowed_algorithms = match &self.id_token_signing_algorithms {
            Some(list) => {
                list.iter().map(|a| JwsAlgorithm::from_name(a).ok_or_else(|| ConfigError::InvalidAlgorithm(a.clone()))).collect::<Result<Vec<_>, _>>()?
            }
            None => JwsAlgorithm::ALL.to_vec(),
        };
        if allowed_algorithms.is_empty() {
            return Err(ConfigError::InvalidAlgorithm(String::new()));
        }
        Ok(ClientConfig {
            client_id: self.client_id.clone(),
            issuer,
            discovery_url,
            scopes,
            resources,
            prompt,
            leeway_seconds: self.leeway_seconds.unwrap_or(DEFAULT_LEEWAY_SECONDS).min(600),
            allowed_algorithms,
            max_token_len: DEFAULT_MAX_TOKEN_LEN,
            refresh_margin_seconds: self.refresh_margin_seconds.unwrap_or(DEFAULT_REFRESH_MARGIN_SECONDS).min(3600),
            allow_insecure_http,
            pushed_authorization: self.pushed_authorization,
            dpop: self.dpop,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[allow(unused_imports)]
    use crate::prelude::*;

    #[test]
    fn logto_endpoint_keeps_tenant_path() {
        let c = LogtoConfig::new("https://auth.example.com/tenant-a/", "app").validate().unwrap();
        assert_eq!(c.issuer, "https://auth.example.com/tenant-a/oidc");
        assert_eq!(c.discovery_url, "https://auth.example.com/tenant-a/oidc/.well-known/openid-configuration");
        assert_eq!(c.scopes, ["openid", "offline_access", "profile"]);
        assert_eq!(c.prompt, ["consent"]);
    }

    #[test]
    fn generic_issuer_is_kept_exactly() {
        let c = LogtoConfig { issuer: Some("https://x.auth0.com/".into()), client_id: "a".into(), ..Default::default() }.validate().unwrap();
        assert_eq!(c.issuer, "https://x.auth0.com/");
        assert_eq!(c.discovery_url, "https://x.auth0.com/.well-known/openid-configuration");
    }

    #[test]
    fn scopes_deduplicated_and_organizations_add_resource() {
        let mut cfg = LogtoConfig::new("https://l.dev", "app");
        cfg.scopes = vec!["email".into(), "openid".into(), "email".into(), ORGANIZATIONS_SCOPE.into()];
        cfg.resources = vec!["https://api".into(), "https://api".into()];
        let c = cfg.validate().unwrap();
        assert_eq!(c.scopes, ["openid", "offline_access", "profile", "email", ORGANIZATIONS_SCOPE]);
        assert_eq!(c.resources, ["https://api", ORGANIZATIONS_RESOURCE]);
        cfg.include_reserved_scopes = Some(false);
        assert_eq!(cfg.validate().unwrap().scopes, ["email", "openid", ORGANIZATIONS_SCOPE]);
    }

    #[test]
    fn refuses_bad_configs_with_codes() {
        let code = |c: LogtoConfig| c.validate().unwrap_err().code();
        assert_eq!(code(LogtoConfig { client_id: "a".into(), ..Default::default() }), "config.missing_endpoint");
        assert_eq!(code(LogtoConfig::new("https://l.dev", "")), "config.missing_app_id");
        assert_eq!(code(LogtoConfig::new("l.dev", "a")), "config.invalid_url");
        assert_eq!(code(LogtoConfig::new("http://l.dev", "a")), "config.insecure_url");
        let mut c = LogtoConfig::new("https://l.dev", "a");
        c.resources = vec!["api#x".into()];
        assert_eq!(code(c.clone()), "config.invalid_resource");
        c.resources = vec![];
        c.scopes = vec!["a b".into()];
        assert_eq!(code(c.clone()), "config.invalid_scope");
        c.scopes = vec![];
        c.id_token_signing_algorithms = Some(vec!["HS256".into()]);
        assert_eq!(code(c.clone()), "config.invalid_algorithm");
        c.id_token_signing_algorithms = Some(vec!["none".into()]);
        assert_eq!(code(c.clone()), "config.invalid_algorithm");
        c.id_token_signing_algorithms = None;
        c.prompt = Some(vec!["sometimes".into()]);
        assert_eq!(code(c), "config.invalid_prompt");
        let mut insecure = LogtoConfig::new("http://l.dev", "a");
        insecure.dangerously_allow_insecure_http = true;
        assert!(insecure.validate().is_ok());
    }
}
