// Uses every API of `logto-wasm/react` the way Logto's React guide uses `@logto/react`; must
// compile under `tsc --strict --jsx react-jsx` (tests/npm/types.test.mjs).
import { useState } from 'react';
import { LogtoProvider, useHandleSignInCallback, useLogto, type Logto, type LogtoProviderProps } from 'logto-wasm/react';
import { UserScope, type IdTokenClaims, type LogtoConfig, type LogtoErrorCode } from 'logto-wasm';

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends (<T>() => T extends B ? 1 : 2) ? true : false;
type Expect<T extends true> = T;

const config: LogtoConfig = { endpoint: 'https://tenant.logto.app', appId: 'app', scopes: [UserScope.Email] };

export function Root() {
  const props: LogtoProviderProps = { config, unstable_enableCache: true };
  return (
    <LogtoProvider {...props}>
      <Home />
      <Callback />
    </LogtoProvider>
  );
}

function Callback() {
  const { isLoading, isAuthenticated, error } = useHandleSignInCallback(() => {
    window.location.assign('/');
  });
  useHandleSignInCallback();
  const code: LogtoErrorCode | undefined = error && 'code' in error ? error.code : undefined;
  return <p>{isLoading ? 'Loading' : String(isAuthenticated)} {code}</p>;
}

function Home() {
  const logto: Logto = useLogto();
  const { isAuthenticated, isLoading, error, signIn, signOut, getAccessToken, getAccessTokenClaims, getOrganizationToken,
    getOrganizationTokenClaims, getIdTokenClaims, fetchUserInfo, clearAccessToken, clearAllTokens } = logto;
  const [claims, setClaims] = useState<IdTokenClaims>();
  const run = async () => {
    await signIn('https://app.example.com/callback');
    await signIn({ redirectUri: 'https://app.example.com/callback', firstScreen: 'register', maxAge: 0 });
    await signIn('https://app.example.com/callback', 'signUp', 'bob@example.com');
    const token: string | undefined = await getAccessToken('https://api.example.com');
    const orgToken: string | undefined = await getOrganizationToken('org-1');
    const scope: string | undefined = (await getAccessTokenClaims('https://api.example.com'))?.scope;
    const aud = (await getOrganizationTokenClaims('org-1'))?.aud;
    setClaims(await getIdTokenClaims());
    const email = (await fetchUserInfo())?.email;
    await clearAccessToken();
    await clearAllTokens();
    await signOut('https://app.example.com/');
    await signOut(null, { localOnly: true });
    return [token, orgToken, scope, aud, email];
  };
  type _loading = Expect<Equal<typeof isLoading, boolean>>;
  type _token = Expect<Equal<Awaited<ReturnType<typeof getAccessToken>>, string | undefined>>;
  return (
    <button type="button" onClick={run} disabled={isLoading}>
      {isAuthenticated ? claims?.sub : 'signed out'} {error?.message}
    </button>
  );
}
