import { BeforeApplicationShutdown, Injectable, MessageEvent } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { COMMON_ERRORS, DEFAULT_LOCALE, Locale, msg, NOTIFICATIONS_ERRORS, NotificationPushed, notificationStreamSubject } from '@app/contracts';
import { DomainError, Metrics, NatsConnectionService } from '@app/common';
import { JSONCodec, NatsConnection, Subscription } from 'nats';
import { Observable, Subscriber } from 'rxjs';
import { UserStatusCache } from '../security';
import { renderNotification } from './render-notification';

/** Comment-free keep-alive: proxies and browsers see traffic at least this often. */
export const HEARTBEAT_MS = 25000;
/** A stream ticket is good for this long after it was issued (it opens a stream, nothing else). */
export const TICKET_TTL_S = 60;
const TICKET_TYPE = 'notifications-stream';

const codec = JSONCodec<NotificationPushed>();

/**
 * The live half of notifications: one core NATS subscription on the user's subject per open
 * Server-Sent Events stream, dropped when the client goes away.
 */
@Injectable()
export class NotificationStreamService implements BeforeApplicationShutdown {
  private readonly open = new Map<Subscription, Subscriber<MessageEvent>>();
  private readonly pushed;

  constructor(
    private readonly nats: NatsConnectionService,
    private readonly jwt: JwtService,
    private readonly statuses: UserStatusCache,
    metrics: Metrics,
  ) {
    metrics.gauge('notification_streams_open', 'Open live notification streams (SSE)', [], (g) => g.set(this.open.size));
    this.pushed = metrics.counter('notification_stream_pushed_total', 'Notifications pushed to live streams');
  }

  /** A short-lived token for `GET /api/notifications/stream?ticket=` (EventSource cannot send headers). */
  async issueTicket(userId: number): Promise<{ ticket: string; expires_in: number }> {
    const ticket = await this.jwt.signAsync({ sub: String(userId), type: TICKET_TYPE }, { expiresIn: TICKET_TTL_S });
    return { ticket, expires_in: TICKET_TTL_S };
  }

  /** The user a ticket was issued to (and their language), if it is valid and the user still exists and is active. */
  async userOfTicket(ticket: string): Promise<{ id: number; locale: Locale }> {
    let claims: { sub?: string; type?: string };
    try {
      claims = await this.jwt.verifyAsync(ticket, { algorithms: ['HS256'] });
    } catch {
      throw invalidTicket();
    }
    const id = Number(claims.sub);
    if (claims.type !== TICKET_TYPE || !Number.isInteger(id)) throw invalidTicket();
    const status = await this.statuses.get(id);
    if (!status.exists || !status.is_active) throw invalidTicket();
    return { id, locale: status.locale ?? DEFAULT_LOCALE };
  }

  /** The user's language now (a change shows in the open stream within the status cache's seconds); `known` if auth does not answer. */
  private async localeOf(userId: number, known: Locale): Promise<Locale> {
    try {
      return (await this.statuses.get(userId)).locale ?? known;
    } catch {
      return known;
    }
  }

  stream(userId: number, locale: Locale): Observable<MessageEvent> {
    // Live pushes travel on NATS: with no connection yet (started during an outage) there is no stream.
    let nc: NatsConnection;
    try {
      nc = this.nats.connection;
    } catch {
      throw new DomainError(COMMON_ERRORS.SERVICE_UNAVAILABLE, msg('error.stream.unavailable'));
    }
    return new Observable<MessageEvent>((subscriber) => {
      const subscription = nc.subscribe(notificationStreamSubject(userId));
      this.open.set(subscription, subscriber);
      void (async () => {
        for await (const msg of subscription) {
          let pushed: NotificationPushed;
          try {
            pushed = codec.decode(msg.data);
          } catch {
            continue;
          }
          const notification = { ...renderNotification(await this.localeOf(userId, locale), pushed), unread_count: pushed.unread_count };
          this.pushed.inc();
          subscriber.next({ type: 'notification', id: String(notification.id), data: notification });
        }
      })();
      // 'ready' once the server has the subscription: nothing committed after it is missed.
      nc.flush()
        .then(() => subscriber.next({ type: 'ready', data: { user_id: userId, heartbeat_ms: HEARTBEAT_MS } }))
        .catch(() => undefined);
      const heartbeat = setInterval(() => subscriber.next({ type: 'heartbeat', data: { time: new Date().toISOString() } }), HEARTBEAT_MS);
      return () => {
        clearInterval(heartbeat);
        this.open.delete(subscription);
        subscription.unsubscribe();
      };
    });
  }

  /** Ends every open stream before the HTTP server closes: it waits for open responses, and SSE ones never end by themselves. */
  beforeApplicationShutdown(): void {
    for (const [subscription, subscriber] of [...this.open]) {
      subscription.unsubscribe();
      subscriber.complete();
    }
    this.open.clear();
  }
}

function invalidTicket(): DomainError {
  return new DomainError(NOTIFICATIONS_ERRORS.INVALID_STREAM_TICKET);
}
