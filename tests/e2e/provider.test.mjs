// Fast checks of the dev provider itself, from Node (no browser, no SDK).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { createLocalJWKSet, decodeJwt, decodeProtectedHeader, jwtVerify } from 'jose';

import {
  APP_ORIGIN, CLIENT_ID, E2E_CALLBACK, PROVIDER_ORIGIN, authorize, freePort, jarFetch, postForm, refresh,
  signInFromNode, sleep, startProvider,
} from './lib.mjs';

async function getJson(url, init) {
  const res = await fetch(url, init);
  return { status: res.status, headers: res.headers, body: await res.json() };
}

describe('dev provider (ES384, sign-in form)', { timeout: 60_000 }, () => {
  let provider;
  let issuer;
  let jwks;

  before(async () => {
    provider = await startProvider();
    issuer = provider.issuer;
    jwks = createLocalJWKSet((await getJson(`${issuer}/jwks`)).body);
  });
  after(async () => { await provider?.stop(); });

  test('discovery looks like Logto', async () => {
    const { status, body, headers } = await getJson(`${issuer}/.well-known/openid-configuration`, {
      headers: { origin: APP_ORIGIN },
    });
    assert.equal(status, 200);
    assert.ok(headers.get('access-control-allow-origin'), 'discovery allows CORS');
    assert.equal(body.issuer, `${PROVIDER_ORIGIN}/oidc`);
    assert.equal(body.authorization_endpoint, `${issuer}/auth`);
    assert.equal(body.token_endpoint, `${issuer}/token`);
    assert.equal(body.userinfo_endpoint, `${issuer}/me`);
    assert.equal(body.jwks_uri, `${issuer}/jwks`);
    assert.equal(body.end_session_endpoint, `${issuer}/session/end`);
    assert.equal(body.revocation_endpoint, `${issuer}/token/revocation`);
    assert.equal(body.authorization_response_iss_parameter_supported, true);
    assert.deepEqual(body.id_token_signing_alg_values_supported, ['ES384']);
    assert.deepEqual(body.code_challenge_methods_supported, ['S256']);
    for (const scope of ['openid', 'profile', 'email', 'phone', 'offline_access', 'custom_data', 'identities',
      'roles', 'urn:logto:scope:organizations', 'urn:logto:scope:organization_roles']) {
      assert.ok(body.scopes_supported.includes(scope), `scope ${scope} supported`);
    }
  });

  test('JWKS publishes one ES384 signing key with kid', async () => {
    const { body } = await getJson(`${issuer}/jwks`);
    assert.equal(body.keys.length, 1);
    const [key] = body.keys;
    assert.equal(key.alg, 'ES384');
    assert.equal(key.use, 'sig');
    assert.equal(key.crv, 'P-384');
    assert.ok(key.kid);
    assert.equal(key.d, undefined, 'no private part');
  });

  test('code flow: callback carries iss, tokens and claims like Logto', async () => {
    await provider.dev.reset();
    const flow = await signInFromNode(issuer, { username: 'alice' });
    assert.equal(flow.callback.origin + flow.callback.pathname, E2E_CALLBACK);
    assert.equal(flow.callback.searchParams.get('state'), flow.state);
    assert.equal(flow.callback.searchParams.get('iss'), issuer);

    const { tokens } = flow;
    assert.equal(tokens.token_type, 'Bearer');
    assert.ok(tokens.refresh_token, 'offline_access yields a refresh token');
    assert.ok(!tokens.access_token.includes('.'), 'first access token is opaque');

    const { payload, protectedHeader } = await jwtVerify(tokens.id_token, jwks, {
      issuer, audience: CLIENT_ID, algorithms: ['ES384'],
    });
    assert.equal(protectedHeader.alg, 'ES384');
    assert.equal(payload.sub, 'alice');
    assert.equal(payload.nonce, flow.nonce);
    assert.equal(payload.username, 'alice');
    assert.equal(payload.email, 'alice@example.com');
    assert.equal(payload.email_verified, true);
    assert.ok(payload.created_at > 1e12 && payload.updated_at > 1e12, 'timestamps in milliseconds');
    assert.deepEqual(payload.organizations, ['org-acme']);
    assert.equal(payload.custom_data, undefined, 'custom_data only from userinfo');
    assert.equal(payload.organization_data, undefined, 'organization_data only from userinfo');

    const userinfo = await getJson(`${issuer}/me`, { headers: { authorization: `Bearer ${tokens.access_token}` } });
    assert.equal(userinfo.status, 200);
    assert.equal(userinfo.body.sub, 'alice');
    assert.deepEqual(userinfo.body.custom_data, { plan: 'pro' });
    assert.deepEqual(userinfo.body.identities, { github: { userId: '123', details: {} } });
    assert.deepEqual(userinfo.body.organization_data, [{ id: 'org-acme', name: 'Acme', description: null }]);

    // Recorded requests: raw query and ordered params of /oidc/auth, the token request.
    const records = await provider.dev.requests();
    const auth = records.find((r) => r.path === '/oidc/auth');
    assert.ok(auth.query.startsWith(`client_id=logto-wasm-demo&redirect_uri=${encodeURIComponent(E2E_CALLBACK)}&code_challenge=`));
    assert.deepEqual(auth.params.slice(0, 2), [['client_id', CLIENT_ID], ['redirect_uri', E2E_CALLBACK]]);
    const token = records.find((r) => r.path === '/oidc/token');
    assert.equal(token.grant_type, 'authorization_code');
    assert.equal(token.status, 200);
    assert.deepEqual(token.params.map(([k]) => k), ['client_id', 'code', 'code_verifier', 'redirect_uri', 'grant_type']);
    assert.ok(records.some((r) => r.path === '/oidc/me' && r.status === 200));
  });

  test('Logto extra parameters are accepted and phone/roles/organization_roles claims are served', async () => {
    const flow = await signInFromNode(issuer, {
      username: 'bob',
      scope: 'openid offline_access profile phone roles urn:logto:scope:organizations urn:logto:scope:organization_roles',
      params: {
        login_hint: 'bob', first_screen: 'identifier:sign_in', identifier: 'email phone',
        direct_sign_in: 'social:google', organization_id: 'org-acme', ui_locales: 'en', one_time_token: 'x',
      },
    });
    const claims = decodeJwt(flow.tokens.id_token);
    assert.equal(claims.sub, 'bob');
    assert.equal(claims.phone_number, '+15555550100');
    assert.deepEqual(claims.roles, ['user']);
    assert.deepEqual(claims.organization_roles, ['org-acme:admin']);
    assert.equal(claims.email, undefined, 'no email scope, no email claim');
  });

  test('prompt=login (without consent) issues no refresh token, like Logto', async () => {
    const flow = await signInFromNode(issuer, { username: 'henry', params: { prompt: 'login' } });
    assert.equal(flow.tokens.refresh_token, undefined);
    assert.equal(decodeJwt(flow.tokens.id_token).sub, 'henry');
  });

  test('a code is single-use and needs the right PKCE verifier', async () => {
    const flow = await authorize(issuer, { username: 'carol' });
    const code = new URL(flow.callbackUrl).searchParams.get('code');
    const body = [['client_id', CLIENT_ID], ['code', code], ['redirect_uri', E2E_CALLBACK], ['grant_type', 'authorization_code']];
    const wrong = await postForm(`${issuer}/token`, [...body, ['code_verifier', `${flow.verifier}x`]]);
    assert.equal(wrong.status, 400);
    assert.equal(wrong.body.error, 'invalid_grant');
    assert.equal(wrong.body.code, 'oidc.invalid_grant');
    assert.equal(typeof wrong.body.message, 'string');

    const flow2 = await authorize(issuer, { username: 'carol', jar: flow.jar });
    const code2 = new URL(flow2.callbackUrl).searchParams.get('code');
    const body2 = [['client_id', CLIENT_ID], ['code', code2], ['code_verifier', flow2.verifier], ['redirect_uri', E2E_CALLBACK], ['grant_type', 'authorization_code']];
    assert.equal((await postForm(`${issuer}/token`, body2)).status, 200);
    const again = await postForm(`${issuer}/token`, body2);
    assert.equal(again.status, 400);
    assert.equal(again.body.code, 'oidc.invalid_grant');
  });

  test('token endpoint allows CORS from the app origin only', async () => {
    const flow = await signInFromNode(issuer, { username: 'dave' });
    const ok = await refresh(issuer, flow.tokens.refresh_token);
    assert.equal(ok.status, 200);
    const fromApp = await postForm(`${issuer}/token`, [['client_id', CLIENT_ID], ['refresh_token', ok.body.refresh_token], ['grant_type', 'refresh_token']], { origin: APP_ORIGIN });
    assert.equal(fromApp.status, 200);
    assert.equal(fromApp.headers.get('access-control-allow-origin'), APP_ORIGIN);
    const fromElsewhere = await postForm(`${issuer}/token`, [['client_id', CLIENT_ID], ['refresh_token', fromApp.body.refresh_token], ['grant_type', 'refresh_token']], { origin: 'http://localhost:4000' });
    assert.notEqual(fromElsewhere.headers.get('access-control-allow-origin'), 'http://localhost:4000');
  });

  test('refresh tokens rotate; reuse within 3 s is tolerated, later reuse revokes the grant', async () => {
    const { tokens } = await signInFromNode(issuer, { username: 'erin' });
    await provider.dev.reset();
    const first = await refresh(issuer, tokens.refresh_token);
    assert.equal(first.status, 200);
    assert.notEqual(first.body.refresh_token, tokens.refresh_token, 'rotated');
    assert.equal(decodeJwt(first.body.id_token).sub, 'erin');

    // Reuse of the consumed token right away: tolerated, new token set.
    const reuse = await refresh(issuer, tokens.refresh_token);
    assert.equal(reuse.status, 200, JSON.stringify(reuse.body));
    assert.ok(reuse.body.refresh_token);
    assert.equal(await provider.dev.refreshTokenAlive(first.body.refresh_token), true);

    await sleep(3300);
    assert.equal(await provider.dev.refreshTokenAlive(tokens.refresh_token), false, 'consumed token is dead after 3 s');
    const late = await refresh(issuer, tokens.refresh_token);
    assert.equal(late.status, 400);
    assert.equal(late.body.error, 'invalid_grant');
    assert.equal(late.body.code, 'oidc.invalid_grant');

    // The whole grant is gone: the tokens issued from it no longer work.
    assert.equal(await provider.dev.refreshTokenAlive(first.body.refresh_token), false);
    const afterRevoke = await refresh(issuer, first.body.refresh_token);
    assert.equal(afterRevoke.status, 400);
    assert.equal(afterRevoke.body.code, 'oidc.invalid_grant');

    const stats = await provider.dev.stats();
    assert.equal(stats.grantRevocations, 1);
    assert.equal(stats.toleratedReuses, 1);
    assert.equal(stats.tokenRequests.refresh_token, 4);
    assert.equal(stats.refreshTokensIssued, 2);
  });

  test('resource and organization tokens', async () => {
    const { tokens } = await signInFromNode(issuer, { username: 'frank' });

    const api = await refresh(issuer, tokens.refresh_token, [['resource', 'https://api.example.com']]);
    assert.equal(api.status, 200, JSON.stringify(api.body));
    const { payload: apiClaims, protectedHeader } = await jwtVerify(api.body.access_token, jwks, {
      issuer, audience: 'https://api.example.com', algorithms: ['ES384'],
    });
    assert.equal(protectedHeader.typ, 'at+jwt');
    assert.equal(apiClaims.sub, 'frank');
    assert.equal(apiClaims.client_id, CLIENT_ID);

    const api2 = await refresh(issuer, api.body.refresh_token, [['resource', 'https://api2.example.com']]);
    assert.equal(api2.status, 200);
    assert.equal(decodeJwt(api2.body.access_token).aud, 'https://api2.example.com');

    const unknown = await refresh(issuer, api2.body.refresh_token, [['resource', 'https://unknown.example.com']]);
    assert.equal(unknown.status, 400);
    assert.equal(unknown.body.code, 'oidc.invalid_target');

    // A failed request consumes nothing: the same refresh token still works.
    const org = await refresh(issuer, api2.body.refresh_token, [['organization_id', 'org-acme']]);
    assert.equal(org.status, 200, JSON.stringify(org.body));
    const { payload: orgClaims } = await jwtVerify(org.body.access_token, jwks, {
      issuer, audience: 'urn:logto:organization:org-acme', algorithms: ['ES384'],
    });
    assert.equal(orgClaims.sub, 'frank');

    for (const organizationId of ['org-other', 'org-missing']) {
      const denied = await refresh(issuer, org.body.refresh_token, [['organization_id', organizationId]]);
      assert.equal(denied.status, 400, organizationId);
      assert.equal(denied.body.error, 'invalid_target');
      assert.equal(denied.body.code, 'oidc.invalid_target');
    }

    const apiInOrg = await refresh(issuer, org.body.refresh_token, [['resource', 'https://api.example.com'], ['organization_id', 'org-acme']]);
    assert.equal(apiInOrg.status, 200);
    const apiInOrgClaims = decodeJwt(apiInOrg.body.access_token);
    assert.equal(apiInOrgClaims.aud, 'https://api.example.com');
    assert.equal(apiInOrgClaims.organization_id, 'org-acme');

    // No resource: opaque access token good for userinfo.
    const plain = await refresh(issuer, apiInOrg.body.refresh_token);
    assert.ok(!plain.body.access_token.includes('.'));
    const userinfo = await getJson(`${issuer}/me`, { headers: { authorization: `Bearer ${plain.body.access_token}` } });
    assert.equal(userinfo.body.sub, 'frank');
  });

  test('revocation kills the refresh token; logout confirms itself and redirects', async () => {
    const flow = await signInFromNode(issuer, { username: 'grace' });
    assert.equal(await provider.dev.refreshTokenAlive(flow.tokens.refresh_token), true);
    const revoked = await postForm(`${issuer}/token/revocation`, [['client_id', CLIENT_ID], ['token', flow.tokens.refresh_token]], { origin: APP_ORIGIN });
    assert.equal(revoked.status, 200);
    assert.equal(revoked.headers.get('access-control-allow-origin'), APP_ORIGIN);
    assert.equal(await provider.dev.refreshTokenAlive(flow.tokens.refresh_token), false);
    assert.equal(await provider.dev.refreshTokenAlive('not-a-token'), false);

    const end = new URL(`${issuer}/session/end`);
    end.search = new URLSearchParams({
      id_token_hint: flow.tokens.id_token, client_id: CLIENT_ID, post_logout_redirect_uri: `${APP_ORIGIN}/e2e/`,
    }).toString();
    const page = await jarFetch(flow.jar, end.href);
    assert.equal(page.status, 200);
    const html = await page.text();
    assert.match(html, /form\.submit\(\)/, 'logout page submits itself');
    const action = html.match(/action="([^"]+)"/)[1];
    const xsrf = html.match(/name="xsrf" value="([^"]+)"/)[1];
    const confirm = await jarFetch(flow.jar, new URL(action, issuer).href, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ xsrf, logout: 'yes' }).toString(),
    });
    assert.equal(confirm.status, 303);
    assert.equal(confirm.headers.get('location'), `${APP_ORIGIN}/e2e/`);
  });
});

describe('dev provider signing algorithms (AUTO_LOGIN)', { timeout: 60_000 }, () => {
  const algs = ['RS256', 'PS256', 'ES256', 'ES512', 'EdDSA'];
  for (const alg of algs) {
    test(`ALG=${alg}: JWKS, ID token and JWT access token`, async () => {
      const provider = await startProvider({ port: await freePort(), alg, autoLogin: true });
      try {
        const { issuer } = provider;
        const { body: keys } = await getJson(`${issuer}/jwks`);
        assert.equal(keys.keys.length, 1);
        assert.equal(keys.keys[0].alg, alg);
        assert.equal(keys.keys[0].use, 'sig');
        const jwks = createLocalJWKSet(keys);
        const { body: discovery } = await getJson(`${issuer}/.well-known/openid-configuration`);
        assert.deepEqual(discovery.id_token_signing_alg_values_supported, [alg]);

        // AUTO_LOGIN: no form; the user is login_hint, else auto-user.
        const hinted = await signInFromNode(issuer, { params: { login_hint: 'hinted' } });
        assert.equal(decodeJwt(hinted.tokens.id_token).sub, 'hinted');
        const flow = await signInFromNode(issuer);
        const { payload, protectedHeader } = await jwtVerify(flow.tokens.id_token, jwks, { issuer, audience: CLIENT_ID });
        assert.equal(protectedHeader.alg, alg);
        assert.equal(payload.sub, 'auto-user');
        const api = await refresh(issuer, flow.tokens.refresh_token, [['resource', 'https://api.example.com']]);
        assert.equal(decodeProtectedHeader(api.body.access_token).alg, alg);
        await jwtVerify(api.body.access_token, jwks, { issuer, audience: 'https://api.example.com' });
      } finally {
        await provider.stop();
      }
    });
  }
});
