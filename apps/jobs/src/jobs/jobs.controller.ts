import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  AdminSetFeaturedRequest,
  JOBS_ADMIN_SET_FEATURED,
  JOBS_JOB_CREATE,
  JOBS_JOB_DELETE,
  JOBS_JOB_GET,
  JOBS_JOB_LIST,
  JOBS_JOB_MY_LIST,
  JOBS_JOB_RECENT,
  JOBS_JOB_SUMMARIES,
  JOBS_JOB_UPDATE,
  JobCreateRequest,
  JobGetRequest,
  JobListRequest,
  JobOwnerRequest,
  JobSummariesRequest,
  JobUpdateRequest,
  MyJobsRequest,
  RecentJobsRequest,
} from '@app/contracts';
import { JobsService } from './jobs.service';

@Controller()
export class JobsController {
  constructor(private readonly jobs: JobsService) {}

  @MessagePattern(JOBS_JOB_CREATE.subject)
  create(@Payload() req: JobCreateRequest) {
    return this.jobs.create(req);
  }

  @MessagePattern(JOBS_JOB_UPDATE.subject)
  update(@Payload() req: JobUpdateRequest) {
    return this.jobs.update(req);
  }

  @MessagePattern(JOBS_JOB_DELETE.subject)
  delete(@Payload() req: JobOwnerRequest) {
    return this.jobs.delete(req.employer_id, req.job_id);
  }

  @MessagePattern(JOBS_JOB_GET.subject)
  get(@Payload() req: JobGetRequest) {
    return this.jobs.get(req.job_id, req.viewer_id);
  }

  @MessagePattern(JOBS_JOB_LIST.subject)
  list(@Payload() req: JobListRequest) {
    return this.jobs.list(req);
  }

  @MessagePattern(JOBS_JOB_MY_LIST.subject)
  myJobs(@Payload() req: MyJobsRequest) {
    return this.jobs.myJobs(req);
  }

  @MessagePattern(JOBS_JOB_RECENT.subject)
  recent(@Payload() req: RecentJobsRequest) {
    return this.jobs.recent(req.days);
  }

  @MessagePattern(JOBS_JOB_SUMMARIES.subject)
  summaries(@Payload() req: JobSummariesRequest) {
    return this.jobs.summaries(req.job_ids);
  }

  @MessagePattern(JOBS_ADMIN_SET_FEATURED.subject)
  setFeatured(@Payload() req: AdminSetFeaturedRequest) {
    return this.jobs.setFeatured(req.job_id, req.is_featured);
  }
}
