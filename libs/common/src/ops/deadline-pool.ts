import { COMMON_ERRORS } from '@app/contracts';
import { PREPARED_MARKER } from '@app/db';
import { createHash } from 'node:crypto';
import * as pg from 'pg';
import type { DataSourceOptions } from 'typeorm';
import { RequestContext } from '../context/request-context';
import { DomainError } from '../errors/domain-error';

/** A session's statement_timeout is changed only when it is this far from the request's remaining time. */
export const STATEMENT_TIMEOUT_SLACK_MS = 1000;
/** Never set statement_timeout below this: a shorter one would fail a query the caller can still use. */
const MIN_STATEMENT_TIMEOUT_MS = 50;

function callerGone(): DomainError {
  return new DomainError(COMMON_ERRORS.SERVICE_TIMEOUT, 'The caller stopped waiting: no more database work for this request');
}

type QueryArgs = Parameters<pg.Client['query']>;

type ConnectCallback = (err: Error | undefined, client: pg.PoolClient | undefined, done: (release?: any) => void) => void;

/**
 * A pg Client whose statements never outlive the request they run for by more than
 * STATEMENT_TIMEOUT_SLACK_MS. Before a query, it compares the session's `statement_timeout` with
 * the time left until the caller's deadline (RequestContext) and, when they differ by more than the
 * slack, sends `SET statement_timeout` first (pg queues it ahead of the query: no extra wait, one
 * extra round trip, which a request that arrives with a fresh deadline does not pay). Outside a
 * request (relay, consumers, maintenance) the configured DB_STATEMENT_TIMEOUT_MS applies. A query of
 * a request whose caller already gave up is not sent at all (SERVICE_TIMEOUT).
 */
export class DeadlineClient extends pg.Client {
  private readonly defaultTimeout: number;
  /** The session's statement_timeout as last set; NaN when unknown (after a ROLLBACK undid a SET). */
  private sessionTimeout: number;

  constructor(config: pg.ClientConfig) {
    super(config);
    this.defaultTimeout = Number(config.statement_timeout) || 0;
    this.sessionTimeout = this.defaultTimeout;
  }

  // pg's overloads (promise, callback, submittable) all pass through unchanged.
  override query(...args: unknown[]): never {
    const remaining = RequestContext.remainingMs();
    if (remaining !== undefined && remaining <= 0) {
      const callback = args.find((a) => typeof a === 'function') as ((err: Error) => void) | undefined;
      if (callback) return process.nextTick(callback, callerGone()) as never;
      return Promise.reject(callerGone()) as never;
    }
    const wanted =
      remaining === undefined
        ? this.defaultTimeout
        : Math.max(MIN_STATEMENT_TIMEOUT_MS, Math.min(Math.ceil(remaining), this.defaultTimeout || Infinity));
    if (wanted > 0 && !(Math.abs(wanted - this.sessionTimeout) <= STATEMENT_TIMEOUT_SLACK_MS)) {
      this.sessionTimeout = wanted;
      // A failed SET (e.g. in an aborted transaction) fails the query that follows it as well.
      (super.query as unknown as (text: string) => Promise<unknown>)(`SET statement_timeout = ${wanted}`).catch(
        () => (this.sessionTimeout = NaN),
      );
    }
    const text = typeof args[0] === 'string' ? args[0] : (args[0] as { text?: unknown } | undefined)?.text;
    if (typeof text === 'string' && /^\s*ROLLBACK/i.test(text)) this.sessionTimeout = NaN;
    if (typeof args[0] === 'string' && args[0].startsWith(PREPARED_MARKER) && (args[1] === undefined || Array.isArray(args[1]))) {
      // prepared(): a named statement, parsed and planned once per connection.
      args = [{ name: statementName(args[0]), text: args[0], values: args[1] }, ...args.slice(2)];
    }
    return (super.query as unknown as (...a: QueryArgs) => never)(...(args as QueryArgs));
  }
}

const statementNames = new Map<string, string>();

/** A prepared statement's name: from its text, so one text always has one name on every connection. */
function statementName(text: string): string {
  let name = statementNames.get(text);
  if (!name) {
    name = `p_${createHash('sha1').update(text).digest('hex').slice(0, 20)}`;
    statementNames.set(text, name);
  }
  return name;
}

/**
 * pg's Pool whose clients are DeadlineClients and whose wait for a free connection ends at the
 * caller's deadline when that comes before DB_CONNECT_TIMEOUT_MS (pg-pool's own bound).
 */
export class DeadlinePool extends pg.Pool {
  constructor(options: pg.PoolConfig) {
    super({ ...options, Client: DeadlineClient } as unknown as pg.PoolConfig);
  }

  override connect(): Promise<pg.PoolClient>;
  override connect(callback: ConnectCallback): void;
  override connect(callback?: ConnectCallback): Promise<pg.PoolClient> | void {
    const remaining = RequestContext.remainingMs();
    const bound = this.options.connectionTimeoutMillis || Infinity;
    const base = (cb: ConnectCallback): void => super.connect(cb);
    if (remaining === undefined || remaining >= bound) return callback ? base(callback) : super.connect();
    const run = (cb: ConnectCallback): void => {
      if (remaining <= 0) return void process.nextTick(() => cb(callerGone(), undefined, () => undefined));
      let settled = false;
      const timer = setTimeout(() => {
        settled = true;
        cb(new Error("timeout exceeded when trying to connect (the caller's deadline came first)"), undefined, () => undefined);
      }, remaining);
      base((err, client, done) => {
        if (settled) {
          // Came too late for its caller: straight back to the pool.
          if (!err) done();
          return;
        }
        settled = true;
        clearTimeout(timer);
        cb(err, client, done);
      });
    };
    if (callback) return run(callback);
    return new Promise<pg.PoolClient>((resolve, reject) => run((err, client) => (err ? reject(err) : resolve(client!))));
  }
}

/** TypeORM's pg module with DeadlinePool in place of pg's Pool (TypeORM builds `new driver.Pool(...)`). */
export const deadlinePg = Object.create(pg, { Pool: { value: DeadlinePool, enumerable: true } }) as typeof pg;

/** A service's DataSource options with request deadlines bounding its pool waits and statements. */
export function withRequestDeadlines<O extends DataSourceOptions>(options: O): O {
  return { ...options, driver: deadlinePg };
}
