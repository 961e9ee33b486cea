import { connectAsEveryRole, DatabaseClients } from '../support/database-clients';
import { Client } from 'pg';
import { SERVICE_NAMES, ServiceName } from '@app/contracts';
import { roleFor } from '@app/db';

/** The error a statement fails with (the test fails if it succeeds). */
async function pgError(statement: Promise<unknown>): Promise<{ code?: string; message: string }> {
  try {
    await statement;
  } catch (err) {
    return err as { code?: string; message: string };
  }
  throw new Error('expected the statement to fail');
}

const PERMISSION_DENIED = { code: '42501', message: expect.stringContaining('permission denied') };

describe('schema isolation', () => {
  let clients: DatabaseClients;
  let admin: Client;
  let roles: Record<ServiceName, Client>;

  beforeAll(async () => {
    clients = await connectAsEveryRole('isolation');
    ({ admin, roles } = clients);
  });

  afterAll(async () => {
    await clients?.close();
  });

  it.each(SERVICE_NAMES)('%s owns every table of its schema', async (service) => {
    const { rows } = await admin.query<{ tableowner: string }>(
      'SELECT DISTINCT tableowner FROM pg_tables WHERE schemaname = $1',
      [service],
    );
    expect(rows).toEqual([{ tableowner: roleFor(service) }]);
  });

  it.each(SERVICE_NAMES)('%s reads, writes and creates in its own schema', async (service) => {
    const client = roles[service];
    const user = await client.query<{ current_user: string; search_path: string }>(
      'SELECT current_user, current_setting($1) AS search_path',
      ['search_path'],
    );
    expect(user.rows[0]).toEqual({ current_user: roleFor(service), search_path: `${service}, public` });

    await client.query(`INSERT INTO ${service}.outbox (subject, payload) VALUES ('test.v1', '{}')`);
    expect((await client.query(`SELECT count(*)::int AS n FROM ${service}.outbox`)).rows).toEqual([{ n: 1 }]);
    await client.query(`CREATE TABLE ${service}.scratch (id integer)`);
    await client.query(`DROP TABLE ${service}.scratch`);
  });

  it.each(SERVICE_NAMES)('%s is refused every other schema and public', async (service) => {
    const client = roles[service];
    for (const other of SERVICE_NAMES.filter((s) => s !== service)) {
      expect(await pgError(client.query(`SELECT count(*) FROM ${other}.outbox`))).toMatchObject(PERMISSION_DENIED);
      expect(await pgError(client.query(`CREATE TABLE ${other}.scratch (id integer)`))).toMatchObject(
        PERMISSION_DENIED,
      );
    }
    expect(await pgError(client.query('CREATE TABLE public.scratch (id integer)'))).toMatchObject(PERMISSION_DENIED);
  });
});
