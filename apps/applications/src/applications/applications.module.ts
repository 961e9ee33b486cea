import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { JobSummariesModule } from '../job-summaries/job-summaries.module';
import { ApplicationEventsConsumer } from './application-events.consumer';
import { ApplicationsController } from './applications.controller';
import { ApplicationsRepository } from './applications.repository';
import { ApplicationsService } from './applications.service';
import { JobApplication } from './job-application.entity';

@Module({
  imports: [TypeOrmModule.forFeature([JobApplication]), JobSummariesModule],
  controllers: [ApplicationsController],
  providers: [ApplicationsRepository, ApplicationsService, ApplicationEventsConsumer],
})
export class ApplicationsModule {}
