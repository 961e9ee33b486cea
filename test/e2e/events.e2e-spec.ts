import 'reflect-metadata';
import { APPLICATION_CREATED, APPLICATION_DELETED, EVENT_ID_HEADER, EVENTS_STREAM, JOB_DELETED, USER_DELETED } from '@app/contracts';
import { headers as natsHeaders, JSONCodec } from 'nats';
import { randomUUID } from 'node:crypto';
import { ALL_PROCESSES, eventually, TestSystem } from '../support/test-system';
import { Fixtures, TestUser } from './applications-fixtures';

/**
 * The application events pipeline under failure: outbox → JetStream → idempotent consumers, with
 * processes really stopped, killed and restarted, and NATS really stopped. Each test ends by
 * checking that every consumer drained and that notifications and applications_count are exact.
 */
describe('application events: exactly once, whatever crashes', () => {
  let system: TestSystem;
  let fx: Fixtures;
  let employer: TestUser;
  const codec = JSONCodec();

  beforeAll(async () => {
    // Maintenance off: it is not under test here.
    system = await TestSystem.start('events', { DB_MAINTENANCE_INTERVAL_S: '0' });
    fx = new Fixtures(system);
    employer = await fx.user('employer', 'Eve', 'Events');
  });

  afterAll(async () => {
    await fx?.close();
    await system?.stop();
  });

  const apply = (user: TestUser, job: number) =>
    system.request('POST', '/api/applications/my/applications', { token: user.token, body: { job_id: job } });

  const newApplicationNotifications = (jobIds: number[]) =>
    fx.count(`SELECT count(*) AS n FROM notifications.notifications WHERE type = 'new_application' AND related_job_id = ANY($1::int[])`, [
      jobIds,
    ]);

  async function expectCountsExact(jobIds: number[]): Promise<void> {
    await fx.drained(60000);
    for (const job of jobIds) expect({ job, count: await fx.applicationsCount(job) }).toEqual({ job, count: await fx.liveRows(job) });
    const rows = await fx.count(`SELECT count(*) AS n FROM applications.job_applications WHERE job_id = ANY($1::int[])`, [jobIds]);
    expect(await newApplicationNotifications(jobIds)).toBe(rows);
  }

  /** A consumer sees the event's id in EVENT_ID_HEADER; the stream deduplicates on msgID. */
  async function publishCreated(eventId: string, msgID: string, payload: object) {
    const js = (await fx.nats()).jetstream();
    const h = natsHeaders();
    h.set(EVENT_ID_HEADER, eventId);
    return js.publish(APPLICATION_CREATED.subject, codec.encode(payload), { msgID, headers: h });
  }

  function createdPayload(applicationId: number, jobId: number, candidateId: number) {
    return {
      application_id: applicationId,
      job_id: jobId,
      candidate_id: candidateId,
      employer_id: employer.id,
      job_title: 'Synthetic',
      candidate_name: 'Syn Thetic',
      applied_at: new Date().toISOString(),
    };
  }

  it('accepts 200 applications while notifications is stopped; once it starts there are exactly 200 new_application notifications', async () => {
    await system.processes.stop('notifications');
    const jobs = [await fx.job(employer.id), await fx.job(employer.id), await fx.job(employer.id), await fx.job(employer.id)];
    const candidates = await Promise.all(Array.from({ length: 50 }, () => fx.user('candidate')));
    const statuses = await Fixtures.pool(
      candidates.flatMap((c) => jobs.map((job) => async () => (await apply(c, job)).status)),
      8,
    );
    expect(statuses.filter((s) => s === 201)).toHaveLength(200);
    expect(await newApplicationNotifications(jobs)).toBe(0);

    await system.startProcess('notifications');
    await eventually(async () => (await newApplicationNotifications(jobs)) === 200, 60000, 250);
    await expectCountsExact(jobs);
    expect(await fx.count(`SELECT unread_count AS n FROM notifications.notification_counters WHERE user_id = $1`, [employer.id])).toBe(200);
    for (const job of jobs) expect(await fx.applicationsCount(job)).toBe(50);
  });

  it('the same event delivered twice (two stream copies, one x-event-id) has one effect: one notification, one increment', async () => {
    const job = await fx.job(employer.id, 'Twice');
    const eventId = randomUUID();
    const payload = createdPayload(900000001, job, 900000001);
    const first = await publishCreated(eventId, `copy-1-${eventId}`, payload);
    const second = await publishCreated(eventId, `copy-2-${eventId}`, payload);
    expect([first.duplicate, second.duplicate]).toEqual([false, false]); // both copies are in the stream
    await fx.drained();
    expect(await fx.count(`SELECT count(*) AS n FROM notifications.notifications WHERE related_application_id = 900000001`)).toBe(1);
    expect(await fx.applicationsCount(job)).toBe(1);
    const metrics = await (await fetch(system.url('/metrics', 'notifications'))).text();
    expect(metrics).toMatch(/events_handled_total\{[^}]*outcome="duplicate"[^}]*\} 1/);
  });

  it('a relay that crashed between publishing and marking republishes without a second effect', async () => {
    const job = await fx.job(employer.id, 'Crashed relay');
    const candidate = await fx.user('candidate', 'Rita', 'Relay');
    await system.processes.stop('applications');
    // What a relay leaves when it dies after the stream acknowledged but before its UPDATE committed.
    const client = await fx.db.connect();
    let outboxId: string;
    let applicationId: number;
    try {
      await client.query('BEGIN');
      const { rows } = await client.query(
        `INSERT INTO applications.job_applications (job_id, candidate_id, employer_id, job_title, company_name)
         VALUES ($1, $2, $3, 'Crashed relay', 'Acme') RETURNING id, applied_at`,
        [job, candidate.id, employer.id],
      );
      applicationId = rows[0].id;
      outboxId = randomUUID();
      const payload = { ...createdPayload(applicationId, job, candidate.id), job_title: 'Crashed relay', candidate_name: 'Rita Relay' };
      await client.query(`INSERT INTO applications.outbox (id, subject, payload) VALUES ($1, $2, $3)`, [
        outboxId,
        APPLICATION_CREATED.subject,
        payload,
      ]);
      await client.query('COMMIT');
      const ack = await publishCreated(outboxId, outboxId, payload);
      expect(ack.duplicate).toBe(false);
    } finally {
      client.release();
    }
    const jsm = await fx.jsm();
    const before = (await jsm.streams.info(EVENTS_STREAM)).state.messages;

    await system.startProcess('applications');
    await eventually(
      async () =>
        (await fx.count(`SELECT count(*) AS n FROM applications.outbox WHERE id = $1 AND published_at IS NOT NULL`, [outboxId])) === 1,
      20000,
    );
    expect((await jsm.streams.info(EVENTS_STREAM)).state.messages).toBe(before); // the republish was deduplicated
    await fx.drained();
    expect(await fx.count(`SELECT count(*) AS n FROM notifications.notifications WHERE related_application_id = $1`, [applicationId])).toBe(
      1,
    );
    expect(await fx.applicationsCount(job)).toBe(1);
  });

  it('parks a poison event (bad payload, or no event id) instead of retrying it forever, and counts it in /metrics', async () => {
    const eventId = randomUUID();
    await publishCreated(eventId, eventId, { application_id: 'not a number' });
    const js = (await fx.nats()).jetstream();
    await js.publish(APPLICATION_CREATED.subject, codec.encode(createdPayload(900000002, 1, 1)), { msgID: `no-event-id-${randomUUID()}` }); // no x-event-id
    await fx.drained();
    const parked = await eventually(async () => {
      const { rows } = await fx.db.query(`SELECT consumer, event_id, error FROM notifications.parked_events ORDER BY id`);
      return rows.length === 2 ? rows : undefined;
    }, 20000).then((rows) => rows!);
    expect(parked[0]).toMatchObject({
      consumer: 'notifications-notifier',
      event_id: eventId,
      error: expect.stringContaining('invalid payload'),
    });
    expect(parked[1].error).toContain('x-event-id');
    const metrics = await (await fetch(system.url('/metrics', 'notifications'))).text();
    expect(metrics).toMatch(/events_parked\{[^}]*consumer="notifications-notifier"[^}]*\} 2/);
    expect(await fx.count(`SELECT count(*) AS n FROM notifications.notifications WHERE related_application_id = 900000002`)).toBe(0);

    // An operator sees them (GET /api/admin/events/parked asks this handler of every service)...
    const listed = await system.rpc('notifications.ops.parked-list.v1', {});
    expect(listed).toEqual({ response: { total: 2, events: expect.any(Array) } });
    const [noId, badPayload] = (listed as { response: { events: Array<{ id: number; event_id: string }> } }).response.events;
    expect(badPayload.event_id).toBe(eventId);
    // ...a replay of what is still broken fails and leaves it parked...
    const failed = await system.rpc('notifications.ops.parked-replay.v1', { id: badPayload.id });
    // The error also names its catalogue message and parameters (rendered by the gateway in the reader's language).
    expect(failed).toEqual({
      err: {
        code: 'OPS.REPLAY_FAILED',
        message: expect.stringContaining('invalid payload'),
        key: 'error.ops.replay_failed',
        params: { event_id: eventId, error: expect.stringContaining('invalid payload') },
      },
    });
    expect(await system.rpc('notifications.ops.parked-replay.v1', { id: noId.id })).toEqual({
      err: {
        code: 'OPS.REPLAY_FAILED',
        message: expect.stringContaining('x-event-id'),
        key: 'error.ops.replay_failed',
        params: expect.any(Object),
      },
    });
    // ...and once the cause is fixed (here the payload), the replay applies it exactly once.
    await fx.db.query(`UPDATE notifications.parked_events SET payload = $2 WHERE id = $1`, [
      badPayload.id,
      { ...createdPayload(900000001, 990001, 1), candidate_name: 'Re Played' },
    ]);
    const replayed = await system.rpc('notifications.ops.parked-replay.v1', { id: badPayload.id });
    expect(replayed).toEqual({ response: { id: badPayload.id, event_id: eventId, outcome: 'applied' } });
    expect(
      await fx.count(
        `SELECT count(*) AS n FROM notifications.notifications WHERE related_application_id = 900000001 AND params->>'candidate' = 'Re Played'`,
      ),
    ).toBe(1);
    expect(await system.rpc('notifications.ops.parked-replay.v1', { id: badPayload.id })).toEqual({
      err: { code: 'OPS.PARKED_NOT_FOUND', message: expect.any(String) },
    });
    const metricsAfter = await (await fetch(system.url('/metrics', 'notifications'))).text();
    expect(metricsAfter).toMatch(/events_parked\{[^}]*consumer="notifications-notifier"[^}]*\} 1/);
  });

  it('with NATS stopped, requests answer 503 and store nothing; events committed meanwhile wait in the outbox and arrive once NATS is back, once each', async () => {
    const job = await fx.job(employer.id, 'NATS outage');
    const candidates = [await fx.user('candidate', 'Nat', 'Outage'), await fx.user('candidate'), await fx.user('candidate')];
    const names = ['Nat Outage', 'Test User', 'Test User'];
    await system.nats.stop();
    try {
      // Every process has noticed and left its load balancer: NATS carries every request.
      for (const name of ALL_PROCESSES) {
        await eventually(
          async () => {
            const ready = await fetch(system.url('/health/ready', name));
            const body = (await ready.json()) as { details?: { nats?: { connected?: boolean } } };
            return ready.status === 503 && body.details?.nats?.connected === false;
          },
          10000,
          200,
        );
      }
      const refused = await apply(candidates[0], job);
      expect(refused.status).toBe(503);
      expect(refused.body).toEqual({ detail: expect.any(String), code: 'SERVICE_UNAVAILABLE' });
      expect(await fx.liveRows(job)).toBe(0);
      // Facts a service committed while NATS was down (written here as the applications service writes
      // them: the row and its event in one transaction) wait in its outbox.
      for (const [i, candidate] of candidates.entries()) {
        await fx.db.query('BEGIN');
        const { rows } = await fx.db.query(
          `INSERT INTO applications.job_applications (job_id, candidate_id, employer_id, job_title, company_name)
           VALUES ($1, $2, $3, 'NATS outage', 'Outage Inc') RETURNING id, applied_at`,
          [job, candidate.id, employer.id],
        );
        await fx.db.query(`INSERT INTO applications.outbox (id, subject, payload) VALUES ($1, $2, $3)`, [
          randomUUID(),
          APPLICATION_CREATED.subject,
          JSON.stringify({
            application_id: rows[0].id,
            job_id: job,
            candidate_id: candidate.id,
            employer_id: employer.id,
            job_title: 'NATS outage',
            candidate_name: names[i],
            applied_at: rows[0].applied_at,
          }),
        ]);
        await fx.db.query('COMMIT');
      }
      const pending = await eventually(async () => {
        const text = await (await fetch(system.url('/metrics', 'applications'))).text();
        return /outbox_pending\{[^}]*\} 3\b/.test(text) ? text : undefined;
      });
      expect(pending).toMatch(/outbox_lag_seconds\{[^}]*\} [0-9.]+/);
      expect(await newApplicationNotifications([job])).toBe(0);
    } finally {
      await system.nats.start();
    }
    await eventually(async () => (await newApplicationNotifications([job])) === 3, 60000, 250);
    const named = await fx.db.query(
      `SELECT params FROM notifications.notifications WHERE type = 'new_application' AND related_job_id = $1 AND params->>'candidate' LIKE '%Nat Outage%'`,
      [job],
    );
    expect(named.rows).toHaveLength(1);
    for (const name of ALL_PROCESSES)
      await eventually(async () => (await fetch(system.url('/health/ready', name))).status === 200, 20000, 200);
    const other = await fx.user('candidate');
    expect((await apply(other, job)).status).toBe(201);
    await eventually(async () => (await newApplicationNotifications([job])) === 4, 30000, 250);
    await expectCountsExact([job]);
  });

  it("USER_DELETED removes a candidate's applications (APPLICATION_DELETED lowers the counts) and notifications; JOB_DELETED removes a job's applications", async () => {
    const job = await fx.job(employer.id, 'Deleted user');
    const gone = await fx.user('candidate', 'Gone', 'Soon');
    const stays = await fx.user('candidate');
    const applied = await apply(gone, job);
    expect(applied.status).toBe(201);
    expect((await apply(stays, job)).status).toBe(201);
    const viewed = await system.request('PUT', `/api/applications/employer/applications/${applied.body.id}/status`, {
      token: employer.token,
      body: { status: 'viewed' },
    });
    expect(viewed.status).toBe(200);
    await eventually(
      async () => (await fx.count(`SELECT count(*) AS n FROM notifications.notifications WHERE user_id = $1`, [gone.id])) === 1,
      20000,
    );
    await eventually(async () => (await fx.applicationsCount(job)) === 2, 20000);
    // An archived notification (maintenance moves old ones) goes with the user too.
    await fx.db.query(
      `INSERT INTO notifications.notifications_archive (id, user_id, type, title, message, is_read, created_at)
       VALUES (990000001, $1, 'system', 'Old', 'Old one', true, now() - interval '1 year')`,
      [gone.id],
    );

    const js = (await fx.nats()).jetstream();
    const publish = async (subject: string, payload: object) => {
      const id = randomUUID();
      const h = natsHeaders();
      h.set(EVENT_ID_HEADER, id);
      await js.publish(subject, codec.encode(payload), { msgID: id, headers: h });
    };
    await publish(USER_DELETED.subject, { user_id: gone.id, role: 'candidate' });
    await eventually(
      async () => (await fx.count(`SELECT count(*) AS n FROM applications.job_applications WHERE candidate_id = $1`, [gone.id])) === 0,
      20000,
    );
    const { rows } = await fx.db.query(`SELECT payload FROM applications.outbox WHERE subject = $1`, [APPLICATION_DELETED.subject]);
    expect(rows.map((r) => r.payload)).toEqual([expect.objectContaining({ application_id: applied.body.id, job_id: job, counted: true })]);
    await eventually(
      async () => (await fx.count(`SELECT count(*) AS n FROM notifications.notifications WHERE user_id = $1`, [gone.id])) === 0,
      20000,
    );
    await eventually(async () => (await fx.applicationsCount(job)) === 1, 20000);
    expect(await fx.count(`SELECT count(*) AS n FROM notifications.notification_counters WHERE user_id = $1`, [gone.id])).toBe(0);
    expect(await fx.count(`SELECT count(*) AS n FROM notifications.notifications_archive WHERE user_id = $1`, [gone.id])).toBe(0);

    await publish(JOB_DELETED.subject, { job_id: job, employer_id: employer.id });
    await eventually(
      async () => (await fx.count(`SELECT count(*) AS n FROM applications.job_applications WHERE job_id = $1`, [job])) === 0,
      20000,
    );
    await fx.drained();
  });

  it('a kill -9 of the applications service during a burst of applies loses nothing and doubles nothing', async () => {
    const jobs = [await fx.job(employer.id, 'Burst A'), await fx.job(employer.id, 'Burst B')];
    await eventually(async () => (await system.request('GET', '/api/system/ping/applications')).status === 200, 30000, 250);
    const candidates = await Promise.all(Array.from({ length: 30 }, () => fx.user('candidate')));
    let answered = 0;
    const burst = Fixtures.pool(
      candidates.flatMap((c) =>
        jobs.map((job) => async () => {
          const res = await apply(c, job);
          answered += 1;
          return res.status;
        }),
      ),
      6,
    );
    await eventually(async () => answered >= 15, 30000, 20);
    await system.processes.kill('applications');
    const statuses = await burst;
    expect(statuses.filter((s) => s === 201).length).toBeGreaterThanOrEqual(15);
    await system.startProcess('applications');
    // Whatever the kill cut off can be sent again: a committed one answers 409, the others 201.
    for (const c of candidates) for (const job of jobs) expect([201, 409]).toContain((await apply(c, job)).status);
    expect(await fx.count(`SELECT count(*) AS n FROM applications.job_applications WHERE job_id = ANY($1::int[])`, [jobs])).toBe(60);
    await eventually(async () => (await newApplicationNotifications(jobs)) >= 60, 60000, 250);
    await expectCountsExact(jobs);
  });

  it('a kill -9 of the notifications service while it handles a backlog: redelivered events have one effect each', async () => {
    await system.processes.stop('notifications');
    const job = await fx.job(employer.id, 'Consumer crash');
    const candidates = await Promise.all(Array.from({ length: 60 }, () => fx.user('candidate')));
    const statuses = await Fixtures.pool(
      candidates.map((c) => async () => (await apply(c, job)).status),
      8,
    );
    expect(statuses.every((s) => s === 201)).toBe(true);
    // Started without waiting for ready, so the kill lands while the backlog is being handled.
    system.processes.start('notifications', system.env);
    await eventually(async () => (await newApplicationNotifications([job])) >= 5, 60000, 10);
    await system.processes.kill('notifications'); // mid-backlog: some handled, some in flight, some not delivered
    const handledBeforeKill = await newApplicationNotifications([job]);
    expect(handledBeforeKill).toBeLessThan(60);
    await system.startProcess('notifications');
    // In-flight ones come back after the 30 s ack wait, as redeliveries.
    await eventually(async () => (await newApplicationNotifications([job])) === 60, 90000, 500);
    const metrics = await (await fetch(system.url('/metrics', 'notifications'))).text();
    expect(metrics).toMatch(/events_redelivered_total\{[^}]*consumer="notifications-notifier"[^}]*\} [1-9]/);
    await expectCountsExact([job]);
  }, 180000);
});
