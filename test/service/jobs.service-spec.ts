import { DomainError } from '@app/common';
import { JOB_CHANGED, JOB_DELETED, JobChangedEvent, JobCreateRequest, JobStatus } from '@app/contracts';
import { CompaniesModule } from '../../apps/jobs/src/companies/companies.module';
import { CompaniesService } from '../../apps/jobs/src/companies/companies.service';
import { JobsConfig } from '../../apps/jobs/src/jobs.config';
import { JobsModule } from '../../apps/jobs/src/jobs/jobs.module';
import { JobsService } from '../../apps/jobs/src/jobs/jobs.service';
import { ServiceTier, startServiceTier } from '../support/service-tier';

/** The jobs service's rules on a real database: companies and membership, job ownership, lifecycle, salary. */
describe('jobs service (service tier)', () => {
  let tier: ServiceTier;
  let jobs: JobsService;
  let companies: CompaniesService;
  // Users are the auth service's: here they are plain ids, as the jobs service sees them.
  let nextUser = 1000;
  const newUser = () => nextUser++;

  beforeAll(async () => {
    tier = await startServiceTier({
      service: 'jobs',
      config: new JobsConfig(),
      configClass: JobsConfig,
      imports: [CompaniesModule, JobsModule],
    });
    jobs = tier.get(JobsService);
    companies = tier.get(CompaniesService);
  });
  afterAll(() => tier?.close());

  const code = (promise: Promise<unknown>) =>
    promise.then(
      () => 'resolved',
      (err: unknown) => (err instanceof DomainError ? err.code : `not a DomainError: ${String(err)}`),
    );
  const membership = async (userId: number) =>
    (await tier.admin.query(`SELECT company_id FROM jobs.company_members WHERE user_id = $1`, [userId])).rows[0]?.company_id ?? null;
  const jobRow = async (id: number) =>
    (await tier.admin.query(`SELECT status, posted_at, salary_min, salary_max, employer_id FROM jobs.jobs WHERE id = $1`, [id])).rows[0];
  const jobEvents = async (jobId: number) =>
    (await tier.outbox<JobChangedEvent>(JOB_CHANGED)).filter((e) => e.payload.job_id === jobId).map((e) => e.payload);

  /** An employer with a company of its own. */
  async function employer(name = 'Acme'): Promise<{ id: number; companyId: number }> {
    const id = newUser();
    const company = await companies.create({ user_id: id, name });
    return { id, companyId: company.id };
  }
  const draft = (employerId: number, extra: Partial<JobCreateRequest> = {}): JobCreateRequest => ({
    employer_id: employerId,
    title: 'Backend engineer',
    description: 'NestJS and PostgreSQL',
    location_type: 'remote',
    job_type: 'full_time',
    status: 'draft',
    ...extra,
  });

  describe('companies and membership', () => {
    it('creating a company makes its creator a member, once', async () => {
      const user = newUser();
      const company = await companies.create({ user_id: user, name: '  Initech  ', city: 'Lyon' });
      expect(company).toMatchObject({ name: 'Initech', city: 'Lyon' });
      expect(await membership(user)).toBe(company.id);
      await expect(companies.mine(user)).resolves.toMatchObject({ id: company.id });

      // A member cannot create a second company; nothing is stored.
      const before = (await tier.admin.query(`SELECT count(*)::int AS n FROM jobs.companies`)).rows[0].n;
      expect(await code(companies.create({ user_id: user, name: 'Second' }))).toBe('JOBS.ALREADY_IN_COMPANY');
      expect((await tier.admin.query(`SELECT count(*)::int AS n FROM jobs.companies`)).rows[0].n).toBe(before);
    });

    it('leaving is always allowed; coming back only to a company one created and nobody else runs', async () => {
      const owner = await employer('Globex');
      const other = newUser();

      // Joining a company other people run is refused (no invitation flow), as is an unknown one.
      expect(await code(companies.setMembership({ user_id: other, company_id: owner.companyId }))).toBe('JOBS.COMPANY_JOIN_FORBIDDEN');
      expect(await code(companies.setMembership({ user_id: other, company_id: 999999 }))).toBe('JOBS.COMPANY_NOT_FOUND');
      expect(await membership(other)).toBeNull();

      // Leaving: the company stays, its creator is no longer a member.
      await expect(companies.setMembership({ user_id: owner.id, company_id: null })).resolves.toEqual({ company_id: null });
      expect(await membership(owner.id)).toBeNull();
      expect(await code(companies.mine(owner.id))).toBe('JOBS.COMPANY_NOT_FOUND');
      // Leaving twice changes nothing.
      await expect(companies.setMembership({ user_id: owner.id, company_id: null })).resolves.toEqual({ company_id: null });

      // Even empty, someone else's company cannot be taken over; its creator may come back.
      expect(await code(companies.setMembership({ user_id: other, company_id: owner.companyId }))).toBe('JOBS.COMPANY_JOIN_FORBIDDEN');
      await expect(companies.setMembership({ user_id: owner.id, company_id: owner.companyId })).resolves.toEqual({
        company_id: owner.companyId,
      });
      expect(await membership(owner.id)).toBe(owner.companyId);
    });

    it('only a member updates its company, and a rename reaches its jobs with a JOB_CHANGED each', async () => {
      const owner = await employer('Old name');
      const job = await jobs.create(draft(owner.id, { status: 'published' }));
      expect(await code(companies.update({ user_id: newUser(), name: 'Hijacked' }))).toBe('JOBS.COMPANY_NOT_FOUND');

      await expect(companies.update({ user_id: owner.id, name: 'New name' })).resolves.toMatchObject({
        id: owner.companyId,
        name: 'New name',
      });
      expect((await tier.admin.query(`SELECT company_name FROM jobs.jobs WHERE id = $1`, [job.id])).rows[0].company_name).toBe('New name');
      const events = await jobEvents(job.id);
      expect(events.map((e) => [e.company_name, e.version])).toEqual([
        ['Old name', 1],
        ['New name', 2],
      ]);
    });
  });

  describe('jobs', () => {
    it('a job needs a company (a new one is a draft or published: the contract, validation.spec); published stamps posted_at and enqueues JOB_CHANGED', async () => {
      expect(await code(jobs.create(draft(newUser())))).toBe('JOBS.COMPANY_REQUIRED');
      const { id } = await employer();
      expect((await tier.admin.query(`SELECT count(*)::int AS n FROM jobs.jobs WHERE employer_id = $1`, [id])).rows[0].n).toBe(0);

      const published = await jobs.create(draft(id, { status: 'published', salary_min: 40000, salary_max: 50000 }));
      expect(published).toMatchObject({ status: 'published', company_name: 'Acme', salary_range: '40,000 - 50,000 EUR' });
      expect((await jobRow(published.id)).posted_at).not.toBeNull();
      expect(await jobEvents(published.id)).toEqual([
        expect.objectContaining({ job_id: published.id, employer_id: id, status: 'published', version: 1 }),
      ]);

      const kept = await jobs.create(draft(id));
      expect(await jobRow(kept.id)).toMatchObject({ status: 'draft', posted_at: null });
    });

    it('walks draft → published → closed → published → closed → archived, one JOB_CHANGED per step, posted_at kept', async () => {
      const { id } = await employer();
      const job = await jobs.create(draft(id));
      const steps: JobStatus[] = ['published', 'closed', 'published', 'closed', 'archived'];
      let firstPosted: Date | undefined;
      for (const status of steps) {
        await expect(jobs.update({ employer_id: id, job_id: job.id, status })).resolves.toMatchObject({ status });
        const row = await jobRow(job.id);
        expect(row.status).toBe(status);
        firstPosted ??= row.posted_at;
        expect(row.posted_at).toEqual(firstPosted);
      }
      expect((await jobEvents(job.id)).map((e) => [e.status, e.version])).toEqual([
        ['draft', 1],
        ['published', 2],
        ['closed', 3],
        ['published', 4],
        ['closed', 5],
        ['archived', 6],
      ]);
      // Nothing comes back from archived.
      for (const status of ['draft', 'published', 'closed'] as JobStatus[]) {
        expect(await code(jobs.update({ employer_id: id, job_id: job.id, status }))).toBe('JOBS.INVALID_STATUS_TRANSITION');
      }
    });

    it('refuses the transitions the lifecycle does not have, naming what is allowed, and changes nothing', async () => {
      const { id } = await employer();
      const job = await jobs.create(draft(id));
      const refused = await jobs.update({ employer_id: id, job_id: job.id, status: 'closed' }).catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(DomainError);
      expect(refused).toMatchObject({
        code: 'JOBS.INVALID_STATUS_TRANSITION',
        details: { from: 'draft', to: 'closed', allowed: ['published', 'archived'] },
      });

      await jobs.update({ employer_id: id, job_id: job.id, status: 'published' });
      expect(await code(jobs.update({ employer_id: id, job_id: job.id, status: 'draft' }))).toBe('JOBS.INVALID_STATUS_TRANSITION');
      expect(await code(jobs.update({ employer_id: id, job_id: job.id, status: 'archived' }))).toBe('JOBS.INVALID_STATUS_TRANSITION');
      expect((await jobRow(job.id)).status).toBe('published');
      expect(await jobEvents(job.id)).toHaveLength(2);
    });

    it('refuses a salary range whose minimum is above its maximum, on create and against the stored bound on update', async () => {
      const { id } = await employer();
      const refused = await jobs.create(draft(id, { salary_min: 60000, salary_max: 50000 })).catch((e: unknown) => e);
      expect(refused).toMatchObject({ code: 'JOBS.INVALID_SALARY_RANGE', details: { salary_min: 60000, salary_max: 50000 } });
      expect((await tier.admin.query(`SELECT count(*)::int AS n FROM jobs.jobs WHERE employer_id = $1`, [id])).rows[0].n).toBe(0);

      const job = await jobs.create(draft(id, { salary_min: 40000, salary_max: 50000 }));
      // Only the minimum is sent: it is checked against the stored maximum.
      expect(await code(jobs.update({ employer_id: id, job_id: job.id, salary_min: 55000 }))).toBe('JOBS.INVALID_SALARY_RANGE');
      expect(await jobRow(job.id)).toMatchObject({ salary_min: 40000, salary_max: 50000 });
      // Equal bounds, or clearing one, are fine.
      await jobs.update({ employer_id: id, job_id: job.id, salary_min: 50000 });
      await jobs.update({ employer_id: id, job_id: job.id, salary_max: null, salary_min: 90000 });
      expect(await jobRow(job.id)).toMatchObject({ salary_min: 90000, salary_max: null });
    });

    it("another employer's draft is not found, its visible job is not theirs; a description edit enqueues nothing", async () => {
      const owner = await employer();
      const intruder = await employer('Intruder Ltd');
      const hidden = await jobs.create(draft(owner.id));
      const visible = await jobs.create(draft(owner.id, { status: 'published' }));

      expect(await code(jobs.update({ employer_id: intruder.id, job_id: hidden.id, title: 'Mine now' }))).toBe('JOBS.NOT_FOUND');
      expect(await code(jobs.delete(intruder.id, hidden.id))).toBe('JOBS.NOT_FOUND');
      expect(await code(jobs.get(hidden.id, intruder.id))).toBe('JOBS.NOT_FOUND');
      expect(await code(jobs.update({ employer_id: intruder.id, job_id: visible.id, status: 'closed' }))).toBe('JOBS.NOT_OWNER');
      expect(await code(jobs.delete(intruder.id, visible.id))).toBe('JOBS.NOT_OWNER');
      expect(await code(jobs.update({ employer_id: owner.id, job_id: 999999, title: 'x' }))).toBe('JOBS.NOT_FOUND');
      expect((await jobRow(visible.id)).status).toBe('published');

      // The owner sees its own draft; others see the published job.
      await expect(jobs.get(hidden.id, owner.id)).resolves.toMatchObject({ id: hidden.id, status: 'draft' });
      await expect(jobs.get(visible.id)).resolves.toMatchObject({ id: visible.id });

      await jobs.update({ employer_id: owner.id, job_id: visible.id, description: 'Other words' });
      expect(await jobEvents(visible.id)).toHaveLength(1);
    });

    it('deleting a job removes the row and enqueues JOB_DELETED in the same transaction', async () => {
      const { id } = await employer();
      const job = await jobs.create(draft(id, { status: 'published' }));
      await expect(jobs.delete(id, job.id)).resolves.toEqual({ deleted: true });
      expect(await jobRow(job.id)).toBeUndefined();
      const deleted = (await tier.outbox(JOB_DELETED)).filter((e) => e.payload.job_id === job.id);
      expect(deleted.map((e) => e.payload)).toEqual([{ job_id: job.id, employer_id: id }]);
      expect(await code(jobs.get(job.id, id))).toBe('JOBS.NOT_FOUND');
    });
  });
});
