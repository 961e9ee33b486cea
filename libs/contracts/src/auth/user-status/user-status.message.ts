import { IsInt } from 'class-validator';
import type { Locale } from '../../i18n/locale';
import { rpc } from '../../message';

export class UserStatusRequest {
  @IsInt() user_id: number;
}

export interface UserStatusResponse {
  exists: boolean;
  is_active: boolean;
  role: 'candidate' | 'employer' | 'admin' | null;
  /** Access tokens issued before this instant are refused (password change/reset, sign-out everywhere). */
  tokens_valid_after: string | null;
  /**
   * The user's language, so the gateway writes in it without another request (its guard asks this
   * on every request, cached for seconds). Absent from an older auth service: the default.
   */
  locale?: Locale;
}

/** Asked by the gateway's guard (cached for seconds) so a deactivated or deleted user's tokens stop working. */
export const AUTH_USER_STATUS = rpc<UserStatusRequest, UserStatusResponse>('auth.user.status.v1', UserStatusRequest);
