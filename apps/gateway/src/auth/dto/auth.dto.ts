import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Locale, LOCALES } from '@app/contracts';
import { keepable } from '../../http/dto-decorators';
import { IsEmail, IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min, MinLength } from 'class-validator';

/**
 * Request shapes of /api/auth (422 when they do not hold). Passwords are capped at 128 characters
 * here (argon2 input stays bounded); the policy itself is the auth service's 400 AUTH.WEAK_PASSWORD.
 */
const PASSWORD_MAX = 128;

export class SignupDto {
  @ApiProperty({ example: 'ada@example.com' }) @IsEmail() @MaxLength(254) email: string;
  @ApiProperty({ description: '12+ chars with upper, lower, digit and one of !@#$%^&*()_+-=[]{}|;:,.<>?', maxLength: PASSWORD_MAX })
  @IsString()
  @MaxLength(PASSWORD_MAX)
  password: string;
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(100) first_name: string;
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(100) last_name: string;
  @ApiProperty({ enum: ['candidate', 'employer'], description: 'admin accounts cannot sign up (422)' })
  @IsIn(['candidate', 'employer'], { message: 'role must be candidate or employer' })
  role: 'candidate' | 'employer';
  @ApiPropertyOptional({ enum: LOCALES, description: "(ours) the user's language; absent: the request's Accept-Language, else fr" })
  @IsOptional()
  @IsIn(LOCALES)
  locale?: Locale;
}

/** (ours) PATCH /api/auth/me: the user's own settings; an absent field is left as it is. */
export class UpdateMeDto {
  @ApiPropertyOptional({ enum: LOCALES, description: 'the language of notifications, e-mails, the dashboard and error details' })
  @keepable()
  @IsIn(LOCALES)
  locale?: Locale;
}

export class SigninDto {
  @ApiProperty() @IsString() @MaxLength(254) email: string;
  @ApiProperty() @IsString() @MaxLength(PASSWORD_MAX) password: string;
}

export class RefreshDto {
  @ApiProperty() @IsString() @MaxLength(200) refresh_token: string;
}

export class ChangePasswordDto {
  @ApiProperty() @IsString() @MaxLength(PASSWORD_MAX) current_password: string;
  @ApiProperty() @IsString() @MaxLength(PASSWORD_MAX) new_password: string;
}

export class ChangeEmailDto {
  @ApiProperty() @IsEmail() @MaxLength(254) new_email: string;
  @ApiProperty() @IsString() @MaxLength(PASSWORD_MAX) password: string;
}

export class ForgotPasswordDto {
  @ApiProperty() @IsEmail() @MaxLength(254) email: string;
}

export class ResetPasswordDto {
  @ApiProperty() @IsString() @MaxLength(200) token: string;
  @ApiProperty() @IsString() @MaxLength(PASSWORD_MAX) new_password: string;
}

export class VerifyEmailDto {
  @ApiProperty() @IsString() @MaxLength(200) token: string;
}

export class OAuthSigninDto {
  @ApiProperty({ example: 'google' }) @IsString() @MinLength(1) @MaxLength(50) provider: string;
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(255) provider_account_id: string;
  @ApiProperty() @IsEmail() @MaxLength(254) email: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(100) first_name?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(100) last_name?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(2000) image?: string;
  @ApiPropertyOptional({ description: 'provider access token (stored encrypted)' }) @IsOptional() @IsString() @MaxLength(4000) access_token?: string;
  @ApiPropertyOptional({ description: 'provider refresh token (stored encrypted)' }) @IsOptional() @IsString() @MaxLength(4000) refresh_token?: string;
  @ApiPropertyOptional({ description: 'provider token expiry, epoch seconds' }) @IsOptional() @IsInt() @Min(0) @Max(253402300799) expires_at?: number;
}
