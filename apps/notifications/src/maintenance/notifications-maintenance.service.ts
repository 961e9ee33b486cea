import { Injectable, OnModuleInit } from '@nestjs/common';
import { deleteOlderThan, Maintenance } from '@app/common';
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
    // After the archive task (tasks run in registration order); by creation date, as the archiving is.
    this.maintenance.register('notifications-archive-purge', (manager) =>
      deleteOlderThan(
        manager,
        'notifications.notifications_archive',
        'created_at',
        `${this.config.NOTIFICATIONS_ARCHIVE_RETENTION_DAYS} days`,
      ),
    );
  }
}
