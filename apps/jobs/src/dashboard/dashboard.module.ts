import { Module } from '@nestjs/common';
import { JobsModule } from '../jobs/jobs.module';
import { DashboardController } from './dashboard.controller';
import { DashboardRepository } from './dashboard.repository';

@Module({ imports: [JobsModule], controllers: [DashboardController], providers: [DashboardRepository] })
export class DashboardModule {}
