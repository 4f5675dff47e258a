//! `UserScope`: Logto's user scopes as static properties, as in `@logto/browser`
//! (`UserScope.Email === 'email'`). Which claims each grants: see `logto_wasm::core::claims`.

use wasm_bindgen::prelude::*;

use crate::core::claims::UserScope as Scope;

/// Logto's user scopes. Claims marked "userinfo" come only from `fetchUserInfo()`.
#[wasm_bindgen(js_name = UserScope)]
pub struct JsUserScope;

#[wasm_bindgen(js_class = UserScope)]
impl JsUserScope {
    /// `openid`: `sub`.
    #[wasm_bindgen(getter = OpenId)]
    pub fn open_id() -> String {
        Scope::OpenId.as_str().into()
    }
    /// `profile`: `name`, `picture`, `username`, `created_at`, `updated_at` (ms).
    #[wasm_bindgen(getter = Profile)]
    pub fn profile() -> String {
        Scope::Profile.as_str().into()
    }
    /// `offline_access`: a refresh token.
    #[wasm_bindgen(getter = OfflineAccess)]
    pub fn offline_access() -> String {
        Scope::OfflineAccess.as_str().into()
    }
    /// `email`: `email`, `email_verified`.
    #[wasm_bindgen(getter = Email)]
    pub fn email() -> String {
        Scope::Email.as_str().into()
    }
    /// `phone`: `phone_number`, `phone_number_verified`.
    #[wasm_bindgen(getter = Phone)]
    pub fn phone() -> String {
        Scope::Phone.as_str().into()
    }
    /// `address`: `address`.
    #[wasm_bindgen(getter = Address)]
    pub fn address() -> String {
        Scope::Address.as_str().into()
    }
    /// `custom_data`: `custom_data` (userinfo).
    #[wasm_bindgen(getter = CustomData)]
    pub fn custom_data() -> String {
        Scope::CustomData.as_str().into()
    }
    /// `identities`: `identities`, `sso_identities` (userinfo).
    #[wasm_bindgen(getter = Identities)]
    pub fn identities() -> String {
        Scope::Identities.as_str().into()
    }
    /// `roles`: `roles`.
    #[wasm_bindgen(getter = Roles)]
    pub fn roles() -> String {
        Scope::Roles.as_str().into()
    }
    /// `urn:logto:scope:organizations`: `organizations`; `organization_data` (userinfo).
    #[wasm_bindgen(getter = Organizations)]
    pub fn organizations() -> String {
        Scope::Organizations.as_str().into()
    }
    /// `urn:logto:scope:organization_roles`: `organization_roles`.
    #[wasm_bindgen(getter = OrganizationRoles)]
    pub fn organization_roles() -> String {
        Scope::OrganizationRoles.as_str().into()
    }
}
