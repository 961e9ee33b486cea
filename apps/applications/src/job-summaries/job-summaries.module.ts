import { Module } from '@nestjs/common';
import { JobSummariesConsumer } from './job-summaries.consumer';
import { JobSummariesRepository } from './job-summaries.repository';

/** The read model of the jobs this service shows and checks (applications.job_summaries). */
@Module({
  providers: [JobSummariesRepository, JobSummariesConsumer],
  exports: [JobSummariesRepository],
})
export class JobSummariesModule {}
