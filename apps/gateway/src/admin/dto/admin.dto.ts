import { ApiProperty, ApiPropertyOptional, PickType } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { AdminSetFeaturedRequest, AdminUserSetActiveRequest, SERVICE_NAMES, ServiceName } from '@app/contracts';
import { OptionalBoolean, OptionalInt, PathId } from '../../http/dto-decorators';

/** Far beyond any real list; keeps OFFSET a value the database accepts. */
const MAX_SKIP = 100_000_000;

export class AdminPageQuery {
  @OptionalInt(0, MAX_SKIP, { default: 0 })
  skip = 0;

  @OptionalInt(1, 100, { default: 20 })
  limit = 20;
}

export class AdminUsersQuery extends AdminPageQuery {
  @ApiPropertyOptional({ enum: ['candidate', 'employer', 'admin'] })
  @IsOptional() @IsIn(['candidate', 'employer', 'admin'])
  role?: 'candidate' | 'employer' | 'admin';

  @OptionalBoolean()
  is_active?: boolean;

  @ApiPropertyOptional({ description: 'Part of the e-mail or the name (case-insensitive)' })
  @IsOptional() @IsString() @MaxLength(100)
  search?: string;
}

export class AdminJobsQuery extends AdminPageQuery {
  @ApiPropertyOptional({ enum: ['draft', 'published', 'closed', 'archived'] })
  @IsOptional() @IsIn(['draft', 'published', 'closed', 'archived'])
  status?: 'draft' | 'published' | 'closed' | 'archived';
}

/** The bodies are the contract's fields the admin sends (the user, job and acting admin come from the path and token). */
export class SetActiveDto extends PickType(AdminUserSetActiveRequest, ['is_active'] as const) {}

export class SetFeaturedDto extends PickType(AdminSetFeaturedRequest, ['is_featured'] as const) {}

export class ParkedEventsQuery {
  @OptionalInt(1, 500, { default: 100, description: 'newest first, per service' })
  limit = 100;
}

export class ParkedEventParam {
  @ApiProperty({ enum: SERVICE_NAMES })
  @IsIn(SERVICE_NAMES)
  service: ServiceName;

  @PathId(Number.MAX_SAFE_INTEGER)
  id: number;
}

export class MonitoringQuery {
  @OptionalInt(0, 600000, { default: 100, description: 'Slow statements: mean time above this many ms' })
  slow_ms?: number;
}
