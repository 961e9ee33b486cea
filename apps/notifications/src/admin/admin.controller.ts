import { Controller } from '@nestjs/common';
import { Handles } from '@app/common';
import { ADMIN_STATS, AdminStatsRequest } from '@app/contracts';
import { AdminRepository } from './admin.repository';

@Controller()
export class AdminController {
  constructor(private readonly admin: AdminRepository) {}

  @Handles(ADMIN_STATS.notifications)
  stats(_req: AdminStatsRequest) {
    return this.admin.stats();
  }
}
