import { Module } from '@nestjs/common';
import { NotificationEventsConsumer } from './notification-events.consumer';
import { NotificationStreamPublisher } from './notification-stream.publisher';
import { NotificationsController } from './notifications.controller';
import { NotificationsRepository } from './notifications.repository';
import { NotificationsService } from './notifications.service';

@Module({
  controllers: [NotificationsController],
  providers: [NotificationsRepository, NotificationsService, NotificationStreamPublisher, NotificationEventsConsumer],
})
export class NotificationsModule {}
