/**
 * `npm run backup -- [--out FILE]`: the whole database of DATABASE_URL (every service schema, the migrations
 * tables, outboxes and processed_events included) in pg_dump's custom format, to FILE (default
 * backups/intowork-<UTC time>.dump). Run it as the admin user (DATABASE_URL's user must read every schema).
 * Roles are cluster-wide and not in a dump: `npm run restore` makes them again (libs/db bootstrap).
 * Written to FILE.partial and renamed once pg_restore can read its table of contents.
 */
import 'reflect-metadata';
import { mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { loadConfig } from '@app/common/config';
import { DbConfig } from '@app/db';
import { redactUrl } from './lib/postgres';
import { libpqConnection, pgProgram, runPg, serverMajor } from './lib/pg-tools';

function outputFile(args: string[]): string {
  const at = args.indexOf('--out');
  if (at >= 0) {
    if (!args[at + 1]) throw new Error('usage: backup.js [--out FILE]');
    return resolve(args[at + 1]);
  }
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  return resolve('backups', `intowork-${stamp}.dump`);
}

export async function backup(config: DbConfig, file: string): Promise<{ file: string; bytes: number; entries: number }> {
  const major = await serverMajor(config.DATABASE_URL);
  const { dbname, env } = libpqConnection(config.DATABASE_URL, config);
  mkdirSync(dirname(file), { recursive: true });
  const partial = `${file}.partial`;
  try {
    // Custom format: compressed, and pg_restore can pick entries (restore skips what the bootstrap makes).
    await runPg(pgProgram('pg_dump', major), ['--format=custom', '--compress=6', `--file=${partial}`, `--dbname=${dbname}`], env);
    const toc = await runPg(pgProgram('pg_restore', major), ['--list', partial]);
    renameSync(partial, file);
    return { file, bytes: statSync(file).size, entries: toc.split('\n').filter((l) => l && !l.startsWith(';')).length };
  } catch (err) {
    rmSync(partial, { force: true });
    throw err;
  }
}

if (require.main === module) {
  (async () => {
    const config = loadConfig(DbConfig);
    const result = await backup(config, outputFile(process.argv.slice(2)));
    console.log(`backup: ${redactUrl(config.DATABASE_URL)} -> ${result.file} (${result.bytes} bytes, ${result.entries} entries)`);
  })().catch((err: unknown) => {
    console.error(`backup: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  });
}
