import { readFileSync } from 'node:fs';
import { composeNatsConfig, NATS_CONF_FILE } from './nats-config';
import { natsPermissions, NATS_USERS } from './lib/nats-auth';

describe('NATS users and permissions', () => {
  it('ops/nats/nats.conf is generated from the table (else run `npm run compile && node dist/tools/nats-config.js`)', () => {
    expect(readFileSync(NATS_CONF_FILE, 'utf8')).toBe(composeNatsConfig());
    expect(composeNatsConfig()).not.toMatch(/no_auth_user/);
  });

  it('gives each user its own inbox, and the services only their own requests and events', () => {
    for (const user of NATS_USERS) expect(natsPermissions(user).subscribe.allow).toContain(`_INBOX.${user}.>`);
    const jobs = natsPermissions('jobs');
    expect(jobs.subscribe.allow).toEqual(['_INBOX.jobs.>', 'jobs.>']);
    expect(jobs.publish.allow).toContain('events.jobs.>');
    expect(jobs.publish.allow.filter((s) => s.startsWith('events.'))).toEqual(['events.jobs.>']);
    expect(jobs.publish.allow).toContain('$JS.API.CONSUMER.MSG.NEXT.INTOWORK_EVENTS.jobs-user-deleted');
    expect(jobs.publish.allow.some((s) => s.includes('notifications-') || s === '>' || s === '$JS.API.>')).toBe(false);
    expect(jobs.allow_responses).toBe(true);
    expect(natsPermissions('applications').publish.allow).toContain('auth.user.get-many.v1');
    const gateway = natsPermissions('gateway');
    expect(gateway.publish.deny).toEqual(['auth.admin.create.v1', 'notifications.stream.v1.>']);
    expect(gateway.allow_responses).toBeUndefined();
    expect(natsPermissions('tools').publish.allow).toEqual(['auth.admin.create.v1', 'auth.account.signup.v1', '$JS.API.INFO']);
  });
});
