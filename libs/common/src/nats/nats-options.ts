import { NatsOptions } from '@nestjs/microservices';
import { BaseConfig } from '../config';

/** Reconnect forever: a NATS restart must not leave a process silently deaf. */
export function natsConnectionOptions(config: BaseConfig, name: string) {
  return {
    servers: config.natsServers,
    name,
    maxReconnectAttempts: -1,
    reconnectTimeWait: 500,
    pingInterval: 5000,
    maxPingOut: 2,
  };
}

/** A service's NATS transport: every handler subscribes in the service's queue group, so replicas share requests. */
export function natsServerOptions(config: BaseConfig, service: string): Required<NatsOptions>['options'] {
  return {
    ...natsConnectionOptions(config, `${service}-server`),
    queue: service,
    gracefulShutdown: true,
    gracePeriod: config.SHUTDOWN_GRACE_MS,
  };
}
