import { connectAsEveryRole, DatabaseClients } from '../support/database-clients';
import { Client } from 'pg';
import { SERVICE_NAMES, ServiceName } from '@app/contracts';
import {
  bootstrapDatabase,
  createTestDatabase,
  migrateAll,
  migrateService,
  migrationStatus,
  MIGRATION_ROLE,
  MIGRATIONS,
  revertService,
  roleFor,
  serviceConnectionUrl,
  TestDatabase,
} from '@app/db';

interface PgError {
  code?: string;
  constraint?: string;
  message: string;
}

/** The error a statement fails with (the test fails if it succeeds). */
async function pgError(statement: Promise<unknown>): Promise<PgError> {
  try {
    await statement;
  } catch (err) {
    return err as PgError;
  }
  throw new Error('expected the statement to fail');
}

function migrationNames(service: ServiceName): string[] {
  return MIGRATIONS[service].map((migration) => migration.name);
}

describe('migration lifecycle', () => {
  let db: TestDatabase;
  let admin: Client;

  beforeAll(async () => {
    db = await createTestDatabase('lifecycle', { migrate: false });
    admin = new Client({ connectionString: db.url });
    await admin.connect();
  });

  afterAll(async () => {
    await admin?.end();
    await db?.drop();
  });

  /** Whatever a reverted schema still holds, besides TypeORM's own migrations table. */
  async function leftovers(schema: string): Promise<string[]> {
    const { rows } = await admin.query<{ object: string }>(
      `SELECT 'relation ' || relname AS object FROM pg_class
        WHERE relnamespace = $1::text::regnamespace
          AND relname NOT IN ('migrations', 'migrations_id_seq')
          AND oid NOT IN (SELECT indexrelid FROM pg_index WHERE indrelid = to_regclass($1::text || '.migrations'))
       UNION ALL
       SELECT 'type ' || typname FROM pg_type
        WHERE typnamespace = $1::text::regnamespace AND typname NOT IN ('migrations', '_migrations')
       UNION ALL
       SELECT 'function ' || proname FROM pg_proc WHERE pronamespace = $1::text::regnamespace
       UNION ALL
       SELECT 'text search configuration ' || cfgname FROM pg_ts_config WHERE cfgnamespace = $1::text::regnamespace`,
      [schema],
    );
    return rows.map((r) => r.object);
  }

  it('bootstraps idempotently, even twice at once: one schema per service, owned by the migration role', async () => {
    await Promise.all([bootstrapDatabase(db.url), bootstrapDatabase(db.url)]);
    await bootstrapDatabase(db.url);

    const { rows } = await admin.query<{ schema: string; owner: string }>(
      `SELECT nspname AS schema, pg_get_userbyid(nspowner) AS owner FROM pg_namespace
        WHERE nspname = ANY($1) ORDER BY nspname`,
      [[...SERVICE_NAMES]],
    );
    expect(rows).toEqual([...SERVICE_NAMES].sort().map((service) => ({ schema: service, owner: MIGRATION_ROLE })));
    const extensions = await admin.query<{ extname: string }>('SELECT extname FROM pg_extension');
    expect(extensions.rows.map((r) => r.extname)).toEqual(expect.arrayContaining(['pg_trgm', 'unaccent']));
  });

  it('migrates up, is a no-op the second time, reverts to empty schemas, and migrates up again', async () => {
    for (const service of SERVICE_NAMES) {
      expect(await migrationStatus(service, db.config)).toEqual({ applied: [], pending: migrationNames(service) });
      expect(await migrateService(service, db.config)).toEqual(migrationNames(service));
    }
    for (const service of SERVICE_NAMES) {
      expect(await migrateService(service, db.config)).toEqual([]);
      expect(await migrationStatus(service, db.config)).toEqual({ applied: migrationNames(service), pending: [] });
    }

    for (const service of [...SERVICE_NAMES].reverse()) {
      expect(await revertService(service, db.config)).toEqual(migrationNames(service).reverse());
      expect(await leftovers(service)).toEqual([]);
      expect(await revertService(service, db.config)).toEqual([]);
    }

    const applied = await migrateAll(db.config);
    for (const service of SERVICE_NAMES) expect(applied[service]).toEqual(migrationNames(service));
  });

  it('lets concurrent migrators of one service apply each migration once', async () => {
    await revertService('applications', db.config);
    const results = await Promise.all([migrateService('applications', db.config), migrateService('applications', db.config)]);
    expect(results.flat()).toEqual(migrationNames('applications'));
  });

  it('takes over a database bootstrapped by an older version: schema and tables owned by the service role', async () => {
    // What the older bootstrap and migrations left: the jobs role owned its schema and its tables.
    await admin.query(`REASSIGN OWNED BY ${MIGRATION_ROLE} TO ${roleFor('jobs')}`);
    await admin.query(`GRANT pg_read_all_stats TO ${roleFor('jobs')}`);
    expect((await admin.query(`SELECT pg_get_userbyid(nspowner) AS owner FROM pg_namespace WHERE nspname = 'jobs'`)).rows).toEqual([
      { owner: roleFor('jobs') },
    ]);

    await bootstrapDatabase(db.url);

    const owners = await admin.query(
      `SELECT DISTINCT pg_get_userbyid(relowner) AS owner FROM pg_class WHERE relnamespace = 'jobs'::regnamespace
        UNION SELECT pg_get_userbyid(nspowner) FROM pg_namespace WHERE nspname = 'jobs'`,
    );
    expect(owners.rows).toEqual([{ owner: MIGRATION_ROLE }]);
    const jobs = new Client({ connectionString: serviceConnectionUrl('jobs', db.config) });
    await jobs.connect();
    try {
      await jobs.query(`INSERT INTO outbox (subject, payload) VALUES ('test.v1', '{}')`);
      expect((await jobs.query('SELECT count(*)::int AS n FROM outbox')).rows).toEqual([{ n: 1 }]);
      expect(await pgError(jobs.query('CREATE TABLE jobs.scratch (id integer)'))).toMatchObject({ code: '42501' });
      expect((await jobs.query(`SELECT pg_has_role(current_user, 'pg_read_all_stats', 'USAGE') AS has`)).rows).toEqual([{ has: false }]);
    } finally {
      await jobs.end();
    }
    // Later migrations still apply, as the migration role.
    expect(await revertService('jobs', db.config, process.env, 1)).toHaveLength(1);
    expect(await migrateService('jobs', db.config)).toHaveLength(1);
  });
});

describe('migrated schema', () => {
  let clients: DatabaseClients;
  let admin: Client;
  let roles: Record<ServiceName, Client>;

  beforeAll(async () => {
    clients = await connectAsEveryRole('schema');
    ({ admin, roles } = clients);
  });

  afterAll(async () => {
    await clients?.close();
  });

  /**
   * Every index of the schema as "[UNIQUE ]<table> USING <method> (<columns>)[ WHERE <predicate>]":
   * pg_indexes' definition without the index name, so the check is on table, columns, order,
   * uniqueness and partial predicate, not on what the index is called.
   */
  async function indexes(schema: string): Promise<string[]> {
    const { rows } = await admin.query<{ indexdef: string }>('SELECT indexdef FROM pg_indexes WHERE schemaname = $1', [schema]);
    return rows.map((r) => r.indexdef.replace(/^CREATE (UNIQUE )?INDEX \S+ ON (ONLY )?/, '$1'));
  }

  /** Every constraint of the schema as "<table> <definition>". */
  async function constraints(schema: string): Promise<string[]> {
    const { rows } = await admin.query<{ def: string }>(
      `SELECT conrelid::regclass::text || ' ' || pg_get_constraintdef(oid) AS def
         FROM pg_constraint WHERE connamespace = $1::text::regnamespace`,
      [schema],
    );
    return rows.map((r) => r.def);
  }

  it('has every index and constraint of the seed analysis', async () => {
    const published = "WHERE (status = 'published'::jobs.job_status)";
    const expected: Record<ServiceName, { indexes: string[]; constraints: string[] }> = {
      auth: {
        indexes: [
          'UNIQUE auth.users USING btree (email)',
          'UNIQUE auth.accounts USING btree (user_id, provider, provider_account_id)',
          'UNIQUE auth.accounts USING btree (provider, provider_account_id)',
          'UNIQUE auth.verification_tokens USING btree (identifier, token)',
          'UNIQUE auth.sessions USING btree (session_token)',
          'auth.sessions USING btree (expires)',
          'auth.password_reset_tokens USING btree (expires_at) WHERE (used_at IS NULL)',
          'auth.verification_tokens USING btree (expires)',
          'UNIQUE auth.candidates USING btree (user_id)',
          'auth.skills USING btree (candidate_id, name)',
          'auth.experiences USING btree (candidate_id, is_current)',
          'UNIQUE auth.candidate_cvs USING btree (candidate_id) WHERE is_active',
        ],
        constraints: [
          'auth.users CHECK ((email = lower(email)))',
          'auth.candidates FOREIGN KEY (user_id) REFERENCES auth.users(id) ON DELETE CASCADE',
        ],
      },
      jobs: {
        indexes: [
          `jobs.jobs USING btree (status, location_type) ${published}`,
          `jobs.jobs USING btree (status, job_type) ${published}`,
          'jobs.jobs USING btree (employer_id, status)',
          `jobs.jobs USING btree (company_id, status) ${published}`,
          `jobs.jobs USING btree (posted_at DESC, id DESC) ${published}`,
          'jobs.jobs USING gin (search_vector)',
          'jobs.companies USING gin (jobs.f_unaccent(lower(name)) gin_trgm_ops)',
        ],
        constraints: ['jobs.jobs CHECK ((salary_min <= salary_max))', 'jobs.jobs CHECK ((posted_at <= expires_at))'],
      },
      applications: {
        indexes: [
          'UNIQUE applications.job_applications USING btree (candidate_id, job_id) WHERE ' +
            "(status <> ALL (ARRAY['rejected'::applications.application_status, 'withdrawn'::applications.application_status]))",
          'applications.job_applications USING btree (job_id, status)',
          'applications.job_applications USING btree (candidate_id, status)',
          'applications.job_applications USING btree (candidate_id, job_id)',
          'applications.job_applications USING btree (employer_id, status, applied_at DESC)',
        ],
        constraints: [],
      },
      notifications: {
        indexes: ['notifications.notifications USING btree (user_id, is_read, created_at DESC)'],
        constraints: ['notifications.notification_counters CHECK ((unread_count >= 0))'],
      },
    };

    for (const service of SERVICE_NAMES) {
      // The event plumbing every schema has.
      expected[service].indexes.push(
        `${service}.outbox USING btree (created_at) WHERE (published_at IS NULL)`,
        `UNIQUE ${service}.processed_events USING btree (consumer, event_id)`,
      );
      expect(await indexes(service)).toEqual(expect.arrayContaining(expected[service].indexes));
      expect(await constraints(service)).toEqual(expect.arrayContaining(expected[service].constraints));
    }
  });

  it('has no foreign key leaving its schema', async () => {
    const { rows } = await admin.query(
      `SELECT conname FROM pg_constraint c JOIN pg_class t ON t.oid = c.confrelid
        WHERE c.contype = 'f' AND c.connamespace <> t.relnamespace`,
    );
    expect(rows).toEqual([]);
  });

  it('derives search_vector from title, company name and description', async () => {
    const { rows } = await admin.query<{ expr: string }>(
      `SELECT pg_get_expr(d.adbin, d.adrelid) AS expr FROM pg_attrdef d
         JOIN pg_attribute a ON a.attrelid = d.adrelid AND a.attnum = d.adnum
        WHERE d.adrelid = 'jobs.jobs'::regclass AND a.attname = 'search_vector' AND a.attgenerated = 's'`,
    );
    expect(rows).toHaveLength(1);
    for (const column of ['title', 'company_name', 'description']) expect(rows[0].expr).toContain(column);
  });

  it('rejects salary_min > salary_max and posted_at > expires_at, searches without case or accents', async () => {
    const jobs = roles.jobs;
    const company = await jobs.query<{ id: number }>(
      `INSERT INTO jobs.companies (name, created_by) VALUES ('École Numérique', 1) RETURNING id`,
    );
    const insertJob = (salaryMin: number, salaryMax: number, postedAt: string, expiresAt: string) =>
      jobs.query(
        `INSERT INTO jobs.jobs (employer_id, company_id, company_name, title, description, location_type,
                                job_type, salary_min, salary_max, status, posted_at, expires_at)
         VALUES (1, $1, 'École Numérique', 'Développeur Backend', 'We are hiring engineers for our équipe.',
                 'remote', 'full_time', $2, $3, 'published', $4, $5)`,
        [company.rows[0].id, salaryMin, salaryMax, postedAt, expiresAt],
      );

    expect(await pgError(insertJob(60000, 45000, '2025-01-01', '2025-02-01'))).toMatchObject({
      code: '23514',
      constraint: 'jobs_salary_range_check',
    });
    expect(await pgError(insertJob(45000, 60000, '2025-02-01', '2025-01-01'))).toMatchObject({
      code: '23514',
      constraint: 'jobs_dates_check',
    });
    await insertJob(45000, 60000, '2025-01-01', '2025-02-01');

    const match = await jobs.query(
      `SELECT to_tsvector('jobs.intowork_simple', 'Développeur') @@ to_tsquery('jobs.intowork_simple', 'developpeur') AS simple,
              (SELECT count(*)::int FROM jobs.jobs WHERE search_vector @@ plainto_tsquery('jobs.intowork_simple', 'DEVELOPPEUR ecole')) AS by_title,
              (SELECT count(*)::int FROM jobs.jobs WHERE search_vector @@ plainto_tsquery('jobs.intowork_en', 'engineer equipe')) AS by_description,
              (SELECT count(*)::int FROM jobs.companies WHERE jobs.f_unaccent(lower(name)) LIKE '%' || jobs.f_unaccent(lower('ÉCOLE')) || '%') AS by_company`,
    );
    expect(match.rows[0]).toEqual({ simple: true, by_title: 1, by_description: 1, by_company: 1 });
  });

  it('allows one live application per candidate and job; a rejected or withdrawn one may be re-submitted', async () => {
    const applications = roles.applications;
    const apply = () =>
      applications.query<{ id: number }>(
        `INSERT INTO applications.job_applications (job_id, candidate_id, employer_id, job_title, company_name)
         VALUES (10, 20, 30, 'Développeur Backend', 'École Numérique') RETURNING id`,
      );
    const setStatus = (id: number, status: string) =>
      applications.query('UPDATE applications.job_applications SET status = $2 WHERE id = $1', [id, status]);

    const first = await apply();
    expect(await pgError(apply())).toMatchObject({ code: '23505' });
    await setStatus(first.rows[0].id, 'rejected');
    const second = await apply();
    expect(await pgError(apply())).toMatchObject({ code: '23505' });
    await setStatus(second.rows[0].id, 'withdrawn');
    await apply();
    expect(await pgError(setStatus(first.rows[0].id, 'applied'))).toMatchObject({ code: '23505' });
  });

  it('rejects a duplicate e-mail whatever its case', async () => {
    const auth = roles.auth;
    const signUp = (email: string) => auth.query(`INSERT INTO auth.users (email, role) VALUES ($1, 'candidate')`, [email]);

    await signUp('ana@example.com');
    expect(await pgError(signUp('ana@example.com'))).toMatchObject({ code: '23505' });
    // Not lower-cased by the service: refused rather than stored as a second spelling.
    expect(await pgError(signUp('Ana@Example.COM'))).toMatchObject({
      code: '23514',
      constraint: 'users_email_lower_check',
    });
  });
});
