#!/usr/bin/env node
// Generates tests/fixtures/webcrypto-tokens.json: ID tokens signed by an implementation
// independent of the SDK (jose, on Node's WebCrypto), for tests/browser_webcrypto.rs.
//
// For each algorithm: a key pair, a JWKS with the public key (kid/alg/use), a good ID token,
// and tampered variants:
//   - payload:   the payload segment replaced after signing (sub changed), signature kept;
//   - other_key: signed by another key pair of the same algorithm under the same kid;
//   - flipped:   the good token with bytes of its signature flipped.
// Keys are fresh on every run, so the output changes each time; commit it as it comes out.
//
// Usage: node scripts/make-test-tokens.mjs [out.json]   (default tests/fixtures/webcrypto-tokens.json)
import { writeFileSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateKeyPair, exportJWK, SignJWT, base64url } from 'jose';

const here = dirname(fileURLToPath(import.meta.url));
const out = resolve(process.argv[2] ?? `${here}/../tests/fixtures/webcrypto-tokens.json`);

const ALGORITHMS = ['ES256', 'ES384', 'ES512', 'RS256', 'PS256', 'EdDSA'];
const CLAIMS = {
  iss: 'https://logto.dev/oidc',
  aud: 'app',
  sub: 'alice',
  nonce: 'n0nce',
  iat: 1700000000,
  exp: 4102444800, // 2100-01-01
};

async function keyPair(alg) {
  // EdDSA: Ed25519 (jose's default crv for EdDSA).
  const options = { extractable: true };
  if (alg === 'EdDSA') options.crv = 'Ed25519';
  if (alg.startsWith('RS') || alg.startsWith('PS')) options.modulusLength = 2048;
  return generateKeyPair(alg, options);
}

async function publicJwk(publicKey, alg, kid) {
  const jwk = await exportJWK(publicKey);
  return { ...jwk, kid, alg, use: 'sig' };
}

function sign(privateKey, alg, kid, claims = CLAIMS) {
  return new SignJWT(claims).setProtectedHeader({ alg, kid, typ: 'JWT' }).sign(privateKey);
}

function replacePayload(token, claims) {
  const [header, , signature] = token.split('.');
  return [header, base64url.encode(JSON.stringify(claims)), signature].join('.');
}

function flipSignature(token) {
  const [header, payload, signature] = token.split('.');
  const bytes = base64url.decode(signature);
  // Flip bits in the middle and at the end: the length stays the same, so the token still
  // parses and only the cryptographic check can refuse it.
  bytes[bytes.length >> 1] ^= 0x5a;
  bytes[bytes.length - 1] ^= 0x01;
  return [header, payload, base64url.encode(bytes)].join('.');
}

const fixtures = {
  generated_by: 'scripts/make-test-tokens.mjs (jose on Node WebCrypto)',
  claims: CLAIMS,
  algorithms: {},
};

for (const alg of ALGORITHMS) {
  const kid = `${alg.toLowerCase()}-key-1`;
  const good = await keyPair(alg);
  const other = await keyPair(alg);
  const jwk = await publicJwk(good.publicKey, alg, kid);
  const token = await sign(good.privateKey, alg, kid);
  fixtures.algorithms[alg] = {
    kid,
    jwks: { keys: [jwk] },
    // The other key's public part, to check that it does not verify the good token either.
    other_jwk: await publicJwk(other.publicKey, alg, kid),
    token,
    tampered: {
      payload: replacePayload(token, { ...CLAIMS, sub: 'mallory' }),
      other_key: await sign(other.privateKey, alg, kid),
      flipped: flipSignature(token),
    },
  };
}

mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, `${JSON.stringify(fixtures, null, 2)}\n`);
console.log(`wrote ${out}`);
