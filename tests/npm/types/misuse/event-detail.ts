// A session event's `expiresAt` is a number of seconds (and absent on most events), not a Date.
// expect: TS2322 Type 'number | undefined' is not assignable to type 'Date'
import { LogtoClient } from 'logto-wasm';

export function watch(client: LogtoClient): void {
  client.addEventListener('accessTokenExpiring', (event) => {
    const when: Date = event.expiresAt;
    void when;
  });
}
