import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ServiceClient } from '@app/common';
import { ADMIN_STATS } from '@app/contracts';
import { Public } from '../security';

@ApiTags('system')
@Public()
@Controller('stats')
export class StatsController {
  constructor(private readonly services: ServiceClient) {}

  @Get('public')
  @ApiOperation({ summary: 'Public figures of the home page: candidates, companies, published jobs, applications' })
  async publicStats() {
    const [auth, jobs, applications] = await Promise.all([
      this.services.request(ADMIN_STATS.auth, {}),
      this.services.request(ADMIN_STATS.jobs, {}),
      this.services.request(ADMIN_STATS.applications, {}),
    ]);
    return { candidates: auth.total_candidates, companies: jobs.total_companies, active_jobs: jobs.active_jobs, applications: applications.total_applications };
  }
}
