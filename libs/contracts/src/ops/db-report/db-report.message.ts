import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { rpcPerService } from '../../message';

export class DbReportRequest {
  /** Slow statements: those whose mean time is above this (default 100 ms, the seed's warning threshold). */
  @ApiPropertyOptional({ minimum: 0, maximum: 600000 }) @IsOptional() @IsInt() @Min(0) @Max(600000) slow_ms?: number;
}

export interface DbPoolFigures {
  /** DB_POOL_MAX: the hard cap (node-postgres has no overflow). */
  max: number;
  total: number;
  in_use: number;
  idle: number;
  /** Requests queued for a connection: > 0 means the pool is exhausted. */
  waiting: number;
}

export interface DbReport {
  service: string;
  /** The replica that answered (INSTANCE_ID or <service>-<pid>). */
  instance: string;
  generated_at: string;
  pool: DbPoolFigures;
  /** Share of heap block reads served from shared buffers for this schema's tables (null before any read). */
  cache_hit_ratio: number | null;
  index_cache_hit_ratio: number | null;
  table_sizes: Array<{
    table: string;
    total_bytes: number;
    table_bytes: number;
    index_bytes: number;
    total_size: string;
    row_estimate: number;
  }>;
  index_usage: Array<{ table: string; index: string; scans: number; size_bytes: number; size: string }>;
  slow_queries: {
    available: boolean;
    /** Why the statistics are missing (extension not created, not in shared_preload_libraries, no rights). */
    reason?: string;
    threshold_ms: number;
    statements: Array<{ query: string; calls: number; mean_ms: number; max_ms: number; total_ms: number; rows: number }>;
  };
  connections: Array<{ database: string; user: string; state: string; count: number }>;
  locks: Array<{
    blocked_pid: number;
    blocked_user: string;
    blocked_query: string;
    blocking_pid: number;
    blocking_user: string;
    blocking_query: string;
    waiting_seconds: number;
  }>;
}

/** Each service's database figures for operators (GET /api/admin/monitoring gathers the four). */
export const OPS_DB_REPORT = rpcPerService<DbReportRequest, DbReport>('ops.db-report.v1', DbReportRequest);
