import { PickType } from '@nestjs/swagger';
import { JobCreateRequest, JobListRequest, JobUpdateRequest, MyJobsRequest, RecentJobsRequest } from '@app/contracts';
import { QueryBoolean, QueryInt } from '../../http/dto-decorators';

/** The client's fields of a job; their rules are the contract's (the gateway fills employer_id, job_id). */
const JOB_FIELDS = [
  'location',
  'salary_min',
  'salary_max',
  'currency',
  'requirements',
  'responsibilities',
  'benefits',
  'expires_at',
  'title',
  'description',
  'location_type',
  'job_type',
  'status',
] as const;

export class CreateJobDto extends PickType(JobCreateRequest, JOB_FIELDS) {}

/** PUT /jobs/{id}: the fields sent are replaced, the others kept; status moves along the lifecycle. */
export class UpdateJobDto extends PickType(JobUpdateRequest, JOB_FIELDS) {}

/** The list queries are the contract's fields (their rules), converted from the query string, with the API's defaults. */
export class JobListQuery extends PickType(JobListRequest, [
  'page',
  'limit',
  'search',
  'cursor',
  'location',
  'job_type',
  'location_type',
  'salary_min',
  'featured',
  'sort',
] as const) {
  @QueryInt({ default: 1 }) override page: number = 1;
  @QueryInt({ default: 10 }) override limit: number = 10;
  @QueryInt() override salary_min?: number = undefined;
  @QueryBoolean({ description: 'true: only the jobs an admin featured' }) override featured?: boolean = undefined;
}

export class MyJobsQuery extends PickType(MyJobsRequest, ['page', 'limit', 'search', 'status_filter'] as const) {
  @QueryInt({ default: 1 }) override page: number = 1;
  @QueryInt({ default: 10 }) override limit: number = 10;
}

export class RecentJobsQuery extends PickType(RecentJobsRequest, ['days'] as const) {
  @QueryInt({ default: 7 }) override days: number = 7;
}
