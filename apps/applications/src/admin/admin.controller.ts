import { Controller } from '@nestjs/common';
import { Handles } from '@app/common';
import { ADMIN_STATS, AdminStatsRequest, APPLICATIONS_ADMIN_COUNTS, ApplicationCountsRequest } from '@app/contracts';
import { AdminRepository } from './admin.repository';

/** Read-only administration figures of the applications service. */
@Controller()
export class AdminController {
  constructor(private readonly admin: AdminRepository) {}

  @Handles(ADMIN_STATS.applications)
  stats(_req: AdminStatsRequest) {
    return this.admin.stats();
  }

  @Handles(APPLICATIONS_ADMIN_COUNTS)
  countsByJob(req: ApplicationCountsRequest) {
    return this.admin.countsByJob(req.job_ids);
  }
}
