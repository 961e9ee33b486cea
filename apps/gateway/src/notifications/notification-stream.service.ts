import { BeforeApplicationShutdown, Injectable, MessageEvent, OnModuleInit } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import {
  COMMON_ERRORS,
  DEFAULT_LOCALE,
  Locale,
  msg,
  NOTIFICATIONS_ERRORS,
  NotificationPushed,
  notificationStreamSubject,
  UserStatusResponse,
} from '@app/contracts';
import { DomainError, Metrics, NatsConnectionService } from '@app/common';
import { JSONCodec, NatsConnection, Subscription } from 'nats';
import { Observable, Subscriber } from 'rxjs';
import { GatewayConfig } from '../gateway.config';
import { tokenRevoked, UserStatusCache } from '../security';
import { renderNotification } from './render-notification';

/** Comment-free keep-alive: proxies and browsers see traffic at least this often. */
const HEARTBEAT_MS = 25000;
/** A stream ticket is good for this long after it was issued (it opens a stream, nothing else). */
export const TICKET_TTL_S = 60;
const TICKET_TYPE = 'notifications-stream';

const codec = JSONCodec<NotificationPushed>();

/**
 * Who opened a stream: the user, the issued-at (seconds) of the access token that opened it, directly
 * or through a ticket, and the user's language when it opened.
 */
export interface StreamOwner {
  userId: number;
  issuedAt: number;
  locale: Locale;
}

interface OpenStream extends StreamOwner {
  subscription: Subscription;
  subscriber: Subscriber<MessageEvent>;
}

/**
 * The live half of notifications: one core NATS subscription on the user's subject per open
 * Server-Sent Events stream, dropped when the client goes away, and ended (an `end` event, then the
 * response ends) once its session is over: the user deactivated or deleted, or the token that opened
 * it revoked (password change or reset, sign-out everywhere). At most NOTIFICATION_STREAMS_PER_USER
 * per user on this gateway.
 */
@Injectable()
export class NotificationStreamService implements OnModuleInit, BeforeApplicationShutdown {
  private readonly open = new Map<Subscription, OpenStream>();
  private readonly byUser = new Map<number, Set<OpenStream>>();
  private readonly pushed;
  private readonly ended;
  private checker?: NodeJS.Timeout;

  constructor(
    private readonly nats: NatsConnectionService,
    private readonly jwt: JwtService,
    private readonly statuses: UserStatusCache,
    metrics: Metrics,
    private readonly config: GatewayConfig,
  ) {
    metrics.gauge('notification_streams_open', 'Open live notification streams (SSE)', [], (g) => g.set(this.open.size));
    this.pushed = metrics.counter('notification_stream_pushed_total', 'Notifications pushed to live streams');
    this.ended = metrics.counter('notification_streams_ended_total', 'Live streams ended because their session was over', ['reason']);
  }

  onModuleInit(): void {
    this.checker = setInterval(() => void this.checkSessions(), this.config.NOTIFICATION_STREAM_CHECK_MS);
    this.checker.unref();
  }

  /**
   * A short-lived token for `GET /api/notifications/stream?ticket=` (EventSource cannot send headers).
   * It carries the issued-at of the access token it was asked with, so a revocation of that token ends the stream too.
   */
  async issueTicket(userId: number, sessionIat = Math.floor(Date.now() / 1000)): Promise<{ ticket: string; expires_in: number }> {
    const ticket = await this.jwt.signAsync(
      { sub: String(userId), type: TICKET_TYPE, session_iat: sessionIat },
      { expiresIn: TICKET_TTL_S },
    );
    return { ticket, expires_in: TICKET_TTL_S };
  }

  /** Who a ticket was issued to, if it is valid, the user still exists and is active, and the session was not revoked. */
  async ownerOfTicket(ticket: string): Promise<StreamOwner> {
    let claims: { sub?: string; type?: string; session_iat?: unknown; iat?: number };
    try {
      claims = await this.jwt.verifyAsync(ticket, { algorithms: ['HS256'] });
    } catch {
      throw invalidTicket();
    }
    const id = Number(claims.sub);
    if (claims.type !== TICKET_TYPE || !Number.isInteger(id)) throw invalidTicket();
    const issuedAt = typeof claims.session_iat === 'number' ? claims.session_iat : (claims.iat ?? 0);
    const status = await this.statuses.get(id);
    if (!status.exists || !status.is_active || tokenRevoked(status, issuedAt)) throw invalidTicket();
    return { userId: id, issuedAt, locale: status.locale ?? DEFAULT_LOCALE };
  }

  /** The user's language now (a change shows in the open stream within the status cache's seconds); the one it opened with if auth does not answer. */
  private async localeOf(owner: StreamOwner): Promise<Locale> {
    try {
      return (await this.statuses.get(owner.userId)).locale ?? owner.locale;
    } catch {
      return owner.locale;
    }
  }

  stream(owner: StreamOwner): Observable<MessageEvent> {
    const { userId } = owner;
    // Refused rather than closing the oldest: a closed EventSource reconnects by itself, so closing
    // the oldest would have one tab too many and the oldest take turns forever; a 429 is not retried.
    if (this.streamsOf(userId) >= this.config.NOTIFICATION_STREAMS_PER_USER) {
      throw new DomainError(
        NOTIFICATIONS_ERRORS.TOO_MANY_STREAMS,
        msg('error.stream.too_many', { max: this.config.NOTIFICATION_STREAMS_PER_USER }),
      );
    }
    // Live pushes travel on NATS: with no connection yet (started during an outage) there is no stream.
    let nc: NatsConnection;
    try {
      nc = this.nats.connection;
    } catch {
      throw new DomainError(COMMON_ERRORS.SERVICE_UNAVAILABLE, msg('error.stream.unavailable'));
    }
    return new Observable<MessageEvent>((subscriber) => {
      // Opens racing past the check above (Nest subscribes after awaiting the handler) end at once.
      if (this.streamsOf(userId) >= this.config.NOTIFICATION_STREAMS_PER_USER) {
        subscriber.next({ type: 'end', data: { reason: 'too_many_streams' } });
        subscriber.complete();
        return;
      }
      const subscription = nc.subscribe(notificationStreamSubject(userId));
      const entry: OpenStream = { ...owner, subscription, subscriber };
      this.open.set(subscription, entry);
      let mine = this.byUser.get(userId);
      if (!mine) this.byUser.set(userId, (mine = new Set()));
      mine.add(entry);
      void (async () => {
        for await (const msg of subscription) {
          let pushed: NotificationPushed;
          try {
            pushed = codec.decode(msg.data);
          } catch {
            continue;
          }
          const notification = { ...renderNotification(await this.localeOf(owner), pushed), unread_count: pushed.unread_count };
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
        mine.delete(entry);
        if (mine.size === 0 && this.byUser.get(userId) === mine) this.byUser.delete(userId);
        subscription.unsubscribe();
      };
    });
  }

  private streamsOf(userId: number): number {
    return this.byUser.get(userId)?.size ?? 0;
  }

  /**
   * Ends the streams whose session is over. One status look-up per user with open streams (the cache
   * shares it with that user's HTTP requests); a failed look-up (auth unreachable) ends nothing: the
   * next pass asks again, and the guard refuses the user's other requests meanwhile.
   */
  async checkSessions(): Promise<void> {
    await Promise.all(
      [...this.byUser.entries()].map(async ([userId, streams]) => {
        let status: UserStatusResponse;
        try {
          status = await this.statuses.get(userId);
        } catch {
          return;
        }
        for (const stream of [...streams]) {
          const reason = !status.exists
            ? 'user_deleted'
            : !status.is_active
              ? 'user_deactivated'
              : tokenRevoked(status, stream.issuedAt)
                ? 'session_revoked'
                : undefined;
          if (!reason) continue;
          this.ended.inc({ reason });
          stream.subscriber.next({ type: 'end', data: { reason } });
          stream.subscriber.complete(); // runs the teardown: unsubscribes and forgets it
        }
      }),
    );
  }

  /** Ends every open stream before the HTTP server closes: it waits for open responses, and SSE ones never end by themselves. */
  beforeApplicationShutdown(): void {
    if (this.checker) clearInterval(this.checker);
    for (const { subscription, subscriber } of [...this.open.values()]) {
      subscription.unsubscribe();
      subscriber.complete();
    }
    this.open.clear();
    this.byUser.clear();
  }
}

function invalidTicket(): DomainError {
  return new DomainError(NOTIFICATIONS_ERRORS.INVALID_STREAM_TICKET);
}
