import { IsOptional, IsString } from 'class-validator';
import { rpc } from '../../message';

export class PingRequest {
  @IsOptional()
  @IsString()
  from?: string;
}

export interface PingResponse {
  service: string;
  pong: true;
  time: string;
  /** The correlation id the service saw: proves it travels in NATS headers. */
  correlation_id: string | null;
}

/** Proves the request/reply wiring end to end: every service answers its own ping. */
export const SYSTEM_PING = {
  auth: rpc<PingRequest, PingResponse>('auth.system.ping.v1', PingRequest),
  jobs: rpc<PingRequest, PingResponse>('jobs.system.ping.v1', PingRequest),
  applications: rpc<PingRequest, PingResponse>('applications.system.ping.v1', PingRequest),
  notifications: rpc<PingRequest, PingResponse>('notifications.system.ping.v1', PingRequest),
} as const;
