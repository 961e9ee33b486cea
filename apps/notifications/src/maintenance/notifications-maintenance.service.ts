import { Injectable, OnModuleInit } from '@nestjs/common';
import { Maintenance } from '@app/common';
import { NotificationsConfig } from '../notifications.config';
import { NotificationsArchiveRepository } from './notifications-archive.repository';

/** Adds the notifications archive to the service's scheduled maintenance (run once across replicas). */
@Injectable()
export class NotificationsMaintenanceService implements OnModuleInit {
  constructor(
    private readonly maintenance: Maintenance,
    private readonly archive: NotificationsArchiveRepository,
    private readonly config: NotificationsConfig,
  ) {}

  onModuleInit(): void {
    this.maintenance.register('notifications-archive', (manager) =>
      this.archive.archiveOlderThan(manager, this.config.NOTIFICATIONS_ARCHIVE_AFTER_DAYS),
    );
  }
}
