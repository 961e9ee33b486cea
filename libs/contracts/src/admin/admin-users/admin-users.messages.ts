import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsEmail, IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { PASSWORD_MAX_LENGTH } from '../../auth/account/account.messages';
import { MessageResponse, rpc } from '../../message';

/** Same values as the auth role enum (declared here so this contract stands alone). */
export type AdminUserRole = 'candidate' | 'employer' | 'admin';

export interface AdminUser {
  id: number;
  email: string;
  first_name: string;
  last_name: string;
  name: string;
  role: AdminUserRole;
  is_active: boolean;
  email_verified: boolean;
  image: string | null;
  created_at: string;
  updated_at: string;
}

/** Far beyond any real list; keeps OFFSET a value the database accepts. */
export const ADMIN_MAX_SKIP = 100_000_000;

/** A page of an administration list. */
export class AdminPageRequest {
  @ApiProperty({ minimum: 0, maximum: ADMIN_MAX_SKIP }) @IsInt() @Min(0) @Max(ADMIN_MAX_SKIP) skip: number;
  @ApiProperty({ minimum: 1, maximum: 100 }) @IsInt() @Min(1) @Max(100) limit: number;
}

export class AdminUsersListRequest extends AdminPageRequest {
  @ApiPropertyOptional({ enum: ['candidate', 'employer', 'admin'] })
  @IsOptional()
  @IsIn(['candidate', 'employer', 'admin'])
  role?: AdminUserRole;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() is_active?: boolean;
  /** Words of the e-mail or the name (case-insensitive substring). */
  @ApiPropertyOptional({ description: 'Part of the e-mail or the name (case-insensitive)' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  search?: string;
}

export interface AdminUsersListResponse {
  users: AdminUser[];
  total: number;
  skip: number;
  limit: number;
}

export class AdminEmployersListRequest extends AdminPageRequest {}

export interface AdminEmployer {
  /** Employer profile id. */
  id: number;
  user_id: number;
  email: string;
  first_name: string;
  last_name: string;
  is_active: boolean;
  position: string | null;
  department: string | null;
  phone: string | null;
  created_at: string;
}

export interface AdminEmployersListResponse {
  employers: AdminEmployer[];
  total: number;
}

export class AdminUserGetRequest {
  @IsInt() @Min(1) user_id: number;
}

export class AdminUserSetActiveRequest {
  /** The admin acting: never themselves. */
  @IsInt() @Min(1) actor_id: number;
  @IsInt() @Min(1) user_id: number;
  @ApiProperty() @IsBoolean() is_active: boolean;
}

export class AdminUserDeleteRequest {
  @IsInt() @Min(1) actor_id: number;
  @IsInt() @Min(1) user_id: number;
}

export class AdminCreateRequest {
  @IsEmail() @MaxLength(254) @Transform(({ value }) => (typeof value === 'string' ? value.trim().toLowerCase() : value)) email: string;
  @IsString() @MaxLength(PASSWORD_MAX_LENGTH) password: string;
  @IsOptional() @IsString() @MaxLength(100) first_name?: string;
  @IsOptional() @IsString() @MaxLength(100) last_name?: string;
}

export interface AdminCreateResponse {
  user: AdminUser;
  /** false when the e-mail already belonged to an admin (nothing changed). */
  created: boolean;
}

/** Administration of users, owned by the auth service (apps/auth/src/admin). Callers are checked to be admins by the gateway. */
export const AUTH_ADMIN_USERS_LIST = rpc<AdminUsersListRequest, AdminUsersListResponse>('auth.admin.users.list.v1', AdminUsersListRequest);
export const AUTH_ADMIN_EMPLOYERS_LIST = rpc<AdminEmployersListRequest, AdminEmployersListResponse>(
  'auth.admin.employers.list.v1',
  AdminEmployersListRequest,
);
export const AUTH_ADMIN_USER_GET = rpc<AdminUserGetRequest, AdminUser>('auth.admin.user.get.v1', AdminUserGetRequest);
export const AUTH_ADMIN_USER_SET_ACTIVE = rpc<AdminUserSetActiveRequest, AdminUser>(
  'auth.admin.user.set-active.v1',
  AdminUserSetActiveRequest,
);
export const AUTH_ADMIN_USER_DELETE = rpc<AdminUserDeleteRequest, MessageResponse>('auth.admin.user.delete.v1', AdminUserDeleteRequest);
/** `npm run create-admin`: self sign-up can never create an admin. */
export const AUTH_ADMIN_CREATE = rpc<AdminCreateRequest, AdminCreateResponse>('auth.admin.create.v1', AdminCreateRequest);
