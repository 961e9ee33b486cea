import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { APPLICATION_STATUSES, ApplicationStatus } from '@app/contracts';
import { INT4_MAX, OptionalInt } from '../../http/dto-decorators';

/** Far beyond any real list; keeps OFFSET an integer the database accepts. */
const MAX_PAGE = 1_000_000;

export class MyApplicationsQuery {
  @OptionalInt(1, MAX_PAGE, { default: 1 })
  page = 1;

  @OptionalInt(1, 50, { default: 10 })
  limit = 10;

  @ApiPropertyOptional({ enum: APPLICATION_STATUSES })
  @IsOptional()
  @IsIn(APPLICATION_STATUSES)
  status?: ApplicationStatus;
}

export class EmployerApplicationsQuery {
  @OptionalInt(1, MAX_PAGE, { default: 1 })
  page = 1;

  @OptionalInt(1, 100, { default: 20 })
  limit = 20;

  @ApiPropertyOptional({ enum: APPLICATION_STATUSES })
  @IsOptional()
  @IsIn(APPLICATION_STATUSES)
  status?: ApplicationStatus;

  @OptionalInt(1, INT4_MAX)
  job_id?: number;
}
