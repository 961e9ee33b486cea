import { Controller, Get, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ServiceClient } from '@app/common';
import { ADMIN_STATS } from '@app/contracts';
import { Public } from '../security';
import { PublicCache } from '../http/public-cache';

@ApiTags('system')
@Public()
@Controller('stats')
export class StatsController {
  constructor(
    private readonly services: ServiceClient,
    private readonly cache: PublicCache,
  ) {}

  @Get('public')
  @ApiOperation({
    summary:
      'Public figures of the home page: candidates, companies, published jobs, applications (anonymous answers up to PUBLIC_CACHE_TTL_MS old)',
  })
  publicStats(@Req() req: Request, @Res({ passthrough: true }) res: Response) {
    return this.cache.serve(req, res, 'stats/public', () => this.load());
  }

  private async load() {
    const [auth, jobs, applications] = await Promise.all([
      this.services.request(ADMIN_STATS.auth, {}),
      this.services.request(ADMIN_STATS.jobs, {}),
      this.services.request(ADMIN_STATS.applications, {}),
    ]);
    return {
      candidates: auth.total_candidates,
      companies: jobs.total_companies,
      active_jobs: jobs.active_jobs,
      applications: applications.total_applications,
    };
  }
}
