import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { OptionalBoolean, OptionalInt, PathId } from '../../http/dto-decorators';

export class NotificationsQuery {
  @OptionalInt(1, 100, { default: 20 })
  limit = 20;

  @OptionalInt(0, 100_000_000, { default: 0 })
  offset = 0;

  @OptionalBoolean({ default: false })
  unread_only = false;
}

/** Notification ids are bigint. */
export class NotificationIdParam {
  @PathId(Number.MAX_SAFE_INTEGER)
  id: number;
}

export class StreamQuery {
  @ApiPropertyOptional({ description: 'A ticket from POST /api/notifications/stream-ticket, for clients that cannot send a header (EventSource)' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  ticket?: string;
}
