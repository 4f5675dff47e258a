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
    #[wasm_bindgen(getter = OpenId, unchecked_return_type = "'openid'")]
    pub fn open_id() -> String {
        Scope::OpenId.as_str().into()
    }
    /// `profile`: `name`, `picture`, `username`, `created_at`, `updated_at` (ms).
    #[wasm_bindgen(getter = Profile, unchecked_return_type = "'profile'")]
    pub fn profile() -> String {
        Scope::Profile.as_str().into()
    }
    /// `offline_access`: a refresh token.
    #[wasm_bindgen(getter = OfflineAccess, unchecked_return_type = "'offline_access'")]
    pub fn offline_access() -> String {
        Scope::OfflineAccess.as_str().into()
    }
    /// `email`: `email`, `email_verified`.
    #[wasm_bindgen(getter = Email, unchecked_return_type = "'email'")]
    pub fn email() -> String {
        Scope::Email.as_str().into()
    }
    /// `phone`: `phone_number`, `phone_number_verified`.
    #[wasm_bindgen(getter = Phone, unchecked_return_type = "'phone'")]
    pub fn phone() -> String {
        Scope::Phone.as_str().into()
    }
    /// `address`: `address`.
    #[wasm_bindgen(getter = Address, unchecked_return_type = "'address'")]
    pub fn address() -> String {
        Scope::Address.as_str().into()
    }
    /// `custom_data`: `custom_data` (userinfo).
    #[wasm_bindgen(getter = CustomData, unchecked_return_type = "'custom_data'")]
    pub fn custom_data() -> String {
        Scope::CustomData.as_str().into()
    }
    /// `identities`: `identities`, `sso_identities` (userinfo).
    #[wasm_bindgen(getter = Identities, unchecked_return_type = "'identities'")]
    pub fn identities() -> String {
        Scope::Identities.as_str().into()
    }
    /// `roles`: `roles`.
    #[wasm_bindgen(getter = Roles, unchecked_return_type = "'roles'")]
    pub fn roles() -> String {
        Scope::Roles.as_str().into()
    }
    /// `urn:logto:scope:organizations`: `organizations`; `organization_data` (userinfo).
    #[wasm_bindgen(getter = Organizations, unchecked_return_type = "'urn:logto:scope:organizations'")]
    pub fn organizations() -> String {
        Scope::Organizations.as_str().into()
    }
    /// `urn:logto:scope:organization_roles`: `organization_roles`.
    #[wasm_bindgen(getter = OrganizationRoles, unchecked_return_type = "'urn:logto:scope:organization_roles'")]
    pub fn organization_roles() -> String {
        Scope::OrganizationRoles.as_str().into()
    }
}
