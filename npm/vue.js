// `logto-wasm/vue`: the `@logto/vue` API (`createLogto`, `useLogto`, `useHandleSignInCallback`)
// on logto-wasm's client, so that a Vue app switches by changing its import. Vue is an optional
// peer dependency: an app that does not import this entry ships none of it. Written from
// `@logto/vue`'s documented API.
import { computed, inject, onMounted, readonly, ref } from 'vue';

import { bindMethods, makeProxy } from './bindings.js';
import LogtoClient from './index.js';

const logtoKey = Symbol('logto-wasm');

/** The plugin: `app.use(createLogto, config)` gives every component a client for `config`. */
export const createLogto = {
  install(app, config) {
    const logtoClient = new LogtoClient(config);
    const isAuthenticated = ref(false);
    const loadingCount = ref(1);
    const error = ref(undefined);
    logtoClient.isAuthenticated().then(
      // Never turns a sign-in that completed meanwhile (the callback page) back into signed out.
      (authenticated) => {
        isAuthenticated.value = isAuthenticated.value || authenticated;
      },
      (e) => {
        error.value = e;
      },
    ).finally(() => {
      loadingCount.value = Math.max(0, loadingCount.value - 1);
    });
    app.provide(logtoKey, { logtoClient, isAuthenticated, loadingCount, error });
  },
};

function useLogtoContext(name) {
  const context = inject(logtoKey, null);
  if (!context) throw new Error(`logto-wasm/vue: ${name}() needs app.use(createLogto, config)`);
  return context;
}

function state({ isAuthenticated, loadingCount, error }) {
  return { isAuthenticated: readonly(isAuthenticated), isLoading: computed(() => loadingCount.value > 0), error: readonly(error) };
}

/**
 * The client's state (read-only refs) and methods. A method that fails resolves to `undefined`
 * and sets `error` (a `LogtoError` with its `code`), as in `@logto/vue`.
 */
export function useLogto() {
  const context = useLogtoContext('useLogto');
  const { logtoClient, isAuthenticated, loadingCount, error } = context;
  const proxy = makeProxy({
    addLoading: (delta) => {
      loadingCount.value = Math.max(0, loadingCount.value + delta);
    },
    setError: (e) => {
      error.value = e;
    },
  });
  return {
    ...state(context),
    ...bindMethods(logtoClient, proxy, () => {
      isAuthenticated.value = false;
    }),
  };
}

/**
 * On the callback page (call it in `setup`): once mounted, completes the sign-in from
 * `window.location.href`, then calls `callback` (e.g. to leave the page).
 */
export function useHandleSignInCallback(callback) {
  const context = useLogtoContext('useHandleSignInCallback');
  const { logtoClient, isAuthenticated, loadingCount, error } = context;
  onMounted(() => {
    const href = window.location.href;
    if (isAuthenticated.value || !logtoClient.isSignInRedirected(href)) return;
    loadingCount.value += 1;
    logtoClient.handleSignInCallback(href).then(
      () => {
        isAuthenticated.value = true;
        callback?.();
      },
      (e) => {
        error.value = e;
      },
    ).finally(() => {
      loadingCount.value = Math.max(0, loadingCount.value - 1);
    });
  });
  return state(context);
}
