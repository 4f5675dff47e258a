// Development OpenID Connect provider that behaves like Logto, built on oidc-provider 8.
//
//   node dev/provider/server.mjs [--port=3001] [--alg=ES384] [--auto-login] [--access-token-ttl=3600]
//   PORT=3001 APP_ORIGIN=http://localhost:3000 ALG=ES384 AUTO_LOGIN=1 ACCESS_TOKEN_TTL=3600 node dev/provider/server.mjs
//
// Issuer http://localhost:<port>/oidc. Listens on the loopback interface only.
// Test control API: GET /__dev/requests, POST /__dev/reset, GET /__dev/stats,
// POST /__dev/refresh-token-alive {"token": "..."}, GET|POST /__dev/tamper (hostile responses).
import http from 'node:http';
import { Readable } from 'node:stream';
import { parseArgs } from 'node:util';

import Provider, { errors } from 'oidc-provider';
import MemoryAdapter from 'oidc-provider/lib/adapters/memory_adapter.js';
import { calculateJwkThumbprint, exportJWK, generateKeyPair } from 'jose';

import {
  CLAIMS, SCOPES, findAccount, organizationGrantsOf, ORGANIZATION_PERMISSIONS,
  ORGANIZATIONS_RESOURCE, ORGANIZATION_RESOURCE_PREFIX,
} from './accounts.mjs';
import { createRefreshTokenGrant } from './refresh-grant.mjs';
import { createRecorder } from './recorder.mjs';
import { createTamper } from './tamper.mjs';
import { errorPage, loginPage, logoutPage, postLogoutPage } from './pages.mjs';

const SUPPORTED_ALGS = ['ES384', 'RS256', 'PS256', 'ES256', 'ES512', 'EdDSA'];
// The app's origin: scripts/demo.sh's static server, or the one of an e2e run (tests/e2e/lib.mjs).
const APP_ORIGIN = process.env.APP_ORIGIN || 'http://localhost:3000';
const BENCH_ORIGIN = 'http://localhost:3200'; // bench/ (npm run bench): its own static server
const CLIENT_ID = 'logto-wasm-demo';

function parseOptions() {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      alg: { type: 'string' },
      'auto-login': { type: 'boolean' },
      'access-token-ttl': { type: 'string' },
    },
    strict: true,
  });
  const port = Number(values.port ?? process.env.PORT ?? 3001);
  const alg = values.alg ?? process.env.ALG ?? 'ES384';
  const autoLoginEnv = process.env.AUTO_LOGIN;
  const autoLogin = values['auto-login'] ?? (autoLoginEnv !== undefined && autoLoginEnv !== '' && autoLoginEnv !== '0' && autoLoginEnv !== 'false');
  if (!Number.isInteger(port) || port <= 0 || port > 65535) throw new Error(`invalid port: ${port}`);
  if (!SUPPORTED_ALGS.includes(alg)) throw new Error(`unsupported ALG ${alg}; one of ${SUPPORTED_ALGS.join(', ')}`);
  const accessTokenTtl = Number(values['access-token-ttl'] || process.env.ACCESS_TOKEN_TTL || 3600);
  if (!Number.isInteger(accessTokenTtl) || accessTokenTtl < 1 || accessTokenTtl > 86400) {
    throw new Error(`invalid access token TTL: ${accessTokenTtl} (whole seconds, 1 to 86400)`);
  }
  return { port, alg, autoLogin, accessTokenTtl };
}

async function signingKey(alg) {
  const { privateKey } = await generateKeyPair(alg, { extractable: true });
  const jwk = await exportJWK(privateKey);
  jwk.kid = await calculateJwkThumbprint(jwk);
  jwk.alg = alg;
  jwk.use = 'sig';
  return jwk;
}

const API_RESOURCES = {
  'https://api.example.com': { scope: 'read write' },
  'https://api2.example.com': { scope: 'read' },
};

function resourceServerInfo(alg, accessTokenTtl, indicator) {
  const jwt = { accessTokenFormat: 'jwt', accessTokenTTL: accessTokenTtl, jwt: { sign: { alg } } };
  if (API_RESOURCES[indicator]) return { ...jwt, audience: indicator, scope: API_RESOURCES[indicator].scope };
  if (indicator === ORGANIZATIONS_RESOURCE) return { ...jwt, audience: indicator, scope: '' };
  if (indicator.startsWith(ORGANIZATION_RESOURCE_PREFIX)) {
    return { ...jwt, audience: indicator, scope: ORGANIZATION_PERMISSIONS.join(' ') };
  }
  return undefined;
}

// The built-in in-memory storage, under its own name so oidc-provider does not warn about it:
// losing every token on restart is what a dev provider wants.
class DevMemoryAdapter extends MemoryAdapter {}

function buildConfiguration({ alg, jwk, accessTokenTtl }) {
  return {
    adapter: DevMemoryAdapter,
    clients: [{
      client_id: CLIENT_ID,
      client_name: 'logto-wasm demo',
      application_type: 'web',
      token_endpoint_auth_method: 'none',
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      redirect_uris: [
        `${APP_ORIGIN}/callback`, `${APP_ORIGIN}/e2e/callback`, `${APP_ORIGIN}/js/callback`, `${BENCH_ORIGIN}/bench/callback`,
        // Silent sign-in's hidden frame lands on a page that shows nothing (issue #15).
        `${APP_ORIGIN}/e2e/silent-callback.html`, `${APP_ORIGIN}/e2e/popup-callback.html`,
      ],
      post_logout_redirect_uris: [`${APP_ORIGIN}/`, `${APP_ORIGIN}/e2e/`, `${APP_ORIGIN}/js/`, `${BENCH_ORIGIN}/bench/`],
      id_token_signed_response_alg: alg,
    }],
    jwks: { keys: [jwk] },
    enabledJWA: {
      idTokenSigningAlgValues: [alg],
      userinfoSigningAlgValues: [alg],
      requestObjectSigningAlgValues: [alg],
      authorizationSigningAlgValues: [alg],
    },
    responseTypes: ['code'],
    pkce: { methods: ['S256'], required: () => true },
    scopes: SCOPES,
    claims: CLAIMS,
    conformIdTokenClaims: false, // like Logto: scope claims go into the ID token too
    extraParams: [
      'direct_sign_in', 'first_screen', 'interaction_mode', 'identifier',
      'login_hint', 'one_time_token', 'organization_id', 'ui_locales',
    ],
    findAccount,
    cookies: { keys: ['logto-wasm dev provider cookie key (not a secret)'] },
    ttl: {
      AccessToken: accessTokenTtl,
      AuthorizationCode: 600,
      IdToken: 3600,
      RefreshToken: 14 * 24 * 3600,
      Grant: 14 * 24 * 3600,
      Interaction: 3600,
      Session: 14 * 24 * 3600,
    },
    issueRefreshToken: async (ctx, client, code) => client.grantTypeAllowed('refresh_token') && code.scopes.has('offline_access'),
    rotateRefreshToken: true,
    clientBasedCORS: (ctx, origin) => origin === APP_ORIGIN || origin === BENCH_ORIGIN,
    interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
    features: {
      devInteractions: { enabled: false },
      revocation: { enabled: true },
      dPoP: { enabled: true, nonceSecret: DPOP_NONCE_SECRET, requireNonce: () => dpopSwitches.requireNonce },
      userinfo: { enabled: true },
      rpInitiatedLogout: {
        enabled: true,
        logoutSource: async (ctx, form) => { ctx.type = 'html'; ctx.body = logoutPage(form); },
        postLogoutSuccessSource: async (ctx) => { ctx.type = 'html'; ctx.body = postLogoutPage(); },
      },
      resourceIndicators: {
        enabled: true,
        defaultResource: async () => undefined,
        useGrantedResource: async () => false,
        getResourceServerInfo: async (ctx, indicator) => {
          const info = resourceServerInfo(alg, accessTokenTtl, indicator);
          if (!info) throw new errors.InvalidTarget(`unknown resource indicator ${indicator}`);
          return info;
        },
      },
    },
    // An API token requested together with organization_id carries that organization (Logto).
    extraTokenClaims: async (ctx, token) => {
      const organizationId = ctx?.oidc?.params?.organization_id;
      if (token.kind !== 'AccessToken' || !organizationId || !token.resourceServer) return undefined;
      if (token.resourceServer.identifier().startsWith(ORGANIZATION_RESOURCE_PREFIX)) return undefined;
      return { organization_id: organizationId };
    },
    renderError: async (ctx, out) => { ctx.type = 'html'; ctx.body = errorPage(out); },
  };
}

async function readBody(req, limit = 64 * 1024) {
  const chunks = [];
  let size = 0;
  for await (const chunk of req) {
    size += chunk.length;
    if (size > limit) throw new Error('request body too large');
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/** A readable copy of an already-read request, so oidc-provider can parse the body itself. */
function replayRequest(req, body) {
  const copy = new Readable({ read() {} });
  copy.push(body);
  copy.push(null);
  for (const key of ['headers', 'rawHeaders', 'method', 'url', 'httpVersion', 'httpVersionMajor', 'httpVersionMinor', 'socket', 'connection', 'trailers', 'rawTrailers']) {
    copy[key] = req[key];
  }
  copy.complete = true;
  return copy;
}

function sendJson(res, status, value) {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(JSON.stringify(value, null, 2));
}

/** Like Logto's sign-in pages, the provider's pages refuse to be framed. */
const NO_FRAMING = "frame-ancestors 'none'";

/**
 * Headers of the provider's HTML pages that tests switch on (POST /__dev/pages; cleared by
 * reset): `coop` sends `Cross-Origin-Opener-Policy` with that value, which severs a popup from
 * the page that opened it (issue #15's popup sign-in).
 */
const pageHeaders = { coop: null };

/**
 * DPoP (RFC 9449) as oidc-provider implements it, on for every client that sends proofs.
 * `requireNonce` (POST /__dev/dpop; cleared by reset) makes the token and userinfo endpoints
 * answer a proof without the server's nonce with `use_dpop_nonce` and a `DPoP-Nonce`.
 */
const dpopSwitches = { requireNonce: false };
const DPOP_NONCE_SECRET = Buffer.alloc(32, 'logto-wasm dev provider DPoP nonce secret (not one)');

function sendHtml(res, status, html) {
  res.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
    'content-security-policy': NO_FRAMING,
    ...(pageHeaders.coop ? { 'cross-origin-opener-policy': pageHeaders.coop } : {}),
  });
  res.end(html);
}

async function main() {
  const options = parseOptions();
  const { port, alg, autoLogin, accessTokenTtl } = options;
  const base = `http://localhost:${port}`;
  const issuer = `${base}/oidc`;

  const jwk = await signingKey(alg);
  const recorder = createRecorder();
  const refreshGrant = createRefreshTokenGrant({ stats: recorder.stats });
  const tamper = createTamper({ jwk, alg, stats: recorder.stats });
  const provider = new Provider(issuer, buildConfiguration({ alg, jwk, accessTokenTtl }));
  provider.registerGrantType('refresh_token', refreshGrant.handler, refreshGrant.parameters, refreshGrant.dupes);

  // Logto-style JSON errors + statistics.
  provider.use(async (ctx, next) => {
    await next();
    await tamper.apply(ctx);
    if (ctx.response.is('html')) {
      ctx.set('content-security-policy', NO_FRAMING);
      if (pageHeaders.coop) ctx.set('cross-origin-opener-policy', pageHeaders.coop);
    }
    const { body } = ctx;
    if (ctx.path === '/token' && body && typeof body === 'object' && body.refresh_token) {
      recorder.stats.refreshTokensIssued += 1;
    }
    if (body && typeof body === 'object' && !Buffer.isBuffer(body) && !(body instanceof Readable)
        && typeof body.error === 'string' && body.code === undefined) {
      ctx.body = {
        code: `oidc.${body.error}`,
        message: body.error_description ?? body.error,
        ...body,
      };
      if (ctx.req.devRecord) ctx.req.devRecord.error = body.error;
    }
  });

  provider.on('server_error', (ctx, err) => console.error('[provider] server_error', err));

  const callback = provider.callback();

  async function finishInteraction(req, res, result, merge) {
    await provider.interactionFinished(req, res, result, { mergeWithLastSubmission: merge });
  }

  async function grantConsent(req, res, details) {
    const { prompt: { details: missing }, params, session } = details;
    let grant = details.grantId ? await provider.Grant.find(details.grantId) : undefined;
    if (!grant) grant = new provider.Grant({ accountId: session.accountId, clientId: params.client_id });
    if (missing.missingOIDCScope) grant.addOIDCScope(missing.missingOIDCScope.join(' '));
    if (missing.missingOIDCClaims) grant.addOIDCClaims(missing.missingOIDCClaims);
    for (const [indicator, scopes] of Object.entries(missing.missingResourceScopes ?? {})) {
      grant.addResourceScope(indicator, scopes.join(' '));
    }
    // Organization tokens: the organizations the user belongs to, with the user's permissions.
    // (Requested resources need no grant entry: the refresh token remembers them.)
    for (const { indicator, permissions } of organizationGrantsOf(session.accountId)) {
      grant.addResourceScope(indicator, permissions.join(' '));
    }
    const grantId = await grant.save();
    await finishInteraction(req, res, { consent: details.grantId ? {} : { grantId } }, true);
  }

  async function handleInteraction(req, res, url) {
    const match = url.pathname.match(/^\/interaction\/([^/]+)(\/login)?$/);
    if (!match) return sendHtml(res, 404, errorPage({ error: 'not_found' }));
    const details = await provider.interactionDetails(req, res);
    if (details.uid !== match[1]) return sendHtml(res, 400, errorPage({ error: 'interaction mismatch' }));
    const { prompt, params } = details;

    if (match[2]) {
      if (req.method !== 'POST') return sendHtml(res, 405, errorPage({ error: 'method not allowed' }));
      const form = new URLSearchParams((await readBody(req)).toString('utf8'));
      const username = (form.get('username') ?? '').trim();
      if (!username) {
        return sendHtml(res, 400, loginPage({ uid: details.uid, clientId: params.client_id, error: 'Enter a username.', params }));
      }
      return finishInteraction(req, res, { login: { accountId: username } }, false);
    }

    if (prompt.name === 'login') {
      if (autoLogin) {
        return finishInteraction(req, res, { login: { accountId: params.login_hint || 'auto-user' } }, false);
      }
      return sendHtml(res, 200, loginPage({ uid: details.uid, clientId: params.client_id, loginHint: params.login_hint ?? '', params }));
    }
    if (prompt.name === 'consent') return grantConsent(req, res, details);
    return sendHtml(res, 400, errorPage({ error: `unsupported prompt ${prompt.name}` }));
  }

  async function handleDevApi(req, res, url) {
    /** A switch-setting call: `apply(body)` returns what is now set, or throws a message for a 400. */
    const setSwitches = async (apply) => {
      try {
        return sendJson(res, 200, apply(JSON.parse((await readBody(req)).toString('utf8') || '{}')));
      } catch (err) {
        return sendJson(res, 400, { error: 'invalid_request', message: err.message });
      }
    };
    switch (`${req.method} ${url.pathname}`) {
      case 'GET /__dev/requests':
        return sendJson(res, 200, recorder.records);
      case 'POST /__dev/reset':
        recorder.reset();
        tamper.clear();
        pageHeaders.coop = null;
        dpopSwitches.requireNonce = false;
        return sendJson(res, 200, { ok: true });
      case 'GET /__dev/tamper':
        return sendJson(res, 200, tamper.get());
      case 'POST /__dev/tamper':
        return setSwitches((value) => tamper.set(value));
      case 'POST /__dev/pages':
        return setSwitches((value) => {
          const coop = value?.coop ?? null;
          if (coop !== null && !['same-origin', 'same-origin-allow-popups', 'unsafe-none'].includes(coop)) {
            throw new Error('coop: same-origin, same-origin-allow-popups, unsafe-none or null');
          }
          pageHeaders.coop = coop;
          return { ...pageHeaders };
        });
      case 'POST /__dev/dpop':
        return setSwitches((value) => {
          dpopSwitches.requireNonce = value?.requireNonce === true;
          return { ...dpopSwitches };
        });
      case 'GET /__dev/stats':
        return sendJson(res, 200, recorder.stats);
      case 'GET /__dev/options':
        return sendJson(res, 200, { issuer, alg, autoLogin, accessTokenTtl, kid: jwk.kid });
      case 'POST /__dev/refresh-token-alive': {
        let token;
        try {
          ({ token } = JSON.parse((await readBody(req)).toString('utf8') || '{}'));
        } catch {
          return sendJson(res, 400, { error: 'invalid_request', message: 'body must be JSON {"token": "..."}' });
        }
        return sendJson(res, 200, { alive: await refreshGrant.isAlive(provider, token) });
      }
      default:
        return sendJson(res, 404, { error: 'not_found' });
    }
  }

  async function handle(req, res) {
    const url = new URL(req.url, base);
    try {
      if (url.pathname.startsWith('/__dev/')) return await handleDevApi(req, res, url);
      if (url.pathname.startsWith('/interaction/')) return await handleInteraction(req, res, url);
      if (url.pathname === '/oidc' || url.pathname.startsWith('/oidc/')) {
        const hasBody = !['GET', 'HEAD', 'OPTIONS'].includes(req.method);
        const body = hasBody ? await readBody(req) : undefined;
        const entry = recorder.record(req, res, url, body);
        const forwarded = hasBody ? replayRequest(req, body) : req;
        forwarded.devRecord = entry;
        forwarded.originalUrl = req.url;
        forwarded.url = req.url.slice('/oidc'.length) || '/';
        return callback(forwarded, res);
      }
      if (url.pathname === '/favicon.ico') {
        res.writeHead(204, { 'cache-control': 'max-age=86400' });
        return res.end();
      }
      if (url.pathname === '/') {
        res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
        return res.end(`logto-wasm dev provider\nissuer: ${issuer}\nalg: ${alg}\nauto login: ${autoLogin}\n`);
      }
      return sendJson(res, 404, { error: 'not_found' });
    } catch (err) {
      const status = err.statusCode ?? err.status ?? 500;
      if (status >= 500) console.error('[provider]', err);
      if (!res.headersSent) {
        sendHtml(res, status, errorPage({ error: err.error ?? err.name, error_description: err.error_description ?? err.message }));
      } else {
        res.end();
      }
      return undefined;
    }
  }

  const listen = (host) => new Promise((resolve, reject) => {
    const server = http.createServer((req, res) => { handle(req, res); });
    server.once('error', reject);
    server.listen(port, host, () => resolve(server));
  });
  const servers = [await listen('127.0.0.1')];
  try {
    servers.push(await listen('::1'));
  } catch { /* no IPv6 loopback: fine */ }

  const shutdown = () => {
    for (const s of servers) s.close();
    for (const s of servers) s.closeAllConnections?.();
    process.exit(0);
  };
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);

  console.log(`dev provider: alg ${alg}, kid ${jwk.kid}, auto login ${autoLogin ? 'on' : 'off'}, access token TTL ${accessTokenTtl} s`);
  console.log(`dev provider ready on ${issuer}`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
