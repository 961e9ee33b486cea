import { DynamicModule, Module } from '@nestjs/common';
import { ServiceModule } from '@app/common';
import { DbConfig } from '@app/db';
import { CompaniesModule } from './companies/companies.module';
import { JobsModule } from './jobs/jobs.module';
import { JobsConfig } from './jobs.config';
import { AdminModule } from './admin/admin.module';
import { DashboardModule } from './dashboard/dashboard.module';

@Module({})
export class AppModule {
  static register(config: JobsConfig, dbConfig: DbConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ServiceModule.forService({ name: 'jobs', config, configClass: JobsConfig, dbConfig }),
        DashboardModule,
        AdminModule,
        CompaniesModule,
        JobsModule,
      ],
    };
  }
}
