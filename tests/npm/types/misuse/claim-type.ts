// A wrong claim type: `created_at` is a number of milliseconds, not a string.
// expect: TS2322 Type 'number | undefined' is not assignable to type 'string'
import { LogtoClient } from 'logto-wasm';

export async function run(client: LogtoClient): Promise<string> {
  const claims = await client.getIdTokenClaims();
  const created: string = claims.created_at;
  return created;
}
