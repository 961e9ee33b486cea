import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_INTERCEPTOR, APP_PIPE } from '@nestjs/core';
import { CoreModule, JwtConfig } from '@app/common';
import { AuthModule } from './auth/auth.module';
import { CandidatesModule } from './candidates/candidates.module';
import { EmployersModule } from './employers/employers.module';
import { GatewayConfig } from './gateway.config';
import { AdminModule } from './admin/admin.module';
import { DashboardModule } from './dashboard/dashboard.module';
import { StatsModule } from './stats/stats.module';
import { HttpErrorFilter } from './http/http-exception.filter';
import { LocalizedMessagesInterceptor } from './http/localized-messages.interceptor';
import { RequestValidationPipe } from './http/request-validation.pipe';
import { PublicCacheModule } from './http/public-cache';
import { SecurityModule } from './security';
import { SystemController } from './system/system.controller';
import { CompaniesModule } from './companies/companies.module';
import { JobsModule } from './jobs/jobs.module';
import { ApplicationsModule } from './applications/applications.module';
import { NotificationsModule } from './notifications/notifications.module';

@Module({})
export class AppModule {
  static register(config: GatewayConfig, jwt: JwtConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        CoreModule.forProcess({
          processName: 'gateway',
          config,
          configClass: GatewayConfig,
          database: false,
          // Not on the public port: its own listener (METRICS_HOST, loopback by default).
          metricsListener: { port: config.METRICS_PORT, host: config.METRICS_HOST },
        }),
        SecurityModule.register(jwt),
        PublicCacheModule,
        AuthModule,
        CandidatesModule,
        EmployersModule,
        DashboardModule,
        AdminModule,
        StatsModule,
        ApplicationsModule,
        NotificationsModule,
        CompaniesModule,
        JobsModule,
      ],
      controllers: [SystemController],
      providers: [
        { provide: APP_PIPE, useClass: RequestValidationPipe },
        { provide: APP_FILTER, useClass: HttpErrorFilter },
        { provide: APP_INTERCEPTOR, useClass: LocalizedMessagesInterceptor },
      ],
    };
  }
}
