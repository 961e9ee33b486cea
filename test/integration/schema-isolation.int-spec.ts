import { connectAsEveryRole, DatabaseClients } from '../support/database-clients';
import { Client } from 'pg';
import { SERVICE_NAMES, ServiceName } from '@app/contracts';
import { MIGRATION_ROLE, roleFor } from '@app/db';

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

  it.each(SERVICE_NAMES)('the migration role owns the %s schema and every object in it', async (service) => {
    const { rows } = await admin.query<{ owner: string }>(
      `SELECT DISTINCT pg_get_userbyid(relowner) AS owner FROM pg_class WHERE relnamespace = $1::text::regnamespace
        UNION SELECT pg_get_userbyid(nspowner) FROM pg_namespace WHERE nspname = $1`,
      [service],
    );
    expect(rows).toEqual([{ owner: MIGRATION_ROLE }]);
  });

  it.each(SERVICE_NAMES)('%s reads and writes rows in its own schema, and uses its sequences', async (service) => {
    const client = roles[service];
    const user = await client.query<{ current_user: string; search_path: string }>(
      'SELECT current_user, current_setting($1) AS search_path',
      ['search_path'],
    );
    expect(user.rows[0]).toEqual({ current_user: roleFor(service), search_path: `${service}, public` });

    await client.query(`INSERT INTO ${service}.outbox (subject, payload) VALUES ('test.v1', '{}')`);
    expect((await client.query(`SELECT count(*)::int AS n FROM ${service}.outbox`)).rows).toEqual([{ n: 1 }]);
    await client.query(`UPDATE ${service}.outbox SET published_at = now()`);
    await client.query(`DELETE FROM ${service}.outbox`);
    // Every sequence of the schema (identity columns included) can be advanced.
    const sequences = await admin.query<{ name: string }>(
      `SELECT quote_ident(schemaname) || '.' || quote_ident(sequencename) AS name FROM pg_sequences WHERE schemaname = $1`,
      [service],
    );
    expect(sequences.rows.length).toBeGreaterThan(0);
    for (const { name } of sequences.rows) await client.query('SELECT nextval($1::regclass)', [name]);
  });

  it.each(SERVICE_NAMES)("%s cannot change the shape of its own schema (no DDL) nor read other roles' statistics", async (service) => {
    const client = roles[service];
    expect(await pgError(client.query(`CREATE TABLE ${service}.scratch (id integer)`))).toMatchObject(PERMISSION_DENIED);
    expect(await pgError(client.query(`CREATE INDEX scratch_idx ON ${service}.outbox (subject)`))).toMatchObject({ code: '42501' });
    expect(await pgError(client.query(`ALTER TABLE ${service}.outbox ADD COLUMN scratch integer`))).toMatchObject({ code: '42501' });
    expect(await pgError(client.query(`DROP TABLE ${service}.processed_events`))).toMatchObject({ code: '42501' });
    expect(await pgError(client.query(`TRUNCATE ${service}.outbox`))).toMatchObject(PERMISSION_DENIED);
    const stats = await client.query(`SELECT pg_has_role(current_user, 'pg_read_all_stats', 'USAGE') AS has`);
    expect(stats.rows).toEqual([{ has: false }]);
  });

  it('the monitoring functions show every session of this database to the service roles only', async () => {
    const [{ adminUser }] = (await admin.query<{ adminUser: string }>('SELECT current_user AS "adminUser"')).rows;
    const rows = (await roles.jobs.query<{ usename: string }>('SELECT usename FROM intowork_monitor.connections()')).rows;
    expect(rows.map((r) => r.usename)).toEqual(expect.arrayContaining([roleFor('auth'), roleFor('jobs'), adminUser]));
    const { rows: states } = await roles.jobs.query<{ state: string | null }>(
      'SELECT state FROM intowork_monitor.connections() WHERE usename = $1',
      [adminUser],
    );
    expect(states.length).toBeGreaterThan(0);
    // Another role's session state is visible only through the function (the role has no pg_read_all_stats).
    expect(states.every((r) => r.state !== null)).toBe(true);
    expect(await pgError(admin.query('SET ROLE pg_monitor; SELECT * FROM intowork_monitor.connections()'))).toMatchObject(
      PERMISSION_DENIED,
    );
    await admin.query('RESET ROLE');
  });

  it.each(SERVICE_NAMES)('%s is refused every other schema and public', async (service) => {
    const client = roles[service];
    for (const other of SERVICE_NAMES.filter((s) => s !== service)) {
      expect(await pgError(client.query(`SELECT count(*) FROM ${other}.outbox`))).toMatchObject(PERMISSION_DENIED);
      expect(await pgError(client.query(`CREATE TABLE ${other}.scratch (id integer)`))).toMatchObject(PERMISSION_DENIED);
    }
    expect(await pgError(client.query('CREATE TABLE public.scratch (id integer)'))).toMatchObject(PERMISSION_DENIED);
  });
});
