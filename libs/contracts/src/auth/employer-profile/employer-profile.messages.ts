import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsString, MaxLength } from 'class-validator';
import { rpc } from '../../message';
import { nullable } from '../../validation';
import { UserIdRequest } from '../account/account.messages';

/** The employer's own profile row in auth (company membership lives in the jobs service). */
export interface EmployerProfile {
  id: number;
  user_id: number;
  position: string | null;
  department: string | null;
  phone: string | null;
  can_create_jobs: boolean;
  can_manage_candidates: boolean;
  is_admin: boolean;
}

/** Partial: an absent field is kept, a null clears it. */
export class EmployerProfileUpdateRequest extends UserIdRequest {
  @ApiPropertyOptional({ nullable: true }) @nullable() @IsString() @MaxLength(200) position?: string | null;
  @ApiPropertyOptional({ nullable: true }) @nullable() @IsString() @MaxLength(200) department?: string | null;
  @ApiPropertyOptional({ nullable: true }) @nullable() @IsString() @MaxLength(50) phone?: string | null;
}

export const AUTH_EMPLOYER_PROFILE_GET = rpc<UserIdRequest, EmployerProfile>('auth.employer.profile.get.v1', UserIdRequest);
export const AUTH_EMPLOYER_PROFILE_UPDATE = rpc<EmployerProfileUpdateRequest, EmployerProfile>(
  'auth.employer.profile.update.v1',
  EmployerProfileUpdateRequest,
);
