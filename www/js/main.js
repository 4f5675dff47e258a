// logto-wasm JavaScript sample: no framework, one file. Sign in, show the verified ID-token
// claims, get an access token for an API, fetch userinfo, sign out.
//
// Runs against the dev provider (`npm run provider`, http://localhost:3001) and is served under
// http://localhost:3000/js/ (`npm run serve`); see www/js/README.md.
// No init step: the client loads the WebAssembly module itself (its async methods wait for it).
import LogtoClient, { LogtoError, UserScope } from 'logto-wasm';

const ENDPOINT = 'http://localhost:3001'; // a Logto endpoint; the issuer is `${ENDPOINT}/oidc`
const APP_ID = 'logto-wasm-demo';
const API = 'https://api.example.com';

// The app lives at <base>/ (e.g. /js/); the provider sends the browser back to <base>/callback.
const BASE = new URL(window.location.pathname.replace(/callback\/?$/, ''), window.location.origin).href;
const CALLBACK = new URL('callback', BASE).href;

const app = document.getElementById('app');

/** Creates an element: h('p', { className: 'x' }, 'text', child). Text is never parsed as HTML. */
function h(tag, { dataset = {}, ...props } = {}, ...children) {
  const el = Object.assign(document.createElement(tag), props);
  Object.assign(el.dataset, dataset);
  el.append(...children.filter((c) => c !== null && c !== undefined && c !== false));
  return el;
}

function button(label, id, onClick, className = '') {
  const b = h('button', { id, className, type: 'button' }, label);
  b.addEventListener('click', async () => {
    b.disabled = true;
    try {
      await onClick();
    } catch (err) {
      showError(err);
    } finally {
      b.disabled = false;
    }
  });
  return b;
}

function claimsTable(claims, names) {
  const rows = names
    .filter((name) => claims[name] !== undefined && claims[name] !== null)
    .map((name) => {
      const value = claims[name];
      return h('tr', { dataset: { claim: name } }, h('th', {}, name), h('td', {}, h('code', {}, typeof value === 'string' ? value : JSON.stringify(value))));
    });
  return h('table', {}, ...rows);
}

function showError(err) {
  console.error(err instanceof LogtoError ? err.toString() : err);
  const code = err instanceof LogtoError ? err.code : 'unexpected';
  document.getElementById('error')?.remove();
  app.prepend(h('section', { id: 'error', className: 'error' },
    h('h2', {}, 'Something went wrong'),
    h('p', {}, h('code', { id: 'error-code' }, code), ' ', err instanceof Error ? err.message : String(err))));
}

function renderSignedOut(client) {
  app.replaceChildren(h('section', { id: 'signed-out' },
    h('h2', {}, 'You are signed out'),
    h('p', {}, 'On the dev provider any username signs in.'),
    button('Sign in', 'sign-in', () => client.signIn(CALLBACK)),
    button('Create account', 'sign-up', () => client.signIn({ redirectUri: CALLBACK, firstScreen: 'register' }), 'secondary')));
}

async function renderSignedIn(client) {
  const claims = await client.getIdTokenClaims();
  const tokenOutput = h('div', { id: 'api-token' });
  const userinfoOutput = h('div', { id: 'userinfo' });
  app.replaceChildren(
    h('section', { id: 'signed-in' },
      h('h2', {}, 'Hello, ', h('span', { id: 'user' }, claims.name ?? claims.username ?? claims.sub)),
      h('p', { className: 'muted' }, 'Verified ID-token claims:'),
      claimsTable(claims, ['sub', 'name', 'username', 'email', 'email_verified', 'iss', 'aud', 'exp', 'iat']),
      h('p', {}),
      button('Sign out', 'sign-out', () => client.signOut(BASE), 'secondary')),
    h('section', {},
      h('h2', {}, 'API access token'),
      h('p', { className: 'muted' }, 'For ', h('code', {}, API), ' (resource indicator, RFC 8707).'),
      button('Get API token', 'get-token', async () => {
        const token = await client.getAccessToken(API);
        const atClaims = await client.getAccessTokenClaims(API);
        tokenOutput.replaceChildren(
          claimsTable(atClaims, ['aud', 'scope', 'sub', 'client_id', 'exp']),
          h('pre', { id: 'api-token-raw' }, `${token.slice(0, 32)}… (${token.length} characters)`));
      }),
      tokenOutput),
    h('section', {},
      h('h2', {}, 'User info'),
      button('Fetch user info', 'fetch-userinfo', async () => {
        const info = await client.fetchUserInfo();
        userinfoOutput.replaceChildren(h('pre', { id: 'userinfo-json' }, JSON.stringify(info, null, 2)));
      }, 'secondary'),
      userinfoOutput));
}

async function main() {
  const client = new LogtoClient({
    endpoint: ENDPOINT,
    appId: APP_ID,
    scopes: [UserScope.Email, UserScope.CustomData, 'read'],
    resources: [API],
  });
  window.logto = client; // for the console (and the end-to-end test)

  if (client.isSignInRedirected(window.location.href)) {
    try {
      await client.handleSignInCallback(window.location.href);
    } catch (err) {
      renderSignedOut(client);
      showError(err);
      return;
    } finally {
      window.history.replaceState(null, '', BASE);
    }
  }
  if (await client.isAuthenticated()) await renderSignedIn(client);
  else renderSignedOut(client);
}

main().catch((err) => {
  app.replaceChildren();
  showError(err);
});
