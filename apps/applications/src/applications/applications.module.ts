import { Module } from '@nestjs/common';
import { JobSummariesModule } from '../job-summaries/job-summaries.module';
import { ApplicationEventsConsumer } from './application-events.consumer';
import { ApplicationsController } from './applications.controller';
import { ApplicationsRepository } from './applications.repository';
import { ApplicationsService } from './applications.service';

@Module({
  imports: [JobSummariesModule],
  controllers: [ApplicationsController],
  providers: [ApplicationsRepository, ApplicationsService, ApplicationEventsConsumer],
})
export class ApplicationsModule {}
