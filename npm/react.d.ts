// Types of `logto-wasm/react`, the `@logto/react` API on logto-wasm (npm/react.js).
import type { ReactElement, ReactNode } from 'react';

import type { LogtoMethods } from './bindings.js';
import type { LogtoConfig, LogtoError } from './index.js';

export type { LogtoMethods } from './bindings.js';

/** The props of `LogtoProvider`. */
export interface LogtoProviderProps {
  /** The client's config; a new object makes a new client (keep it outside the component). */
  config: LogtoConfig;
  /** Accepted for `@logto/react` compatibility; changes nothing (metadata and keys are always cached). */
  unstable_enableCache?: boolean;
  children?: ReactNode;
}

/** Provides a `LogtoClient` for `config` to the components below. */
export declare function LogtoProvider(props: LogtoProviderProps): ReactElement;

/** What `useLogto()` returns. A method that fails resolves to `undefined` and sets `error`. */
export interface Logto extends LogtoMethods {
  /** Whether the user is signed in (`false` until the first check is done: see `isLoading`). */
  isAuthenticated: boolean;
  /** Whether a check or a call is in progress. */
  isLoading: boolean;
  /** The last call's error, if it failed. */
  error: LogtoError | Error | undefined;
}

/** The client's state and methods; inside `LogtoProvider` only. */
export declare function useLogto(): Logto;

/**
 * On the callback page: completes the sign-in from `window.location.href`, then calls
 * `callback`. Runs the code exchange once, also under React's StrictMode.
 */
export declare function useHandleSignInCallback(callback?: () => void): {
  isLoading: boolean;
  isAuthenticated: boolean;
  error: LogtoError | Error | undefined;
};
