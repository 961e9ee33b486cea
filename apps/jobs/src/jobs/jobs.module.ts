import { Module } from '@nestjs/common';
import { CompaniesModule } from '../companies/companies.module';
import { JobViewsBuffer } from './job-views.buffer';
import { JobsController } from './jobs.controller';
import { JobsEvents } from './jobs.events';
import { JobsRepository } from './jobs.repository';
import { JobsService } from './jobs.service';
import { JobExpiry } from './job-expiry.service';

@Module({
  imports: [CompaniesModule],
  controllers: [JobsController],
  providers: [JobsRepository, JobsService, JobViewsBuffer, JobsEvents, JobExpiry],
})
export class JobsModule {}
