// A silent sign-in always sends `prompt=none`: the options have no `prompt` to set.
// expect: TS2353 Object literal may only specify known properties, and 'prompt' does not exist in type 'SilentSignInOptions'
import { LogtoClient } from 'logto-wasm';

export async function run(client: LogtoClient): Promise<void> {
  await client.signInSilently({ redirectUri: 'https://app.example.com/silent-callback.html', prompt: "login" });
}
