import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { MaintenanceRunResponse, MaintenanceTaskResult, ServiceName } from '@app/contracts';
import { DbConfig, queryCount } from '@app/db';
import { DataSource, EntityManager } from 'typeorm';
import { PROCESSED_EVENTS_RETENTION_MS } from '../events/event-stream';
import { SERVICE_NAME } from '../events/outbox';
import { Metrics } from '../metrics/metrics.service';

/** A maintenance task: does its work in the given transaction and answers how many rows it moved or deleted. */
export type MaintenanceWork = (manager: EntityManager) => Promise<number>;

/** Most rows one purge deletes per run, so a first run on a long history never makes one huge transaction. */
export const PURGE_BATCH = 20000;

/**
 * Deletes up to `batch` rows of `table` whose `column` is older than `age` (an interval, e.g. '30 days'),
 * oldest first; answers how many. `table` and `column` come from code, never from input.
 */
export async function deleteOlderThan(
  manager: EntityManager,
  table: string,
  column: string,
  age: string,
  batch = PURGE_BATCH,
): Promise<number> {
  const [row] = await manager.query(
    `WITH gone AS (
       DELETE FROM ${table} WHERE ctid IN (
         SELECT ctid FROM ${table} WHERE ${column} < now() - $1::interval ORDER BY ${column} LIMIT $2)
       RETURNING 1)
     SELECT count(*)::int AS n FROM gone`,
    [age, batch],
  );
  return row.n;
}

/**
 * processed_events rows whose event can no longer be delivered (older than the stream's max age plus its
 * duplicate window: PROCESSED_EVENTS_RETENTION_MS). Not a setting: a shorter one would let a redelivered
 * event take effect twice.
 */
export function purgeProcessedEvents(manager: EntityManager, service: ServiceName): Promise<number> {
  return deleteOlderThan(manager, `${service}.processed_events`, 'processed_at', `${PROCESSED_EVENTS_RETENTION_MS} milliseconds`);
}

const INTERVAL_NAME = 'intowork-maintenance';

/**
 * Scheduled maintenance of one service, run once across replicas: each task runs in a transaction
 * that first takes `pg_try_advisory_xact_lock` on the task's key; a replica that does not get it
 * skips the task (another replica is doing it right now). Tasks are idempotent ("older than N days"),
 * so two replicas running one after the other do no harm either. Every service has the outbox purge;
 * features add theirs with `register` (e.g. the notifications archive).
 */
@Injectable()
export class Maintenance implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(Maintenance.name);
  private readonly tasks = new Map<string, MaintenanceWork>();
  private readonly rowsTotal;
  private readonly runs;
  private running?: Promise<MaintenanceRunResponse>;

  constructor(
    @Inject(SERVICE_NAME) private readonly service: ServiceName,
    private readonly dataSource: DataSource,
    private readonly dbConfig: DbConfig,
    private readonly scheduler: SchedulerRegistry,
    metrics: Metrics,
  ) {
    this.rowsTotal = metrics.counter('maintenance_rows_total', 'Rows moved or deleted by maintenance tasks', ['task']);
    this.runs = metrics.counter('maintenance_runs_total', 'Maintenance task runs by outcome (ran, skipped: locked elsewhere, failed)', [
      'task',
      'outcome',
    ]);
    this.register('outbox-purge', (manager) => this.purgeOutbox(manager));
    this.register('processed-events-purge', (manager) => purgeProcessedEvents(manager, this.service));
    this.register('parked-events-purge', (manager) =>
      deleteOlderThan(manager, `${this.service}.parked_events`, 'parked_at', `${this.dbConfig.PARKED_EVENTS_RETENTION_DAYS} days`),
    );
  }

  register(task: string, work: MaintenanceWork): void {
    this.tasks.set(task, work);
  }

  onApplicationBootstrap(): void {
    const seconds = this.dbConfig.DB_MAINTENANCE_INTERVAL_S;
    // Idempotent: schedule once, however often the hook is called.
    if (seconds <= 0 || this.scheduler.doesExist('interval', INTERVAL_NAME)) return;
    // A little jitter so replicas started together do not all wake at the same instant.
    const every = seconds * 1000 + Math.floor(Math.random() * Math.min(30000, seconds * 100));
    this.scheduler.addInterval(
      INTERVAL_NAME,
      setInterval(() => void this.runAll().catch(() => undefined), every),
    );
  }

  onApplicationShutdown(): Promise<unknown> | void {
    if (this.scheduler.doesExist('interval', INTERVAL_NAME)) this.scheduler.deleteInterval(INTERVAL_NAME);
    return this.running?.catch(() => undefined);
  }

  /** Runs every task now (the schedule, or an admin through OPS_MAINTENANCE_RUN). */
  runAll(): Promise<MaintenanceRunResponse> {
    this.running ??= (async () => {
      try {
        const tasks: MaintenanceTaskResult[] = [];
        for (const [task, work] of this.tasks) tasks.push(await this.runTask(task, work));
        return { service: this.service, tasks };
      } finally {
        this.running = undefined;
      }
    })();
    return this.running;
  }

  private async runTask(task: string, work: MaintenanceWork): Promise<MaintenanceTaskResult> {
    try {
      const result = await this.dataSource.transaction(async (manager) => {
        const [lock] = await manager.query(`SELECT pg_try_advisory_xact_lock(hashtext($1)) AS locked`, [
          `intowork:maintenance:${this.service}:${task}`,
        ]);
        if (!lock.locked) return { task, ran: false, rows: 0 };
        return { task, ran: true, rows: await work(manager) };
      });
      this.runs.inc({ task, outcome: result.ran ? 'ran' : 'skipped' });
      this.rowsTotal.inc({ task }, result.rows);
      if (result.rows > 0) this.logger.log(`maintenance ${task}: ${result.rows} rows`);
      return result;
    } catch (err) {
      // Reported, and the other tasks still run; the next run retries.
      this.runs.inc({ task, outcome: 'failed' });
      this.logger.error(`maintenance ${task} failed: ${(err as Error).message}`);
      return { task, ran: false, rows: 0, error: (err as Error).message };
    }
  }

  /** Published outbox rows older than OUTBOX_RETENTION_DAYS: the stream has them, the table need not keep them. */
  private async purgeOutbox(manager: EntityManager): Promise<number> {
    return queryCount(
      manager,
      `DELETE FROM ${this.service}.outbox WHERE published_at IS NOT NULL AND published_at < now() - make_interval(days => $1)`,
      [this.dbConfig.OUTBOX_RETENTION_DAYS],
    );
  }
}
