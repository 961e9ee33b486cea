export * from './pool';
export * from './db-report.queries';
export * from './db-report.service';
export * from './pool-metrics';
export * from './maintenance.service';
export * from './ops.controller';
export * from './read-database';
export * from './deadline-pool';
