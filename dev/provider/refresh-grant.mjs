// The refresh_token grant handler of the dev provider, adapted from oidc-provider 8's own
// (lib/actions/grants/refresh_token.js) the way Logto adapts it:
// - refresh tokens rotate on every use;
// - reusing an already-consumed refresh token within REUSE_INTERVAL_MS of its consumption is
//   tolerated (a new token set is issued); later reuse revokes the whole grant (invalid_grant);
// - `organization_id` (without `resource`) issues an organization token (JWT, aud
//   urn:logto:organization:<id>) for organizations the user is a member of;
// - `organization_id` with `resource` issues an API token carrying an `organization_id` claim.
// - DPoP (RFC 9449) as in the original: a refresh token bound to a key (`jkt`) needs a proof
//   with that key, and the new tokens stay bound to it.
// mTLS and RAR support of the original are dropped: the dev client uses neither.
import { errors } from 'oidc-provider';
import instance from 'oidc-provider/lib/helpers/weak_cache.js';
import revoke from 'oidc-provider/lib/helpers/revoke.js';
import filterClaims from 'oidc-provider/lib/helpers/filter_claims.js';
import resolveResource from 'oidc-provider/lib/helpers/resolve_resource.js';
import dpopValidate, { DPOP_OK_WINDOW } from 'oidc-provider/lib/helpers/validate_dpop.js';
import epochTime from 'oidc-provider/lib/helpers/epoch_time.js';

import { isMember, ORGANIZATION_RESOURCE_PREFIX, ORGANIZATIONS } from './accounts.mjs';

const { InvalidGrant, InvalidScope, InvalidTarget, InvalidRequest } = errors;

export const REUSE_INTERVAL_MS = 3000;
const GTY = 'refresh_token';

export function createRefreshTokenGrant({ stats, reuseIntervalMs = REUSE_INTERVAL_MS } = {}) {
  // jti -> time (ms) the refresh token was first consumed; the adapter only keeps seconds.
  const consumedAt = new Map();

  const consumedAtMs = (token) => consumedAt.get(token.jti) ?? token.consumed * 1000;
  const reuseTolerated = (token) => Date.now() - consumedAtMs(token) <= reuseIntervalMs;

  async function handler(ctx, next) {
    const { params } = ctx.oidc;
    if (!params.refresh_token) throw new InvalidRequest("missing required parameter 'refresh_token'");

    const { conformIdTokenClaims, features: { userinfo, resourceIndicators, dPoP: { allowReplay } } } = instance(ctx.oidc.provider).configuration();
    const { RefreshToken, Account, AccessToken, IdToken, Grant, ReplayDetection } = ctx.oidc.provider;
    const { client } = ctx.oidc;
    const dPoP = await dpopValidate(ctx);

    let refreshToken = await RefreshToken.find(params.refresh_token, { ignoreExpiration: true });
    if (!refreshToken) throw new InvalidGrant('refresh token not found');
    if (refreshToken.clientId !== client.clientId) throw new InvalidGrant('client mismatch');
    if (refreshToken.isExpired) throw new InvalidGrant('refresh token is expired');

    const grant = await Grant.find(refreshToken.grantId, { ignoreExpiration: true });
    if (!grant) throw new InvalidGrant('grant not found');
    if (grant.isExpired) throw new InvalidGrant('grant is expired');
    if (grant.clientId !== client.clientId) throw new InvalidGrant('client mismatch');

    if (params.scope) {
      const missing = [...ctx.oidc.requestParamScopes].filter((s) => !refreshToken.scopes.has(s));
      if (missing.length !== 0) {
        throw new InvalidScope(`refresh token missing requested scope${missing.length > 1 ? 's' : ''}`, missing.join(' '));
      }
    }

    if (dPoP && !allowReplay) {
      const unique = await ReplayDetection.unique(client.clientId, dPoP.jti, epochTime() + DPOP_OK_WINDOW);
      if (!unique) throw new InvalidGrant('DPoP proof JWT Replay detected');
    }
    if (refreshToken.jkt && (!dPoP || refreshToken.jkt !== dPoP.thumbprint)) throw new InvalidGrant('failed jkt verification');

    ctx.oidc.entity('RefreshToken', refreshToken);
    ctx.oidc.entity('Grant', grant);

    const account = await Account.findAccount(ctx, refreshToken.accountId, refreshToken);
    if (!account) throw new InvalidGrant('refresh token invalid (referenced account not found)');
    if (refreshToken.accountId !== grant.accountId) throw new InvalidGrant('accountId mismatch');
    ctx.oidc.entity('Account', account);

    // Logto's reuse rule: a consumed refresh token is still accepted for a short while (two
    // tabs or a retried request refreshing at once); later reuse means it leaked: revoke the grant.
    if (refreshToken.consumed && !reuseTolerated(refreshToken)) {
      await Promise.all([refreshToken.destroy(), revoke(ctx, refreshToken.grantId)]);
      if (stats) stats.grantRevocations += 1;
      throw new InvalidGrant('refresh token already used');
    }

    // Validate the requested audience before anything is consumed.
    const scope = params.scope ? ctx.oidc.requestParamScopes : refreshToken.scopes;
    const organizationId = params.organization_id;

    let resource;
    if (organizationId !== undefined) {
      if (!refreshToken.scopes.has('urn:logto:scope:organizations')) {
        throw new InvalidScope('refresh token missing required scope', 'urn:logto:scope:organizations');
      }
      if (!ORGANIZATIONS[organizationId] || !isMember(account.accountId, organizationId)) {
        throw new InvalidTarget('organization not found or the user is not a member of it');
      }
    }
    if (organizationId !== undefined && !params.resource) {
      resource = ORGANIZATION_RESOURCE_PREFIX + organizationId;
      if (!grant.resources || grant.resources[resource] === undefined) {
        throw new InvalidTarget('organization was not granted to this client');
      }
    } else {
      resource = await resolveResource(ctx, refreshToken, { userinfo, resourceIndicators }, scope);
    }

    if (refreshToken.consumed) {
      if (stats) stats.toleratedReuses += 1;
    } else {
      await refreshToken.consume();
      consumedAt.set(refreshToken.jti, Date.now());
    }
    ctx.oidc.entity('RotatedRefreshToken', refreshToken);

    // Always rotate.
    refreshToken = new RefreshToken({
      accountId: refreshToken.accountId,
      acr: refreshToken.acr,
      amr: refreshToken.amr,
      authTime: refreshToken.authTime,
      claims: refreshToken.claims,
      client,
      expiresWithSession: refreshToken.expiresWithSession,
      iiat: refreshToken.iiat,
      grantId: refreshToken.grantId,
      gty: refreshToken.gty && !refreshToken.gty.endsWith(GTY) ? `${refreshToken.gty} ${GTY}` : refreshToken.gty,
      nonce: refreshToken.nonce,
      resource: refreshToken.resource,
      rotations: typeof refreshToken.rotations === 'number' ? refreshToken.rotations + 1 : 1,
      scope: refreshToken.scope,
      sessionUid: refreshToken.sessionUid,
      sid: refreshToken.sid,
      jkt: refreshToken.jkt,
    });
    ctx.oidc.entity('RefreshToken', refreshToken);
    const refreshTokenValue = await refreshToken.save();

    const at = new AccessToken({
      accountId: account.accountId,
      client,
      expiresWithSession: refreshToken.expiresWithSession,
      grantId: refreshToken.grantId,
      gty: refreshToken.gty,
      sessionUid: refreshToken.sessionUid,
      sid: refreshToken.sid,
    });
    if (dPoP) at.setThumbprint('jkt', dPoP.thumbprint);

    if (resource) {
      const info = await resourceIndicators.getResourceServerInfo(ctx, resource, client);
      at.resourceServer = new ctx.oidc.provider.ResourceServer(resource, info);
      at.scope = grant.getResourceScopeFiltered(
        resource,
        [...scope].filter(Set.prototype.has.bind(at.resourceServer.scopes)),
      );
    } else {
      at.claims = refreshToken.claims;
      at.scope = grant.getOIDCScopeFiltered(scope);
    }

    ctx.oidc.entity('AccessToken', at);
    const accessToken = await at.save();

    let idToken;
    if (scope.has('openid')) {
      const claims = filterClaims(refreshToken.claims, 'id_token', grant);
      const rejected = grant.getRejectedOIDCClaims();
      const token = new IdToken({
        ...await account.claims('id_token', [...scope].join(' '), claims, rejected),
        acr: refreshToken.acr,
        amr: refreshToken.amr,
        auth_time: refreshToken.authTime,
      }, { ctx });
      token.scope = conformIdTokenClaims && userinfo.enabled && !at.aud
        ? 'openid'
        : grant.getOIDCScopeFiltered(scope);
      token.mask = claims;
      token.rejected = rejected;
      token.set('nonce', refreshToken.nonce);
      token.set('at_hash', accessToken);
      token.set('sid', refreshToken.sid);
      idToken = await token.issue({ use: 'idtoken' });
    }

    ctx.body = {
      access_token: accessToken,
      expires_in: at.expiration,
      id_token: idToken,
      refresh_token: refreshTokenValue,
      scope: refreshToken.scope ? at.scope : (at.scope || undefined),
      token_type: at.tokenType,
    };

    await next();
  }

  /** Whether a refresh token could still be used (without consuming it). */
  async function isAlive(provider, value) {
    if (typeof value !== 'string' || value === '') return false;
    const token = await provider.RefreshToken.find(value, { ignoreExpiration: true });
    if (!token || token.isExpired) return false;
    const grant = await provider.Grant.find(token.grantId, { ignoreExpiration: true });
    if (!grant || grant.isExpired) return false;
    if (token.consumed && !reuseTolerated(token)) return false;
    return true;
  }

  return {
    handler,
    parameters: ['refresh_token', 'scope', 'resource', 'organization_id'],
    dupes: ['resource'],
    isAlive,
  };
}
