import { ApiPropertyOptional, PickType } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { JOB_STATUSES, JOB_TYPES, JobCreateRequest, JobStatus, JobType, JobUpdateRequest, LOCATION_TYPES, LocationType, SALARY_MAX } from '@app/contracts';
import { OptionalBoolean, OptionalInt } from '../../http/dto-decorators';


/** The client's fields of a job; their rules are the contract's (the gateway fills employer_id, job_id). */
const JOB_FIELDS = [
  'location', 'salary_min', 'salary_max', 'currency', 'requirements', 'responsibilities', 'benefits', 'expires_at',
  'title', 'description', 'location_type', 'job_type', 'status',
] as const;

export class CreateJobDto extends PickType(JobCreateRequest, JOB_FIELDS) {}

/** PUT /jobs/{id}: the fields sent are replaced, the others kept; status moves along the lifecycle. */
export class UpdateJobDto extends PickType(JobUpdateRequest, JOB_FIELDS) {}

class PageQuery {
  @OptionalInt(1, 100000, { default: 1 }) page: number = 1;
  @OptionalInt(1, 50, { default: 10 }) limit: number = 10;
  @ApiPropertyOptional({ description: 'words in title, description or company name (case/accent-insensitive, FR/EN stemming)' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  search?: string;
}

export class JobListQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'opaque keyset cursor (next_cursor of the previous page); page is then ignored' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  cursor?: string;
  @ApiPropertyOptional({ description: 'case/accent-insensitive substring' }) @IsOptional() @IsString() @MaxLength(200) location?: string;
  @ApiPropertyOptional({ enum: JOB_TYPES }) @IsOptional() @IsIn(JOB_TYPES) job_type?: JobType;
  @ApiPropertyOptional({ enum: LOCATION_TYPES }) @IsOptional() @IsIn(LOCATION_TYPES) location_type?: LocationType;
  @OptionalInt(0, SALARY_MAX, { description: 'jobs whose salary_min >= it' }) salary_min?: number;
  @OptionalBoolean({ description: 'true: only the jobs an admin featured' }) featured?: boolean;
  @ApiPropertyOptional({ enum: ['newest', 'relevance'], default: 'newest' }) @IsOptional() @IsIn(['newest', 'relevance']) sort?: 'newest' | 'relevance';
}

export class MyJobsQuery extends PageQuery {
  @ApiPropertyOptional({ enum: JOB_STATUSES }) @IsOptional() @IsIn(JOB_STATUSES) status_filter?: JobStatus;
}

export class RecentJobsQuery {
  @OptionalInt(1, 30, { default: 7 }) days: number = 7;
}
