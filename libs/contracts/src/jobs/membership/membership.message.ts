import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, Max, Min } from 'class-validator';
import { rpc } from '../../message';
import { INT4_MAX, nullable } from '../../validation';

export class MembershipGetRequest {
  @IsInt() user_id: number;
}

export class MembershipSetRequest {
  @IsInt() user_id: number;
  /** null leaves the company. */
  @ApiPropertyOptional({ nullable: true, description: 'join a company (null leaves it); kept by the jobs service' })
  @nullable()
  @IsInt()
  @Min(1)
  @Max(INT4_MAX)
  company_id: number | null;
}

export interface MembershipResponse {
  company_id: number | null;
}

/** An employer's company membership, owned by the jobs service beside the companies. */
export const JOBS_MEMBERSHIP_GET = rpc<MembershipGetRequest, MembershipResponse>('jobs.membership.get.v1', MembershipGetRequest);
export const JOBS_MEMBERSHIP_SET = rpc<MembershipSetRequest, MembershipResponse>('jobs.membership.set.v1', MembershipSetRequest);
