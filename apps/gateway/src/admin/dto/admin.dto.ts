import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';

/** "true"/"false" in a query string; anything else stays as is and fails @IsBoolean. */
const queryBoolean = ({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value);

export class AdminPageQuery {
  @ApiPropertyOptional({ minimum: 0, default: 0 })
  @IsOptional() @Type(() => Number) @IsInt() @Min(0)
  skip = 0;

  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 20 })
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(100)
  limit = 20;
}

export class AdminUsersQuery extends AdminPageQuery {
  @ApiPropertyOptional({ enum: ['candidate', 'employer', 'admin'] })
  @IsOptional() @IsIn(['candidate', 'employer', 'admin'])
  role?: 'candidate' | 'employer' | 'admin';

  @ApiPropertyOptional()
  @IsOptional() @Transform(queryBoolean) @IsBoolean()
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

export class SetActiveDto {
  @ApiProperty()
  @IsBoolean()
  is_active: boolean;
}

export class MonitoringQuery {
  @ApiPropertyOptional({ description: 'Slow statements: mean time above this many ms', default: 100 })
  @IsOptional() @Type(() => Number) @IsInt() @Min(0) @Max(600000)
  slow_ms?: number;
}
