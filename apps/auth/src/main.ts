import 'reflect-metadata';
import { runService } from '@app/common';
import { AppModule } from './app.module';
import { AuthConfig } from './auth.config';

runService('auth', AuthConfig, (config, dbConfig) => AppModule.register(config, dbConfig));
