import { IsInt, IsOptional, ValidateIf } from 'class-validator';
import { rpc } from '../../message';

export class MembershipGetRequest {
  @IsInt() user_id: number;
}

export class MembershipSetRequest {
  @IsInt() user_id: number;
  /** null leaves the company. */
  @IsOptional() @ValidateIf((_o, v) => v !== null) @IsInt() company_id: number | null;
}

export interface MembershipResponse {
  company_id: number | null;
}

/** An employer's company membership, owned by the jobs service beside the companies. */
export const JOBS_MEMBERSHIP_GET = rpc<MembershipGetRequest, MembershipResponse>('jobs.membership.get.v1', MembershipGetRequest);
export const JOBS_MEMBERSHIP_SET = rpc<MembershipSetRequest, MembershipResponse>('jobs.membership.set.v1', MembershipSetRequest);
