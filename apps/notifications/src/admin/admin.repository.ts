import { Injectable } from '@nestjs/common';
import { NotificationsAdminStats } from '@app/contracts';
import { DataSource } from 'typeorm';

@Injectable()
export class AdminRepository {
  constructor(private readonly dataSource: DataSource) {}

  async stats(): Promise<NotificationsAdminStats> {
    const [row] = await this.dataSource.query(`SELECT count(*)::int AS total_notifications FROM notifications.notifications`);
    return row;
  }
}
