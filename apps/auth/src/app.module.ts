import { DynamicModule, Module } from '@nestjs/common';
import { ServiceModule } from '@app/common';
import { DbConfig } from '@app/db';
import { AuthConfig } from './auth.config';

@Module({})
export class AppModule {
  static register(config: AuthConfig, dbConfig: DbConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [ServiceModule.forService({ name: 'auth', config, configClass: AuthConfig, dbConfig })],
    };
  }
}
