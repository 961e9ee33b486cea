import { serviceOfSubject } from './service-client';

describe('serviceOfSubject', () => {
  it('names the service that answers a subject by its first segment', () => {
    expect(serviceOfSubject('applications.application.apply.v1')).toBe('applications');
    expect(serviceOfSubject('auth.user.status.v1')).toBe('auth');
  });

  it('knows no service for other subjects', () => {
    expect(serviceOfSubject('gateway.anything.v1')).toBeUndefined();
    expect(serviceOfSubject('events.applications.application.created.v1')).toBeUndefined();
    expect(serviceOfSubject('nodots')).toBeUndefined();
  });
});
