// A `prompt` value that does not exist.
// expect: TS2322 Type '"signup"' is not assignable to type 'Prompt | Prompt[] | undefined'
import type { SignInOptions } from 'logto-wasm';

export const options: SignInOptions = { redirectUri: 'https://app.example.com/callback', prompt: 'signup' };
