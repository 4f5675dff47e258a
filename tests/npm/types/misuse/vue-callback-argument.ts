// logto-wasm/vue: useHandleSignInCallback takes a function, not a redirect URL.
// expect: TS2345 Argument of type 'string' is not assignable to parameter of type '() => void'.
import { useHandleSignInCallback } from 'logto-wasm/vue';

export const state = () => useHandleSignInCallback('/');
