import { DynamicModule, Module } from '@nestjs/common';
import { JwtConfig, ServiceModule } from '@app/common';
import { DbConfig } from '@app/db';
import { AuthConfig } from './auth.config';
import { CandidatesModule } from './candidates/candidates.module';
import { CvsModule } from './cvs/cvs.module';
import { EmployersModule } from './employers/employers.module';
import { UsersModule } from './users/users.module';
import { AdminModule } from './admin/admin.module';
import { DashboardModule } from './dashboard/dashboard.module';

@Module({})
export class AppModule {
  static register(config: AuthConfig, dbConfig: DbConfig, jwt: JwtConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ServiceModule.forService({ name: 'auth', config, configClass: AuthConfig, dbConfig }),
        UsersModule.register(jwt),
        CandidatesModule,
        CvsModule,
        EmployersModule,
        DashboardModule,
        AdminModule,
      ],
    };
  }
}
