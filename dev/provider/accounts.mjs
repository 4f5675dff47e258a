// Accounts and organizations of the dev provider. Any username signs in; `sub` is the username.

export const ORGANIZATIONS = {
  'org-acme': { id: 'org-acme', name: 'Acme', description: null },
  'org-other': { id: 'org-other', name: 'Other Inc.', description: 'An organization nobody belongs to' },
};

// Every user is a member of org-acme (role admin) and of nothing else.
const MEMBERSHIPS = [{ organizationId: 'org-acme', roles: ['admin'] }];

// Organization permissions (scopes of organization tokens) per organization role.
const ROLE_PERMISSIONS = { admin: ['read:org', 'write:org'] };
export const ORGANIZATION_PERMISSIONS = Object.values(ROLE_PERMISSIONS).flat();

export const ORGANIZATIONS_RESOURCE = 'urn:logto:resource:organizations';
export const ORGANIZATION_RESOURCE_PREFIX = 'urn:logto:organization:';

// Fixed timestamps (milliseconds, like Logto) so tokens are reproducible.
const CREATED_AT = Date.UTC(2024, 0, 15, 12, 0, 0);
const UPDATED_AT = Date.UTC(2024, 5, 1, 8, 30, 0);

export function membershipsOf(/* accountId */) {
  return MEMBERSHIPS;
}

export function isMember(accountId, organizationId) {
  return membershipsOf(accountId).some((m) => m.organizationId === organizationId);
}

/** Resource indicators of the organizations the account belongs to, with its permissions there. */
export function organizationGrantsOf(accountId) {
  return membershipsOf(accountId).map((m) => ({
    indicator: ORGANIZATION_RESOURCE_PREFIX + m.organizationId,
    permissions: [...new Set(m.roles.flatMap((r) => ROLE_PERMISSIONS[r] ?? []))],
  }));
}

/** All claims of a user, keyed by claim name; oidc-provider masks them by the granted scopes. */
function allClaims(accountId, use) {
  const memberships = membershipsOf(accountId);
  const claims = {
    sub: accountId,
    // profile
    name: `User ${accountId}`,
    picture: `https://example.com/avatars/${encodeURIComponent(accountId)}.png`,
    username: accountId,
    created_at: CREATED_AT,
    updated_at: UPDATED_AT,
    // email
    email: `${accountId}@example.com`,
    email_verified: true,
    // phone
    phone_number: '+15555550100',
    phone_number_verified: false,
    // roles
    roles: ['user'],
    // organizations (ID token + userinfo)
    organizations: memberships.map((m) => m.organizationId),
    organization_roles: memberships.flatMap((m) => m.roles.map((r) => `${m.organizationId}:${r}`)),
  };
  if (use === 'userinfo') {
    Object.assign(claims, {
      custom_data: { plan: 'pro' },
      identities: { github: { userId: '123', details: {} } },
      sso_identities: [],
      organization_data: memberships.map((m) => ({ ...ORGANIZATIONS[m.organizationId] })),
    });
  }
  return claims;
}

/** Claims per scope, as in Logto (userinfo-only claims are only produced for use === 'userinfo'). */
export const CLAIMS = {
  openid: ['sub'],
  profile: ['name', 'picture', 'username', 'created_at', 'updated_at'],
  email: ['email', 'email_verified'],
  phone: ['phone_number', 'phone_number_verified'],
  custom_data: ['custom_data'],
  identities: ['identities', 'sso_identities'],
  roles: ['roles'],
  'urn:logto:scope:organizations': ['organizations', 'organization_data'],
  'urn:logto:scope:organization_roles': ['organization_roles'],
};

export const SCOPES = [
  'openid', 'profile', 'email', 'phone', 'offline_access', 'custom_data', 'identities', 'roles',
  'urn:logto:scope:organizations', 'urn:logto:scope:organization_roles',
];

export async function findAccount(ctx, sub) {
  if (typeof sub !== 'string' || sub === '') return undefined;
  return {
    accountId: sub,
    async claims(use) {
      return allClaims(sub, use);
    },
  };
}
