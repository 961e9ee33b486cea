export * from './health.module';
export * from './nats.health';
