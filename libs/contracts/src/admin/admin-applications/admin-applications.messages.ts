import { ArrayMaxSize, IsArray, IsInt } from 'class-validator';
import { rpc } from '../../message';

export class ApplicationCountsRequest {
  @IsArray() @ArrayMaxSize(500) @IsInt({ each: true }) job_ids: number[];
}

export interface ApplicationCountsResponse {
  /** job id → applications counted from the applications table itself (every status); jobs without any are 0. */
  counts: Record<string, number>;
}

/** Real application counts of jobs (GET /api/admin/jobs), not the event-fed jobs.applications_count. */
export const APPLICATIONS_ADMIN_COUNTS = rpc<ApplicationCountsRequest, ApplicationCountsResponse>(
  'applications.admin.counts-by-job.v1',
  ApplicationCountsRequest,
);
