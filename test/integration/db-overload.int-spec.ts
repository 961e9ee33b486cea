import 'reflect-metadata';
import { AllRpcExceptionsFilter, RequestContext, withRequestDeadlines } from '@app/common';
import { COMMON_ERRORS } from '@app/contracts';
import { createTestDatabase, dataSourceOptions, DbConfig, prepared, TestDatabase } from '@app/db';
import { DataSource } from 'typeorm';

/**
 * A saturated database answers a retryable SERVICE_OVERLOADED (503, Retry-After: 1 at the gateway),
 * never INTERNAL; and a request's database work ends at its caller's deadline (DeadlinePool), on a
 * real PostgreSQL.
 */
describe('database overload and request deadlines', () => {
  const filter = new AllRpcExceptionsFilter();
  let db: TestDatabase;
  let dataSource: DataSource;

  /** The error a promise rejects with, as the services' RPC error filter sends it. */
  async function rpcBody(work: Promise<unknown>) {
    const err = await work.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeDefined();
    return filter.toBody(err);
  }

  /** Whether PostgreSQL still runs a statement containing `marker`. */
  async function running(marker: string): Promise<boolean> {
    const [{ n }] = await dataSource.query(
      `SELECT count(*)::int AS n FROM pg_stat_activity WHERE query LIKE $1 AND pid <> pg_backend_pid()`,
      [`%${marker}%`],
    );
    return n > 0;
  }

  /** Runs `fn` while both pooled connections are held by other work. */
  async function withPoolHeld<T>(fn: () => Promise<T>): Promise<T> {
    const held = [dataSource.createQueryRunner(), dataSource.createQueryRunner()];
    await Promise.all(held.map((runner) => runner.connect()));
    try {
      return await fn();
    } finally {
      await Promise.all(held.map((runner) => runner.release()));
    }
  }

  beforeAll(async () => {
    db = await createTestDatabase('db_overload', { migrate: false });
    const config: DbConfig = Object.assign(new DbConfig(), db.config, {
      DB_POOL_MAX: 2,
      DB_CONNECT_TIMEOUT_MS: 400,
      DB_STATEMENT_TIMEOUT_MS: 3000,
      DB_MIGRATE_ON_START: 'false',
    });
    dataSource = await new DataSource(withRequestDeadlines(dataSourceOptions('jobs', config))).initialize();
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await db?.drop();
  });

  it('maps a statement cancelled by statement_timeout (57014) to SERVICE_OVERLOADED', async () => {
    const body = await rpcBody(dataSource.query('SELECT pg_sleep(5)'));
    expect(body.code).toBe(COMMON_ERRORS.SERVICE_OVERLOADED.code);
  });

  it('maps a pool whose connections are all held past the acquire wait to SERVICE_OVERLOADED', async () => {
    await withPoolHeld(async () => {
      const started = Date.now();
      const body = await rpcBody(dataSource.query('SELECT 1'));
      expect(body.code).toBe(COMMON_ERRORS.SERVICE_OVERLOADED.code);
      expect(Date.now() - started).toBeLessThan(2000);
    });
  });

  it("cancels a request's statement at its caller's deadline, not at DB_STATEMENT_TIMEOUT_MS", async () => {
    const started = Date.now();
    const body = await rpcBody(
      RequestContext.run('deadline-test', () => dataSource.query("SELECT pg_sleep(10), 'deadline-marker-1'"), Date.now() + 600),
    );
    const took = Date.now() - started;
    expect(body.code).toBe(COMMON_ERRORS.SERVICE_OVERLOADED.code);
    expect(took).toBeGreaterThanOrEqual(500);
    expect(took).toBeLessThan(600 + 1000);
    expect(await running('deadline-marker-1')).toBe(false);
  });

  it('sends no query for a request whose caller already gave up', async () => {
    const body = await rpcBody(RequestContext.run('late', () => dataSource.query('SELECT 1'), Date.now() - 1));
    expect(body.code).toBe(COMMON_ERRORS.SERVICE_TIMEOUT.code);
  });

  it('answers SERVICE_TIMEOUT, not an internal error, when a statement is refused on a connection the request already holds', async () => {
    // TypeORM wraps the refusal in a QueryFailedError (seen as 500s under the seed-scale bench).
    const body = await rpcBody(
      RequestContext.run(
        'mid-request',
        async () => {
          const runner = dataSource.createQueryRunner();
          await runner.connect();
          try {
            await new Promise((resolve) => setTimeout(resolve, 150));
            return await runner.query('SELECT 1');
          } finally {
            await runner.release();
          }
        },
        Date.now() + 100,
      ),
    );
    expect(body.code).toBe(COMMON_ERRORS.SERVICE_TIMEOUT.code);
  });

  it("ends a pool wait at the caller's deadline when it comes before DB_CONNECT_TIMEOUT_MS", async () => {
    await withPoolHeld(async () => {
      const started = Date.now();
      const body = await rpcBody(RequestContext.run('short', () => dataSource.query('SELECT 1'), Date.now() + 100));
      expect(body.code).toBe(COMMON_ERRORS.SERVICE_OVERLOADED.code);
      expect(Date.now() - started).toBeLessThan(350);
    });
    // The connection that came free after the wait ended went back to the pool: both are usable.
    await Promise.all([dataSource.query('SELECT 1'), dataSource.query('SELECT 1')]);
  });

  it('puts a session back to DB_STATEMENT_TIMEOUT_MS for work outside a request, and keeps a fresh request at it', async () => {
    await RequestContext.run('short', () => dataSource.query('SELECT 1'), Date.now() + 200);
    const outside = await dataSource.query('SHOW statement_timeout');
    expect(outside[0].statement_timeout).toBe('3s');
    const fresh = await RequestContext.run('fresh', () => dataSource.query('SHOW statement_timeout'), Date.now() + 2500);
    expect(fresh[0].statement_timeout).toBe('3s');
  });

  it('runs a prepared() statement as a named statement of the connection, with the same answers as the plain one', async () => {
    const runner = dataSource.createQueryRunner();
    await runner.connect();
    try {
      const sql = `SELECT $1::int + 1 AS n, 'prepared-marker-test' AS tag`;
      expect(await runner.query(prepared(sql), [41])).toEqual([{ n: 42, tag: 'prepared-marker-test' }]);
      expect(await runner.query(prepared(sql), [1])).toEqual(await runner.query(sql, [1]));
      const statements: { name: string; statement: string }[] = await runner.query(
        `SELECT name, statement FROM pg_prepared_statements WHERE statement LIKE '%prepared-marker-test%' AND statement LIKE '/* prepared */%'`,
      );
      expect(statements).toEqual([{ name: expect.stringMatching(/^p_[0-9a-f]{20}$/), statement: prepared(sql) }]);
    } finally {
      await runner.release();
    }
  });
});
