// A wrong config key: `appID` instead of `appId`.
// expect: TS2561 'appID' does not exist in type 'LogtoConfig'
import { LogtoClient } from 'logto-wasm';

export const client = new LogtoClient({ endpoint: 'https://tenant.logto.app', appID: 'app-id' });
