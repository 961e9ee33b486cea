import 'reflect-metadata';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, Server, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TLSSocket } from 'node:tls';
import { Client } from 'pg';
import { sslOptions } from './connection';
import { dataSourceOptions, readDataSourceOptions } from './data-source';
import { DbConfig } from './db.config';

/**
 * DB_SSL=verify-full with DB_SSL_CA, end to end: a pg client built from sslOptions() connects over TLS
 * to a minimal PostgreSQL-speaking server whose certificate a test CA signed, and is refused when the
 * CA or the host name does not match. (The server answers SSLRequest with 'S', completes the TLS
 * handshake, then says AuthenticationOk and ReadyForQuery, which is all `connect()` waits for.)
 */
describe('TLS to PostgreSQL (DB_SSL, DB_SSL_CA)', () => {
  let dir: string;
  let servers: Server[] = [];

  const openssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });

  function makeCa(name: string): void {
    openssl(
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '2',
      '-subj',
      `/CN=${name}`,
      '-keyout',
      `${name}.key`,
      '-out',
      `${name}.crt`,
    );
  }

  function makeServerCert(name: string, host: string, ca: string): void {
    writeFileSync(join(dir, `${name}.ext`), `subjectAltName=DNS:${host}\n`);
    openssl('req', '-newkey', 'rsa:2048', '-nodes', '-subj', `/CN=${host}`, '-keyout', `${name}.key`, '-out', `${name}.csr`);
    openssl(
      'x509',
      '-req',
      '-in',
      `${name}.csr`,
      '-CA',
      `${ca}.crt`,
      '-CAkey',
      `${ca}.key`,
      '-CAcreateserial',
      '-days',
      '2',
      '-extfile',
      `${name}.ext`,
      '-out',
      `${name}.crt`,
    );
  }

  /** A server that speaks just enough of the PostgreSQL protocol over TLS. */
  async function fakePostgres(cert: string): Promise<{ port: number; handshakes: () => number }> {
    const { readFileSync } = await import('node:fs');
    const key = readFileSync(join(dir, `${cert}.key`));
    const crt = readFileSync(join(dir, `${cert}.crt`));
    let handshakes = 0;
    const server = createServer((socket: Socket) => {
      socket.once('data', (request) => {
        // SSLRequest: int32 length 8, int32 80877103.
        if (request.length !== 8 || request.readInt32BE(4) !== 80877103) return socket.destroy();
        socket.write('S');
        const tls = new TLSSocket(socket, { isServer: true, key, cert: crt });
        tls.on('secure', () => (handshakes += 1));
        tls.on('error', () => tls.destroy());
        tls.once('data', () => {
          // StartupMessage received: AuthenticationOk, then ReadyForQuery (idle).
          const ok = Buffer.from([0x52, 0, 0, 0, 8, 0, 0, 0, 0]);
          const ready = Buffer.from([0x5a, 0, 0, 0, 5, 0x49]);
          tls.write(Buffer.concat([ok, ready]));
        });
      });
      socket.on('error', () => socket.destroy());
    });
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return { port: (server.address() as { port: number }).port, handshakes: () => handshakes };
  }

  function config(overrides: Partial<DbConfig>): DbConfig {
    return Object.assign(new DbConfig(), overrides);
  }

  async function connect(port: number, host: string, db: DbConfig): Promise<void> {
    const client = new Client({
      host,
      port,
      user: 'intowork_jobs',
      database: 'intowork',
      ssl: sslOptions(db),
      connectionTimeoutMillis: 5000,
    });
    client.on('error', () => undefined);
    try {
      await client.connect();
    } finally {
      await client.end().catch(() => undefined);
    }
  }

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'intowork-tls-'));
    makeCa('ca');
    makeCa('other-ca');
    makeServerCert('localhost', 'localhost', 'ca');
    makeServerCert('elsewhere', 'db.elsewhere.test', 'ca');
  });

  afterAll(async () => {
    await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
    servers = [];
    rmSync(dir, { recursive: true, force: true });
  });

  it('verify-full with the right CA connects over TLS', async () => {
    const server = await fakePostgres('localhost');
    await connect(server.port, 'localhost', config({ DB_SSL: 'verify-full', DB_SSL_CA: join(dir, 'ca.crt') }));
    expect(server.handshakes()).toBe(1);
  });

  it('verify-full refuses a certificate signed by another CA', async () => {
    const server = await fakePostgres('localhost');
    await expect(
      connect(server.port, 'localhost', config({ DB_SSL: 'verify-full', DB_SSL_CA: join(dir, 'other-ca.crt') })),
    ).rejects.toMatchObject({
      code: expect.stringMatching(/SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_VERIFY_LEAF_SIGNATURE|UNABLE_TO_GET_ISSUER_CERT/),
    });
    expect(server.handshakes()).toBe(0);
  });

  it('verify-full refuses a certificate for another host name', async () => {
    const server = await fakePostgres('elsewhere');
    await expect(
      connect(server.port, 'localhost', config({ DB_SSL: 'verify-full', DB_SSL_CA: join(dir, 'ca.crt') })),
    ).rejects.toMatchObject({
      code: 'ERR_TLS_CERT_ALTNAME_INVALID',
    });
  });

  it('require encrypts without checking the certificate; disable sends no TLS', async () => {
    const server = await fakePostgres('elsewhere');
    await connect(server.port, 'localhost', config({ DB_SSL: 'require' }));
    expect(server.handshakes()).toBe(1);
    expect(sslOptions(config({ DB_SSL: 'disable' }))).toBe(false);
  });

  it('dataSourceOptions carries TLS, pool size, timeouts, recycling and statement_timeout from config', () => {
    const db = config({
      DB_SSL: 'verify-full',
      DB_SSL_CA: join(dir, 'ca.crt'),
      DB_POOL_MAX: 30,
      DB_POOL_MIN: 2,
      DB_CONNECT_TIMEOUT_MS: 3000,
      DB_IDLE_TIMEOUT_MS: 20000,
      DB_MAX_LIFETIME_S: 1800,
      DB_STATEMENT_TIMEOUT_MS: 15000,
    });
    const options = dataSourceOptions('jobs', db, { JOBS_DB_PASSWORD: 'jobs-role-secret-0123' }) as Record<string, any>;
    expect(options.ssl).toEqual({ rejectUnauthorized: true, ca: expect.stringContaining('BEGIN CERTIFICATE') });
    expect(options.poolSize).toBe(30);
    expect(options.connectTimeoutMS).toBe(3000);
    expect(options.extra).toMatchObject({ min: 2, idleTimeoutMillis: 20000, maxLifetimeSeconds: 1800, statement_timeout: 15000 });
    expect(options.synchronize).toBe(false);

    const read = readDataSourceOptions('jobs', config({ ...db, DB_READ_URL: 'postgres://admin@replica.internal:5432/intowork' }), {
      JOBS_DB_PASSWORD: 'jobs-role-secret-0123',
    }) as Record<string, any>;
    expect(new URL(read.url)).toMatchObject({ hostname: 'replica.internal', username: 'intowork_jobs', password: 'jobs-role-secret-0123' });
    expect(read).toMatchObject({ schema: 'jobs', poolSize: 30, applicationName: 'intowork-jobs-read', migrations: [], ssl: options.ssl });
  });
});
