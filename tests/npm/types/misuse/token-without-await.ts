// getAccessToken() returns a Promise, not the token.
// expect: TS2322 Type 'Promise<string>' is not assignable to type 'string'
import { LogtoClient } from 'logto-wasm';

export function header(client: LogtoClient): string {
  const token: string = client.getAccessToken('https://api.example.com');
  return `Bearer ${token}`;
}
