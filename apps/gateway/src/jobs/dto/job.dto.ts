import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsISO8601, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';
import { JOB_STATUSES, JOB_TYPES, JobStatus, JobType, LOCATION_TYPES, LocationType } from '@app/contracts';
import { notBlank, nullable, OptionalBoolean, OptionalInt } from '../../http/dto-decorators';


/** Fields optional on both create and update (null clears). */
class JobOptionalDto {
  @ApiPropertyOptional({ nullable: true }) @nullable() @IsString() @MaxLength(200) location?: string | null;
  @ApiPropertyOptional({ nullable: true, minimum: 0 }) @nullable() @IsInt() @Min(0) @Max(100000000) salary_min?: number | null;
  @ApiPropertyOptional({ nullable: true, minimum: 0, description: 'salary_min <= salary_max (else 400 JOBS.INVALID_SALARY_RANGE)' })
  @nullable()
  @IsInt()
  @Min(0)
  @Max(100000000)
  salary_max?: number | null;
  @ApiPropertyOptional({ default: 'EUR', example: 'EUR' }) @IsOptional() @Matches(/^[A-Z]{3}$/, { message: 'currency must be an ISO 4217 code' }) currency?: string;
  @ApiPropertyOptional({ nullable: true }) @nullable() @IsString() @MaxLength(20000) requirements?: string | null;
  @ApiPropertyOptional({ nullable: true }) @nullable() @IsString() @MaxLength(20000) responsibilities?: string | null;
  @ApiPropertyOptional({ nullable: true }) @nullable() @IsString() @MaxLength(20000) benefits?: string | null;
  @ApiPropertyOptional({ nullable: true, description: 'ISO-8601; not before the publication date' }) @nullable() @IsISO8601() expires_at?: string | null;
}

export class CreateJobDto extends JobOptionalDto {
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(200) @notBlank() title: string;
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(50000) @notBlank() description: string;
  @ApiProperty({ enum: LOCATION_TYPES }) @IsIn(LOCATION_TYPES) location_type: LocationType;
  @ApiProperty({ enum: JOB_TYPES }) @IsIn(JOB_TYPES) job_type: JobType;
  @ApiPropertyOptional({ enum: ['draft', 'published'], default: 'published' }) @IsOptional() @IsIn(['draft', 'published']) status?: 'draft' | 'published';
}

/** PUT /jobs/{id}: the fields sent are replaced, the others kept; status moves along the lifecycle. */
export class UpdateJobDto extends JobOptionalDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @MinLength(1) @MaxLength(200) @notBlank() title?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MinLength(1) @MaxLength(50000) @notBlank() description?: string;
  @ApiPropertyOptional({ enum: LOCATION_TYPES }) @IsOptional() @IsIn(LOCATION_TYPES) location_type?: LocationType;
  @ApiPropertyOptional({ enum: JOB_TYPES }) @IsOptional() @IsIn(JOB_TYPES) job_type?: JobType;
  @ApiPropertyOptional({ enum: JOB_STATUSES, description: 'draft→published→closed→archived; draft→archived; closed→published' })
  @IsOptional()
  @IsIn(JOB_STATUSES)
  status?: JobStatus;
}

class PageQuery {
  @OptionalInt(1, 100000, { default: 1 }) page: number = 1;
  @OptionalInt(1, 50, { default: 10 }) limit: number = 10;
  @ApiPropertyOptional({ description: 'words in title, description or company name (case/accent-insensitive, FR/EN stemming)' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  search?: string;
}

export class JobListQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'opaque keyset cursor (next_cursor of the previous page); page is then ignored' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  cursor?: string;
  @ApiPropertyOptional({ description: 'case/accent-insensitive substring' }) @IsOptional() @IsString() @MaxLength(200) location?: string;
  @ApiPropertyOptional({ enum: JOB_TYPES }) @IsOptional() @IsIn(JOB_TYPES) job_type?: JobType;
  @ApiPropertyOptional({ enum: LOCATION_TYPES }) @IsOptional() @IsIn(LOCATION_TYPES) location_type?: LocationType;
  @OptionalInt(0, 100000000, { description: 'jobs whose salary_min >= it' }) salary_min?: number;
  @OptionalBoolean({ description: 'true: only the jobs an admin featured' }) featured?: boolean;
  @ApiPropertyOptional({ enum: ['newest', 'relevance'], default: 'newest' }) @IsOptional() @IsIn(['newest', 'relevance']) sort?: 'newest' | 'relevance';
}

export class MyJobsQuery extends PageQuery {
  @ApiPropertyOptional({ enum: JOB_STATUSES }) @IsOptional() @IsIn(JOB_STATUSES) status_filter?: JobStatus;
}

export class RecentJobsQuery {
  @OptionalInt(1, 30, { default: 7 }) days: number = 7;
}
