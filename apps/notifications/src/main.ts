import 'reflect-metadata';
import { runService } from '@app/common';
import { AppModule } from './app.module';
import { NotificationsConfig } from './notifications.config';

runService('notifications', NotificationsConfig, (config, dbConfig) => AppModule.register(config, dbConfig));
