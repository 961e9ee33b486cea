import { Controller } from '@nestjs/common';
import { Handles } from '@app/common';
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

  @Handles(JOBS_JOB_CREATE)
  create(req: JobCreateRequest) {
    return this.jobs.create(req);
  }

  @Handles(JOBS_JOB_UPDATE)
  update(req: JobUpdateRequest) {
    return this.jobs.update(req);
  }

  @Handles(JOBS_JOB_DELETE)
  delete(req: JobOwnerRequest) {
    return this.jobs.delete(req.employer_id, req.job_id);
  }

  @Handles(JOBS_JOB_GET)
  get(req: JobGetRequest) {
    return this.jobs.get(req.job_id, req.viewer_id);
  }

  @Handles(JOBS_JOB_LIST)
  list(req: JobListRequest) {
    return this.jobs.list(req);
  }

  @Handles(JOBS_JOB_MY_LIST)
  myJobs(req: MyJobsRequest) {
    return this.jobs.myJobs(req);
  }

  @Handles(JOBS_JOB_RECENT)
  recent(req: RecentJobsRequest) {
    return this.jobs.recent(req.days);
  }

  @Handles(JOBS_JOB_SUMMARIES)
  summaries(req: JobSummariesRequest) {
    return this.jobs.summaries(req.job_ids);
  }

  @Handles(JOBS_ADMIN_SET_FEATURED)
  setFeatured(req: AdminSetFeaturedRequest) {
    return this.jobs.setFeatured(req.job_id, req.is_featured);
  }
}
