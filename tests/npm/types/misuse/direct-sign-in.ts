// directSignIn needs a method and a target.
// expect: TS2322 Type '"google"' is not assignable to type '"social" | "sso"'
import type { SignInOptions } from 'logto-wasm';

export const options: SignInOptions = { redirectUri: 'https://app.example.com/callback', directSignIn: { method: 'google' } };
