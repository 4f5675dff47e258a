// LogtoError is thrown by the SDK, never constructed by the app.
// expect: TS2673 Constructor of class 'LogtoError' is private
import { LogtoError } from 'logto-wasm';

export const error = new LogtoError();
