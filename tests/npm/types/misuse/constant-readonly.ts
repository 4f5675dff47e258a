// The constants are read-only plain values.
// expect: TS2540 Cannot assign to 'Email' because it is a read-only property.
import { UserScope } from 'logto-wasm';

UserScope.Email = 'email';
