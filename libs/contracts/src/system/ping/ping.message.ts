import { IsOptional, IsString } from 'class-validator';
import { rpcPerService } from '../../message';

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
export const SYSTEM_PING = rpcPerService<PingRequest, PingResponse>('system.ping.v1', PingRequest);
