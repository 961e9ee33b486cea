import { SERVICE_NAMES, ServiceName } from '@app/contracts';
import { createTestDatabase, serviceConnectionUrl, TestDatabase } from '@app/db';
import { Client } from 'pg';

export interface DatabaseClients {
  db: TestDatabase;
  /** Connected as the admin (superuser) of the test database. */
  admin: Client;
  /** Connected as each service's own role. */
  roles: Record<ServiceName, Client>;
  close(): Promise<void>;
}

/** A new migrated test database with one connection as the admin and one as each service role. */
export async function connectAsEveryRole(label: string): Promise<DatabaseClients> {
  const db = await createTestDatabase(label);
  const admin = new Client({ connectionString: db.url });
  await admin.connect();
  const roles = {} as Record<ServiceName, Client>;
  for (const service of SERVICE_NAMES) {
    roles[service] = new Client({ connectionString: serviceConnectionUrl(service, db.config) });
    await roles[service].connect();
  }
  return {
    db,
    admin,
    roles,
    async close() {
      await Promise.all(Object.values(roles).map((client) => client.end()));
      await admin.end();
      await db.drop();
    },
  };
}
