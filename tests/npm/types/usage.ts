// Uses every public API of the `logto-wasm` npm package, with the types a caller relies on.
// tests/npm/types.test.mjs type-checks it with `tsc --strict --noEmit` (no skipLibCheck) against
// the packed package: it must compile without a diagnostic.
import DefaultClient, {
  completePopupSignIn,
  init,
  initSync,
  LogtoClient,
  LogtoError,
  UserScope,
  Prompt as PromptValue,
  ReservedScope,
  ReservedResource,
  buildOrganizationUrn,
  organizationUrnPrefix,
  type AccessTokenClaims,
  type AddressClaim,
  type DirectSignInOptions,
  type DpopProofOptions,
  type FirstScreen,
  type IdTokenClaims,
  type IdTokenSigningAlgorithm,
  type InitInput,
  type InteractionMode,
  type LogtoConfig,
  type LogtoErrorCode,
  type LogtoScope,
  type LogtoSessionEvent,
  type LogtoSessionEventType,
  type LogtoStorage,
  type PopupSignInOptions,
  type Prompt,
  type SessionRenewal,
  type SignInIdentifier,
  type SignInOptions,
  type SignOutOptions,
  type SilentSignInOptions,
  type SyncInitInput,
  type UserInfoResponse,
} from 'logto-wasm';

// Type-level assertions: `Expect<Equal<A, B>>` compiles only when A and B are the same type.
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends (<T>() => T extends B ? 1 : 2) ? true : false;
type Expect<T extends true> = T;

// ---- init
export async function loadWasm(bytes: ArrayBuffer, module: WebAssembly.Module): Promise<void> {
  await init();
  await init(new URL('/assets/logto_wasm_bg.wasm', location.href));
  await init('/logto_wasm_bg.wasm');
  await init(fetch('/logto_wasm_bg.wasm'));
  await init({ module_or_path: bytes });
  const input: InitInput = module;
  await init(input);
  const sync: SyncInitInput = new Uint8Array(bytes);
  initSync(sync);
  initSync({ module });
}
type _init = Expect<Equal<ReturnType<typeof init>, Promise<void>>>;

// ---- the default export is the client (as in @logto/browser); the constants are values
type _default = Expect<Equal<typeof DefaultClient, typeof LogtoClient>>;
const promptLogin: Prompt = PromptValue.Login;
type _promptValue = Expect<Equal<typeof PromptValue.Consent, 'consent'>>;
type _reserved = Expect<Equal<typeof ReservedScope.OfflineAccess | typeof ReservedResource.Organization, 'offline_access' | 'urn:logto:resource:organizations'>>;
const urn: `urn:logto:organization:${string}` = buildOrganizationUrn('org-1');
const prefix: 'urn:logto:organization:' = organizationUrnPrefix;
const scopeValue: UserScope = UserScope.Roles;
export const constants = [promptLogin, urn, prefix, scopeValue];

// ---- config
const storage: LogtoStorage = {
  getItem: async (key: string) => window.localStorage.getItem(key),
  setItem: (key: string, value: string) => window.localStorage.setItem(key, value),
  removeItem: (key: string) => window.localStorage.removeItem(key),
};
const algorithms: IdTokenSigningAlgorithm[] = ['ES384', 'RS256', 'EdDSA'];
const prompt: Prompt[] = ['login', 'consent'];
const scope: LogtoScope = UserScope.Organizations;
const config: LogtoConfig = {
  endpoint: 'https://tenant.logto.app',
  appId: 'app-id',
  scopes: [UserScope.Email, UserScope.Phone, UserScope.CustomData, UserScope.Identities, UserScope.Roles, scope,
    UserScope.OrganizationRoles, UserScope.Address, 'read', 'write'],
  resources: ['https://api.example.com'],
  prompt,
  includeReservedScopes: true,
  storage,
  refreshMarginSeconds: 60,
  leewaySeconds: 60,
  idTokenSigningAlgorithms: algorithms,
  dangerouslyAllowInsecureHttp: false,
  pushedAuthorization: true,
};
const oidc: LogtoConfig = { issuer: 'https://accounts.example.com', appId: 'x', storage: 'local', prompt: 'none' };
const inMemory: LogtoConfig = { endpoint: 'https://tenant.logto.app', appId: 'x', storage: 'memory' };
type _scopes = Expect<Equal<typeof UserScope.Email, 'email'>>;
type _scopes2 = Expect<Equal<typeof UserScope.OpenId | typeof UserScope.Profile | typeof UserScope.OfflineAccess, 'openid' | 'profile' | 'offline_access'>>;

// ---- sign-in options
const firstScreen: FirstScreen = 'identifier:register';
const identifiers: SignInIdentifier[] = ['email', 'phone', 'username'];
const direct: DirectSignInOptions = { method: 'social', target: 'google' };
const mode: InteractionMode = 'signUp';
const options: SignInOptions = {
  redirectUri: 'https://app.example.com/callback',
  postRedirectUri: 'https://app.example.com/',
  prompt: 'login',
  firstScreen,
  interactionMode: mode,
  identifiers,
  loginHint: 'alice@example.com',
  directSignIn: direct,
  oneTimeToken: 'token',
  organizationId: 'org-acme',
  uiLocales: 'fr-CA en',
  extraParams: { foo: 'bar' },
  clearTokens: true,
};
const sso: SignInOptions = { redirectUri: 'https://app.example.com/callback', directSignIn: { method: 'sso', target: 'connector-id' } };
const signOutOptions: SignOutOptions = { localOnly: true };

// ---- the client
export async function everyMethod(): Promise<void> {
  const client = new LogtoClient(config);
  new LogtoClient(oidc).free();
  new LogtoClient(inMemory);

  await client.signIn('https://app.example.com/callback');
  await client.signIn('https://app.example.com/callback', 'signIn', 'alice');
  await client.signIn(options);
  await client.signIn(sso);
  const url: string = await client.getSignInUrl(options);
  const url2: string = await client.getSignInUrl('https://app.example.com/callback');

  const redirected: boolean = client.isSignInRedirected(window.location.href);
  if (redirected) await client.handleSignInCallback(window.location.href);
  const authenticated: boolean = await client.isAuthenticated();

  const idToken: string | null = await client.getIdToken();
  const refreshToken: string | null = await client.getRefreshToken();

  const silent: SilentSignInOptions = { redirectUri: 'https://app.example.com/silent-callback.html', timeoutInSeconds: 5, loginHint: 'alice' };
  await client.signInSilently(silent);
  await client.signInSilently('https://app.example.com/silent-callback.html');
  const renewal: SessionRenewal | null = await client.getSessionRenewal();
  const popupOptions: PopupSignInOptions = { redirectUri: 'https://app.example.com/popup-callback.html', timeoutInSeconds: 120, firstScreen: 'register', prompt: 'login' };
  await client.signInWithPopup(popupOptions);
  await client.signInWithPopup('https://app.example.com/popup-callback.html');
  const handedOver: boolean = await completePopupSignIn();
  const handedOver2: boolean = await completePopupSignIn(window.location.href);
  const popupCodes: LogtoErrorCode[] = ['popup.blocked', 'popup.user_cancelled', 'popup.timeout', 'popup.unavailable'];
  const dpopClient = new LogtoClient({ ...config, dpop: true });
  const dpopToken: string = await dpopClient.getAccessToken('https://api.example.com');
  const proofOptions: DpopProofOptions = { method: 'POST', url: 'https://api.example.com/orders', accessToken: dpopToken };
  const proof: string = await dpopClient.createDpopProof(proofOptions);
  const retried: string = await dpopClient.createDpopProof({ ...proofOptions, nonce: 'from-the-api' });
  const dpopCodes: LogtoErrorCode[] = ['dpop.unavailable', 'dpop.invalid_target', 'dpop.not_configured', 'token.not_dpop_bound'];
  type _renewal = Expect<Equal<SessionRenewal, 'refreshToken' | 'silentSignIn' | 'none'>>;
  const silentCodes: LogtoErrorCode[] = ['callback.login_required', 'callback.interaction_required', 'callback.consent_required', 'silent_sign_in.timeout'];

  const claims: IdTokenClaims = await client.getIdTokenClaims();
  const sub: string = claims.sub;
  const aud: string | string[] = claims.aud;
  const exp: number = claims.exp;
  const email: string | null | undefined = claims.email;
  const verified: boolean | undefined = claims.email_verified;
  const roles: string[] | undefined = claims.roles;
  const orgs: string[] | undefined = claims.organizations;
  const created: number | undefined = claims.created_at;
  const address: AddressClaim | undefined = claims.address;
  const custom: unknown = claims['some_custom_claim'];
  type _claims = Expect<Equal<IdTokenClaims['phone_number'], string | null | undefined>>;

  const apiToken: string = await client.getAccessToken('https://api.example.com');
  const defaultToken: string = await client.getAccessToken();
  const apiOrgToken: string = await client.getAccessToken('https://api.example.com', 'org-acme');
  const atClaims: AccessTokenClaims = await client.getAccessTokenClaims('https://api.example.com');
  const scopeClaim: string | undefined = atClaims.scope;
  const atAud: string | string[] | undefined = atClaims.aud;
  await client.getAccessTokenClaims();

  const orgToken: string = await client.getOrganizationToken('org-acme');
  const orgClaims: AccessTokenClaims = await client.getOrganizationTokenClaims('org-acme');
  const orgId: string | undefined = orgClaims.organization_id;

  const info: UserInfoResponse = await client.fetchUserInfo();
  const infoSub: string = info.sub;
  const customData: Record<string, unknown> | undefined = info.custom_data;
  const github: string | undefined = info.identities?.['github']?.userId;
  const orgData: Array<{ id: string; name: string; description: string | null }> | undefined = info.organization_data;
  const ssoIssuer: string | undefined = info.sso_identities?.[0]?.issuer;

  await client.clearAccessToken();
  await client.clearAllTokens();
  await client.signOut();
  await client.signOut('https://app.example.com/');
  await client.signOut(null, signOutOptions);
  await client.signOut(undefined, { localOnly: true });

  void [url, url2, authenticated, idToken, refreshToken, sub, aud, exp, email, verified, roles, orgs, created, address,
    custom, apiToken, defaultToken, apiOrgToken, scopeClaim, atAud, orgToken, orgId, infoSub, customData, github,
    orgData, ssoIssuer];
}

// ---- session events (the client is an EventTarget)
export function watchSession(client: LogtoClient): () => void {
  const onExpiring = (event: LogtoSessionEvent): void => {
    const type: LogtoSessionEventType = event.type;
    const otherTab: boolean = event.otherTab;
    const resource: string | undefined = event.resource;
    const organizationId: string | undefined = event.organizationId;
    const expiresAt: number | undefined = event.expiresAt;
    void [type, otherTab, resource, organizationId, expiresAt];
  };
  client.addEventListener('accessTokenExpiring', onExpiring);
  client.addEventListener('signedOut', function (event) {
    const self: LogtoClient = this;
    const fromOtherTab: boolean = event.otherTab;
    void [self, fromOtherTab];
  }, { once: true });
  const controller = new AbortController();
  for (const type of ['signedIn', 'tokenRefreshed', 'sessionExpired'] as const) {
    client.addEventListener(type, (event) => console.log(event.type), { signal: controller.signal });
  }
  const target: EventTarget = client;
  void target;
  return () => {
    client.removeEventListener('accessTokenExpiring', onExpiring);
    controller.abort();
  };
}

// ---- errors
export function describeError(error: unknown): string {
  if (error instanceof LogtoError) {
    const code: LogtoErrorCode = error.code;
    const asError: Error = error;
    const provider: string | undefined = error.error;
    const description: string | undefined = error.errorDescription;
    const name: string = error.name;
    const stack: string | undefined = error.stack;
    switch (error.code) {
      case 'callback.state_mismatch':
      case 'id_token.nonce_mismatch':
        return 'sign in again';
      case 'token.provider_error':
        return `provider said ${provider ?? ''}: ${description ?? ''}`;
      case 'not_authenticated':
        return 'signed out';
      default:
        return `${code} ${asError.message} ${name} ${stack ?? ''} ${error.toString()}`;
    }
  }
  return String(error);
}
type _code = Expect<Equal<LogtoError['code'], LogtoErrorCode>>;
type _codes = Expect<Equal<Extract<LogtoErrorCode, 'config.missing_app_id' | 'storage.quota_exceeded'>, 'config.missing_app_id' | 'storage.quota_exceeded'>>;
