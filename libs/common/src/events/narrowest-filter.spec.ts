import { narrowestFilter } from './event-consumers.service';

describe('narrowestFilter', () => {
  it('keeps a single subject, and widens several to their common tokens', () => {
    expect(narrowestFilter(['events.auth.user.deleted.v1'])).toBe('events.auth.user.deleted.v1');
    expect(
      narrowestFilter([
        'events.applications.application.created.v1',
        'events.applications.application.withdrawn.v1',
        'events.applications.application.deleted.v1',
      ]),
    ).toBe('events.applications.application.>');
    expect(narrowestFilter(['events.auth.user.deleted.v1', 'events.jobs.job.deleted.v1'])).toBe('events.>');
  });

  it('never widens past the last token of the shortest subject', () => {
    expect(narrowestFilter(['events.a.v1', 'events.a.v1.x'])).toBe('events.a.>');
  });
});
