import { Controller, Delete, Get, HttpCode, MessageEvent, Param, Post, Put, Query, Sse } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  COMMON_ERRORS,
  NOTIFICATIONS_DELETE,
  NOTIFICATIONS_LIST,
  NOTIFICATIONS_MARK_ALL_READ,
  NOTIFICATIONS_MARK_READ,
  NOTIFICATIONS_UNREAD_COUNT,
} from '@app/contracts';
import { DomainError, ServiceClient } from '@app/common';
import { Observable } from 'rxjs';
import { AuthUser, CurrentUser, OptionalAuth } from '../security';
import { NotificationIdParam, NotificationsQuery, StreamQuery } from './dto/notification-queries.dto';
import { NotificationStreamService } from './notification-stream.service';
import { renderNotification } from './render-notification';

@ApiTags('notifications')
@ApiBearerAuth()
@Controller('notifications')
export class NotificationsController {
  constructor(
    private readonly services: ServiceClient,
    private readonly live: NotificationStreamService,
  ) {}

  @Get()
  @ApiOperation({ summary: "The signed-in user's notifications, newest first" })
  async list(@CurrentUser() user: AuthUser, @Query() query: NotificationsQuery) {
    const page = await this.services.request(NOTIFICATIONS_LIST, {
      user_id: user.id,
      limit: query.limit,
      offset: query.offset,
      unread_only: query.unread_only,
    });
    return { ...page, notifications: page.notifications.map((n) => renderNotification(user.locale, n)) };
  }

  @Get('unread-count')
  unreadCount(@CurrentUser() user: AuthUser) {
    return this.services.request(NOTIFICATIONS_UNREAD_COUNT, { user_id: user.id });
  }

  @Post('stream-ticket')
  @HttpCode(200)
  @ApiOperation({ summary: 'A 60-second ticket to open the live stream with ?ticket= (for EventSource, which cannot send headers)' })
  ticket(@CurrentUser() user: AuthUser) {
    return this.live.issueTicket(user.id, user.iat);
  }

  @Sse('stream')
  @OptionalAuth()
  @ApiOperation({
    summary:
      'Server-Sent Events: "ready", then one "notification" event per new notification, "heartbeat" every 25 s. ' +
      'Authenticate with the Bearer header, the session cookie, or ?ticket= from POST /stream-ticket.',
  })
  async stream(@CurrentUser() user: AuthUser | undefined, @Query() query: StreamQuery): Promise<Observable<MessageEvent>> {
    if (user) return this.live.stream({ userId: user.id, issuedAt: user.iat ?? Math.floor(Date.now() / 1000), locale: user.locale });
    if (query.ticket) return this.live.stream(await this.live.ownerOfTicket(query.ticket));
    throw new DomainError(COMMON_ERRORS.UNAUTHORIZED);
  }

  @Put('mark-all-read')
  markAllRead(@CurrentUser() user: AuthUser) {
    return this.services.request(NOTIFICATIONS_MARK_ALL_READ, { user_id: user.id });
  }

  @Put(':id/read')
  markRead(@CurrentUser() user: AuthUser, @Param() { id }: NotificationIdParam) {
    return this.services.request(NOTIFICATIONS_MARK_READ, { user_id: user.id, notification_id: id });
  }

  @Delete(':id')
  delete(@CurrentUser() user: AuthUser, @Param() { id }: NotificationIdParam) {
    return this.services.request(NOTIFICATIONS_DELETE, { user_id: user.id, notification_id: id });
  }
}
