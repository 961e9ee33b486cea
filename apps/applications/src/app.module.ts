import { DynamicModule, Module } from '@nestjs/common';
import { ServiceModule } from '@app/common';
import { DbConfig } from '@app/db';
import { ApplicationsConfig } from './applications.config';
import { ApplicationsModule } from './applications/applications.module';
import { AdminModule } from './admin/admin.module';
import { DashboardModule } from './dashboard/dashboard.module';

@Module({})
export class AppModule {
  static register(config: ApplicationsConfig, dbConfig: DbConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ServiceModule.forService({ name: 'applications', config, configClass: ApplicationsConfig, dbConfig }),
        DashboardModule,
        AdminModule,
        ApplicationsModule,
      ],
    };
  }
}
