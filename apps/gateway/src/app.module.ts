import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { CoreModule, JwtConfig } from '@app/common';
import { GatewayConfig } from './gateway.config';
import { AdminModule } from './admin/admin.module';
import { DashboardModule } from './dashboard/dashboard.module';
import { StatsModule } from './stats/stats.module';
import { HttpErrorFilter } from './http/http-exception.filter';
import { RequestValidationPipe } from './http/request-validation.pipe';
import { SecurityModule } from './security';
import { SystemController } from './system/system.controller';

@Module({})
export class AppModule {
  static register(config: GatewayConfig, jwt: JwtConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        CoreModule.forProcess({ processName: 'gateway', config, configClass: GatewayConfig, database: false }),
        SecurityModule.register(jwt),
        DashboardModule,
        AdminModule,
        StatsModule,
      ],
      controllers: [SystemController],
      providers: [
        { provide: APP_PIPE, useClass: RequestValidationPipe },
        { provide: APP_FILTER, useClass: HttpErrorFilter },
      ],
    };
  }
}
