/** The four data-owning services; each has a PostgreSQL schema and a NATS queue group of this name. */
export const SERVICE_NAMES = ['auth', 'jobs', 'applications', 'notifications'] as const;
export type ServiceName = (typeof SERVICE_NAMES)[number];

/** Every process, the gateway included, with its default HTTP port (health, and metrics but for the gateway; API for the gateway). */
export const PROCESS_PORTS = {
  gateway: 8000,
  auth: 8001,
  jobs: 8002,
  applications: 8003,
  notifications: 8004,
} as const;
export type ProcessName = keyof typeof PROCESS_PORTS;

/** The gateway's default metrics port (METRICS_PORT): its /metrics is not on its public port. */
export const GATEWAY_METRICS_PORT = 8010;
