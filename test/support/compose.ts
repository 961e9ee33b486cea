/**
 * docker-compose.yml and the Dockerfile read the way Docker would, so that a test can run the app services
 * on this machine without Docker: YAML with merge keys, compose's variable interpolation, the runtime
 * stage's ENV and CMD, and the secrets' generators from the compose file's header.
 */
import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

export class InterpolationError extends Error {}

type Env = Record<string, string | undefined>;

/** `${NAME}`, `${NAME:-default}`, `${NAME-default}`, `${NAME:?error}`, `${NAME?error}`, `${NAME:+alt}`, `$NAME`, `$$`. */
const VARIABLE = /\$(?:(\$)|\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?+])((?:[^{}]|\{[^{}]*\})*))?\}|([A-Za-z_][A-Za-z0-9_]*))/g;

/** Compose's interpolation of one value; throws InterpolationError as `docker compose` refuses to start. */
export function interpolate(value: string, env: Env): string {
  return value.replace(VARIABLE, (_match, dollar, braced, operator, argument, bare) => {
    if (dollar) return '$';
    const name = (braced ?? bare) as string;
    const current = env[name];
    const unset = current === undefined;
    const empty = unset || current === '';
    const arg = argument === undefined ? '' : interpolate(argument as string, env);
    switch (operator as string | undefined) {
      case ':-':
        return empty ? arg : current;
      case '-':
        return unset ? arg : current;
      case ':?':
        if (empty) throw new InterpolationError(`required variable ${name} is missing a value: ${arg}`);
        return current;
      case '?':
        if (unset) throw new InterpolationError(`required variable ${name} is missing a value: ${arg}`);
        return current;
      case ':+':
        return empty ? '' : arg;
      case '+':
        return unset ? '' : arg;
      default:
        return current ?? '';
    }
  });
}

/** Every string of a parsed document interpolated (keys stay as they are, as in compose). */
export function interpolateTree<T>(node: T, env: Env): T {
  if (typeof node === 'string') return interpolate(node, env) as T;
  if (Array.isArray(node)) return node.map((item) => interpolateTree(item, env)) as T;
  if (node && typeof node === 'object') {
    return Object.fromEntries(Object.entries(node).map(([key, value]) => [key, interpolateTree(value, env)])) as T;
  }
  return node;
}

/** The file's text without its comment lines (the header mentions variables too). */
function withoutComments(text: string): string {
  return text
    .split('\n')
    .filter((line) => !/^\s*#/.test(line))
    .join('\n');
}

/** Names of the variables the file reads, in order of first use. */
export function composeVariables(text: string): string[] {
  const names = new Set<string>();
  for (const match of withoutComments(text).matchAll(VARIABLE)) {
    const name = match[2] ?? match[5];
    if (name) names.add(name);
  }
  return [...names];
}

/** Names of the variables the file requires (`${NAME:?...}` or `${NAME?...}`). */
export function requiredVariables(text: string): string[] {
  const names = new Set<string>();
  for (const match of withoutComments(text).matchAll(VARIABLE)) {
    if (match[2] && (match[3] === ':?' || match[3] === '?')) names.add(match[2]);
  }
  return [...names];
}

/** The header's generator of each secret: a line `#   NAME   \`command\``. */
export function secretGenerators(text: string): Map<string, string> {
  const generators = new Map<string, string>();
  for (const line of text.split('\n')) {
    const match = /^#\s+([A-Z][A-Z0-9_]*)\s+`([^`]+)`\s*$/.exec(line);
    if (match) generators.set(match[1], match[2]);
  }
  return generators;
}

/** Runs each generator as the header tells a person to (sh), so every value is fresh and random. */
export function generateSecrets(generators: Map<string, string>, names: string[]): Record<string, string> {
  return Object.fromEntries(
    names.map((name) => {
      const command = generators.get(name);
      if (!command) throw new Error(`docker-compose.yml's header gives no generator for ${name}`);
      return [name, execFileSync('sh', ['-c', command], { encoding: 'utf8' }).trim()];
    }),
  );
}

export interface ComposeService {
  build?: unknown;
  image?: string;
  command?: string[] | string;
  entrypoint?: string[] | string;
  environment?: Record<string, string | number | boolean | null>;
  healthcheck?: { test?: string[] | string; disable?: boolean };
  profiles?: string[];
  [key: string]: unknown;
}

export interface ComposeFile {
  services: Record<string, ComposeService>;
  [key: string]: unknown;
}

/** docker-compose.yml parsed with its merge keys (`<<: *anchor`) resolved, not yet interpolated. */
export function parseCompose(text: string): ComposeFile {
  return parse(text, { merge: true, maxAliasCount: -1 }) as ComposeFile;
}

export interface DockerImage {
  env: Record<string, string>;
  cmd: string[];
  healthcheck?: string[];
  from: string;
}

/** The runtime stage (the last FROM) of a Dockerfile: base image, ENV, CMD and HEALTHCHECK (exec forms). */
export function parseDockerfile(text: string): DockerImage {
  const lines = text
    .replace(/\\\r?\n/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'));
  const image: DockerImage = { env: {}, cmd: [], from: '' };
  for (const line of lines) {
    const [instruction, ...rest] = line.split(/\s+/);
    const args = rest.join(' ');
    switch (instruction.toUpperCase()) {
      case 'FROM':
        Object.assign(image, { env: {}, cmd: [], healthcheck: undefined, from: rest[0] });
        break;
      case 'ENV':
        for (const match of args.matchAll(/([A-Za-z_][A-Za-z0-9_]*)=("([^"]*)"|\S*)/g)) {
          image.env[match[1]] = match[3] ?? match[2];
        }
        break;
      case 'CMD':
        image.cmd = JSON.parse(args) as string[];
        break;
      case 'HEALTHCHECK': {
        const cmd = /\bCMD\s+(\[.*\])\s*$/.exec(args);
        image.healthcheck = cmd ? (JSON.parse(cmd[1]) as string[]) : undefined;
        break;
      }
    }
  }
  return image;
}

/** A compose healthcheck `test` as a command line: CMD runs its arguments, CMD-SHELL runs sh -c. */
export function healthcheckCommand(test: string[] | string): string[] {
  if (typeof test === 'string') return ['sh', '-c', test];
  const [kind, ...args] = test;
  if (kind === 'CMD') return args;
  if (kind === 'CMD-SHELL') return ['sh', '-c', args.join(' ')];
  throw new Error(`unsupported healthcheck test ${JSON.stringify(test)}`);
}

/** A compose `environment` (map form) as strings; null (a variable passed through from the shell) is left out. */
export function environmentOf(service: ComposeService): Record<string, string> {
  const env = service.environment ?? {};
  if (Array.isArray(env)) throw new Error('use the map form of environment in docker-compose.yml');
  return Object.fromEntries(
    Object.entries(env)
      .filter(([, value]) => value !== null && value !== undefined)
      .map(([key, value]) => [key, String(value)]),
  );
}

export function readRepoFile(root: string, path: string): string {
  return readFileSync(join(root, path), 'utf8');
}

/** A process started from a command line, with its output kept for failure messages. */
export class CommandProcess {
  readonly child: ChildProcess;
  private output = '';
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  constructor(
    readonly label: string,
    command: string[],
    env: Env,
    cwd: string,
  ) {
    this.child = spawn(command[0], command.slice(1), { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const keep = (chunk: Buffer): void => {
      this.output = (this.output + chunk.toString('utf8')).slice(-20000);
    };
    this.child.stdout?.on('data', keep);
    this.child.stderr?.on('data', keep);
    this.exited = new Promise((done) => {
      this.child.once('exit', (code, signal) => done({ code, signal }));
      this.child.once('error', (err) => {
        keep(Buffer.from(String(err)));
        done({ code: -1, signal: null });
      });
    });
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  logs(lines = 30): string {
    return `--- ${this.label}\n${this.output.split('\n').slice(-lines).join('\n')}`;
  }

  /** The exit code, or undefined when it still runs after timeoutMs. */
  async exitCode(timeoutMs: number): Promise<number | null | undefined> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<undefined>((done) => (timer = setTimeout(() => done(undefined), timeoutMs)));
    const result = await Promise.race([this.exited, timeout]);
    clearTimeout(timer);
    return result ? (result.code ?? 128) : undefined;
  }

  async stop(timeoutMs = 10000): Promise<void> {
    if (!this.running) return;
    this.child.kill('SIGTERM');
    if ((await this.exitCode(timeoutMs)) === undefined) {
      this.child.kill('SIGKILL');
      await this.exited;
    }
  }
}
