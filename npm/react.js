// `logto-wasm/react`: the `@logto/react` API (`LogtoProvider`, `useLogto`,
// `useHandleSignInCallback`) on logto-wasm's client, so that a React app switches by changing its
// import. React is an optional peer dependency: an app that does not import this entry ships
// none of it. Written from `@logto/react`'s documented API.
import { createContext, createElement, useContext, useEffect, useMemo, useRef, useState } from 'react';

import { bindMethods, makeProxy } from './bindings.js';
import LogtoClient from './index.js';

const LogtoContext = createContext(null);

/**
 * Provides a `LogtoClient` for `config` to the components below. A new `config` object makes a
 * new client (keep it outside the component, or memoize it). `unstable_enableCache` is accepted
 * for compatibility and changes nothing: provider metadata and keys are always cached.
 */
export function LogtoProvider({ config, children }) {
  const logtoClient = useMemo(() => new LogtoClient(config), [config]);
  const [loadingCount, setLoadingCount] = useState(1);
  const [isAuthenticated, setIsAuthenticated] = useState(false);
  const [error, setError] = useState(undefined);

  useEffect(() => {
    let active = true;
    logtoClient.isAuthenticated().then(
      // Never turns a sign-in that completed meanwhile (the callback page) back into signed out.
      (authenticated) => active && setIsAuthenticated((before) => before || authenticated),
      (e) => active && setError(e),
    ).finally(() => active && setLoadingCount((n) => Math.max(0, n - 1)));
    return () => {
      active = false;
    };
  }, [logtoClient]);

  const value = useMemo(
    () => ({ logtoClient, loadingCount, setLoadingCount, isAuthenticated, setIsAuthenticated, error, setError }),
    [logtoClient, loadingCount, isAuthenticated, error],
  );
  return createElement(LogtoContext.Provider, { value }, children);
}

function useLogtoContext(hook) {
  const context = useContext(LogtoContext);
  if (!context) throw new Error(`logto-wasm/react: ${hook}() must be used inside <LogtoProvider>`);
  return context;
}

/**
 * The client's state and methods. A method that fails resolves to `undefined` and sets `error`
 * (a `LogtoError` with its `code`), as in `@logto/react`.
 */
export function useLogto() {
  const { logtoClient, loadingCount, setLoadingCount, isAuthenticated, setIsAuthenticated, error, setError } = useLogtoContext('useLogto');

  const methods = useMemo(() => {
    const proxy = makeProxy({ addLoading: (delta) => setLoadingCount((n) => Math.max(0, n + delta)), setError });
    return bindMethods(logtoClient, proxy, () => setIsAuthenticated(false));
  }, [logtoClient, setLoadingCount, setError, setIsAuthenticated]);

  return { isAuthenticated, isLoading: loadingCount > 0, error, ...methods };
}

/**
 * On the callback page: completes the sign-in from `window.location.href`, then calls `callback`
 * (e.g. to leave the page). React's StrictMode runs the effect twice; the client exchanges the
 * code once either way, and `callback` runs once.
 */
export function useHandleSignInCallback(callback) {
  const { logtoClient, loadingCount, setLoadingCount, isAuthenticated, setIsAuthenticated, error, setError } = useLogtoContext('useHandleSignInCallback');
  const callbackRef = useRef(callback);
  callbackRef.current = callback;

  useEffect(() => {
    const href = window.location.href;
    if (isAuthenticated || !logtoClient.isSignInRedirected(href)) return undefined;
    let active = true;
    setLoadingCount((n) => n + 1);
    logtoClient.handleSignInCallback(href).then(
      () => {
        if (!active) return;
        setIsAuthenticated(true);
        callbackRef.current?.();
      },
      (e) => active && setError(e),
    ).finally(() => setLoadingCount((n) => Math.max(0, n - 1)));
    return () => {
      active = false;
    };
  }, [logtoClient, isAuthenticated, setLoadingCount, setIsAuthenticated, setError]);

  return { isLoading: loadingCount > 0, isAuthenticated, error };
}
