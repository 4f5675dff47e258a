// Uses every API of `logto-wasm/vue` the way Logto's Vue guide uses `@logto/vue`; must compile
// under `tsc --strict` (tests/npm/types.test.mjs).
import { createApp, defineComponent, ref } from 'vue';
import { createLogto, useHandleSignInCallback, useLogto, type Logto, type LogtoState } from 'logto-wasm/vue';
import { UserScope, type IdTokenClaims, type LogtoConfig } from 'logto-wasm';

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends (<T>() => T extends B ? 1 : 2) ? true : false;
type Expect<T extends true> = T;

const config: LogtoConfig = { endpoint: 'https://tenant.logto.app', appId: 'app', scopes: [UserScope.Email] };

export const Home = defineComponent({
  setup() {
    const logto: Logto = useLogto();
    const { isAuthenticated, isLoading, error, signIn, signOut, getAccessToken, getAccessTokenClaims, getOrganizationToken,
      getOrganizationTokenClaims, getIdTokenClaims, fetchUserInfo, clearAccessToken, clearAllTokens } = logto;
    const claims = ref<IdTokenClaims>();
    const authenticated: boolean = isAuthenticated.value;
    const loading: boolean = isLoading.value;
    const message: string | undefined = error.value?.message;
    const run = async () => {
      await signIn('https://app.example.com/callback');
      await signIn({ redirectUri: 'https://app.example.com/callback', prompt: 'login', maxAge: 0 });
      const token: string | undefined = await getAccessToken('https://api.example.com', 'org-1');
      const orgToken: string | undefined = await getOrganizationToken('org-1');
      const scope = (await getAccessTokenClaims())?.scope;
      const aud = (await getOrganizationTokenClaims('org-1'))?.aud;
      claims.value = await getIdTokenClaims();
      const email = (await fetchUserInfo())?.email;
      await clearAccessToken();
      await clearAllTokens();
      await signOut('https://app.example.com/');
      return [token, orgToken, scope, aud, email];
    };
    type _token = Expect<Equal<Awaited<ReturnType<typeof getAccessToken>>, string | undefined>>;
    return { authenticated, loading, message, run, claims };
  },
});

export const Callback = defineComponent({
  setup() {
    const state: LogtoState = useHandleSignInCallback(() => {
      window.location.assign('/');
    });
    useHandleSignInCallback();
    return { loading: state.isLoading };
  },
});

createApp(Home).use(createLogto, config).mount('#app');
