import 'reflect-metadata';
import { APPLICATIONS_HAS_APPLIED } from '@app/contracts';
import { requestHandler } from '@app/common';
import { eventually, TestSystem } from '../support/test-system';
import { Fixtures, TestUser } from './applications-fixtures';
import { openNotificationStream } from '../support/sse';

/**
 * Issue 5 through the gateway: applying, withdrawing, the employer's list and workflow, and the
 * notifications the events write (with the live stream), on real processes, PostgreSQL and NATS.
 */
describe('applications and notifications API', () => {
  let system: TestSystem;
  let fx: Fixtures;
  let employer: TestUser;
  let otherEmployer: TestUser;
  let candidate: TestUser;
  let jobId: number;

  beforeAll(async () => {
    // Maintenance off: it is not under test here.
    system = await TestSystem.start('applications', { DB_MAINTENANCE_INTERVAL_S: '0' });
    fx = new Fixtures(system);
    employer = await fx.user('employer', 'Erin', 'Boss');
    otherEmployer = await fx.user('employer', 'Oscar', 'Other');
    candidate = await fx.user('candidate', 'Carla', 'Candidate');
    jobId = await fx.job(employer.id, 'Backend Engineer');
  });

  afterAll(async () => {
    await fx?.close();
    await system?.stop();
  });

  const apply = (user: TestUser, job: number, cover_letter?: string) =>
    system.request('POST', '/api/applications/my/applications', { token: user.token, body: { job_id: job, cover_letter } });

  it('applies to a published job (201 with the job summary); 404 for a draft or unknown job; 409 for a duplicate that stores nothing', async () => {
    const created = await apply(candidate, jobId, 'Hello');
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      id: expect.any(Number),
      job_id: jobId,
      candidate_id: candidate.id,
      status: 'applied',
      applied_at: expect.stringMatching(/Z$/),
      notes: null,
      job: { id: jobId, title: 'Backend Engineer', company_name: `Acme ${employer.id}`, location_type: 'remote', job_type: 'full_time' },
    });

    const duplicate = await apply(candidate, jobId);
    expect(duplicate.status).toBe(409);
    expect(duplicate.body.code).toBe('APPLICATIONS.ALREADY_APPLIED');
    expect(await fx.count(`SELECT count(*) AS n FROM applications.job_applications WHERE candidate_id = $1`, [candidate.id])).toBe(1);
    expect(
      await fx.count(`SELECT count(*) AS n FROM applications.outbox WHERE payload->>'candidate_id' = $1`, [String(candidate.id)]),
    ).toBe(1);

    const draft = await fx.job(employer.id, 'Draft job', 'draft');
    expect((await apply(candidate, draft)).body).toEqual({ detail: expect.any(String), code: 'APPLICATIONS.JOB_NOT_FOUND' });
    // Numbers and strings the database cannot hold are request problems, not 500s.
    expect(
      (await system.request('POST', '/api/applications/my/applications', { token: candidate.token, body: { job_id: 1e20 } })).status,
    ).toBe(422);
    expect((await apply(candidate, jobId, 'Hello\u0000')).status).toBe(422);
    expect((await apply(candidate, 99999999)).status).toBe(404);
    expect(
      (await system.request('POST', '/api/applications/my/applications', { token: candidate.token, body: { job_id: 'x' } })).status,
    ).toBe(422);
    expect((await apply(employer, jobId)).status).toBe(403);
  });

  it("lists, shows and withdraws the candidate's own applications; re-applying works and applications_count follows +1, -1, +1", async () => {
    const job = await fx.job(employer.id, 'Count me');
    const first = await apply(candidate, job);
    expect(first.status).toBe(201);
    await eventually(async () => (await fx.applicationsCount(job)) === 1, 20000);

    const list = await system.request('GET', '/api/applications/my/applications?page=1&limit=10', { token: candidate.token });
    expect(list.status).toBe(200);
    expect(list.body).toMatchObject({ total: 2, page: 1, limit: 10, total_pages: 1 });
    expect(list.body.applications[0]).toMatchObject({ id: first.body.id, job: { id: job, title: 'Count me' } });
    const filtered = await system.request('GET', '/api/applications/my/applications?status=withdrawn', { token: candidate.token });
    expect(filtered.body.total).toBe(0);

    const one = await system.request('GET', `/api/applications/my/applications/${first.body.id}`, { token: candidate.token });
    expect(one.body).toMatchObject({ id: first.body.id, status: 'applied' });
    const stranger = await fx.user('candidate');
    expect((await system.request('GET', `/api/applications/my/applications/${first.body.id}`, { token: stranger.token })).status).toBe(404);
    expect((await system.request('DELETE', `/api/applications/my/applications/${first.body.id}`, { token: stranger.token })).status).toBe(
      404,
    );

    const withdrawn = await system.request('DELETE', `/api/applications/my/applications/${first.body.id}`, { token: candidate.token });
    expect(withdrawn.status).toBe(200);
    expect(withdrawn.body).toEqual({ message: expect.any(String) });
    await eventually(async () => (await fx.applicationsCount(job)) === 0, 20000);
    const again = await system.request('DELETE', `/api/applications/my/applications/${first.body.id}`, { token: candidate.token });
    expect(again.body.code).toBe('APPLICATIONS.ALREADY_WITHDRAWN');
    expect(again.status).toBe(400);

    const second = await apply(candidate, job);
    expect(second.status).toBe(201);
    expect(second.body.id).not.toBe(first.body.id);
    await eventually(async () => (await fx.applicationsCount(job)) === 1, 20000);
    expect(await fx.liveRows(job)).toBe(1);
  });

  it('shows employers only the applications to their own jobs, with the candidate and a CV link; moves them along allowed steps', async () => {
    const job = await fx.job(employer.id, 'Workflow');
    const applicant = await fx.user('candidate', 'Wanda', 'Flow');
    const applied = await apply(applicant, job, 'Pick me');
    expect(applied.status).toBe(201);
    const id = applied.body.id;

    const mine = await system.request('GET', `/api/applications/employer/applications?job_id=${job}`, { token: employer.token });
    expect(mine.status).toBe(200);
    expect(mine.body).toMatchObject({ total: 1, page: 1, limit: 20, total_pages: 1 });
    expect(mine.body.applications[0]).toEqual({
      id,
      job_id: job,
      job_title: 'Workflow',
      candidate_id: applicant.id,
      candidate_name: 'Wanda Flow',
      candidate_email: applicant.email,
      candidate_phone: null,
      status: 'applied',
      applied_at: expect.any(String),
      cover_letter: 'Pick me',
      notes: null,
      cv_url: null,
    });
    const theirs = await system.request('GET', '/api/applications/employer/applications', { token: otherEmployer.token });
    expect(theirs.body).toMatchObject({ applications: [], total: 0 });
    expect((await system.request('GET', '/api/applications/employer/applications?limit=101', { token: employer.token })).status).toBe(422);
    expect((await system.request('GET', '/api/applications/employer/applications?page=1e300', { token: employer.token })).status).toBe(422);
    expect((await system.request('GET', '/api/applications/employer/applications', { token: applicant.token })).status).toBe(403);

    const status = (user: TestUser, value: string) =>
      system.request('PUT', `/api/applications/employer/applications/${id}/status`, { token: user.token, body: { status: value } });
    expect((await status(otherEmployer, 'viewed')).status).toBe(404);
    const viewed = await status(employer, 'viewed');
    expect(viewed.status).toBe(200);
    expect(viewed.body).toEqual({ message: expect.any(String), application_id: id, new_status: 'viewed' });
    const notified = await eventually(async () => {
      const { rows } = await fx.db.query(`SELECT type, params, title, message FROM notifications.notifications WHERE user_id = $1`, [
        applicant.id,
      ]);
      return rows.length === 1 ? rows[0] : undefined;
    }, 20000);
    // Stored as type + parameters; the text is written when read, in the reader's language.
    expect(notified).toMatchObject({
      type: 'status_change',
      params: { job: expect.stringContaining('Workflow'), status: 'viewed' },
      title: null,
      message: null,
    });

    const same = await status(employer, 'viewed');
    expect(same.status).toBe(200);
    const invalid = await status(employer, 'applied');
    expect(invalid.status).toBe(400);
    expect(invalid.body.code).toBe('APPLICATIONS.INVALID_TRANSITION');
    expect((await status(employer, 'withdrawn')).body.code).toBe('APPLICATIONS.INVALID_TRANSITION');
    expect((await status(employer, 'accepted')).status).toBe(400);
    expect((await status(employer, 'nonsense')).status).toBe(422);
    expect(
      await fx.count(
        `SELECT count(*) AS n FROM applications.outbox WHERE subject LIKE '%status_changed%' AND payload->>'application_id' = $1`,
        [String(id)],
      ),
    ).toBe(1);

    const notes = await system.request('PUT', `/api/applications/employer/applications/${id}/notes`, {
      token: employer.token,
      body: { notes: 'Strong' },
    });
    expect(notes.body).toEqual({ message: expect.any(String), application_id: id, notes: 'Strong' });
    expect(
      (
        await system.request('PUT', `/api/applications/employer/applications/${id}/notes`, {
          token: otherEmployer.token,
          body: { notes: 'x' },
        })
      ).status,
    ).toBe(404);

    // The CV link: another employer never learns the application exists; without a CV it is 404 too.
    expect(
      (await system.request('GET', `/api/applications/employer/applications/${id}/cv`, { token: otherEmployer.token })).body.code,
    ).toBe('APPLICATIONS.NOT_FOUND');
    expect((await system.request('GET', `/api/applications/employer/applications/${id}/cv`, { token: employer.token })).status).toBe(404);

    for (const step of ['shortlisted', 'interview', 'accepted']) expect((await status(employer, step)).status).toBe(200);
    const late = await system.request('DELETE', `/api/applications/my/applications/${id}`, { token: applicant.token });
    expect(late.status).toBe(400);
    expect(late.body.code).toBe('APPLICATIONS.CANNOT_WITHDRAW');
  });

  it("streams the candidate's active CV to that job's employer only", async () => {
    const job = await fx.job(employer.id, 'With CV');
    const applicant = await fx.user('candidate', 'Cora', 'Cv');
    const pdf = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(2000, 'x'), Buffer.from('\n%%EOF\n')]);
    const form = new FormData();
    form.append('cv', new Blob([pdf], { type: 'application/pdf' }), 'cora.pdf');
    const uploaded = await system.request('POST', '/api/candidates/cv', { token: applicant.token, raw: form });
    expect(uploaded.status).toBe(201);
    const applied = await apply(applicant, job);
    expect(applied.status).toBe(201);

    const list = await system.request('GET', `/api/applications/employer/applications?job_id=${job}`, { token: employer.token });
    const cvUrl = list.body.applications[0].cv_url;
    expect(cvUrl).toBe(`/api/applications/employer/applications/${applied.body.id}/cv`);
    const res = await fetch(system.url(cvUrl), { headers: { authorization: `Bearer ${employer.token}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(Buffer.from(await res.arrayBuffer()).equals(pdf)).toBe(true);
    expect((await system.request('GET', cvUrl, { token: otherEmployer.token })).status).toBe(404);
    expect((await system.request('GET', cvUrl, { token: applicant.token })).status).toBe(403);
  });

  it('answers APPLICATIONS_HAS_APPLIED with the jobs the candidate has a live application to', async () => {
    const job = await fx.job(employer.id, 'Has applied');
    const other = await fx.job(employer.id, 'Not applied');
    const applicant = await fx.user('candidate');
    expect((await apply(applicant, job)).status).toBe(201);
    const nc = await fx.nats();
    const ask = async () => {
      const answer = await requestHandler<{ job_ids: number[] }>(
        nc,
        APPLICATIONS_HAS_APPLIED.subject,
        { candidate_id: applicant.id, job_ids: [job, other] },
        { timeout: 3000 },
      );
      return 'response' in answer ? answer.response.job_ids : undefined;
    };
    expect(await ask()).toEqual([job]);
  });

  it("writes new_application for the employer; lists, counts, reads and deletes a user's own notifications only", async () => {
    const boss = await fx.user('employer', 'Nora', 'Notified');
    const job = await fx.job(boss.id, 'Notify me');
    const applicant = await fx.user('candidate', 'Albert', 'Applicant');
    expect((await apply(applicant, job)).status).toBe(201);
    const list = await eventually(async () => {
      const res = await system.request('GET', '/api/notifications', { token: boss.token });
      return res.body.total === 1 ? res.body : undefined;
    }, 20000);
    expect(list).toEqual({
      notifications: [
        {
          id: expect.any(Number),
          type: 'new_application',
          // fx.user writes users with the default language: French.
          title: 'Nouvelle candidature reçue',
          message: 'Albert Applicant a postulé à votre offre «\u00a0Notify me\u00a0».',
          related_job_id: job,
          related_application_id: expect.any(Number),
          is_read: false,
          read_at: null,
          created_at: expect.any(String),
        },
      ],
      total: 1,
      unread_count: 1,
    });
    const id = list.notifications[0].id;
    expect((await system.request('GET', '/api/notifications/unread-count', { token: boss.token })).body).toEqual({ unread_count: 1 });
    expect((await system.request('GET', '/api/notifications?limit=0', { token: boss.token })).status).toBe(422);

    // Another user's notification is 404, and stays unread.
    expect((await system.request('PUT', `/api/notifications/${id}/read`, { token: applicant.token })).status).toBe(404);
    expect((await system.request('DELETE', `/api/notifications/${id}`, { token: applicant.token })).body.code).toBe(
      'NOTIFICATIONS.NOT_FOUND',
    );

    const read = await system.request('PUT', `/api/notifications/${id}/read`, { token: boss.token });
    expect(read.status).toBe(200);
    expect((await system.request('GET', '/api/notifications/unread-count', { token: boss.token })).body).toEqual({ unread_count: 0 });
    expect((await system.request('GET', '/api/notifications?unread_only=true', { token: boss.token })).body).toMatchObject({
      total: 0,
      unread_count: 0,
    });

    const second = await fx.user('candidate');
    expect((await apply(second, job)).status).toBe(201);
    await eventually(
      async () => (await system.request('GET', '/api/notifications/unread-count', { token: boss.token })).body.unread_count === 1,
      20000,
    );
    const all = await system.request('PUT', '/api/notifications/mark-all-read', { token: boss.token });
    expect(all.status).toBe(200);
    expect((await system.request('GET', '/api/notifications/unread-count', { token: boss.token })).body.unread_count).toBe(0);
    const deleted = await system.request('DELETE', `/api/notifications/${id}`, { token: boss.token });
    expect(deleted.body).toEqual({ message: expect.any(String) });
    expect((await system.request('GET', '/api/notifications', { token: boss.token })).body.total).toBe(1);
    expect(await fx.count(`SELECT unread_count AS n FROM notifications.notification_counters WHERE user_id = $1`, [boss.id])).toBe(0);
  });

  it("pushes a new notification to the user's live stream (Server-Sent Events), with a Bearer header or a ticket", async () => {
    const boss = await fx.user('employer', 'Liv', 'Stream');
    const job = await fx.job(boss.id, 'Live job');
    expect((await system.request('GET', '/api/notifications/stream')).status).toBe(401);
    expect((await system.request('GET', '/api/notifications/stream?ticket=nope')).status).toBe(401);
    const ticket = await system.request('POST', '/api/notifications/stream-ticket', { token: boss.token });
    expect(ticket.body).toEqual({ ticket: expect.any(String), expires_in: 60 });

    for (const auth of [{ token: boss.token }, { ticket: ticket.body.ticket as string }]) {
      controller = new AbortController();
      const { events } = await openNotificationStream(system, auth, controller);
      const applicant = await fx.user('candidate', 'Sam', 'Sse');
      expect((await apply(applicant, job)).status).toBe(201);
      const pushed = (await events.next()).value;
      expect(pushed.type).toBe('notification');
      expect(pushed.data).toMatchObject({ type: 'new_application', related_job_id: job, message: expect.stringContaining('Sam Sse') });
      controller.abort();
    }
    const metrics = await system.metrics();
    expect(metrics).toMatch(/notification_stream_pushed_total\{process="gateway"\} 2/);
  });

  // Last: it stops the gateway.
  it('ends open live streams when the gateway shuts down, so SIGTERM drains promptly', async () => {
    const boss = await fx.user('employer');
    controller = new AbortController();
    const { events } = await openNotificationStream(system, { token: boss.token }, controller);
    const started = Date.now();
    const code = await system.processes.stop('gateway', 8000);
    // Nest re-raises SIGTERM after its shutdown hooks: 143 is a clean exit; 137 would be our SIGKILL.
    expect({ code, waitedForKill: Date.now() - started >= 8000 }).toEqual({ code: 143, waitedForKill: false });
    expect((await events.next()).done).toBe(true);
  });
});

let controller = new AbortController();
