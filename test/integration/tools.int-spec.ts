import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect, NatsConnection } from 'nats';
import { findNatsServerBinary, natsServerNotFoundMessage, NatsServerHandle, startNatsServer } from '../../tools/lib/nats-server';
import { freePort, isPortOpen } from '../../tools/lib/ports';
import { ProcessGroup } from '../../tools/lib/processes';

/** Connects, checks JetStream answers, and returns the names of the streams it holds. */
async function streamsOf(url: string): Promise<string[]> {
  const nc: NatsConnection = await connect({ servers: url, timeout: 2000, reconnect: false });
  try {
    const jsm = await nc.jetstreamManager();
    const names: string[] = [];
    for await (const stream of jsm.streams.list()) names.push(stream.config.name);
    return names;
  } finally {
    await nc.close();
  }
}

describe('tools/lib: a private nats-server', () => {
  let storeDir: string;
  let server: NatsServerHandle | undefined;

  beforeAll(() => {
    if (!findNatsServerBinary()) throw new Error(natsServerNotFoundMessage());
    storeDir = mkdtempSync(join(tmpdir(), 'intowork-tools-nats-'));
  });

  afterAll(async () => {
    await server?.kill();
    if (storeDir) rmSync(storeDir, { recursive: true, force: true });
  });

  it('starts on a free port, stops, starts again on the same port and store, and can be killed', async () => {
    const port = await freePort();
    server = await startNatsServer({ port, storeDir, users: 'anonymous' });
    expect(server.url).toBe(`nats://127.0.0.1:${port}`);
    expect(server.running).toBe(true);

    // Accepts a client with JetStream on; a stream written now must survive the restart (same store).
    const nc = await connect({ servers: server.url, timeout: 2000 });
    const jsm = await nc.jetstreamManager();
    await jsm.streams.add({ name: 'TOOLS_SPEC', subjects: ['tools.spec.>'] });
    await nc.jetstream().publish('tools.spec.one', new TextEncoder().encode('kept'));
    await nc.close();
    expect(await streamsOf(server.url)).toContain('TOOLS_SPEC');

    await server.stop();
    expect(server.running).toBe(false);
    expect(await isPortOpen('127.0.0.1', port)).toBe(false);
    await expect(connect({ servers: server.url, timeout: 1000, reconnect: false })).rejects.toThrow();

    await server.start();
    expect(server.port).toBe(port);
    expect(await isPortOpen('127.0.0.1', port)).toBe(true);
    expect(await streamsOf(server.url)).toContain('TOOLS_SPEC');

    await server.kill();
    expect(server.running).toBe(false);
    expect(await isPortOpen('127.0.0.1', port)).toBe(false);
  });

  it('refuses a port that is already taken, with a clear message', async () => {
    const port = await freePort();
    const first = await startNatsServer({ port, storeDir: join(storeDir, 'first'), users: 'anonymous' });
    try {
      await expect(startNatsServer({ port, storeDir: join(storeDir, 'second'), users: 'anonymous' })).rejects.toThrow(/already in use/);
    } finally {
      await first.stop();
    }
  });
});

/**
 * ProcessGroup against a stand-in for dist/apps/<name>/src/main.js (a tiny HTTP server in a temporary
 * root), so the launcher's and the end-to-end tests' process handling is checked without a build.
 */
describe('tools/lib: ProcessGroup', () => {
  const FAKE_MAIN = `
    const http = require('node:http');
    const port = Number(process.env.JOBS_PORT);
    if (process.env.FAKE_CRASH_AT_START) { console.error('Invalid configuration: JOBS_PORT is bad'); process.exit(78); }
    const server = http.createServer((req, res) => {
      res.writeHead(req.url === '/health/ready' && !process.env.FAKE_NEVER_READY ? 200 : 503).end('{}');
    });
    setTimeout(() => server.listen(port, '127.0.0.1', () => console.log(JSON.stringify({ msg: 'listening', port, instance: process.env.INSTANCE_ID }))), 300);
    process.on('SIGTERM', () => { console.log('draining'); server.close(() => process.exit(0)); });
    if (process.env.FAKE_IGNORE_SIGTERM) process.removeAllListeners('SIGTERM'), process.on('SIGTERM', () => console.log('ignoring SIGTERM'));
  `;
  let root: string;
  let group: ProcessGroup;

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'intowork-tools-group-'));
    writeFileSync(join(root, 'package.json'), '{}');
    mkdirSync(join(root, 'dist/apps/jobs/src'), { recursive: true });
    writeFileSync(join(root, 'dist/apps/jobs/src/main.js'), FAKE_MAIN);
  });

  beforeEach(() => {
    group = new ProcessGroup({ root });
  });

  afterEach(async () => {
    await group.stopAll(1000);
  });

  afterAll(() => {
    rmSync(root, { recursive: true, force: true });
  });

  const envWith = (port: number, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv => ({ JOBS_PORT: String(port), ...extra });

  it('starts, waits for /health/ready, keeps the output in memory and stops gracefully', async () => {
    const port = await freePort();
    const exits: unknown[] = [];
    group.onExit((exit) => exits.push(exit));
    expect(group.start('jobs', envWith(port))).toBe('jobs');
    await group.waitReady('jobs', port, 5000);
    expect(group.isRunning('jobs')).toBe(true);
    expect(group.logs('jobs').join('\n')).toContain('"listening"');
    expect(await group.stop('jobs')).toBe(0);
    expect(group.isRunning('jobs')).toBe(false);
    expect(group.logs('jobs')).toContain('draining');
    expect(exits).toEqual([{ id: 'jobs', name: 'jobs', code: 0, signal: null, expected: true }]);
  });

  it('runs two replicas side by side, appends to a log file, and kills one like a crash', async () => {
    const [portA, portB] = [await freePort(), await freePort()];
    const logFile = join(root, 'logs', 'jobs-b.log');
    group.start('jobs', envWith(portA), { replica: 'a' });
    group.start('jobs', envWith(portB), { replica: 'b', logFile });
    await Promise.all([group.waitReady('jobs', portA, 5000, 'a'), group.waitReady('jobs#b', portB, 5000)]);
    expect(group.ids()).toEqual(['jobs#a', 'jobs#b']);
    expect(group.logs('jobs', 'b').join('\n')).toContain('"instance":"jobs-b"');
    expect(await group.kill('jobs', 'a')).toBe(137);
    expect(group.isRunning('jobs', 'a')).toBe(false);
    expect(group.isRunning('jobs', 'b')).toBe(true);
  });

  it('rejects waitReady at once with the last log lines when the process exits', async () => {
    const port = await freePort();
    group.start('jobs', envWith(port, { FAKE_CRASH_AT_START: '1' }));
    await expect(group.waitReady('jobs', port, 20_000)).rejects.toThrow(/exited with code 78[\s\S]*Invalid configuration/);
    expect(await group.waitExit('jobs', 1000)).toBe(78);
  });

  it('gives up on a process that never gets ready, and SIGKILLs one that ignores SIGTERM', async () => {
    const port = await freePort();
    group.start('jobs', envWith(port, { FAKE_NEVER_READY: '1', FAKE_IGNORE_SIGTERM: '1' }));
    await expect(group.waitReady('jobs', port, 1500)).rejects.toThrow(/not ready within 1500 ms \(.*HTTP 503/);
    const started = Date.now();
    expect(await group.stop('jobs', 500)).toBe(137);
    expect(Date.now() - started).toBeLessThan(3000);
  });
});
