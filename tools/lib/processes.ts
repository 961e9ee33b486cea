import { ChildProcess, spawn } from 'node:child_process';
import { closeSync, existsSync, fstatSync, mkdirSync, openSync, readSync } from 'node:fs';
import { constants as osConstants } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { ProcessName } from '@app/contracts';
import { sleep } from './ports';

/** A process of the group: its name, or `name#replica` for a replica (methods also take the replica as their last argument). */
export type ProcessId = ProcessName | `${ProcessName}#${string}`;

/** The id of a process: `name`, or `name#replica`. */
function processId(name: ProcessId, replica?: string): ProcessId {
  return replica ? (`${name}#${replica}` as ProcessId) : name;
}

export interface StartOptions {
  /** Append stdout and stderr to this file (created with its folder); otherwise the last 200 lines stay in memory. */
  logFile?: string;
  /** Run another copy of the same service under the id `name#replica` (INSTANCE_ID defaults to `name-replica`). */
  replica?: string;
}

export interface ProcessExit {
  id: ProcessId;
  name: ProcessName;
  code: number | null;
  signal: NodeJS.Signals | null;
  /** False when the process ended without stop() or kill() having been asked for (a crash). */
  expected: boolean;
}

export interface ProcessGroupOptions {
  /** Repository root holding dist/; found from this file's location or the working directory by default. */
  root?: string;
  /** Start each process in its own process group, so a Ctrl-C in the terminal reaches only the launcher. */
  detached?: boolean;
}

const RING_LINES = 200;
const TAIL_BYTES = 256 * 1024;

interface Entry {
  id: ProcessId;
  name: ProcessName;
  child: ChildProcess;
  logFile?: string;
  /** Size of the log file when this run started: logs() shows this run only. */
  logOffset: number;
  ring: string[];
  partial: string;
  expectExit: boolean;
  exit?: { code: number | null; signal: NodeJS.Signals | null };
  exited: Promise<void>;
  spawnError?: Error;
}

function isRepoRoot(dir: string): boolean {
  return existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'apps'));
}

/** The repository root: the nearest folder above this file (tools/lib or dist/tools/lib) holding package.json and apps/. */
export function repoRoot(): string {
  for (let dir = __dirname; ; dir = dirname(dir)) {
    if (isRepoRoot(dir)) return dir;
    if (dirname(dir) === dir) break;
  }
  for (let dir = process.cwd(); ; dir = dirname(dir)) {
    if (isRepoRoot(dir)) return dir;
    if (dirname(dir) === dir) break;
  }
  return process.cwd();
}

/** Shell convention: the exit code, or 128 + the signal number when a signal ended the process. */
function exitStatus(code: number | null, signal: NodeJS.Signals | null): number {
  if (code !== null) return code;
  return 128 + (signal ? (osConstants.signals[signal] ?? 0) : 0);
}

function readTail(file: string, from: number, lines: number): string[] {
  let fd: number | undefined;
  try {
    fd = openSync(file, 'r');
    const size = fstatSync(fd).size;
    const start = Math.max(from, size - TAIL_BYTES);
    const buffer = Buffer.alloc(Math.max(0, size - start));
    readSync(fd, buffer, 0, buffer.length, start);
    return buffer
      .toString('utf8')
      .split('\n')
      .filter((line) => line.length > 0)
      .slice(-lines);
  } catch {
    return [];
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/**
 * V8's heap bounds of every process (the Dockerfile sets the same NODE_OPTIONS): with V8's defaults on
 * a large machine a process keeps ~250 MB resident under load although its live heap is ~50 MB; with
 * these its peak stays near 140 MB at the same throughput (docs/performance.md "Load figures"). A NODE_OPTIONS in the
 * environment wins.
 */
const PROCESS_NODE_OPTIONS = '--max-old-space-size=160 --max-semi-space-size=8';

/**
 * The processes of the system (`node dist/apps/<name>/src/main.js`), as run by the launcher and the
 * end-to-end tests: start, wait for /health/ready, stop gracefully, kill to simulate a crash.
 */
export class ProcessGroup {
  private readonly entries = new Map<ProcessId, Entry>();
  private readonly exitListeners = new Set<(exit: ProcessExit) => void>();
  private readonly root: string;

  constructor(private readonly options: ProcessGroupOptions = {}) {
    this.root = options.root ?? repoRoot();
  }

  /** Path of a process's compiled entry point (under INTOWORK_DIST, default dist/). */
  mainFile(name: ProcessName): string {
    return resolve(this.root, process.env.INTOWORK_DIST || 'dist', 'apps', name, 'src', 'main.js');
  }

  /** Spawns the process with exactly `env` as its environment; returns its id. */
  start(name: ProcessName, env: NodeJS.ProcessEnv, opts: StartOptions = {}): ProcessId {
    const id = processId(name, opts.replica);
    if (this.isRunning(id)) throw new Error(`${id} is already running (pid ${this.entries.get(id)?.child.pid})`);
    const main = this.mainFile(name);
    if (!existsSync(main)) throw new Error(`${main} does not exist: run \`npm run build\` first`);

    const childEnv: NodeJS.ProcessEnv = { NODE_OPTIONS: PROCESS_NODE_OPTIONS, ...env };
    if (opts.replica && !childEnv.INSTANCE_ID) childEnv.INSTANCE_ID = `${name}-${opts.replica}`;

    let logFd: number | undefined;
    let logOffset = 0;
    if (opts.logFile) {
      mkdirSync(dirname(opts.logFile), { recursive: true });
      logFd = openSync(opts.logFile, 'a');
      logOffset = fstatSync(logFd).size;
    }
    let child: ChildProcess;
    try {
      child = spawn(process.execPath, [main], {
        cwd: this.root,
        env: childEnv,
        stdio: ['ignore', logFd ?? 'pipe', logFd ?? 'pipe'],
        detached: this.options.detached ?? false,
      });
    } finally {
      // The child holds its own copy of the descriptor.
      if (logFd !== undefined) closeSync(logFd);
    }

    const entry: Entry = {
      id,
      name,
      child,
      logFile: opts.logFile,
      logOffset,
      ring: [],
      partial: '',
      expectExit: false,
      exited: Promise.resolve(),
    };
    entry.exited = new Promise((done) => {
      // 'close' comes after 'exit' once stdout and stderr are drained, so logs() is complete by then.
      child.once('close', (code: number | null, signal: NodeJS.Signals | null) => {
        if (entry.exit) return;
        this.flushPartial(entry);
        entry.exit = { code, signal };
        done();
        const exit: ProcessExit = { id, name, code, signal, expected: entry.expectExit };
        for (const listener of this.exitListeners) listener(exit);
      });
      child.once('error', (error) => {
        // Spawning failed (no pid): 'close' may not follow.
        if (child.pid !== undefined || entry.exit) return;
        entry.spawnError = error;
        entry.exit = { code: null, signal: null };
        this.remember(entry, `failed to start: ${error.message}`);
        done();
        const exit: ProcessExit = { id, name, code: null, signal: null, expected: false };
        for (const listener of this.exitListeners) listener(exit);
      });
    });
    child.stdout?.on('data', (chunk: Buffer) => this.collect(entry, chunk));
    child.stderr?.on('data', (chunk: Buffer) => this.collect(entry, chunk));
    this.entries.set(id, entry);
    return id;
  }

  /** Resolves when GET http://127.0.0.1:PORT/health/ready answers 200; rejects at once (with its last log lines) if the process ends. */
  async waitReady(name: ProcessId, port: number, timeoutMs = 30_000, replica?: string): Promise<void> {
    const id = processId(name, replica);
    const entry = this.entry(id);
    const url = `http://127.0.0.1:${port}/health/ready`;
    const deadline = Date.now() + timeoutMs;
    let last: string;
    for (;;) {
      if (entry.exit) throw new Error(`${id} ${this.describeExit(entry)} before it was ready.${this.logSuffix(entry)}`);
      try {
        const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
        if (response.status === 200) {
          await response.body?.cancel();
          return;
        }
        last = `HTTP ${response.status}: ${(await response.text()).slice(0, 500)}`;
      } catch (error) {
        last = (error as Error).message;
      }
      if (Date.now() >= deadline) {
        throw new Error(`${id} was not ready within ${timeoutMs} ms (${url}: ${last}).${this.logSuffix(entry)}`);
      }
      await sleep(200);
    }
  }

  /** Resolves with the exit code once the process ends by itself; rejects (with its last log lines) after timeoutMs. */
  async waitExit(name: ProcessId, timeoutMs = 30_000, replica?: string): Promise<number> {
    const entry = this.entry(processId(name, replica));
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`${entry.id} was still running after ${timeoutMs} ms.${this.logSuffix(entry)}`)),
        timeoutMs,
      );
    });
    try {
      await Promise.race([entry.exited, timeout]);
    } finally {
      clearTimeout(timer);
    }
    return exitStatus(entry.exit?.code ?? null, entry.exit?.signal ?? null);
  }

  /** SIGTERM, then SIGKILL after timeoutMs; resolves with the exit code (128 + signal number when a signal ended it). */
  async stop(name: ProcessId, timeoutMs = 10_000, replica?: string): Promise<number> {
    const id = processId(name, replica);
    const entry = this.entry(id);
    if (this.isRunning(id)) {
      entry.expectExit = true;
      entry.child.kill('SIGTERM');
      const timer = setTimeout(() => entry.child.kill('SIGKILL'), timeoutMs);
      await entry.exited;
      clearTimeout(timer);
    }
    await entry.exited;
    return exitStatus(entry.exit?.code ?? null, entry.exit?.signal ?? null);
  }

  /** SIGKILL (a crash, as far as the process can tell); resolves with the exit code (137). The signal is sent synchronously. */
  async kill(name: ProcessId, replica?: string): Promise<number> {
    const id = processId(name, replica);
    const entry = this.entry(id);
    if (this.isRunning(id)) {
      entry.expectExit = true;
      entry.child.kill('SIGKILL');
    }
    await entry.exited;
    return exitStatus(entry.exit?.code ?? null, entry.exit?.signal ?? null);
  }

  /** Stops the gateway first (no new requests come in), then every other process together. */
  async stopAll(timeoutMs = 10_000): Promise<void> {
    const running = this.ids();
    const gateways = running.filter((id) => this.entry(id).name === 'gateway');
    await Promise.all(gateways.map((id) => this.stop(id, timeoutMs)));
    await Promise.all(this.ids().map((id) => this.stop(id, timeoutMs)));
  }

  isRunning(name: ProcessId, replica?: string): boolean {
    const entry = this.entries.get(processId(name, replica));
    return !!entry && !entry.exit && entry.child.exitCode === null && entry.child.signalCode === null;
  }

  pid(name: ProcessId, replica?: string): number | undefined {
    const id = processId(name, replica);
    return this.isRunning(id) ? this.entries.get(id)?.child.pid : undefined;
  }

  /** Ids of the processes still running, in start order. */
  ids(): ProcessId[] {
    return [...this.entries.keys()].filter((id) => this.isRunning(id));
  }

  /** The last lines (200 at most) of output of this run of the process, from its log file or from memory. */
  logs(name: ProcessId, replica?: string): string[] {
    const entry = this.entries.get(processId(name, replica));
    if (!entry) return [];
    if (entry.logFile) return readTail(entry.logFile, entry.logOffset, RING_LINES);
    return [...entry.ring, ...(entry.partial ? [entry.partial] : [])].slice(-RING_LINES);
  }

  /** Called whenever a process of the group ends; returns a function that removes the listener. */
  onExit(listener: (exit: ProcessExit) => void): () => void {
    this.exitListeners.add(listener);
    return () => this.exitListeners.delete(listener);
  }

  private describeExit(entry: Entry): string {
    if (entry.spawnError) return `could not be started (${entry.spawnError.message})`;
    if (!entry.exit) return 'is running';
    return entry.exit.signal ? `was ended by ${entry.exit.signal}` : `exited with code ${entry.exit.code}`;
  }

  private logSuffix(entry: Entry): string {
    const logs = this.logs(entry.id).slice(-40).join('\n');
    const where = entry.logFile ? ` (full log: ${entry.logFile})` : '';
    return logs ? `\nLast log lines${where}:\n${logs}` : `\nNo output${where}.`;
  }

  private entry(id: ProcessId): Entry {
    const entry = this.entries.get(id);
    if (!entry) throw new Error(`no process ${id} was started in this group`);
    return entry;
  }

  private collect(entry: Entry, chunk: Buffer): void {
    const text = entry.partial + chunk.toString('utf8');
    const lines = text.split('\n');
    entry.partial = lines.pop() ?? '';
    for (const line of lines) this.remember(entry, line);
  }

  private flushPartial(entry: Entry): void {
    if (entry.partial) this.remember(entry, entry.partial);
    entry.partial = '';
  }

  private remember(entry: Entry, line: string): void {
    entry.ring.push(line);
    if (entry.ring.length > RING_LINES) entry.ring.splice(0, entry.ring.length - RING_LINES);
  }
}
