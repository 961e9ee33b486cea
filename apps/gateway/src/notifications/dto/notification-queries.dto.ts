import { ApiPropertyOptional, PickType } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { NotificationsListRequest } from '@app/contracts';
import { PathId, QueryBoolean, QueryInt } from '../../http/dto-decorators';

/** The contract's fields (their rules), converted from the query string, with the API's defaults. */
export class NotificationsQuery extends PickType(NotificationsListRequest, ['limit', 'offset', 'unread_only'] as const) {
  @QueryInt({ default: 20 }) override limit: number = 20;
  @QueryInt({ default: 0 }) override offset: number = 0;
  @QueryBoolean({ default: false }) override unread_only: boolean = false;
}

/** Notification ids are bigint. */
export class NotificationIdParam {
  @PathId(Number.MAX_SAFE_INTEGER)
  id: number;
}

export class StreamQuery {
  @ApiPropertyOptional({
    description: 'A ticket from POST /api/notifications/stream-ticket, for clients that cannot send a header (EventSource)',
  })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  ticket?: string;
}
