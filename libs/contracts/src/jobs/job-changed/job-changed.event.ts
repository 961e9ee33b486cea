import { IsIn, IsInt, IsISO8601, IsOptional, IsString, Min } from 'class-validator';
import { event } from '../../message';
import { JOB_STATUSES, JOB_TYPES, JobStatus, JobType, LOCATION_TYPES, LocationType } from '../job-api/job-api.messages';

/**
 * A job's summary after a change of any of its fields (create, update, status change, expiry,
 * company rename): the whole summary, not a diff, so a consumer can keep a read model from it
 * alone. `version` grows by one with each change of the job: a consumer keeps the highest it saw,
 * so a replayed or late older event never overwrites newer state.
 */
export class JobChangedEvent {
  @IsInt() job_id: number;
  @IsInt() employer_id: number;
  @IsString() title: string;
  @IsString() company_name: string;
  @IsOptional() @IsString() location: string | null;
  @IsIn(LOCATION_TYPES) location_type: LocationType;
  @IsIn(JOB_TYPES) job_type: JobType;
  @IsOptional() @IsInt() salary_min: number | null;
  @IsOptional() @IsInt() salary_max: number | null;
  @IsString() currency: string;
  @IsIn(JOB_STATUSES) status: JobStatus;
  @IsOptional() @IsISO8601() expires_at: string | null;
  @IsInt() @Min(1) version: number;
}

export const JOB_CHANGED = event<JobChangedEvent>('events.jobs.job.changed.v1', JobChangedEvent);
