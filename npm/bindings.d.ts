// Types shared by `logto-wasm/react` and `logto-wasm/vue` (npm/bindings.js).
import type {
  AccessTokenClaims,
  IdTokenClaims,
  InteractionMode,
  SignInOptions,
  SignOutOptions,
  UserInfoResponse,
} from './index.js';

/** The client's methods as the bindings expose them: a method that fails resolves to `undefined` and sets `error`. */
export interface LogtoMethods {
  signIn(options: string | SignInOptions, interactionMode?: InteractionMode, loginHint?: string): Promise<void>;
  signOut(postLogoutRedirectUri?: string | null, options?: SignOutOptions): Promise<void>;
  getAccessToken(resource?: string, organizationId?: string): Promise<string | undefined>;
  getAccessTokenClaims(resource?: string): Promise<AccessTokenClaims | undefined>;
  getOrganizationToken(organizationId: string): Promise<string | undefined>;
  getOrganizationTokenClaims(organizationId: string): Promise<AccessTokenClaims | undefined>;
  getIdTokenClaims(): Promise<IdTokenClaims | undefined>;
  fetchUserInfo(): Promise<UserInfoResponse | undefined>;
  clearAccessToken(): Promise<void>;
  clearAllTokens(): Promise<void>;
}
