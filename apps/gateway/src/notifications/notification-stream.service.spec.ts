import { JwtService } from '@nestjs/jwt';
import { Metrics, NatsConnectionService } from '@app/common';
import { UserStatusResponse } from '@app/contracts';
import { GatewayConfig } from '../gateway.config';
import { UserStatusCache } from '../security';
import { NotificationStreamService, TICKET_TTL_S } from './notification-stream.service';

describe('NotificationStreamService tickets', () => {
  const jwt = new JwtService({ secret: 'a-test-secret-that-is-long-enough-0123456789' });
  const statuses: Record<number, UserStatusResponse> = {
    7: { exists: true, is_active: true, role: 'employer', tokens_valid_after: null, locale: 'en' },
    8: { exists: true, is_active: false, role: 'candidate', tokens_valid_after: null },
    10: { exists: true, is_active: true, role: 'candidate', tokens_valid_after: '2026-01-01T00:00:10.000Z' },
  };
  const cache = { get: async (id: number) => statuses[id] ?? { exists: false, is_active: false, role: null, tokens_valid_after: null } };
  const service = new NotificationStreamService(
    {} as NatsConnectionService,
    jwt,
    cache as unknown as UserStatusCache,
    new Metrics('unit'),
    new GatewayConfig(),
  );

  it('issues a short-lived ticket that names its user', async () => {
    const { ticket, expires_in } = await service.issueTicket(7);
    expect(expires_in).toBe(TICKET_TTL_S);
    expect(await service.ownerOfTicket(ticket)).toEqual({ userId: 7, issuedAt: expect.any(Number), locale: 'en' });
    const claims = jwt.decode<{ exp: number; iat: number }>(ticket);
    expect(claims.exp - claims.iat).toBe(TICKET_TTL_S);
  });

  it('refuses an access token, a forged or expired ticket, and a deactivated user', async () => {
    const access = await jwt.signAsync({ sub: '7', type: 'access' });
    await expect(service.ownerOfTicket(access)).rejects.toMatchObject({
      code: 'NOTIFICATIONS.INVALID_STREAM_TICKET',
      error: { status: 401 },
    });
    const forged = await new JwtService({ secret: 'another-secret-that-is-long-enough-0123456789' }).signAsync({
      sub: '7',
      type: 'notifications-stream',
    });
    await expect(service.ownerOfTicket(forged)).rejects.toMatchObject({
      code: 'NOTIFICATIONS.INVALID_STREAM_TICKET',
      error: { status: 401 },
    });
    const expired = await jwt.signAsync({ sub: '7', type: 'notifications-stream' }, { expiresIn: -10 });
    await expect(service.ownerOfTicket(expired)).rejects.toMatchObject({
      code: 'NOTIFICATIONS.INVALID_STREAM_TICKET',
      error: { status: 401 },
    });
    const inactive = (await service.issueTicket(8)).ticket;
    await expect(service.ownerOfTicket(inactive)).rejects.toMatchObject({
      code: 'NOTIFICATIONS.INVALID_STREAM_TICKET',
      error: { status: 401 },
    });
    const unknown = (await service.issueTicket(9)).ticket;
    await expect(service.ownerOfTicket(unknown)).rejects.toMatchObject({
      code: 'NOTIFICATIONS.INVALID_STREAM_TICKET',
      error: { status: 401 },
    });
  });

  it("carries the access token's issued-at: a ticket asked for with a token revoked since is refused", async () => {
    const revokedAt = Date.parse('2026-01-01T00:00:10.000Z') / 1000;
    await expect(service.ownerOfTicket((await service.issueTicket(10, revokedAt - 1)).ticket)).rejects.toMatchObject({
      code: 'NOTIFICATIONS.INVALID_STREAM_TICKET',
      error: { status: 401 },
    });
    expect(await service.ownerOfTicket((await service.issueTicket(10, revokedAt)).ticket)).toEqual({
      userId: 10,
      issuedAt: revokedAt,
      locale: 'fr',
    });
  });
});
