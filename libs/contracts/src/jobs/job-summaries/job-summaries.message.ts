import { ArrayMaxSize, IsArray, IsInt } from 'class-validator';
import { rpc } from '../../message';

export class JobSummariesRequest {
  @IsArray() @ArrayMaxSize(500) @IsInt({ each: true }) job_ids: number[];
}

export interface JobSummary {
  id: number;
  title: string;
  company_name: string;
  location: string | null;
  location_type: 'on_site' | 'remote' | 'hybrid';
  job_type: 'full_time' | 'part_time' | 'contract' | 'temporary' | 'internship';
  salary_min: number | null;
  salary_max: number | null;
  currency: string;
  status: 'draft' | 'published' | 'closed' | 'archived';
  employer_id: number;
}

/** Batched job look-up (any status); unknown ids are left out. */
export const JOBS_JOB_SUMMARIES = rpc<JobSummariesRequest, { jobs: JobSummary[] }>('jobs.job.summaries.v1', JobSummariesRequest);
