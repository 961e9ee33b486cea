import { ApiProperty, ApiPropertyOptional, PickType } from '@nestjs/swagger';
import { IsEmail, IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min, MinLength } from 'class-validator';
import { Locale, LOCALES } from '../../i18n/locale';
import { MessageResponse, rpc } from '../../message';
import { keepable } from '../../validation';

/**
 * The account RPCs behind /api/auth (one folder for the family: they share the token shapes).
 * Shapes are checked again by the auth service; the password policy is a domain rule (AUTH.WEAK_PASSWORD).
 */
export type UserRole = 'candidate' | 'employer' | 'admin';
/** The roles one may sign up with: an admin account is created by `npm run create-admin` only. */
export const SIGNUP_ROLES = ['candidate', 'employer'] as const satisfies readonly UserRole[];
export type SignupRole = (typeof SIGNUP_ROLES)[number];

/**
 * Passwords are capped (argon2's input stays bounded): a longer one is a 422. The password policy
 * itself (length, characters) is the auth service's domain rule (AUTH.WEAK_PASSWORD).
 */
export const PASSWORD_MAX_LENGTH = 128;

export interface AuthTokens {
  access_token: string;
  refresh_token: string;
  token_type: 'bearer';
}

export interface SignedInUser {
  id: number;
  email: string;
  first_name: string;
  last_name: string;
  role: UserRole;
  image: string | null;
}

export interface SignInResult extends AuthTokens {
  user: SignedInUser;
}

export interface MeResponse extends SignedInUser {
  name: string;
  is_active: boolean;
  email_verified: boolean;
  /** The language the backend writes to this user in (notifications, e-mails, dashboard, error details). */
  locale: Locale;
}

/** Where a session was opened from (kept on the session row, for the user's own review). */
class ClientInfo {
  @IsOptional() @IsString() @MaxLength(100) ip?: string;
  @IsOptional() @IsString() @MaxLength(500) user_agent?: string;
}

export class SignupRequest extends ClientInfo {
  @ApiProperty({ example: 'ada@example.com' }) @IsEmail() @MaxLength(254) email: string;
  @ApiProperty({ description: '12+ chars with upper, lower, digit and one of !@#$%^&*()_+-=[]{}|;:,.<>?', maxLength: PASSWORD_MAX_LENGTH })
  @IsString()
  @MaxLength(PASSWORD_MAX_LENGTH)
  password: string;
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(100) first_name: string;
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(100) last_name: string;
  @ApiProperty({ enum: SIGNUP_ROLES, description: 'admin accounts cannot sign up (422)' })
  @IsIn(SIGNUP_ROLES, { message: 'role must be candidate or employer' })
  role: SignupRole;
  /** Chosen at sign-up (the field, else the gateway's Accept-Language); absent: the default (fr). */
  @ApiPropertyOptional({ enum: LOCALES, description: "(ours) the user's language; absent: the request's Accept-Language, else fr" })
  @IsOptional()
  @IsIn(LOCALES)
  locale?: Locale;
}

export class SigninRequest extends ClientInfo {
  @ApiProperty() @IsString() @MaxLength(254) email: string;
  @ApiProperty() @IsString() @MaxLength(PASSWORD_MAX_LENGTH) password: string;
}

export class RefreshRequest extends ClientInfo {
  @ApiProperty() @IsString() @MaxLength(200) refresh_token: string;
}

export class SignoutRequest extends PickType(RefreshRequest, ['refresh_token'] as const) {}

export class UserIdRequest {
  @IsInt() @Min(1) user_id: number;
}

export class ChangePasswordRequest extends UserIdRequest {
  @ApiProperty() @IsString() @MaxLength(PASSWORD_MAX_LENGTH) current_password: string;
  @ApiProperty() @IsString() @MaxLength(PASSWORD_MAX_LENGTH) new_password: string;
}

export class ChangeEmailRequest extends UserIdRequest {
  @ApiProperty() @IsEmail() @MaxLength(254) new_email: string;
  @ApiProperty() @IsString() @MaxLength(PASSWORD_MAX_LENGTH) password: string;
}

export class ForgotPasswordRequest {
  @ApiProperty() @IsEmail() @MaxLength(254) email: string;
}

export class ResetPasswordRequest {
  @ApiProperty() @IsString() @MaxLength(200) token: string;
  @ApiProperty() @IsString() @MaxLength(PASSWORD_MAX_LENGTH) new_password: string;
}

export class VerifyEmailRequest {
  @ApiProperty() @IsString() @MaxLength(200) token: string;
}

export class OAuthSigninRequest extends ClientInfo {
  @ApiProperty({ example: 'google' }) @IsString() @MinLength(1) @MaxLength(50) provider: string;
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(255) provider_account_id: string;
  @ApiProperty() @IsEmail() @MaxLength(254) email: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(100) first_name?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(100) last_name?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(2000) image?: string;
  @ApiPropertyOptional({ description: 'provider access token (stored encrypted)' })
  @IsOptional()
  @IsString()
  @MaxLength(4000)
  access_token?: string;
  @ApiPropertyOptional({ description: 'provider refresh token (stored encrypted)' })
  @IsOptional()
  @IsString()
  @MaxLength(4000)
  refresh_token?: string;
  /** Provider token expiry, epoch seconds (as OAuth libraries report it); at most 9999-12-31. */
  @ApiPropertyOptional({ description: 'provider token expiry, epoch seconds' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(253402300799)
  expires_at?: number;
  /** The language of a user this sign-in creates (the gateway's Accept-Language); an existing user keeps theirs. */
  @IsOptional() @IsIn(LOCALES) locale?: Locale;
}

/** The user's own settings (ours: PATCH /api/auth/me); an absent field is left as it is. */
export class UpdateMeRequest extends UserIdRequest {
  /** Absent keeps it; null is refused (the column is required). */
  @ApiPropertyOptional({ enum: LOCALES, description: 'the language of notifications, e-mails, the dashboard and error details' })
  @keepable()
  @IsIn(LOCALES)
  locale?: Locale;
}

export const AUTH_SIGNUP = rpc<SignupRequest, SignInResult>('auth.account.signup.v1', SignupRequest);
export const AUTH_SIGNIN = rpc<SigninRequest, SignInResult>('auth.account.signin.v1', SigninRequest);
export const AUTH_REFRESH = rpc<RefreshRequest, AuthTokens>('auth.session.refresh.v1', RefreshRequest);
export const AUTH_SIGNOUT = rpc<SignoutRequest, { revoked: boolean }>('auth.session.signout.v1', SignoutRequest);
/** Revokes every session and every access token issued so far (ours: POST /api/auth/signout-all). */
export const AUTH_SIGNOUT_EVERYWHERE = rpc<UserIdRequest, { revoked: boolean }>('auth.session.signout-everywhere.v1', UserIdRequest);
export const AUTH_ME = rpc<UserIdRequest, MeResponse>('auth.account.me.v1', UserIdRequest);
export const AUTH_UPDATE_ME = rpc<UpdateMeRequest, MeResponse>('auth.account.update-me.v1', UpdateMeRequest);
export const AUTH_CHANGE_PASSWORD = rpc<ChangePasswordRequest, MessageResponse>('auth.account.change-password.v1', ChangePasswordRequest);
export const AUTH_CHANGE_EMAIL = rpc<ChangeEmailRequest, MessageResponse & { new_email: string }>(
  'auth.account.change-email.v1',
  ChangeEmailRequest,
);
export const AUTH_DELETE_ACCOUNT = rpc<UserIdRequest, MessageResponse>('auth.account.delete.v1', UserIdRequest);
export const AUTH_FORGOT_PASSWORD = rpc<ForgotPasswordRequest, MessageResponse>('auth.account.forgot-password.v1', ForgotPasswordRequest);
export const AUTH_RESET_PASSWORD = rpc<ResetPasswordRequest, MessageResponse>('auth.account.reset-password.v1', ResetPasswordRequest);
export const AUTH_VERIFY_EMAIL = rpc<VerifyEmailRequest, MessageResponse>('auth.account.verify-email.v1', VerifyEmailRequest);
export const AUTH_OAUTH_SIGNIN = rpc<OAuthSigninRequest, SignInResult>('auth.account.oauth-signin.v1', OAuthSigninRequest);
