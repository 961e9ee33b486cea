import { DomainError } from '@app/common';
import { ApplyJob } from '../job-summaries/job-summaries.repository';
import { ApplicationsService, displayName, JOB_EVENT_WAIT_MS } from './applications.service';

describe('displayName', () => {
  it('joins first and last name, falls back to the e-mail, then to a neutral word', () => {
    expect(displayName({ first_name: 'Ada', last_name: 'Lovelace', email: 'ada@example.test' })).toBe('Ada Lovelace');
    expect(displayName({ first_name: ' ', last_name: '', email: 'ada@example.test' })).toBe('ada@example.test');
    expect(displayName(undefined)).toBe('A candidate');
  });
});

describe('apply checks the read model of the job', () => {
  const open: ApplyJob = {
    id: 7,
    employer_id: 3,
    title: 'Engineer',
    company_name: 'Acme',
    status: 'published',
    expired: false,
    summary: {
      id: 7,
      title: 'Engineer',
      company_name: 'Acme',
      location: null,
      location_type: 'remote',
      job_type: 'full_time',
      salary_min: null,
      salary_max: null,
      currency: 'EUR',
    },
  };
  const row = {
    id: 1,
    job_id: 7,
    candidate_id: 5,
    employer_id: 3,
    job_title: 'Engineer',
    company_name: 'Acme',
    status: 'applied',
    cover_letter: null,
    notes: null,
    applied_at: '2026-01-01T00:00:00.000Z',
  };

  /** The service with its read model answering `answers` in turn (the last one for ever after). */
  function service(answers: Array<ApplyJob | undefined>, newestKnownId = 6) {
    const lookups = { count: 0 };
    const summaries = { forApply: async () => answers[Math.min(lookups.count++, answers.length - 1)], newestId: async () => newestKnownId };
    const repository = { insert: async () => row };
    const dataSource = { transaction: (work: (manager: unknown) => unknown) => work({}) };
    const outbox = { enqueue: async () => 'event-id', eventOf: () => ({ sql: '', params: [] }), enqueued: () => undefined };
    // The one remote call left on this path: the candidate's name (no request to the jobs service).
    const services = { request: jest.fn(async () => ({ users: [] })) };
    const counts = { forget: () => undefined };
    const svc = new ApplicationsService(
      dataSource as never,
      repository as never,
      summaries as never,
      outbox as never,
      services as never,
      counts as never,
    );
    return { svc, lookups, services };
  }

  const notFound = expect.objectContaining({ code: 'APPLICATIONS.JOB_NOT_FOUND' });

  it('applies to a published, unexpired job with the summary from the read model', async () => {
    const { svc, services } = service([open]);
    await expect(svc.apply({ candidate_id: 5, job_id: 7 })).resolves.toMatchObject({ id: 1, job: open.summary });
    expect(services.request).toHaveBeenCalledTimes(1);
    expect((services.request.mock.calls[0] as unknown[])[0]).toMatchObject({ subject: expect.stringMatching(/^auth\./) });
  });

  it('waits for a job whose event is still on its way (unknown, then draft, then published)', async () => {
    const { svc, lookups } = service([undefined, { ...open, status: 'draft' }, open]);
    await expect(svc.apply({ candidate_id: 5, job_id: 7 })).resolves.toMatchObject({ job: open.summary });
    expect(lookups.count).toBe(3);
  });

  it('refuses an expired job at once, and an unknown or closed one after the wait', async () => {
    const expired = service([{ ...open, expired: true }]);
    await expect(expired.svc.apply({ candidate_id: 5, job_id: 7 })).rejects.toEqual(notFound);
    expect(expired.lookups.count).toBe(1);

    for (const answer of [undefined, { ...open, status: 'closed' }]) {
      const { svc, lookups } = service([answer]);
      const started = Date.now();
      const err = await svc.apply({ candidate_id: 5, job_id: 7 }).catch((e) => e);
      expect(err).toBeInstanceOf(DomainError);
      expect(err).toEqual(notFound);
      expect(Date.now() - started).toBeLessThanOrEqual(JOB_EVENT_WAIT_MS + 500);
      expect(lookups.count).toBeGreaterThan(3);
      expect(lookups.count).toBeLessThan(20);
    }
  });

  it('refuses at once an unknown id that no job created a moment ago could have (older than the newest known, or far beyond it)', async () => {
    for (const newest of [7, 100, 7 - 1001]) {
      const { svc, lookups } = service([undefined], newest);
      await expect(svc.apply({ candidate_id: 5, job_id: 7 })).rejects.toEqual(notFound);
      expect(lookups.count).toBe(1);
    }
  });
});
