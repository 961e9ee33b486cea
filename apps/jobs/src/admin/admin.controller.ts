import { Controller } from '@nestjs/common';
import { Handles } from '@app/common';
import {
  ADMIN_STATS,
  AdminCompaniesOfRequest,
  AdminJobsListRequest,
  AdminStatsRequest,
  JOBS_ADMIN_COMPANIES_OF,
  JOBS_ADMIN_JOBS_LIST,
} from '@app/contracts';
import { AdminRepository } from './admin.repository';

/** Read-only administration figures of the jobs service: plain queries, no rule between. */
@Controller()
export class AdminController {
  constructor(private readonly admin: AdminRepository) {}

  @Handles(ADMIN_STATS.jobs)
  stats(_req: AdminStatsRequest) {
    return this.admin.stats();
  }

  @Handles(JOBS_ADMIN_JOBS_LIST)
  listJobs(req: AdminJobsListRequest) {
    return this.admin.listJobs(req);
  }

  @Handles(JOBS_ADMIN_COMPANIES_OF)
  companiesOf(req: AdminCompaniesOfRequest) {
    return this.admin.companiesOf(req.user_ids);
  }
}
