// A popup sign-in keeps the page: there is no `postRedirectUri` to go to afterwards.
// expect: TS2561 Object literal may only specify known properties, but 'postRedirectUri' does not exist in type 'PopupSignInOptions'
import { LogtoClient } from 'logto-wasm';

export async function run(client: LogtoClient): Promise<void> {
  await client.signInWithPopup({ redirectUri: 'https://app.example.com/popup-callback.html', postRedirectUri: 'https://app.example.com/' });
}
