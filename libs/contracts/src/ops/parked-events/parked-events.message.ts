import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { rpcPerService } from '../../message';

/** An event a consumer gave up on (bad payload, no event id, or its handler failed MAX_DELIVERIES times). */
export interface ParkedEvent {
  id: number;
  /** The durable that parked it, `<service>-<name>`. */
  consumer: string;
  event_id: string;
  subject: string;
  payload: unknown;
  error: string;
  deliveries: number;
  parked_at: string;
}

export class ParkedListRequest {
  @ApiPropertyOptional({ minimum: 1, maximum: 500 }) @IsOptional() @IsInt() @Min(1) @Max(500) limit?: number;
}

export interface ParkedListResponse {
  /** Newest first, at most `limit` (100). */
  events: ParkedEvent[];
  total: number;
}

export class ParkedReplayRequest {
  @IsInt() @Min(1) @Max(Number.MAX_SAFE_INTEGER) id: number;
}

export interface ParkedReplayResponse {
  id: number;
  event_id: string;
  /** applied: the handler ran now; duplicate: the event had already been applied (the row is dropped either way). */
  outcome: 'applied' | 'duplicate';
}

/** A service's parked events (admins: GET /api/admin/events/parked). */
export const OPS_PARKED_LIST = rpcPerService<ParkedListRequest, ParkedListResponse>('ops.parked-list.v1', ParkedListRequest);

/**
 * Runs a parked event's handler again, once, after its cause was fixed (admins: POST
 * /api/admin/events/parked/{service}/{id}/replay). OPS.PARKED_NOT_FOUND, OPS.REPLAY_FAILED.
 */
export const OPS_PARKED_REPLAY = rpcPerService<ParkedReplayRequest, ParkedReplayResponse>('ops.parked-replay.v1', ParkedReplayRequest);
