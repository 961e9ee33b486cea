import { JwtService } from '@nestjs/jwt';
import { EVENTS_STREAM, JOB_CHANGED } from '@app/contracts';
import { connect, JetStreamManager, NatsConnection } from 'nats';
import { Pool } from 'pg';
import { JOB_CHANGED_PAYLOAD } from '../../apps/jobs/src/jobs/job-changed';
import { eventually, TestSystem } from '../support/test-system';

export interface TestUser {
  id: number;
  email: string;
  token: string;
}

let sequence = 0;

/**
 * Users, companies and jobs written straight into their schemas (admin connection), and access
 * tokens signed with the suite's JWT secret, so the applications suites do not depend on the
 * sign-up and job routes; the gateway still checks every token's user with the auth service.
 */
export class Fixtures {
  readonly db: Pool;
  private readonly jwt: JwtService;
  private nc?: NatsConnection;

  constructor(private readonly system: TestSystem) {
    this.jwt = new JwtService({ secret: system.env.JWT_SECRET });
    this.db = new Pool({ connectionString: system.databaseUrl, max: 4 });
  }

  async user(role: 'candidate' | 'employer', first = 'Test', last = `User${++sequence}`): Promise<TestUser> {
    const email = `${role}-${Date.now()}-${++sequence}@example.test`;
    const { rows } = await this.db.query(
      `INSERT INTO auth.users (email, first_name, last_name, role) VALUES ($1, $2, $3, $4) RETURNING id`,
      [email, first, last, role],
    );
    const id: number = rows[0].id;
    const token = await this.jwt.signAsync({ sub: String(id), email, role, type: 'access' }, { expiresIn: 3600 });
    return { id, email, token };
  }

  /**
   * A job written as the jobs service writes one: the row and its JOB_CHANGED outbox row in one
   * statement. Waits until the applications service's read model has it, unless `awaitReadModel` is
   * false (e.g. when that service or NATS is stopped).
   */
  async job(employerId: number, title = `Engineer ${++sequence}`, status = 'published', awaitReadModel = true): Promise<number> {
    const { rows: company } = await this.db.query(`INSERT INTO jobs.companies (name, created_by) VALUES ($1, $2) RETURNING id`, [
      `Acme ${employerId}`,
      employerId,
    ]);
    const { rows } = await this.db.query(
      `WITH job AS (
         INSERT INTO jobs.jobs (employer_id, company_id, company_name, title, description, location, location_type, job_type, status, posted_at)
         VALUES ($1, $2, $3, $4, 'Build things', 'Paris', 'remote', 'full_time', $5, now()) RETURNING *
       ), event AS (
         INSERT INTO jobs.outbox (subject, payload) SELECT $6, ${JOB_CHANGED_PAYLOAD} FROM job
       )
       SELECT id FROM job`,
      [employerId, company[0].id, `Acme ${employerId}`, title, status, JOB_CHANGED.subject],
    );
    const id: number = rows[0].id;
    if (awaitReadModel) await this.inReadModel(id);
    return id;
  }

  /** Waits until applications.job_summaries holds the job (at least at `version`). */
  async inReadModel(jobId: number, version = 1): Promise<void> {
    await eventually(
      async () =>
        (await this.count(`SELECT count(*) AS n FROM applications.job_summaries WHERE id = $1 AND version >= $2`, [jobId, version])) === 1,
      20000,
      50,
    );
  }

  async count(sql: string, params: unknown[] = []): Promise<number> {
    const { rows } = await this.db.query(sql, params);
    return Number(rows[0].n);
  }

  applicationsCount(jobId: number): Promise<number> {
    return this.count(`SELECT applications_count AS n FROM jobs.jobs WHERE id = $1`, [jobId]);
  }

  liveRows(jobId: number): Promise<number> {
    return this.count(`SELECT count(*) AS n FROM applications.job_applications WHERE job_id = $1 AND status <> 'withdrawn'`, [jobId]);
  }

  async nats(): Promise<NatsConnection> {
    if (!this.nc || this.nc.isClosed())
      this.nc = await connect({ ...this.system.natsOptions(), maxReconnectAttempts: -1, reconnectTimeWait: 250 });
    return this.nc;
  }

  async jsm(): Promise<JetStreamManager> {
    return (await this.nats()).jetstreamManager();
  }

  /** Every durable consumer of the events stream has nothing left to deliver or to be acknowledged. */
  async drained(timeoutMs = 30000): Promise<void> {
    const jsm = await this.jsm();
    await eventually(
      async () => {
        const consumers = await jsm.consumers.list(EVENTS_STREAM).next();
        return consumers.length > 0 && consumers.every((c) => c.num_pending === 0 && c.num_ack_pending === 0);
      },
      timeoutMs,
      200,
    );
  }

  /** Runs `tasks` with at most `width` at a time. */
  static async pool<T>(tasks: Array<() => Promise<T>>, width: number): Promise<T[]> {
    const results: T[] = new Array(tasks.length);
    let next = 0;
    await Promise.all(
      Array.from({ length: width }, async () => {
        while (next < tasks.length) {
          const index = next++;
          results[index] = await tasks[index]();
        }
      }),
    );
    return results;
  }

  async close(): Promise<void> {
    await this.nc?.close().catch(() => undefined);
    await this.db.end();
  }
}
