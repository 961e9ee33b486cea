/**
 * `npm run backup` / `npm run restore` (tools/backup.ts, tools/restore.ts) end to end: the demo data loaded
 * through the running system, a backup with the real CLI, a restore into a new database, every table of
 * every service schema compared (row count + checksum of its rows) and the sequences, then the services
 * started again on the restored database: they serve the same answers, and the events the restore gives the
 * relays again are deduplicated by the consumers (no notification twice).
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { SERVICE_NAMES } from '@app/contracts';
import { withDatabase } from '@app/db';
import { DEMO_ADMIN_EMAIL, generateDemoPassword, loadDemoIfEmpty } from '../../tools/demo-data';
import { ALL_PROCESSES, eventually, TestSystem } from '../support/test-system';

jest.setTimeout(300_000);
const run = promisify(execFile);
const ROOT = resolve(__dirname, '../..');

/** Every table of the service schemas: row count and an md5 of its rows in a stable order; and the sequences. */
async function fingerprint(url: string): Promise<Record<string, string>> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const out: Record<string, string> = {};
    const tables = await client.query<{ schemaname: string; tablename: string }>(
      `SELECT schemaname, tablename FROM pg_tables WHERE schemaname = ANY($1) ORDER BY 1, 2`,
      [SERVICE_NAMES],
    );
    for (const { schemaname, tablename } of tables.rows) {
      const name = `${client.escapeIdentifier(schemaname)}.${client.escapeIdentifier(tablename)}`;
      const { rows } = await client.query(
        `SELECT count(*)::int AS n, md5(coalesce(string_agg(t::text, E'\\n' ORDER BY t::text), '')) AS sum FROM ${name} t`,
      );
      out[`${schemaname}.${tablename}`] = `${rows[0].n} rows ${rows[0].sum}`;
    }
    const sequences = await client.query(`SELECT schemaname, sequencename, last_value FROM pg_sequences WHERE schemaname = ANY($1)`, [
      SERVICE_NAMES,
    ]);
    for (const s of sequences.rows) out[`sequence ${s.schemaname}.${s.sequencename}`] = String(s.last_value);
    const owners = await client.query(`SELECT nspname, nspowner::regrole::text AS owner FROM pg_namespace WHERE nspname = ANY($1)`, [
      SERVICE_NAMES,
    ]);
    for (const o of owners.rows) out[`schema ${o.nspname}`] = `owner ${o.owner}`;
    return out;
  } finally {
    await client.end();
  }
}

describe('backup and restore', () => {
  let system: TestSystem;
  let dir: string;
  let target: string;
  let adminServer: string;

  beforeAll(async () => {
    system = await TestSystem.start('backup');
    dir = mkdtempSync(join(tmpdir(), 'intowork-backup-'));
    adminServer = withDatabase(system.databaseUrl, 'postgres');
    target = withDatabase(system.databaseUrl, `intowork_test_restored_${randomBytes(3).toString('hex')}`);
  });

  afterAll(async () => {
    await system?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
    const server = new Client({ connectionString: adminServer });
    await server.connect();
    await server.query(`DROP DATABASE IF EXISTS ${server.escapeIdentifier(new URL(target).pathname.slice(1))} WITH (FORCE)`);
    await server.end();
  });

  it('restores every table, role and sequence, and the services run on the restored database', async () => {
    const demoPassword = generateDemoPassword();
    await loadDemoIfEmpty(
      {
        DATABASE_URL: system.databaseUrl,
        NATS_URL: system.nats.url,
        TOOLS_NATS_PASSWORD: system.secrets.TOOLS_NATS_PASSWORD,
        DEMO_PASSWORD: demoPassword,
      },
      system.url(''),
    );
    const countNotifications = async (url: string): Promise<number> => {
      const client = new Client({ connectionString: url });
      await client.connect();
      try {
        return (await client.query('SELECT count(*)::int AS n FROM notifications.notifications')).rows[0].n;
      } finally {
        await client.end();
      }
    };
    // Wait until every demo event has taken effect: the outboxes are published and the notifications stable.
    let previous = -1;
    await eventually(
      async () => {
        const now = await countNotifications(system.databaseUrl);
        const stable = now > 0 && now === previous;
        previous = now;
        return stable;
      },
      30_000,
      1000,
    );
    const jobsBefore = (await system.request('GET', '/api/jobs?limit=100')).body;
    // The services stop first: a backup of a live database is consistent too (one snapshot), but the
    // comparison below needs the source to stay as it was.
    await system.processes.stopAll();
    const before = await fingerprint(system.databaseUrl);
    for (const service of SERVICE_NAMES) {
      expect(Object.keys(before).filter((k) => k.startsWith(`${service}.`)).length).toBeGreaterThan(2);
    }
    expect(Number(before['auth.users'].split(' ')[0])).toBeGreaterThanOrEqual(6);

    const file = join(dir, 'intowork.dump');
    const env = { PATH: process.env.PATH, HOME: process.env.HOME };
    const backup = await run('node', ['dist/tools/backup.js', '--out', file], {
      cwd: ROOT,
      env: { ...env, DATABASE_URL: system.databaseUrl },
    });
    expect(backup.stdout).toContain(file);

    // Like migrate, restore sets the roles' passwords (they are not in a dump): it needs them.
    const restore = await run('node', ['dist/tools/restore.js', file], {
      cwd: ROOT,
      env: { ...env, ...system.secrets, DATABASE_URL: target },
    });
    expect(restore.stdout).toMatch(/[1-9]\d* outbox events to publish again/);
    const after = await fingerprint(target);
    // Only the outboxes differ: restore marks their recent rows unpublished (the relays send them again).
    const withoutOutbox = (f: Record<string, string>) => Object.fromEntries(Object.entries(f).filter(([k]) => !/\.outbox$/.test(k)));
    expect(withoutOutbox(after)).toEqual(withoutOutbox(before));
    for (const service of SERVICE_NAMES) {
      expect(after[`${service}.outbox`].split(' ')[0]).toBe(before[`${service}.outbox`].split(' ')[0]);
    }

    // Into a database that is not empty: refused, nothing changed.
    await expect(
      run('node', ['dist/tools/restore.js', file], { cwd: ROOT, env: { ...env, ...system.secrets, DATABASE_URL: target } }),
    ).rejects.toThrow(/is not empty/);

    // The services on the restored database (same NATS: its stream still holds the demo events).
    system.env.DATABASE_URL = target;
    await Promise.all(ALL_PROCESSES.filter((n) => n !== 'gateway').map((name) => system.startProcess(name)));
    await system.startProcess('gateway');
    const signin = await system.request('POST', '/api/auth/signin', { body: { email: DEMO_ADMIN_EMAIL, password: demoPassword } });
    expect(signin.status).toBe(200);
    expect((await system.request('GET', '/api/jobs?limit=100')).body).toEqual(jobsBefore);
    const stats = await system.request('GET', '/api/admin/stats', { token: signin.body.access_token });
    expect(stats.status).toBe(200);

    // Every event is published again and deduplicated: no notification twice.
    const client = new Client({ connectionString: target });
    await client.connect();
    try {
      await eventually(
        async () => {
          const { rows } = await client.query(
            SERVICE_NAMES.map((s) => `SELECT count(*)::int AS n FROM ${s}.outbox WHERE published_at IS NULL`).join(' UNION ALL '),
          );
          return rows.every((row) => row.n === 0);
        },
        30_000,
        500,
      );
    } finally {
      await client.end();
    }
    await new Promise((r) => setTimeout(r, 2000));
    expect(await countNotifications(target)).toBe(previous);
  });
});
