/**
 * Retention of the event tables and the notification archive (docs/operations.md "Retention"), on the real services:
 * processed_events rows are deleted only once no copy of their event can be delivered again (older than the
 * live stream's max age plus its duplicate window), a late copy of an event (a relay's republish) is still
 * recognised as a duplicate and renews its row, and parked events and archived notifications go after their
 * settings' days.
 */
import { randomUUID } from 'node:crypto';
import { headers as natsHeaders, connect, NatsConnection } from 'nats';
import { Client } from 'pg';
import { EVENTS_STREAM, OPS_MAINTENANCE_RUN, SERVICE_NAMES, ServiceName, USER_DELETED } from '@app/contracts';
import { PROCESSED_EVENTS_RETENTION_MS } from '@app/common/events/event-stream';
import { eventually, TestSystem } from '../support/test-system';

jest.setTimeout(180_000);

describe('retention (maintenance purges)', () => {
  let system: TestSystem;
  let db: Client;
  let nc: NatsConnection;

  beforeAll(async () => {
    system = await TestSystem.start('retention', {}, ['auth', 'jobs', 'applications', 'notifications']);
    db = new Client({ connectionString: system.databaseUrl });
    await db.connect();
    nc = await connect(system.natsOptions());
  });

  afterAll(async () => {
    await nc?.close();
    await db?.end();
    await system?.stop();
  });

  async function runMaintenance(service: ServiceName): Promise<Record<string, number>> {
    const reply = await system.rpc(OPS_MAINTENANCE_RUN[service].subject, {});
    const tasks = (reply as { response: { tasks: Array<{ task: string; ran: boolean; rows: number; error?: string }> } }).response.tasks;
    for (const task of tasks) expect(task).toEqual({ task: task.task, ran: true, rows: expect.any(Number) });
    return Object.fromEntries(tasks.map((t) => [t.task, t.rows]));
  }

  it('keeps processed_events for exactly the live stream max age plus its duplicate window', async () => {
    const info = await (await nc.jetstreamManager()).streams.info(EVENTS_STREAM);
    const liveMs = (info.config.max_age + info.config.duplicate_window) / 1e6;
    expect(PROCESSED_EVENTS_RETENTION_MS).toBe(liveMs);

    const retention = `${PROCESSED_EVENTS_RETENTION_MS} milliseconds`;
    for (const service of SERVICE_NAMES) {
      await db.query(
        `INSERT INTO ${service}.processed_events (consumer, event_id, processed_at)
         VALUES ('retention-test', $1, now() - $3::interval + interval '1 minute'),
                ('retention-test', $2, now() - $3::interval - interval '1 minute')`,
        [randomUUID(), randomUUID(), retention],
      );
      const rows = await runMaintenance(service);
      expect(rows['processed-events-purge']).toBe(1);
      const left = await db.query(
        `SELECT processed_at > now() - $1::interval AS young FROM ${service}.processed_events WHERE consumer = 'retention-test'`,
        [retention],
      );
      expect(left.rows).toEqual([{ young: true }]);
    }
  });

  it('a late copy of a processed event has no second effect and renews its row, which is purged only after the window', async () => {
    // An event the notifications consumer acts on: USER_DELETED deletes the user's notifications.
    const userId = 990001;
    const {
      rows: [{ id: eventId }],
    } = await db.query(`INSERT INTO auth.outbox (subject, payload) VALUES ($1, $2) RETURNING id`, [
      USER_DELETED.subject,
      { user_id: userId, role: 'candidate' },
    ]);
    const row = async () =>
      (await db.query(`SELECT consumer, processed_at FROM notifications.processed_events WHERE event_id = $1`, [eventId])).rows[0] as
        { consumer: string; processed_at: Date } | undefined;
    const first = (await eventually(row, 30_000))!;

    // A notification made after the event was processed: a second effect of the event would delete it.
    await db.query(`INSERT INTO notifications.notifications (user_id, type, title, message) VALUES ($1, 'system', 'after', 'm')`, [userId]);
    // The relay publishes the same event again past the duplicate window (a new message id, same event id),
    // as it does when it could not mark the row published before an outage; the row is almost at the limit.
    await db.query(
      `UPDATE notifications.processed_events SET processed_at = now() - $2::interval + interval '1 minute' WHERE event_id = $1`,
      [eventId, `${PROCESSED_EVENTS_RETENTION_MS} milliseconds`],
    );
    const stored = await (await nc.jetstreamManager()).streams.getMessage(EVENTS_STREAM, { last_by_subj: USER_DELETED.subject });
    const copy = natsHeaders();
    for (const [key, values] of stored.header) if (key.toLowerCase() !== 'nats-msg-id') for (const value of values) copy.append(key, value);
    await nc.jetstream().publish(USER_DELETED.subject, stored.data, { msgID: randomUUID(), headers: copy });

    const renewed = (await eventually(async () => {
      const now = await row();
      return now && now.processed_at.getTime() > first.processed_at.getTime() ? now : undefined;
    }, 30_000))!;
    expect(renewed.consumer).toBe(first.consumer);
    expect((await db.query(`SELECT count(*)::int AS n FROM notifications.notifications WHERE user_id = $1`, [userId])).rows[0].n).toBe(1);

    // Renewed: the copy may still be redelivered, so the purge keeps it...
    await runMaintenance('notifications');
    expect(await row()).toBeDefined();
    // ...until that copy too is past the stream's max age and duplicate window.
    await db.query(
      `UPDATE notifications.processed_events SET processed_at = now() - $2::interval - interval '1 second' WHERE event_id = $1`,
      [eventId, `${PROCESSED_EVENTS_RETENTION_MS} milliseconds`],
    );
    expect((await runMaintenance('notifications'))['processed-events-purge']).toBeGreaterThanOrEqual(1);
    expect(await row()).toBeUndefined();
  });

  it('deletes parked events after PARKED_EVENTS_RETENTION_DAYS (30) and archived notifications after NOTIFICATIONS_ARCHIVE_RETENTION_DAYS (730)', async () => {
    for (const service of SERVICE_NAMES) {
      await db.query(
        `INSERT INTO ${service}.parked_events (consumer, event_id, subject, payload, error, deliveries, parked_at)
         VALUES ('retention-test', 'old', 'events.test.v1', '{}', 'poison', 5, now() - interval '30 days 1 minute'),
                ('retention-test', 'kept', 'events.test.v1', '{}', 'poison', 5, now() - interval '29 days 23 hours')`,
      );
      expect((await runMaintenance(service))['parked-events-purge']).toBe(1);
      const left = await db.query(`SELECT event_id FROM ${service}.parked_events WHERE consumer = 'retention-test'`);
      expect(left.rows).toEqual([{ event_id: 'kept' }]);
    }

    await db.query(
      `INSERT INTO notifications.notifications_archive (id, user_id, type, title, message, is_read, created_at)
       VALUES (-1, 990002, 'system', 'old', 'm', true, now() - interval '730 days 1 minute'),
              (-2, 990002, 'system', 'kept', 'm', true, now() - interval '729 days')`,
    );
    expect((await runMaintenance('notifications'))['notifications-archive-purge']).toBe(1);
    const archive = await db.query(`SELECT title FROM notifications.notifications_archive WHERE user_id = 990002`);
    expect(archive.rows).toEqual([{ title: 'kept' }]);
  });
});
