// Types of `logto-wasm/vue`, the `@logto/vue` API on logto-wasm (npm/vue.js).
import type { App, Ref } from 'vue';

import type { LogtoMethods } from './bindings.js';
import type { LogtoConfig, LogtoError } from './index.js';

export type { LogtoMethods } from './bindings.js';

/** The plugin: `app.use(createLogto, config)`. */
export declare const createLogto: {
  install(app: App, config: LogtoConfig): void;
};

/** The state every composable returns, as read-only refs. */
export interface LogtoState {
  /** Whether the user is signed in (`false` until the first check is done: see `isLoading`). */
  isAuthenticated: Readonly<Ref<boolean>>;
  /** Whether a check or a call is in progress. */
  isLoading: Readonly<Ref<boolean>>;
  /** The last call's error, if it failed. */
  error: Readonly<Ref<LogtoError | Error | undefined>>;
}

/** What `useLogto()` returns. A method that fails resolves to `undefined` and sets `error`. */
export interface Logto extends LogtoState, LogtoMethods {}

/** The client's state and methods; in `setup`, with `createLogto` installed. */
export declare function useLogto(): Logto;

/** On the callback page, in `setup`: completes the sign-in once mounted, then calls `callback`. */
export declare function useHandleSignInCallback(callback?: () => void): LogtoState;
