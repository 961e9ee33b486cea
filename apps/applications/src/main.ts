import 'reflect-metadata';
import { runService } from '@app/common';
import { AppModule } from './app.module';
import { ApplicationsConfig } from './applications.config';

runService('applications', ApplicationsConfig, (config, dbConfig) => AppModule.register(config, dbConfig));
