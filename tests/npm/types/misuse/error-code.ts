// An error code that does not exist (`@logto/browser`'s name, not logto-wasm's).
// expect: TS2367 the types 'LogtoErrorCode' and '"callback_uri_verification.state_mismatched"' have no overlap
import { LogtoError } from 'logto-wasm';

export function isStateMismatch(error: unknown): boolean {
  return error instanceof LogtoError && error.code === 'callback_uri_verification.state_mismatched';
}
