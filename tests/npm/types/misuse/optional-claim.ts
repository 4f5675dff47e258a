// Userinfo's `custom_data` may be missing (scope `custom_data` not granted).
// expect: TS18048 'info.custom_data' is possibly 'undefined'
import type { UserInfoResponse } from 'logto-wasm';

export function plan(info: UserInfoResponse): unknown {
  return info.custom_data.plan;
}
