import { DataSource } from 'typeorm';
import { DomainError, RemoteError } from '@app/common';
import {
  APPLICATION_CREATED,
  APPLICATION_STATUS_CHANGED,
  APPLICATION_WITHDRAWN,
  ApplicationCreatedEvent,
  ApplicationStatus,
  ApplicationStatusChangedEvent,
  AUTH_USERS_GET_MANY,
  COMMON_ERRORS,
  JobChangedEvent,
  UserSummary,
} from '@app/contracts';
import { ApplicationsConfig } from '../../apps/applications/src/applications.config';
import { ApplicationsModule } from '../../apps/applications/src/applications/applications.module';
import { ApplicationsService, JOB_EVENT_WAIT_MS } from '../../apps/applications/src/applications/applications.service';
import { JobSummariesRepository } from '../../apps/applications/src/job-summaries/job-summaries.repository';
import { ServiceTier, startServiceTier } from '../support/service-tier';

/**
 * The applications service's rules on a real database: applying (against its read model of the jobs),
 * withdrawing, the employer's workflow, ownership. The one request it makes, the candidate's name and
 * CV from the auth service, gets canned answers.
 */
describe('applications service (service tier)', () => {
  let tier: ServiceTier;
  let applications: ApplicationsService;
  let nextId = 100;
  const newId = () => nextId++;
  // The auth service's users, as AUTH_USERS_GET_MANY answers them.
  const people = new Map<number, UserSummary>();

  beforeAll(async () => {
    tier = await startServiceTier({
      service: 'applications',
      config: new ApplicationsConfig(),
      configClass: ApplicationsConfig,
      imports: [ApplicationsModule],
    });
    tier.services.answer(AUTH_USERS_GET_MANY, ({ user_ids }) => ({ users: user_ids.flatMap((id) => people.get(id) ?? []) }));
    applications = tier.get(ApplicationsService);
  });
  afterAll(() => tier?.close());

  const code = (promise: Promise<unknown>) =>
    promise.then(
      () => 'resolved',
      (err: unknown) => (err instanceof DomainError || err instanceof RemoteError ? err.code : `unexpected: ${String(err)}`),
    );

  function candidate(cvId: number | null = null): number {
    const id = newId();
    people.set(id, {
      id,
      email: `c${id}@example.test`,
      first_name: 'Grace',
      last_name: 'Hopper',
      role: 'candidate',
      is_active: true,
      phone: '+33 1 23 45 67 89',
      has_cv: cvId !== null,
      cv_id: cvId,
    });
    return id;
  }

  /** A job in the read model, as the jobs service's JOB_CHANGED events leave it. */
  async function job(overrides: Partial<JobChangedEvent> = {}): Promise<JobChangedEvent> {
    const event: JobChangedEvent = {
      job_id: newId(),
      employer_id: newId(),
      title: 'Data engineer',
      company_name: 'Acme',
      location: 'Paris',
      location_type: 'hybrid',
      job_type: 'full_time',
      salary_min: null,
      salary_max: null,
      currency: 'EUR',
      status: 'published',
      expires_at: null,
      version: 1,
      ...overrides,
    };
    await tier.get(DataSource).transaction((manager) => tier.get(JobSummariesRepository).upsert(manager, event));
    return event;
  }

  const appRow = async (id: number) =>
    (
      await tier.admin.query(
        `SELECT status, candidate_id, employer_id, job_title, company_name, cv_id, cover_letter FROM applications.job_applications WHERE id = $1`,
        [id],
      )
    ).rows[0];
  const countFor = async (candidateId: number) =>
    (await tier.admin.query(`SELECT count(*)::int AS n FROM applications.job_applications WHERE candidate_id = $1`, [candidateId])).rows[0]
      .n as number;
  const eventsOf = async <P extends { application_id: number }>(message: { subject: string }, applicationId: number) =>
    (await tier.outbox<P>(message)).map((e) => e.payload).filter((p) => p.application_id === applicationId);

  /** An application moved along the employer's workflow to `status`. */
  async function applicationIn(status: ApplicationStatus) {
    const posted = await job();
    const candidateId = candidate();
    const app = await applications.apply({ candidate_id: candidateId, job_id: posted.job_id });
    const path: Partial<Record<ApplicationStatus, ApplicationStatus[]>> = {
      applied: [],
      viewed: ['viewed'],
      interview: ['interview'],
      accepted: ['shortlisted', 'accepted'],
      rejected: ['rejected'],
    };
    for (const step of path[status]!)
      await applications.setStatus({ employer_id: posted.employer_id, application_id: app.id, status: step });
    return { app, posted, candidateId };
  }

  describe('applying', () => {
    it('records the application with the job snapshot and the CV the candidate has now, and APPLICATION_CREATED with it', async () => {
      const posted = await job({ title: 'Platform engineer', company_name: 'Globex' });
      const candidateId = candidate(42);
      const mine = await applications.apply({ candidate_id: candidateId, job_id: posted.job_id, cover_letter: 'Hello' });
      expect(mine).toMatchObject({
        job_id: posted.job_id,
        candidate_id: candidateId,
        status: 'applied',
        job: { id: posted.job_id, title: 'Platform engineer', location: 'Paris' },
      });
      expect(await appRow(mine.id)).toEqual({
        status: 'applied',
        candidate_id: candidateId,
        employer_id: posted.employer_id,
        job_title: 'Platform engineer',
        company_name: 'Globex',
        cv_id: 42,
        cover_letter: 'Hello',
      });
      expect(tier.services.callsTo(AUTH_USERS_GET_MANY)).toContainEqual({ user_ids: [candidateId] });
      expect(await eventsOf<ApplicationCreatedEvent>(APPLICATION_CREATED, mine.id)).toEqual([
        expect.objectContaining({
          job_id: posted.job_id,
          candidate_id: candidateId,
          employer_id: posted.employer_id,
          job_title: 'Platform engineer',
          candidate_name: 'Grace Hopper',
          // Decided by the statement that wrote the application and its event together.
          application_id: mine.id,
          applied_at: mine.applied_at,
        }),
      ]);
    });

    it('refuses a second live application to the same job, storing nothing; after a withdrawal one may apply again', async () => {
      const posted = await job();
      const candidateId = candidate();
      const first = await applications.apply({ candidate_id: candidateId, job_id: posted.job_id });
      expect(await code(applications.apply({ candidate_id: candidateId, job_id: posted.job_id }))).toBe('APPLICATIONS.ALREADY_APPLIED');
      expect(await countFor(candidateId)).toBe(1);
      const created = (await tier.outbox<ApplicationCreatedEvent>(APPLICATION_CREATED)).filter(
        (e) => e.payload.candidate_id === candidateId,
      );
      expect(created).toHaveLength(1);

      await applications.withdraw(candidateId, first.id);
      const again = await applications.apply({ candidate_id: candidateId, job_id: posted.job_id });
      expect(again.id).not.toBe(first.id);
      expect(await countFor(candidateId)).toBe(2);
    });

    it('refuses an expired job, an unknown one at once, a closed one after waiting for its event; nothing is stored', async () => {
      const candidateId = candidate();
      const expired = await job({ expires_at: new Date(Date.now() - 60000).toISOString() });
      let started = Date.now();
      expect(await code(applications.apply({ candidate_id: candidateId, job_id: expired.job_id }))).toBe('APPLICATIONS.JOB_NOT_FOUND');
      expect(await code(applications.apply({ candidate_id: candidateId, job_id: 1 }))).toBe('APPLICATIONS.JOB_NOT_FOUND');
      expect(Date.now() - started).toBeLessThan(JOB_EVENT_WAIT_MS / 2);

      // A closed job may be re-opened a moment ago (its event on its way): refused after the wait.
      const closed = await job({ status: 'closed' });
      started = Date.now();
      expect(await code(applications.apply({ candidate_id: candidateId, job_id: closed.job_id }))).toBe('APPLICATIONS.JOB_NOT_FOUND');
      expect(Date.now() - started).toBeGreaterThanOrEqual(JOB_EVENT_WAIT_MS / 2);
      expect(await countFor(candidateId)).toBe(0);
    });

    it('stores nothing when the auth service does not answer (the name and CV come from it)', async () => {
      const posted = await job();
      const candidateId = candidate();
      tier.services.answer(AUTH_USERS_GET_MANY, () => {
        throw new RemoteError({ code: COMMON_ERRORS.SERVICE_UNAVAILABLE.code, message: 'auth is down' }, AUTH_USERS_GET_MANY.subject);
      });
      try {
        expect(await code(applications.apply({ candidate_id: candidateId, job_id: posted.job_id }))).toBe('SERVICE_UNAVAILABLE');
      } finally {
        tier.services.answer(AUTH_USERS_GET_MANY, ({ user_ids }) => ({ users: user_ids.flatMap((id) => people.get(id) ?? []) }));
      }
      expect(await countFor(candidateId)).toBe(0);
    });
  });

  describe('withdrawing', () => {
    it('withdraws an open application once, with APPLICATION_WITHDRAWN; another candidate gets not found', async () => {
      const { app, posted, candidateId } = await applicationIn('interview');
      expect(await code(applications.withdraw(candidate(), app.id))).toBe('APPLICATIONS.NOT_FOUND');
      expect(await code(applications.getMine(candidate(), app.id))).toBe('APPLICATIONS.NOT_FOUND');
      expect((await appRow(app.id)).status).toBe('interview');

      await expect(applications.withdraw(candidateId, app.id)).resolves.toMatchObject({ message: expect.any(String) });
      expect((await appRow(app.id)).status).toBe('withdrawn');
      expect(await eventsOf(APPLICATION_WITHDRAWN, app.id)).toEqual([
        { application_id: app.id, job_id: posted.job_id, candidate_id: candidateId, employer_id: posted.employer_id },
      ]);
      expect(await code(applications.withdraw(candidateId, app.id))).toBe('APPLICATIONS.ALREADY_WITHDRAWN');
      expect(await eventsOf(APPLICATION_WITHDRAWN, app.id)).toHaveLength(1);
    });

    it('cannot withdraw a decided application', async () => {
      for (const status of ['accepted', 'rejected'] as ApplicationStatus[]) {
        const { app, candidateId } = await applicationIn(status);
        const err = await applications.withdraw(candidateId, app.id).catch((e: unknown) => e);
        expect(err).toMatchObject({
          code: 'APPLICATIONS.CANNOT_WITHDRAW',
          i18n: { key: 'error.application.cannot_withdraw', params: { status } },
        });
        expect((await appRow(app.id)).status).toBe(status);
      }
    });
  });

  describe("the employer's workflow", () => {
    it('moves along applied → viewed → shortlisted → interview → accepted, one APPLICATION_STATUS_CHANGED per change', async () => {
      const { app, posted } = await applicationIn('applied');
      const steps: ApplicationStatus[] = ['viewed', 'shortlisted', 'interview', 'interview', 'accepted'];
      for (const status of steps) {
        await expect(applications.setStatus({ employer_id: posted.employer_id, application_id: app.id, status })).resolves.toMatchObject({
          application_id: app.id,
          new_status: status,
        });
        expect((await appRow(app.id)).status).toBe(status);
      }
      // Setting the status it already has changes nothing and says nothing.
      expect(
        (await eventsOf<ApplicationStatusChangedEvent>(APPLICATION_STATUS_CHANGED, app.id)).map((e) => [e.old_status, e.new_status]),
      ).toEqual([
        ['applied', 'viewed'],
        ['viewed', 'shortlisted'],
        ['shortlisted', 'interview'],
        ['interview', 'accepted'],
      ]);
    });

    it('refuses the moves the workflow does not have, and withdrawing for the candidate, naming from and to', async () => {
      const { app, posted } = await applicationIn('applied');
      const err = await applications
        .setStatus({ employer_id: posted.employer_id, application_id: app.id, status: 'accepted' })
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(DomainError);
      expect(err).toMatchObject({ code: 'APPLICATIONS.INVALID_TRANSITION', details: { from: 'applied', to: 'accepted' } });
      expect(await code(applications.setStatus({ employer_id: posted.employer_id, application_id: app.id, status: 'withdrawn' }))).toBe(
        'APPLICATIONS.INVALID_TRANSITION',
      );

      const decided = await applicationIn('rejected');
      for (const status of ['applied', 'viewed', 'accepted'] as ApplicationStatus[]) {
        expect(
          await code(applications.setStatus({ employer_id: decided.posted.employer_id, application_id: decided.app.id, status })),
        ).toBe('APPLICATIONS.INVALID_TRANSITION');
      }
      expect((await appRow(app.id)).status).toBe('applied');
      expect((await appRow(decided.app.id)).status).toBe('rejected');
      expect(await eventsOf(APPLICATION_STATUS_CHANGED, app.id)).toEqual([]);
    });

    it("another employer's application is not found, for its status, notes and CV; the owner's list shows the candidate", async () => {
      const { app, posted, candidateId } = await applicationIn('applied');
      const stranger = newId();
      expect(await code(applications.setStatus({ employer_id: stranger, application_id: app.id, status: 'viewed' }))).toBe(
        'APPLICATIONS.NOT_FOUND',
      );
      expect(await code(applications.setNotes({ employer_id: stranger, application_id: app.id, notes: 'mine' }))).toBe(
        'APPLICATIONS.NOT_FOUND',
      );
      expect(await code(applications.candidateOf(stranger, app.id))).toBe('APPLICATIONS.NOT_FOUND');
      expect((await tier.admin.query(`SELECT status, notes FROM applications.job_applications WHERE id = $1`, [app.id])).rows[0]).toEqual({
        status: 'applied',
        notes: null,
      });

      await applications.setNotes({ employer_id: posted.employer_id, application_id: app.id, notes: 'Strong profile' });
      const page = await applications.listForEmployer({ employer_id: posted.employer_id, page: 1, limit: 10 });
      expect(page.total).toBe(1);
      expect(page.applications[0]).toMatchObject({
        id: app.id,
        candidate_id: candidateId,
        candidate_name: 'Grace Hopper',
        candidate_phone: '+33 1 23 45 67 89',
        notes: 'Strong profile',
        has_cv: false,
      });
      expect(await applications.listForEmployer({ employer_id: stranger, page: 1, limit: 10 })).toMatchObject({
        total: 0,
        applications: [],
      });
    });
  });
});
