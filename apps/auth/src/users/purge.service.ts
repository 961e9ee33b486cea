import { Injectable, OnModuleInit } from '@nestjs/common';
import { Maintenance } from '@app/common';
import { EntityManager } from 'typeorm';

/**
 * Adds the auth purge to the service's scheduled maintenance (DB_MAINTENANCE_INTERVAL_S, once across
 * replicas under pg_try_advisory_xact_lock): expired sessions, spent or expired one-time tokens,
 * abandoned CV uploads. Spent refresh tokens live until their session expires, so reuse is still detected.
 */
@Injectable()
export class PurgeService implements OnModuleInit {
  constructor(private readonly maintenance: Maintenance) {}

  onModuleInit(): void {
    this.maintenance.register('auth-expired-purge', (manager) => this.purge(manager));
  }

  async purge(manager: EntityManager): Promise<number> {
    const count = async (sql: string) => (await manager.query<[unknown[], number]>(sql))[1];
    return (
      (await count(`DELETE FROM auth.sessions WHERE expires < now()`)) +
      (await count(`DELETE FROM auth.password_reset_tokens WHERE expires_at < now() OR used_at < now() - interval '1 day'`)) +
      (await count(`DELETE FROM auth.verification_tokens WHERE expires < now() OR used_at < now() - interval '1 day'`)) +
      (await count(`DELETE FROM auth.cv_upload_chunks WHERE created_at < now() - interval '1 hour'`))
    );
  }
}
