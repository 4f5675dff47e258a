// A DPoP proof is for one request: its method and URL are required.
// expect: TS2345 Argument of type '{ method: string; }' is not assignable to parameter of type 'DpopProofOptions'.
import { LogtoClient } from 'logto-wasm';

export async function run(client: LogtoClient): Promise<string> {
  return client.createDpopProof({ method: 'GET' });
}
