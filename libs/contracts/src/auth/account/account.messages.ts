import { IsEmail, IsIn, IsInt, IsOptional, IsString, MaxLength, Min, ValidateIf } from 'class-validator';
import { Locale, LOCALES } from '../../i18n/locale';
import { MessageResponse, rpc } from '../../message';

/**
 * The account RPCs behind /api/auth (one folder for the family: they share the token shapes).
 * Shapes are checked again by the auth service; the password policy is a domain rule (AUTH.WEAK_PASSWORD).
 */
export type UserRole = 'candidate' | 'employer' | 'admin';

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
  @IsEmail() @MaxLength(254) email: string;
  @IsString() @MaxLength(128) password: string;
  @IsString() @MaxLength(100) first_name: string;
  @IsString() @MaxLength(100) last_name: string;
  @IsIn(['candidate', 'employer', 'admin']) role: UserRole;
  /** Chosen at sign-up (the field, else the gateway's Accept-Language); absent: the default (fr). */
  @IsOptional() @IsIn(LOCALES) locale?: Locale;
}

export class SigninRequest extends ClientInfo {
  @IsString() @MaxLength(254) email: string;
  @IsString() @MaxLength(128) password: string;
}

export class RefreshRequest extends ClientInfo {
  @IsString() @MaxLength(200) refresh_token: string;
}

export class SignoutRequest {
  @IsString() @MaxLength(200) refresh_token: string;
}

export class UserIdRequest {
  @IsInt() @Min(1) user_id: number;
}

export class ChangePasswordRequest extends UserIdRequest {
  @IsString() @MaxLength(128) current_password: string;
  @IsString() @MaxLength(128) new_password: string;
}

export class ChangeEmailRequest extends UserIdRequest {
  @IsEmail() @MaxLength(254) new_email: string;
  @IsString() @MaxLength(128) password: string;
}

export class ForgotPasswordRequest {
  @IsString() @MaxLength(254) email: string;
}

export class ResetPasswordRequest {
  @IsString() @MaxLength(200) token: string;
  @IsString() @MaxLength(128) new_password: string;
}

export class VerifyEmailRequest {
  @IsString() @MaxLength(200) token: string;
}

export class OAuthSigninRequest extends ClientInfo {
  @IsString() @MaxLength(50) provider: string;
  @IsString() @MaxLength(255) provider_account_id: string;
  @IsEmail() @MaxLength(254) email: string;
  @IsOptional() @IsString() @MaxLength(100) first_name?: string;
  @IsOptional() @IsString() @MaxLength(100) last_name?: string;
  @IsOptional() @IsString() @MaxLength(2000) image?: string;
  @IsOptional() @IsString() @MaxLength(4000) access_token?: string;
  @IsOptional() @IsString() @MaxLength(4000) refresh_token?: string;
  /** Provider token expiry, epoch seconds (as OAuth libraries report it). */
  @IsOptional() @IsInt() expires_at?: number;
  /** The language of a user this sign-in creates (the gateway's Accept-Language); an existing user keeps theirs. */
  @IsOptional() @IsIn(LOCALES) locale?: Locale;
}

/** The user's own settings (ours: PATCH /api/auth/me); an absent field is left as it is. */
export class UpdateMeRequest extends UserIdRequest {
  /** Absent keeps it; null is refused (the column is required). */
  @ValidateIf((_o, v) => v !== undefined) @IsIn(LOCALES) locale?: Locale;
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
