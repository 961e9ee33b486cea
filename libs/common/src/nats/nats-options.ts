import { NatsOptions } from '@nestjs/microservices';
import { natsInboxPrefix } from '@app/contracts';
import { BaseConfig } from '../config';

/**
 * Reconnect forever: a NATS restart must not leave a process silently deaf. Logs in as the process's
 * own user, whose replies arrive under its own inbox prefix (the only inboxes it may subscribe to).
 */
export function natsConnectionOptions(config: BaseConfig, name: string) {
  return {
    servers: config.natsServers,
    name,
    user: config.NATS_USER,
    pass: config.NATS_PASSWORD,
    inboxPrefix: natsInboxPrefix(config.NATS_USER),
    ...(config.NATS_TLS_CA ? { tls: { caFile: config.NATS_TLS_CA } } : {}),
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
