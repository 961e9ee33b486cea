import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { ADMIN_STATS, AdminCompaniesOfRequest, AdminJobsListRequest, AdminStatsRequest, JOBS_ADMIN_COMPANIES_OF, JOBS_ADMIN_JOBS_LIST } from '@app/contracts';
import { AdminRepository } from './admin.repository';

/** Read-only administration figures of the jobs service: plain queries, no rule between. */
@Controller()
export class AdminController {
  constructor(private readonly admin: AdminRepository) {}

  @MessagePattern(ADMIN_STATS.jobs.subject)
  stats(@Payload() _req: AdminStatsRequest) {
    return this.admin.stats();
  }

  @MessagePattern(JOBS_ADMIN_JOBS_LIST.subject)
  listJobs(@Payload() req: AdminJobsListRequest) {
    return this.admin.listJobs(req);
  }

  @MessagePattern(JOBS_ADMIN_COMPANIES_OF.subject)
  companiesOf(@Payload() req: AdminCompaniesOfRequest) {
    return this.admin.companiesOf(req.user_ids);
  }
}
