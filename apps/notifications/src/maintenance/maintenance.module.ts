import { Module } from '@nestjs/common';
import { NotificationsArchiveRepository } from './notifications-archive.repository';
import { NotificationsMaintenanceService } from './notifications-maintenance.service';

@Module({ providers: [NotificationsArchiveRepository, NotificationsMaintenanceService] })
export class NotificationsMaintenanceModule {}
