import 'reflect-metadata';
import { createTestDatabase, migrateService, MIGRATIONS, revertService, TestDatabase } from '@app/db';
import { Client } from 'pg';

/**
 * Migration NotificationsParams1764720000000 on an installation with notifications written in English:
 * the notifier's two sentences become parameters (live table and archive), anything else keeps its
 * text; `down` gives rows written since their English text back.
 */
describe('notifications.params backfill', () => {
  let db: TestDatabase;
  let admin: Client;

  beforeAll(async () => {
    db = await createTestDatabase('i18nbackfill');
    admin = new Client({ connectionString: db.url });
    await admin.connect();
  });

  afterAll(async () => {
    await admin?.end();
    await db?.drop();
  });

  it('parses the old English sentences into parameters, keeps any other text, and reverts', async () => {
    const names = MIGRATIONS.notifications.map((m) => m.name);
    const from = names.slice(names.indexOf('NotificationsParams1764720000000'));
    expect(await revertService('notifications', db.config, process.env, from.length)).toEqual([...from].reverse());
    await admin.query(`
      INSERT INTO notifications.notifications (id, user_id, type, title, message) OVERRIDING SYSTEM VALUE VALUES
        (1, 7, 'new_application', 'New application received', 'Ada Lovelace applied to your job "Dev "senior"".'),
        (2, 8, 'status_change', 'Application status updated', 'Your application to "Dev" was moved to the interview stage.'),
        (3, 8, 'status_change', 'Application status updated', 'Your application to "Ops" was not retained.'),
        (4, 8, 'status_change', 'Application status updated', 'Your application to "QA" was frobnicated.'),
        (5, 9, 'system', 'Bienvenue', 'Votre compte est prêt.');
      INSERT INTO notifications.notifications_archive (id, user_id, type, title, message, is_read, created_at) VALUES
        (6, 8, 'status_change', 'Application status updated', 'Your application to "Old" was viewed by the employer.', true, now() - interval '1 year');
    `);

    expect(await migrateService('notifications', db.config)).toEqual(from);
    const rows = async (table: string) =>
      (await admin.query(`SELECT id::int, params, title, message FROM notifications.${table} ORDER BY id`)).rows;
    expect(await rows('notifications')).toEqual([
      { id: 1, params: { candidate: 'Ada Lovelace', job: 'Dev "senior"' }, title: 'New application received', message: expect.any(String) },
      { id: 2, params: { job: 'Dev', status: 'interview' }, title: 'Application status updated', message: expect.any(String) },
      { id: 3, params: { job: 'Ops', status: 'rejected' }, title: 'Application status updated', message: expect.any(String) },
      { id: 4, params: null, title: 'Application status updated', message: 'Your application to "QA" was frobnicated.' },
      { id: 5, params: null, title: 'Bienvenue', message: 'Votre compte est prêt.' },
    ]);
    expect(await rows('notifications_archive')).toEqual([
      { id: 6, params: { job: 'Old', status: 'viewed' }, title: 'Application status updated', message: expect.any(String) },
    ]);

    // A row written since (parameters only) gets its English text back when the migration is reverted.
    await admin.query(
      `INSERT INTO notifications.notifications (id, user_id, type, params) OVERRIDING SYSTEM VALUE VALUES (10, 7, 'new_application', '{"candidate": "Sam", "job": "Ops"}')`,
    );
    expect(await revertService('notifications', db.config, process.env, from.length)).toEqual([...from].reverse());
    const { rows: reverted } = await admin.query(`SELECT title, message FROM notifications.notifications WHERE user_id = 7 ORDER BY id`);
    expect(reverted).toEqual([
      { title: 'New application received', message: 'Ada Lovelace applied to your job "Dev "senior"".' },
      { title: 'New application received', message: 'Sam applied to your job "Ops".' },
    ]);
    expect(await migrateService('notifications', db.config)).toEqual(from);
  });
});
