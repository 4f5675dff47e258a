// Hostile responses on demand, for tests of what a client must refuse (/__dev/tamper).
//
// Switches (all optional; set with POST /__dev/tamper, which replaces the previous set; cleared
// by POST /__dev/reset or POST /__dev/tamper {}):
//   refreshIdToken: { <claim>: <value>, ... }  the ID token of every refresh_token grant response
//       gets these claims (e.g. {"sub": "mallory"} or {"iss": "http://evil"}), re-signed with the
//       provider's own key (same header, so `kid` and `alg` stay right): only the claims are wrong.
//   userinfoSub: "<sub>"  every userinfo (/me) response claims this subject.
//   idToken: { ... }  the ID token of token responses, rebuilt:
//       grant: "authorization_code" (default) | "refresh_token" | "any"
//       claims: { <claim>: <value> }   claims to set;  removeClaims: ["iat", "nonce", ...]
//       header: { <name>: <value> }    header fields to set;  removeHeader: ["kid", ...]
//       padClaim: N                    adds a claim `pad` of N characters (oversized tokens)
//       key: how it is signed (the header's `alg`/`kid` follow the key unless `header` says otherwise)
//         "provider"      the provider's own key (default)
//         "stranger"      another key of the provider's algorithm, never published (bad signature)
//         "other"         the published decoy key (see jwks "other")
//         "rotated"       the rotation key (kid "rotated-...", published by jwks "rotated")
//         "none"          `alg: none`, empty signature
//         "hs256-oct"     HS256 with the secret of the `oct` key that jwks "oct" publishes
//         "hs256-public"  HS256 with the provider's public key (SPKI PEM) as the HMAC secret:
//                         the RS/ES → HS algorithm-confusion attack
//   jwks: { ... }  the key set (/jwks):
//       keys: [names]  the keys served, in order, instead of the provider's:
//         "provider", "provider-no-kid", "provider-private" (with its private parameters),
//         "rotated", "other" (a decoy of the same algorithm, kid "other-key"), "other-no-kid",
//         "same-kid-other-kty" (a key of another kty under the provider's kid),
//         "oct" (an HS256 `oct` key under the provider's kid)
//       raw: "<text>"  the body is this text (content-type text/html), status 200
//       pad: N         adds a member `pad` of N characters to the JSON (oversized)
//   discovery: { issuer: "<issuer>", raw: "<text>", pad: N, set: { <member>: <value> } }  the
//       discovery document; `set` sets members (null removes one), e.g.
//       {"require_pushed_authorization_requests": true} or {"pushed_authorization_request_endpoint": null}
//   par: { raw: "<text>", status: N }  pushed authorization responses (/request, RFC 9126): a
//       non-JSON 201 body, or the same JSON under another status
//   token: { grant (as for idToken), raw: "<text>", pad: N, redirect: "<url>", set: { <member>: <value> } }
//       token responses: a non-JSON 200 body, an oversized JSON one, a 302 to `redirect` instead of
//       the response, or members set (e.g. {"token_type": "Bearer"} for a DPoP-bound token)
//   userinfo: { raw: "<text>" }  the userinfo body is this text
//   userinfo: { endless: true }   the userinfo body never ends: JSON that opens a string and streams
//       64 KiB chunks of it until the client goes away (stats.endlessBodies: bytes sent, whether the
//       client closed the connection), for a client that must stop reading at its size limit
// Every response changed this way counts in stats.tamperedResponses.
import { createPublicKey } from 'node:crypto';
import { Readable } from 'node:stream';

import {
  SignJWT, base64url, calculateJwkThumbprint, decodeJwt, decodeProtectedHeader, exportJWK, exportSPKI,
  generateKeyPair, importJWK,
} from 'jose';

const CLAIM_NAME = /^[A-Za-z_][\w.:-]{0,63}$/;
const GRANTS = ['authorization_code', 'refresh_token', 'any'];
const ID_TOKEN_KEYS = ['provider', 'stranger', 'other', 'rotated', 'none', 'hs256-oct', 'hs256-public'];
const JWKS_KEYS = ['provider', 'provider-no-kid', 'provider-private', 'rotated', 'other', 'other-no-kid', 'same-kid-other-kty', 'oct'];
const MAX_PAD = 4 * 1024 * 1024;
const OCT_SECRET = new TextEncoder().encode('logto-wasm dev provider: a published HMAC secret');

const isObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);

function check(condition, message) {
  if (!condition) throw new Error(message);
}

function checkNames(list, what) {
  check(Array.isArray(list) && list.every((n) => typeof n === 'string' && CLAIM_NAME.test(n)), `${what} must be a list of names`);
}

function checkPad(v, what) {
  check(v === undefined || (Number.isInteger(v) && v >= 0 && v <= MAX_PAD), `${what} must be a whole number of characters up to ${MAX_PAD}`);
}

function checkOnly(value, allowed, what) {
  for (const k of Object.keys(value)) check(allowed.includes(k), `${what}: unknown field ${JSON.stringify(k)} (${allowed.join(', ')})`);
}

/** Validates a switch set from JSON; throws a message for the API client. */
function parseSwitches(value) {
  check(isObject(value), 'body must be a JSON object');
  const out = {};
  for (const [name, v] of Object.entries(value)) {
    if (name === 'refreshIdToken') {
      check(isObject(v) && Object.keys(v).length > 0, 'refreshIdToken must be an object of claims to override, e.g. {"sub": "mallory"}');
      for (const claim of Object.keys(v)) check(CLAIM_NAME.test(claim), `refreshIdToken: invalid claim name ${JSON.stringify(claim)}`);
      out.refreshIdToken = { ...v };
    } else if (name === 'userinfoSub') {
      check(typeof v === 'string' && v !== '', 'userinfoSub must be a non-empty string');
      out.userinfoSub = v;
    } else if (name === 'idToken') {
      check(isObject(v), 'idToken must be an object');
      checkOnly(v, ['grant', 'claims', 'removeClaims', 'header', 'removeHeader', 'padClaim', 'key'], 'idToken');
      check(v.grant === undefined || GRANTS.includes(v.grant), `idToken.grant: one of ${GRANTS.join(', ')}`);
      check(v.key === undefined || ID_TOKEN_KEYS.includes(v.key), `idToken.key: one of ${ID_TOKEN_KEYS.join(', ')}`);
      for (const field of ['claims', 'header']) {
        if (v[field] === undefined) continue;
        check(isObject(v[field]), `idToken.${field} must be an object`);
        checkNames(Object.keys(v[field]), `idToken.${field}`);
      }
      for (const field of ['removeClaims', 'removeHeader']) if (v[field] !== undefined) checkNames(v[field], `idToken.${field}`);
      checkPad(v.padClaim, 'idToken.padClaim');
      out.idToken = { grant: 'authorization_code', key: 'provider', ...v };
    } else if (name === 'jwks') {
      check(isObject(v), 'jwks must be an object');
      checkOnly(v, ['keys', 'raw', 'pad'], 'jwks');
      if (v.keys !== undefined) {
        check(Array.isArray(v.keys) && v.keys.every((k) => JWKS_KEYS.includes(k)), `jwks.keys: a list of ${JWKS_KEYS.join(', ')}`);
      }
      check(v.raw === undefined || typeof v.raw === 'string', 'jwks.raw must be a string');
      checkPad(v.pad, 'jwks.pad');
      out.jwks = { ...v };
    } else if (name === 'discovery') {
      check(isObject(v), 'discovery must be an object');
      checkOnly(v, ['issuer', 'raw', 'pad', 'set'], 'discovery');
      check(v.issuer === undefined || typeof v.issuer === 'string', 'discovery.issuer must be a string');
      check(v.set === undefined || isObject(v.set), 'discovery.set must be an object of members');
      check(v.raw === undefined || typeof v.raw === 'string', 'discovery.raw must be a string');
      checkPad(v.pad, 'discovery.pad');
      out.discovery = { ...v };
    } else if (name === 'token') {
      check(isObject(v), 'token must be an object');
      checkOnly(v, ['grant', 'raw', 'pad', 'redirect', 'set'], 'token');
      check(v.set === undefined || isObject(v.set), 'token.set must be an object of members');
      check(v.grant === undefined || GRANTS.includes(v.grant), `token.grant: one of ${GRANTS.join(', ')}`);
      check(v.raw === undefined || typeof v.raw === 'string', 'token.raw must be a string');
      check(v.redirect === undefined || /^https?:\/\//.test(v.redirect), 'token.redirect must be an http(s) URL');
      checkPad(v.pad, 'token.pad');
      out.token = { grant: 'authorization_code', ...v };
    } else if (name === 'par') {
      check(isObject(v), 'par must be an object');
      checkOnly(v, ['raw', 'status'], 'par');
      check(v.raw === undefined || typeof v.raw === 'string', 'par.raw must be a string');
      check(v.status === undefined || (Number.isInteger(v.status) && v.status >= 200 && v.status <= 599), 'par.status must be an HTTP status');
      out.par = { ...v };
    } else if (name === 'userinfo') {
      check(isObject(v) && (typeof v.raw === 'string' || v.endless === true) && Object.keys(v).length === 1,
        'userinfo must be {"raw": "<text>"} or {"endless": true}');
      out.userinfo = { ...v };
    } else {
      throw new Error(`unknown switch ${JSON.stringify(name)} (refreshIdToken, userinfoSub, idToken, jwks, discovery, token, userinfo, par)`);
    }
  }
  return out;
}

const PRIVATE_PARAMS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'];
const publicPart = (jwk) => Object.fromEntries(Object.entries(jwk).filter(([k]) => !PRIVATE_PARAMS.includes(k)));
const withoutKid = ({ kid, ...rest }) => rest;

export function createTamper({ jwk, alg, stats }) {
  let switches = {};
  // Keys made on first use: { private: CryptoKey, jwk: private JWK with kid/alg/use }.
  const made = new Map();
  const providerKey = () => {
    if (!made.has('provider')) made.set('provider', importJWK(jwk, alg).then((key) => ({ key, jwk })));
    return made.get('provider');
  };
  const extraKey = (name, keyAlg, kidPrefix) => {
    if (!made.has(name)) {
      made.set(name, (async () => {
        const options = { extractable: true };
        if (keyAlg === 'EdDSA') options.crv = 'Ed25519';
        const { privateKey } = await generateKeyPair(keyAlg, options);
        const exported = await exportJWK(privateKey);
        const kid = kidPrefix ?? `${name}-${(await calculateJwkThumbprint(exported)).slice(0, 12)}`;
        return { key: privateKey, jwk: { ...exported, kid, alg: keyAlg, use: 'sig' } };
      })());
    }
    return made.get(name);
  };
  const otherKtyAlg = () => (jwk.kty === 'RSA' ? 'ES256' : 'RS256');

  async function signingKey(name) {
    switch (name) {
      case 'provider': return providerKey();
      case 'stranger': return { ...(await extraKey('stranger', alg)), kidOverride: jwk.kid };
      case 'other': return extraKey('other', alg, 'other-key');
      case 'rotated': return extraKey('rotated', alg);
      default: throw new Error(`not a signing key: ${name}`);
    }
  }

  async function jwksKey(name) {
    switch (name) {
      case 'provider': return publicPart(jwk);
      case 'provider-no-kid': return withoutKid(publicPart(jwk));
      case 'provider-private': return { ...jwk };
      case 'rotated': return publicPart((await extraKey('rotated', alg)).jwk);
      case 'other': return publicPart((await extraKey('other', alg, 'other-key')).jwk);
      case 'other-no-kid': return withoutKid(publicPart((await extraKey('other', alg, 'other-key')).jwk));
      case 'same-kid-other-kty': {
        const other = await extraKey('same-kid-other-kty', otherKtyAlg());
        return { ...publicPart(other.jwk), kid: jwk.kid };
      }
      case 'oct': return { kty: 'oct', kid: jwk.kid, alg: 'HS256', use: 'sig', k: base64url.encode(OCT_SECRET) };
      default: throw new Error(`not a key set entry: ${name}`);
    }
  }

  /** Rebuilds an ID token as `idToken` says. */
  async function rebuild(jwt, spec) {
    const original = decodeProtectedHeader(jwt);
    const payload = { ...decodeJwt(jwt), ...(spec.claims ?? {}) };
    for (const c of spec.removeClaims ?? []) delete payload[c];
    if (spec.padClaim) payload.pad = 'x'.repeat(spec.padClaim);
    let header = { ...original };
    let sign;
    if (spec.key === 'none') {
      header = { alg: 'none', typ: original.typ };
      sign = async (h, p) => `${base64url.encode(JSON.stringify(h))}.${base64url.encode(JSON.stringify(p))}.`;
    } else if (spec.key === 'hs256-oct' || spec.key === 'hs256-public') {
      header = { ...original, alg: 'HS256' };
      const secret = spec.key === 'hs256-oct'
        ? OCT_SECRET
        : new TextEncoder().encode(await exportSPKI(createPublicKey({ key: publicPart(jwk), format: 'jwk' })));
      sign = (h, p) => new SignJWT(p).setProtectedHeader(h).sign(secret);
    } else {
      const k = await signingKey(spec.key);
      header = { ...original, alg: k.jwk.alg ?? alg, kid: k.kidOverride ?? k.jwk.kid };
      sign = (h, p) => new SignJWT(p).setProtectedHeader(h).sign(k.key);
    }
    header = { ...header, ...(spec.header ?? {}) };
    for (const h of spec.removeHeader ?? []) delete header[h];
    return sign(header, payload);
  }

  const grantMatches = (want, grantType) => want === 'any' || want === grantType;
  const padded = (body, n) => (n ? { ...body, pad: 'x'.repeat(n) } : body);
  const counted = () => { stats.tamperedResponses += 1; };
  const setRaw = (ctx, text) => {
    ctx.status = 200;
    ctx.type = 'text/html';
    ctx.body = text;
    counted();
  };

  /** A body that starts with `head` and then never ends (until the client disconnects). */
  const setEndless = (ctx, head) => {
    const record = { bytes: 0, clientClosed: false, finished: false };
    stats.endlessBodies.push(record);
    const chunk = Buffer.alloc(64 * 1024, 'x');
    let first = true;
    const stream = new Readable({
      read() {
        // Stops by itself after 256 MiB, so that a client that never stops cannot tie the
        // provider up for ever; a test reads `clientClosed` and `bytes`.
        if (record.bytes >= 256 * 1024 * 1024) { record.finished = true; this.push(null); return; }
        const out = first ? Buffer.concat([Buffer.from(head), chunk]) : chunk;
        first = false;
        record.bytes += out.length;
        this.push(out);
      },
    });
    ctx.req.socket.once('close', () => { record.clientClosed = !record.finished; stream.destroy(); });
    ctx.status = 200;
    ctx.type = 'application/json';
    ctx.remove('content-length');
    ctx.body = stream;
    counted();
  };

  /** Koa middleware body, run after oidc-provider produced the response (ctx.body). */
  async function apply(ctx) {
    const { body } = ctx;
    if (!body || typeof body !== 'object' || Buffer.isBuffer(body) || typeof body.pipe === 'function') return;
    if (ctx.path === '/request' && ctx.status === 201 && typeof body.request_uri === 'string' && switches.par) {
      const { raw, status } = switches.par;
      if (raw !== undefined) {
        setRaw(ctx, raw);
        ctx.status = 201;
        return;
      }
      ctx.status = status;
      counted();
      return;
    }
    if (ctx.status !== 200) return;
    const grantType = ctx.oidc?.params?.grant_type;

    if (ctx.path === '/token' && typeof body.access_token === 'string') {
      const { token, idToken } = switches;
      if (token && grantMatches(token.grant, grantType)) {
        if (token.redirect) {
          ctx.status = 302;
          ctx.set('location', token.redirect);
          ctx.body = '';
          counted();
          return;
        }
        if (token.raw !== undefined) return setRaw(ctx, token.raw);
        if (token.pad) {
          ctx.body = padded(body, token.pad);
          counted();
          return;
        }
        if (token.set) {
          ctx.body = { ...body, ...token.set };
          counted();
          return;
        }
      }
      if (idToken && typeof body.id_token === 'string' && grantMatches(idToken.grant, grantType)) {
        ctx.body = { ...body, id_token: await rebuild(body.id_token, idToken) };
        counted();
      } else if (switches.refreshIdToken && grantType === 'refresh_token' && typeof body.id_token === 'string') {
        ctx.body = { ...body, id_token: await rebuild(body.id_token, { key: 'provider', claims: switches.refreshIdToken }) };
        counted();
      }
    } else if (ctx.path === '/me' && typeof body.sub === 'string') {
      if (switches.userinfo?.endless) return setEndless(ctx, `{"sub":${JSON.stringify(body.sub)},"pad":"`);
      if (switches.userinfo) return setRaw(ctx, switches.userinfo.raw);
      if (switches.userinfoSub) {
        ctx.body = { ...body, sub: switches.userinfoSub };
        counted();
      }
    } else if (ctx.path === '/jwks' && Array.isArray(body.keys) && switches.jwks) {
      const { keys, raw, pad } = switches.jwks;
      if (raw !== undefined) return setRaw(ctx, raw);
      let out = body;
      if (keys) out = { keys: await Promise.all(keys.map(jwksKey)) };
      ctx.body = padded(out, pad);
      counted();
    } else if (ctx.path === '/.well-known/openid-configuration' && switches.discovery) {
      const { issuer, raw, pad, set = {} } = switches.discovery;
      if (raw !== undefined) return setRaw(ctx, raw);
      const doc = { ...(issuer === undefined ? body : { ...body, issuer }) };
      for (const [k, v] of Object.entries(set)) {
        if (v === null) delete doc[k];
        else doc[k] = v;
      }
      ctx.body = padded(doc, pad);
      counted();
    }
  }

  return {
    get: () => switches,
    set(value) {
      switches = parseSwitches(value);
      return switches;
    },
    clear() {
      switches = {};
    },
    apply,
  };
}
