import { ApiProperty, PickType } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import {
  AdminEmployersListRequest,
  AdminJobsListRequest,
  AdminSetFeaturedRequest,
  AdminUserSetActiveRequest,
  AdminUsersListRequest,
  DbReportRequest,
  ParkedListRequest,
  SERVICE_NAMES,
  ServiceName,
} from '@app/contracts';
import { PathId, QueryBoolean, QueryInt } from '../../http/dto-decorators';

/**
 * The admin's queries and bodies are the contract's fields (their rules, written once), converted from
 * the query string and with the API's defaults; the acting admin comes from the token.
 */
export class AdminPageQuery extends PickType(AdminEmployersListRequest, ['skip', 'limit'] as const) {
  @QueryInt({ default: 0 }) override skip: number = 0;
  @QueryInt({ default: 20 }) override limit: number = 20;
}

export class AdminUsersQuery extends PickType(AdminUsersListRequest, ['skip', 'limit', 'role', 'is_active', 'search'] as const) {
  @QueryInt({ default: 0 }) override skip: number = 0;
  @QueryInt({ default: 20 }) override limit: number = 20;
  @QueryBoolean() override is_active?: boolean = undefined;
}

export class AdminJobsQuery extends PickType(AdminJobsListRequest, ['skip', 'limit', 'status'] as const) {
  @QueryInt({ default: 0 }) override skip: number = 0;
  @QueryInt({ default: 20 }) override limit: number = 20;
}

export class SetActiveDto extends PickType(AdminUserSetActiveRequest, ['is_active'] as const) {}

export class SetFeaturedDto extends PickType(AdminSetFeaturedRequest, ['is_featured'] as const) {}

export class ParkedEventsQuery extends PickType(ParkedListRequest, ['limit'] as const) {
  @QueryInt({ default: 100, description: 'newest first, per service' }) override limit: number = 100;
}

export class ParkedEventParam {
  @ApiProperty({ enum: SERVICE_NAMES })
  @IsIn(SERVICE_NAMES)
  service: ServiceName;

  @PathId(Number.MAX_SAFE_INTEGER)
  id: number;
}

export class MonitoringQuery extends PickType(DbReportRequest, ['slow_ms'] as const) {
  @QueryInt({ default: 100, description: 'Slow statements: mean time above this many ms' }) override slow_ms?: number = undefined;
}
