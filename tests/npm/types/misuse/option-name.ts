// A wrong sign-in option name: `redirectURI` instead of `redirectUri`.
// expect: TS2561 'redirectURI' does not exist in type 'SignInOptions'
import { LogtoClient } from 'logto-wasm';

export async function run(client: LogtoClient): Promise<void> {
  await client.signIn({ redirectURI: 'https://app.example.com/callback' });
}
