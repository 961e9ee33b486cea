import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { rpc } from '../../message';

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
  @IsOptional() @IsInt() @Min(1) @Max(500) limit?: number;
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
export const OPS_PARKED_LIST = {
  auth: rpc<ParkedListRequest, ParkedListResponse>('auth.ops.parked-list.v1', ParkedListRequest),
  jobs: rpc<ParkedListRequest, ParkedListResponse>('jobs.ops.parked-list.v1', ParkedListRequest),
  applications: rpc<ParkedListRequest, ParkedListResponse>('applications.ops.parked-list.v1', ParkedListRequest),
  notifications: rpc<ParkedListRequest, ParkedListResponse>('notifications.ops.parked-list.v1', ParkedListRequest),
} as const;

/**
 * Runs a parked event's handler again, once, after its cause was fixed (admins: POST
 * /api/admin/events/parked/{service}/{id}/replay). OPS.PARKED_NOT_FOUND, OPS.REPLAY_FAILED.
 */
export const OPS_PARKED_REPLAY = {
  auth: rpc<ParkedReplayRequest, ParkedReplayResponse>('auth.ops.parked-replay.v1', ParkedReplayRequest),
  jobs: rpc<ParkedReplayRequest, ParkedReplayResponse>('jobs.ops.parked-replay.v1', ParkedReplayRequest),
  applications: rpc<ParkedReplayRequest, ParkedReplayResponse>('applications.ops.parked-replay.v1', ParkedReplayRequest),
  notifications: rpc<ParkedReplayRequest, ParkedReplayResponse>('notifications.ops.parked-replay.v1', ParkedReplayRequest),
} as const;
