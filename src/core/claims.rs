//! Logto's user scopes and the claims they grant, and typed views of ID-token and userinfo
//! claims.
//!
//! | scope | ID-token claims | userinfo-only claims |
//! |---|---|---|
//! | `openid` | `sub` | |
//! | `profile` | `name`, `picture`, `username`, `created_at`, `updated_at` (milliseconds), other standard profile claims when non-empty | |
//! | `email` | `email`, `email_verified` | |
//! | `phone` | `phone_number`, `phone_number_verified` | |
//! | `address` | `address` | |
//! | `custom_data` | | `custom_data` |
//! | `identities` | | `identities`, `sso_identities` |
//! | `roles` | `roles` | |
//! | `urn:logto:scope:organizations` | `organizations` | `organization_data` |
//! | `urn:logto:scope:organization_roles` | `organization_roles` (`<org id>:<role>`) | |

#[allow(unused_imports)]
use crate::prelude::*;

use alloc::collections::BTreeMap;

use crate::core::json::{JsonError, Object, Value};

/// A Logto user scope.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum UserScope {
    /// `sub`. Always requested.
    OpenId,
    /// `name`, `picture`, `username`, `created_at`, `updated_at`. Requested by default.
    Profile,
    /// A refresh token. Requested by default.
    OfflineAccess,
    /// `email`, `email_verified` (ID token).
    Email,
    /// `phone_number`, `phone_number_verified` (ID token).
    Phone,
    /// `address` (ID token).
    Address,
    /// `custom_data` (userinfo only).
    CustomData,
    /// `identities`, `sso_identities` (userinfo only).
    Identities,
    /// `roles` (ID token).
    Roles,
    /// `organizations` (ID token), `organization_data` (userinfo only); enables organization tokens.
    Organizations,
    /// `organization_roles` (ID token).
    OrganizationRoles,
}

impl UserScope {
    /// Every user scope.
    pub const ALL: [UserScope; 11] = [
        UserScope::OpenId,
        UserScope::Profile,
        UserScope::OfflineAccess,
        UserScope::Email,
        UserScope::Phone,
        UserScope::Address,
        UserScope::CustomData,
        UserScope::Identities,
        UserScope::Roles,
        UserScope::Organizations,
        UserScope::OrganizationRoles,
    ];

    /// The scope string.
    pub fn as_str(self) -> &'static str {
        match self {
            UserScope::OpenId => "openid",
            UserScope::Profile => "profile",
            UserScope::OfflineAccess => "offline_access",
            UserScope::Email => "email",
            UserScope::Phone => "phone",
            UserScope::Address => "address",
            UserScope::CustomData => "custom_data",
            UserScope::Identities => "identities",
            UserScope::Roles => "roles",
            UserScope::Organizations => "urn:logto:scope:organizations",
            UserScope::OrganizationRoles => "urn:logto:scope:organization_roles",
        }
    }

    /// Claims this scope puts in the ID token.
    pub fn id_token_claims(self) -> &'static [&'static str] {
        match self {
            UserScope::OpenId => &["sub"],
            UserScope::Profile => &["name", "picture", "username", "created_at", "updated_at"],
            UserScope::OfflineAccess | UserScope::CustomData | UserScope::Identities => &[],
            UserScope::Email => &["email", "email_verified"],
            UserScope::Phone => &["phone_number", "phone_number_verified"],
            UserScope::Address => &["address"],
            UserScope::Roles => &["roles"],
            UserScope::Organizations => &["organizations"],
            UserScope::OrganizationRoles => &["organization_roles"],
        }
    }

    /// Claims this scope only returns from the userinfo endpoint (`fetch_user_info`).
    pub fn userinfo_only_claims(self) -> &'static [&'static str] {
        match self {
            UserScope::CustomData => &["custom_data"],
            UserScope::Identities => &["identities", "sso_identities"],
            UserScope::Organizations => &["organization_data"],
            _ => &[],
        }
    }
}

/// A linked social identity (`identities.<target>`).
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Identity {
    /// The user's ID at the social provider (`userId`).
    #[cfg_attr(feature = "serde", serde(rename = "userId"))]
    pub user_id: String,
    /// The profile the connector got from the social provider (email, name, avatar, ...);
    /// its shape depends on the connector. Empty when absent.
    #[cfg_attr(feature = "serde", serde(default))]
    pub details: Object,
}

/// An organization the user belongs to (`organization_data`).
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct OrganizationData {
    /// The organization ID, as in `organizations` and in organization tokens.
    pub id: String,
    /// The organization's display name.
    pub name: String,
    /// The organization's description, if it has one.
    #[cfg_attr(feature = "serde", serde(default))]
    pub description: Option<String>,
}

/// Typed Logto user claims, from the ID token or the userinfo response. Every field is
/// optional: which ones are present depends on the scopes (see the module table). Logto sends
/// `null` for empty profile values.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize), serde(default))]
pub struct UserClaims {
    /// Subject: the Logto user ID (scope `openid`). Always present in a verified ID token.
    pub sub: Option<String>,
    /// Full name (scope `profile`).
    pub name: Option<String>,
    /// Avatar URL (scope `profile`).
    pub picture: Option<String>,
    /// Logto username (scope `profile`).
    pub username: Option<String>,
    /// Milliseconds since the Unix epoch (Logto), not seconds.
    pub created_at: Option<i64>,
    /// Milliseconds since the Unix epoch (Logto), not seconds.
    pub updated_at: Option<i64>,
    /// Primary email address (scope `email`).
    pub email: Option<String>,
    /// Whether the email address is verified (scope `email`).
    pub email_verified: Option<bool>,
    /// Primary phone number (scope `phone`).
    pub phone_number: Option<String>,
    /// Whether the phone number is verified (scope `phone`).
    pub phone_number_verified: Option<bool>,
    /// Postal address (scope `address`), the JSON object of OIDC Core §5.1.1 (`formatted`,
    /// `street_address`, `locality`, `region`, `postal_code`, `country`).
    pub address: Option<Value>,
    /// Names of the user's roles (scope `roles`).
    pub roles: Option<Vec<String>>,
    /// IDs of the organizations the user belongs to (scope `urn:logto:scope:organizations`).
    pub organizations: Option<Vec<String>>,
    /// `<organization id>:<role name>` (scope `urn:logto:scope:organization_roles`); see
    /// [`UserClaims::organization_roles_in`].
    pub organization_roles: Option<Vec<String>>,
    /// The user's organizations with their names (scope `urn:logto:scope:organizations`,
    /// userinfo only).
    pub organization_data: Option<Vec<OrganizationData>>,
    /// The user's custom data, a JSON object set by the app or admins (scope `custom_data`,
    /// userinfo only).
    pub custom_data: Option<Value>,
    /// Linked social identities by connector target, e.g. `github` (scope `identities`,
    /// userinfo only).
    pub identities: Option<BTreeMap<String, Identity>>,
    /// Enterprise SSO identities, objects with `issuer`, `identityId` and `detail` (scope
    /// `identities`, userinfo only).
    pub sso_identities: Option<Vec<Value>>,
}

impl UserClaims {
    /// Reads the typed claims from a claims object. A claim of an unexpected type is an error
    /// naming it.
    pub fn from_claims(c: &Object) -> Result<UserClaims, JsonError> {
        let any = |name: &'static str| c.get(name).filter(|v| !v.is_null()).cloned();
        let list = |name: &'static str| -> Result<Option<Vec<Value>>, JsonError> {
            match c.get(name) {
                None | Some(Value::Null) => Ok(None),
                Some(Value::Array(items)) => Ok(Some(items.clone())),
                Some(_) => Err(JsonError::field(name, "expected a list")),
            }
        };
        let organization_data = match list("organization_data")? {
            None => None,
            Some(items) => Some(
                items
                    .iter()
                    .map(|item| {
                        let o = item.as_object().ok_or(JsonError::field("organization_data", "expected a list of objects"))?;
                        Ok(OrganizationData { id: o.req_str("id")?, name: o.req_str("name")?, description: o.opt_str("description")? })
                    })
                    .collect::<Result<Vec<_>, JsonError>>()?,
            ),
        };
        let identities = match c.opt_object("identities")? {
            None => None,
            Some(o) => Some(
                o.iter()
                    .map(|(target, v)| {
                        let i = v.as_object().ok_or(JsonError::field("identities", "expected objects"))?;
                        let details = i.opt_object("details")?.cloned().unwrap_or_default();
                        Ok((target.to_owned(), Identity { user_id: i.req_str("userId")?, details }))
                    })
                    .collect::<Result<BTreeMap<_, _>, JsonError>>()?,
            ),
        };
        Ok(UserClaims {
            sub: c.opt_str("sub")?,
            name: c.opt_str("name")?,
            picture: c.opt_str("picture")?,
            username: c.opt_str("username")?,
            created_at: c.opt_i64("created_at")?,
            updated_at: c.opt_i64("updated_at")?,
            email: c.opt_str("email")?,
            email_verified: c.opt_bool("email_verified")?,
            phone_number: c.opt_str("phone_number")?,
            phone_number_verified: c.opt_bool("phone_number_verified")?,
            address: any("address"),
            roles: c.opt_str_list("roles")?,
            organizations: c.opt_str_list("organizations")?,
            organization_roles: c.opt_str_list("organization_roles")?,
            organization_data,
            custom_data: any("custom_data"),
            identities,
            sso_identities: list("sso_identities")?,
        })
    }

    /// The roles in `organization_roles` for one organization.
    pub fn organization_roles_in(&self, organization_id: &str) -> Vec<&str> {
        self.organization_roles.iter().flatten().filter_map(|r| r.split_once(':')).filter(|(org, _)| *org == organization_id).map(|(_, role)| role).collect()
    }
}

impl crate::core::id_token::IdTokenClaims {
    /// Logto's user claims in this ID token, typed.
    pub fn user(&self) -> Result<UserClaims, JsonError> {
        let mut map = self.other.clone();
        map.insert("sub", Value::String(self.sub.clone()));
        UserClaims::from_claims(&map)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[allow(unused_imports)]
    use crate::prelude::*;
    use serde_json::json;

    fn obj(v: serde_json::Value) -> Object {
        crate::core::json::parse_object(v.to_string().as_bytes()).unwrap()
    }

    #[test]
    fn scope_strings_and_claims() {
        assert_eq!(UserScope::Organizations.as_str(), "urn:logto:scope:organizations");
        assert_eq!(UserScope::Identities.userinfo_only_claims(), ["identities", "sso_identities"]);
        assert!(UserScope::CustomData.id_token_claims().is_empty());
        let strings: std::collections::HashSet<_> = UserScope::ALL.iter().map(|s| s.as_str()).collect();
        assert_eq!(strings.len(), UserScope::ALL.len());
    }

    #[test]
    fn typed_userinfo() {
        let info = json!({
            "sub": "alice", "name": null, "username": "alice", "created_at": 1_700_000_000_123i64,
            "email": "alice@example.com", "email_verified": true,
            "custom_data": {"plan": "pro"},
            "identities": {"github": {"userId": "123", "details": {"login": "alice"}}},
            "organizations": ["org-acme"], "organization_roles": ["org-acme:admin", "org-b:viewer"],
            "organization_data": [{"id": "org-acme", "name": "Acme", "description": null}],
            "unknown_claim": 1
        });
        let c = UserClaims::from_claims(&obj(info.clone())).unwrap();
        assert_eq!(c.name, None);
        assert_eq!(c.created_at, Some(1_700_000_000_123));
        assert_eq!(c.identities.unwrap()["github"].user_id, "123");
        assert_eq!(c.organization_data.unwrap()[0].name, "Acme");
        assert_eq!(c.custom_data.unwrap()["plan"], "pro");
        let c = UserClaims::from_claims(&obj(info.clone())).unwrap();
        assert_eq!(c.organization_roles_in("org-acme"), ["admin"]);
        assert!(UserClaims::from_claims(&obj(json!({"email_verified": "yes"}))).is_err());
    }
}
