import { useEffect, useState } from 'react';
import { useHandleSignInCallback, useLogto } from 'logto-wasm/react';

const API = 'https://api.example.com';
// The app lives at <base>/ (e.g. /js/); the provider sends the browser back to <base>/callback.
const BASE = new URL(window.location.pathname.replace(/callback\/?$/, ''), window.location.origin).href;
const CALLBACK = new URL('callback', BASE).href;

function ClaimsTable({ claims, names }) {
  return (
    <table>
      <tbody>
        {names.filter((name) => claims[name] !== undefined && claims[name] !== null).map((name) => (
          <tr key={name} data-claim={name}>
            <th>{name}</th>
            <td><code>{typeof claims[name] === 'string' ? claims[name] : JSON.stringify(claims[name])}</code></td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Callback({ onDone }) {
  const { isLoading, error } = useHandleSignInCallback(() => {
    window.history.replaceState(null, '', BASE);
    onDone();
  });
  if (error) return <section id="error" className="error"><code id="error-code">{error.code ?? 'unexpected'}</code> {error.message}</section>;
  return <p className="muted">{isLoading ? 'Signing in…' : 'Redirecting…'}</p>;
}

function Home() {
  const { isAuthenticated, isLoading, error, signIn, signOut, getIdTokenClaims, getAccessToken, getAccessTokenClaims, fetchUserInfo } = useLogto();
  const [claims, setClaims] = useState();
  const [token, setToken] = useState();
  const [userInfo, setUserInfo] = useState();

  useEffect(() => {
    if (isAuthenticated) getIdTokenClaims().then(setClaims);
  }, [isAuthenticated, getIdTokenClaims]);

  if (!isAuthenticated) {
    if (isLoading) return <p className="muted">Loading…</p>;
    return (
      <section id="signed-out">
        <h2>You are signed out</h2>
        {error && <p className="error"><code id="error-code">{error.code ?? 'unexpected'}</code> {error.message}</p>}
        <button id="sign-in" type="button" onClick={() => signIn(CALLBACK)}>Sign in</button>
      </section>
    );
  }
  if (!claims) return <p className="muted">Loading…</p>;
  return (
    <>
      <section id="signed-in">
        <h2>Hello, <span id="user">{claims.name ?? claims.username ?? claims.sub}</span></h2>
        <ClaimsTable claims={claims} names={['sub', 'name', 'username', 'email', 'iss', 'aud', 'exp', 'iat']} />
        <p />
        <button id="sign-out" type="button" className="secondary" onClick={() => signOut(BASE)}>Sign out</button>
      </section>
      <section>
        <h2>API access token</h2>
        <button
          id="get-token"
          type="button"
          onClick={async () => {
            const raw = await getAccessToken(API);
            setToken({ raw, claims: await getAccessTokenClaims(API) });
          }}
        >
          Get API token
        </button>
        {token && (
          <div id="api-token">
            <ClaimsTable claims={token.claims} names={['aud', 'scope', 'sub', 'client_id', 'exp']} />
            <pre id="api-token-raw">{`${token.raw.slice(0, 32)}… (${token.raw.length} characters)`}</pre>
          </div>
        )}
      </section>
      <section>
        <h2>User info</h2>
        <button id="fetch-userinfo" type="button" className="secondary" onClick={async () => setUserInfo(await fetchUserInfo())}>Fetch user info</button>
        {userInfo && <pre id="userinfo-json">{JSON.stringify(userInfo, null, 2)}</pre>}
      </section>
    </>
  );
}

export default function App() {
  const [onCallback, setOnCallback] = useState(() => window.location.pathname.endsWith('/callback'));
  return onCallback ? <Callback onDone={() => setOnCallback(false)} /> : <Home />;
}
