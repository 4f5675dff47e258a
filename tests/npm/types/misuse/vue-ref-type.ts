// logto-wasm/vue: `isAuthenticated` is a ref of a boolean.
// expect: TS2322 Type 'boolean' is not assignable to type 'string'.
import { useLogto } from 'logto-wasm/vue';

export const state = () => {
  const signedIn: string = useLogto().isAuthenticated.value;
  return signedIn;
};
