//! The sample's configuration: the dev provider (`npm run provider`, dev/README.md) and the
//! static server on port 3000 (`scripts/demo.sh` starts both).

use logto_wasm_leptos::{FirstScreen, LogtoConfig, SignInOptions};

/// The Logto endpoint (the issuer is `{ENDPOINT}/oidc`): the dev provider of `scripts/demo.sh`,
/// or the one named at build time by `LOGTO_ENDPOINT` (the e2e tests build the sample for the
/// provider of their run).
pub const ENDPOINT: &str = match option_env!("LOGTO_ENDPOINT") {
    Some(endpoint) => endpoint,
    None => "http://localhost:3001",
};
/// The application registered with the dev provider.
pub const APP_ID: &str = "logto-wasm-demo";
/// Where the app is served (http://localhost:3000 under `scripts/demo.sh`).
fn app_origin() -> String {
    leptos::prelude::window().location().origin().unwrap_or_default()
}

/// Registered redirect URI: the app's `/callback` route.
pub fn redirect_uri() -> String {
    format!("{}/callback", app_origin())
}

/// Registered post-logout redirect URI: the home page.
pub fn post_logout_redirect_uri() -> String {
    format!("{}/", app_origin())
}
/// The API resource whose access token the profile page shows.
pub const API_RESOURCE: &str = "https://api.example.com";
/// The organization whose token the profile page shows (every dev user is a member).
pub const ORGANIZATION_ID: &str = "org-acme";

/// The client configuration.
pub fn logto_config() -> LogtoConfig {
    let mut config = LogtoConfig::new(ENDPOINT, APP_ID);
    config.scopes = ["email", "phone", "custom_data", "identities", "roles", "urn:logto:scope:organizations", "urn:logto:scope:organization_roles"]
        .map(String::from)
        .to_vec();
    config.resources = vec![API_RESOURCE.to_owned()];
    config
}

/// Options of a sign-in started from the home page; `first_screen` picks Logto's register
/// screen for "Create account".
pub fn sign_in_options(first_screen: Option<FirstScreen>) -> SignInOptions {
    let mut options = SignInOptions::new(redirect_uri());
    options.first_screen = first_screen;
    options
}
