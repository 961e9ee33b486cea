import { execFile } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';

const run = promisify(execFile);

/** The PostgreSQL major version of the server at `url` (15 for 15.x). */
export async function serverMajor(url: string): Promise<number> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    const { rows } = await client.query<{ v: string }>('SHOW server_version_num');
    return Math.floor(Number(rows[0].v) / 10000);
  } finally {
    await client.end();
  }
}

/**
 * Path of a PostgreSQL client program (pg_dump, pg_restore) able to talk to a server of `major`:
 * PG_BIN_DIR if set, else Debian's /usr/lib/postgresql/<N>/bin with the lowest N >= major (pg_dump
 * refuses a newer server), else the one on PATH.
 */
export function pgProgram(name: string, major: number, env: NodeJS.ProcessEnv = process.env): string {
  if (env.PG_BIN_DIR) return join(env.PG_BIN_DIR, name);
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root)
    ? readdirSync(root)
        .map(Number)
        .filter((v) => Number.isInteger(v) && v >= major && existsSync(join(root, String(v), 'bin', name)))
        .sort((a, b) => a - b)
    : [];
  return versions.length ? join(root, String(versions[0]), 'bin', name) : name;
}

/**
 * Connection arguments for a libpq program: the URL without its password (which would show in `ps`),
 * and the password in PGPASSWORD.
 */
export function libpqConnection(
  url: string,
  tls: { DB_SSL?: string; DB_SSL_CA?: string } = {},
): { dbname: string; env: NodeJS.ProcessEnv } {
  const parsed = new URL(url);
  const password = decodeURIComponent(parsed.password);
  parsed.password = '';
  const env: NodeJS.ProcessEnv = password ? { PGPASSWORD: password } : {};
  // DB_SSL as the services use it (libs/db sslOptions), in libpq's terms.
  if (tls.DB_SSL && tls.DB_SSL !== 'disable') env.PGSSLMODE = tls.DB_SSL;
  if (tls.DB_SSL === 'verify-full' && tls.DB_SSL_CA) env.PGSSLROOTCERT = tls.DB_SSL_CA;
  return { dbname: parsed.toString(), env };
}

/** Runs a PostgreSQL program; rejects with its stderr. */
export async function runPg(program: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<string> {
  try {
    const { stdout } = await run(program, args, { env: { ...process.env, ...env }, maxBuffer: 64 * 1024 * 1024 });
    return stdout;
  } catch (err) {
    const e = err as Error & { stderr?: string; code?: string | number };
    if (e.code === 'ENOENT')
      throw new Error(`${program} not found: install the PostgreSQL client (postgresql-client) or set PG_BIN_DIR`, { cause: err });
    throw new Error(`${program} failed: ${(e.stderr || e.message).trim()}`, { cause: err });
  }
}
