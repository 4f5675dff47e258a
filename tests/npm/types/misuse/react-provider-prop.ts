// logto-wasm/react: a prop LogtoProvider does not take.
// expect: TS2353 Object literal may only specify known properties, and 'cache' does not exist in type 'LogtoProviderProps'.
import type { LogtoProviderProps } from 'logto-wasm/react';

export const props: LogtoProviderProps = { config: { endpoint: 'https://tenant.logto.app', appId: 'app' }, cache: true };
