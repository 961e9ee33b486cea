import 'reflect-metadata';
import { runService } from '@app/common';
import { AppModule } from './app.module';
import { JobsConfig } from './jobs.config';

runService('jobs', JobsConfig, (config, dbConfig) => AppModule.register(config, dbConfig));
