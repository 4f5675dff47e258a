// Hostile responses on demand, for tests of what a client must refuse (/__dev/tamper).
//
// Switches (all optional; set with POST /__dev/tamper, which replaces the previous set; cleared
// by POST /__dev/reset or POST /__dev/tamper {}):
//   refreshIdToken: { <claim>: <value>, ... }  the ID token of every refresh_token grant response
//       gets these claims (e.g. {"sub": "mallory"} or {"iss": "http://evil"}), re-signed with the
//       provider's own key (same header, so `kid` and `alg` stay right): only the claims are wrong.
//   userinfoSub: "<sub>"  every userinfo (/me) response claims this subject.
// Every response changed this way counts in stats.tamperedResponses.
import {
  SignJWT, decodeJwt, decodeProtectedHeader, importJWK,
} from 'jose';

const CLAIM_NAME = /^[A-Za-z_][\w.:-]{0,63}$/;

/** Validates a switch set from JSON; throws a message for the API client. */
function parseSwitches(value) {
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw new Error('body must be a JSON object');
  const out = {};
  for (const [name, v] of Object.entries(value)) {
    if (name === 'refreshIdToken') {
      if (!v || typeof v !== 'object' || Array.isArray(v) || Object.keys(v).length === 0) {
        throw new Error('refreshIdToken must be an object of claims to override, e.g. {"sub": "mallory"}');
      }
      for (const claim of Object.keys(v)) {
        if (!CLAIM_NAME.test(claim)) throw new Error(`refreshIdToken: invalid claim name ${JSON.stringify(claim)}`);
      }
      out.refreshIdToken = { ...v };
    } else if (name === 'userinfoSub') {
      if (typeof v !== 'string' || v === '') throw new Error('userinfoSub must be a non-empty string');
      out.userinfoSub = v;
    } else {
      throw new Error(`unknown switch ${JSON.stringify(name)} (refreshIdToken, userinfoSub)`);
    }
  }
  return out;
}

export function createTamper({ jwk, alg, stats }) {
  let switches = {};
  let keyPromise;
  const signingKey = () => {
    keyPromise ??= importJWK(jwk, alg);
    return keyPromise;
  };

  async function resign(jwt, overrides) {
    const header = decodeProtectedHeader(jwt);
    const payload = { ...decodeJwt(jwt), ...overrides };
    return new SignJWT(payload).setProtectedHeader(header).sign(await signingKey());
  }

  /** Koa middleware body, run after oidc-provider produced the response (ctx.body). */
  async function apply(ctx) {
    const { body } = ctx;
    if (!body || typeof body !== 'object' || Buffer.isBuffer(body) || typeof body.pipe === 'function') return;
    if (ctx.status !== 200) return;
    if (switches.refreshIdToken && ctx.path === '/token' && ctx.oidc?.params?.grant_type === 'refresh_token'
        && typeof body.id_token === 'string') {
      ctx.body = { ...body, id_token: await resign(body.id_token, switches.refreshIdToken) };
      stats.tamperedResponses += 1;
    } else if (switches.userinfoSub && ctx.path === '/me' && typeof body.sub === 'string') {
      ctx.body = { ...body, sub: switches.userinfoSub };
      stats.tamperedResponses += 1;
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
