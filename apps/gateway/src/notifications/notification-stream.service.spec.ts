import { JwtService } from '@nestjs/jwt';
import { Metrics, NatsConnectionService } from '@app/common';
import { UserStatusResponse } from '@app/contracts';
import { UserStatusCache } from '../security';
import { NotificationStreamService, TICKET_TTL_S } from './notification-stream.service';

describe('NotificationStreamService tickets', () => {
  const jwt = new JwtService({ secret: 'a-test-secret-that-is-long-enough-0123456789' });
  const statuses: Record<number, UserStatusResponse> = {
    7: { exists: true, is_active: true, role: 'employer', tokens_valid_after: null, locale: 'en' },
    8: { exists: true, is_active: false, role: 'candidate', tokens_valid_after: null },
  };
  const cache = { get: async (id: number) => statuses[id] ?? { exists: false, is_active: false, role: null, tokens_valid_after: null } };
  const service = new NotificationStreamService({} as NatsConnectionService, jwt, cache as unknown as UserStatusCache, new Metrics('unit'));

  it('issues a short-lived ticket that names its user', async () => {
    const { ticket, expires_in } = await service.issueTicket(7);
    expect(expires_in).toBe(TICKET_TTL_S);
    expect(await service.userOfTicket(ticket)).toEqual({ id: 7, locale: 'en' });
    const claims = jwt.decode(ticket) as { exp: number; iat: number };
    expect(claims.exp - claims.iat).toBe(TICKET_TTL_S);
  });

  it('refuses an access token, a forged or expired ticket, and a deactivated user', async () => {
    const access = await jwt.signAsync({ sub: '7', type: 'access' });
    await expect(service.userOfTicket(access)).rejects.toMatchObject({ code: 'NOTIFICATIONS.INVALID_STREAM_TICKET', error: { status: 401 } });
    const forged = await new JwtService({ secret: 'another-secret-that-is-long-enough-0123456789' }).signAsync({ sub: '7', type: 'notifications-stream' });
    await expect(service.userOfTicket(forged)).rejects.toMatchObject({ code: 'NOTIFICATIONS.INVALID_STREAM_TICKET', error: { status: 401 } });
    const expired = await jwt.signAsync({ sub: '7', type: 'notifications-stream' }, { expiresIn: -10 });
    await expect(service.userOfTicket(expired)).rejects.toMatchObject({ code: 'NOTIFICATIONS.INVALID_STREAM_TICKET', error: { status: 401 } });
    const inactive = (await service.issueTicket(8)).ticket;
    await expect(service.userOfTicket(inactive)).rejects.toMatchObject({ code: 'NOTIFICATIONS.INVALID_STREAM_TICKET', error: { status: 401 } });
    const unknown = (await service.issueTicket(9)).ticket;
    await expect(service.userOfTicket(unknown)).rejects.toMatchObject({ code: 'NOTIFICATIONS.INVALID_STREAM_TICKET', error: { status: 401 } });
  });
});
