import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { DataSource } from 'typeorm';
import { AuthConfig } from '../auth.config';

/** Any fixed number shared by the replicas: only the one holding this lock purges. */
const PURGE_LOCK_KEY = 7_301_001;

/**
 * Deletes expired sessions, spent or expired one-time tokens and abandoned CV uploads, every
 * PURGE_INTERVAL_S, once across replicas (transaction-scoped advisory lock, released on commit).
 */
@Injectable()
export class PurgeService implements OnApplicationBootstrap {
  private readonly logger = new Logger(PurgeService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly scheduler: SchedulerRegistry,
    private readonly config: AuthConfig,
  ) {}

  onApplicationBootstrap(): void {
    const timer = setInterval(() => {
      this.purge().catch((err: Error) => this.logger.warn(`purge failed: ${err.message}`));
    }, this.config.PURGE_INTERVAL_S * 1000);
    timer.unref();
    this.scheduler.addInterval('auth-purge', timer);
  }

  /** Returns the rows deleted per table, or undefined when another replica holds the lock. */
  async purge(): Promise<Record<string, number> | undefined> {
    return this.dataSource.transaction(async (manager) => {
      const [{ locked }] = await manager.query(`SELECT pg_try_advisory_xact_lock($1) AS locked`, [PURGE_LOCK_KEY]);
      if (!locked) return undefined;
      const count = async (sql: string) => ((await manager.query(sql)) as [unknown[], number])[1];
      const deleted = {
        sessions: await count(`DELETE FROM auth.sessions WHERE expires < now()`),
        password_reset_tokens: await count(
          `DELETE FROM auth.password_reset_tokens WHERE expires_at < now() OR used_at < now() - interval '1 day'`,
        ),
        verification_tokens: await count(`DELETE FROM auth.verification_tokens WHERE expires < now() OR used_at < now() - interval '1 day'`),
        cv_upload_chunks: await count(`DELETE FROM auth.cv_upload_chunks WHERE created_at < now() - interval '1 hour'`),
      };
      if (Object.values(deleted).some((n) => n > 0)) this.logger.log({ deleted }, 'purged expired auth rows');
      return deleted;
    });
  }
}
