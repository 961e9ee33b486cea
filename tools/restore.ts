/**
 * `npm run restore -- FILE`: a dump of `npm run backup` into the database of DATABASE_URL, which must be empty
 * (missing: created). First the bootstrap of libs/db makes what a dump cannot carry: the services' roles
 * (cluster-wide; passwords from <SERVICE>_DB_PASSWORD and MIGRATION_DB_PASSWORD), their schemas, extensions,
 * the monitoring functions,
 * CONNECT grants and per-database search_path. Then pg_restore puts back every other entry of the dump
 * (tables, data, sequences, indexes, owners, grants) in one transaction, stopping at the first error.
 * Last, every outbox row published in the stream's max age before the backup is marked unpublished, so
 * the relays publish those events again: whatever the consumers had not applied at the backup's moment is
 * applied, and what they had is a duplicate (processed_events, kept longer than that age). The JetStream
 * stream therefore needs no backup (docs/operations.md "Backups and restore").
 */
import 'reflect-metadata';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Client } from 'pg';
import { SERVICE_NAMES } from '@app/contracts';
import { EVENTS_MAX_AGE_MS } from '@app/common/events/event-stream';
import { loadConfig } from '@app/common/config';
import { bootstrapDatabase, DbConfig, sslOptions } from '@app/db';
import { redactUrl } from './lib/postgres';
import { libpqConnection, pgProgram, runPg, serverMajor } from './lib/pg-tools';

/** Entries the bootstrap has made already (pg_restore would fail on them: "already exists"). */
const MADE_BY_BOOTSTRAP = /^\d+; \d+ \d+ (SCHEMA|EXTENSION|COMMENT - EXTENSION|FUNCTION intowork_monitor) /;

/** Tables in the services' schemas of the database at `url` (a restore goes only into an empty one). */
async function serviceTables(url: string, ssl: ReturnType<typeof sslOptions>): Promise<string[]> {
  const client = new Client({ connectionString: url, ssl });
  await client.connect();
  try {
    const { rows } = await client.query<{ name: string }>(
      `SELECT schemaname || '.' || tablename AS name FROM pg_tables WHERE schemaname = ANY($1) ORDER BY 1`,
      [SERVICE_NAMES],
    );
    return rows.map((r) => r.name);
  } finally {
    await client.end();
  }
}

export async function restore(
  config: DbConfig,
  file: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<{ entries: number; republished: number }> {
  if (!existsSync(file)) throw new Error(`no such file: ${file}`);
  const url = config.DATABASE_URL;
  const ssl = sslOptions(config);
  await bootstrapDatabase(url, env, ssl);
  const present = await serviceTables(url, ssl);
  if (present.length > 0) {
    throw new Error(`${redactUrl(url)} is not empty (${present.length} tables, e.g. ${present[0]}): restore into a new database`);
  }
  const major = await serverMajor(url);
  const restoreProgram = pgProgram('pg_restore', major);
  const toc = (await runPg(restoreProgram, ['--list', file])).split('\n');
  const kept = toc.filter((line) => line && !line.startsWith(';') && !MADE_BY_BOOTSTRAP.test(line));
  const dir = mkdtempSync(join(tmpdir(), 'intowork-restore-'));
  try {
    const list = join(dir, 'toc.list');
    writeFileSync(list, `${kept.join('\n')}\n`);
    const { dbname, env: pgEnv } = libpqConnection(url, config);
    await runPg(restoreProgram, ['--exit-on-error', '--single-transaction', `--use-list=${list}`, `--dbname=${dbname}`, file], pgEnv);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const created = /^; Archive created at (.+)$/m.exec(toc.join('\n'));
  if (!created) throw new Error(`${file}: no "Archive created at" in its table of contents`);
  const republished = await replayOutboxes(url, ssl, new Date(created[1].replace(' UTC', 'Z').replace(' ', 'T')));
  return { entries: kept.length, republished };
}

/** Marks the outbox rows published since `backupAt` minus the stream's max age as unpublished; answers how many. */
async function replayOutboxes(url: string, ssl: ReturnType<typeof sslOptions>, backupAt: Date): Promise<number> {
  if (Number.isNaN(backupAt.getTime())) throw new Error('unreadable "Archive created at" in the dump');
  const client = new Client({ connectionString: url, ssl });
  await client.connect();
  try {
    let rows = 0;
    for (const service of SERVICE_NAMES) {
      const result = await client.query(
        `UPDATE ${client.escapeIdentifier(service)}.outbox SET published_at = NULL
          WHERE published_at >= $1::timestamptz - make_interval(secs => $2)`,
        [backupAt.toISOString(), EVENTS_MAX_AGE_MS / 1000],
      );
      rows += result.rowCount ?? 0;
    }
    return rows;
  } finally {
    await client.end();
  }
}

if (require.main === module) {
  (async () => {
    const [file] = process.argv.slice(2);
    if (!file) throw new Error('usage: restore.js FILE (into the empty database of DATABASE_URL)');
    const config = loadConfig(DbConfig);
    const result = await restore(config, resolve(file));
    console.log(
      `restore: ${resolve(file)} -> ${redactUrl(config.DATABASE_URL)} (${result.entries} entries; ${result.republished} outbox events to publish again)`,
    );
  })().catch((err: unknown) => {
    console.error(`restore: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  });
}
