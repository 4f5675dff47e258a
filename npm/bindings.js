// What `logto-wasm/react` and `logto-wasm/vue` share: how a call runs (the loading count up while
// it runs, a failure kept as `error` and resolved as `undefined`, as in @logto/react and
// @logto/vue) and the client's methods bound that way. Each binding supplies its own state.

/**
 * `addLoading(delta)` moves the loading count, `setError(e)` stores the last error. The proxy
 * wraps a call; with `keepLoading` (calls that leave the page) the count stays up on success.
 */
export function makeProxy({ addLoading, setError }) {
  return (run, { keepLoading = false } = {}) => async (...args) => {
    addLoading(1);
    let done = !keepLoading;
    try {
      setError(undefined);
      return await run(...args);
    } catch (e) {
      done = true;
      setError(e);
      return undefined;
    } finally {
      if (done) addLoading(-1);
    }
  };
}

/** The client's methods through `proxy`; `onSignedOut` runs after `clearAllTokens`. */
export function bindMethods(logtoClient, proxy, onSignedOut) {
  return {
    // Both leave the page: loading stays on until then.
    signIn: proxy((...args) => logtoClient.signIn(...args), { keepLoading: true }),
    signOut: proxy((...args) => logtoClient.signOut(...args), { keepLoading: true }),
    getAccessToken: proxy((...args) => logtoClient.getAccessToken(...args)),
    getAccessTokenClaims: proxy((...args) => logtoClient.getAccessTokenClaims(...args)),
    getOrganizationToken: proxy((...args) => logtoClient.getOrganizationToken(...args)),
    getOrganizationTokenClaims: proxy((...args) => logtoClient.getOrganizationTokenClaims(...args)),
    getIdTokenClaims: proxy(() => logtoClient.getIdTokenClaims()),
    fetchUserInfo: proxy(() => logtoClient.fetchUserInfo()),
    clearAccessToken: proxy(() => logtoClient.clearAccessToken()),
    clearAllTokens: proxy(async () => {
      await logtoClient.clearAllTokens();
      onSignedOut();
    }),
  };
}
