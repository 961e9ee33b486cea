import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { AdminPageRequest } from '../admin-users/admin-users.messages';
import { rpc } from '../../message';
import { INT4_MAX } from '../../validation';

export type AdminJobStatus = 'draft' | 'published' | 'closed' | 'archived';

export class AdminJobsListRequest extends AdminPageRequest {
  @ApiPropertyOptional({ enum: ['draft', 'published', 'closed', 'archived'] })
  @IsOptional()
  @IsIn(['draft', 'published', 'closed', 'archived'])
  status?: AdminJobStatus;
}

export interface AdminJob {
  id: number;
  title: string;
  employer_id: number;
  company_id: number;
  company_name: string;
  location: string | null;
  location_type: string;
  job_type: string;
  status: AdminJobStatus;
  is_featured: boolean;
  views_count: number;
  posted_at: string | null;
  created_at: string;
}

export interface AdminJobsListResponse {
  jobs: AdminJob[];
  total: number;
}

export class AdminCompaniesOfRequest {
  @IsArray() @ArrayMaxSize(500) @IsInt({ each: true }) user_ids: number[];
}

export interface AdminCompaniesOfResponse {
  /** Per member user id; users without a company are left out. */
  members: Array<{ user_id: number; company_id: number; company_name: string; jobs: number }>;
}

export const JOBS_ADMIN_JOBS_LIST = rpc<AdminJobsListRequest, AdminJobsListResponse>('jobs.admin.jobs.list.v1', AdminJobsListRequest);
export class AdminSetFeaturedRequest {
  @IsInt() @Min(1) @Max(INT4_MAX) job_id: number;
  @ApiProperty() @IsBoolean() is_featured: boolean;
}

/** Features a job on the board, or stops (PUT /api/admin/jobs/{id}/featured); JOBS.NOT_FOUND for no such job. */
export const JOBS_ADMIN_SET_FEATURED = rpc<AdminSetFeaturedRequest, { id: number; is_featured: boolean }>(
  'jobs.admin.job.set-featured.v1',
  AdminSetFeaturedRequest,
);
/** Company of each employer (GET /api/admin/employers). */
export const JOBS_ADMIN_COMPANIES_OF = rpc<AdminCompaniesOfRequest, AdminCompaniesOfResponse>(
  'jobs.admin.companies-of.v1',
  AdminCompaniesOfRequest,
);
