import 'reflect-metadata';
import { JOB_CHANGED, JobChangedEvent } from '@app/contracts';
import { createTestDatabase, migrateService, MIGRATIONS, revertService, TestDatabase } from '@app/db';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { Client } from 'pg';

/**
 * Migration JobsVersion1764600000000 on an installation that already has jobs: every job gets
 * version 1 and exactly one JOB_CHANGED outbox row whose payload is a valid JobChangedEvent, so the
 * applications read model fills itself once the relay publishes them.
 */
describe('jobs.version backfill', () => {
  let db: TestDatabase;
  let admin: Client;

  beforeAll(async () => {
    db = await createTestDatabase('backfill');
    admin = new Client({ connectionString: db.url });
    await admin.connect();
  });

  afterAll(async () => {
    await admin?.end();
    await db?.drop();
  });

  it('enqueues one JOB_CHANGED per existing job, version 1, in the row shape the outbox relay publishes', async () => {
    // Back to the schema before the migration (and those after it), with jobs in it.
    const names = MIGRATIONS.jobs.map((m) => m.name);
    const fromVersion = names.slice(names.indexOf('JobsVersion1764600000000'));
    expect(await revertService('jobs', db.config, process.env, fromVersion.length)).toEqual([...fromVersion].reverse());
    const { rows: company } = await admin.query(`INSERT INTO jobs.companies (name, created_by) VALUES ('Old Co', 7) RETURNING id`);
    const { rows: jobs } = await admin.query(
      `INSERT INTO jobs.jobs (employer_id, company_id, company_name, title, description, location, location_type, job_type,
                              salary_min, salary_max, currency, status, posted_at, expires_at)
       VALUES (7, $1, 'Old Co', 'Published', 'd', 'Paris', 'remote', 'full_time', 40000, 50000, 'EUR', 'published', '2026-01-01T00:00:00Z', '2026-12-31T10:20:30.456Z'),
              (7, $1, 'Old Co', 'Draft', 'd', NULL, 'on_site', 'internship', NULL, NULL, 'USD', 'draft', NULL, NULL),
              (8, $1, 'Old Co', 'Closed', 'd', 'Lyon', 'hybrid', 'contract', 1000, NULL, 'GBP', 'closed', '2026-01-01T00:00:00Z', NULL)
       RETURNING id`,
      [company[0].id],
    );
    const before = await admin.query(`SELECT count(*)::int AS n FROM jobs.outbox`);

    expect(await migrateService('jobs', db.config)).toEqual(fromVersion);

    const { rows } = await admin.query(
      `SELECT id, subject, payload, headers, published_at FROM jobs.outbox WHERE subject = $1 ORDER BY (payload->>'job_id')::int`,
      [JOB_CHANGED.subject],
    );
    expect((await admin.query(`SELECT count(*)::int AS n FROM jobs.outbox`)).rows[0].n).toBe(before.rows[0].n + 3);
    expect(rows.map((r) => r.payload.job_id)).toEqual(jobs.map((j) => j.id));
    expect(rows[0]).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      subject: JOB_CHANGED.subject,
      headers: {},
      published_at: null,
      payload: expect.any(Object),
    });
    expect(rows.map((r) => r.payload)).toEqual([
      {
        job_id: jobs[0].id,
        employer_id: 7,
        title: 'Published',
        company_name: 'Old Co',
        location: 'Paris',
        location_type: 'remote',
        job_type: 'full_time',
        salary_min: 40000,
        salary_max: 50000,
        currency: 'EUR',
        status: 'published',
        expires_at: '2026-12-31T10:20:30.456Z',
        version: 1,
      },
      {
        job_id: jobs[1].id,
        employer_id: 7,
        title: 'Draft',
        company_name: 'Old Co',
        location: null,
        location_type: 'on_site',
        job_type: 'internship',
        salary_min: null,
        salary_max: null,
        currency: 'USD',
        status: 'draft',
        expires_at: null,
        version: 1,
      },
      {
        job_id: jobs[2].id,
        employer_id: 8,
        title: 'Closed',
        company_name: 'Old Co',
        location: 'Lyon',
        location_type: 'hybrid',
        job_type: 'contract',
        salary_min: 1000,
        salary_max: null,
        currency: 'GBP',
        status: 'closed',
        expires_at: null,
        version: 1,
      },
    ]);
    // What a consumer decodes: every payload is a valid JobChangedEvent.
    for (const row of rows)
      expect(await validate(plainToInstance(JobChangedEvent, row.payload), { forbidUnknownValues: false })).toEqual([]);
    expect((await admin.query(`SELECT array_agg(DISTINCT version) AS v FROM jobs.jobs`)).rows[0].v).toEqual([1]);
  });
});
