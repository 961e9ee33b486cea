import { Body, Controller, Delete, Get, HttpCode, Logger, Param, Post, Put, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RemoteError, ServiceClient } from '@app/common';
import {
  APPLICATIONS_HAS_APPLIED,
  JOBS_JOB_CREATE,
  JOBS_JOB_DELETE,
  JOBS_JOB_GET,
  JOBS_JOB_LIST,
  JOBS_JOB_MY_LIST,
  JOBS_JOB_RECENT,
  JOBS_JOB_UPDATE,
  JobListItem,
} from '@app/contracts';
import { AuthUser, CurrentUser, OptionalAuth, Public, Roles } from '../security';
import { IdParam } from '../http/dto-decorators';
import { PublicCache, queryKey } from '../http/public-cache';
import type { Request, Response } from 'express';
import { CreateJobDto, JobListQuery, MyJobsQuery, RecentJobsQuery, UpdateJobDto } from './dto/job.dto';

/** has_applied is asked of the applications service with a short timeout: one batched request per page. */
const HAS_APPLIED_TIMEOUT_MS = 1500;

@ApiTags('jobs')
@Controller('jobs')
export class JobsController {
  private readonly logger = new Logger(JobsController.name);

  constructor(
    private readonly services: ServiceClient,
    private readonly cache: PublicCache,
  ) {}

  @Get()
  @OptionalAuth()
  @ApiBearerAuth()
  @ApiOperation({
    summary: 'Published jobs, newest first; filters, search, page or keyset cursor; has_applied for a candidate',
    description: 'Anonymous answers may be up to PUBLIC_CACHE_TTL_MS (default 2 s) old (Cache-Control says how long more).',
  })
  async list(
    @CurrentUser() user: AuthUser | undefined,
    @Query() query: JobListQuery,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    const page = await this.cache.serve(req, res, queryKey('jobs', query), () => this.services.request(JOBS_JOB_LIST, { ...query }));
    return user ? { ...page, jobs: await this.withHasApplied(user, page.jobs) } : page;
  }

  @Get('my-jobs')
  @Roles('employer')
  @ApiBearerAuth()
  @ApiOperation({ summary: "The employer's own jobs of every status (status_filter, search)" })
  myJobs(@CurrentUser() user: AuthUser, @Query() query: MyJobsQuery) {
    return this.services.request(JOBS_JOB_MY_LIST, { ...query, employer_id: user.id });
  }

  @Get('stats/recent')
  @Public()
  @ApiOperation({ summary: 'How many jobs were published in the last `days` days (1..30)' })
  recent(@Query() query: RecentJobsQuery) {
    return this.services.request(JOBS_JOB_RECENT, { days: query.days });
  }

  @Post('create')
  @Roles('employer')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Post a job under your company (403 JOBS.COMPANY_REQUIRED without one)' })
  create(@CurrentUser() user: AuthUser, @Body() body: CreateJobDto) {
    return this.services.request(JOBS_JOB_CREATE, { ...body, employer_id: user.id });
  }

  @Get(':id')
  @OptionalAuth()
  @ApiBearerAuth()
  @ApiOperation({ summary: 'One job (published, or your own of any status); counts a view' })
  async get(@CurrentUser() user: AuthUser | undefined, @Param() params: IdParam) {
    const job = await this.services.request(JOBS_JOB_GET, { job_id: params.id, ...(user ? { viewer_id: user.id } : {}) });
    const [withApplied] = await this.withHasApplied(user, [job]);
    return withApplied;
  }

  @Put(':id')
  @Roles('employer')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Update your job; status transitions along the lifecycle' })
  update(@CurrentUser() user: AuthUser, @Param() params: IdParam, @Body() body: UpdateJobDto) {
    return this.services.request(JOBS_JOB_UPDATE, { ...body, employer_id: user.id, job_id: params.id });
  }

  @Delete(':id')
  @HttpCode(204)
  @Roles('employer')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Delete your job (its applications go with it, by event)' })
  async remove(@CurrentUser() user: AuthUser, @Param() params: IdParam): Promise<void> {
    await this.services.request(JOBS_JOB_DELETE, { employer_id: user.id, job_id: params.id });
  }

  /**
   * has_applied for a signed-in candidate, in one request for the page. When the applications
   * service does not answer, the job board still works: has_applied degrades to false (logged),
   * since it is a hint on a public page, and applying again is refused by the applications service anyway.
   */
  private async withHasApplied<T extends JobListItem>(user: AuthUser | undefined, jobs: T[]): Promise<T[]> {
    if (!user || user.role !== 'candidate' || jobs.length === 0) return jobs;
    try {
      const { job_ids } = await this.services.request(
        APPLICATIONS_HAS_APPLIED,
        { candidate_id: user.id, job_ids: jobs.map((j) => j.id) },
        { timeoutMs: HAS_APPLIED_TIMEOUT_MS },
      );
      const applied = new Set(job_ids);
      return jobs.map((j) => ({ ...j, has_applied: applied.has(j.id) }));
    } catch (err) {
      if (!(err instanceof RemoteError)) throw err;
      this.logger.warn(`has_applied degraded to false (${err.code}): ${err.message}`);
      return jobs;
    }
  }
}
