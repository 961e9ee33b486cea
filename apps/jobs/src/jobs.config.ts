import { Type } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';
import { BaseConfig } from '@app/common';

/** Settings of the jobs service, validated at start-up (database settings: DbConfig). */
export class JobsConfig extends BaseConfig {
  /** Job views are added up in memory and written in one UPDATE this often (and at shutdown). */
  @Type(() => Number)
  @IsInt()
  @Min(100)
  @Max(60000)
  JOB_VIEWS_FLUSH_INTERVAL_MS = 1000;
}
