// A method that does not exist (`@logto/browser` has no `getUserInfo`; it is `fetchUserInfo`).
// expect: TS2551 Property 'getUserInfo' does not exist on type 'LogtoClient'
import { LogtoClient } from 'logto-wasm';

export async function run(client: LogtoClient): Promise<void> {
  await client.getUserInfo();
}
