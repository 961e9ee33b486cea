import { ArrayMaxSize, IsArray, IsInt } from 'class-validator';
import { rpc } from '../../message';

export class HasAppliedRequest {
  @IsInt() candidate_id: number;
  @IsArray() @ArrayMaxSize(100) @IsInt({ each: true }) job_ids: number[];
}

/** Which of these jobs the candidate has a live (not rejected, not withdrawn) application to: one request per page. */
export const APPLICATIONS_HAS_APPLIED = rpc<HasAppliedRequest, { job_ids: number[] }>(
  'applications.application.has-applied.v1',
  HasAppliedRequest,
);
