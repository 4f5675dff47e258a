// An unknown storage kind.
// expect: TS2322 Type '"indexeddb"' is not assignable to type 'LogtoStorage | undefined'
import type { LogtoConfig } from 'logto-wasm';

export const config: LogtoConfig = { endpoint: 'https://tenant.logto.app', appId: 'app-id', storage: 'indexeddb' };
