import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { ADMIN_STATS, AdminStatsRequest, APPLICATIONS_ADMIN_COUNTS, ApplicationCountsRequest } from '@app/contracts';
import { AdminRepository } from './admin.repository';

/** Read-only administration figures of the applications service. */
@Controller()
export class AdminController {
  constructor(private readonly admin: AdminRepository) {}

  @MessagePattern(ADMIN_STATS.applications.subject)
  stats(@Payload() _req: AdminStatsRequest) {
    return this.admin.stats();
  }

  @MessagePattern(APPLICATIONS_ADMIN_COUNTS.subject)
  countsByJob(@Payload() req: ApplicationCountsRequest) {
    return this.admin.countsByJob(req.job_ids);
  }
}
