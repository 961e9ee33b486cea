import { Injectable } from '@nestjs/common';
import { ReadDatabase } from '@app/common';
import { NotificationsAdminStats } from '@app/contracts';

@Injectable()
export class AdminRepository {
  constructor(private readonly read: ReadDatabase) {}

  /** Read-only figures: the read replica when DB_READ_URL is set. */
  private get dataSource() {
    return this.read.dataSource;
  }

  async stats(): Promise<NotificationsAdminStats> {
    const [row] = await this.dataSource.query(`SELECT count(*)::int AS total_notifications FROM notifications.notifications`);
    return row;
  }
}
