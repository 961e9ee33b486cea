import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { ADMIN_STATS, AdminStatsRequest } from '@app/contracts';
import { AdminRepository } from './admin.repository';

@Controller()
export class AdminController {
  constructor(private readonly admin: AdminRepository) {}

  @MessagePattern(ADMIN_STATS.notifications.subject)
  stats(@Payload() _req: AdminStatsRequest) {
    return this.admin.stats();
  }
}
