import { IsBoolean, IsIn, IsInt, IsISO8601, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';
import { ApiProperty, ApiPropertyOptional, OmitType, PartialType } from '@nestjs/swagger';
import { rpc } from '../../message';
import { MAX_PAGE, notBlank, nullable, SALARY_MAX } from '../../validation';

/** The RPCs behind /api/jobs (gateway → jobs service). */

export const JOB_TYPES = ['full_time', 'part_time', 'contract', 'temporary', 'internship'] as const;
export const LOCATION_TYPES = ['on_site', 'remote', 'hybrid'] as const;
export const JOB_STATUSES = ['draft', 'published', 'closed', 'archived'] as const;
export type JobType = (typeof JOB_TYPES)[number];
export type LocationType = (typeof LOCATION_TYPES)[number];
export type JobStatus = (typeof JOB_STATUSES)[number];
/** The statuses a job may be created with. */
export const JOB_CREATE_STATUSES = ['draft', 'published'] as const satisfies readonly JobStatus[];
export type JobCreateStatus = (typeof JOB_CREATE_STATUSES)[number];

/** A job in a list (api.md "Job"); has_applied is filled in by the gateway. */
export interface JobListItem {
  id: number;
  title: string;
  description: string;
  company_name: string;
  company_logo_url: string | null;
  location: string | null;
  location_type: LocationType;
  job_type: JobType;
  salary_min: number | null;
  salary_max: number | null;
  currency: string;
  posted_at: string | null;
  is_featured: boolean;
  views_count: number;
  applications_count: number;
  has_applied: boolean;
  /** my-jobs only: the status, since the employer sees every status. */
  status?: JobStatus;
}

export interface JobDetail extends JobListItem {
  requirements: string | null;
  responsibilities: string | null;
  benefits: string | null;
  company_description: string | null;
  company_industry: string | null;
  company_size: string | null;
  status: JobStatus;
  created_at: string;
  employment_type: JobType;
  salary_range: string | null;
}

export interface JobPage {
  jobs: JobListItem[];
  total: number;
  page: number;
  limit: number;
  total_pages: number;
  /** Opaque keyset cursor of the next page (null on the last page or with sort=relevance). */
  next_cursor: string | null;
}

/** Job fields optional on create and update; undefined keeps (update), null clears. */
export class JobOptionalFields {
  @ApiPropertyOptional({ nullable: true }) @nullable() @IsString() @MaxLength(200) location?: string | null;
  @ApiPropertyOptional({ nullable: true, minimum: 0 }) @nullable() @IsInt() @Min(0) @Max(SALARY_MAX) salary_min?: number | null;
  @ApiPropertyOptional({ nullable: true, minimum: 0, description: 'salary_min <= salary_max (else 400 JOBS.INVALID_SALARY_RANGE)' })
  @nullable()
  @IsInt()
  @Min(0)
  @Max(SALARY_MAX)
  salary_max?: number | null;
  @ApiPropertyOptional({ default: 'EUR', example: 'EUR' })
  @IsOptional()
  @Matches(/^[A-Z]{3}$/, { message: 'currency must be an ISO 4217 code' })
  currency?: string;
  @ApiPropertyOptional({ nullable: true }) @nullable() @IsString() @MaxLength(20000) requirements?: string | null;
  @ApiPropertyOptional({ nullable: true }) @nullable() @IsString() @MaxLength(20000) responsibilities?: string | null;
  @ApiPropertyOptional({ nullable: true }) @nullable() @IsString() @MaxLength(20000) benefits?: string | null;
  @ApiPropertyOptional({ nullable: true, description: 'ISO-8601; not before the publication date' }) @nullable() @IsISO8601() expires_at?:
    string | null;
}

export class JobCreateRequest extends JobOptionalFields {
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(200) @notBlank() title: string;
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(50000) @notBlank() description: string;
  @ApiProperty({ enum: LOCATION_TYPES }) @IsIn(LOCATION_TYPES) location_type: LocationType;
  @ApiProperty({ enum: JOB_TYPES }) @IsIn(JOB_TYPES) job_type: JobType;
  /** A new job starts as a draft or published; it is closed or archived later, along the lifecycle. */
  @ApiPropertyOptional({ enum: JOB_CREATE_STATUSES, default: 'published' })
  @IsOptional()
  @IsIn(JOB_CREATE_STATUSES)
  status?: JobCreateStatus;
  /** Filled by the gateway from the token. */
  @IsInt() employer_id: number;
}

/** The fields sent are replaced, the others kept (a new job's fields, each optional); status moves along the lifecycle. */
export class JobUpdateRequest extends PartialType(OmitType(JobCreateRequest, ['status', 'employer_id'] as const)) {
  @ApiPropertyOptional({ enum: JOB_STATUSES, description: 'draft→published→closed→archived; draft→archived; closed→published' })
  @IsOptional()
  @IsIn(JOB_STATUSES)
  status?: JobStatus;
  /** Filled by the gateway (the token, the path). */
  @IsInt() employer_id: number;
  @IsInt() job_id: number;
}

export class JobOwnerRequest {
  @IsInt() employer_id: number;
  @IsInt() job_id: number;
}

export class JobGetRequest {
  @IsInt() job_id: number;
  /** The signed-in user, if any (the owner sees its own drafts; its views are not counted). */
  @IsOptional() @IsInt() viewer_id?: number;
}

/** A page of jobs, and the words searched. */
class JobPageRequest {
  @ApiProperty({ minimum: 1, maximum: MAX_PAGE }) @IsInt() @Min(1) @Max(MAX_PAGE) page: number;
  @ApiProperty({ minimum: 1, maximum: 50 }) @IsInt() @Min(1) @Max(50) limit: number;
  @ApiPropertyOptional({ description: 'words in title, description or company name (case/accent-insensitive, FR/EN stemming)' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  search?: string;
}

export class JobListRequest extends JobPageRequest {
  @ApiPropertyOptional({ description: 'opaque keyset cursor (next_cursor of the previous page); page is then ignored' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  cursor?: string;
  @ApiPropertyOptional({ description: 'case/accent-insensitive substring' }) @IsOptional() @IsString() @MaxLength(200) location?: string;
  @ApiPropertyOptional({ enum: JOB_TYPES }) @IsOptional() @IsIn(JOB_TYPES) job_type?: JobType;
  @ApiPropertyOptional({ enum: LOCATION_TYPES }) @IsOptional() @IsIn(LOCATION_TYPES) location_type?: LocationType;
  @ApiPropertyOptional({ minimum: 0, maximum: SALARY_MAX, description: 'jobs whose salary_min >= it' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(SALARY_MAX)
  salary_min?: number;
  /** Only jobs an admin featured. */
  @ApiPropertyOptional() @IsOptional() @IsBoolean() featured?: boolean;
  @ApiPropertyOptional({ enum: ['newest', 'relevance'], default: 'newest' }) @IsOptional() @IsIn(['newest', 'relevance']) sort?:
    'newest' | 'relevance';
}

export class MyJobsRequest extends JobPageRequest {
  @IsInt() employer_id: number;
  @ApiPropertyOptional({ enum: JOB_STATUSES }) @IsOptional() @IsIn(JOB_STATUSES) status_filter?: JobStatus;
}

export class RecentJobsRequest {
  @ApiProperty({ minimum: 1, maximum: 30 }) @IsInt() @Min(1) @Max(30) days: number;
}

export const JOBS_JOB_CREATE = rpc<JobCreateRequest, JobDetail>('jobs.job.create.v1', JobCreateRequest);
export const JOBS_JOB_UPDATE = rpc<JobUpdateRequest, JobDetail>('jobs.job.update.v1', JobUpdateRequest);
export const JOBS_JOB_DELETE = rpc<JobOwnerRequest, { deleted: true }>('jobs.job.delete.v1', JobOwnerRequest);
/** One job as its detail page shows it; counts a view (buffered). */
export const JOBS_JOB_GET = rpc<JobGetRequest, JobDetail>('jobs.job.get.v1', JobGetRequest);
export const JOBS_JOB_LIST = rpc<JobListRequest, JobPage>('jobs.job.list.v1', JobListRequest);
export const JOBS_JOB_MY_LIST = rpc<MyJobsRequest, JobPage>('jobs.job.my-list.v1', MyJobsRequest);
export const JOBS_JOB_RECENT = rpc<RecentJobsRequest, { count: number; days: number }>('jobs.job.recent.v1', RecentJobsRequest);
