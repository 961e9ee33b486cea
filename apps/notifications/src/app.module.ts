import { DynamicModule, Module } from '@nestjs/common';
import { ServiceModule } from '@app/common';
import { DbConfig } from '@app/db';
import { MailModule } from './mail/mail.module';
import { NotificationsConfig } from './notifications.config';
import { NotificationsModule } from './notifications/notifications.module';
import { AdminModule } from './admin/admin.module';
import { NotificationsMaintenanceModule } from './maintenance/maintenance.module';

@Module({})
export class AppModule {
  static register(config: NotificationsConfig, dbConfig: DbConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ServiceModule.forService({ name: 'notifications', config, configClass: NotificationsConfig, dbConfig }),
        MailModule,
        AdminModule,
        NotificationsMaintenanceModule,
        NotificationsModule,
      ],
    };
  }
}
