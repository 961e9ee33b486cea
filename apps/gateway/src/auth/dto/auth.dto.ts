import { PickType } from '@nestjs/swagger';
import {
  ChangeEmailRequest,
  ChangePasswordRequest,
  ForgotPasswordRequest,
  OAuthSigninRequest,
  RefreshRequest,
  ResetPasswordRequest,
  SigninRequest,
  SignupRequest,
  UpdateMeRequest,
  VerifyEmailRequest,
} from '@app/contracts';

/**
 * Request shapes of /api/auth (422 when they do not hold): the contract's classes (their rules, written
 * once) less what the gateway fills in: the user from the token, the client's address and user agent,
 * and the OAuth sign-in's locale (from Accept-Language).
 */
export class SignupDto extends PickType(SignupRequest, ['email', 'password', 'first_name', 'last_name', 'role', 'locale'] as const) {}

/** (ours) PATCH /api/auth/me: the user's own settings; an absent field is left as it is. */
export class UpdateMeDto extends PickType(UpdateMeRequest, ['locale'] as const) {}

export class SigninDto extends PickType(SigninRequest, ['email', 'password'] as const) {}

export class RefreshDto extends PickType(RefreshRequest, ['refresh_token'] as const) {}

export class ChangePasswordDto extends PickType(ChangePasswordRequest, ['current_password', 'new_password'] as const) {}

export class ChangeEmailDto extends PickType(ChangeEmailRequest, ['new_email', 'password'] as const) {}

export class ForgotPasswordDto extends PickType(ForgotPasswordRequest, ['email'] as const) {}

export class ResetPasswordDto extends PickType(ResetPasswordRequest, ['token', 'new_password'] as const) {}

export class VerifyEmailDto extends PickType(VerifyEmailRequest, ['token'] as const) {}

export class OAuthSigninDto extends PickType(OAuthSigninRequest, [
  'provider',
  'provider_account_id',
  'email',
  'first_name',
  'last_name',
  'image',
  'access_token',
  'refresh_token',
  'expires_at',
] as const) {}
